"""Who may do what on a case."""

from linkwork.accounts.models import Role


def can_work_cases(actor):
    return actor is not None and actor.role in {Role.LINK_WORKER, Role.TEAM_LEAD}


def can_lead(actor):
    return actor is not None and actor.role == Role.TEAM_LEAD


def can_record_on(actor, case):
    """The case's link workers record on it; a team lead of its provider may too."""
    if not can_work_cases(actor) or case.provider_id != actor.organisation_id:
        return False
    return actor.role == Role.TEAM_LEAD or actor.user.pk in {case.link_worker_id, case.second_worker_id}
