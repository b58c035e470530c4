"""The one form helper: a service's result or refusal reaches the person, and a refusal changes nothing."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.submit import submit


class NoteForm(forms.Form):
    note = forms.CharField(error_messages={"required": "Write the note"})


def posted(**data):
    request = RequestFactory().post("/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def said(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def refuse(error):
    def call(data):
        raise error

    return call


def test_done_says_what_happened_from_the_result_and_goes_where_the_result_says():
    request = posted(note="Called the GP")
    calls = []

    response = submit(
        request,
        NoteForm(request.POST),
        lambda data: calls.append(data["note"]) or "note-1",
        done=lambda result: f"Saved {result}.",
        then=lambda result: f"/notes/{result}/",
    )

    assert (response.status_code, response["Location"]) == (302, "/notes/note-1/")
    assert said(request) == [("success", "Saved note-1.")]
    assert calls == ["Called the GP"]


def test_bad_input_never_reaches_the_service_and_the_form_is_shown_again():
    request = posted(note="")
    form = NoteForm(request.POST)

    response = submit(request, form, refuse(AssertionError("called")), done="Saved.", then="/notes/")

    assert response is None
    assert form.errors == {"note": ["Write the note"]}
    assert said(request) == []


@pytest.mark.parametrize(
    ("error", "where"),
    [(DomainError("Too long for the letter", field="note"), "note"), (DomainError("Case closed"), "__all__")],
)
def test_a_refusal_is_shown_on_the_field_it_names_or_above_the_form(error, where):
    request = posted(note="Called the GP")
    form = NoteForm(request.POST)

    response = submit(request, form, refuse(error), done="Saved.", then="/notes/")

    assert response is None
    assert form.errors[where] == [error.message]


def test_a_small_form_from_another_page_says_the_refusal_there():
    request = posted(note="")

    response = submit(request, NoteForm(request.POST), refuse(AssertionError), done="Saved.", back="/case/")

    assert response["Location"] == "/case/"
    assert said(request) == [("error", "Write the note")]


def test_an_edit_saved_first_by_someone_else_is_answered_by_the_page_that_shows_both_versions():
    request = posted(note="Mine")
    theirs = object()

    response = submit(
        request,
        NoteForm(request.POST),
        refuse(StaleEdit(theirs)),
        done="Saved.",
        then="/notes/",
        on_stale=lambda stale: ("both versions", stale.current),
    )

    assert response == ("both versions", theirs)
    assert said(request) == []
