"""The demo shows issue 21's evaluation: the PCN commissioner's report on "People I can turn to"."""

from io import StringIO

import pytest
from django.core.management import call_command

from linkwork.accounts.models import Membership, Role
from linkwork.demo.evaluation import CODE, evaluation_seed
from linkwork.outcomes.models import MeasureResponse
from linkwork.reporting.selectors import outcome_report, report_criteria, suppression_threshold
from linkwork.reporting.tables import outcome_tables
from linkwork.testing.factories import actor_for
from linkwork.testing.shared import built_once_per_module

pytestmark = pytest.mark.django_db


def seed_demo():
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture(scope="module")
def seeded(request, django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (a few seconds)."""
    yield from built_once_per_module(request, django_db_blocker, seed_demo)


def test_the_pcn_commissioner_sees_the_social_connection_measure_with_pairs(seeded):
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username="pcn.commissioner"
    )
    commissioner = actor_for(membership.user, membership.organisation, Role.COMMISSIONER)
    scheme = membership.organisation.commissioned_schemes.get()
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=CODE)

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    assert report.scales[0].n >= suppression_threshold()
    assert report.scales[0].overall.change.mean > 0
    assert next(t for t in outcome_tables(report) if t.key == "adjusted").rows[0]["change_mean"] is not None


def test_seeding_the_evaluation_again_adds_nothing(seeded):
    before = MeasureResponse.objects.filter(instrument__code=CODE).count()

    evaluation_seed()

    assert MeasureResponse.objects.filter(instrument__code=CODE).count() == before > 0
