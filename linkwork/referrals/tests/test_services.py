import pytest

from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.referrals.services import (
    IdempotencyConflict,
    Ineligible,
    contact_attempt_record,
    referral_allocate,
    referral_decline,
    referral_record_decision,
    referral_submit,
    referral_triage,
)
from linkwork.referrals.vocabulary import ContactOutcome, Status
from linkwork.testing.concurrency import run_at_once

from .conftest import aged


def test_a_referral_links_the_referrer_and_every_provider_and_is_audited(actors, eligible_submission, world):
    referral, created = referral_submit(by=actors["referrer"], **eligible_submission)

    assert created
    assert referral.status == Status.RECEIVED
    assert referral.person.nhs_number == "9434765919"
    linked = set(referral.person.relationships.values_list("organisation__name", flat=True))
    assert linked == {"Practice A", "Provider A", "Provider B"}
    assert AuditEvent.objects.filter(action="referral.submit", person_id=referral.person_id).exists()


def test_the_same_idempotency_key_gives_the_same_referral(actors, eligible_submission):
    first, _ = referral_submit(by=actors["referrer"], idempotency_key="key-1", **eligible_submission)
    second, created = referral_submit(by=actors["referrer"], idempotency_key="key-1", **eligible_submission)

    assert (second.pk, created) == (first.pk, False)
    assert Referral.objects.count() == 1


def test_the_same_key_with_other_details_is_refused_and_changes_nothing(actors, eligible_submission):
    referral_submit(by=actors["referrer"], idempotency_key="key-1", **eligible_submission)
    audits = AuditEvent.objects.count()
    other = eligible_submission | {"needs_details": "Something else entirely"}

    with pytest.raises(IdempotencyConflict):
        referral_submit(by=actors["referrer"], idempotency_key="key-1", **other)

    assert Referral.objects.count() == 1
    assert Referral.objects.get().needs_details == eligible_submission.get("needs_details", "")
    assert AuditEvent.objects.count() == audits


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_and_different_details_make_one_referral_and_one_refusal(
    actors, eligible_submission
):
    def submit(needs_details):
        return lambda: referral_submit(
            by=actors["referrer"],
            idempotency_key="same",
            **(eligible_submission | {"needs_details": needs_details}),
        )

    results, errors = run_at_once(submit("first"), submit("second"))

    assert Referral.objects.count() == 1
    assert [type(error) for error in errors] == [IdempotencyConflict]
    assert [created for _, created in results] == [True]


def test_a_second_referral_for_the_same_nhs_number_reuses_the_person(actors, eligible_submission):
    referral_submit(by=actors["referrer"], **eligible_submission)
    eligible_submission["person_details"] |= {"given_name": "Typed Differently"}

    second, _ = referral_submit(by=actors["referrer"], **eligible_submission)

    assert Person.objects.count() == 4  # the world's three people and Grace
    assert second.person.given_name == "Grace"


def test_an_ineligible_referral_is_refused_with_the_reason_and_writes_nothing(actors, eligible_submission):
    eligible_submission["person_details"]["date_of_birth"] = aged(38)
    counts = (Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count())

    with pytest.raises(Ineligible) as raised:
        referral_submit(by=actors["referrer"], **eligible_submission)

    assert raised.value.issues == ["aged 38: this scheme accepts 40–74"]
    assert (Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts


def test_an_override_reason_lets_an_ineligible_referral_through_flagged(actors, eligible_submission):
    eligible_submission["person_details"]["date_of_birth"] = aged(38)

    referral, _ = referral_submit(
        by=actors["referrer"],
        eligibility_override_reason="Turns 40 next month; GP judgement",
        **eligible_submission,
    )

    assert referral.eligibility_issues == ["aged 38: this scheme accepts 40–74"]
    assert referral.eligibility_override_reason == "Turns 40 next month; GP judgement"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent_to_refer": False}, "must agree to be referred"),
        ({"needs": []}, "at least one reason"),
        ({"needs": ["astrology"]}, "Unknown reasons"),
        ({"source": "self"}, "does not accept referrals from self-referral"),
        ({"source": "health"}, "does not accept referrals from other health professional"),
    ],
)
def test_bad_submissions_are_refused_with_a_clear_message(actors, eligible_submission, change, message):
    with pytest.raises(DomainError, match=message):
        referral_submit(by=actors["referrer"], **(eligible_submission | change))
    assert not Referral.objects.exists()


