"""The message back to the referrer: built once at each event, PRSB-shaped, coded, and minimised without consent."""

import json

import pytest
from django.db import transaction

from linkwork.core.events import publish
from linkwork.messaging.message_back import (
    ACCEPTED,
    DECLINED,
    DISCHARGED,
    SCHEMA,
    SCHEMA_VERSION,
    WITHHELD,
    document_text,
    message_back_channels,
)
from linkwork.messaging.models import Channel, OutboxMessage
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED, SNOMED_REFERRAL_DECLINED
from linkwork.schemes.models import Scheme
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

from .message_back_setup import (
    SENTINELS,
    accept,
    message_back,
    person_declines,
    reach,
    refer,
    service_declines,
    support_and_discharge,
)


@pytest.fixture
def pcn(world):
    """The PCN link-worker scheme (records SNOMED codes; message back in Linkwork and by email)."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM, preset="pcn-link-worker", providers=[org["provider_a"]], practices=[org["practice_a"]]
    )


def test_acceptance_sends_the_referrer_a_coded_structured_message(world, case_actors, pcn):
    case = accept(world, case_actors, pcn)

    message = message_back(ACCEPTED, case.referral)
    document = message.payload
    assert (document["schema"], document["version"], document["kind"]) == (SCHEMA, SCHEMA_VERSION, ACCEPTED)
    assert document["person"]["name"] == "Mona Message"
    assert document["person"]["nhs_number"] == case.person.nhs_number
    assert document["person"]["gp_practice"]["name"] == "Practice A"
    assert document["decision"]["outcome"] == "accepted"
    assert document["coded_entry"] == {
        "system": "http://snomed.info/sct",
        "code": SNOMED_REFERRAL_ACCEPTED,
        "display": "Referral to social prescribing service",
    }
    assert document["needs_and_concerns"]["needs"] == ["Loneliness or isolation", "Money worries or debt"]
    assert message.recipient_organisation == world.organisations["practice_a"]
    assert message.channel == Channel.IN_APP
    assert message.person == case.person
    assert "871731000000106" in message.body


def test_the_person_declining_is_coded_871711000000103_and_keeps_their_note_when_shared(
    world, case_actors, pcn
):
    referral = person_declines(world, case_actors, pcn)

    document = message_back(DECLINED, referral).payload
    assert document["decision"]["outcome"] == "declined_by_person"
    assert document["decision"]["note"] == SENTINELS["decision_note"]
    assert document["coded_entry"]["code"] == SNOMED_REFERRAL_DECLINED
    assert document["coded_entry"]["display"] == "Social prescribing declined"


def test_a_service_decline_gives_the_reason_and_where_to_go_instead(world, case_actors, pcn):
    referral = service_declines(world, case_actors, pcn)

    document = message_back(DECLINED, referral).payload
    assert document["decision"]["outcome"] == "declined_by_service"
    assert document["decision"]["reason"] == {
        "code": "crisis",
        "label": "Needs urgent or specialist help first",
    }
    assert document["decision"]["redirect_advice"] == "Contact the crisis line on 0800 000 0000"
    # 871711000000103 means the person declined: a service's decline is not coded as theirs.
    assert document["coded_entry"] is None


def test_discharge_summarises_needs_support_services_and_outcome_change(world, case_actors, pcn, instruments):
    case = support_and_discharge(world, case_actors, accept(world, case_actors, pcn), instruments)

    document = message_back(DISCHARGED, case.referral).payload
    assert document["discharge"]["reason"] == {"code": "goals_achieved", "label": "Goals achieved"}
    assert document["discharge"]["summary"] == SENTINELS["summary"]
    assert document["needs_and_concerns"]["what_matters"] == SENTINELS["what_matters"]
    assert document["support_given"]["direct_support"] == [
        {"category": "Benefits claim or form", "minutes": 45}
    ]
    assert document["support_given"]["goals"] == [
        {"area": "Money", "goal": SENTINELS["goal"], "status": "Not started"}
    ]
    [service] = document["services_linked"]
    assert (service["service"], service["status"], service["sessions_attended"]) == (
        SENTINELS["service"],
        "Waiting for a reply",
        0,
    )
    [outcome] = document["outcomes"]
    assert outcome["instrument"] == "health_today"
    [scale] = outcome["scales"]
    assert (scale["baseline"], scale["latest"], scale["change"]) == (40, 80, 40)
    assert scale["verdict"] == "improved"
    assert document["sharing"]["details_withheld"] is False


def test_without_consent_to_share_the_discharge_says_only_that_support_ended_and_why(
    world, case_actors, pcn, instruments
):
    case = accept(world, case_actors, pcn, consent_to_share=False)
    case = support_and_discharge(world, case_actors, case, instruments)

    message = message_back(DISCHARGED, case.referral)
    document = message.payload
    assert document["discharge"] == {
        "date": document["discharge"]["date"],
        "started": document["discharge"]["started"],
        "reason": {"code": "goals_achieved", "label": "Goals achieved"},
    }
    assert document["sharing"] == {"consent_to_share": False, "details_withheld": True, "statement": WITHHELD}
    assert not {"needs_and_concerns", "support_given", "services_linked", "outcomes"} & document.keys()
    everything = json.dumps(document) + message.body + message.subject
    for sentinel in SENTINELS.values():
        assert sentinel not in everything


def test_without_consent_the_persons_own_words_stay_out_of_a_decline(world, case_actors, pcn):
    referral = person_declines(world, case_actors, pcn, consent_to_share=False)

    message = message_back(DECLINED, referral)
    assert "note" not in message.payload["decision"]
    assert SENTINELS["decision_note"] not in json.dumps(message.payload) + message.body
    assert message.payload["coded_entry"]["code"] == SNOMED_REFERRAL_DECLINED


def test_publishing_the_same_event_twice_leaves_one_message(world, case_actors, pcn):
    case = accept(world, case_actors, pcn)
    before = OutboxMessage.objects.count()

    publish("referral.accepted", referral=case.referral, by=case_actors["link_worker"])

    assert OutboxMessage.objects.count() == before
    assert OutboxMessage.objects.filter(kind=ACCEPTED, channel=Channel.IN_APP).count() == 1


def test_the_message_is_written_in_the_events_transaction(world, case_actors, pcn):
    referral = reach(world, case_actors, refer(world, case_actors, pcn, consent_to_share=True))

    def accept_then_fail():
        with transaction.atomic():
            publish("referral.accepted", referral=referral, by=case_actors["link_worker"])
            raise RuntimeError("the acceptance failed")

    with pytest.raises(RuntimeError):
        accept_then_fail()

    assert not OutboxMessage.objects.filter(kind=ACCEPTED).exists()


def test_a_scheme_that_asks_for_email_also_emails_the_referrer_without_anyones_details(
    world, case_actors, pcn
):
    world.users["referrer"].email = "gp.referrer@example.org"
    world.users["referrer"].save()

    case = accept(world, case_actors, pcn)

    email = message_back(ACCEPTED, case.referral, channel=Channel.EMAIL)
    assert email.to_address == "gp.referrer@example.org"
    assert "Mona" not in email.subject + email.body
    assert case.person.nhs_number not in email.body
    assert email.payload == {"message": str(message_back(ACCEPTED, case.referral).pk)}


def test_channels_come_from_the_scheme_and_always_include_linkwork(world, case_actors, pcn, wellbeing):
    assert message_back_channels(pcn) == ("in_app", "email")
    assert message_back_channels(wellbeing) == ("in_app",)
    assert message_back_channels(Scheme(name="Hand made")) == ("in_app",)
    assert message_back_channels(Scheme(name="Email only", message_back_channels=["email"])) == (
        "in_app",
        "email",
    )

    case = accept(world, case_actors, wellbeing)
    assert not OutboxMessage.objects.filter(channel=Channel.EMAIL, kind=ACCEPTED).exists()
    assert message_back(ACCEPTED, case.referral).channel == Channel.IN_APP


def test_events_the_scheme_leaves_out_send_nothing(world, case_actors, pcn):
    Scheme.objects.filter(pk=pcn.pk).update(message_back_events=["discharged"])
    pcn.refresh_from_db()

    case = accept(world, case_actors, pcn)

    assert not OutboxMessage.objects.filter(kind=ACCEPTED, person=case.person).exists()


def test_self_referrals_have_no_referrer_to_write_back_to(world, case_actors, pcn):
    referral = refer(world, case_actors, pcn, consent_to_share=True)
    referral.__class__.objects.filter(pk=referral.pk).update(referring_organisation=None)
    referral.refresh_from_db()

    publish("referral.declined", referral=referral, by=case_actors["team_lead"])

    assert not OutboxMessage.objects.filter(kind=DECLINED).exists()


def test_the_plain_text_reads_the_document_top_to_bottom(world, case_actors, pcn):
    referral = service_declines(world, case_actors, pcn)

    text = document_text(message_back(DECLINED, referral).payload)

    assert text.splitlines()[0] == "Social prescribing: referral declined"
    assert "Reason: Needs urgent or specialist help first." in text
    assert "Where to go instead: Contact the crisis line on 0800 000 0000" in text
