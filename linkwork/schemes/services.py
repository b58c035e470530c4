from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from linkwork.accounts.models import Organisation
from linkwork.core.context import Actor
from linkwork.core.errors import StaleEdit
from linkwork.core.services import audit_record, save_if_changed

from .checks import PROVIDER_KINDS, check_settings, check_still_usable, settings_in_use
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
    if changes and not created:
        # A page opened before this change may not save over it (scheme_update checks the version).
        scheme.version += 1
        scheme.save(update_fields=["version"])
    if created or changes:
        audit_record(
            actor=by,
            action="scheme.create" if created else "scheme.update",
            target=scheme,
            details={"preset": preset, "fields": changes},
        )
    return scheme


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


# Settings an administrator edits on Linkwork's scheme pages (the slug stays: it is in public links).
EDITABLE_FIELDS = (
    "name",
    "description",
    "is_active",
    "commissioner",
    "min_age",
    "max_age",
    "eligible_conditions",
    "requires_gp_registration",
    "referral_sources",
    "public_phone",
    "public_email",
    "triage_levels",
    "contact_attempts_before_closing",
    "contact_modes",
    "session_cap",
    "duration_cap_weeks",
    "duration_cap_discretionary",
    "review_cadence_weeks",
    "outcome_schedule",
    "champion_areas",
    "office_days",
    "office_opens",
    "office_closes",
    "message_back_events",
    "message_back_channels",
    "records_snomed_codes",
    "retention_years",
)


@transaction.atomic
def scheme_create(*, by: Actor, preset: str = "", settings: dict, providers=(), practices=()) -> Scheme:
    """A new scheme from an administrator's choices, checked as a whole before anything is saved."""
    _check_editable(settings)
    scheme = Scheme(slug=slugify(settings.get("name", ""))[:80], preset=preset, **settings)
    if Scheme.objects.filter(Q(name__iexact=scheme.name) | Q(slug=scheme.slug)).exists():
        raise ValidationError(
            {"name": f"There is already a scheme called {scheme.name}: choose another name."}
        )
    if not scheme.slug:
        raise ValidationError({"name": "Enter a name with at least one letter or number."})
    check_settings(scheme, providers=providers, practices=practices)
    try:
        with transaction.atomic():
            scheme.save()
    except IntegrityError as error:  # the same name sent twice at once: the first one made it
        raise ValidationError(
            {"name": f"There is already a scheme called {scheme.name}: choose another name."}
        ) from error
    scheme.providers.set(providers)
    scheme.practices.set(practices)
    audit_record(
        actor=by,
        action="scheme.create",
        target=scheme,
        details={"preset": preset, "settings": _audited(scheme, providers, practices)},
    )
    return scheme


@transaction.atomic
def scheme_update(
    *, by: Actor, scheme: Scheme, expected_version: int, settings: dict, providers=(), practices=()
) -> Scheme:
    """Save an administrator's change to a scheme, refused whole if it is stale, incoherent or would
    take away something open referrals or cases still use."""
    _check_editable(settings)
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    old_providers = list(current.providers.all())
    before = _audited(current, old_providers, current.practices.all())
    in_use_before = settings_in_use(current, old_providers)
    for name, value in settings.items():
        setattr(current, name, value)
    if Scheme.objects.exclude(pk=current.pk).filter(name__iexact=current.name).exists():
        raise ValidationError(
            {"name": f"There is already a scheme called {current.name}: choose another name."}
        )
    _check_all(
        lambda: check_settings(current, providers=providers, practices=practices),
        lambda: check_still_usable(current, before=in_use_before, after=settings_in_use(current, providers)),
    )
    after = _audited(current, providers, practices)
    changes = {
        name: {"from": before[name], "to": after[name]} for name in after if after[name] != before[name]
    }
    if not changes:
        return current
    current.version = expected_version + 1
    current.save()
    current.providers.set(providers)
    current.practices.set(practices)
    audit_record(actor=by, action="scheme.update", target=current, details={"changes": changes})
    return current


def _check_all(*checks):
    """Run every check and refuse with all their messages together, so one attempt shows every problem."""
    errors = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _check_editable(settings):
    unknown = set(settings) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")


def _audited(scheme, providers, practices) -> dict:
    """The scheme's settings as plain values, for the audit trail's before and after."""
    values = {name: getattr(scheme, name) for name in EDITABLE_FIELDS if name != "commissioner"}
    values["commissioner"] = scheme.commissioner_id
    values["providers"] = sorted(organisation.pk for organisation in providers)
    values["practices"] = sorted(organisation.pk for organisation in practices)
    return values
