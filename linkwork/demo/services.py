"""Demo data: synthetic organisations, users and people so every scheme preset runs end to end.

Rows are written through the apps' own services (users excepted: they have none yet), so demo
data obeys the same rules as real data. Every row is found by its natural key first, so seeding
again changes nothing.
"""

import datetime
import random
import re
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import Membership, Organisation, Role, User
from linkwork.accounts.services import membership_grant, organisation_ensure
from linkwork.core.context import Actor
from linkwork.outcomes.services.instruments import instrument_sync
from linkwork.people.models import Person
from linkwork.people.validators import nhs_check_digit
from linkwork.people.vocabulary import ContactMethod, ethnic_group
from linkwork.schemes.models import Scheme
from linkwork.schemes.services import scheme_apply_preset

from . import data
from .administration import administration_seed
from .break_glass import break_glass_seed
from .day import day_seed
from .directory import directory_seed
from .duplicates import known_elsewhere_seed
from .evaluation import evaluation_seed
from .imported_history import imported_history_seed
from .message_back import message_back_seed
from .messaging import messaging_seed
from .onward import onward_seed
from .outcomes import demo_questionnaire_path
from .referrals import STAGES, referral_progress, referral_seed
from .reporting_history import reporting_history_seed

# The username suffix of each scheme's demo staff, and the role each demonstrates.
STAFF_ROLES = {
    "referrer": Role.REFERRER,
    "linkworker": Role.LINK_WORKER,
    "teamlead": Role.TEAM_LEAD,
    "vcse": Role.VCSE_COORDINATOR,
    "commissioner": Role.COMMISSIONER,
}
INWARD_CODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoSummary:
    logins: list[DemoLogin]
    organisations: int
    users: int
    schemes: int
    people: int
    questionnaire_path: str | None = None


@dataclass(frozen=True)
class SchemeOrganisations:
    commissioner: Organisation
    providers: list[Organisation]
    practices: list[Organisation]
    community: list[Organisation]

    def workplace_of(self, role: str) -> Organisation:
        """Where the scheme's demo user with this role works."""
        return {
            Role.REFERRER: self.practices[0],
            Role.LINK_WORKER: self.providers[0],
            Role.TEAM_LEAD: self.providers[0],
            Role.VCSE_COORDINATOR: self.community[0],
            Role.COMMISSIONER: self.commissioner,
        }[role]


def demo_reset() -> None:
    """Empty every table, so the seed starts from nothing."""
    call_command("flush", interactive=False, verbosity=0)


@transaction.atomic
def demo_seed() -> DemoSummary:
    """Create (or bring back) the demo organisations, schemes, users and people for every preset."""
    by = Actor.system()
    instrument_sync(by=by)  # `--reset` empties the instruments too; the demo's measures need them
    host = organisation_ensure(by=by, name=data.HOST_ORGANISATION, kind=Organisation.Kind.HOST)
    admin = user_ensure(**data.ADMINISTRATOR, is_staff=True, is_superuser=True)
    logins = [_login(membership_grant(by=by, user=admin, organisation=host, role=Role.ADMINISTRATOR))]
    for definition in data.SCHEMES:
        organisations = scheme_organisations_ensure(by=by, definition=definition)
        scheme_apply_preset(
            by=by,
            preset=definition["preset"],
            commissioner=organisations.commissioner,
            providers=organisations.providers,
            practices=organisations.practices,
        )
        logins += scheme_staff_ensure(by=by, definition=definition, organisations=organisations)
        logins += extra_link_workers_ensure(by=by, definition=definition, organisations=organisations)
        people_seed(definition=definition, organisations=organisations)
    logins += multi_membership_user_ensure(by=by)
    directory_seed(by=by)
    onward_seed()
    message_back_seed()
    # After the demo GP's own discharge: message_back_seed leaves a scheme alone once it has a closed case.
    reporting_history_seed()
    messaging_seed()
    break_glass_seed()
    known_elsewhere_seed()
    day_seed()
    administration_seed()
    imported_history_seed()
    evaluation_seed()
    return DemoSummary(
        logins=logins,
        organisations=Organisation.objects.count(),
        users=User.objects.count(),
        schemes=Scheme.objects.count(),
        people=Person.objects.count(),
        questionnaire_path=demo_questionnaire_path(link_worker_username="pcn.linkworker"),
    )


