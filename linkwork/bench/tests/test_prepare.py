"""What the bench prepares on a seeded database: API clients whose referrals every scheme accepts, once."""

import datetime
import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from linkwork.accounts.models import ApiToken, Role, User
from linkwork.bench.directory import directory_of
from linkwork.bench.prepare import CLIENT_NAME, api_clients, bench_users, last_page_cursor, report_user
from linkwork.bench.writes import Tally, duplicates
from linkwork.casework.models import Case
from linkwork.casework.selectors.caseload import caseload_cursor_parse, caseload_page
from linkwork.core.context import Actor
from linkwork.directory.models import Service, TaxonomyTerm
from linkwork.referrals.models import Referral
from linkwork.reporting.evaluation.benchmark import scipy_baseline
from linkwork.reporting.evaluation.selectors import report_criteria

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_scale", "--size", "tiny", stdout=StringIO())


def _submit(client, api_client, key, body):
    return client.post(
        "/api/v1/referrals",
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {api_client.token}", "idempotency-key": key},
    )


def test_every_clients_referral_is_accepted_and_a_retry_creates_nothing(seeded, client):
    clients = api_clients(4)
    tally = Tally(marker="benchtest", started=timezone.now())
    rng, today = random.Random(1), datetime.date.today()  # noqa: S311 - synthetic people
    for number, api_client in enumerate(clients):
        key = f"benchtest-{number}-1"
        body = api_client.referral(rng, today)
        first = _submit(client, api_client, key, body)
        assert first.status_code == 201, first.json()
        again = _submit(client, api_client, key, body)
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        tally.created.add(key)
    tally.ended = timezone.now()
    assert duplicates(tally) == 0
    unrecorded = _submit(client, clients[0], "benchtest-0-2", clients[0].referral(rng, today))
    assert unrecorded.status_code == 201
    tally.ended = timezone.now()
    assert duplicates(tally) == 1
    assert Referral.objects.filter(idempotency_key__contains=":benchtest-").count() == 5


def test_preparing_again_revokes_the_earlier_tokens(seeded):
    first = api_clients(2)
    second = api_clients(2)
    assert first[0].token != second[0].token
    usable = ApiToken.objects.usable().filter(name=CLIENT_NAME)
    assert usable.count() == 2


def test_each_page_user_has_an_open_case_of_their_own(seeded):
    users = bench_users(3)
    for user in users:
        case = Case.objects.get(pk=user.case_id)
        assert case.link_worker.username == user.username
        assert case.status == Case.Status.OPEN


def test_the_deep_cursor_opens_the_last_page_of_closed_cases(seeded, monkeypatch):
    monkeypatch.setattr("linkwork.bench.prepare.PAGE_SIZE", 2)
    monkeypatch.setattr("linkwork.casework.selectors.caseload.PAGE_SIZE", 2)
    worker = (
        Case.objects.filter(status=Case.Status.CLOSED)
        .values("link_worker")
        .annotate(closed=Count("pk"))
        .order_by("-closed")
        .first()
    )
    assert worker["closed"] > 4
    user = User.objects.get(pk=worker["link_worker"])
    actor = Actor(user=user, organisation=user.memberships.get().organisation, role=Role.LINK_WORKER)
    pages, after = [], None
    while True:
        page = caseload_page(actor=actor, worker=user, status="closed", after=after)
        pages.append([case.pk for case in page.rows])
        if page.next_after is None:
            break
        after = caseload_cursor_parse(page.next_after)
    last = caseload_page(
        actor=actor, worker=user, status="closed", after=caseload_cursor_parse(last_page_cursor(user))
    )
    assert [case.pk for case in last.rows] == pages[-1]
    assert last.next_after is None


def test_the_report_user_can_run_the_report_it_is_given(seeded):
    reporter = report_user()
    user = User.objects.get(username=reporter.user.username)
    membership = user.memberships.get()
    actor = Actor(user=user, organisation=membership.organisation, role=membership.role)
    criteria = report_criteria(actor=actor, scheme_slug=reporter.scheme, instrument_code=reporter.instrument)
    assert criteria.scheme.slug == reporter.scheme
    assert (
        scipy_baseline(Case.objects.filter(referral__scheme=criteria.scheme), criteria.instrument).pairs > 0
    )


@pytest.mark.postgresql
def test_the_large_directory_is_removed_with_its_categories_afterwards(seeded):
    services, terms = Service.objects.count(), TaxonomyTerm.objects.count()
    with directory_of(services + 30, stdout=StringIO()):
        assert Service.objects.count() == services + 30
        assert TaxonomyTerm.objects.count() == terms
    assert (Service.objects.count(), TaxonomyTerm.objects.count()) == (services, terms)
