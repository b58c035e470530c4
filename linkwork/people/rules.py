"""Which relationships let each role see a person (no relationship, no access), and who may merge records."""

from linkwork.accounts.models import Role

from .vocabulary import RelationshipBasis

_ALL_BASES = frozenset(RelationshipBasis.values)

VISIBLE_BASES = {
    Role.REFERRER: _ALL_BASES,
    Role.LINK_WORKER: _ALL_BASES,
    Role.TEAM_LEAD: _ALL_BASES,
    # A VCSE organisation knows only the people sent to it, and what they agreed to share.
    Role.VCSE_COORDINATOR: frozenset({RelationshipBasis.ONWARD_REFERRAL, RelationshipBasis.CONSENT}),
    Role.COMMISSIONER: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
}


def visible_bases(actor):
    if actor is None or actor.is_system:
        return frozenset()
    return VISIBLE_BASES.get(actor.role, frozenset())


def can_merge_people(actor):
    """Team leads decide whether two records are one person: a wrong merge mixes two people's care."""
    return actor is not None and actor.role == Role.TEAM_LEAD


def can_review_record_governance(actor):
    """Team leads answer 'who has seen this record' and subject access requests for their organisation."""
    return actor is not None and actor.role == Role.TEAM_LEAD


def can_break_glass(actor):
    """Link workers and team leads may open a record outside their scope in an emergency (audited, reviewed)."""
    return actor is not None and actor.role in (Role.LINK_WORKER, Role.TEAM_LEAD)


def can_review_break_glass(actor):
    return actor is not None and actor.role == Role.TEAM_LEAD


def can_change_contact_preferences(actor):
    """Link workers and team leads record how a person wants (and does not want) to be contacted."""
    return actor is not None and actor.role in (Role.LINK_WORKER, Role.TEAM_LEAD)


def can_correct_person_details(actor):
    """Link workers and team leads correct a person's demographics, address and contact details (audited)."""
    return actor is not None and actor.role in (Role.LINK_WORKER, Role.TEAM_LEAD)