def user_ensure(
    *, username: str, first_name: str, last_name: str, is_staff: bool = False, is_superuser: bool = False
) -> User:
    """The demo user with this username, created if missing, always with the demo password."""
    user = User.objects.filter(username=username).first() or User.objects.create_user(username=username)
    user.first_name = first_name
    user.last_name = last_name
    user.email = f"{_email_local_part(first_name)}.{_email_local_part(last_name)}@example.org"
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    user.set_password(data.DEMO_PASSWORD)
    user.save()
    return user


def scheme_organisations_ensure(*, by: Actor, definition: dict) -> SchemeOrganisations:
    kind = Organisation.Kind
    commissioner_name, commissioner_postcode = definition["commissioner"]
    providers = [
        organisation_ensure(by=by, name=name, kind=definition["provider_kind"], postcode=postcode)
        for name, postcode in definition["providers"]
    ]
    # A PCN scheme's practices are the PCN's member practices.
    pcn = providers[0] if definition["provider_kind"] == kind.PCN else None
    return SchemeOrganisations(
        commissioner=organisation_ensure(
            by=by, name=commissioner_name, kind=kind.COMMISSIONER, postcode=commissioner_postcode
        ),
        providers=providers,
        practices=[
            organisation_ensure(
                by=by,
                name=name,
                kind=kind.GP_PRACTICE,
                ods_code=ods_code,
                registered_list_size=list_size,
                postcode=postcode,
                parent=pcn,
            )
            for name, ods_code, list_size, postcode in definition["practices"]
        ],
        community=[
            organisation_ensure(by=by, name=name, kind=kind.VCSE, postcode=postcode)
            for name, postcode in definition["community"]
        ],
    )


def scheme_staff_ensure(
    *, by: Actor, definition: dict, organisations: SchemeOrganisations
) -> list[DemoLogin]:
    logins = []
    for suffix, (first_name, last_name) in definition["staff"].items():
        role = STAFF_ROLES[suffix]
        user = user_ensure(
            username=f"{definition['username_prefix']}.{suffix}", first_name=first_name, last_name=last_name
        )
        membership = membership_grant(
            by=by, user=user, organisation=organisations.workplace_of(role), role=role
        )
        logins.append(_login(membership))
    return logins


def multi_membership_user_ensure(*, by: Actor) -> list[DemoLogin]:
    user = user_ensure(**data.MULTI_MEMBERSHIP_USER)
    providers = Organisation.objects.filter(
        name__in=data.MULTI_MEMBERSHIP_PROVIDERS, kind=Organisation.Kind.PROVIDER
    )
    return [
        _login(membership_grant(by=by, user=user, organisation=provider, role=Role.LINK_WORKER))
        for provider in providers
    ]


def people_seed(*, definition: dict, organisations: SchemeOrganisations) -> None:
    """Synthetic people referred by the scheme's practices (or themselves), at every stage of a referral."""
    rng = random.Random(f"{data.RANDOM_SEED}:{definition['preset']}")
    scheme = Scheme.objects.get(preset=definition["preset"])
    team_lead = Membership.objects.select_related("user", "organisation").get(
        user__username=f"{definition['username_prefix']}.teamlead", role=Role.TEAM_LEAD
    )
    # Bigger practices get more people, so referral counts by practice are uneven as in the studies.
    practices = organisations.practices
    list_sizes = [practice.registered_list_size for practice in practices]
    for number in range(data.PEOPLE_PER_SCHEME):
        # Every third referral comes from the demo referrer's own practice, so their pages have content.
        weighted = rng.choices(practices, weights=list_sizes)[0]
        practice = practices[0] if number % 3 == 0 else weighted
        details = synthetic_person(rng, definition)
        if _person_exists(details):
            continue
        referral = referral_seed(scheme=scheme, practice=practice, details=details, number=number, rng=rng)
        referral_progress(
            referral=referral, stage=STAGES[number % len(STAGES)], team_lead_membership=team_lead
        )


def extra_link_workers_ensure(
    *, by: Actor, definition: dict, organisations: SchemeOrganisations
) -> list[DemoLogin]:
    """Link workers with languages, champion areas and practices, so allocation suggestions mean something."""
    provider = organisations.workplace_of(Role.LINK_WORKER)
    logins = []
    for index, (first_name, last_name, gender, languages, areas) in enumerate(data.EXTRA_LINK_WORKERS):
        user = user_ensure(
            username=f"{definition['username_prefix']}.{first_name.lower()}",
            first_name=first_name,
            last_name=last_name,
        )
        user.gender, user.languages = gender, languages
        user.save(update_fields=["gender", "languages"])
        membership = membership_grant(by=by, user=user, organisation=provider, role=Role.LINK_WORKER)
        membership.champion_areas = areas
        membership.save(update_fields=["champion_areas"])
        membership.practices.set(organisations.practices[index::2])
        logins.append(_login(membership))
    return logins


