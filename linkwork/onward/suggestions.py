"""Services suggested for a case: ranked from the person's needs, the assessment areas they scored
lowest and their goals, within reach of their postcode, leaving out services whose age limits or target
group exclude them; each with why it matched, how far it is and anything that may not suit.

Matching is by category code in Linkwork's social prescribing taxonomy (the demo directory and the
import use it); a feed with another taxonomy still works through the directory's search.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from linkwork.casework.domains import DOMAINS
from linkwork.casework.models import Assessment, Goal
from linkwork.casework.vocabulary import OPEN_GOAL_STATUSES
from linkwork.core.dates import age_on
from linkwork.directory.models import Service, ServiceAtLocation, TaxonomyTerm
from linkwork.directory.postcodes import distance_km
from linkwork.directory.selectors import postcode_point
from linkwork.directory.vocabulary import TARGET_GROUPS, CapacityStatus, ReferralMethod
from linkwork.referrals.vocabulary import NEEDS

SUGGESTIONS = 8
LOW_SCORE = 2  # assessment areas scored this or lower count as needs

NEED_CATEGORIES = {
    "loneliness": {"befriending", "community_activities"},
    "low_mood": {"mental_health", "arts", "physical_activity"},
    "confidence": {"community_activities", "volunteering", "arts"},
    "bereavement": {"bereavement"},
    "physical_activity": {"physical_activity"},
    "weight_eating": {"healthy_eating", "food", "physical_activity"},
    "long_term_condition": {"long_term_conditions"},
    "money_debt": {"debt_money", "welfare_benefits"},
    "benefits": {"welfare_benefits"},
    "housing": {"housing"},
    "work_learning": {"learning_employment", "volunteering", "digital_skills", "english_language"},
    "caring": {"carers"},
    "family_relationships": {"befriending", "community_activities"},
}
DOMAIN_CATEGORIES = {
    "healthy_lifestyle": {"physical_activity", "healthy_eating"},
    "looking_after_yourself": {"long_term_conditions", "food"},
    "managing_symptoms": {"long_term_conditions", "mental_health"},
    "work_activities": {"learning_employment", "volunteering", "community_activities"},
    "money": {"debt_money", "welfare_benefits"},
    "where_you_live": {"housing"},
    "family_friends": {"befriending", "community_activities", "carers"},
    "feeling_positive": {"mental_health", "arts", "community_activities"},
}
DOMAIN_NAMES = {domain.code: domain.name for domain in DOMAINS}


# Within reach: a bus ride across a city. Further services are left out when the person's postcode is known.
REACH_KM = 15
NEAR_KM = 3
# Target groups that exclude someone outright, by the person's recorded sex; others only caution.
EXCLUDED_BY_SEX = {"women_only": "male", "men": "female"}
OLDER_PEOPLE_FROM = 60
YOUNG_PEOPLE_UNTIL = 25


@dataclass
class Suggestion:
    service: Service
    score: int = 0
    most_pressing: int = 0  # the weight of the most pressing need it meets: services are ranked by it first
    distance_km: float | None = None
    reasons: list = field(default_factory=list)
    cautions: list = field(default_factory=list)
    excluded: bool = False


def suggested_services(case) -> list[Suggestion]:
    """The best-matching listed services for the case, best first, in a fixed number of queries.

    Ranked first by the most pressing need a service meets (an area scored 1 of 5, then 2 of 5, the
    referral's first need, its other needs, goals), then by everything it meets, then by distance from
    their postcode. Services beyond reach, or whose
    target group or age limits exclude the person, are left out; softer mismatches carry a caution.
    """
    wanted = _wanted_categories(case)
    codes = set().union(*(categories for categories, _weight in wanted.values())) if wanted else set()
    if not codes:
        return []
    services = (
        Service.objects.listed()
        .filter(categories__code__in=codes)
        .distinct()
        .select_related("organisation__owner")
        .prefetch_related(
            Prefetch("categories", queryset=TaxonomyTerm.objects.only("code", "name")),
            "languages",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").filter(
                    location__latitude__isnull=False, location__longitude__isnull=False
                ),
            ),
        )
    )
    person = case.person
    home = postcode_point(person.postcode) if person.postcode else None
    age = age_on(person.date_of_birth, timezone.localdate())
    needs = set(case.referral.needs)
    suggestions = [_judged(service, wanted, person, age, home, needs) for service in services]
    kept = [suggestion for suggestion in suggestions if not suggestion.excluded]
    kept.sort(
        key=lambda s: (
            -s.most_pressing,
            -s.score,
            s.distance_km if s.distance_km is not None else REACH_KM,
            s.service.name,
        )
    )
    return kept[:SUGGESTIONS]


def _wanted_categories(case) -> dict:
    """Why each category is wanted, and how much: {reason: ({category codes}, weight)}."""
    wanted = {}
    for position, need in enumerate(case.referral.needs):
        if need in NEED_CATEGORIES:
            # The referrer lists the main reason first.
            wanted[f"Referred for: {NEEDS[need].lower()}"] = (
                NEED_CATEGORIES[need],
                4 if position == 0 else 3,
            )
    latest = Assessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
    for code, score in (latest.scores if latest else {}).items():
        if score <= LOW_SCORE and code in DOMAIN_CATEGORIES:
            # Scored 1 of 5 weighs more than 2 of 5: the area where things are hardest comes first.
            wanted[f"{DOMAIN_NAMES[code]} scored {score} of 5"] = (DOMAIN_CATEGORIES[code], 6 - score)
    for goal in Goal.objects.filter(case=case, status__in=OPEN_GOAL_STATUSES):
        if goal.domain in DOMAIN_CATEGORIES:
            wanted[f"Goal: {goal.description}"] = (DOMAIN_CATEGORIES[goal.domain], 2)
    return wanted


def _judged(service, wanted, person, age, home, needs) -> Suggestion:
    suggestion = Suggestion(service)
    categories = {term.code for term in service.categories.all()}
    for reason, (codes, weight) in wanted.items():
        if categories & codes:
            suggestion.score += weight
            suggestion.most_pressing = max(suggestion.most_pressing, weight)
            suggestion.reasons.append(reason)
    _judge_distance(suggestion, service, home)
    _judge_who_it_is_for(suggestion, service, person, age, needs)
    if service.capacity_status == CapacityStatus.HAS_CAPACITY:
        suggestion.score += 1
        suggestion.reasons.append("Taking people now")
    elif service.capacity_status == CapacityStatus.WAITING_LIST:
        suggestion.score -= 1
        suggestion.cautions.append(service.capacity_label)
    elif service.capacity_status == CapacityStatus.NO_CAPACITY:
        suggestion.score -= 3
        suggestion.cautions.append(service.capacity_label)
    language = person.preferred_language
    spoken = {lang.name.casefold() for lang in service.languages.all()}
    if language and language.casefold() != "english":
        if language.casefold() in spoken:
            suggestion.score += 1
            suggestion.reasons.append(f"Sessions in {language}")
        else:
            suggestion.cautions.append(f"No sessions listed in {language}")
    if service.referral_method == ReferralMethod.SIGNPOST_ONLY or service.organisation.owner is None:
        suggestion.cautions.append("Signpost only: the person gets in touch themselves")
    if service.is_stale():
        suggestion.cautions.append("Listing not checked for over 6 months")
    return suggestion


def _judge_distance(suggestion, service, home):
    places = [
        (link.location.latitude, link.location.longitude) for link in service.service_at_locations.all()
    ]
    if home is None:
        suggestion.cautions.append("Their postcode is not known here: check the service is near them")
        return
    if not places:
        suggestion.reasons.append("No fixed place (online or by phone)")
        return
    suggestion.distance_km = min(distance_km(home, place) for place in places)
    if suggestion.distance_km > REACH_KM:
        suggestion.excluded = True
    elif suggestion.distance_km <= NEAR_KM:
        suggestion.score += 1


# Groups a service serves whose fit the record cannot tell: shown so the link worker can check.
HEALTH_GROUPS = {"long_term_conditions", "mental_health"}


def _judge_who_it_is_for(suggestion, service, person, age, needs):
    """Age limits and target groups that exclude the person leave the service out; others caution."""
    if service.minimum_age is not None and age < service.minimum_age:
        suggestion.excluded = True
    if service.maximum_age is not None and age > service.maximum_age:
        suggestion.excluded = True
    for group in service.target_groups:
        if EXCLUDED_BY_SEX.get(group) == person.sex:
            suggestion.excluded = True
        elif group in EXCLUDED_BY_SEX and person.sex not in EXCLUDED_BY_SEX.values():
            suggestion.cautions.append(f"For {TARGET_GROUPS[group].lower()}: their sex is not recorded")
        elif group == "older_people" and age < OLDER_PEOPLE_FROM:
            suggestion.cautions.append(f"Aimed at older people (they are {age})")
        elif group == "young_people" and age > YOUNG_PEOPLE_UNTIL:
            suggestion.excluded = True
        elif group == "carers" and "caring" not in needs:
            suggestion.cautions.append("For carers")
        elif group not in {*EXCLUDED_BY_SEX, "older_people", "young_people", "carers", *HEALTH_GROUPS}:
            suggestion.cautions.append(f"Especially for {TARGET_GROUPS[group].lower()}")
