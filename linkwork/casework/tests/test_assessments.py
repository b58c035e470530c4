import datetime
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.charts import assessment_chart_svg
from linkwork.casework.domains import DESCRIPTORS, DOMAINS, SCORES
from linkwork.casework.models import Assessment, Case
from linkwork.casework.selectors.assessments import assessment_history, next_review_due, timeline_entries
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.demo.casework_assessments import seed
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import actor_for, make_user

from .assessment_fixtures import (
    actors_for,
    case_opened,
    days_ago,
    form_data,
    record,
    scheme_for,
    scores,
    written,
)


@pytest.fixture
def actors(world):
    return actors_for(world)


@pytest.fixture
def case(world, actors):
    return case_opened(world, scheme_for(world), actors)


def test_every_domain_has_five_descriptors_in_linkworks_words():
    assert set(DESCRIPTORS) == set(ASSESSMENT_DOMAINS)
    assert all(len(DESCRIPTORS[code]) == len(SCORES) for code in DESCRIPTORS)
    assert "Star" not in str(DESCRIPTORS)


# Services


def test_a_baseline_is_recorded_in_domain_order_and_audited(case, actors):
    assessment = record(case, actors["link_worker"], on=days_ago(300), time_point="baseline", money=1)

    assert list(assessment.scores) == list(ASSESSMENT_DOMAINS)
    assert assessment.scores["money"] == 1
    event = AuditEvent.objects.get(action="assessment.record")
    assert (event.person_id, event.object_id, event.details["time_point"]) == (
        case.person_id,
        str(assessment.pk),
        "baseline",
    )


def test_a_second_baseline_is_refused_but_reviews_and_exits_are_not(case, actors):
    worker = actors["link_worker"]
    record(case, worker, on=days_ago(300), time_point="baseline")
    before = written()

    with pytest.raises(DomainError, match=r"already recorded on .*review or the end of support") as refused:
        record(case, worker, on=days_ago(100), time_point="baseline", money=4)

    assert refused.value.field == "time_point"
    assert written() == before
    record(case, worker, on=days_ago(120), money=2)
    record(case, worker, on=days_ago(10), money=4)
    record(case, worker, time_point="exit", money=5)
    assert Assessment.objects.filter(case=case).count() == 4


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (scores() | {"money": None}, "Choose a score for Money"),
        ({k: v for k, v in scores().items() if k != "money"}, "Choose a score for Money"),
        (scores() | {"pets": 3}, "not areas of the assessment: pets"),
        (scores(money=0), "Money must be a whole number from 1 to 5"),
        (scores(money=6), "Money must be a whole number from 1 to 5"),
        (scores(money="3"), "Money must be a whole number"),
        (scores(money=3.0), "Money must be a whole number"),
        (scores(money=True), "Money must be a whole number"),
        ([3] * 8, "Give a score for each of the eight areas"),
    ],
)
def test_scores_must_be_the_eight_domains_each_1_to_5(case, actors, given, message):
    with pytest.raises(DomainError, match=message):
        assessment_record(
            by=actors["link_worker"], case=case, assessed_on=days_ago(1), time_point="baseline", scores=given
        )
    assert written() == (0, 0)


@pytest.mark.parametrize(
    ("on", "time_point", "message"),
    [
        (days_ago(-1), "baseline", "today or in the past"),
        (days_ago(500), "baseline", "cannot be before the case opened"),
        (timezone.now(), "baseline", "Enter the date"),
        (days_ago(1), "midway", "start of support, review or end of support"),
    ],
)
def test_a_bad_date_or_time_point_is_refused_and_nothing_is_written(case, actors, on, time_point, message):
    with pytest.raises(DomainError, match=message):
        assessment_record(
            by=actors["link_worker"], case=case, assessed_on=on, time_point=time_point, scores=scores()
        )
    assert written() == (0, 0)


