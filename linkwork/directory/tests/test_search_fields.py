"""The search form's written-out fields give the same markup as the NHS.UK macros they stand in for."""

import re
import uuid
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.template import engines

from linkwork.core.tests.test_form_macros_markup import NHS_MACROS as CORE_NHS_MACROS
from linkwork.directory.forms import DirectorySearchForm

pytestmark = pytest.mark.django_db

CATEGORIES = [
    SimpleNamespace(pk=uuid.UUID(int=n), name=name) for n, name in enumerate(["Arts", "Carers & family"])
]

# The shared field macros as they were written on the NHS.UK components (core's markup test keeps
# them), so every field here is compared with NHS.UK's own output.
NHS_MACROS = (
    CORE_NHS_MACROS
    + """
{% from "nhsuk/components/select/macro.jinja" import select %}
{% macro select_field(field) %}
  {% set chosen = field.value() or "" %}
  {% set items = [] %}
  {% for value, label in field.field.choices %}
    {% set _ = items.append({"value": value, "text": label, "selected": chosen == value | string}) %}
  {% endfor %}
  {{ select({"id": field.id_for_label, "name": field.html_name, "label": {"text": field.label}, "items": items, "errorMessage": field_error(field)}) }}
{% endmacro %}
{{ text_field(form.q, hint="For example, walking") }}
{{ text_field(form.age, classes="nhsuk-input--width-3", inputmode="numeric", hint="Shows services") }}
{{ text_field(form.postcode, classes="nhsuk-input--width-10", autocomplete="postal-code") }}
{{ select_field(form.category) }}
{{ select_field(form.within_km) }}
{{ single_checkbox(form.after_five) }}
{{ single_checkbox(form.drop_in) }}
{{ checkboxes_field(form.capacity) }}
"""
)

WRITTEN_OUT = """
{% from "directory/_search_fields.jinja" import text_input, select_input, single_checkbox, checkboxes %}
{{ text_input(form.q, hint="For example, walking") }}
{{ text_input(form.age, classes="nhsuk-input--width-3", inputmode="numeric", hint="Shows services") }}
{{ text_input(form.postcode, classes="nhsuk-input--width-10", autocomplete="postal-code") }}
{{ select_input(form.category) }}
{{ select_input(form.within_km) }}
{{ single_checkbox(form.after_five) }}
{{ single_checkbox(form.drop_in) }}
{{ checkboxes(form.capacity) }}
"""


def _normalised(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


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
def test_the_written_out_fields_match_the_nhs_macros(query):
    form = DirectorySearchForm(QueryDict(query), categories=CATEGORIES)
    form.is_valid()
    environment = engines["jinja2"].env

    expected = environment.from_string(NHS_MACROS).render(form=form)
    written_out = environment.from_string(WRITTEN_OUT).render(form=form)

    assert _normalised(written_out) == _normalised(expected)


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

    assert _normalised(written_out) == _normalised(expected)
