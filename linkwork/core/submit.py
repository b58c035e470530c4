"""The one way a view carries out a form: validate it, call the service, show the result.

    form = GoalCreateForm(request.POST)
    return submit(
        request, form, lambda data: goal_create(by=request.actor, case=case, **data),
        done="Goal added.", then=goals_url,
    ) or goals_page(request, goal_form=form)

Services refuse with `DomainError`; the refusal is shown in the person's words, on the field it names
where the form has that field, and nothing changes. A page that re-shows its own form gets None back
and renders the page again with the form; a small form posted from another page (`back=`) gets the
refusal as a message on that page.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect

from .errors import DomainError, StaleEdit


def show_refusal(form, error: DomainError) -> None:
    """A service's refusal on the field it concerns where the form has one, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def first_error(form) -> str:
    return next(message for errors in form.errors.values() for message in errors)


def _result_of(value, result):
    return value(result) if callable(value) else value


def submit(
    request,
    form,
    call: Callable[[dict], Any],
    *,
    done: str | Callable[[Any], str],
    then: str | Callable[[Any], str] | None = None,
    back: str | None = None,
    on_stale: Callable[[StaleEdit], Any] | None = None,
):
    """Validate `form`, run `call(form.cleaned_data)` (the service), and answer with the result.

    Done: `done` (text, or made from the service's result) as a success message and a redirect to
    `then` (a URL, or made from the result; `back` when not given). Refused, or bad input: with
    `back`, the first error as a message and a redirect there; without, None, the refusal on the form.
    `on_stale`, where given, answers an edit someone else saved first: it returns the response, or
    None to show the page again (it may put the refusal on the form itself).
    """
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except StaleEdit as stale:
            if on_stale is None:
                show_refusal(form, stale)
            else:
                return on_stale(stale)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _result_of(done, result))
            return redirect(_result_of(then if then is not None else back, result))
    if back is None:
        return None
    messages.error(request, first_error(form))
    return redirect(back)
