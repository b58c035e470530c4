from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from linkwork.accounts.models import Organisation
from linkwork.core.context import Actor
from linkwork.core.services import audit_record, save_if_changed

from .models import Scheme
from .presets import load_preset


@transaction.atomic
def scheme_apply_preset(
    *,
    by: Actor,
    preset: str,
    name: str | None = None,
    commissioner=None,
    providers=(),
    practices=(),
) -> Scheme:
    """Create a scheme from a preset, or bring an existing one (same slug) back to the preset's settings."""
    settings = load_preset(preset)
    preset_name = settings.pop("name")
    name = name or preset_name
    _check_kinds(
        providers, PROVIDER_KINDS, "providers", "a social prescribing provider or primary care network"
    )
    _check_kinds(practices, {Organisation.Kind.GP_PRACTICE}, "practices", "a GP practice")
    slug = slugify(name)
    scheme = Scheme.objects.filter(slug=slug).first()
    created = scheme is None
    scheme = scheme or Scheme(slug=slug)
    members_before = set() if created else _member_ids(scheme)
    changes = save_if_changed(
        scheme, {"name": name, "preset": preset, "commissioner": commissioner, **settings}
    )
    scheme.providers.set(providers)
    scheme.practices.set(practices)
    if _member_ids(scheme) != members_before:
        changes.append("organisations")
    if created or changes:
        audit_record(
            actor=by,
            action="scheme.create" if created else "scheme.update",
            target=scheme,
            details={"preset": preset, "fields": changes},
        )
    return scheme


PROVIDER_KINDS = {Organisation.Kind.PROVIDER, Organisation.Kind.PCN}


def _check_kinds(organisations, allowed, field, description):
    wrong = [organisation.name for organisation in organisations if organisation.kind not in allowed]
    if wrong:
        raise ValidationError({field: f"{', '.join(wrong)}: each must be {description}."})


def _member_ids(scheme):
    return (
        frozenset(scheme.providers.values_list("pk", flat=True)),
        frozenset(scheme.practices.values_list("pk", flat=True)),
    )


@transaction.atomic
def scheme_public_contact_set(*, by: Actor, scheme: Scheme, phone: str, email: str) -> Scheme:
    """How people who refer themselves can reach the service; audited only when it changes."""
    changes = save_if_changed(scheme, {"public_phone": phone.strip(), "public_email": email.strip()})
    if changes:
        audit_record(actor=by, action="scheme.update", target=scheme, details={"fields": changes})
    return scheme
