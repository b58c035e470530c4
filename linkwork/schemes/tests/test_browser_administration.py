"""Journey: an administrator sets up a scheme and a link worker on Linkwork's own pages, and a person
refers themselves to the new scheme through its public form."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from linkwork.accounts.models import Membership, Role
from linkwork.core.models import AuditEvent
from linkwork.referrals.models import Referral
from linkwork.referrals.tests.conftest import aged
from linkwork.referrals.tests.test_browser_self_referral import fill_in
from linkwork.schemes.models import Scheme
from linkwork.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(LINKWORK_SELF_REFERRAL_MIN_SECONDS=0)
def test_an_administrator_sets_up_a_scheme_and_a_link_worker_and_a_person_refers_themselves(
    page, live_server, world, instruments
):
    """Two people's journeys end to end (about 25 s): the scheme form is long and axe checks eight pages."""
    cache.clear()
    # Given the administrator on the administration page
    log_in(page, live_server.url, "administrator")
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they add a scheme starting from the wellbeing coordinator model
    page.get_by_role("link", name="Schemes").last.click()
    page.get_by_role("button", name="Add a scheme").click()
    page.get_by_label("Wellbeing coordinator service").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Starting from Wellbeing coordinator service")).to_be_visible()
    expect(page.get_by_label("Youngest age")).to_have_value("14")
    page.get_by_label("Name", exact=True).fill("Riverside Wellbeing")
    page.get_by_label("Provider A").check()
    page.get_by_label("Practice A").check()
    page.get_by_label("Yes: the public form is open").check()
    assert_accessible(page)

    # And save it without saying how the public can reach the service
    page.get_by_role("button", name="Create scheme").click()

    # Then they are told what is missing, and nothing is saved
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Give a phone number or email address").click()
    expect(page.get_by_label("Phone number for the public")).to_be_focused()
    assert not Scheme.objects.filter(name="Riverside Wellbeing").exists()

    # When they give a phone number and save again, the scheme is created
    page.get_by_label("Phone number for the public").fill("0113 496 0000")
    page.get_by_role("button", name="Create scheme").click()
    expect(page.get_by_text("Riverside Wellbeing created.")).to_be_visible()
    expect(page.get_by_role("heading", name="Change Riverside Wellbeing")).to_be_visible()
    expect(page.get_by_text("created the scheme")).to_be_visible()
    assert_accessible(page)
    scheme = Scheme.objects.get(name="Riverside Wellbeing")
    assert scheme.session_cap == 6
    assert "self" in scheme.referral_sources
    assert AuditEvent.objects.filter(action="scheme.create", object_id=str(scheme.pk)).count() == 1

    # When they add a link worker and give them a role at the scheme's provider
    page.get_by_role("link", name="Administration").first.click()
    page.get_by_role("link", name="Users and roles").click()
    page.get_by_role("button", name="Add a user").click()
    page.get_by_label("Username").fill("river.linkworker")
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Password to give them").fill("a-long-river-runs-through-it")
    assert_accessible(page)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text("Rowan Rivers added. Now give them a role.")).to_be_visible()
    page.get_by_label("Organisation").select_option(label="Provider A")
    page.get_by_label("Role").select_option(label="Link worker")
    page.get_by_role("button", name="Give role").click()

    # Then the user page shows their role
    expect(page.get_by_text("Rowan Rivers is now Link worker at Provider A.")).to_be_visible()
    expect(page.get_by_role("row", name="Link worker Provider A Active")).to_be_visible()
    assert_accessible(page)
    membership = Membership.objects.get(user__username="river.linkworker")
    assert (membership.role, membership.organisation.name, membership.is_active) == (
        Role.LINK_WORKER,
        "Provider A",
        True,
    )

    # When a member of the public refers themselves to the new scheme
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/self-referral/{scheme.slug}/")
    expect(page.get_by_role("heading", name="Refer yourself to Riverside Wellbeing")).to_be_visible()
    fill_in(page, aged(30))
    page.get_by_label("I agree to the service contacting me and keeping these details").check()
    page.get_by_role("button", name="Send my request").click()

    # Then their request is sent to the scheme's provider
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert_accessible(page)
    referral = Referral.objects.get(scheme=scheme)
    assert referral.source == "self"
