from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.services import audit_record, save_if_changed

from .models import ROLE_ORGANISATION_KINDS, Membership, Organisation, Role, User


@transaction.atomic
def organisation_ensure(*, by: Actor, name: str, kind: str, ods_code: str = "", **fields) -> Organisation:
    """Create the organisation, or update the one with the same ODS code (or name and kind).

    Only a real change is saved and audited, so running set-up twice leaves no trace.
    """
    ods_code = ods_code.strip().upper()
    organisation = (
        Organisation.objects.filter(ods_code=ods_code).first() if ods_code else None
    ) or Organisation.objects.filter(name=name, kind=kind).first()
    created = organisation is None
    organisation = organisation or Organisation()
    changes = save_if_changed(organisation, {"name": name, "kind": kind, "ods_code": ods_code, **fields})
    if created or changes:
        audit_record(
            actor=by,
            action="organisation.create" if created else "organisation.update",
            target=organisation,
            details={"fields": changes},
        )
    return organisation


@transaction.atomic
def membership_grant(*, by: Actor, user: User, organisation: Organisation, role: str) -> Membership:
    """Give the user a role in the organisation (idempotent; reactivates a lapsed membership)."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is not None and membership.is_active:
        return membership
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    membership.is_active = True
    membership.full_clean()
    membership.save()
    audit_record(
        actor=by,
        action="membership.grant",
        target=membership,
        details={"user": user.get_username(), "organisation": organisation.pk, "role": role},
    )
    return membership


# What an administrator edits on Linkwork's organisation pages.
ORGANISATION_FIELDS = ("name", "kind", "ods_code", "parent", "registered_list_size", "postcode", "is_active")
USER_FIELDS = ("first_name", "last_name", "email", "is_active")


@transaction.atomic
def organisation_create(*, by: Actor, settings: dict) -> Organisation:
    organisation = Organisation(**_only(settings, ORGANISATION_FIELDS))
    _check_organisation(organisation)
    organisation.save()
    audit_record(
        actor=by,
        action="organisation.create",
        target=organisation,
        details={"settings": _values(organisation)},
    )
    return organisation


@transaction.atomic
def organisation_update(*, by: Actor, organisation: Organisation, expected_version: int, settings: dict):
    """Save an administrator's change; refused whole if someone saved first or it does not fit."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    before = _values(current)
    for name, value in _only(settings, ORGANISATION_FIELDS).items():
        setattr(current, name, value)
    _check_organisation(current)
    return _save_versioned(by, current, before, "organisation.update")


def _check_organisation(organisation):
    errors = {}
    try:
        # The unique constraints are checked below, in words.
        organisation.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    others = Organisation.objects.exclude(pk=organisation.pk)
    same_code = organisation.ods_code and others.filter(ods_code=organisation.ods_code).first()
    if same_code:
        errors.setdefault("ods_code", []).append(
            f"{same_code.name} already has the ODS code {same_code.ods_code}."
        )
    if others.filter(name__iexact=organisation.name, kind=organisation.kind).exists():
        errors.setdefault("name", []).append(
            f"There is already an organisation of this kind called {organisation.name}."
        )
    parent = organisation.parent
    if parent is not None and organisation.kind != Organisation.Kind.GP_PRACTICE:
        errors.setdefault("parent", []).append("Only a GP practice belongs to a primary care network.")
    elif parent is not None and parent.kind != Organisation.Kind.PCN:
        errors.setdefault("parent", []).append("Choose a primary care network.")
    if organisation.pk is not None:
        _check_kind_change(organisation, errors)
    if errors:
        raise ValidationError(errors)


def _check_kind_change(organisation, errors):
    """Memberships only fit some kinds of organisation: a change of kind may not leave one that does not."""
    unfitting = sorted(
        {
            Role(membership.role).label.lower()
            for membership in organisation.memberships.filter(is_active=True)
            if organisation.kind not in ROLE_ORGANISATION_KINDS[membership.role]
        }
    )
    if unfitting:
        errors.setdefault("kind", []).append(
            f"People here work as {' and '.join(unfitting)}, which this kind of organisation cannot have: "
            "end those roles first."
        )


@transaction.atomic
def user_create(*, by: Actor, username: str, password: str, details: dict) -> User:
    """A new user who signs in with this password (and sets up their security code the first time)."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username} is taken: choose another."})
    user = User(username=username, **_only(details, USER_FIELDS))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same username sent twice at once: the first one made it
        raise ValidationError({"username": f"The username {username} is taken: choose another."}) from error
    audit_record(actor=by, action="user.create", target=user, details={"username": user.get_username()})
    return user


@transaction.atomic
def user_update(*, by: Actor, user: User, expected_version: int, details: dict) -> User:
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    if by.user is not None and current.pk == by.user.pk and not details.get("is_active", True):
        raise ValidationError({"is_active": "You cannot close your own account."})
    before = _values(current, USER_FIELDS)
    for name, value in _only(details, USER_FIELDS).items():
        setattr(current, name, value)
    current.full_clean()
    return _save_versioned(by, current, before, "user.update", USER_FIELDS)


@transaction.atomic
def membership_end(*, by: Actor, membership: Membership) -> Membership:
    """End a role (kept, inactive, for the record); ending one already ended changes nothing."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    if by.user is not None and membership.user_id == by.user.pk and membership.role == Role.ADMINISTRATOR:
        raise DomainError("You cannot end your own administrator role: ask another administrator.")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=by,
        action="membership.end",
        target=membership,
        details={"user": membership.user.get_username(), "organisation": membership.organisation_id},
    )
    return membership


def _only(values: dict, allowed) -> dict:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    return values


def _values(instance, fields=ORGANISATION_FIELDS) -> dict:
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in fields}


def _save_versioned(by, instance, before, action, fields=ORGANISATION_FIELDS):
    after = _values(instance, fields)
    changes = {
        name: {"from": before[name], "to": after[name]} for name in fields if before[name] != after[name]
    }
    if not changes:
        return instance
    instance.version += 1
    instance.save()
    audit_record(actor=by, action=action, target=instance, details={"changes": changes})
    return instance
