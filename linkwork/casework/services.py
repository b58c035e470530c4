from django.db import transaction

from linkwork.core.context import Actor
from linkwork.core.services import audit_record
from linkwork.referrals.services import referral_record_decision

from .models import Case


@transaction.atomic
def referral_decide_and_open_case(*, by: Actor, referral, accepted: bool, note: str = "") -> Case | None:
    """Record the person's decision; when they accept, their case opens in the same transaction."""
    referral = referral_record_decision(by=by, referral=referral, accepted=accepted, note=note)
    if not accepted:
        return None
    case = Case.objects.create(
        referral=referral,
        person=referral.person,
        provider=referral.provider,
        link_worker=referral.link_worker,
        opened_at=referral.outcome_at,
    )
    audit_record(actor=by, action="case.open", target=case, person_id=case.person_id)
    return case