def test_recording_the_same_assessment_twice_keeps_one(case, actors):
    first = record(case, actors["link_worker"], time_point="baseline", money=2)
    again = record(case, actors["link_worker"], time_point="baseline", money=2)

    assert again.pk == first.pk
    assert written() == (1, 1)


def test_only_the_cases_workers_and_team_lead_record_and_only_while_open(case, actors, world):
    other_worker = make_user(
        "other_worker", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER
    )
    outsiders = [
        actor_for(other_worker, world.organisations["provider_a"], Role.LINK_WORKER),
        actors["link_worker_b"],
    ]
    for outsider in outsiders:
        with pytest.raises(DomainError, match="Only the case's link workers or a team lead"):
            record(case, outsider)
    assert written() == (0, 0)
    record(case, actors["team_lead"])
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())
    with pytest.raises(DomainError, match="case is closed"):
        record(case, actors["link_worker"], money=1)
    assert written() == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_baselines_at_once_record_one(world, actors):
    case = case_opened(world, scheme_for(world), actors)

    results, errors = run_at_once(
        lambda: record(case, actors["link_worker"], time_point="baseline", money=1),
        lambda: record(case, actors["team_lead"], time_point="baseline", money=2),
    )

    assert (len(results), [type(error) for error in errors]) == (1, [DomainError])
    assert Assessment.objects.filter(case=case, time_point="baseline").count() == 1


# Reads: history, reviews at the scheme's cadence, timeline, chart


def test_the_next_review_is_due_the_schemes_cadence_after_the_latest_assessment(
    case, django_assert_num_queries
):
    latest = datetime.date(2026, 1, 5)

    with django_assert_num_queries(0):
        assert next_review_due(case, latest) == latest + datetime.timedelta(weeks=26)
        assert next_review_due(case, None) is None
    case.status = Case.Status.CLOSED
    assert next_review_due(case, latest) is None


def test_a_scheme_without_a_cadence_has_no_review_due(world, actors):
    case = case_opened(world, scheme_for(world, "pcn-link-worker"), actors)

    assert next_review_due(case, timezone.localdate()) is None


def test_the_history_gives_each_domains_scores_and_the_change(case, actors):
    record(case, actors["link_worker"], on=days_ago(300), time_point="baseline", money=1)
    record(case, actors["link_worker"], on=days_ago(200), money=4)

    history = assessment_history(case)

    money = next(row for row in history.rows if row.code == "money")
    assert (money.scores, money.change) == ((1, 4), 3)
    assert history.baseline.assessed_on == days_ago(300)
    assert history.review_due == days_ago(200) + datetime.timedelta(weeks=26)
    assert history.review_overdue


def test_timeline_entries_one_per_assessment_in_one_query(case, actors, django_assert_num_queries):
    record(case, actors["link_worker"], on=days_ago(300), time_point="baseline", money=1)
    record(case, actors["link_worker"], on=days_ago(100))

    with django_assert_num_queries(1):
        entries = timeline_entries(case)

    assert [entry.title for entry in entries] == ["Assessment: start of support", "Assessment: review"]
    assert "Money 1" in entries[0].detail
    assert entries[0].href.startswith(reverse("casework:assessments", kwargs={"case_id": case.pk}))


def test_the_chart_is_an_svg_with_a_line_and_legend_entry_per_domain(case, actors):
    record(case, actors["link_worker"], on=days_ago(300), time_point="baseline")
    record(case, actors["link_worker"], on=days_ago(100), money=5)

    svg = assessment_chart_svg(assessment_history(case))

    text = svg.decode()
    assert text.startswith("<?xml")
    assert text.rstrip().endswith("</svg>")
    assert all(domain.name in text for domain in DOMAINS)
    assert svg == assessment_chart_svg(assessment_history(case))  # no dates or random ids inside


# Pages


def url(name, case):
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk})


