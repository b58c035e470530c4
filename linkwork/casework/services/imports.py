from django.db import transaction

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError

from .. import rules
from ..models import Case, ImportBatch


@transaction.atomic
def import_batch_add_cases(*, by: Actor, scheme, name: str, cases: list[Case]) -> ImportBatch:
    """Keep imported cases together under a name, reusing the provider's batch of that name for the scheme.

    The importer's `history.import` audit event records the batch; this adds no event of its own.
    """
    if not rules.can_lead(by):
        raise DomainError("Only a team lead can import a service's history")
    if any(case.provider_id != by.organisation_id for case in cases):
        raise DomainError("Only your own provider's cases can be kept in your import batches")
    batch, _ = ImportBatch.objects.get_or_create(scheme=scheme, provider=by.organisation, name=name)
    batch.cases.add(*cases)
    return batch
