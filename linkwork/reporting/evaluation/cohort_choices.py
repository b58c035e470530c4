"""The cohorts an actor may choose: batches imported into schemes they report on, and the providers and
practices the dashboards offer them. Each choice is checked here; DomainError names the field."""

import datetime

from linkwork.casework.models import ImportBatch
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.schemes.models import Scheme

from .. import rules
from ..scope import practice_choices, provider_choices, reportable_schemes, reporting_database
from .cohorts import Cohort


def batch_choices(actor: Actor):
    """Imported batches of the schemes the actor reports on; a team lead's own provider's only."""
    batches = ImportBatch.objects.using(reporting_database()).filter(scheme__in=reportable_schemes(actor))
    if not rules.reports_whole_scheme(actor):
        batches = batches.filter(provider_id=actor.organisation_id)
    return batches.select_related("scheme")


def cohort_for(
    *,
    actor: Actor,
    scheme: Scheme,
    batch_id: int | None = None,
    referred_from: datetime.date | None = None,
    referred_to: datetime.date | None = None,
    provider_id: int | None = None,
    practice_id: int | None = None,
) -> Cohort:
    batch = provider = practice = None
    if batch_id is not None:
        batch = batch_choices(actor).filter(pk=batch_id, scheme=scheme).first()
        if batch is None:
            raise DomainError(f"Choose a batch imported into {scheme.name}", field="batch")
    if referred_from and referred_to and referred_from > referred_to:
        raise DomainError(
            "The end of the referral period must be the same as or after its start", field="referred_to"
        )
    if provider_id is not None:
        provider = provider_choices(actor).filter(pk=provider_id, provided_schemes=scheme).first()
        if provider is None:
            raise DomainError(f"Choose a provider of {scheme.name}", field="provider")
    if practice_id is not None:
        practice = practice_choices(actor).filter(pk=practice_id, practice_schemes=scheme).first()
        if practice is None:
            raise DomainError(f"Choose a practice served by {scheme.name}", field="practice")
    return Cohort(
        batch=batch,
        referred_from=referred_from,
        referred_to=referred_to,
        provider=provider,
        practice=practice,
    )
