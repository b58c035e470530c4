"""What open referrals use of their scheme's settings, for the scheme pages' checks (schemes/extensions.py).

Counts only: the administrator changing a scheme is told how many referrals rely on a setting, never whose.
"""

from django.db.models import Count

from linkwork.schemes.extensions import Usage

from .models import Referral

WHAT = "open referrals"


def open_referral_usage(scheme) -> list[Usage]:
    open_referrals = Referral.objects.filter(scheme=scheme).open().order_by()
    usages = []
    for field, column in [
        ("referral_sources", "source"),
        ("triage_levels", "triage_level"),
        ("providers", "provider_id"),
    ]:
        counts = open_referrals.values(column).annotate(n=Count("pk"))
        # Not yet triaged or allocated: no level or provider to rely on.
        usages += [
            Usage(field=field, code=row[column], count=row["n"], what=WHAT) for row in counts if row[column]
        ]
    return usages