@pytest.fixture
def received(actors, eligible_submission):
    return referral_submit(by=actors["referrer"], **eligible_submission)[0]


def test_triage_allocation_contact_and_acceptance(actors, received, world):
    referral = referral_triage(by=actors["team_lead"], referral=received, level="light")
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )

    assert referral.status == Status.ALLOCATED
    linked = set(referral.person.relationships.current().values_list("organisation__name", flat=True))
    assert linked == {"Practice A", "Provider A"}  # provider B no longer sees the person

    contact_attempt_record(
        by=actors["link_worker"], referral=referral, method="phone", outcome=ContactOutcome.NO_ANSWER
    )
    contact_attempt_record(
        by=actors["link_worker"], referral=referral, method="phone", outcome=ContactOutcome.REACHED
    )
    referral = referral_record_decision(by=actors["link_worker"], referral=referral, accepted=True)

    assert referral.status == Status.ACCEPTED
    assert referral.snomed_code == "871731000000106"
    assert referral.first_contact_at is not None


def test_the_person_declining_records_the_declined_code(actors, received, world):
    referral = referral_triage(by=actors["team_lead"], referral=received, level="complex")
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )
    contact_attempt_record(
        by=actors["link_worker"], referral=referral, method="phone", outcome=ContactOutcome.REACHED
    )

    referral = referral_record_decision(
        by=actors["link_worker"], referral=referral, accepted=False, note="Not now"
    )

    assert (referral.status, referral.snomed_code) == (Status.PERSON_DECLINED, "871711000000103")


def test_failed_attempts_up_to_the_scheme_limit_close_as_unable_to_contact(actors, received, world):
    referral = referral_triage(by=actors["team_lead"], referral=received, level="light")
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )

    for outcome in (ContactOutcome.NO_ANSWER, ContactOutcome.MESSAGE_LEFT, ContactOutcome.NO_ANSWER):
        contact_attempt_record(by=actors["link_worker"], referral=referral, method="phone", outcome=outcome)

    referral.refresh_from_db()
    assert referral.status == Status.UNABLE_TO_CONTACT


def test_a_second_triage_of_a_closed_referral_is_refused(actors, received):
    referral_decline(
        by=actors["team_lead"],
        referral=received,
        reason="crisis",
        redirect_advice="Crisis team: 0800 000 000",
    )

    with pytest.raises(DomainError, match="already declined by the service"):
        referral_triage(by=actors["team_lead"], referral=received, level="light")


def test_a_practice_cannot_refer_into_a_scheme_that_does_not_serve_it(actors, eligible_submission):
    with pytest.raises(DomainError, match="does not serve Practice B"):
        referral_submit(by=actors["referrer_b"], **eligible_submission)
    assert not Referral.objects.exists()


def test_allocation_only_to_a_worker_of_the_allocating_provider(actors, received, world):
    referral = referral_triage(by=actors["team_lead"], referral=received, level="light")

    with pytest.raises(DomainError, match="works for your organisation"):
        referral_allocate(by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker_b"])


def test_only_the_allocated_worker_records_contact(actors, received, world):
    referral = referral_triage(by=actors["team_lead"], referral=received, level="light")
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["team_lead"]
    )

    with pytest.raises(DomainError, match="Only the allocated link worker"):
        contact_attempt_record(by=actors["link_worker"], referral=referral, method="phone", outcome="reached")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_idempotency_key_create_one_referral(actors, eligible_submission):
    def submit():
        return referral_submit(by=actors["referrer"], idempotency_key="same", **eligible_submission)

    results, errors = run_at_once(submit, submit)

    assert errors == []
    assert Referral.objects.count() == 1
    assert {referral.pk for referral, _ in results} == {Referral.objects.get().pk}
    assert sorted(created for _, created in results) == [False, True]
