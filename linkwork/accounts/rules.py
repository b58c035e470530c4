"""What each role may do. Views and services ask these rules; nothing else decides."""

from .models import Role

# Roles that work with people's records directly. VCSE coordinators see only what an onward
# referral shares with them; commissioners see aggregates only; administrators see no one.
_PEOPLE_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD})


def can_view_people(actor):
    return actor is not None and actor.role in _PEOPLE_ROLES


def can_view_schemes(actor):
    return actor is not None


def can_administer(actor):
    return actor is not None and actor.role == Role.ADMINISTRATOR
