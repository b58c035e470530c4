"""The search form, written through core's field library, gives the markup of the NHS.UK macros."""

import uuid
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.template import engines

from linkwork.directory.forms import DirectorySearchForm
from linkwork.testing.form_macros import normalised, render_both

pytestmark = pytest.mark.django_db

CATEGORIES = [
    SimpleNamespace(pk=uuid.UUID(int=n), name=name) for n, name in enumerate(["Arts", "Carers & family"])
]

SEARCH_FIELDS = """
{{ text_field(form.q, hint="For example, walking") }}
{{ text_field(form.age, classes="nhsuk-input--width-3", inputmode="numeric", hint="Shows services") }}
{{ text_field(form.postcode, classes="nhsuk-input--width-10", autocomplete="postal-code") }}
{{ select_field(form.category) }}
{{ select_field(form.within_km) }}
{{ single_checkbox(form.after_five) }}
{{ single_checkbox(form.drop_in) }}
{{ checkboxes_field(form.capacity) }}
"""


@pytest.mark.parametrize(
    "query",
    [
        "",
        f"q=walk+%26+talk&age=60&category={CATEGORIES[1].pk}&after_five=on&capacity=has_capacity&capacity=waiting_list",
        "q=" + "x" * 201 + "&age=old&category=other&within_km=3&capacity=plenty&drop_in=on",
        "postcode=ZZ9+9ZZ&within_km=5",
    ],
    ids=["empty", "chosen", "errors", "postcode error"],
)
def test_the_search_fields_match_the_nhs_macros(query):
    form = DirectorySearchForm(QueryDict(query), categories=CATEGORIES)
    form.is_valid()

    written_out, expected = render_both(SEARCH_FIELDS, form=form)

    assert written_out == expected


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        ("has_capacity", "nhsuk-tag--green"),
        ("waiting_list", "nhsuk-tag--yellow"),
        ("assessment_needed", "nhsuk-tag--blue"),
        ("no_capacity", "nhsuk-tag--red"),
    ],
)
def test_the_written_out_capacity_tag_matches_the_nhs_macro(status, colour):
    service = SimpleNamespace(capacity_status=status, capacity_label="Waiting list: about 6 weeks")
    environment = engines["jinja2"].env

    expected = environment.from_string(
        '{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag({"text": text, "classes": colour}) }}'
    ).render(text=service.capacity_label, colour=colour)
    written_out = environment.from_string(
        '{% from "directory/_parts.jinja" import capacity_tag %}{{ capacity_tag(service) }}'
    ).render(service=service)

    assert normalised(written_out) == normalised(expected)
