"""Who reports on what: the one scope every report reads through, and the database it reads from.

A commissioner reports on the schemes their organisation commissions, over every provider's records;
a team lead on the schemes their provider delivers, over their own provider's records only (referrals
it has taken or may still take, and its own cases). Everyone else reports on nothing. The outcome
evaluation and the operational dashboards both start from `reported_cases` or `reported_referrals`
and only narrow them.
"""

from django.conf import settings
from django.db.models import Q

from linkwork.accounts.models import Organisation
from linkwork.casework.models import Case
from linkwork.core.context import Actor
from linkwork.referrals.models import Referral
from linkwork.schemes.models import Scheme

from . import rules

DEFAULT_SUPPRESSION_THRESHOLD = 5


def suppression_threshold() -> int:
    return getattr(settings, "LINKWORK_SUPPRESSION_THRESHOLD", DEFAULT_SUPPRESSION_THRESHOLD)


def reporting_database() -> str:
    """The database alias reports read from: a read replica when one is configured, else default.

    Every queryset a report combines starts here, as Django will not nest a query of one alias in
    another's. Writes, the audit event of the read among them, stay on the default manager.
    """
    return settings.LINKWORK_REPORTING_DATABASE


def reportable_schemes(actor: Actor):
    """Schemes the actor may report on: commissioned by their organisation, or delivered by it."""
    if not rules.can_view_reports(actor):
        return Scheme.objects.none()
    schemes = Scheme.objects.using(reporting_database())
    if rules.reports_whole_scheme(actor):
        return schemes.filter(commissioner_id=actor.organisation_id).order_by("name")
    return schemes.filter(providers=actor.organisation_id).distinct().order_by("name")


def provider_choices(actor: Actor):
    """Providers the actor may filter by: their schemes' providers (commissioner) or themself."""
    organisations = Organisation.objects.using(reporting_database())
    if rules.reports_whole_scheme(actor):
        return organisations.filter(provided_schemes__in=reportable_schemes(actor)).distinct()
    return organisations.filter(pk=actor.organisation_id)


def practice_choices(actor: Actor):
    return (
        Organisation.objects.using(reporting_database())
        .filter(practice_schemes__in=reportable_schemes(actor))
        .distinct()
        .order_by("name")
    )


def reported_referrals(actor: Actor, schemes):
    """The referrals of these schemes the actor reports on (their team's, for a team lead)."""
    referrals = Referral.objects.using(reporting_database())
    if rules.reports_whole_scheme(actor):
        referrals = referrals.filter(scheme__commissioner_id=actor.organisation_id)
    elif rules.can_view_reports(actor):
        referrals = referrals.visible_to(actor).filter(
            Q(provider_id=actor.organisation_id) | Q(provider__isnull=True)
        )
    else:
        return referrals.none()
    return referrals.filter(scheme__in=[scheme.pk for scheme in schemes]).order_by()


def reported_cases(actor: Actor, schemes):
    """The cases of these schemes the actor reports on (their own provider's, for a team lead)."""
    cases = Case.objects.using(reporting_database())
    if rules.reports_whole_scheme(actor):
        cases = cases.filter(referral__scheme__commissioner_id=actor.organisation_id)
    elif rules.can_view_reports(actor):
        cases = cases.visible_to(actor)
    else:
        return cases.none()
    return cases.filter(referral__scheme__in=[scheme.pk for scheme in schemes]).order_by()
