"""Core's field library writes out the same markup as the NHS.UK macros it stands in for.

The reference (each macro written on the NHS.UK macros) is in linkwork/testing/form_macros.py.
"""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from linkwork.casework.forms.cases import ContactForm
from linkwork.core.forms import DatePartsField
from linkwork.testing.form_macros import render_both

KIND_ITEMS = """
  {% set items = [] %}
  {% for value, label in form.kind.field.choices if value %}
    {% set _ = items.append({"value": value, "text": label, "hint": {"text": "About " ~ label},
                             "checked": form.kind.value() == value}) %}
  {% endfor %}
"""

REVEALING_ITEMS = """
  {% set items = [] %}
  {% for item in choice_items(form.kind) %}
    {% set _ = items.append(dict(item, conditional={"html": "<p>More about " ~ item.text ~ "</p>"})
                            if item.value != "a" else item) %}
  {% endfor %}
"""

SOME_ITEMS = """
  {% set items = [{"value": "", "text": "Choose"}] %}
  {% for value, label in form.kind.field.choices if value in ("b", "c") %}
    {% set _ = items.append({"value": value, "text": label, "selected": form.kind.value() == value}) %}
  {% endfor %}
"""

CALLS = {
    "text": "{{ text_field(form.name) }}",
    "text, every option": (
        '{{ text_field(form.name, hint="Their <full> name & title", classes="nhsuk-input--width-20",'
        ' type="email", autocomplete="off", inputmode="email") }}'
    ),
    "text, a number": '{{ text_field(form.minutes, classes="nhsuk-input--width-3", inputmode="numeric") }}',
    "text, own label, no spellcheck": (
        '{{ text_field(form.name, label="Code from the app", label_size="s", spellcheck=false,'
        ' autocomplete="one-time-code", hint="6 digits") }}'
    ),
    "text, value not shown back": "{{ text_field(form.name, show_value=false) }}",
    "textarea": "{{ textarea_field(form.note) }}",
    "textarea, hint and rows": '{{ textarea_field(form.note, hint="In their words", rows=5) }}',
    "textarea, own label and id": '{{ textarea_field(form.note, label="What did you find?", id="note-7", rows=2) }}',
    "radios": "{{ radios_field(form.kind) }}",
    "radios, inline with hint": '{{ radios_field(form.kind, hint="Pick one", inline=true) }}',
    "radios, page heading": '{{ radios_field(form.kind, legend_size="m", heading=true) }}',
    "radios, items with hints": KIND_ITEMS + '{{ radios_field(form.kind, hint="Pick one", items=items) }}',
    "radios, conditional html": REVEALING_ITEMS
    + '{{ radios_field(form.kind, items=items, label="Which <one>") }}',
    "radios, own id": '{{ radios_field(form.kind, id="mark-7", inline=true) }}',
    "radios, large page heading": '{{ radios_field(form.kind, legend_size="l", heading=true, hint="Pick") }}',
    "checkboxes": "{{ checkboxes_field(form.many) }}",
    "checkboxes, hint and size": '{{ checkboxes_field(form.many, hint="Select all that apply.", legend_size="m") }}',
    "checkboxes, h2 legend": '{{ checkboxes_field(form.many, legend_size="m", heading=2, label="Needs & wants") }}',
    "single checkbox": "{{ single_checkbox(form.agreed) }}",
    "single checkbox, hint": '{{ single_checkbox(form.agreed, hint="Only if they <agree> & say so") }}',
    "date": "{{ date_field(form.day) }}",
    "date, own hint": '{{ date_field(form.day, hint="Today unless you are catching up") }}',
    "date of birth": '{{ date_field(form.day, label="Date of birth (optional)", legend_size=None, autocomplete="bday") }}',
    "select": "{{ select_field(form.kind) }}",
    "select, hint": '{{ select_field(form.kind, hint="The one <closest> & best") }}',
    "select, own items and label": SOME_ITEMS + '{{ select_field(form.kind, items=items, label="Pick") }}',
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


@pytest.mark.parametrize("state", ["unbound", "answered", "errors", "empty"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_each_macro_matches_the_nhs_macro(call, state):
    written_out, expected = render_both(call, form=_sample_form(state))

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

    written_out, expected = render_both(
        """
        {{ radios_field(form.attendance) }}
        {{ date_field(form.day, hint="Today unless you are catching up") }}
        {{ text_field(form.time, hint="24-hour clock, like 14:30", classes="nhsuk-input--width-5") }}
        {{ radios_field(form.mode, inline=true) }}
        {{ radios_field(form.place, inline=true) }}
        {{ text_field(form.duration_minutes, classes="nhsuk-input--width-3", inputmode="numeric") }}
        {{ textarea_field(form.note, rows=5) }}
        """,
        form=form,
    )

    assert written_out == expected
