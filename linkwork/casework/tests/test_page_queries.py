"""The case page and the caseload run the same queries whatever the size of the link worker's caseload."""

import datetime
import io
import uuid
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import Case, Contact
from linkwork.casework.selectors.caseload import PAGE_SIZE
from linkwork.demo.scale.writer import BulkWriter
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.referrals.models import Referral
from linkwork.referrals.vocabulary import Status as ReferralStatus
from linkwork.testing.auth import sign_in

CASELOAD = reverse("casework:caseload")


def add_cases(case, count):
    """`count` more open cases for the case's link worker, a day apart, written in bulk as the scale seed
    writes them; every thousandth is another episode of the case's own person. Returns (opened_at, id)s."""
    provider, worker, scheme = case.provider_id, case.link_worker_id, case.referral.scheme_id
    writer = BulkWriter(stdout=io.StringIO(), now=timezone.now())
    people = [case.person_id if n % 1000 == 0 else uuid.uuid4() for n in range(count)]
    new_people = [person for person in people if person != case.person_id]
    referrals = [uuid.uuid4() for _ in range(count)]
    cases = [uuid.uuid4() for _ in range(count)]
    opened = [case.opened_at - datetime.timedelta(days=count - n) for n in range(count)]
    writer.write(
        Person,
        ("id", "given_name", "family_name", "date_of_birth"),
        [(person, "Bulk", "Case", datetime.date(1970, 1, 1)) for person in new_people],
    )
    writer.write(
        LegitimateRelationship,
        ("person", "organisation", "basis", "source"),
        [(person, provider, RelationshipBasis.ALLOCATION, f"test:{person}") for person in new_people],
    )
    writer.write(
        Referral,
        ("id", "person", "scheme", "source", "consent_to_refer", "status", "provider", "link_worker"),
        [
            (referral, person, scheme, "gp_practice", True, ReferralStatus.ACCEPTED, provider, worker)
            for referral, person in zip(referrals, people, strict=True)
        ],
    )
    writer.write(
        Case,
        ("id", "referral", "person", "provider", "link_worker", "opened_at"),
        [
            (case_id, referral, person, provider, worker, at)
            for case_id, referral, person, at in zip(cases, referrals, people, opened, strict=True)
        ],
    )
    soon = timezone.now() + datetime.timedelta(days=7)
    writer.write(
        Contact,
        ("case", "occurs_at", "mode", "place", "attendance", "recorded_by"),
        [
            (case_id, when, "phone", "remote", attendance, worker)
            for case_id, at in list(zip(cases, opened, strict=True))[::10]
            for when, attendance in ((at + datetime.timedelta(days=1), "attended"), (soon, "booked"))
        ],
    )
    return list(zip(opened, cases, strict=True))


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def deep_page(cases):
    """The caseload after the case halfway down: the cursor a "Later cases" link carries."""
    opened_at, case_id = sorted(cases, key=lambda case: (case[0], str(case[1])))[len(cases) // 2]
    return f"{CASELOAD}?{urlencode({'after': f'{opened_at.isoformat()}_{case_id}'})}"


@pytest.fixture
def worker_client(client, case_actors):
    return sign_in(client, case_actors["link_worker"].user)


def test_the_case_page_and_the_caseload_run_the_same_queries_for_10_or_10_000_cases(open_case, worker_client):
    case_page = reverse("casework:case", kwargs={"case_id": open_case.pk})
    few = [*add_cases(open_case, 9), (open_case.opened_at, open_case.pk)]
    small = {
        "case": queries(worker_client, case_page),
        "first": queries(worker_client, CASELOAD),
        "deep": queries(worker_client, deep_page(few)),
    }
    many = [*add_cases(open_case, 9_990), *few]
    large = {
        "case": queries(worker_client, case_page),
        "first": queries(worker_client, CASELOAD),
        "deep": queries(worker_client, deep_page(many)),
    }

    assert Case.objects.filter(link_worker=open_case.link_worker, status="open").count() == 10_000
    assert {page: count for page, (count, _) in large.items()} == {
        page: count for page, (count, _) in small.items()
    }
    assert small["first"][1].count('href="/cases/') == 10
    assert large["first"][1].count('href="/cases/') == PAGE_SIZE
    assert "Later cases" in large["first"][1]
    assert small["deep"][1].count('href="/cases/') == 4
    assert large["deep"][1].count('href="/cases/') == PAGE_SIZE
    assert large["deep"][1] != large["first"][1]
    assert "Cass Casey" in large["case"][1]
    assert small["case"][1].count("Wellbeing coordinator service, opened") == 1
    assert large["case"][1].count("Wellbeing coordinator service, opened") == 11
