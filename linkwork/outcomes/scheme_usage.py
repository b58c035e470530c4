"""The measures a scheme may schedule, and those its open cases have recorded (schemes/extensions.py)."""

from django.db.models import Count

from linkwork.casework.models import Case
from linkwork.schemes.extensions import Usage

from .models import Instrument, MeasureResponse
from .vocabulary import MeasureStatus


def instrument_titles() -> list[tuple[str, str]]:
    return list(Instrument.objects.order_by("title").values_list("code", "title"))


def open_case_measures(scheme) -> list[Usage]:
    """Measures completed in the scheme's open cases: the end-of-support measure must match them."""
    counts = (
        MeasureResponse.objects.filter(
            case__referral__scheme=scheme, case__status=Case.Status.OPEN, status=MeasureStatus.COMPLETED
        )
        .order_by()
        .values("instrument__code")
        .annotate(n=Count("case", distinct=True))
    )
    return [
        Usage(field="outcome_schedule", code=row["instrument__code"], count=row["n"], what="open cases")
        for row in counts
    ]
