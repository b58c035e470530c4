"""The organisation scope: the only road from a request to a person's data.

Every model that holds person data uses a queryset derived from `ScopedQuerySet` and implements
`visible_to(actor)`. Views and API endpoints never touch those models directly: they call the
app's selectors, which start from `visible_to`. `tests/test_scoping_rule.py` enforces both.
"""

from django.apps import apps
from django.db import models


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, actor):
        """Only the rows the actor's organisation and role may see."""
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(actor)")


def person_data_models():
    """Every installed model whose default manager is scoped, i.e. that holds person data."""
    return [model for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)]
