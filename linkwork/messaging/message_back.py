"""The message back to the referrer at acceptance, decline and discharge.

Shaped on the PRSB Social Prescribing Information Standard's "Message back to GP and referrer":
who the person is, the referral, what was decided (with the SNOMED CT code the service records),
and at discharge the needs and concerns, the support given, the services the person was linked
to and how they took part, how their outcome measures changed and why support ended.

Each message is built once, when its event happens, as a JSON document (the outbox row's payload,
with `schema` and `version`); the in-app page, the PDF letter, the JSON download and the FHIR
Communication are all drawn from that one document, so they always say the same thing. Only what
the person agreed to share travels: without their consent to share, a message says what happened
to the referral and why, and that the rest was withheld.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from linkwork.casework.vocabulary import (
    ASSESSMENT_DOMAINS,
    Attendance,
    DischargeReason,
    GoalStatus,
    SupportCategory,
)
from linkwork.core import events
from linkwork.core.services import audit_record
from linkwork.onward.selectors import case_onward_referrals
from linkwork.onward.vocabulary import OnwardStatus
from linkwork.outcomes.selectors import case_measures
from linkwork.referrals.vocabulary import (
    NEEDS,
    SNOMED_REFERRAL_ACCEPTED,
    SNOMED_REFERRAL_DECLINED,
    DeclineReason,
    Status,
)

from .models import Channel, OutboxMessage
from .notices import message_back_arrived
from .outbox import outbox_enqueue

SCHEMA = "linkwork.message-back"
SCHEMA_VERSION = 1
SNOMED_SYSTEM = "http://snomed.info/sct"
SNOMED_DISPLAY = {
    SNOMED_REFERRAL_ACCEPTED: "Referral to social prescribing service",
    SNOMED_REFERRAL_DECLINED: "Social prescribing declined",
}

ACCEPTED = "referral_accepted"
DECLINED = "referral_declined"
DISCHARGED = "case_discharged"
KINDS = (ACCEPTED, DECLINED, DISCHARGED)
TITLES = {
    ACCEPTED: "Social prescribing: referral accepted",
    DECLINED: "Social prescribing: referral declined",
    DISCHARGED: "Social prescribing: support has ended",
}
# The scheme's `message_back_events` codes, one per kind.
SCHEME_EVENTS = {ACCEPTED: "accepted", DECLINED: "declined", DISCHARGED: "discharged"}

SHARED = "The person agreed that the service may tell you what happened."
WITHHELD = (
    "The person did not agree to share the details of their support with you, so this message "
    "says only what happened to the referral and why."
)


def register():
    """Subscribe the message-back handlers (called from MessagingConfig.ready)."""
    events.subscribe(events.REFERRAL_ACCEPTED, on_referral_accepted)
    events.subscribe(events.REFERRAL_DECLINED, on_referral_declined)
    events.subscribe(events.CASE_DISCHARGED, on_case_discharged)


def on_referral_accepted(*, referral, by, **_):
    if _wanted(referral, ACCEPTED):
        _enqueue(referral, ACCEPTED, accepted_document(referral, at=timezone.now()))


def on_referral_declined(*, referral, by, **_):
    if _wanted(referral, DECLINED):
        _enqueue(referral, DECLINED, declined_document(referral, at=timezone.now()))


def on_case_discharged(*, case, by, **_):
    if _wanted(case.referral, DISCHARGED):
        facts = discharge_facts(case) if case.referral.consent_to_share else None
        _enqueue(case.referral, DISCHARGED, discharged_document(case, facts, at=timezone.now()))


def message_back_channels(scheme) -> tuple[str, ...]:
    """The scheme's channels for the message back; in Linkwork always, whatever else it names."""
    extra = [
        code for code in scheme.message_back_channels if code in Channel.values and code != Channel.IN_APP
    ]
    return (Channel.IN_APP, *extra)


@transaction.atomic
def message_back_mark_read(*, by, message) -> OutboxMessage:
    """The first time someone at the referring organisation opens a message, it stops being new."""
    if message.read_at is None:
        message.read_at = timezone.now()
        OutboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
        audit_record(actor=by, action="message_back.read", target=message, person_id=message.person_id)
    return message


def _wanted(referral, kind) -> bool:
    """Only referrals an organisation made hear back, and only at the events the scheme chose."""
    return (
        referral.referring_organisation_id is not None
        and SCHEME_EVENTS[kind] in referral.scheme.message_back_events
    )


