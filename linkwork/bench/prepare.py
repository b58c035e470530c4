"""What the bench needs in the database before the server starts: its users, their codes, their cases.

The busiest link workers (most open cases) are the simulated users of the pages and the search; each
gets an authenticator app (a django_otp TOTP device) whose key is derived from the username, so the
bench can compute the code the app would show. Nothing else is changed.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.api_auth import api_token_issue, api_token_revoke
from linkwork.accounts.models import ApiToken, Membership, Organisation, Role, User
from linkwork.casework.models import Case
from linkwork.casework.selectors.caseload import PAGE_SIZE
from linkwork.core.context import Actor
from linkwork.demo.data import DEMO_PASSWORD
from linkwork.demo.scale.synthetic import person_values
from linkwork.directory.benchmark import SEARCHES
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.vocabulary import MeasureStatus
from linkwork.referrals.vocabulary import NEEDS
from linkwork.schemes.models import Scheme

DEVICE_NAME = "Bench authenticator"
CLIENT_NAME = "Bench referral client"
SOURCE = "gp_practice"
PASSWORD = DEMO_PASSWORD
# The directory benchmark's word searches, as a link worker types them into the search page.
SEARCH_WORDS = [criteria["text"] for criteria in SEARCHES if set(criteria) == {"text"}]


@dataclass(frozen=True)
class BenchUser:
    username: str
    key_hex: str
    case_id: str = ""
    deep_after: str = ""  # the caseload's cursor to the last page of the user's closed cases


def bench_users(count: int) -> list[BenchUser]:
    """The `count` link workers with most open cases, each with a device and their oldest open case."""
    busiest = (
        Case.objects.filter(status=Case.Status.OPEN, link_worker__memberships__role=Role.LINK_WORKER)
        .values("link_worker")
        .annotate(open_cases=Count("pk"))
        .order_by("-open_cases", "link_worker")[:count]
    )
    users = []
    for row in busiest:
        user = User.objects.get(pk=row["link_worker"])
        case = (
            Case.objects.filter(link_worker=user, status=Case.Status.OPEN).order_by("opened_at", "pk").first()
        )
        users.append(
            BenchUser(
                username=user.username,
                key_hex=device_give(user),
                case_id=str(case.pk),
                deep_after=last_page_cursor(user),
            )
        )
    if len(users) < count:
        raise ValueError(
            f"The database has {len(users)} link workers with open cases; the bench needs {count}."
        )
    return users


def device_give(user) -> str:
    """Give the user the bench's authenticator app (replacing an earlier one); return its key.

    The key is random, so the device is no weaker than a real one if it is left behind.
    """
    key = secrets.token_hex(20)
    TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    return key


def last_page_cursor(user) -> str:
    """Where the caseload's last page of closed cases starts (oldest first), as its 'after' cursor."""
    closed = Case.objects.filter(link_worker=user, status=Case.Status.CLOSED).order_by("opened_at", "pk")
    total = closed.count()
    if total <= PAGE_SIZE:
        return ""
    before = closed.values_list("opened_at", "pk")[(total - 1) // PAGE_SIZE * PAGE_SIZE - 1]
    return f"{before[0].isoformat()}_{before[1]}"


def login_usernames(count: int, *, besides: list[BenchUser]) -> list[str]:
    """Other link workers, for the sign-in scenario, so the page users' sessions are left alone."""
    taken = {user.username for user in besides}
    names = (
        User.objects.filter(memberships__role=Role.LINK_WORKER, is_active=True)
        .exclude(username__in=taken)
        .order_by("username")
        .values_list("username", flat=True)
    )
    return list(names[:count])


@dataclass(frozen=True)
class ApiClient:
    """A GP practice's system submitting referrals: its token, and what its scheme will accept."""

    token: str
    username: str
    payload: dict  # the referral without the person
    ages: tuple[int, int]  # youngest and oldest age the scheme takes

    def referral(self, rng, today) -> dict:
        """A new referral of a new synthetic person (names, birth date and postcode as seed_scale's)."""
        values = person_values(rng, "", self.ages, today)
        person = {name: values[name] for name in ("given_name", "family_name", "postcode", "phone")}
        person["date_of_birth"] = values["date_of_birth"].isoformat()
        return self.payload | {"person": person}


def api_clients(count: int) -> list[ApiClient]:
    """`count` practice referrers, each with a new API token (earlier bench tokens are revoked)."""
    clients = []
    referrers = (
        Membership.objects.active()
        .filter(role=Role.REFERRER, organisation__kind=Organisation.Kind.GP_PRACTICE, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("user__username")
    )
    for membership in referrers:
        scheme = _scheme_taking_gp_referrals(membership.organisation)
        if scheme is None:
            continue
        actor = Actor(user=membership.user, organisation=membership.organisation, role=membership.role)
        for old in ApiToken.objects.filter(membership=membership, name=CLIENT_NAME, revoked_at__isnull=True):
            api_token_revoke(by=actor, token=old)
        _token, secret = api_token_issue(by=actor, membership=membership, name=CLIENT_NAME)
        clients.append(
            ApiClient(
                token=secret,
                username=membership.user.username,
                payload=_payload(scheme),
                ages=(max(scheme.min_age or 0, 18), min(scheme.max_age or 120, 95)),
            )
        )
        if len(clients) == count:
            return clients
    raise ValueError(
        f"The database has {len(clients)} practice referrers with a scheme; the bench needs {count}."
    )


def _scheme_taking_gp_referrals(practice):
    for scheme in Scheme.objects.filter(is_active=True, practices=practice).order_by("slug"):
        if scheme.accepts_source(SOURCE) and scheme.providers.exists():
            return scheme
    return None


def _payload(scheme) -> dict:
    """A referral within the scheme's criteria, less the person: a condition it needs, if any."""
    return {
        "scheme": scheme.slug,
        "source": SOURCE,
        "needs": [next(iter(NEEDS))],
        "conditions": list(scheme.eligible_conditions[:1]),
        "consent_to_refer": True,
        "consent_to_share": True,
    }


def team_leads(page_users: list[BenchUser]) -> list[tuple[BenchUser, str]]:
    """For each page user, a team lead of their organisation and the person of the user's bench case."""
    leads = []
    for page_user in page_users:
        case = Case.objects.select_related("provider").get(pk=page_user.case_id)
        lead = (
            User.objects.filter(
                memberships__organisation=case.provider, memberships__role=Role.TEAM_LEAD, is_active=True
            )
            .order_by("username")
            .first()
        )
        if lead is not None:
            leads.append((BenchUser(username=lead.username, key_hex=device_give(lead)), str(case.person_id)))
    if not leads:
        raise ValueError("No team lead works where the bench's link workers do.")
    return leads


@dataclass(frozen=True)
class ReportUser:
    user: BenchUser
    scheme: str  # slug of the scheme with most completed measures, and its busiest measure's code
    instrument: str

    @property
    def query(self) -> str:
        return urlencode({"scheme": self.scheme, "instrument": self.instrument})


def report_user() -> ReportUser:
    """The commissioner of the scheme and measure with most completed responses between them."""
    busiest = (
        MeasureResponse.objects.filter(status=MeasureStatus.COMPLETED)
        .values("case__referral__scheme", "instrument__code")
        .annotate(responses=Count("pk"))
        .order_by("-responses")
        .first()
    )
    if busiest is None:
        raise ValueError("The database has no completed outcome measures to report on.")
    scheme = Scheme.objects.select_related("commissioner").get(pk=busiest["case__referral__scheme"])
    commissioner = (
        User.objects.filter(
            memberships__organisation=scheme.commissioner, memberships__role=Role.COMMISSIONER, is_active=True
        )
        .order_by("username")
        .first()
    )
    if commissioner is None:
        raise ValueError(f"{scheme.name} has no commissioner user to run its outcome report.")
    return ReportUser(
        user=BenchUser(username=commissioner.username, key_hex=device_give(commissioner)),
        scheme=scheme.slug,
        instrument=busiest["instrument__code"],
    )
