"""Onward referrals: sent from a case with the person's consent, answered and reported on by the service.

Every change locks the referral's row, checks the move is allowed from where it is now, and writes
the history, the audit row and the change together. Repeating the same move (a double click) changes
nothing; a move from a state the referral has already left is refused with what happened instead.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.casework.services.guards import case_locked_for_recording
from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record
from linkwork.directory.models import Service
from linkwork.directory.vocabulary import ReferralMethod
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis

from . import rules
from .models import OnwardEvent, OnwardReferral
from .vocabulary import FINAL, REASON_REQUIRED, SERVICE_MOVES, DeclineReason, OnwardStatus

RESPOND_WITHIN_DAYS = 14
MOST_SESSIONS = 200


@transaction.atomic
def onward_referral_send(
    *,
    by: Actor,
    case: Case,
    service: Service,
    consent: bool,
    summary: str,
    share_nhs_number: bool = False,
    share_health_details: bool = False,
) -> OnwardReferral:
    """Refer the person to a service through Linkwork. Sending the same referral twice sends one."""
    case = case_locked_for_recording(by=by, case=case)
    if not consent:
        raise DomainError("The person must agree to the referral before it is sent", field="consent")
    summary = summary.strip()
    if not summary:
        raise DomainError("Say what the service needs to know, as agreed with the person", field="summary")
    receiver = service.organisation.owner
    if service.referral_method != ReferralMethod.THROUGH_LINKWORK or receiver is None:
        raise DomainError(
            f"{service.name} takes no referrals through Linkwork: give the person its contact details instead"
        )
    waiting = OnwardReferral.objects.filter(case=case, service=service).exclude(status__in=FINAL).first()
    if waiting is not None:
        if waiting.summary == summary:
            return waiting
        raise DomainError(f"{service.name} already has a referral for this person that is still open")
    now = timezone.now()
    days = getattr(settings, "LINKWORK_ONWARD_RESPOND_WITHIN_DAYS", RESPOND_WITHIN_DAYS)
    try:
        with transaction.atomic():
            referral = OnwardReferral.objects.create(
                case=case,
                service=service,
                organisation=receiver,
                consent_recorded_at=now,
                share_nhs_number=share_nhs_number,
                share_health_details=share_health_details,
                summary=summary,
                respond_by=timezone.localdate(now) + datetime.timedelta(days=days),
                created_by=by.user,
            )
    except IntegrityError as error:  # a simultaneous submit won the race: nothing more to send
        raise DomainError(
            f"{service.name} already has a referral for this person that is still open"
        ) from error
    _event(by, referral, kind=OnwardEvent.Kind.STATUS, status=OnwardStatus.REQUESTED, text=summary)
    relationship_grant(
        by=by,
        person=case.person,
        organisation=receiver,
        basis=RelationshipBasis.ONWARD_REFERRAL,
        source=str(referral.pk),
    )
    audit_record(
        actor=by,
        action="onward.send",
        target=referral,
        person_id=case.person_id,
        details={
            "service": str(service.pk),
            "organisation": receiver.pk,
            "share_nhs_number": share_nhs_number,
            "share_health_details": share_health_details,
        },
    )
    events.publish(events.ONWARD_REQUESTED, onward=referral, by=by)
    return referral


@transaction.atomic
def onward_referral_respond(
    *,
    by: Actor,
    referral: OnwardReferral,
    status: str,
    reason: str = "",
    decline_reason: str = "",
    expected_wait_weeks=None,
    outcome="",
) -> OnwardReferral:
    """The receiving service accepts, declines (with a coded reason), waitlists, starts, completes or ends
    the referral."""
    referral = _locked(referral)
    if not rules.is_receiving_service(by, referral):
        raise DomainError("Only the service the person was referred to can answer this referral")
    reason, outcome = reason.strip(), outcome.strip()
    if status == OnwardStatus.REJECTED:
        if decline_reason not in DeclineReason.values:
            raise DomainError("Choose why the service cannot take the person", field="decline_reason")
        if decline_reason == DeclineReason.OTHER and not reason:
            raise DomainError(
                "Say what the other reason is, so the link worker can explain it", field="reason"
            )
        reason = reason or DeclineReason(decline_reason).label
    if referral.status == status and referral.status_reason == (reason or outcome):
        return referral
    if status not in SERVICE_MOVES.get(referral.status, set()):
        raise DomainError(
            f"This referral is now “{referral.get_status_display().lower()}”, so it cannot be "
            f"marked “{OnwardStatus(status).label.lower()}”. Reload the page to see what changed."
        )
    if status in REASON_REQUIRED and not reason:
        raise DomainError("Give the reason, so the link worker can explain it to the person", field="reason")
    if status == OnwardStatus.ON_HOLD:
        if type(expected_wait_weeks) is not int or not 1 <= expected_wait_weeks <= 104:
            raise DomainError("Give the expected wait in weeks, from 1 to 104", field="expected_wait_weeks")
        referral.expected_wait_weeks = expected_wait_weeks
    if status == OnwardStatus.COMPLETED and not outcome:
        raise DomainError("Say briefly how it went for the person", field="outcome")
    referral.status = status
    referral.status_reason = reason or outcome
    referral.decline_reason = decline_reason if status == OnwardStatus.REJECTED else ""
    if outcome:
        referral.outcome = outcome
    referral.save()
    _event(by, referral, kind=OnwardEvent.Kind.STATUS, status=status, text=referral.status_reason)
    audit_record(
        actor=by,
        action="onward.respond",
        target=referral,
        person_id=referral.case.person_id,
        details={"status": status},
    )
    events.publish(events.ONWARD_RESPONDED, onward=referral, by=by)
    return referral


@transaction.atomic
def onward_attendance_record(
    *, by: Actor, referral: OnwardReferral, attended_on: datetime.date
) -> OnwardReferral:
    """One session attended. The first moves an accepted or waiting referral to "attending"."""
    referral = _locked(referral)
    if not rules.is_receiving_service(by, referral):
        raise DomainError("Only the service the person was referred to can record their sessions")
    if referral.status not in {OnwardStatus.ACCEPTED, OnwardStatus.ON_HOLD, OnwardStatus.IN_PROGRESS}:
        raise DomainError("Sessions can be recorded once the referral is accepted and until it ends")
    if not isinstance(attended_on, datetime.date) or attended_on > timezone.localdate():
        raise DomainError("Enter the date of the session, today or earlier", field="attended_on")
    if attended_on < timezone.localdate(referral.created_at):
        raise DomainError("The session cannot be before the referral was made", field="attended_on")
    if referral.sessions_attended >= MOST_SESSIONS:
        raise DomainError(f"No more than {MOST_SESSIONS} sessions can be recorded")
    referral.sessions_attended += 1
    if referral.status != OnwardStatus.IN_PROGRESS:
        referral.status, referral.status_reason = OnwardStatus.IN_PROGRESS, ""
        _event(by, referral, kind=OnwardEvent.Kind.STATUS, status=OnwardStatus.IN_PROGRESS)
    referral.save()
    _event(by, referral, kind=OnwardEvent.Kind.ATTENDANCE, attended_on=attended_on)
    audit_record(
        actor=by,
        action="onward.attendance",
        target=referral,
        person_id=referral.case.person_id,
        details={"attended_on": attended_on.isoformat(), "sessions": referral.sessions_attended},
    )
    return referral


@transaction.atomic
def onward_referral_cancel(*, by: Actor, referral: OnwardReferral, reason: str) -> OnwardReferral:
    """The link worker withdraws the referral (the person changed their mind, say)."""
    referral = _locked(referral)
    if not rules.can_refer_onward(by, referral.case):
        raise DomainError("Only the person's link worker or a team lead can cancel this referral")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for cancelling", field="reason")
    if referral.status == OnwardStatus.CANCELLED:
        return referral
    if referral.is_final:
        raise DomainError(f"This referral has already ended: {referral.get_status_display().lower()}")
    referral.status, referral.status_reason = OnwardStatus.CANCELLED, reason
    referral.save()
    _event(by, referral, kind=OnwardEvent.Kind.STATUS, status=OnwardStatus.CANCELLED, text=reason)
    audit_record(actor=by, action="onward.cancel", target=referral, person_id=referral.case.person_id)
    return referral


@transaction.atomic
def onward_message_send(*, by: Actor, referral: OnwardReferral, text: str) -> OnwardEvent:
    """A message on the referral's thread, from either side."""
    referral = _locked(referral)
    if not (rules.is_receiving_service(by, referral) or rules.can_refer_onward(by, referral.case)):
        raise DomainError("Only the link worker and the service can write on this referral")
    text = text.strip()
    if not text:
        raise DomainError("Write the message", field="text")
    if len(text) > 2000:
        raise DomainError("Keep the message to 2,000 characters or fewer", field="text")
    last = referral.events.filter(kind=OnwardEvent.Kind.MESSAGE).last()
    if last is not None and (last.text, last.by_id) == (text, by.user.pk):
        return last
    event = _event(by, referral, kind=OnwardEvent.Kind.MESSAGE, text=text)
    audit_record(actor=by, action="onward.message", target=referral, person_id=referral.case.person_id)
    events.publish(events.ONWARD_MESSAGE, onward=referral, event=event, by=by)
    return event


def _locked(referral):
    return (
        OnwardReferral.objects.select_for_update(of=("self",))
        .select_related("case__person")
        .get(pk=referral.pk)
    )


def _event(by, referral, *, kind, status="", text="", attended_on=None):
    return OnwardEvent.objects.create(
        referral=referral,
        kind=kind,
        status=status,
        text=text,
        attended_on=attended_on,
        by=by.user,
        by_organisation=by.organisation,
    )