def _enqueue(referral, kind, document):
    """The in-app message (always) and, where the scheme asks, an email that points to it."""
    key = f"message_back:{referral.pk}:{kind}"
    message = outbox_enqueue(
        kind=kind,
        channel=Channel.IN_APP,
        dedupe_key=f"{key}:{Channel.IN_APP}",
        subject=f"{document['title']}: {document['person']['name']}",
        body=document_text(document),
        payload=document,
        person=referral.person,
        recipient_user=referral.referred_by,
        recipient_organisation=referral.referring_organisation,
    )
    if message.just_created:
        message_back_arrived(message, referral)
    address = _referrer_email(referral)
    if Channel.EMAIL in message_back_channels(referral.scheme) and address:
        # The email carries no one's details: it says a message is waiting in Linkwork.
        outbox_enqueue(
            kind=kind,
            channel=Channel.EMAIL,
            dedupe_key=f"{key}:{Channel.EMAIL}",
            subject="A new message about a referral you made",
            body=(
                f"{referral.provider.name if referral.provider else 'The social prescribing service'} has "
                "sent a message about a referral you made.\n\nSign in to Linkwork and open "
                "'Messages about your referrals' to read it."
            ),
            payload={"message": str(message.pk)},
            recipient_user=referral.referred_by,
            recipient_organisation=referral.referring_organisation,
            to_address=address,
        )
    return message


def _referrer_email(referral) -> str:
    if referral.referred_by is not None and referral.referred_by.email:
        return referral.referred_by.email
    contact = referral.referrer_contact.strip()
    return contact if "@" in contact and " " not in contact else ""


# Builders: one document per event, from the records as they stand at that moment.


def accepted_document(referral, *, at) -> dict:
    document = _header(referral, ACCEPTED, at)
    worker = _name(referral.link_worker)
    document["decision"] = {
        "outcome": "accepted",
        "label": "The person accepted social prescribing support",
        "date": _date(referral.outcome_at or at),
        "next_steps": f"{worker or 'A link worker'} at {_org_name(referral.provider)} is now supporting them.",
    }
    document["coded_entry"] = _coded(referral)
    if referral.consent_to_share:
        document["needs_and_concerns"] = {"needs": _needs(referral)}
    return document


def declined_document(referral, *, at) -> dict:
    document = _header(referral, DECLINED, at)
    if referral.status == Status.PERSON_DECLINED:
        decision = {
            "outcome": "declined_by_person",
            "label": "The person decided not to take up social prescribing",
            "date": _date(referral.outcome_at or at),
        }
        if referral.consent_to_share and referral.outcome_note:
            decision["note"] = referral.outcome_note
    else:
        decision = {
            "outcome": "declined_by_service",
            "label": "The service could not accept this referral",
            "date": _date(referral.outcome_at or at),
            "reason": {
                "code": referral.decline_reason,
                "label": _label(DeclineReason, referral.decline_reason),
            },
            "redirect_advice": referral.redirect_advice,
        }
    document["decision"] = decision
    document["coded_entry"] = _coded(referral)
    return document


@dataclass(frozen=True)
class DischargeFacts:
    """What the case recorded, gathered once at discharge (only when the person agreed to share it)."""

    sessions_attended: int = 0
    direct_support: list = field(default_factory=list)  # (category label, minutes), largest first
    goals: list = field(default_factory=list)  # (domain label, description, status label)
    services: list = field(default_factory=list)  # dicts: service, organisation, status, sessions, outcome
    outcomes: list = field(default_factory=list)  # dicts: instrument, title, scales


def discharge_facts(case) -> DischargeFacts:
    """Sessions, direct support, goals, onward referrals and outcome change: a handful of queries."""
    minutes = Counter()
    for support in case.direct_support.all():
        minutes[_label(SupportCategory, support.category)] += support.minutes
    services = [
        {
            "service": onward.service.name,
            "organisation": onward.service.organisation.name,
            "status": OnwardStatus(onward.status).label,
            "sessions_attended": onward.sessions_attended,
            "outcome": onward.outcome,
        }
        for onward in case_onward_referrals(case)
        if onward.status != OnwardStatus.ENTERED_IN_ERROR
    ]
    outcomes = [
        {
            "instrument": history.instrument.code,
            "title": history.instrument.title,
            "scales": [_scale(change) for change in history.changes],
        }
        for history in case_measures(case).histories
        if history.changes
    ]
    return DischargeFacts(
        sessions_attended=case.contacts.filter(attendance=Attendance.ATTENDED).count(),
        direct_support=minutes.most_common(),
        goals=[
            (
                ASSESSMENT_DOMAINS.get(goal.domain, goal.domain),
                goal.description,
                _label(GoalStatus, goal.status),
            )
            for goal in case.goals.all()
        ],
        services=services,
        outcomes=outcomes,
    )


