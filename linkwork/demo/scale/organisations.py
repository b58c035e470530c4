"""Each region's organisations, staff and schemes, written through the services (they are few)."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from linkwork.accounts.models import Membership, Organisation, Role, User
from linkwork.accounts.services import membership_grant, organisation_ensure
from linkwork.core.context import Actor
from linkwork.demo import data
from linkwork.schemes.services import scheme_apply_preset

from .sizes import SCHEME_PRESETS

SYSTEM = Actor.system()
Kind = Organisation.Kind
# Forty organisations a region: a commissioner, a host, three PCNs, 22 practices, five providers,
# six VCSE groups and two other referring agencies.
LAYOUT = {
    Kind.COMMISSIONER: 1,
    Kind.HOST: 1,
    Kind.PCN: 3,
    Kind.GP_PRACTICE: 22,
    Kind.PROVIDER: 5,
    Kind.VCSE: 6,
    Kind.AGENCY: 2,
}
# Share of a region's users in each role, and the kinds of organisation that hold it.
STAFF = [
    (Role.REFERRER, 0.40, (Kind.GP_PRACTICE, Kind.AGENCY)),
    (Role.LINK_WORKER, 0.35, (Kind.PCN, Kind.PROVIDER)),
    (Role.TEAM_LEAD, 0.05, (Kind.PCN, Kind.PROVIDER)),
    (Role.VCSE_COORDINATOR, 0.12, (Kind.VCSE,)),
    (Role.COMMISSIONER, 0.04, (Kind.COMMISSIONER,)),
    (Role.ADMINISTRATOR, 0.04, (Kind.HOST,)),
]
FIRST_NAMES = data.NAMES_BY_ETHNIC_GROUP["White"]["female"] + data.NAMES_BY_ETHNIC_GROUP["White"]["male"]
FAMILY_NAMES = data.NAMES_BY_ETHNIC_GROUP["White"]["family"]


@dataclass(eq=False)
class SchemeInfo:
    id: int
    preset: str
    share: float
    providers: list
    practices: list
    triage_levels: list
    sources: list
    ages: tuple
    conditions: list
    schedule: dict
    session_cap: int | None
    duration_cap_weeks: int | None
    review_cadence_weeks: int | None


@dataclass(eq=False)
class Region:
    number: int
    organisations: dict = field(default_factory=dict)  # kind -> [Organisation]
    staff: dict = field(default_factory=dict)  # (organisation id, role) -> [user id]
    practice_pcn: dict = field(default_factory=dict)
    schemes: list = field(default_factory=list)

    def ids(self, kind):
        return [organisation.pk for organisation in self.organisations[kind]]


def region_build(*, number, users, rng) -> Region:
    region = Region(number=number)
    for kind, count in LAYOUT.items():
        region.organisations[kind] = [
            _organisation(rng, number, kind, position) for position in range(1, count + 1)
        ]
    pcns = region.organisations[Kind.PCN]
    for position, practice in enumerate(region.organisations[Kind.GP_PRACTICE]):
        region.practice_pcn[practice.pk] = pcns[position % len(pcns)].pk
    _staff(region, users, rng)
    region.schemes = _schemes(region)
    return region


def _organisation(rng, region, kind, position):
    label = Kind(kind).label
    fields = {}
    ods_code = ""
    if kind == Kind.GP_PRACTICE:
        ods_code = f"Z{region:02d}{position:03d}"
        fields["registered_list_size"] = rng.randint(3_000, 16_000)
    return organisation_ensure(
        by=SYSTEM, name=f"Scale region {region} {label} {position}", kind=kind, ods_code=ods_code, **fields
    )


def _staff(region, total, rng):
    password = make_password(data.DEMO_PASSWORD)
    wanted = []
    for role, share, kinds in STAFF:
        holders = [o for kind in kinds for o in region.organisations[kind]]
        count = max(len(holders), round(total * share))
        wanted += [(role, holders[n % len(holders)], n + 1) for n in range(count)]
    names = {f"scale{region.number:02d}.{role}{n:03d}": (role, holder) for role, holder, n in wanted}
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(
                username=username,
                password=password,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(FAMILY_NAMES),
                gender=rng.choice(["female", "female", "male", ""]),
            )
            for username in names
            if username not in existing
        ],
        batch_size=1000,
    )
    users = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    for username, (role, holder) in names.items():
        user = User(pk=users[username], username=username)
        membership_grant(by=SYSTEM, user=user, organisation=holder, role=role)
        region.staff.setdefault((holder.pk, role), []).append(user.pk)
    _cover_practices(region)


def _cover_practices(region):
    """PCN link workers cover their own PCN's practices (allocation uses it)."""
    through = Membership.practices.through
    memberships = Membership.objects.filter(
        organisation__in=region.organisations[Kind.PCN], role=Role.LINK_WORKER
    ).values_list("pk", "organisation_id")
    through.objects.bulk_create(
        [
            through(membership_id=membership, organisation_id=practice)
            for membership, pcn in memberships
            for practice, practice_pcn in region.practice_pcn.items()
            if practice_pcn == pcn
        ],
        ignore_conflicts=True,
    )


def _schemes(region):
    practices = region.organisations[Kind.GP_PRACTICE]
    providers = region.organisations[Kind.PROVIDER]
    commissioner = region.organisations[Kind.COMMISSIONER][0]
    membership = {
        "pcn-link-worker": (region.organisations[Kind.PCN], practices),
        "wellbeing-coordinator": (providers[:1], practices),
        "ways-to-wellness": (providers[1:], practices[:10]),
    }
    schemes = []
    for preset, share in SCHEME_PRESETS.items():
        scheme_providers, scheme_practices = membership[preset]
        scheme = scheme_apply_preset(
            by=SYSTEM,
            preset=preset,
            name=f"Scale region {region.number} {preset.replace('-', ' ')}",
            commissioner=commissioner,
            providers=scheme_providers,
            practices=scheme_practices,
        )
        schemes.append(
            SchemeInfo(
                id=scheme.pk,
                preset=preset,
                share=share,
                providers=[o.pk for o in scheme_providers],
                practices=[o.pk for o in scheme_practices],
                triage_levels=list(scheme.triage_levels),
                sources=list(scheme.referral_sources),
                ages=(max(scheme.min_age or 18, 18), min(scheme.max_age or 95, 95)),
                conditions=list(scheme.eligible_conditions),
                schedule=dict(scheme.outcome_schedule),
                session_cap=scheme.session_cap,
                duration_cap_weeks=scheme.duration_cap_weeks,
                review_cadence_weeks=scheme.review_cadence_weeks,
            )
        )
    return schemes
