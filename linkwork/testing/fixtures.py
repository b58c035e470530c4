"""Shared fixtures: two sides of every relationship, so each test can prove what must not be seen."""

from dataclasses import dataclass, field

import pytest

from linkwork.accounts.api_auth import api_token_issue
from linkwork.accounts.models import Membership, Organisation, Role
from linkwork.outcomes.services.instruments import instrument_sync
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis

from .auth import sign_in
from .factories import SYSTEM, make_organisation, make_person, make_user


@dataclass
class World:
    organisations: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


# Each role's home organisation in the world below.
ROLE_HOMES = {
    Role.REFERRER: "practice_a",
    Role.LINK_WORKER: "provider_a",
    Role.TEAM_LEAD: "provider_a",
    Role.VCSE_COORDINATOR: "vcse_a",
    Role.COMMISSIONER: "commissioner",
    Role.ADMINISTRATOR: "host",
}


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    """Organisation A's practice, provider and VCSE group; organisation B's practice and provider.

    - person_a: referred by practice A (where they are registered) to provider A;
    - person_shared: as person_a, and also sent onward to VCSE A;
    - person_b: referred by practice B to provider B only.
    Users: one per role at organisation A (named by role), plus referrer_b and link_worker_b.
    """
    w = World()
    kind = Organisation.Kind
    w.organisations = {
        "practice_a": make_organisation(kind.GP_PRACTICE, "Practice A"),
        "practice_b": make_organisation(kind.GP_PRACTICE, "Practice B"),
        "provider_a": make_organisation(kind.PROVIDER, "Provider A"),
        "provider_b": make_organisation(kind.PROVIDER, "Provider B"),
        "vcse_a": make_organisation(kind.VCSE, "Walking Group A"),
        "commissioner": make_organisation(kind.COMMISSIONER, "Commissioner"),
        "host": make_organisation(kind.HOST, "Host"),
    }
    for role, home in ROLE_HOMES.items():
        w.users[role.value] = make_user(role.value, organisation=w.organisations[home], role=role)
    w.users["referrer_b"] = make_user(
        "referrer_b", organisation=w.organisations["practice_b"], role=Role.REFERRER
    )
    w.users["link_worker_b"] = make_user(
        "link_worker_b", organisation=w.organisations["provider_b"], role=Role.LINK_WORKER
    )
    w.people["person_a"] = _referred_person(w, "a", family_name="Alpha")
    w.people["person_shared"] = _referred_person(w, "a", family_name="Shared")
    relationship_grant(
        by=SYSTEM,
        person=w.people["person_shared"],
        organisation=w.organisations["vcse_a"],
        basis=RelationshipBasis.ONWARD_REFERRAL,
        source="test:onward",
    )
    w.people["person_b"] = _referred_person(w, "b", family_name="Bravo")
    return w


def _referred_person(w, side, **details):
    practice = w.organisations[f"practice_{side}"]
    person = make_person(practice, registered_practice=practice, **details)
    relationship_grant(
        by=SYSTEM,
        person=person,
        organisation=w.organisations[f"provider_{side}"],
        basis=RelationshipBasis.REFERRAL,
        source=f"test:referral:{person.pk}",
    )
    return person


@pytest.fixture
def token_for(world):
    """An API bearer token acting as the named world user in their (only) organisation."""

    def _token_for(username):
        membership = Membership.objects.get(user__username=username)
        return api_token_issue(by=SYSTEM, membership=membership, name=f"{username}'s system")[1]

    return _token_for


@pytest.fixture
def login(client):
    """Sign a test client in as the given user, password and second factor both done."""

    def _login(user):
        return sign_in(client, user)

    return _login


@pytest.fixture
def instruments(db):
    """Every shipped outcome instrument, as `make migrate` leaves them, keyed by code."""
    return instruments_synced()


def instruments_synced() -> dict:
    return {instrument.code: instrument for instrument in instrument_sync(by=SYSTEM)}
