"""The shared form macros write out the same markup as the NHS.UK macros they stand in for."""

import datetime
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template import engines

from linkwork.casework.forms.cases import ContactForm
from linkwork.core.forms import DatePartsField

NHS_MACROS = """
{% from "nhsuk/components/input/macro.jinja" import input %}
{% from "nhsuk/components/textarea/macro.jinja" import textarea %}
{% from "nhsuk/components/radios/macro.jinja" import radios %}
{% from "nhsuk/components/checkboxes/macro.jinja" import checkboxes %}
{% from "nhsuk/components/date-input/macro.jinja" import dateInput %}

{% macro text_field(field, hint=None, classes="", type="text", inputmode=None, autocomplete=None) %}
  {{ input({
    "label": {"text": field.label},
    "hint": {"text": hint} if hint else None,
    "id": field.id_for_label,
    "name": field.html_name,
    "value": field.value() or "",
    "type": type,
    "inputmode": inputmode,
    "autocomplete": autocomplete,
    "classes": classes,
    "errorMessage": field_error(field)
  }) }}
{% endmacro %}

{% macro textarea_field(field, hint=None, rows=3) %}
  {{ textarea({
    "label": {"text": field.label},
    "hint": {"text": hint} if hint else None,
    "id": field.id_for_label,
    "name": field.html_name,
    "value": field.value() or "",
    "rows": rows,
    "errorMessage": field_error(field)
  }) }}
{% endmacro %}

{% macro radios_field(field, hint=None, legend_size="s", heading=false, items=None, inline=false) %}
  {{ radios({
    "idPrefix": field.auto_id,
    "classes": "nhsuk-radios--inline" if inline else "",
    "name": field.html_name,
    "fieldset": {"legend": {"text": field.label, "size": legend_size, "isPageHeading": heading}},
    "hint": {"text": hint} if hint else None,
    "errorMessage": field_error(field),
    "items": items or choice_items(field)
  }) }}
{% endmacro %}

{% macro checkboxes_field(field, hint=None, legend_size="s") %}
  {{ checkboxes({
    "idPrefix": field.auto_id,
    "name": field.html_name,
    "fieldset": {"legend": {"text": field.label, "size": legend_size}},
    "hint": {"text": hint} if hint else None,
    "errorMessage": field_error(field),
    "items": choice_items(field)
  }) }}
{% endmacro %}

{% macro single_checkbox(field, hint=None) %}
  {{ checkboxes({
    "idPrefix": field.auto_id,
    "name": field.html_name,
    "errorMessage": field_error(field),
    "items": [{"value": "on", "text": field.label, "hint": {"text": hint} if hint else None,
               "checked": field.value() in (true, "on", "true")}]
  }) }}
{% endmacro %}

{% macro date_field(field, hint="For example, 15 3 1984") %}
  {{ dateInput({
    "id": field.auto_id,
    "fieldset": {"legend": {"text": field.label, "size": "s"}},
    "hint": {"text": hint},
    "errorMessage": field_error(field),
    "items": date_items(field)
  }) }}
{% endmacro %}
"""

WRITTEN_OUT = (
    '{% from "core/forms.jinja" import text_field, textarea_field, radios_field, checkboxes_field,'
    " single_checkbox, date_field %}"
)

KIND_ITEMS = """
  {% set items = [] %}
  {% for value, label in form.kind.field.choices if value %}
    {% set _ = items.append({"value": value, "text": label, "hint": {"text": "About " ~ label},
                             "checked": form.kind.value() == value}) %}
  {% endfor %}
"""

