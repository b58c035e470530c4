"""Who may use the directory pages. The data is public (see the Open Referral UK API); the pages
are for the people who find services for others or keep listings current."""

from linkwork.accounts.models import Role

_DIRECTORY_ROLES = frozenset({Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD, Role.VCSE_COORDINATOR})


def can_search_directory(actor):
    return actor is not None and actor.role in _DIRECTORY_ROLES


def can_manage_listings(actor):
    """VCSE coordinators keep their own organisation's listings current (the listing's owner)."""
    return actor is not None and actor.role == Role.VCSE_COORDINATOR
