"""Event handlers that turn domain events into messages to the person, inside the change's transaction."""

from django.conf import settings
from django.urls import reverse

from linkwork.core import events

from . import wording
from .outbox import outbox_enqueue
from .person_contact import contact_route, greeting_name, worker_name


def register():
    """Subscribe this module's handlers to the events they answer (called from MessagingConfig.ready)."""
    events.subscribe(events.APPOINTMENT_BOOKED, appointment_booked)
    events.subscribe(events.QUESTIONNAIRE_LINK_ISSUED, questionnaire_link_issued)


def appointment_message(kind, contact, dedupe_key):
    """Confirmation or reminder of a booked appointment, by the person's chosen method; None if not allowed."""
    case = contact.case
    route = contact_route(case)
    if route is None:
        return None
    subject, body = wording.render(
        kind,
        name=greeting_name(case.person),
        worker=worker_name(case.link_worker),
        provider=case.provider.name,
        when=contact.occurs_at,
    )
    return outbox_enqueue(
        kind=kind,
        channel=route.channel,
        dedupe_key=dedupe_key,
        subject=subject,
        body=body,
        payload={"case": str(case.pk), "contact": contact.pk, "occurs_at": contact.occurs_at.isoformat()},
        person=case.person,
        to_address=route.address,
    )


def appointment_booked(*, appointment, by):
    # The time is in the key: moving the appointment sends a new confirmation.
    key = f"appointment_confirmation:{appointment.pk}:{appointment.occurs_at.isoformat()}"
    appointment_message("appointment_confirmation", appointment, key)


def questionnaire_link_issued(*, link, token, case, by):
    route = contact_route(case)
    if route is None:
        return
    address = settings.LINKWORK_BASE_URL + reverse("outcomes:questionnaire", kwargs={"token": token})
    subject, body = wording.render(
        "questionnaire_link",
        name=greeting_name(case.person),
        worker=worker_name(by.user) if by.user is not None else "Your link worker",
        provider=case.provider.name,
        address=address,
        expires=link.expires_at,
    )
    outbox_enqueue(
        kind="questionnaire_link",
        channel=route.channel,
        dedupe_key=f"questionnaire_link:{link.pk}",
        subject=subject,
        body=body,
        # The link is a secret: it is removed from the stored copy once sent (see delivery.mark_sent).
        payload={"case": str(case.pk), "link": str(link.pk), "redact": address},
        person=case.person,
        to_address=route.address,
    )
