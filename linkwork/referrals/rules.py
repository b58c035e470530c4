"""Who may do what to a referral."""

from linkwork.accounts.models import Role


def can_refer(actor):
    return actor is not None and actor.role == Role.REFERRER


def can_triage(actor):
    return actor is not None and actor.role == Role.TEAM_LEAD


def can_work_referrals(actor):
    """Link workers and team leads record contact with people allocated to their organisation."""
    return actor is not None and actor.role in {Role.LINK_WORKER, Role.TEAM_LEAD}


def can_see_referral_lists(actor):
    return can_refer(actor) or can_work_referrals(actor)


def can_record_contact(actor, referral):
    if not can_work_referrals(actor) or referral.provider_id != actor.organisation_id:
        return False
    return actor.role == Role.TEAM_LEAD or referral.link_worker_id == actor.user.pk
