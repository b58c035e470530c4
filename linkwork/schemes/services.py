from django.db import transaction
from django.utils.text import slugify

from linkwork.core.context import Actor
from linkwork.core.services import audit_record

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
    name = name or settings.pop("name")
    settings.pop("name", None)
    slug = slugify(name)
    scheme = Scheme.objects.filter(slug=slug).first() or Scheme(slug=slug)
    created = scheme._state.adding
    scheme.name = name
    scheme.preset = preset
    scheme.commissioner = commissioner
    for field, value in settings.items():
        setattr(scheme, field, value)
    scheme.full_clean()
    scheme.save()
    scheme.providers.set(providers)
    scheme.practices.set(practices)
    audit_record(
        actor=by,
        action="scheme.create" if created else "scheme.update",
        target=scheme,
        details={"preset": preset},
    )
    return scheme
