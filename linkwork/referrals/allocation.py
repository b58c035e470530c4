"""Suggest a link worker for a referral: lightest weighted caseload, then the best personal fit."""

from dataclasses import dataclass, field

from django.utils import timezone

from linkwork.accounts.models import Membership, Role
from linkwork.core.dates import age_on

from .caseload import NO_CASES, caseloads

# Champion areas (free text on a membership) matched to what a referral is about.
CHAMPION_AREA_NEEDS = {
    "mental health": {"low_mood", "confidence", "bereavement"},
    "older people": set(),
    "money": {"money_debt", "benefits"},
    "carers": {"caring"},
}
OLDER_PERSON_AGE = 65


@dataclass
class AllocationOption:
    membership: Membership
    weighted_caseload: int
    reasons: list = field(default_factory=list)
    cautions: list = field(default_factory=list)
    score: int = 0

    @property
    def user(self):
        return self.membership.user


def allocation_options(*, actor, referral) -> list[AllocationOption]:
    """The actor's organisation's link workers, best fit first; a fixed number of queries whatever the
    team size. Caseloads are the one figure of `caseload.caseloads` (open cases, weighted)."""
    memberships = (
        Membership.objects.active()
        .filter(organisation_id=actor.organisation_id, role=Role.LINK_WORKER)
        .select_related("user")
        .prefetch_related("practices")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    figures = caseloads(provider_id=actor.organisation_id)
    for membership in memberships:
        membership.weighted_caseload = figures.get(membership.user_id, NO_CASES).weighted
    options = [_score(membership, referral) for membership in memberships]
    return sorted(options, key=lambda option: (-option.score, option.weighted_caseload, option.user.username))


def _score(membership, referral) -> AllocationOption:
    option = AllocationOption(membership=membership, weighted_caseload=membership.weighted_caseload)
    option.score = -2 * option.weighted_caseload
    person, user = referral.person, membership.user
    covered = {practice.pk for practice in membership.practices.all()}
    if {person.registered_practice_id, referral.referring_organisation_id} & covered:
        option.score += 3
        option.reasons.append("covers the person's practice")
    if person.preferred_language != "English" and person.preferred_language in user.languages:
        option.score += 4
        option.reasons.append(f"speaks {person.preferred_language}")
    for area in membership.champion_areas:
        if _champion_fits(area, referral):
            option.score += 2
            option.reasons.append(f"champion for {area.lower()}")
    if person.preferred_worker_gender:
        if user.gender == person.preferred_worker_gender:
            option.score += 5
            option.reasons.append(f"{user.get_gender_display().lower()}, as the person prefers")
        else:
            option.score -= 5
            option.cautions.append(
                f"the person prefers {person.get_preferred_worker_gender_display().lower()}"
            )
    return option


def _champion_fits(area, referral):
    area = area.strip().lower()
    if area == "older people":
        return age_on(referral.person.date_of_birth, timezone.localdate()) >= OLDER_PERSON_AGE
    return bool(CHAMPION_AREA_NEEDS.get(area, set()) & set(referral.needs))
