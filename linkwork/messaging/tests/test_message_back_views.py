"""The referrer's messages: scoped to the organisation that referred, read/unread, the letter, JSON and FHIR."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.communication import Communication

from linkwork.core.models import AuditEvent
from linkwork.messaging.letters import letter_html
from linkwork.messaging.message_back import ACCEPTED, DECLINED, DISCHARGED
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

from .message_back_setup import SENTINELS, accept, message_back, service_declines, support_and_discharge

NEW_TAG = 'class="nhsuk-tag nhsuk-tag--blue"'


@pytest.fixture
def pcn(world):
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="pcn-link-worker",
        providers=[org["provider_a"]],
        practices=[org["practice_a"], org["practice_b"]],
    )


@pytest.fixture
def discharged(world, case_actors, pcn, instruments):
    return support_and_discharge(world, case_actors, accept(world, case_actors, pcn), instruments)


def test_the_referrer_sees_their_practices_messages_newest_first_with_new_ones_marked(
    world, discharged, login
):
    client = login(world.users["referrer"])

    page = client.get(reverse("message_back:inbox")).content.decode()

    assert page.index("Social prescribing: support has ended") < page.index(
        "Social prescribing: referral accepted"
    )
    assert page.count(NEW_TAG) == 2
    assert "Mona Message" in page


def test_opening_a_message_marks_it_read_for_the_organisation(world, discharged, login):
    message = message_back(DISCHARGED, discharged.referral)
    client = login(world.users["referrer"])

    page = client.get(reverse("message_back:detail", kwargs={"message_id": message.pk})).content.decode()

    message.refresh_from_db()
    assert message.read_at is not None
    assert "Goals achieved" in page
    assert SENTINELS["summary"] in page
    assert AuditEvent.objects.filter(action="message_back.read", object_id=str(message.pk)).count() == 1
    inbox = client.get(reverse("message_back:inbox")).content.decode()
    assert inbox.count(NEW_TAG) == 1


def test_another_practice_sees_none_of_them_and_cannot_open_one(world, discharged, login):
    message = message_back(DISCHARGED, discharged.referral)
    client = login(world.users["referrer_b"])

    assert "No messages yet." in client.get(reverse("message_back:inbox")).content.decode()
    for name in ("detail", "letter", "document"):
        assert (
            client.get(reverse(f"message_back:{name}", kwargs={"message_id": message.pk})).status_code == 404
        )
    assert AuditEvent.objects.filter(action="message_back.view", outcome=AuditEvent.Outcome.DENIED).exists()
    message.refresh_from_db()
    assert message.read_at is None


@pytest.mark.parametrize("role", ["vcse_coordinator", "commissioner", "link_worker", "administrator"])
def test_only_referrers_have_messages_about_their_referrals(world, discharged, login, role):
    message = message_back(ACCEPTED, discharged.referral)
    client = login(world.users[role])

    assert client.get(reverse("message_back:inbox")).status_code == 403
    assert client.get(reverse("message_back:detail", kwargs={"message_id": message.pk})).status_code == 403


def test_the_inbox_costs_the_same_queries_for_one_message_or_many(world, case_actors, pcn, login):
    client = login(world.users["referrer"])
    accept(world, case_actors, pcn)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("message_back:inbox"))
    for _ in range(3):
        service_declines(world, case_actors, pcn)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("message_back:inbox")).content.decode()

    assert page.count("referral declined") == 3
    assert len(many) == len(few)


def test_the_letter_is_a_pdf_download_holding_the_name_and_reason(world, discharged, login):
    message = message_back(DISCHARGED, discharged.referral)
    client = login(world.users["referrer"])

    response = client.get(reverse("message_back:letter", kwargs={"message_id": message.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="linkwork-case-discharged-')
    assert response.content.startswith(b"%PDF-")
    html = letter_html(message.payload, sent_on="1 December 2026")
    assert "Mona Message" in html
    assert "Reason: Goals achieved." in html
    assert "<link" not in html  # nothing for WeasyPrint to fetch
    assert "src=" not in html


def test_the_json_download_is_the_stored_document(world, discharged, login):
    message = message_back(DISCHARGED, discharged.referral)
    client = login(world.users["referrer"])

    response = client.get(reverse("message_back:document", kwargs={"message_id": message.pk}))

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == message.payload


def test_fhir_communication_validates_and_carries_the_snomed_code(world, discharged, token_for, client):
    message = message_back(ACCEPTED, discharged.referral)
    url = reverse("fhir:communication", kwargs={"message_id": message.pk})

    response = client.get(url, headers={"Authorization": f"Bearer {token_for('referrer')}"})

    assert response.status_code == 200
    resource = Communication.model_validate(response.json())
    assert resource.status == "completed"
    assert resource.subject.identifier.value == discharged.person.nhs_number
    assert resource.reasonCode[0].coding[0].code == SNOMED_REFERRAL_ACCEPTED
    assert resource.recipient[0].display == "Practice A"
    assert resource.category[0].coding[0].code == ACCEPTED
    assert client.get(url, headers={"Authorization": f"Bearer {token_for('referrer_b')}"}).status_code == 404
    assert client.get(url, headers={"Authorization": f"Bearer {token_for('link_worker')}"}).status_code == 403
    assert client.get(url).status_code == 401


def test_withheld_details_appear_in_no_form_of_the_message(world, case_actors, pcn, instruments, login):
    case = support_and_discharge(
        world, case_actors, accept(world, case_actors, pcn, consent_to_share=False), instruments
    )
    message = message_back(DISCHARGED, case.referral)
    client = login(world.users["referrer"])

    outputs = {
        "page": client.get(
            reverse("message_back:detail", kwargs={"message_id": message.pk})
        ).content.decode(),
        "letter": letter_html(message.payload, sent_on="1 December 2026"),
        "json": client.get(
            reverse("message_back:document", kwargs={"message_id": message.pk})
        ).content.decode(),
        "fhir": client.get(reverse("fhir:communication", kwargs={"message_id": message.pk})).content.decode(),
    }

    for form, output in outputs.items():
        assert "Goals achieved" in output, form
        for sentinel in SENTINELS.values():
            assert sentinel not in output, (form, sentinel)
    assert "did not agree to share" in outputs["letter"]


def test_a_decline_message_reads_the_same_on_the_page_and_in_the_letter(world, case_actors, pcn, login):
    referral = service_declines(world, case_actors, pcn)
    message = message_back(DECLINED, referral)
    client = login(world.users["referrer"])

    page = client.get(reverse("message_back:detail", kwargs={"message_id": message.pk})).content.decode()
    letter = letter_html(message.payload, sent_on="1 December 2026")

    for text in ("Needs urgent or specialist help first", "Contact the crisis line on 0800 000 0000"):
        assert text in page
        assert text in letter