def discharged_document(case, facts: DischargeFacts | None, *, at) -> dict:
    """The discharge summary; `facts` is None when the person did not agree to share details."""
    referral = case.referral
    document = _header(referral, DISCHARGED, at)
    document["discharge"] = {
        "date": _date(case.closed_at or at),
        "started": _date(case.opened_at),
        "reason": {"code": case.discharge_reason, "label": _label(DischargeReason, case.discharge_reason)},
    }
    document["coded_entry"] = None
    if not referral.consent_to_share or facts is None:
        return document
    document["discharge"]["summary"] = case.discharge_summary
    document["needs_and_concerns"] = {"needs": _needs(referral), "what_matters": case.what_matters}
    document["support_given"] = {
        "sessions_attended": facts.sessions_attended,
        "direct_support": [
            {"category": label, "minutes": minutes} for label, minutes in facts.direct_support
        ],
        "goals": [
            {"area": area, "goal": description, "status": status} for area, description, status in facts.goals
        ],
    }
    document["services_linked"] = facts.services
    document["outcomes"] = facts.outcomes
    return document


def _header(referral, kind, at) -> dict:
    person = referral.person
    shared = bool(referral.consent_to_share)
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "kind": kind,
        "title": TITLES[kind],
        "created_at": at.isoformat(),
        "person": {
            "name": person.full_name,
            "nhs_number": person.nhs_number,
            "date_of_birth": person.date_of_birth.isoformat(),
            "gp_practice": _organisation(person.registered_practice),
        },
        "referral": {
            "id": str(referral.pk),
            "received_on": _date(referral.created_at),
            "scheme": referral.scheme.name,
            "referrer": _name(referral.referred_by),
            "referring_organisation": _organisation(referral.referring_organisation),
        },
        "sender": {
            "organisation": _organisation(referral.provider),
            "link_worker": _name(referral.link_worker),
        },
        "sharing": {
            "consent_to_share": shared,
            "details_withheld": not shared,
            "statement": SHARED if shared else WITHHELD,
        },
    }


def _coded(referral) -> dict | None:
    """The SNOMED CT code the service recorded for the person's decision, if the scheme records codes."""
    if not referral.snomed_code:
        return None
    return {
        "system": SNOMED_SYSTEM,
        "code": referral.snomed_code,
        "display": SNOMED_DISPLAY.get(referral.snomed_code, ""),
    }


def _scale(change) -> dict:
    verdict = change.verdict
    return {
        "title": change.title,
        "baseline": change.baseline,
        "latest": change.latest,
        "change": change.change,
        "verdict": verdict.value if verdict else None,
        "verdict_label": verdict.label if verdict else "Not yet measured again",
    }


def _needs(referral) -> list[str]:
    return [NEEDS.get(code, code) for code in referral.needs]


def _organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": str(organisation.pk), "name": organisation.name, "ods_code": organisation.ods_code}


def _org_name(organisation) -> str:
    return organisation.name if organisation is not None else "the service"


def _name(user) -> str:
    return user.display_name if user is not None else ""


def _label(choices, code) -> str:
    return choices(code).label if code in choices.values else code


def _date(moment) -> str:
    return timezone.localdate(moment).isoformat()


# Plain text, for the outbox row's body and FHIR: the same document, read top to bottom.


def document_text(document) -> str:
    person = document["person"]
    lines = [
        document["title"],
        f"{person['name']}, NHS number {person['nhs_number'] or 'not known'}, born {person['date_of_birth']}",
        f"Referral received {document['referral']['received_on']} ({document['referral']['scheme']})",
    ]
    decision = document.get("decision")
    if decision:
        lines.append(f"{decision['label']} on {decision['date']}.")
        if "reason" in decision:
            lines.append(f"Reason: {decision['reason']['label']}.")
        if decision.get("redirect_advice"):
            lines.append(f"Where to go instead: {decision['redirect_advice']}")
        if decision.get("next_steps"):
            lines.append(decision["next_steps"])
        if decision.get("note"):
            lines.append(f"Note: {decision['note']}")
    discharge = document.get("discharge")
    if discharge:
        lines.append(f"Support ended on {discharge['date']}. Reason: {discharge['reason']['label']}.")
        if discharge.get("summary"):
            lines.append(discharge["summary"])
    if document.get("coded_entry"):
        coded = document["coded_entry"]
        lines.append(f"Recorded as SNOMED CT {coded['code']} {coded['display']}.")
    lines.append(document["sharing"]["statement"])
    return "\n".join(lines)
