"""Every URL × every role × own / other organisation's record, against one policy table.

A URL missing from POLICY fails the suite, so nothing new ships without a decision about who
may reach it. Out-of-scope records answer 404 (their existence is not revealed); pages a role
may not use answer 403. Both sides' records are built once for the module (`access_records`); each
check runs in its own savepoint, so a request that changes something changes it for that check only.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from linkwork.accounts.models import Role
from linkwork.testing.auth import sign_in

ALL_ROLES = frozenset(Role)
PEOPLE_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD})
PROVIDER_STAFF = frozenset({Role.LINK_WORKER, Role.TEAM_LEAD})
TEAM_LEADS = frozenset({Role.TEAM_LEAD})
DIRECTORY_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD, Role.VCSE_COORDINATOR})
VCSE_COORDINATORS = frozenset({Role.VCSE_COORDINATOR})
REPORT_ROLES = frozenset({Role.COMMISSIONER, Role.TEAM_LEAD})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
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
    # The second sign-in step: a verified user is sent on (to the home page, or the code page).
    "accounts:two_factor": Policy(allowed_status=302),
    "accounts:two_factor_setup": Policy(allowed_status=302),
    "accounts:backup_codes": Policy(allowed_status=302),
    "accounts:password_change": Policy(),
    "accounts:password_change_done": Policy(),
    "accounts:switch_organisation": Policy(),
    "people:list": Policy(allowed=PEOPLE_ROLES),
    "people:detail": Policy(allowed=PEOPLE_ROLES, scope="person"),
    "people:edit": Policy(allowed=PROVIDER_STAFF, scope="person"),
    "people:duplicates": Policy(allowed=TEAM_LEADS),
    "people:merges": Policy(allowed=TEAM_LEADS, scope="person"),
    "people:access": Policy(allowed=TEAM_LEADS, scope="person"),
    "people:break_glass": Policy(allowed=PROVIDER_STAFF),
    "people:break_glass_reviews": Policy(allowed=TEAM_LEADS),
    # An empty review is refused with a message and a redirect back to the queue.
    "people:break_glass_review": Policy(
        allowed=TEAM_LEADS, scope="break_glass", method="post", allowed_status=302
    ),
    "people:subject_access": Policy(allowed=TEAM_LEADS, scope="person"),
    "people:subject_access_json": Policy(allowed=TEAM_LEADS, scope="person"),
    "schemes:list": Policy(),
    # Organisations outside every scheme (VCSE groups, the host) may read any active scheme's criteria.
    "schemes:detail": Policy(
        scope="scheme", other_visible_to=frozenset({Role.VCSE_COORDINATOR, Role.ADMINISTRATOR})
    ),
    "referrals:list": Policy(allowed=PEOPLE_ROLES),
    "referrals:new": Policy(allowed=frozenset({Role.REFERRER})),
    "referrals:find": Policy(allowed=PEOPLE_ROLES),
    "referrals:detail": Policy(allowed=PEOPLE_ROLES, scope="referral"),
    "referrals:contact": Policy(allowed=PROVIDER_STAFF, scope="referral"),
    "referrals:triage_queue": Policy(allowed=TEAM_LEADS),
    "referrals:triage": Policy(allowed=TEAM_LEADS, scope="referral"),
    # An empty decision is refused with a message and a redirect back to the contact page.
    "casework:referral_decision": Policy(
        allowed=PROVIDER_STAFF, scope="referral", method="post", allowed_status=302
    ),
    # Public pages for a scheme that takes self-referrals; any other scheme is not found.
    "self_referral:index": Policy(anonymous=200),
    "self_referral:form": Policy(anonymous=200, scope="scheme"),
    "self_referral:sent": Policy(anonymous=200, scope="scheme"),
    # The API answers bearer tokens only: a signed-in browser session is not enough.
    "api:openapi-json": Policy(anonymous=200),
    "api:openapi-view": Policy(anonymous=200),
    "api:api-root": Policy(anonymous=404, allowed_status=404),
    "api:referral_submit": Policy(anonymous=401, allowed_status=401, method="post"),
    "api:reports_outcomes": Policy(anonymous=401, allowed_status=401),
    "fhir:service_request_create": Policy(anonymous=401, allowed_status=401, method="post"),
    # The CapabilityStatement is public, as FHIR asks; any other address under /fhir/ is a 404.
    "fhir:metadata": Policy(anonymous=200),
    "fhir:not_found": Policy(anonymous=404, allowed_status=404),
    "fhir:service_request": Policy(anonymous=401, allowed=PEOPLE_ROLES, scope="fhir_referral"),
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
    "reporting:operations": Policy(allowed=REPORT_ROLES),
    "reporting:operations_export": Policy(allowed=REPORT_ROLES, allowed_status=302),
    "reporting:equity": Policy(allowed=REPORT_ROLES),
    "reporting:equity_export": Policy(allowed=REPORT_ROLES, allowed_status=302),
    "reporting:unmet_need": Policy(allowed=REPORT_ROLES),
    "reporting:unmet_need_export": Policy(allowed=REPORT_ROLES, allowed_status=302),
    "reporting:outcomes_pdf": Policy(allowed=REPORT_ROLES, allowed_status=302),
    # A dashboard's PDF: every choice is optional, so the bare address prints the whole dashboard.
    "reporting:operations_pdf": Policy(allowed=REPORT_ROLES),
    "reporting:equity_pdf": Policy(allowed=REPORT_ROLES),
    "reporting:unmet_need_pdf": Policy(allowed=REPORT_ROLES),
    # The record-level extract: team leads only; commissioners get aggregates.
    "reporting:outcomes_extract": Policy(allowed=frozenset({Role.TEAM_LEAD}), allowed_status=302),
    # Message delivery: administrators only (states, never words or addresses); a retry without a
    # message goes back to the page. Everyone reads their own notifications.
    # The diary: a link worker's own, the team's for team leads; moving names the case's appointment.
    "casework:caseload_search": Policy(allowed=PROVIDER_STAFF),
    "casework:reallocate": Policy(allowed=TEAM_LEADS),
    "casework:diary": Policy(allowed=PROVIDER_STAFF),
    "casework:team_diary": Policy(allowed=TEAM_LEADS),
    "casework:diary_feed_manage": Policy(allowed=PROVIDER_STAFF),
    # The calendar feed needs no login: the secret in its address is the key, and a wrong one finds nothing.
    "casework:diary_feed": Policy(
        anonymous=404, scope="token", other_visible_to=ALL_ROLES, allowed_status=404
    ),
    "casework:appointment_move": Policy(
        allowed=PROVIDER_STAFF, scope="case", kwargs=("case_id", "contact_id")
    ),
    # Cancelling without a version is refused with a message and a redirect back to the diary.
    "casework:appointment_cancel": Policy(
        allowed=PROVIDER_STAFF,
        scope="case",
        kwargs=("case_id", "contact_id"),
        method="post",
        allowed_status=302,
    ),
    "messaging:admin_messages": Policy(allowed=frozenset({Role.ADMINISTRATOR})),
    "messaging:admin_retry": Policy(
        allowed=frozenset({Role.ADMINISTRATOR}), method="post", allowed_status=302
    ),
    # Linkwork's own administration pages: administrators only. Organisations, users and schemes hold
    # no one's record, so every one is theirs to set up (the platform has one host organisation).
    "administration:home": Policy(allowed=ADMINISTRATORS),
    "administration:organisations": Policy(allowed=ADMINISTRATORS),
    "administration:organisation_new": Policy(allowed=ADMINISTRATORS),
    "administration:organisation": Policy(
        allowed=ADMINISTRATORS, scope="organisation", other_visible_to=ADMINISTRATORS
    ),
    "administration:users": Policy(allowed=ADMINISTRATORS),
    "administration:user_new": Policy(allowed=ADMINISTRATORS),
    "administration:user": Policy(allowed=ADMINISTRATORS, scope="user", other_visible_to=ADMINISTRATORS),
    # An empty post is shown again with its errors; ending a role goes back to the user's page.
    "administration:membership_add": Policy(
        allowed=ADMINISTRATORS, scope="user", other_visible_to=ADMINISTRATORS, method="post"
    ),
    "administration:membership_end": Policy(
        allowed=ADMINISTRATORS,
        scope="membership",
        other_visible_to=ADMINISTRATORS,
        method="post",
        allowed_status=302,
    ),
    "scheme_administration:list": Policy(allowed=ADMINISTRATORS),
    "scheme_administration:new": Policy(allowed=ADMINISTRATORS),
    "scheme_administration:edit": Policy(
        allowed=ADMINISTRATORS, scope="scheme", other_visible_to=ADMINISTRATORS
    ),
    "messaging:notifications": Policy(),
    "messaging:notifications_read": Policy(method="post", allowed_status=302),
    "messaging:person_opt_outs": Policy(allowed=PROVIDER_STAFF, scope="person"),
    # Messages back about a referral: the referring organisation's referrers only.
    "message_back:inbox": Policy(allowed=frozenset({Role.REFERRER})),
    **{
        f"message_back:{name}": Policy(
            allowed=frozenset({Role.REFERRER}), scope="message", kwargs=("message_id",)
        )
        for name in ("detail", "letter", "document")
    },
    "fhir:communication": Policy(
        anonymous=401, allowed=frozenset({Role.REFERRER}), scope="message", kwargs=("message_id",)
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
def test_anonymous_visitors(name, client, access):
    policy = POLICY[name]
    response = getattr(client, policy.method)(access.url(name, policy, "own"))

    if policy.anonymous == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == policy.anonymous


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_role_reaches_only_what_the_policy_allows(name, role, side, client, access):
    policy = POLICY[name]
    sign_in(client, access.world.users[role])

    response = getattr(client, policy.method)(access.url(name, policy, side))

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
def test_a_referrer_never_sees_another_practices_records(name, client, access):
    """The same URL, own and other practice's record, from both practices' referrers."""
    policy = POLICY[name]
    for user, own, other in (("referrer", "own", "other"), ("referrer_b", "other", "own")):
        sign_in(client, access.world.users[user])
        assert client.get(access.url(name, policy, own)).status_code == 200
        assert client.get(access.url(name, policy, other)).status_code == 404


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_the_admin_site_is_closed_to_every_role_without_staff_status(role, client, access):
    sign_in(client, access.world.users[role])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
