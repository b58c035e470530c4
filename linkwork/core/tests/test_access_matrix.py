"""Every URL × every role × own / other organisation's record, against one policy table.

A URL missing from POLICY fails the suite, so nothing new ships without a decision about who
may reach it. Out-of-scope records answer 404 (their existence is not revealed); pages a role
may not use answer 403.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from linkwork.accounts.models import Organisation, Role
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.casework.services.contacts import contact_record
from linkwork.casework.services.goals import goal_create
from linkwork.casework.services.risk import risk_flag_raise
from linkwork.casework.services.team import supervision_note_record
from linkwork.directory.models import Service
from linkwork.onward.services import onward_referral_send
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.directory import directory_add, listing, owned_listing_id, public_listing_ids
from linkwork.testing.factories import SYSTEM, actor_for, make_organisation

ALL_ROLES = frozenset(Role)
PEOPLE_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD})
PROVIDER_STAFF = frozenset({Role.LINK_WORKER, Role.TEAM_LEAD})
TEAM_LEADS = frozenset({Role.TEAM_LEAD})
DIRECTORY_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD, Role.VCSE_COORDINATOR})
VCSE_COORDINATORS = frozenset({Role.VCSE_COORDINATOR})
REPORT_ROLES = frozenset({Role.COMMISSIONER, Role.TEAM_LEAD})
LOGIN = "login"


@dataclass(frozen=True)
class Policy:
    """Expected status for an anonymous visitor and for each role (own record, other organisation's)."""

    anonymous: object = LOGIN
    allowed: frozenset = ALL_ROLES
    scope: str | None = None  # which kind of record the URL names: "person", "scheme", "referral" or "case"
    kwargs: tuple = ("case_id",)  # for case URLs: which of the case's records the URL names
    other_visible_to: frozenset = field(default_factory=frozenset)  # roles that may see B's record
    method: str = "get"
    allowed_status: int = 200


OCCASION = ("case_id", "time_point", "occasion")

POLICY = {
    "healthz": Policy(anonymous=200),
    "home": Policy(),
    "accounts:login": Policy(anonymous=200, allowed_status=302),
    "accounts:logout": Policy(anonymous=405, allowed_status=405),
    "accounts:password_change": Policy(),
    "accounts:password_change_done": Policy(),
    "accounts:switch_organisation": Policy(),
    "people:list": Policy(allowed=PEOPLE_ROLES),
    "people:detail": Policy(allowed=PEOPLE_ROLES, scope="person"),
    "people:duplicates": Policy(allowed=TEAM_LEADS),
    "people:merges": Policy(allowed=TEAM_LEADS, scope="person"),
    "schemes:list": Policy(),
    # Organisations outside every scheme (VCSE groups, the host) may read any active scheme's criteria.
    "schemes:detail": Policy(
        scope="scheme", other_visible_to=frozenset({Role.VCSE_COORDINATOR, Role.ADMINISTRATOR})
    ),
    "referrals:list": Policy(allowed=PEOPLE_ROLES),
    "referrals:new": Policy(allowed=frozenset({Role.REFERRER})),
    "referrals:detail": Policy(allowed=PEOPLE_ROLES, scope="referral"),
    "referrals:contact": Policy(allowed=PROVIDER_STAFF, scope="referral"),
    "referrals:triage_queue": Policy(allowed=TEAM_LEADS),
    "referrals:triage": Policy(allowed=TEAM_LEADS, scope="referral"),
    # An empty decision is refused with a message and a redirect back to the contact page.
    "casework:referral_decision": Policy(
        allowed=PROVIDER_STAFF, scope="referral", method="post", allowed_status=302
    ),
    # Public pages for a scheme that takes self-referrals; any other scheme is not found.
    "self_referral:form": Policy(anonymous=200, scope="scheme"),
    "self_referral:sent": Policy(anonymous=200, scope="scheme"),
    # The API answers bearer tokens only: a signed-in browser session is not enough.
    "api:openapi-json": Policy(anonymous=200),
    "api:openapi-view": Policy(anonymous=200),
    "api:api-root": Policy(anonymous=404, allowed_status=404),
    "api:referral_submit": Policy(anonymous=401, allowed_status=401, method="post"),
    "api:reports_outcomes": Policy(anonymous=401, allowed_status=401),
    "fhir:service_request_create": Policy(anonymous=401, allowed_status=401, method="post"),
    "casework:caseload": Policy(allowed=PROVIDER_STAFF),
    "casework:team_caseload": Policy(allowed=TEAM_LEADS),
    "casework:dependency": Policy(allowed=TEAM_LEADS),
    "casework:case": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:discharge": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:assessments": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:assessment_new": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:assessment_chart": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:goals": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:goal_edit": Policy(allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "goal_id")),
    "casework:risk": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:team": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "casework:supervision_edit": Policy(allowed=TEAM_LEADS, scope="case", kwargs=("case_id", "note_id")),
    # Empty posts: refused with a message (redirect) or the form shown again with its errors (200).
    "casework:contact_update": Policy(
        allowed=PROVIDER_STAFF,
        scope="case",
        kwargs=("case_id", "contact_id"),
        method="post",
        allowed_status=302,
    ),
    "casework:extend": Policy(allowed=PROVIDER_STAFF, scope="case", method="post", allowed_status=302),
    "casework:goal_progress": Policy(
        allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "goal_id"), method="post"
    ),
    "casework:what_matters": Policy(allowed=PROVIDER_STAFF, scope="case", method="post"),
    "casework:direct_support": Policy(allowed=PROVIDER_STAFF, scope="case", method="post"),
    "casework:risk_escalate": Policy(
        allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "flag_id"), method="post"
    ),
    "casework:risk_clear": Policy(
        allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "flag_id"), method="post"
    ),
    "outcomes:case_outcomes": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "outcomes:change_summary": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "outcomes:change_chart": Policy(allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "code")),
    # Without a measure chosen the page sends the link worker back with a message.
    "outcomes:another": Policy(allowed=PROVIDER_STAFF, scope="case", allowed_status=302),
    "outcomes:measures_new": Policy(allowed=PROVIDER_STAFF, scope="case", kwargs=OCCASION),
    "outcomes:not_completed": Policy(allowed=PROVIDER_STAFF, scope="case", kwargs=OCCASION),
    "outcomes:link_new": Policy(allowed=PROVIDER_STAFF, scope="case", kwargs=OCCASION, method="post"),
    # The person's questionnaire needs no login; a token that matches no link is refused for everyone.
    "outcomes:questionnaire": Policy(
        anonymous=410, scope="token", other_visible_to=ALL_ROLES, allowed_status=410
    ),
    # FHIR reads take a bearer token or a signed-in session; definitions are not person data.
    "fhir:questionnaire": Policy(anonymous=401, scope="instrument", other_visible_to=ALL_ROLES),
    "fhir:questionnaire_response": Policy(
        anonymous=401, allowed=PROVIDER_STAFF, scope="case", kwargs=("response_id",)
    ),
    "fhir:task_search": Policy(anonymous=401, allowed=frozenset({*PROVIDER_STAFF, Role.VCSE_COORDINATOR})),
    "fhir:task": Policy(
        anonymous=401,
        allowed=frozenset({*PROVIDER_STAFF, Role.VCSE_COORDINATOR}),
        scope="case",
        kwargs=("task_id",),
    ),
    "fhir:healthcare_service": Policy(
        anonymous=401, scope="directory", kwargs=("service_id",), other_visible_to=ALL_ROLES
    ),
    "onward:case_list": Policy(allowed=PROVIDER_STAFF, scope="case"),
    "onward:new": Policy(allowed=PROVIDER_STAFF, scope="case"),
    # Empty posts are refused with a message and a redirect back to the case's onward referrals.
    "onward:cancel": Policy(
        allowed=PROVIDER_STAFF,
        scope="case",
        kwargs=("case_id", "onward_id"),
        method="post",
        allowed_status=302,
    ),
    "onward:case_message": Policy(
        allowed=PROVIDER_STAFF,
        scope="case",
        kwargs=("case_id", "onward_id"),
        method="post",
        allowed_status=302,
    ),
    # The receiving VCSE's inbox: its own referrals only; another group's referral is not found.
    "onward:inbox": Policy(allowed=VCSE_COORDINATORS),
    "onward:inbox_detail": Policy(allowed=VCSE_COORDINATORS, scope="onward"),
    "onward:respond": Policy(allowed=VCSE_COORDINATORS, scope="onward", method="post", allowed_status=302),
    "onward:attendance": Policy(allowed=VCSE_COORDINATORS, scope="onward", method="post", allowed_status=302),
    "onward:inbox_message": Policy(
        allowed=VCSE_COORDINATORS, scope="onward", method="post", allowed_status=302
    ),
    # The directory is public data: a listing reads the same from every organisation.
    "directory:search": Policy(allowed=DIRECTORY_ROLES),
    "directory:service": Policy(
        allowed=DIRECTORY_ROLES, scope="directory", kwargs=("service_id",), other_visible_to=DIRECTORY_ROLES
    ),
    # A VCSE coordinator's own listings; another organisation's listing is not found.
    "my_services:list": Policy(allowed=VCSE_COORDINATORS),
    "my_services:edit": Policy(allowed=VCSE_COORDINATORS, scope="listing"),
    "my_services:confirm": Policy(
        allowed=VCSE_COORDINATORS, scope="listing", method="post", allowed_status=302
    ),
    # Open Referral UK: public and read-only, no login needed.
    "openreferral:root": Policy(anonymous=200),
    "openreferral:openapi": Policy(anonymous=200),
    "openreferral:services": Policy(anonymous=200),
    "openreferral:service_at_locations": Policy(anonymous=200),
    "openreferral:taxonomies": Policy(anonymous=200),
    "openreferral:taxonomy_terms": Policy(anonymous=200),
    **{
        f"openreferral:{name}": Policy(
            anonymous=200, scope="directory", kwargs=(f"{name}_id",), other_visible_to=ALL_ROLES
        )
        for name in ("service", "service_at_location", "taxonomy", "taxonomy_term")
    },
    # Aggregate reports: the form alone; a download without its choices goes back to the form.
    "reporting:outcomes": Policy(allowed=REPORT_ROLES),
    "reporting:outcomes_export": Policy(allowed=REPORT_ROLES, allowed_status=302),
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


