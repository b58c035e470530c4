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
