"""The Outcomes pages: due measures, recording in a session, change shown, fixed query counts, FHIR export."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from linkwork.casework.models import Case
from linkwork.interop.fhir.questionnaire import ORDINAL_VALUE
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import valid_nhs_number

pytestmark = pytest.mark.django_db

HEALTH = "health_today"


def backdate(case, weeks):
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - datetime.timedelta(weeks=weeks))
    case.refresh_from_db()
    return case


def record_health(actor, case, value, time_point="baseline", occasion=0):
    return measures_record(
        by=actor,
        case=case,
        time_point=time_point,
        occasion=occasion,
        measures=[MeasureAnswers(HEALTH, {"health": value})],
        completed_on=timezone.localdate(),
    )[0]


def test_due_baseline_measures_show_in_the_caseload_next_actions(client, world, open_case, instruments):
    sign_in(client, world.users["link_worker"])

    page = client.get(reverse("casework:caseload"))

    assert "Start of support measures due" in page.text


def test_the_link_worker_records_a_time_point_on_one_screen(client, world, open_case, instruments):
    sign_in(client, world.users["link_worker"])
    url = reverse(
        "outcomes:measures_new", kwargs={"case_id": open_case.pk, "time_point": "baseline", "occasion": 0}
    )
    today = timezone.localdate()
    answers = {
        "completed_on_day": today.day,
        "completed_on_month": today.month,
        "completed_on_year": today.year,
        "completed_by": "paper",
        **{f"swemwbs-{n}": 3 for n in range(1, 8)},
        "health_today-health": 70,
        "anxiety_depression_today-anxious_or_low": 2,
        **{f"ucla_loneliness_3-{n}": 2 for n in range(1, 4)},
        "gp_use-visits_last_4_weeks": 3,
    }

    form = client.get(url)
    saved = client.post(url, answers)
    outcomes = client.get(reverse("outcomes:case_outcomes", kwargs={"case_id": open_case.pk}))

    assert "Item 1" in form.text  # SWEMWBS is licensed: no wording shipped, scores from paper
    assert saved.status_code == 302
    assert MeasureResponse.objects.filter(case=open_case, completed_by="paper").count() == 5
    assert MeasureResponse.objects.get(instrument__code="swemwbs").scores["total"]["converted"] == 19.25
    assert "Start of support measures due" not in client.get(reverse("casework:caseload")).text
    assert "Every SWEMWBS" not in outcomes.text  # the title is the instrument's full name
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale" in outcomes.text


def test_a_bad_answer_is_shown_on_its_question_and_nothing_is_saved(client, world, open_case, instruments):
    sign_in(client, world.users["link_worker"])
    url = reverse(
        "outcomes:measures_new", kwargs={"case_id": open_case.pk, "time_point": "baseline", "occasion": 0}
    )

    response = client.post(
        f"{url}?instrument={HEALTH}", {"completed_by": "in_session", "health_today-health": 140}
    )

    assert response.status_code == 200
    assert "Enter a whole number from 0 to 100 for question 1 of Health today" in response.text
    assert not MeasureResponse.objects.exists()


def test_change_is_judged_against_the_threshold_and_charted(
    client, world, open_case, case_actors, instruments
):
    actor = case_actors["link_worker"]
    record_health(actor, open_case, 40)
    record_health(actor, open_case, 65, "review", 1)
    sign_in(client, world.users["link_worker"])

    page = client.get(reverse("outcomes:case_outcomes", kwargs={"case_id": open_case.pk}))
    chart = client.get(reverse("outcomes:change_chart", kwargs={"case_id": open_case.pk, "code": HEALTH}))
    summary = client.get(reverse("outcomes:change_summary", kwargs={"case_id": open_case.pk}))

    assert "+25" in page.text
    assert "Improved" in page.text
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<?xml")
    assert "Your progress" in summary.text
    assert "Improved" in summary.text


def test_the_outcomes_page_and_caseload_run_a_fixed_number_of_queries(
    client, world, wellbeing, case_actors, open_case, instruments
):
    actor = case_actors["link_worker"]
    sign_in(client, world.users["link_worker"])
    outcomes = reverse("outcomes:case_outcomes", kwargs={"case_id": open_case.pk})
    record_health(actor, open_case, 40)
    with CaptureQueriesContext(connection) as page_few:
        client.get(outcomes)
    with CaptureQueriesContext(connection) as caseload_few:
        client.get(reverse("casework:caseload"))
    for review in range(1, 6):
        record_health(actor, open_case, 40 + review, "review", review)
        other = open_case_for(world, wellbeing, case_actors, family_name=f"More{review}")
        record_health(actor, other, 50)
    with CaptureQueriesContext(connection) as page_many:
        client.get(outcomes)
    with CaptureQueriesContext(connection) as caseload_many:
        client.get(reverse("casework:caseload"))

    assert len(page_many) == len(page_few)
    assert len(caseload_many) == len(caseload_few)


def test_a_response_exports_as_a_valid_fhir_questionnaire_response(
    client, world, wellbeing, case_actors, instruments
):
    case = open_case_for(world, wellbeing, case_actors, nhs_number=valid_nhs_number())
    response = record_health(case_actors["link_worker"], case, 72)
    sign_in(client, world.users["link_worker"])

    exported = client.get(reverse("fhir:questionnaire_response", kwargs={"response_id": response.pk}))

    resource = QuestionnaireResponse.model_validate_json(exported.content)
    assert exported["Content-Type"] == "application/fhir+json"
    assert resource.questionnaire == f"{settings.LINKWORK_BASE_URL}/fhir/Questionnaire/health_today|1"
    assert resource.item[0].answer[0].valueInteger == 72
    assert resource.subject.identifier.value == case.person.nhs_number
    assert resource.subject.display == case.person.full_name


def test_another_providers_link_worker_cannot_export_the_response(
    client, world, open_case, case_actors, instruments
):
    response = record_health(case_actors["link_worker"], open_case, 72)
    sign_in(client, world.users["link_worker_b"])

    exported = client.get(reverse("fhir:questionnaire_response", kwargs={"response_id": response.pk}))

    assert exported.status_code == 404


@pytest.mark.parametrize("code", ["ons4", "phq9", "gp_use", "swemwbs", "eq5d5l", "anxiety_depression_today"])
def test_each_definition_exports_as_a_valid_fhir_questionnaire(client, world, instruments, code):
    sign_in(client, world.users["link_worker"])

    exported = client.get(reverse("fhir:questionnaire", kwargs={"code": code}))

    resource = Questionnaire.model_validate_json(exported.content)
    assert resource.name == code
    assert "scoring" not in exported.json()
    first = instruments[code].definition["item"][0]
    if "answerOption" in first:
        (score,) = resource.item[0].answerOption[0].extension
        assert score.url == ORDINAL_VALUE
        assert score.valueDecimal == first["answerOption"][0]["ordinalValue"]


def test_discharge_reminds_of_the_end_of_support_measures_until_they_are_recorded(
    client, world, open_case, case_actors, instruments
):
    sign_in(client, world.users["link_worker"])
    discharge = reverse("casework:discharge", kwargs={"case_id": open_case.pk})

    before = client.get(discharge)
    measures_record(
        by=case_actors["link_worker"],
        case=open_case,
        time_point="exit",
        occasion=0,
        measures=[
            MeasureAnswers("swemwbs", {str(n): 4 for n in range(1, 8)}),
            MeasureAnswers("health_today", {"health": 80}),
            MeasureAnswers("anxiety_depression_today", {"anxious_or_low": 2}),
            MeasureAnswers("ucla_loneliness_3", {"1": 1, "2": 1, "3": 2}),
            MeasureAnswers("gp_use", {"change_since_start": 2}),
        ],
        completed_on=timezone.localdate(),
    )
    after = client.get(discharge)

    assert "End-of-support measures not recorded yet: Short Warwick-Edinburgh" in before.text
    assert "End-of-support measures not recorded yet" not in after.text


def test_each_measure_appears_on_the_case_timeline(client, world, open_case, case_actors, instruments):
    record_health(case_actors["link_worker"], open_case, 64)
    sign_in(client, world.users["link_worker"])

    page = client.get(reverse("casework:case", kwargs={"case_id": open_case.pk}))

    assert "Health today: start of support" in page.text
    assert "Health today 64" in page.text


def test_an_instrument_the_installation_has_not_synced_is_left_out_not_an_error(client, world, open_case):
    sign_in(client, world.users["link_worker"])

    outcomes = client.get(reverse("outcomes:case_outcomes", kwargs={"case_id": open_case.pk}))
    discharge = client.get(reverse("casework:discharge", kwargs={"case_id": open_case.pk}))

    assert outcomes.status_code == 200
    assert "No measures are due now" in outcomes.text
    assert discharge.status_code == 200


def test_an_answer_that_raises_a_risk_flag_is_said_first_when_the_measures_are_saved(
    client, world, open_case, instruments
):
    sign_in(client, world.users["link_worker"])
    url = reverse(
        "outcomes:measures_new", kwargs={"case_id": open_case.pk, "time_point": "baseline", "occasion": 0}
    )
    today = timezone.localdate()

    saved = client.post(
        f"{url}?instrument=phq9",
        {
            "completed_on_day": today.day,
            "completed_on_month": today.month,
            "completed_on_year": today.year,
            "completed_by": "in_session",
            **{f"phq9-{n}": 1 for n in range(1, 9)},
            "phq9-9": 2,
        },
        follow=True,
    )

    warning = saved.text.find("An answer raised a risk flag on the case: check the person")
    assert 0 < warning < saved.text.find("Start of support measures recorded.")
