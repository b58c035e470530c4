"""What each role's home page offers as next steps: only pages the role can use today."""

from django.urls import reverse

from . import rules
from .models import Role

_ROLE_INTRODUCTIONS = {
    Role.REFERRER: "Refer people whose health is held back by non-medical problems, and see what became of "
    "each referral.",
    Role.LINK_WORKER: "Support the people allocated to you: contact them, agree what matters to them and "
    "connect them with community support.",
    Role.TEAM_LEAD: "Triage new referrals, allocate them by capacity and complexity, and support your "
    "link workers.",
    Role.VCSE_COORDINATOR: "Keep your organisation's services current and answer the onward referrals "
    "link workers send you.",
    Role.COMMISSIONER: "See how the schemes you fund are working: volumes, waits, equity and outcomes, as "
    "aggregates only.",
    Role.ADMINISTRATOR: "Set up organisations, users, memberships and schemes.",
}


def next_steps(request):
    actor = request.actor
    steps = []
    if rules.can_view_people(actor):
        steps.append(
            {
                "title": "Find a person",
                "description": "Search the people your organisation supports by NHS number or name.",
                "href": reverse("people:list"),
            }
        )
    if rules.can_view_schemes(actor):
        steps.append(
            {
                "title": "Check scheme criteria",
                "description": "Who each scheme your organisation works with accepts, and how it runs.",
                "href": reverse("schemes:list"),
            }
        )
    if rules.can_administer(actor) and request.user.is_staff:
        steps.append(
            {
                "title": "Administration",
                "description": "Organisations, users, memberships and schemes.",
                "href": reverse("admin:index"),
            }
        )
    return {"introduction": _ROLE_INTRODUCTIONS[actor.role], "steps": steps}
