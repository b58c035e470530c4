"""What casework adds to a referral's story for the referrer: when support started and when it ended.

Registered in referrals/extensions.py. The referrals come from a selector that has already read them
through the actor's scope; only dates and the discharge reason go back, never what the case records.
"""

from django.db.models import Min, Q

from linkwork.referrals.extensions import Milestone

from ..models import Case
from ..vocabulary import Attendance, DischargeReason


def referral_milestones(referrals) -> dict:
    """{referral pk: [in support (first attended contact), support ended (with why)]}, in one query."""
    rows = (
        Case.objects.filter(referral_id__in=[referral.pk for referral in referrals])
        .annotate(
            first_attended=Min("contacts__occurs_at", filter=Q(contacts__attendance=Attendance.ATTENDED))
        )
        .values_list("referral_id", "first_attended", "closed_at", "discharge_reason")
    )
    milestones = {}
    for referral_id, first_attended, closed_at, reason in rows:
        steps = []
        if first_attended is not None and (closed_at is None or first_attended <= closed_at):
            steps.append(Milestone("in_support", "In support", first_attended))
        if closed_at is not None:
            label = DischargeReason(reason).label if reason in DischargeReason.values else ""
            steps.append(Milestone("support_ended", "Support ended", closed_at, label))
        milestones[referral_id] = steps
    return milestones
