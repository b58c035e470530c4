from django.db.models import Prefetch

from .models import Membership, Organisation, User


def memberships_for_user(*, user):
    """The user's usable memberships, with their organisations, in a stable order."""
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role", "pk")
    )


def organisations_for_administration(*, kind=""):
    """Every organisation (active first), for administrators: organisations hold no one's record."""
    organisations = Organisation.objects.select_related("parent").order_by("-is_active", "name")
    return list(organisations.filter(kind=kind) if kind else organisations)


def users_for_administration():
    """Every user with their memberships (active or ended), in one query for each."""
    return list(
        User.objects.order_by("-is_active", "last_name", "first_name", "username").prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "-is_active", "organisation__name"
                ),
            )
        )
    )


def user_memberships(*, user):
    return list(
        user.memberships.select_related("organisation").order_by("-is_active", "organisation__name", "role")
    )
