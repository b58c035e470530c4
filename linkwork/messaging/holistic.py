"""The holistic assessment's change for the discharge message: each of the eight domains and the total.

Schemes that use the eight-domain holistic assessment (Ways to Wellness) record it on the case's
Assessments page, not as an outcome measure, so the discharge letter reads it from casework: the
start-of-support scores against the latest later assessment, per domain and added up.
"""

from linkwork.casework.domains import DOMAINS, HIGHEST_SCORE, LOWEST_SCORE
from linkwork.casework.selectors.assessments import assessment_history

HOLISTIC = "holistic_assessment"  # its code in a scheme's outcome schedule


def scheme_uses_holistic(scheme) -> bool:
    return any(HOLISTIC in codes for codes in scheme.outcome_schedule.values())


def holistic_change(case) -> dict | None:
    """The document's `holistic_assessment` section; None when the scheme does not use the assessment.

    One query (the case's assessments).
    """
    if not scheme_uses_holistic(case.referral.scheme):
        return None
    history = assessment_history(case)
    first = history.baseline or (history.assessments[0] if history.assessments else None)
    later = [
        assessment for assessment in history.assessments if first is not None and assessment is not first
    ]
    latest = later[-1] if later else None
    section = {
        "title": "Holistic assessment",
        "scale": (
            f"Each of the eight areas is scored from {LOWEST_SCORE} (struggling a lot) to {HIGHEST_SCORE} "
            "(going well): a higher score is better."
        ),
        "first": _occasion(first),
        "latest": _occasion(latest),
        "domains": [],
        "total": None,
    }
    if first is None:
        return section
    section["domains"] = [
        _change(domain.name, first.scores[domain.code], latest.scores[domain.code] if latest else None)
        for domain in DOMAINS
    ]
    section["total"] = _change(
        "Total",
        sum(first.scores[domain.code] for domain in DOMAINS),
        sum(latest.scores[domain.code] for domain in DOMAINS) if latest else None,
    ) | {"lowest": LOWEST_SCORE * len(DOMAINS), "highest": HIGHEST_SCORE * len(DOMAINS)}
    return section


def _occasion(assessment) -> dict | None:
    if assessment is None:
        return None
    return {"date": assessment.assessed_on.isoformat(), "time_point": assessment.get_time_point_display()}


def _change(name, baseline, latest) -> dict:
    return {
        "domain": name,
        "baseline": baseline,
        "latest": latest,
        "change": None if latest is None else latest - baseline,
    }
