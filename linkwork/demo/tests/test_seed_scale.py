from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from linkwork.accounts.models import Membership, Organisation, Role
from linkwork.casework.models import Case, Contact
from linkwork.casework.selectors.caseload import caseload_page
from linkwork.core.audit_chain import verify_chain
from linkwork.core.context import Actor
from linkwork.core.models import AuditEvent
from linkwork.demo.scale.sizes import SIZES
from linkwork.directory.models import Service
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.scoring import score_answers
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.validators import nhs_number_problem
from linkwork.referrals.models import ContactAttempt, Referral
from linkwork.referrals.vocabulary import Status
from linkwork.testing.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db
TINY = SIZES["tiny"]


def seed_scale(seed=3, *args):
    output = StringIO()
    call_command("seed_scale", "--size", "tiny", "--seed", str(seed), *args, stdout=output)
    return output.getvalue()


class _Undo(Exception):
    pass


def seeded_then_undone(seed):
    """What a seed produced (ids and identifying values), with the database rolled back afterwards."""
    try:
        with transaction.atomic():
            seed_scale(seed)
            captured = (
                list(
                    Person.objects.order_by("id").values_list(
                        "id", "nhs_number", "given_name", "date_of_birth"
                    )
                ),
                list(
                    Referral.objects.order_by("id").values_list(
                        "id", "status", "triage_level", "source", "needs"
                    )
                ),
                list(Case.objects.order_by("id").values_list("id", "referral_id", "link_worker__username")),
            )
            raise _Undo
    except _Undo:
        return captured


def test_tiny_dataset_has_every_table_in_proportion():
    output = seed_scale()

    assert Person.objects.count() == TINY.people
    referrals = Referral.objects.count()
    assert 0.9 * TINY.referrals <= referrals <= 1.1 * TINY.referrals
    accepted = Referral.objects.filter(status=Status.ACCEPTED).count()
    assert Case.objects.count() == accepted
    assert 0.35 * referrals <= accepted <= 0.7 * referrals
    assert 0.6 * TINY.contacts <= Contact.objects.count() <= 1.4 * TINY.contacts
    assert 0.6 * TINY.measures <= MeasureResponse.objects.count() <= 1.4 * TINY.measures
    assert ContactAttempt.objects.exists()
    # Every person is linked to the organisations that referred or received them.
    assert LegitimateRelationship.objects.count() >= 2 * referrals
    assert not Person.objects.filter(relationships__isnull=True).exists()
    assert Service.objects.count() == TINY.services
    assert AuditEvent.objects.count() >= TINY.audit_events
    # Progress per table: rows, seconds and rows a second.
    assert "people_person" in output
    assert "rows/s" in output
    # Realistic spread: many statuses, every scheme preset, every referral source.
    assert Referral.objects.values("status").distinct().count() >= 6
    assert set(Referral.objects.values_list("scheme__preset", flat=True)) == {
        "pcn-link-worker",
        "wellbeing-coordinator",
        "ways-to-wellness",
    }
    assert {"gp_practice", "self"} <= set(Referral.objects.values_list("source", flat=True))
    assert Case.objects.filter(status=Case.Status.OPEN).exists()
    assert Case.objects.filter(status=Case.Status.CLOSED).exclude(discharge_reason="").exists()


def test_nhs_numbers_are_valid_synthetic_and_unique():
    seed_scale()

    numbers = list(Person.objects.values_list("nhs_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(number.startswith("999") and nhs_number_problem(number) is None for number in numbers)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first, again, other = seeded_then_undone(5), seeded_then_undone(5), seeded_then_undone(6)

    assert first == again
    assert first[0]
    assert first[1]
    assert first[2]
    assert first[0][:5] != other[0][:5]


def test_timestamps_of_each_referral_follow_its_lifecycle():
    seed_scale()

    for referral in Referral.objects.exclude(allocated_at=None):
        assert referral.created_at <= referral.triaged_at <= referral.allocated_at
        assert referral.link_worker_id
        assert referral.provider_id
        if referral.first_contact_at:
            assert referral.allocated_at <= referral.first_contact_at
    for case in Case.objects.select_related("referral"):
        assert case.opened_at == case.referral.outcome_at
        assert case.provider_id == case.referral.provider_id


def test_a_link_worker_sees_their_cases_through_the_normal_selectors():
    seed_scale()
    case = Case.objects.filter(status=Case.Status.OPEN).select_related("link_worker", "provider").first()
    worker = Actor(user=case.link_worker, organisation=case.provider, role=Role.LINK_WORKER)

    page = caseload_page(actor=worker, worker=case.link_worker)

    assert page.rows
    assert {row.link_worker_id for row in page.rows} == {case.link_worker_id}
    assert Case.objects.visible_to(worker).filter(pk=case.pk).exists()
    assert Person.objects.visible_to(worker).filter(pk=case.person_id).exists()
    assert Referral.objects.visible_to(worker).filter(pk=case.referral_id).exists()


def _member(organisation, role):
    membership = (
        Membership.objects.filter(organisation=organisation, role=role).select_related("user").first()
    )
    return Actor(user=membership.user, organisation=organisation, role=role)


def test_the_scope_follows_allocation_like_the_services_do():
    seed_scale()
    referral = (
        Referral.objects.filter(status=Status.ACCEPTED, scheme__preset="ways-to-wellness")
        .annotate(referrals_of_person=Count("person__referrals"))
        .filter(referrals_of_person=1)
        .select_related("referring_organisation", "provider")
        .first()
    )
    other_providers = referral.scheme.providers.exclude(pk=referral.provider_id)

    assert other_providers.exists()
    referrer = _member(referral.referring_organisation, Role.REFERRER)
    assert Referral.objects.visible_to(referrer).filter(pk=referral.pk).exists()
    allocated = _member(referral.provider, Role.TEAM_LEAD)
    assert Person.objects.visible_to(allocated).filter(pk=referral.person_id).exists()
    for provider in other_providers:
        # Their link from the referral ended when another provider allocated it.
        assert not Person.objects.visible_to(_member(provider, Role.TEAM_LEAD)).filter(pk=referral.person_id)
    commissioner = Organisation.objects.get(kind=Organisation.Kind.COMMISSIONER)
    assert not Person.objects.visible_to(_member(commissioner, Role.COMMISSIONER)).exists()


def test_outcome_scores_are_the_scoring_engines():
    seed_scale()
    completed = MeasureResponse.objects.filter(status="completed").select_related("instrument")

    assert completed.count() > 0
    for response in completed:
        result = score_answers(
            response.instrument.definition, response.answers, time_point=response.time_point
        )
        assert response.scores == {
            code: {"raw": scale.raw, "converted": scale.converted, "band": scale.band}
            for code, scale in result.scales.items()
        }
    paired = completed.filter(time_point="exit").values_list("case_id", flat=True)
    assert completed.filter(time_point="baseline", case_id__in=paired).exists()


def test_the_audit_chain_verifies():
    seed_scale()

    report = verify_chain()
    assert report.broken is None
    assert report.count == AuditEvent.objects.count()
    output = StringIO()
    call_command("verify_audit", stdout=output)
    assert "chain intact" in output.getvalue()


def test_refuses_a_database_that_already_holds_people_unless_forced():
    make_person(make_organisation())

    with pytest.raises(CommandError, match="already holds people"):
        seed_scale()
    assert Person.objects.count() == 1

    seed_scale(3, "--force")
    assert Person.objects.count() == 1 + TINY.people