def synthetic_person(rng: random.Random, definition: dict) -> dict:
    """Person details for a referral, drawn from `rng` so the same seed gives the same people."""
    sex = _weighted_choice(rng, data.SEX_WEIGHTS)
    ethnicity = _weighted_choice(rng, data.ETHNICITY_WEIGHTS)
    names = _name_pool(ethnic_group(ethnicity))
    given_name = rng.choice(names.get(sex, names["female"] + names["male"]))
    family_name = rng.choice(names["family"])
    # About one in ten has no NHS number, as when people refer themselves.
    nhs_number = "" if rng.random() < 0.1 else synthetic_nhs_number(rng)
    home_language = data.LANGUAGE_BY_ETHNICITY.get(ethnicity)
    prefers_home_language = home_language is not None and rng.random() < 0.4
    street_address = f"{rng.randint(1, 180)} {rng.choice(definition['streets'])}"
    flat = rng.choice(data.FLAT_PREFIXES) if rng.random() < 0.2 else ""
    contact_method = _weighted_choice(rng, data.CONTACT_METHOD_WEIGHTS)
    has_email = contact_method == ContactMethod.EMAIL or rng.random() < 0.3
    email_local_part = f"{_email_local_part(given_name)}.{_email_local_part(family_name)}{rng.randint(1, 99)}"
    return {
        "nhs_number": nhs_number,
        "given_name": given_name,
        "family_name": family_name,
        "date_of_birth": synthetic_date_of_birth(rng, *definition["age_range"]),
        "sex": sex,
        "ethnicity": ethnicity,
        "address_line_1": flat or street_address,
        "address_line_2": street_address if flat else "",
        "town": definition["town"],
        "postcode": synthetic_postcode(rng, definition["outward_codes"]),
        "phone": f"07700 900{rng.randrange(1000):03d}",
        "email": f"{email_local_part}@example.org" if has_email else "",
        "preferred_contact_method": contact_method,
        "contact_times": rng.choice(data.CONTACT_TIMES),
        "preferred_language": home_language if prefers_home_language else "English",
        "needs_interpreter": prefers_home_language and rng.random() < 0.5,
        "preferred_worker_gender": _weighted_choice(rng, data.WORKER_GENDER_WEIGHTS),
    }


def synthetic_nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 range, which is kept for testing and never issued to patients."""
    while True:
        first_nine = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check_digit = nhs_check_digit(first_nine)
        if check_digit is not None:
            return f"{first_nine}{check_digit}"


def synthetic_date_of_birth(rng: random.Random, youngest: int, oldest: int) -> datetime.date:
    """A birthday that keeps the age within youngest..oldest all this calendar year."""
    age_before_birthday = rng.randint(youngest, oldest - 1)
    year = timezone.localdate().year - age_before_birthday - 1
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def synthetic_postcode(rng: random.Random, outward_codes: list[str]) -> str:
    """A real district (so reports by area make sense) with an invented "9Z?" inward code."""
    return f"{rng.choice(outward_codes)} 9Z{rng.choice(INWARD_CODE_LETTERS)}"


def _person_exists(details: dict) -> bool:
    if details["nhs_number"]:
        return Person.objects.filter(nhs_number=details["nhs_number"]).exists()
    # Without an NHS number, name and postcode identify a demo person; dates of birth move with the year.
    return Person.objects.filter(
        nhs_number="",
        given_name=details["given_name"],
        family_name=details["family_name"],
        postcode=details["postcode"],
    ).exists()


def _name_pool(group: str) -> dict[str, list[str]]:
    if group in data.NAMES_BY_ETHNIC_GROUP:
        return data.NAMES_BY_ETHNIC_GROUP[group]
    pools = data.NAMES_BY_ETHNIC_GROUP.values()
    return {part: [name for pool in pools for name in pool[part]] for part in ("female", "male", "family")}


def _weighted_choice(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _email_local_part(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _login(membership: Membership) -> DemoLogin:
    return DemoLogin(
        username=membership.user.get_username(),
        role=membership.get_role_display(),
        organisation=str(membership.organisation),
    )
