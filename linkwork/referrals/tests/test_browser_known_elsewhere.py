"""Journey: a GP refers someone the service already supports after another practice's referral. The GP
is told nothing about that record; the team lead finds the pair, sees why the NHS number was kept
apart, and merges the two."""

import pytest
from playwright.sync_api import expect

from linkwork.people.models import Person
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.browser import assert_accessible, fill_date, log_in
from linkwork.testing.factories import SYSTEM, make_person

from .conftest import aged

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page, name):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


# Over two seconds: two people sign in through both factors in a real browser.
def test_a_referral_for_someone_known_elsewhere_reveals_nothing_and_reaches_the_team_lead(
    page, live_server, scheme, world
):
    born = aged(58)
    # Given Ada, supported by provider A after practice B referred her, with details practice A never saw
    earlier = make_person(
        world.organisations["practice_b"],
        nhs_number="9434765919",
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=born,
        phone="07700 900999",
    )
    relationship_grant(
        by=SYSTEM,
        person=earlier,
        organisation=world.organisations["provider_a"],
        basis=RelationshipBasis.REFERRAL,
        source="test:earlier",
    )

    # When a GP at practice A refers Ada with her NHS number
    log_in(page, live_server.url, "referrer")
    menu(page, "Referrals").click()
    page.get_by_role("link", name="Refer someone").click()
    page.get_by_label("Ways to Wellness").check()
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    fill_date(page, born)
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("Chronic obstructive pulmonary disease (COPD)").check()
    page.get_by_label("The person agrees to this referral").check()
    page.get_by_role("button", name="Send referral").click()

    # Then it is sent, without a question, and nothing of the earlier record shows
    expect(page.get_by_text("Referral sent to Ways to Wellness")).to_be_visible()
    expect(page.get_by_text("Is this the same person?")).to_have_count(0)
    expect(page.get_by_text("07700 900999")).to_have_count(0)
    assert str(earlier.pk) not in page.content()
    assert_accessible(page)

    # And the team lead finds the pair, told why the NHS number was kept apart
    log_in(page, live_server.url, "team_lead")
    page.goto(f"{live_server.url}/people/duplicates/")
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
    expect(page.get_by_text("given by a referrer who cannot see the earlier record")).to_be_visible()
    assert_accessible(page)

    # When they merge, keeping the earlier record
    page.get_by_text("Merge these records", exact=True).first.click()
    page.get_by_label("The earlier record").check()
    page.get_by_label("How do you know these are the same person?").fill(
        "Same NHS number; checked with the GP"
    )
    page.get_by_label("I have checked these records are the same person").check()
    page.get_by_role("button", name="Merge these records").click()

    # Then one record holds the NHS number, confirmed
    expect(page.get_by_text("Records merged")).to_be_visible()
    assert list(Person.objects.filter(merged_into__isnull=True, nhs_number="9434765919")) == [earlier]
