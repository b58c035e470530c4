"""The PDF report and the pseudonymised record-level extract: content, who may download, audit."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.models import AuditEvent
from linkwork.people.models import Person
from linkwork.reporting.evaluation.extract import age_band, extract_rows, pseudonym
from linkwork.reporting.evaluation.pdf import report_html
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.pdf import render_pdf
from linkwork.testing.factories import actor_for, make_user

from .conftest import HEALTH, Story, choices, stories

pytestmark = pytest.mark.django_db

PDF = reverse("reporting:outcomes_pdf")
EXTRACT = reverse("reporting:outcomes_extract")
SENTINEL_NAME = "Quillon-Sentinel"
SENTINEL_NHS_NUMBER = "9434765919"
SENTINEL_POSTCODE = "NE4 9ZZ"
SENTINEL_BORN = "1961-07-23"


def test_the_pdf_is_a_pdf_with_both_charts_and_the_methods(tell, scheme, world, login):
    tell(stories(12))
    client = login(world.users["commissioner"])

    response = client.get(PDF, choices(scheme))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="report.outcomes", details__channel="pdf").count() == 1


def test_the_pdf_document_holds_the_figures_and_methods(tell, scheme, world):
    # Five better, five the same and five worse by at least the threshold: no category is suppressed.
    tell([Story(40, 60)] * 5 + [Story(50, 50)] * 5 + [Story(60, 40)] * 5)
    actor = actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=HEALTH)

    html = report_html(outcome_report(actor=actor, criteria=criteria, channel="test"))
    document = render_pdf(html)

    assert html.count('src="data:image/svg+xml;base64,') == 2
    assert "Figure 1. Mean score at baseline and follow-up" in html
    assert "Figure 2. Improved, no change and worse" in html
    assert "Difference in mean change between groups" in html
    assert "<h2>Methods</h2>" in html
    images = [box for page in document.pages for box in _descendants(page._page_box) if _is_image(box)]
    assert len(images) == 2
    assert len(document.pages) >= 2


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _is_image(box):
    return type(box).__name__ in {"InlineReplacedBox", "BlockReplacedBox"}


def test_a_report_too_small_to_describe_draws_no_chart(tell, scheme, world):
    tell(stories(3))
    actor = actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=HEALTH)

    html = report_html(outcome_report(actor=actor, criteria=criteria, channel="test"))

    assert "data:image/svg+xml" not in html
    assert render_pdf(html).pages


def test_the_extract_has_pseudonyms_bands_and_months_and_no_identifiers(tell, scheme, world, login):
    cases = tell(stories(6))
    Person.objects.filter(pk=cases[0].person_id).update(
        given_name=SENTINEL_NAME,
        family_name=SENTINEL_NAME,
        nhs_number=SENTINEL_NHS_NUMBER,
        postcode=SENTINEL_POSTCODE,
        address_line_1="1 Sentinel Street",
        date_of_birth=SENTINEL_BORN,
    )
    client = login(world.users["team_lead"])

    with override_settings(LINKWORK_PSEUDONYM_SECRET="test-secret"):
        response = client.get(EXTRACT, choices(scheme, key="evaluation-2026"))

    text = response.content.decode()
    for identifier in (
        SENTINEL_NAME,
        SENTINEL_NHS_NUMBER,
        SENTINEL_POSTCODE,
        "Sentinel Street",
        SENTINEL_BORN,
    ):
        assert identifier not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 12  # a baseline and a review for each of six cases
    first = next(
        row
        for row in rows
        if row["person"]
        == pseudonym("person", cases[0].person_id, key="evaluation-2026", secret=b"test-secret")
    )
    assert str(cases[0].person_id) not in {row["person"] for row in rows}
    assert first["age_band_at_referral"] == age_band(
        datetime.date(1961, 7, 23), cases[0].referral.created_at.date()
    )
    assert first["referral_month"] == f"{cases[0].referral.created_at:%Y-%m}"
    assert {row["score_health"] for row in rows} >= {"40", "50"}
    event = AuditEvent.objects.get(action="report.extract")
    assert event.details["rows"] == 12
    assert event.details["extract_key"] == "evaluation-2026"


def test_pseudonyms_are_stable_per_key_and_differ_between_keys(tell, scheme, world, login):
    tell(stories(5))
    client = login(world.users["team_lead"])

    def people(key):
        rows = csv.DictReader(io.StringIO(client.get(EXTRACT, choices(scheme, key=key)).content.decode()))
        return sorted({row["person"] for row in rows})

    assert people("one") == people("one")
    assert len(people("one")) == 5
    assert not set(people("one")) & set(people("two"))


def test_commissioners_may_not_download_the_extract(tell, scheme, world, login):
    tell(stories(5))
    client = login(world.users["commissioner"])

    assert client.get(EXTRACT, choices(scheme)).status_code == 403
    assert not AuditEvent.objects.filter(action="report.extract").exists()


def test_the_extract_refuses_a_commissioner_even_when_called_directly(tell, scheme, world):
    """The view's rule is not the only guard: the rows themselves are read only for a team lead."""
    tell(stories(5))
    actor = actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code="ons4")

    with pytest.raises(PermissionDenied):
        extract_rows(actor=actor, criteria=criteria, key="direct")


def test_a_team_lead_gets_their_own_providers_cases_only(tell, scheme, world, login):
    tell(stories(5))
    other_provider = world.organisations["provider_b"]
    scheme.providers.add(other_provider)
    other_lead = make_user("team_lead_b", organisation=other_provider, role=Role.TEAM_LEAD)

    response = login(other_lead).get(EXTRACT, choices(scheme))

    assert response.status_code == 200
    assert len(response.content.decode().strip().splitlines()) == 1  # the header only


@pytest.mark.parametrize(("role", "offers_extract"), [(Role.TEAM_LEAD, True), (Role.COMMISSIONER, False)])
def test_the_report_page_offers_the_pdf_and_the_extract_only_to_team_leads(
    role, offers_extract, tell, scheme, world, login
):
    tell(stories(5))

    page = login(world.users[role]).get(reverse("reporting:outcomes"), choices(scheme)).text

    assert f'href="{PDF}?' in page
    assert (f'href="{EXTRACT}?' in page) is offers_extract
