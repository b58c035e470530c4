from django.urls import reverse

from linkwork.accounts.models import Organisation, Role
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import SYSTEM, make_organisation, make_user


def test_a_practice_sees_the_criteria_of_the_schemes_it_refers_into(client, db):
    practice = make_organisation(name="Criteria Practice")
    make_organisation(Organisation.Kind.PROVIDER, "Unrelated Provider")
    scheme_apply_preset(by=SYSTEM, preset="ways-to-wellness", practices=[practice])
    scheme_apply_preset(by=SYSTEM, preset="pcn-link-worker")
    sign_in(client, make_user(organisation=practice, role=Role.REFERRER))

    listing = client.get(reverse("schemes:list")).content.decode()
    detail = client.get(reverse("schemes:detail", kwargs={"slug": "ways-to-wellness"})).content.decode()

    assert "Ways to Wellness" in listing
    assert "PCN link worker" not in listing
    assert "Aged 40–74." in detail
    assert "Every 26 weeks" in detail
    assert "104 weeks, longer at the link worker&#39;s discretion" in detail
