import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.accounts.api_auth import actor_for_token, api_token_issue
from linkwork.accounts.middleware import SESSION_KEY
from linkwork.accounts.models import ApiToken, Membership, Organisation, Role
from linkwork.accounts.services import membership_grant, organisation_ensure
from linkwork.core.models import AuditEvent
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import SYSTEM, make_organisation, make_user

Kind = Organisation.Kind


def test_a_gp_practice_needs_a_valid_ods_code(db):
    with pytest.raises(ValidationError, match="Enter the practice's ODS code"):
        organisation_ensure(by=SYSTEM, name="No Code Surgery", kind=Kind.GP_PRACTICE)
    with pytest.raises(ValidationError, match="3 to 8 letters and numbers"):
        organisation_ensure(by=SYSTEM, name="Bad Code Surgery", kind=Kind.GP_PRACTICE, ods_code="A8-1001")
    assert not Organisation.objects.exists()


def test_ensuring_an_organisation_twice_updates_it_rather_than_duplicating(db):
    first = organisation_ensure(by=SYSTEM, name="Old Name", kind=Kind.GP_PRACTICE, ods_code="y90001")
    second = organisation_ensure(by=SYSTEM, name="New Name", kind=Kind.GP_PRACTICE, ods_code="Y90001")

    assert first.pk == second.pk
    assert Organisation.objects.get().name == "New Name"
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "organisation.create",
        "organisation.update",
    ]


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.VCSE_COORDINATOR, Kind.GP_PRACTICE),
        (Role.LINK_WORKER, Kind.COMMISSIONER),
        (Role.ADMINISTRATOR, Kind.PROVIDER),
    ],
)
def test_roles_belong_only_in_their_kinds_of_organisation(db, role, kind):
    organisation = make_organisation(kind)
    user = make_user()

    with pytest.raises(ValidationError, match="must belong to"):
        membership_grant(by=SYSTEM, user=user, organisation=organisation, role=role)
    assert not Membership.objects.filter(user=user).exists()


@pytest.fixture
def two_hats(db):
    provider = make_organisation(Kind.PROVIDER, "Provider One")
    pcn = make_organisation(Kind.PCN, "Riverside PCN")
    user = make_user("two.hats", organisation=provider, role=Role.LINK_WORKER)
    membership_grant(by=SYSTEM, user=user, organisation=pcn, role=Role.TEAM_LEAD)
    return user, provider, pcn


def test_switching_organisation_changes_who_the_user_acts_as(client, two_hats):
    user, _, pcn = two_hats
    sign_in(client, user)
    team_lead = Membership.objects.get(user=user, organisation=pcn)

    response = client.post(reverse("accounts:switch_organisation"), {"membership": team_lead.pk}, follow=True)

    assert client.session[SESSION_KEY] == team_lead.pk
    assert "You are now working as Team lead at Riverside PCN" in response.content.decode()
    assert "Riverside PCN · Team lead" in client.get(reverse("home")).content.decode()


def test_a_user_cannot_switch_into_someone_elses_membership(client, two_hats, db):
    user, _, _ = two_hats
    stranger = make_user(
        "stranger", organisation=make_organisation(Kind.PROVIDER, "Elsewhere"), role=Role.TEAM_LEAD
    )
    sign_in(client, user)

    response = client.post(
        reverse("accounts:switch_organisation"), {"membership": stranger.memberships.get().pk}
    )

    assert response.status_code == 200
    assert "Choose one of the organisations and roles listed" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_lapsed_membership_in_the_session_falls_back_to_an_active_one(client, two_hats):
    user, _, pcn = two_hats
    sign_in(client, user)
    team_lead = Membership.objects.get(user=user, organisation=pcn)
    client.post(reverse("accounts:switch_organisation"), {"membership": team_lead.pk})
    Membership.objects.filter(pk=team_lead.pk).update(is_active=False)

    html = client.get(reverse("home")).content.decode()

    assert "Provider One · Link worker" in html


def test_ensuring_an_unchanged_organisation_or_membership_writes_nothing(db):
    organisation = organisation_ensure(
        by=SYSTEM, name="Same Surgery", kind=Kind.GP_PRACTICE, ods_code=" y90002 "
    )
    user = make_user()
    membership_grant(by=SYSTEM, user=user, organisation=organisation, role=Role.REFERRER)
    events = AuditEvent.objects.count()

    again = organisation_ensure(by=SYSTEM, name="Same Surgery", kind=Kind.GP_PRACTICE, ods_code="Y90002")
    membership_grant(by=SYSTEM, user=user, organisation=organisation, role=Role.REFERRER)

    assert again.pk == organisation.pk
    assert again.ods_code == "Y90002"
    assert AuditEvent.objects.count() == events


def test_an_unknown_role_is_a_validation_error_not_a_crash(db):
    with pytest.raises(ValidationError) as raised:
        membership_grant(by=SYSTEM, user=make_user(), organisation=make_organisation(), role="wizard")

    assert "role" in raised.value.message_dict


def test_an_administrator_revokes_an_api_token_from_the_admin_site(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    token, secret = api_token_issue(
        by=SYSTEM, membership=world.users["referrer"].memberships.get(), name="GP system"
    )
    sign_in(client, admin)

    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    assert "Revoked 1 token(s)" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert actor_for_token(secret) is None
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
