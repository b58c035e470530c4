"""Two properties over every URL in the access policy:

- a state-changing request without the CSRF token is refused, whoever sends it (only the bearer-token
  APIs are exempt, since a browser never sends their credentials by itself);
- a list page shows nothing of another organisation's records: none of their ids appear in it.
"""

import pytest
from django.test import Client

from linkwork.accounts.models import Role
from linkwork.testing.auth import sign_in

from .test_access_matrix import ALL_ROLES, LOGIN, POLICY

# Bearer-token APIs: a cross-site page cannot make a browser send an Authorization header.
TOKEN_APIS = ("api:", "fhir:", "openreferral:")
# Refused by the CSRF check (403) or, for pages that take no POST at all, by the method (405).
REFUSED = {403, 405}


def allowed_role(policy):
    return next(role for role in sorted(ALL_ROLES) if Role(role) in policy.allowed)


def csrf_checked_urls():
    return sorted(name for name in POLICY if not name.startswith(TOKEN_APIS))


@pytest.mark.parametrize("name", csrf_checked_urls())
def test_a_post_without_the_csrf_token_changes_nothing(name, access):
    policy = POLICY[name]
    browser = Client(enforce_csrf_checks=True)
    if policy.anonymous == LOGIN:
        sign_in(browser, access.world.users[allowed_role(policy)])

    response = browser.post(access.url(name, policy, "own"), {})

    assert response.status_code in REFUSED


def list_pages():
    return sorted(
        name
        for name, policy in POLICY.items()
        if policy.scope is None and policy.method == "get" and policy.anonymous == LOGIN
    )


def other_side_ids(access):
    ids = {str(access.world.people["person_b"].pk), str(access.referrals["other"].pk)}
    ids |= {str(value) for value in access.cases["other"].values() if len(str(value)) == 36}
    return ids


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_no_list_page_shows_another_organisations_record_ids(role, client, access):
    sign_in(client, access.world.users[role])
    hidden = other_side_ids(access)
    found = {}
    for name in list_pages():
        if Role(role) not in POLICY[name].allowed:
            continue
        response = client.get(access.url(name, POLICY[name], "own"))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        shown = [identifier for identifier in hidden if identifier in content.decode(errors="replace")]
        if shown:
            found[name] = shown

    assert found == {}
