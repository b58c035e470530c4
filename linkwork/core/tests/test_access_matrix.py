"""Every URL × every role × own / other organisation's record, against one policy table.

A URL missing from POLICY fails the suite, so nothing new ships without a decision about who
may reach it. Out-of-scope records answer 404 (their existence is not revealed); pages a role
may not use answer 403.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from linkwork.accounts.models import Role
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

ALL_ROLES = frozenset(Role)
PEOPLE_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD})
LOGIN = "login"


@dataclass(frozen=True)
class Policy:
    """Expected status for an anonymous visitor and for each role (own record, other organisation's)."""

    anonymous: object = LOGIN
    allowed: frozenset = ALL_ROLES
    scope: str | None = None  # which kind of record the URL names: "person" or "scheme"
    other_visible_to: frozenset = field(default_factory=frozenset)  # roles that may see B's record
    method: str = "get"
    allowed_status: int = 200


POLICY = {
    "healthz": Policy(anonymous=200),
    "accounts:login": Policy(anonymous=200, allowed_status=302),
    "accounts:logout": Policy(anonymous=405, allowed_status=405),
    "accounts:home": Policy(),
    "accounts:password_change": Policy(),
    "accounts:password_change_done": Policy(),
    "accounts:switch_organisation": Policy(),
    "people:list": Policy(allowed=PEOPLE_ROLES),
    "people:detail": Policy(allowed=PEOPLE_ROLES, scope="person"),
    "schemes:list": Policy(),
    # Organisations outside every scheme (VCSE groups, the host) may read any active scheme's criteria.
    "schemes:detail": Policy(
        scope="scheme", other_visible_to=frozenset({Role.VCSE_COORDINATOR, Role.ADMINISTRATOR})
    ),
}
IGNORED_NAMESPACES = {"admin"}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


@pytest.fixture
def schemes(world):
    org = world.organisations
    return {
        "own": scheme_apply_preset(
            by=SYSTEM,
            preset="ways-to-wellness",
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


def url_for(name, policy, world, schemes, side):
    if policy.scope == "person":
        person = world.people["person_a" if side == "own" else "person_b"]
        return reverse(name, kwargs={"person_id": person.pk})
    if policy.scope == "scheme":
        return reverse(name, kwargs={"slug": schemes[side].slug})
    return reverse(name)


def expected_status(policy, role, side):
    if role not in policy.allowed:
        return 403
    if side == "other" and policy.scope and role not in policy.other_visible_to:
        return 404
    return policy.allowed_status


def test_every_url_has_an_access_policy():
    missing = sorted(set(url_names()) - set(POLICY))
    stale = sorted(set(POLICY) - set(url_names()))

    assert missing == [], f"Add these URLs to POLICY with who may reach them: {missing}"
    assert stale == [], f"These POLICY entries name no URL: {stale}"


@pytest.mark.parametrize("name", sorted(POLICY))
def test_anonymous_visitors(name, client, world, schemes):
    policy = POLICY[name]
    response = getattr(client, policy.method)(url_for(name, policy, world, schemes, "own"))

    if policy.anonymous == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == policy.anonymous


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_role_reaches_only_what_the_policy_allows(name, role, side, client, world, schemes):
    policy = POLICY[name]
    client.force_login(world.users[role])

    response = getattr(client, policy.method)(url_for(name, policy, world, schemes, side))

    assert response.status_code == expected_status(policy, Role(role), side)


@pytest.mark.parametrize("name", sorted(n for n, p in POLICY.items() if p.scope))
def test_a_referrer_never_sees_another_practices_records(name, client, world, schemes):
    """The same URL, own and other practice's record, from both practices' referrers."""
    policy = POLICY[name]
    for user, own, other in (("referrer", "own", "other"), ("referrer_b", "other", "own")):
        client.force_login(world.users[user])
        assert client.get(url_for(name, policy, world, schemes, own)).status_code == 200
        assert client.get(url_for(name, policy, world, schemes, other)).status_code == 404


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_the_admin_site_is_closed_to_every_role_without_staff_status(role, client, world):
    client.force_login(world.users[role])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
