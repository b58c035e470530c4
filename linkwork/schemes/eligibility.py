"""A scheme's eligibility criteria: described in plain words, and checked with specific reasons."""

import datetime

from linkwork.core.dates import age_on

from . import vocabulary


def _age_range(scheme):
    if scheme.min_age is not None and scheme.max_age is not None:
        return f"{scheme.min_age}–{scheme.max_age}"
    if scheme.min_age is not None:
        return f"{scheme.min_age} and over"
    if scheme.max_age is not None:
        return f"up to {scheme.max_age}"
    return ""


def _labels(codes, vocabulary_map):
    return [vocabulary_map[code] for code in codes]


def describe_criteria(scheme) -> list[str]:
    """The criteria as sentences a referrer reads before referring."""
    criteria = []
    ages = _age_range(scheme)
    criteria.append(f"Aged {ages}." if ages else "Any age.")
    if scheme.eligible_conditions:
        conditions = ", ".join(_labels(scheme.eligible_conditions, vocabulary.LONG_TERM_CONDITIONS))
        criteria.append(f"Has at least one of: {conditions}.")
    if scheme.requires_gp_registration:
        criteria.append("Registered with a GP practice.")
    sources = ", ".join(_labels(scheme.referral_sources, vocabulary.REFERRAL_SOURCES))
    criteria.append(f"Referrals accepted from: {sources}.")
    return criteria


def check_eligibility(
    scheme, *, date_of_birth, conditions=(), source, gp_registered=True, on=None
) -> list[str]:
    """Every reason the person does not meet the criteria; an empty list means eligible."""
    on = on or datetime.date.today()
    reasons = []
    if date_of_birth is not None:
        age = age_on(date_of_birth, on)
        too_young = scheme.min_age is not None and age < scheme.min_age
        too_old = scheme.max_age is not None and age > scheme.max_age
        if too_young or too_old:
            reasons.append(f"aged {age}: this scheme accepts {_age_range(scheme)}")
    if scheme.eligible_conditions and not set(conditions) & set(scheme.eligible_conditions):
        reasons.append(
            "no qualifying long-term condition: this scheme needs at least one of "
            + ", ".join(_labels(scheme.eligible_conditions, vocabulary.LONG_TERM_CONDITIONS))
        )
    if scheme.requires_gp_registration and not gp_registered:
        reasons.append("not registered with a GP practice: this scheme needs GP registration")
    if not scheme.accepts_source(source):
        label = vocabulary.REFERRAL_SOURCES.get(source, source)
        reasons.append(f"referred by {label.lower()}: this scheme does not accept that referral source")
    return reasons
