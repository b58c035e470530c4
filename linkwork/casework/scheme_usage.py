"""What open cases use of their scheme's settings, for the scheme pages' checks (schemes/extensions.py).

An accepted referral has left the referrals' open list, but its case still runs under the referral's
source, triage level and provider. Counts only, never whose.
"""

from django.db.models import Count

from linkwork.schemes.extensions import Usage

from .models.assessments import Assessment
from .models.cases import Case

WHAT = "open cases"
HOLISTIC_ASSESSMENT = "holistic_assessment"


def open_case_usage(scheme) -> list[Usage]:
    open_cases = Case.objects.filter(referral__scheme=scheme).open().order_by()
    usages = []
    for field, column in [
        ("referral_sources", "referral__source"),
        ("triage_levels", "referral__triage_level"),
        ("providers", "provider_id"),
    ]:
        counts = open_cases.values(column).annotate(n=Count("pk"))
        # Not yet triaged or allocated: no level or provider to rely on.
        usages += [
            Usage(field=field, code=row[column], count=row["n"], what=WHAT) for row in counts if row[column]
        ]
    assessed = Assessment.objects.filter(case__in=open_cases).values("case").distinct().count()
    if assessed:
        usages.append(Usage(field="outcome_schedule", code=HOLISTIC_ASSESSMENT, count=assessed, what=WHAT))
    return usages
