from linkwork.core.context import Actor

from .selectors import memberships_for_user

SESSION_KEY = "linkwork_membership_id"


def choose_membership(memberships, chosen_id):
    """The membership chosen in this session if it is still usable, otherwise the first one."""
    for membership in memberships:
        if membership.pk == chosen_id:
            return membership
    return memberships[0] if memberships else None


class CurrentMembershipMiddleware:
    """Attach the signed-in user's memberships and the Actor they are acting as to the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        request.actor = None
        if request.user.is_authenticated:
            request.memberships = memberships_for_user(user=request.user)
            request.membership = choose_membership(request.memberships, request.session.get(SESSION_KEY))
            if request.membership is not None:
                request.actor = Actor(
                    user=request.user,
                    organisation=request.membership.organisation,
                    role=request.membership.role,
                )
        return self.get_response(request)
