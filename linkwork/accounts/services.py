from django.db import transaction

from linkwork.core.context import Actor
from linkwork.core.services import audit_record

from .models import Membership, Organisation, User


@transaction.atomic
def organisation_ensure(*, by: Actor, name: str, kind: str, ods_code: str = "", **fields) -> Organisation:
    """Create the organisation, or update the one with the same ODS code (or name and kind)."""
    lookup = {"ods_code": ods_code.upper()} if ods_code else {"name": name, "kind": kind, "ods_code": ""}
    organisation = Organisation.objects.filter(**lookup).first() or Organisation(**lookup)
    created = organisation._state.adding
    organisation.name = name
    organisation.kind = kind
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=by, action="organisation.create" if created else "organisation.update", target=organisation
    )
    return organisation


@transaction.atomic
def membership_grant(*, by: Actor, user: User, organisation: Organisation, role: str) -> Membership:
    """Give the user a role in the organisation (idempotent; reactivates a lapsed membership)."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
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
