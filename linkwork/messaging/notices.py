"""In-app notifications for staff: the moments someone must act (issue 19, point 7), and the
scheduled reminders (jobs.py). Each is written in the transaction of the change that causes it.

Handlers answer the domain events other apps publish; each notice carries a link to where the person
acts, so no notification is a dead end.
"""

from django.urls import reverse

from linkwork.accounts.models import Membership, Role
from linkwork.core import events
from linkwork.onward.rules import is_receiving_service

from . import wording
from .models import Channel
from .outbox import outbox_enqueue


def staff_notice(kind, *, user, dedupe_key, person=None, href="", **context):
    """An in-app notification for a member of staff; returns True if it is new."""
    if user is None:
        return False
    subject, body = wording.render(kind, **context)
    message = outbox_enqueue(
        kind=kind,
        channel=Channel.IN_APP,
        dedupe_key=dedupe_key,
        subject=subject,
        body=body,
        payload={"href": href} if href else {},
        person=person,
        recipient_user=user,
    )
    return message.just_created


def register():
    events.subscribe(events.REFERRAL_ALLOCATED, referral_allocated)
    events.subscribe(events.ONWARD_REQUESTED, onward_requested)
    events.subscribe(events.ONWARD_RESPONDED, onward_replied)
    events.subscribe(events.ONWARD_MESSAGE, onward_replied)
    events.subscribe(events.RISK_RAISED, risk_raised)


def _members(organisation_id, role, *, besides):
    """The organisation's active members in the role, except whoever acted (they know already)."""
    memberships = Membership.objects.active().filter(organisation_id=organisation_id, role=role)
    return [
        membership.user for membership in memberships.select_related("user") if membership.user != besides
    ]


def referral_allocated(*, referral, by):
    if referral.link_worker == by.user:
        return
    staff_notice(
        "allocation_new",
        user=referral.link_worker,
        person=referral.person,
        dedupe_key=f"allocation_new:{referral.pk}:{referral.link_worker_id}",
        href=reverse("referrals:contact", kwargs={"referral_id": referral.pk}),
        person_name=referral.person.full_name,
        scheme=referral.scheme.name,
    )


def onward_requested(*, onward, by):
    owner_id = onward.service.organisation.owner_id
    for user in _members(owner_id, Role.VCSE_COORDINATOR, besides=by.user):
        staff_notice(
            "onward_new",
            user=user,
            person=onward.case.person,
            dedupe_key=f"onward_new:{onward.pk}:{user.pk}",
            href=reverse("onward:inbox_detail", kwargs={"onward_id": onward.pk}),
            person_name=onward.case.person.full_name,
            service=onward.service.name,
            respond_by=onward.respond_by,
        )


def onward_replied(*, onward, by, event=None):
    """A reply from the service (a new status or a message) for the link worker; a link worker's
    message for the service's coordinators."""
    case, latest = onward.case, event or onward.events.order_by("-id").first()
    if is_receiving_service(by, onward):
        kind, href = "onward_reply", reverse("onward:case_list", kwargs={"case_id": case.pk})
        recipients = [case.link_worker] if case.link_worker != by.user else []
    else:
        kind, href = "onward_message", reverse("onward:inbox_detail", kwargs={"onward_id": onward.pk})
        recipients = _members(onward.service.organisation.owner_id, Role.VCSE_COORDINATOR, besides=by.user)
    for user in recipients:
        staff_notice(
            kind,
            user=user,
            person=case.person,
            dedupe_key=f"{kind}:{latest.pk}:{user.pk}",
            href=href,
            person_name=case.person.full_name,
            service=onward.service.name,
            status=onward.get_status_display().lower(),
            message=latest.text if latest.kind == latest.Kind.MESSAGE else "",
        )


def risk_raised(*, flag, by):
    case = flag.case
    for user in _members(case.provider_id, Role.TEAM_LEAD, besides=by.user):
        staff_notice(
            "risk_raised",
            user=user,
            person=case.person,
            dedupe_key=f"risk_raised:{flag.pk}:{user.pk}",
            href=reverse("casework:risk", kwargs={"case_id": case.pk}),
            person_name=case.person.full_name,
            risk=flag.get_kind_display().lower(),
            raised_by=flag.raised_by.display_name if flag.raised_by else "An answer the person gave",
        )


def message_back_arrived(message, referral):
    """The referrer who made the referral hears that the service wrote back (the message itself is
    in their organisation's Messages)."""
    staff_notice(
        "message_back_new",
        user=referral.referred_by,
        person=referral.person,
        dedupe_key=f"message_back_new:{message.pk}",
        href=reverse("message_back:detail", kwargs={"message_id": message.pk}),
        person_name=referral.person.full_name,
        title=message.payload.get("title", "A message about your referral"),
    )
