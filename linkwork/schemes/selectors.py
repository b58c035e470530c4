from linkwork.core.models import AuditEvent

from .models import Scheme


def _visible_schemes(organisation):
    """Schemes the organisation takes part in; organisations outside every scheme see all active ones."""
    involved = Scheme.objects.active().involving(organisation)
    return involved if involved.exists() else Scheme.objects.active()


def schemes_for_organisation(*, organisation):
    return list(_visible_schemes(organisation).select_related("commissioner").order_by("name"))


def scheme_get(*, organisation, slug):
    """The scheme with this slug if the organisation can see it, else None."""
    return (
        _visible_schemes(organisation)
        .filter(slug=slug)
        .select_related("commissioner")
        .prefetch_related("providers", "practices")
        .first()
    )


def schemes_taking_self_referrals() -> list[Scheme]:
    """Active schemes the public may refer themselves to, by name (for the public front door)."""
    return [scheme for scheme in Scheme.objects.active().order_by("name") if scheme.accepts_source("self")]


def schemes_for_administration():
    """Every scheme, taking referrals first: administrators set them up, and see no one's record."""
    return list(
        Scheme.objects.select_related("commissioner")
        .prefetch_related("providers")
        .order_by("-is_active", "name")
    )


def scheme_for_administration(*, slug):
    return (
        Scheme.objects.filter(slug=slug)
        .select_related("commissioner")
        .prefetch_related("providers", "practices")
        .first()
    )


def scheme_changes(*, scheme, limit=10):
    """The scheme's latest recorded changes, newest first: who, when, and which settings."""
    return list(
        AuditEvent.objects.filter(object_type="schemes.scheme", object_id=str(scheme.pk))
        .filter(action__in=["scheme.create", "scheme.update"])
        .order_by("-occurred_at", "-id")[:limit]
    )
