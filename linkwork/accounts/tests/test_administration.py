"""Organisation and user administration: checked, versioned and audited saves; administrators only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.accounts.models import Membership, Organisation, Role, User
from linkwork.accounts.services import (
    membership_end,
    organisation_create,
    organisation_update,
    user_create,
    user_update,
)
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import actor_for

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-river-runs-through-it"
NOT_ADMINISTRATORS = [role for role in Role if role != Role.ADMINISTRATOR]


@pytest.fixture
def admin(world):
    return actor_for(world.users["administrator"], world.organisations["host"], Role.ADMINISTRATOR)


def practice(**changes):
    return {
        "name": "Riverside Surgery",
        "kind": Organisation.Kind.GP_PRACTICE,
        "ods_code": "b82005",
        "parent": None,
        "registered_list_size": 9000,
        "postcode": "LS1 4AP",
        "is_active": True,
    } | changes


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def test_an_organisation_is_created_with_its_code_tidied_and_audited(admin):
    organisation = organisation_create(by=admin, settings=practice())

    assert organisation.ods_code == "B82005"
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(organisation.pk))
    assert event.details["settings"]["ods_code"] == "B82005"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ods_code": ""}, "ods_code", "Enter the practice's ODS code."),
        ({"ods_code": "NOT-A-CODE"}, "ods_code", "3 to 8 letters and numbers"),
        ({"name": ""}, "name", "This field cannot be blank."),
    ],
)
def test_an_organisation_that_does_not_fit_is_refused(changes, field, message, admin):
    errors = refusal(lambda: organisation_create(by=admin, settings=practice(**changes)))

    assert message in " ".join(errors[field])
    assert not Organisation.objects.filter(name="Riverside Surgery").exists()


def test_a_second_organisation_with_the_same_code_or_name_is_refused_in_words(world, admin):
    organisation_create(by=admin, settings=practice())

    errors = refusal(
        lambda: organisation_create(by=admin, settings=practice(name="riverside surgery", ods_code="B82005"))
    )

    assert errors["ods_code"] == ["Riverside Surgery already has the ODS code B82005."]
    assert errors["name"] == ["There is already an organisation of this kind called riverside surgery."]


def test_only_a_practice_belongs_to_a_network_and_only_to_a_network(world, admin):
    provider = world.organisations["provider_a"]

    errors = refusal(lambda: organisation_create(by=admin, settings=practice(parent=provider)))
    network = organisation_create(
        by=admin, settings=practice(name="Riverside PCN", kind=Organisation.Kind.PCN, ods_code="U12345")
    )
    errors_for_network_in_network = refusal(
        lambda: organisation_create(
            by=admin,
            settings=practice(name="Sub PCN", kind=Organisation.Kind.PCN, ods_code="", parent=network),
        )
    )

    assert errors["parent"] == ["Choose a primary care network."]
    assert errors_for_network_in_network["parent"] == [
        "Only a GP practice belongs to a primary care network."
    ]


def test_a_change_of_kind_may_not_strand_the_roles_held_there(world, admin):
    provider = world.organisations["provider_a"]

    errors = refusal(
        lambda: organisation_update(
            by=admin,
            organisation=provider,
            expected_version=provider.version,
            settings={"kind": Organisation.Kind.VCSE},
        )
    )

    assert "People here work as link worker and team lead" in errors["kind"][0]
    provider.refresh_from_db()
    assert provider.kind == Organisation.Kind.PROVIDER


def test_an_organisation_edit_on_an_old_version_is_refused(world, admin):
    provider = world.organisations["provider_a"]
    opened = provider.version
    organisation_update(
        by=admin, organisation=provider, expected_version=opened, settings={"postcode": "LS2 7UE"}
    )

    with pytest.raises(StaleEdit) as stale:
        organisation_update(
            by=admin, organisation=provider, expected_version=opened, settings={"postcode": "LS9 9ZZ"}
        )

    assert stale.value.current.postcode == "LS2 7UE"
    event = AuditEvent.objects.get(action="organisation.update", object_id=str(provider.pk))
    assert event.details["changes"] == {"postcode": {"from": "", "to": "LS2 7UE"}}


def test_a_new_user_signs_in_with_the_password_given_which_is_never_recorded(admin):
    user = user_create(
        by=admin,
        username="river.linkworker",
        password=PASSWORD,
        details={
            "first_name": "Rowan",
            "last_name": "Rivers",
            "email": "rowan@example.org",
            "is_active": True,
        },
    )

    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert PASSWORD not in str(event.details)


@pytest.mark.parametrize(
    ("username", "password", "field", "message"),
    [
        ("river", "short", "password", "at least 12 characters"),
        ("river", "password123456", "password", "too common"),
        ("ADMINISTRATOR", PASSWORD, "username", "The username ADMINISTRATOR is taken"),
    ],
)
def test_a_weak_password_or_a_taken_username_is_refused(username, password, field, message, admin):
    users_before = User.objects.count()

    errors = refusal(lambda: user_create(by=admin, username=username, password=password, details={}))

    assert message in " ".join(errors[field])
    assert User.objects.count() == users_before


def test_an_administrator_cannot_close_their_own_account_or_end_their_own_role(world, admin):
    me = world.users["administrator"]

    errors = refusal(
        lambda: user_update(by=admin, user=me, expected_version=me.version, details={"is_active": False})
    )
    with pytest.raises(DomainError, match="cannot end your own administrator role"):
        membership_end(by=admin, membership=me.memberships.get())

    assert errors["is_active"] == ["You cannot close your own account."]
    assert me.memberships.get().is_active


def test_ending_a_role_keeps_it_for_the_record_once(world, admin):
    membership = world.users["link_worker"].memberships.get()

    membership_end(by=admin, membership=membership)
    membership_end(by=admin, membership=membership)

    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(action="membership.end", object_id=str(membership.pk)).count() == 1


def test_a_role_that_does_not_fit_the_organisation_is_refused_on_the_page(client, world):
    sign_in(client, world.users["administrator"])
    worker = world.users["link_worker"]

    response = client.post(
        reverse("administration:membership_add", kwargs={"user_id": worker.pk}),
        {"organisation": world.organisations["practice_a"].pk, "role": Role.LINK_WORKER},
    )

    assert response.status_code == 200
    assert "A link worker must belong to a" in response.content.decode()
    assert not Membership.objects.filter(user=worker, organisation=world.organisations["practice_a"]).exists()


def test_the_new_user_page_never_shows_the_password_back(client, world):
    sign_in(client, world.users["administrator"])

    response = client.post(
        reverse("administration:user_new"),
        {"username": "administrator", "password": PASSWORD, "is_active": "on"},
    )

    html = response.content.decode()
    assert "The username administrator is taken" in html
    assert PASSWORD not in html


def test_a_stale_organisation_page_shows_what_the_other_person_saved(client, world, admin):
    provider = world.organisations["provider_a"]
    opened = provider.version
    organisation_update(
        by=admin, organisation=provider, expected_version=opened, settings={"postcode": "LS2 7UE"}
    )
    sign_in(client, world.users["administrator"])

    response = client.post(
        reverse("administration:organisation", kwargs={"organisation_id": provider.pk}),
        {"name": "Provider A renamed", "kind": "provider", "version": opened, "is_active": "on"},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this since you opened it" in html
    assert 'value="LS2 7UE"' in html
    provider.refresh_from_db()
    assert provider.name == "Provider A"


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_administrators_may_add_users_organisations_or_roles(role, client, world):
    sign_in(client, world.users[role])
    worker = world.users["link_worker"]

    answers = [
        client.post(reverse("administration:user_new"), {"username": "sneaky", "password": PASSWORD}),
        client.post(reverse("administration:organisation_new"), practice(parent="")),
        client.post(
            reverse("administration:membership_add", kwargs={"user_id": worker.pk}),
            {"organisation": world.organisations["host"].pk, "role": Role.ADMINISTRATOR},
        ),
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert not User.objects.filter(username="sneaky").exists()
    assert not Organisation.objects.filter(name="Riverside Surgery").exists()
    assert not worker.memberships.filter(role=Role.ADMINISTRATOR).exists()


def test_a_user_s_page_lists_their_roles_not_the_administrator_s(client, world, admin):
    worker = world.users["link_worker"]
    membership_end(by=admin, membership=worker.memberships.get())
    sign_in(client, world.users["administrator"])

    html = client.get(reverse("administration:user", kwargs={"user_id": worker.pk})).content.decode()

    roles = html[html.index("<h2>Roles</h2>") : html.index("<h3>Give a role</h3>")]
    assert "Link worker</td>" in roles
    assert "Ended</td>" in roles
    assert "Administrator</td>" not in roles
