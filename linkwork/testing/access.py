"""The records every access test needs on both sides of an organisational boundary: two schemes, their
referrals and cases with one of each record kind.

`schemes`, `referrals` and `cases` build them for one test. `access_records` builds the whole set once
per module (see `shared.py`) for the tests that only read them: the access matrix, the forgery and
list-scope checks and the field-minimisation test, which ask for `access` and name URLs with
`access.url(name, policy, side)`.
"""

import uuid
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Organisation, Role
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.casework.services.contacts import contact_record
from linkwork.casework.services.goals import goal_create
from linkwork.casework.services.risk import risk_flag_raise
from linkwork.casework.services.team import supervision_note_record
from linkwork.directory.models import Service
from linkwork.messaging.models import OutboxMessage
from linkwork.onward.services import onward_referral_send
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.people.models import BreakGlassAccess
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset

from .directory import directory_add, listing, owned_listing_id, public_listing_ids
from .factories import SYSTEM, actor_for, make_organisation
from .fixtures import World, build_world, instruments_synced
from .shared import built_once_per_module


@pytest.fixture
def schemes(world):
    return build_schemes(world)


def build_schemes(world) -> dict:
    org = world.organisations
    return {
        "own": scheme_apply_preset(
            by=SYSTEM,
            preset="wellbeing-coordinator",
            name="Scheme A",
            commissioner=org["commissioner"],
            providers=[org["provider_a"]],
            practices=[org["practice_a"]],
        ),
        "other": scheme_apply_preset(
            by=SYSTEM,
            preset="pcn-link-worker",
            name="Scheme B",
            providers=[org["provider_b"]],
            practices=[org["practice_b"]],
        ),
    }


@pytest.fixture
def referrals(world, schemes):
    return build_referrals(world, schemes)


def build_referrals(world, schemes) -> dict:
    """Scheme A's referral from practice A, allocated to provider A's link worker; scheme B's from practice B."""
    org, users = world.organisations, world.users

    def refer(user, practice, scheme, person):
        details = {
            "nhs_number": person.nhs_number,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
        }
        return referral_submit(
            by=actor_for(users[user], org[practice], Role.REFERRER),
            scheme=scheme,
            source="gp_practice",
            person_details=details,
            needs=["loneliness"],
            consent_to_refer=True,
        )[0]

    own = refer("referrer", "practice_a", schemes["own"], world.people["person_a"])
    team_lead = actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD)
    own = referral_triage(by=team_lead, referral=own, level="standard")
    own = referral_allocate(by=team_lead, referral=own, link_worker=users["link_worker"])
    return {
        "own": own,
        "other": refer("referrer_b", "practice_b", schemes["other"], world.people["person_b"]),
    }


@pytest.fixture
def cases(world, referrals, instruments):
    return build_cases(world, referrals)


def build_cases(world, referrals) -> dict:
    """Provider A's case for person A (link worker A) and provider B's for person B, each with records."""
    org, users = world.organisations, world.users
    other_record = listing("Walking group B", organisation_name="Walking Group B listings")
    onward_services = {
        "own": Service.objects.get(pk=owned_listing_id(org["vcse_a"])),
        "other": directory_add(
            other_record,
            owners={
                str(other_record["organisation"]["id"]): make_organisation(Organisation.Kind.VCSE, "Group B")
            },
        )[0],
    }
    opened = {}
    for side, worker, provider in (
        ("own", "link_worker", "provider_a"),
        ("other", "link_worker_b", "provider_b"),
    ):
        lead = actor_for(
            users[worker] if side == "other" else users["team_lead"], org[provider], Role.TEAM_LEAD
        )
        worker_actor = actor_for(users[worker], org[provider], Role.LINK_WORKER)
        referral = referrals[side]
        if side == "other":
            referral = referral_triage(by=lead, referral=referral, level="standard")
            referral = referral_allocate(by=lead, referral=referral, link_worker=users[worker])
        contact_attempt_record(by=worker_actor, referral=referral, method="phone", outcome="reached")
        case = referral_decide_and_open_case(by=worker_actor, referral=referral, accepted=True)
        opened[side] = {
            "case_id": case.pk,
            "contact_id": contact_record(
                by=worker_actor,
                case=case,
                occurs_at=case.opened_at,
                mode="phone",
                place="remote",
                attendance="attended",
            ).pk,
            "goal_id": goal_create(
                by=worker_actor, case=case, domain="money", description="Sort out the bills"
            ).pk,
            "flag_id": risk_flag_raise(
                by=worker_actor, case=case, kind="lone_working", description="Dog at home"
            ).pk,
            "note_id": supervision_note_record(by=lead, case=case, note="Discussed pacing").pk,
            "response_id": measures_record(
                by=worker_actor,
                case=case,
                time_point="baseline",
                occasion=0,
                measures=[MeasureAnswers("health_today", {"health": 60})],
                completed_on=timezone.localdate(case.opened_at),
            )[0].pk,
            "onward_id": onward_referral_send(
                by=worker_actor,
                case=case,
                service=onward_services[side],
                consent=True,
                summary="Would like to join a walking group",
            ).pk,
            "code": "health_today",
            "time_point": "baseline",
            "occasion": 0,
        }
    for records in opened.values():
        records["task_id"] = records["onward_id"]
    return opened


