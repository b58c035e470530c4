"""What every administration page does with a refusal: each message beside the field it concerns."""

from django.core.exceptions import ValidationError

from linkwork.core.errors import DomainError
from linkwork.core.submit import show_refusal

CONFLICT = 409  # someone else saved first: the page shows what they saved


def add_errors(form, error, aliases=None):
    """Put a service's refusal on the form: on the field it names where the form has it, else at the top.

    `aliases` maps a model field to the form field that sets it (a schedule shown as three lists, say).
    """
    aliases = aliases or {}
    if isinstance(error, DomainError):
        show_refusal(form, error)
        return
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = aliases.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
