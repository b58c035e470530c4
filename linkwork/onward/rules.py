"""Who may do what with onward referrals."""

from linkwork.accounts.models import Role
from linkwork.casework import rules as casework_rules


def can_refer_onward(actor, case):
    return casework_rules.can_record_on(actor, case) and case.is_open


def can_use_inbox(actor):
    return actor is not None and actor.role == Role.VCSE_COORDINATOR


def is_receiving_service(actor, referral):
    return can_use_inbox(actor) and referral.organisation_id == actor.organisation_id


def can_read_tasks(actor):
    """The FHIR Task view: the referring side's case workers and the receiving services."""
    return actor is not None and actor.role in {Role.LINK_WORKER, Role.TEAM_LEAD, Role.VCSE_COORDINATOR}