CALLS = {
    "text": "{{ text_field(form.name) }}",
    "text, every option": (
        '{{ text_field(form.name, hint="Their <full> name & title", classes="nhsuk-input--width-20",'
        ' type="email", autocomplete="off", inputmode="email") }}'
    ),
    "text, a number": '{{ text_field(form.minutes, classes="nhsuk-input--width-3", inputmode="numeric") }}',
    "textarea": "{{ textarea_field(form.note) }}",
    "textarea, hint and rows": '{{ textarea_field(form.note, hint="In their words", rows=5) }}',
    "radios": "{{ radios_field(form.kind) }}",
    "radios, inline with hint": '{{ radios_field(form.kind, hint="Pick one", inline=true) }}',
    "radios, page heading": '{{ radios_field(form.kind, legend_size="m", heading=true) }}',
    "radios, items with hints": KIND_ITEMS + '{{ radios_field(form.kind, hint="Pick one", items=items) }}',
    "checkboxes": "{{ checkboxes_field(form.many) }}",
    "checkboxes, hint and size": '{{ checkboxes_field(form.many, hint="Select all that apply.", legend_size="m") }}',
    "single checkbox": "{{ single_checkbox(form.agreed) }}",
    "single checkbox, hint": '{{ single_checkbox(form.agreed, hint="Only if they <agree> & say so") }}',
    "date": "{{ date_field(form.day) }}",
    "date, own hint": '{{ date_field(form.day, hint="Today unless you are catching up") }}',
}

CHOICES = [("", "Choose one"), ("a", "Face to face"), ("b", "Phone & video"), ("c", "<Other>")]


class SampleForm(forms.Form):
    name = forms.CharField(label="Name & title", max_length=20)
    minutes = forms.IntegerField(label="Minutes", min_value=1)
    note = forms.CharField(label="Note", widget=forms.Textarea)
    kind = forms.ChoiceField(label="How <exactly>", choices=CHOICES)
    many = forms.MultipleChoiceField(label="Which", choices=CHOICES[1:])
    agreed = forms.BooleanField(label="They agree & consent")
    day = DatePartsField(label="Date")

    def clean_name(self):
        if self.cleaned_data["name"] == "twice":
            raise ValidationError(["Too short", "Not a <real> name"])
        return self.cleaned_data["name"]


def _sample_form(state):
    if state == "unbound":
        return SampleForm(
            initial={"minutes": 30, "kind": "b", "many": ["a", "c"], "day": datetime.date(2026, 3, 4)}
        )
    query = {
        "answered": "name=Ada+%22Lovelace%22&minutes=45&note=First+line%0ASecond+%3Cline%3E&kind=c&many=a"
        "&many=c&agreed=on&day_day=4&day_month=3&day_year=2026",
        "errors": "name=twice&minutes=none&kind=zz&many=zz&day_day=31&day_month=2",
        "empty": "",
    }[state]
    form = SampleForm(QueryDict(query))
    form.is_valid()
    return form


def _normalised(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def _both(source, form):
    environment = engines["jinja2"].env
    expected = environment.from_string(NHS_MACROS + source).render(form=form)
    written_out = environment.from_string(WRITTEN_OUT + source).render(form=form)
    return _normalised(written_out), _normalised(expected)


@pytest.mark.parametrize("state", ["unbound", "answered", "errors", "empty"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_each_macro_matches_the_nhs_macro(call, state):
    written_out, expected = _both(call, _sample_form(state))

    assert written_out == expected


@pytest.mark.parametrize(
    "query",
    [
        None,
        "attendance=did_not_attend&day_day=1&day_month=13&day_year=2026&time=25:00&mode=phone&duration_minutes=0",
    ],
    ids=["new", "errors"],
)
def test_the_case_page_contact_form_matches_the_nhs_macros(query):
    form = ContactForm(QueryDict(query)) if query is not None else ContactForm()
    if query is not None:
        assert not form.is_valid()

    written_out, expected = _both(
        """
        {{ radios_field(form.attendance) }}
        {{ date_field(form.day, hint="Today unless you are catching up") }}
        {{ text_field(form.time, hint="24-hour clock, like 14:30", classes="nhsuk-input--width-5") }}
        {{ radios_field(form.mode, inline=true) }}
        {{ radios_field(form.place, inline=true) }}
        {{ text_field(form.duration_minutes, classes="nhsuk-input--width-3", inputmode="numeric") }}
        {{ textarea_field(form.note, rows=5) }}
        """,
        form,
    )

    assert written_out == expected
