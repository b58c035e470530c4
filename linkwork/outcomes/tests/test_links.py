"""The person's one-time secure link: answers recorded once, then the link is spent; expired links refused."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import RiskFlag
from linkwork.core.errors import DomainError
from linkwork.outcomes.models import MeasureResponse, QuestionnaireLink
from linkwork.outcomes.services.links import (
    LinkUnusable,
    questionnaire_link_issue,
    questionnaire_link_submit,
    token_digest,
)
from linkwork.outcomes.services.responses import MeasureAnswers

pytestmark = pytest.mark.django_db

ONS4 = {"satisfied": 6, "worthwhile": 7, "happy": 5, "anxious": 4}


@pytest.fixture
def issued(open_case, case_actors, instruments):
    return questionnaire_link_issue(
        by=case_actors["link_worker"], case=open_case, time_point="baseline", occasion=0, codes=["ons4"]
    )


def form_data(answers, code="ons4"):
    return {f"{code}-{link_id}": str(score) for link_id, score in answers.items()}


def test_only_a_digest_of_the_token_is_stored(issued):
    link, token = issued

    assert link.token_digest == token_digest(token) != token
    assert not QuestionnaireLink.objects.filter(token_digest=token).exists()


def test_the_person_answers_once_and_the_link_is_then_spent(issued, client):
    link, token = issued
    url = reverse("outcomes:questionnaire", kwargs={"token": token})

    page = client.get(url)
    sent = client.post(url, form_data(ONS4))
    again = client.post(url, form_data({**ONS4, "happy": 9}))

    assert page.status_code == 200
    assert "Overall, how happy did you feel yesterday?" in page.text
    assert sent.status_code == 200
    assert "your answers have been sent" in sent.text
    assert again.status_code == 410
    assert "already been answered" in again.text
    response = MeasureResponse.objects.get()
    assert (response.answers, response.completed_by, response.recorded_by) == (ONS4, "secure_link", None)
    link.refresh_from_db()
    assert link.used_at is not None


def test_a_missing_answer_is_asked_for_and_nothing_is_saved(issued, client):
    _, token = issued
    url = reverse("outcomes:questionnaire", kwargs={"token": token})

    response = client.post(url, form_data({k: v for k, v in ONS4.items() if k != "anxious"}))

    assert response.status_code == 200
    assert "Answer question 4 of ONS4 personal wellbeing" in response.text
    assert not MeasureResponse.objects.exists()
    assert QuestionnaireLink.objects.get().used_at is None


def test_an_expired_link_is_refused(issued, client):
    link, token = issued
    QuestionnaireLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = client.get(reverse("outcomes:questionnaire", kwargs={"token": token}))

    assert response.status_code == 410
    assert "This link has expired" in response.text
    with pytest.raises(LinkUnusable, match="expired"):
        questionnaire_link_submit(token=token, measures=[MeasureAnswers("ons4", ONS4)])
    assert not MeasureResponse.objects.exists()


def test_an_unknown_token_is_refused_without_saying_more(client, instruments):
    response = client.get(reverse("outcomes:questionnaire", kwargs={"token": "made-up"}))

    assert response.status_code == 410
    assert "This link is not right" in response.text


def test_a_new_link_replaces_the_waiting_one(issued, open_case, case_actors, client):
    _, first_token = issued
    questionnaire_link_issue(
        by=case_actors["link_worker"], case=open_case, time_point="baseline", occasion=0, codes=["ons4"]
    )

    response = client.get(reverse("outcomes:questionnaire", kwargs={"token": first_token}))

    assert response.status_code == 410
    assert QuestionnaireLink.objects.usable(timezone.now()).count() == 1


def test_a_licensed_measure_without_its_wording_cannot_be_sent(open_case, case_actors, instruments):
    with pytest.raises(DomainError, match=r"SWEMWBS.*cannot be sent"):
        questionnaire_link_issue(
            by=case_actors["link_worker"],
            case=open_case,
            time_point="baseline",
            occasion=0,
            codes=["swemwbs"],
        )
    assert not QuestionnaireLink.objects.exists()


def test_another_providers_worker_cannot_issue_a_link(open_case, case_actors, instruments):
    with pytest.raises(DomainError, match="Only the case's link workers or a team lead"):
        questionnaire_link_issue(
            by=case_actors["link_worker_b"], case=open_case, time_point="baseline", occasion=0, codes=["ons4"]
        )


def test_phq9_question_9_through_a_link_flags_risk_as_linkwork(open_case, case_actors, instruments):
    _, token = questionnaire_link_issue(
        by=case_actors["link_worker"], case=open_case, time_point="review", occasion=1, codes=["phq9"]
    )

    questionnaire_link_submit(
        token=token, measures=[MeasureAnswers("phq9", {**{str(n): 1 for n in range(1, 9)}, "9": 2})]
    )

    flag = RiskFlag.objects.get(case=open_case)
    assert flag.raised_by is None
    assert "the person, through a secure link" in flag.description


@override_settings(LINKWORK_QUESTIONNAIRE_LINK_LIMIT=2)
def test_an_address_that_keeps_guessing_is_stopped_even_with_a_real_link(issued, client):
    _, token = issued
    guess = reverse("outcomes:questionnaire", kwargs={"token": "guess"})

    statuses = [client.get(guess).status_code for _ in range(2)]
    real = client.get(reverse("outcomes:questionnaire", kwargs={"token": token}))

    assert statuses == [410, 410]
    assert real.status_code == 429


PROXY = "10.0.0.1"


@override_settings(LINKWORK_QUESTIONNAIRE_LINK_LIMIT=2, LINKWORK_TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_a_guesser_is_stopped_and_everyone_elses_links_still_open(issued, client):
    _, token = issued
    guess = reverse("outcomes:questionnaire", kwargs={"token": "guess"})
    real = reverse("outcomes:questionnaire", kwargs={"token": token})

    def through_the_proxy(url, client_address):
        return client.get(url, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": client_address}).status_code

    guesses = [through_the_proxy(guess, "198.51.100.7") for _ in range(3)]
    person = through_the_proxy(real, "203.0.113.9")

    assert guesses == [410, 410, 429]
    assert person == 200
