"""What the bench needs in the database before the server starts: its users, their codes, their cases.

The busiest link workers (most open cases) are the simulated users of the pages and the search; each
gets an authenticator app (a django_otp TOTP device) whose key is derived from the username, so the
bench can compute the code the app would show. Nothing else is changed.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import Role, User
from linkwork.casework.models import Case
from linkwork.demo.data import DEMO_PASSWORD
from linkwork.directory.benchmark import SEARCHES

DEVICE_NAME = "Bench authenticator"
PASSWORD = DEMO_PASSWORD
# The directory benchmark's word searches, as a link worker types them into the search page.
SEARCH_WORDS = [criteria["text"] for criteria in SEARCHES if set(criteria) == {"text"}]


@dataclass(frozen=True)
class BenchUser:
    username: str
    key_hex: str
    case_id: str


def key_for(username: str) -> str:
    """The bench's known TOTP key for a user: 20 bytes, as hex (what TOTPDevice.key holds)."""
    return hashlib.sha1(f"linkwork-bench:{username}".encode()).hexdigest()  # noqa: S324 - not a secret


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
        key = key_for(user.username)
        TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
        users.append(BenchUser(username=user.username, key_hex=key, case_id=str(case.pk)))
    if len(users) < count:
        raise ValueError(
            f"The database has {len(users)} link workers with open cases; the bench needs {count}."
        )
    return users


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
