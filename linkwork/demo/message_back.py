"""Demo discharges: one case per scheme ends, so its referring GP has a discharge message back.

Seeds once per scheme: a scheme that already has a closed case is left alone.
"""

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.casework.services.cases import case_discharge
from linkwork.core.context import Actor

from . import data

SUMMARY = (
    "Met regularly over several months. Joined a weekly walking group and now goes without support; "
    "benefits form completed and awarded. Feels more confident and less alone."
)


def message_back_seed() -> int:
    """Discharge each scheme's longest-open case referred by its first practice (where the demo GP works)."""
    discharged = 0
    for definition in data.SCHEMES:
        providers = [name for name, _postcode in definition["providers"]]
        cases = Case.objects.filter(provider__name__in=providers)
        if cases.filter(status=Case.Status.CLOSED).exists():
            continue
        case = (
            cases.open()
            .filter(
                referral__referring_organisation__name=definition["practices"][0][0],
                referral__consent_to_share=True,
            )
            .select_related("link_worker", "provider")
            .order_by("opened_at", "pk")
            .first()
        )
        if case is None:
            continue
        worker = Actor(user=case.link_worker, organisation=case.provider, role=Role.LINK_WORKER)
        case_discharge(
            by=worker, case=case, reason="goals_achieved", summary=SUMMARY, expected_version=case.version
        )
        discharged += 1
    return discharged
