"""Cohorts: an imported batch (named at import), a referral period, a provider or a practice; checked
against what the actor may choose, on the page and in the API."""

import datetime
import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, ImportBatch
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.interop.history_import import import_history
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.reporting.evaluation.cohort_choices import batch_choices, cohort_for
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import methods
from linkwork.testing.factories import actor_for

from .conftest import Story, choices

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "import-history.csv"
ONS4 = "ons4"


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


@pytest.fixture
def team_lead(world):
    return actor_for(world.users["team_lead"], world.organisations["provider_a"], Role.TEAM_LEAD)


def import_example(world, scheme, batch="", path=EXAMPLE):
    arguments = ["import_history", str(path), "--scheme", scheme.slug, "--team-lead", "team_lead"]
    out = io.StringIO()
    call_command(*arguments, *(["--batch", batch] if batch else []), stdout=out)
    return out.getvalue()


def cases_counted(actor, scheme, instrument=ONS4, **cohort):
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=instrument)
    criteria = replace(criteria, cohort=cohort_for(actor=actor, scheme=criteria.scheme, **cohort))
    report = outcome_report(actor=actor, criteria=criteria, channel="test")
    return report.scales[0].attrition.cases, report


def test_an_import_is_named_and_a_report_can_cover_that_batch_only(tell, scheme, world, commissioner):
    tell([Story(50, 60)] * 4)

    said = import_example(world, scheme, batch="Spreadsheet 2023")
    again = import_example(world, scheme, batch="Spreadsheet 2023")

    batch = ImportBatch.objects.get()
    assert "Batch: Spreadsheet 2023." in said
    assert "Batch:" not in again  # nothing new: no batch touched
    assert (batch.name, batch.scheme, batch.provider) == (
        "Spreadsheet 2023",
        scheme,
        world.organisations["provider_a"],
    )
    assert batch.cases.count() == 3
    assert cases_counted(commissioner, scheme)[0] == 7
    counted, report = cases_counted(commissioner, scheme, batch_id=batch.pk)
    assert counted == 3
    assert "imported in the batch “Spreadsheet 2023”" in methods(report)[1]
    audits = AuditEvent.objects.filter(action="history.import").order_by("id")
    assert [audit.details["batch"] for audit in audits] == ["Spreadsheet 2023", ""]


def test_a_batch_is_named_after_the_file_by_default_and_a_refused_file_makes_none(
    scheme, world, instruments, tmp_path
):
    import_example(world, scheme)
    bad = tmp_path / "bad.csv"
    bad.write_text(EXAMPLE.read_text().replace("2023-001", "2023-901").replace("9434765919", "9434765918"))

    with pytest.raises(CommandError):
        import_example(world, scheme, batch="Refused", path=bad)

    assert list(ImportBatch.objects.values_list("name", flat=True)) == ["import-history"]
    with pytest.raises(DomainError, match="120 characters or fewer"):
        import_history(
            by=actor_for(world.users["team_lead"], world.organisations["provider_a"], Role.TEAM_LEAD),
            scheme=scheme,
            link_worker=world.users["team_lead"],
            lines=[],
            batch_name="x" * 121,
        )


def test_referral_period_provider_and_practice_narrow_the_cases(tell, scheme, world, commissioner):
    cases = tell([Story(50, 60)] * 6)
    org = world.organisations
    scheme.providers.add(org["provider_b"])
    scheme.practices.add(org["practice_b"])
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Referral.objects.filter(case__in=cases[:2]).update(created_at=long_ago)
    Case.objects.filter(pk=cases[2].pk).update(provider=org["provider_b"])
    Person.objects.filter(cases__in=cases[3:6]).update(registered_practice=org["practice_b"])
    a_year_ago = timezone.localdate() - datetime.timedelta(days=365)

    assert cases_counted(commissioner, scheme, "health_today", referred_to=a_year_ago)[0] == 2
    assert cases_counted(commissioner, scheme, "health_today", referred_from=a_year_ago)[0] == 4
    assert cases_counted(commissioner, scheme, "health_today", provider_id=org["provider_b"].pk)[0] == 1
    assert cases_counted(commissioner, scheme, "health_today", practice_id=org["practice_b"].pk)[0] == 3
    both = cases_counted(
        commissioner,
        scheme,
        "health_today",
        practice_id=org["practice_b"].pk,
        provider_id=org["provider_a"].pk,
    )
    assert both[0] == 3
    assert "registered with Practice B" in methods(both[1])[1]


def test_only_batches_providers_and_practices_in_reach_can_be_chosen(
    scheme, world, commissioner, team_lead, instruments
):
    import_example(world, scheme, batch="Ours")
    theirs = ImportBatch.objects.create(
        scheme=scheme, provider=world.organisations["provider_b"], name="Theirs"
    )
    org = world.organisations

    assert {b.name for b in batch_choices(commissioner)} == {"Ours", "Theirs"}
    assert [b.name for b in batch_choices(team_lead)] == ["Ours"]
    refusals = [
        (team_lead, {"batch_id": theirs.pk}, "batch"),
        (team_lead, {"provider_id": org["provider_b"].pk}, "provider"),
        (commissioner, {"provider_id": org["provider_b"].pk}, "provider"),  # not a provider of this scheme
        (commissioner, {"practice_id": org["practice_b"].pk}, "practice"),
        (
            commissioner,
            {"referred_from": datetime.date(2026, 5, 2), "referred_to": datetime.date(2026, 5, 1)},
            "referred_to",
        ),
    ]
    for actor, chosen, field in refusals:
        with pytest.raises(DomainError) as refused:
            cohort_for(actor=actor, scheme=scheme, **chosen)
        assert refused.value.field == field


def test_the_page_and_the_api_restrict_to_the_cohort(tell, scheme, world, login, client, token_for):
    tell([Story(50, 60)] * 5)
    import_example(world, scheme, batch="Spreadsheet 2023")
    batch = ImportBatch.objects.get()
    page = login(world.users["commissioner"])

    shown = page.get(
        reverse("reporting:outcomes"), choices(scheme, instrument=ONS4, batch=batch.pk)
    ).content.decode()
    refused = page.get(reverse("reporting:outcomes"), choices(scheme, provider=99999)).content.decode()
    api = client.get(
        reverse("api:reports_outcomes"),
        {"scheme": scheme.slug, "instrument": "health_today", "batch": batch.pk},
        HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}",
    )
    unknown = client.get(
        reverse("api:reports_outcomes"),
        {"scheme": scheme.slug, "instrument": "health_today", "batch": batch.pk + 1},
        HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}",
    )

    assert "Cohort: only cases imported in the batch “Spreadsheet 2023”." in shown
    assert '<details class="nhsuk-details" open>' in shown
    assert "Choose one from the list" in refused
    assert api.json()["cohort"].startswith("Cohort: only cases imported in the batch")
    assert api.json()["tables"][0]["rows"][0]["n"] == "<5"  # the 5 told cases are not in the batch
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "batch"
