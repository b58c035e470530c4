"""Services suggested for a case: ranked from the person's needs, the assessment areas they scored
lowest, their goals and their age, each with why it matched and anything that may not suit.

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
from linkwork.directory.models import Service, TaxonomyTerm
from linkwork.directory.vocabulary import CapacityStatus, ReferralMethod
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


@dataclass
class Suggestion:
    service: Service
    score: int = 0
    reasons: list = field(default_factory=list)
    cautions: list = field(default_factory=list)


def suggested_services(case) -> list[Suggestion]:
    """The best-matching listed services for the case, best first, in a fixed number of queries."""
    wanted = _wanted_categories(case)
    codes = set().union(*wanted.values()) if wanted else set()
    if not codes:
        return []
    services = (
        Service.objects.listed()
        .filter(categories__code__in=codes)
        .distinct()
        .select_related("organisation__owner")
        .prefetch_related(
            Prefetch("categories", queryset=TaxonomyTerm.objects.only("code", "name")), "languages"
        )
    )
    age = age_on(case.person.date_of_birth, timezone.localdate())
    suggestions = [_judged(service, wanted, age, case.person.preferred_language) for service in services]
    suggestions.sort(key=lambda s: (-s.score, s.service.name))
    return suggestions[:SUGGESTIONS]


def _wanted_categories(case) -> dict:
    """Why each category is wanted: {reason: {category codes}}."""
    wanted = {}
    for need in case.referral.needs:
        if need in NEED_CATEGORIES:
            wanted[f"Referred for: {NEEDS[need].lower()}"] = NEED_CATEGORIES[need]
    latest = Assessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
    for code, score in (latest.scores if latest else {}).items():
        if score <= LOW_SCORE and code in DOMAIN_CATEGORIES:
            wanted[f"{DOMAIN_NAMES[code]} scored {score} of 5"] = DOMAIN_CATEGORIES[code]
    for goal in Goal.objects.filter(case=case, status__in=OPEN_GOAL_STATUSES):
        if goal.domain in DOMAIN_CATEGORIES:
            wanted[f"Goal: {goal.description}"] = DOMAIN_CATEGORIES[goal.domain]
    return wanted


def _judged(service, wanted, age, language) -> Suggestion:
    suggestion = Suggestion(service)
    categories = {term.code for term in service.categories.all()}
    for reason, codes in wanted.items():
        if categories & codes:
            suggestion.score += 3 if reason.startswith("Referred for") else 2
            suggestion.reasons.append(reason)
    if service.capacity_status == CapacityStatus.HAS_CAPACITY:
        suggestion.score += 1
        suggestion.reasons.append("Taking people now")
    elif service.capacity_status in {CapacityStatus.NO_CAPACITY, CapacityStatus.WAITING_LIST}:
        suggestion.score -= 2
        suggestion.cautions.append(service.capacity_label)
    if service.minimum_age is not None and age < service.minimum_age:
        suggestion.score -= 5
        suggestion.cautions.append(
            f"Aged {age}: the service is for people aged {service.minimum_age} and over"
        )
    if service.maximum_age is not None and age > service.maximum_age:
        suggestion.score -= 5
        suggestion.cautions.append(f"Aged {age}: the service is for people up to {service.maximum_age}")
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