def url_for(name, policy, world, schemes, referrals, side, cases=None):
    if policy.scope == "person":
        person = world.people["person_a" if side == "own" else "person_b"]
        return reverse(name, kwargs={"person_id": person.pk})
    if policy.scope == "scheme":
        return reverse(name, kwargs={"slug": schemes[side].slug})
    if policy.scope == "referral":
        return reverse(name, kwargs={"referral_id": referrals[side].pk})
    if policy.scope == "case":
        return reverse(name, kwargs={key: cases[side][key] for key in policy.kwargs})
    if policy.scope == "token":
        return reverse(name, kwargs={"token": "no-such-link"})
    if policy.scope == "instrument":
        return reverse(name, kwargs={"code": "ons4"})
    if policy.scope == "onward":
        return reverse(name, kwargs={"onward_id": cases[side]["onward_id"]})
    if policy.scope == "directory":
        return reverse(name, kwargs={key: public_listing_ids()[key] for key in policy.kwargs})
    if policy.scope == "listing":
        owned = owned_listing_id(world.organisations["vcse_a"])
        other = public_listing_ids()["service_id"]
        return reverse(name, kwargs={"service_id": owned if side == "own" else other})
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
def test_anonymous_visitors(name, client, world, schemes, referrals, cases):
    policy = POLICY[name]
    response = getattr(client, policy.method)(url_for(name, policy, world, schemes, referrals, "own", cases))

    if policy.anonymous == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == policy.anonymous


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_role_reaches_only_what_the_policy_allows(
    name, role, side, client, world, schemes, referrals, cases
):
    policy = POLICY[name]
    client.force_login(world.users[role])

    response = getattr(client, policy.method)(url_for(name, policy, world, schemes, referrals, side, cases))

    assert response.status_code == expected_status(policy, Role(role), side)


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, p in POLICY.items()
        if p.scope
        and Role.REFERRER in p.allowed
        and p.anonymous == LOGIN
        and Role.REFERRER not in p.other_visible_to
    ),
)
def test_a_referrer_never_sees_another_practices_records(name, client, world, schemes, referrals):
    """The same URL, own and other practice's record, from both practices' referrers."""
    policy = POLICY[name]
    for user, own, other in (("referrer", "own", "other"), ("referrer_b", "other", "own")):
        client.force_login(world.users[user])
        assert client.get(url_for(name, policy, world, schemes, referrals, own)).status_code == 200
        assert client.get(url_for(name, policy, world, schemes, referrals, other)).status_code == 404


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_the_admin_site_is_closed_to_every_role_without_staff_status(role, client, world):
    client.force_login(world.users[role])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
