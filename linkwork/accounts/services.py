from django.db import transaction

from linkwork.core.context import Actor
from linkwork.core.services import audit_record, save_if_changed

from .models import Membership, Organisation, User


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
