from .models import Membership


def memberships_for_user(*, user):
    """The user's usable memberships, with their organisations, in a stable order."""
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role", "pk")
    )
