"""Who may see reports, and over which cases.

Reports are aggregates only. A commissioner sees the schemes their organisation commissions, over
every provider's cases; a team lead sees the schemes their provider delivers, over their own
provider's cases only. Everyone else (link workers, referrers, VCSE coordinators, administrators)
sees none: they either work with people one by one or have no relationship to the figures.
"""

from linkwork.accounts.models import Role

REPORT_ROLES = frozenset({Role.COMMISSIONER, Role.TEAM_LEAD})


def can_view_reports(actor):
    return actor is not None and actor.role in REPORT_ROLES


def reports_whole_scheme(actor):
    """Commissioners report on the whole scheme; team leads on their own provider's part of it."""
    return actor is not None and actor.role == Role.COMMISSIONER


def can_download_extract(actor):
    """The pseudonymised record-level extract: a provider's team lead, for their own cases only.

    Commissioners get aggregates only. There is no evaluator role yet; one would be added here.
    """
    return actor is not None and actor.role == Role.TEAM_LEAD
