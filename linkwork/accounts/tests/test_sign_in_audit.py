"""Signing in and out leaves events in the audit chain: password, failures, lock-out, the second factor,
sign-out (by the person or the session limits) and password changes, each with the client's address."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Organisation, Role, User
from linkwork.core.audit_chain import verify_chain
from linkwork.core.context import Actor
from linkwork.core.models import AuditEvent
from linkwork.core.services import audit_record
from linkwork.testing.auth import current_code, known_app_device, sign_in
from linkwork.testing.factories import PASSWORD, make_organisation, make_user

PROXY = "10.0.0.1"
CLIENT = "198.51.100.7"
BEHIND_THE_PROXY = {"REMOTE_ADDR": PROXY, "headers": {"X-Forwarded-For": CLIENT}}


@pytest.fixture
def worker(db):
    return make_user(
        "audit.worker", organisation=make_organisation(name="Audit Practice"), role=Role.REFERRER
    )


def sign_in_events():
    return list(
        AuditEvent.objects.filter(action__startswith="sign_in.")
        .order_by("id")
        .values_list("action", "outcome", "actor__username", "client_address")
    )


def password(client, username, secret=PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": secret}, **BEHIND_THE_PROXY
    )


@override_settings(LINKWORK_TRUSTED_PROXIES=[PROXY])
def test_a_sign_in_with_both_factors_is_audited_with_the_clients_address(client, worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    device = known_app_device(worker)

    password(client, "audit.worker")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client.post(reverse("accounts:two_factor"), {"code": wrong}, **BEHIND_THE_PROXY)
    time_machine.shift(2)  # past the one-second wait a wrong code costs
    client.post(reverse("accounts:two_factor"), {"code": current_code(device)}, **BEHIND_THE_PROXY)

    assert sign_in_events() == [
        ("sign_in.password", "allowed", "audit.worker", CLIENT),
        ("sign_in.second_factor", "denied", "audit.worker", CLIENT),
        ("sign_in.second_factor", "allowed", "audit.worker", CLIENT),
    ]
    assert verify_chain().broken is None


@override_settings(LINKWORK_TRUSTED_PROXIES=[PROXY])
def test_failed_sign_ins_name_a_real_account_and_never_store_what_was_typed(client, worker):
    password(client, "audit.worker", secret="not-the-password-1")
    password(client, "typed-secret-in-the-username-box", secret="anything-at-all-2")

    assert sign_in_events() == [
        ("sign_in.password", "denied", "audit.worker", CLIENT),
        ("sign_in.password", "denied", None, CLIENT),
    ]
    stored = [str(value) for value in AuditEvent.objects.values_list("actor_label", "details", "reason")]
    assert not any("typed-secret" in value or "anything-at-all" in value for value in stored)


def test_a_lock_out_is_audited_each_time_it_refuses(client, worker):
    for _ in range(10):
        password(client, "audit.worker", secret="wrong-password-here")
    password(client, "audit.worker")

    locked = AuditEvent.objects.filter(action="sign_in.locked_out", outcome="denied", actor=worker)
    assert locked.count() == 2  # the tenth failure, then the refused right password
    assert not AuditEvent.objects.filter(action="sign_in.password", outcome="allowed").exists()


def test_signing_out_and_changing_the_password_are_audited(client, worker):
    sign_in(client, worker)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-pass-2026",
            "new_password2": "a-much-longer-pass-2026",
        },
    )
    client.post(reverse("accounts:logout"))

    actions = list(AuditEvent.objects.filter(actor=worker).order_by("id").values_list("action", "details"))
    assert actions[-2:] == [("account.password_change", {}), ("sign_in.sign_out", {})]


def test_being_signed_out_by_the_idle_limit_is_audited_with_why(client, worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    sign_in(client, worker)
    client.get(reverse("home"))

    time_machine.shift(31 * 60)
    client.get(reverse("home"))

    event = AuditEvent.objects.filter(action="sign_in.sign_out").get()
    assert (event.actor, event.details) == (worker, {"ended_by": "idle"})


def test_administrators_read_sign_in_events_and_nothing_else_of_the_trail(client, worker):
    admin = make_user(
        "audit.admin", organisation=make_organisation(Organisation.Kind.HOST), role=Role.ADMINISTRATOR
    )
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    password(client, "audit.worker", secret="not-the-password-1")
    audit_record(actor=Actor.system(), action="person.view", details={"marker": "not-a-sign-in"})
    sign_in(client, admin)

    listed = client.get(reverse("admin:accounts_signinevent_changelist")).content.decode()
    event = AuditEvent.objects.get(action="sign_in.password", actor=worker)
    opened = client.get(reverse("admin:accounts_signinevent_change", args=[event.pk]))

    assert "audit.worker" in listed
    assert "person.view" not in listed
    assert opened.status_code == 200
    assert client.get(reverse("admin:accounts_signinevent_add")).status_code == 403
    assert client.post(reverse("admin:accounts_signinevent_delete", args=[event.pk])).status_code == 403