def test_the_link_worker_records_an_assessment_on_one_screen(case, login, world):
    client = login(world.users["link_worker"])
    page = client.get(url("assessment_new", case)).content.decode()
    assert DESCRIPTORS["money"][0] in page
    assert 'value="baseline" checked' in page

    response = client.post(url("assessment_new", case), form_data(money="1"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(url("assessments", case), 302)]
    assert "Assessment recorded: start of support." in html
    assert f'src="{url("assessment_chart", case)}"' in html
    assert "Keen to get out more." in html
    assert Assessment.objects.get().scores["money"] == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"money": ""}, "Choose a score for Money"),
        ({"money": "7"}, "Select a valid choice"),
        ({"assessed_on_year": str(timezone.localdate().year + 1)}, "today or in the past"),
        ({"assessed_on_day": ""}, "must include a day"),
        ({"time_point": ""}, "Choose when this assessment is"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(case, login, world, overrides, message):
    response = login(world.users["link_worker"]).post(url("assessment_new", case), form_data(**overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert written() == (0, 0)


def test_a_second_baseline_is_refused_on_the_page_and_a_double_submit_records_once(case, login, world):
    client = login(world.users["link_worker"])
    client.post(url("assessment_new", case), form_data())
    client.post(url("assessment_new", case), form_data())
    assert written() == (1, 1)

    response = client.post(url("assessment_new", case), form_data(money="4"))

    assert "The start-of-support assessment was already recorded on" in response.content.decode()
    assert written() == (1, 1)


def test_the_chart_is_served_as_an_svg_image_not_cached(case, actors, login, world):
    record(case, actors["link_worker"], time_point="baseline")

    response = login(world.users["link_worker"]).get(url("assessment_chart", case))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"<?xml")


@pytest.mark.parametrize("name", ["assessments", "assessment_new", "assessment_chart"])
def test_who_may_open_the_assessment_pages(case, login, world, client, name):
    target = url(name, case)
    assert client.get(target).status_code == 302  # anonymous: to the login page
    assert login(world.users["link_worker_b"]).get(target).status_code == 404
    for role in ("referrer", "vcse_coordinator", "commissioner", "administrator"):
        assert login(world.users[role]).get(target).status_code == 403
    for role in ("link_worker", "team_lead"):
        assert login(world.users[role]).get(target).status_code == 200


def test_a_link_worker_not_on_the_case_sees_it_but_cannot_record(case, login, world):
    other = make_user("other_worker", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)
    client = login(other)

    html = client.get(url("assessments", case)).content.decode()

    assert "Record an assessment" not in html
    assert client.get(url("assessment_new", case)).status_code == 403
    assert client.post(url("assessment_new", case), form_data()).status_code == 403
    assert written() == (0, 0)


def test_pages_refer_to_nothing_outside_the_site(case, actors, login, world):
    record(case, actors["link_worker"], time_point="baseline")
    client = login(world.users["link_worker"])
    for name in ("assessments", "assessment_new"):
        html = client.get(url(name, case)).content.decode()
        assert re.findall(r'(?:src|href|action)="(?:https?:)?//', html) == []


@pytest.mark.parametrize("name", ["assessments", "assessment_chart"])
def test_queries_do_not_grow_with_the_number_of_assessments(case, actors, login, world, name):
    client = login(world.users["link_worker"])

    def queries_with(count):
        while Assessment.objects.filter(case=case).count() < count:
            record(case, actors["link_worker"], on=days_ago(390 - 15 * Assessment.objects.count()))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, case)).status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(20)


def test_demo_seed_records_a_baseline_then_reviews_at_the_cadence_once(case, actors):
    for _ in range(2):
        seed(case=case, actor=actors["link_worker"], rng=random.Random(4))  # noqa: S311 - demo data

    points = list(Assessment.objects.filter(case=case).values_list("time_point", "assessed_on"))
    opened_on = timezone.localdate(case.opened_at)
    assert points == [
        ("baseline", opened_on),
        ("review", opened_on + datetime.timedelta(weeks=26)),
        ("review", opened_on + datetime.timedelta(weeks=52)),
    ]
