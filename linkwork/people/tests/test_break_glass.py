"""Emergency access: only with a reason and the second factor, only for the user who asked, only for a few
hours, flagged in the audit, and reviewed by a team lead of their own organisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.people.break_glass import break_glass_open, break_glass_queue, break_glass_review
from linkwork.people.models import BreakGlassAccess, LegitimateRelationship, Person
from linkwork.referrals.models import Referral
from linkwork.testing.auth import current_code, known_app_device
from linkwork.testing.factories import actor_for, make_user

pytestmark = pytest.mark.django_db

REASON = "Police called: Mrs Alpha is missing and her neighbour says she is known to a link worker"


@pytest.fixture
def provider_b(world):
    """Provider B's link worker (with an authenticator app), a colleague and their team lead."""
    org = world.organisations["provider_b"]
    lead = make_user("team_lead_b", organisation=org, role=Role.TEAM_LEAD)
    colleague = make_user("colleague_b", organisation=org, role=Role.LINK_WORKER)
    worker = world.users["link_worker_b"]
    device = known_app_device(worker)
    return {
        "worker": actor_for(worker, org, Role.LINK_WORKER),
        "colleague": actor_for(colleague, org, Role.LINK_WORKER),
        "lead": actor_for(lead, org, Role.TEAM_LEAD),
        "code": lambda: current_code(device),
    }


def visible(actor, person):
    return Person.objects.visible_to(actor).filter(pk=person.pk).exists()


def test_with_a_reason_and_the_code_only_that_user_sees_the_record_for_a_few_hours(world, provider_b):
    person = world.people["person_a"]
    assert not visible(provider_b["worker"], person)

    access = break_glass_open(
        by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code=provider_b["code"]()
    )

    assert visible(provider_b["worker"], person)
    assert not visible(provider_b["colleague"], person)
    assert (
        datetime.timedelta(hours=3, minutes=59)
        < access.expires_at - timezone.now()
        <= datetime.timedelta(hours=4)
    )
    event = AuditEvent.objects.get(action="person.break_glass", outcome=AuditEvent.Outcome.ALLOWED)
    assert (event.details["break_glass"], event.reason) == (True, REASON)
    LegitimateRelationship.objects.filter(granted_to=provider_b["worker"].user).update(
        ended_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not visible(provider_b["worker"], person)


@pytest.mark.parametrize(
    ("reason", "code", "message"),
    [
        ("Need it", "good", "in at least 20 characters"),
        (REASON, "000000", "not right"),
        (REASON, "", "Enter the 6-digit code"),
    ],
)
def test_without_a_real_reason_or_the_right_code_nothing_opens(world, provider_b, reason, code, message):
    person = world.people["person_a"]
    code = provider_b["code"]() if code == "good" else code

    with pytest.raises(DomainError, match=message):
        break_glass_open(by=provider_b["worker"], nhs_number=person.nhs_number, reason=reason, code=code)

    assert not visible(provider_b["worker"], person)
    assert not BreakGlassAccess.objects.exists()


def test_emergency_access_opens_no_referrals_for_anyone(world, provider_b):
    person = world.people["person_a"]
    break_glass_open(
        by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code=provider_b["code"]()
    )

    for actor in (provider_b["worker"], provider_b["colleague"], provider_b["lead"]):
        assert not Referral.objects.visible_to(actor).filter(person=person).exists()


def test_a_wrong_code_is_kept_in_the_audit_as_a_refused_emergency_access(world, provider_b):
    person = world.people["person_a"]

    with pytest.raises(DomainError):
        break_glass_open(by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code="000000")

    refused = AuditEvent.objects.get(action="person.break_glass")
    assert (refused.outcome, refused.reason) == (AuditEvent.Outcome.DENIED, REASON)


def test_a_record_already_in_scope_opens_without_emergency_access(world, provider_b):
    person = world.people["person_b"]

    opened = break_glass_open(
        by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code=provider_b["code"]()
    )

    assert opened == person
    assert not BreakGlassAccess.objects.exists()


def test_every_view_during_emergency_access_is_flagged_in_the_audit(client, login, world, provider_b):
    person = world.people["person_a"]
    break_glass_open(
        by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code=provider_b["code"]()
    )
    login(world.users["link_worker_b"])

    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert page.status_code == 200
    assert "Emergency access" in page.content.decode()
    view = AuditEvent.objects.filter(action="person.view").latest("occurred_at")
    assert view.details == {"break_glass": True}


def test_a_team_lead_of_the_same_organisation_reviews_it_but_not_their_own(world, provider_b, case_actors):
    person = world.people["person_a"]
    access = break_glass_open(
        by=provider_b["worker"], nhs_number=person.nhs_number, reason=REASON, code=provider_b["code"]()
    )

    assert [a.pk for a in break_glass_queue(actor=provider_b["lead"])] == [access.pk]
    assert break_glass_queue(actor=case_actors["team_lead"]) == []
    with pytest.raises(DomainError, match="no such emergency access"):
        break_glass_review(by=case_actors["team_lead"], access_id=access.pk, note="Fine")
    with pytest.raises(DomainError, match="Say what you found"):
        break_glass_review(by=provider_b["lead"], access_id=access.pk, note=" ")

    reviewed = break_glass_review(
        by=provider_b["lead"], access_id=access.pk, note="Justified: police request"
    )

    assert (reviewed.reviewed_by, reviewed.review_note) == (
        provider_b["lead"].user,
        "Justified: police request",
    )
    assert break_glass_queue(actor=provider_b["lead"]) == []


def test_the_pages_ask_refuse_plainly_and_open_the_record(client, login, world, provider_b):
    person = world.people["person_a"]
    login(world.users["link_worker_b"])

    refused = client.post(
        reverse("people:break_glass"),
        {"nhs_number": person.nhs_number, "reason": "Urgent", "code": provider_b["code"]()},
    )
    opened = client.post(
        reverse("people:break_glass"),
        {"nhs_number": person.nhs_number, "reason": REASON, "code": provider_b["code"]()},
    )

    assert refused.status_code == 200
    assert "in at least 20 characters" in refused.content.decode()
    assert opened.status_code == 302
    assert opened["Location"] == reverse("people:detail", kwargs={"person_id": person.pk})


@pytest.mark.parametrize("role", ["referrer", "vcse_coordinator", "commissioner", "administrator"])
def test_other_roles_cannot_ask_for_emergency_access(client, login, world, role):
    login(world.users[role])

    assert client.get(reverse("people:break_glass")).status_code == 403