def emergency_access(world, side):
    """Provider A's link worker opened person B's record (own side); provider B's opened person A's."""
    worker, organisation, person = (
        ("link_worker", "provider_a", "person_b")
        if side == "own"
        else ("link_worker_b", "provider_b", "person_a")
    )
    return BreakGlassAccess.objects.get_or_create(
        user=world.users[worker],
        defaults={
            "person": world.people[person],
            "organisation": world.organisations[organisation],
            "reason": "Police asked where this person lives",
            "expires_at": timezone.now(),
        },
    )[0]


@dataclass(frozen=True)
class AccessRecords:
    """Both sides' records, and the ids of the directory listings the public and VCSE URLs name."""

    world: World
    schemes: dict
    referrals: dict
    cases: dict
    public_listing: dict
    owned_listing: uuid.UUID

    def url(self, name, policy, side) -> str:
        """The URL `name` for the own or other organisation's record of the kind the policy names."""
        world, cases = self.world, self.cases
        if policy.scope == "person":
            person = world.people["person_a" if side == "own" else "person_b"]
            return reverse(name, kwargs={"person_id": person.pk})
        if policy.scope == "scheme":
            return reverse(name, kwargs={"slug": self.schemes[side].slug})
        if policy.scope == "referral":
            return reverse(name, kwargs={"referral_id": self.referrals[side].pk})
        if policy.scope == "fhir_referral":
            return reverse(name, kwargs={"service_request_id": self.referrals[side].pk})
        if policy.scope == "case":
            return reverse(name, kwargs={key: cases[side][key] for key in policy.kwargs})
        if policy.scope == "break_glass":
            return reverse(name, kwargs={"access_id": emergency_access(world, side).pk})
        if policy.scope == "message":
            accepted = OutboxMessage.objects.get(
                kind="referral_accepted", channel="in_app", person=self.referrals[side].person
            )
            return reverse(name, kwargs={"message_id": accepted.pk})
        if policy.scope == "token":
            return reverse(name, kwargs={"token": "no-such-link"})
        if policy.scope == "instrument":
            return reverse(name, kwargs={"code": "ons4"})
        if policy.scope == "onward":
            return reverse(name, kwargs={"onward_id": cases[side]["onward_id"]})
        if policy.scope == "directory":
            return reverse(name, kwargs={key: self.public_listing[key] for key in policy.kwargs})
        if policy.scope == "organisation":
            organisation = world.organisations["provider_a" if side == "own" else "provider_b"]
            return reverse(name, kwargs={"organisation_id": organisation.pk})
        if policy.scope in ("user", "membership"):
            user = world.users["link_worker" if side == "own" else "link_worker_b"]
            kwargs = {"user_id": user.pk}
            if policy.scope == "membership":
                kwargs["membership_id"] = user.memberships.get().pk
            return reverse(name, kwargs=kwargs)
        if policy.scope == "listing":
            other = self.public_listing["service_id"]
            return reverse(name, kwargs={"service_id": self.owned_listing if side == "own" else other})
        return reverse(name)


def build_access_records() -> AccessRecords:
    world = build_world()
    instruments_synced()
    schemes = build_schemes(world)
    referrals = build_referrals(world, schemes)
    return AccessRecords(
        world=world,
        schemes=schemes,
        referrals=referrals,
        cases=build_cases(world, referrals),
        public_listing=public_listing_ids(),
        owned_listing=owned_listing_id(world.organisations["vcse_a"]),
    )


@pytest.fixture(scope="module")
def access_records(request, django_db_setup, django_db_blocker):
    yield from built_once_per_module(request, django_db_blocker, build_access_records)


@pytest.fixture
def access(db, access_records) -> AccessRecords:
    """The module's shared access records, inside this test's own savepoint."""
    return access_records
