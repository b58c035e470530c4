"""The reference for core's field library: each field written through the NHS.UK macros.

`core/forms.jinja` writes the NHS.UK components' markup out by hand, for speed; these macros take the
same arguments and call the NHS.UK macros themselves, so a test can render a call both ways and
compare the markup (`render_both`).
"""

import re

from django.template import engines

NHS_MACROS = """
{% from "nhsuk/components/input/macro.jinja" import input %}
{% from "nhsuk/components/textarea/macro.jinja" import textarea %}
{% from "nhsuk/components/radios/macro.jinja" import radios %}
{% from "nhsuk/components/checkboxes/macro.jinja" import checkboxes %}
{% from "nhsuk/components/date-input/macro.jinja" import dateInput %}
{% from "nhsuk/components/select/macro.jinja" import select %}

{% macro text_field(field, hint=None, classes="", type="text", inputmode=None, autocomplete=None,
                    spellcheck=None, label=None, label_size=None, show_value=true) %}
  {{ input({
    "label": {"text": label or field.label, "size": label_size},
    "hint": {"text": hint} if hint else None,
    "id": field.id_for_label,
    "name": field.html_name,
    "value": field.value() or "" if show_value else "",
    "type": type,
    "inputmode": inputmode,
    "autocomplete": autocomplete,
    "spellcheck": spellcheck,
    "classes": classes,
    "errorMessage": field_error(field)
  }) }}
{% endmacro %}

{% macro textarea_field(field, hint=None, rows=3, label=None, id=None) %}
  {{ textarea({
    "label": {"text": label or field.label},
    "hint": {"text": hint} if hint else None,
    "id": id or field.id_for_label,
    "name": field.html_name,
    "value": field.value() or "",
    "rows": rows,
    "errorMessage": field_error(field)
  }) }}
{% endmacro %}

{% macro radios_field(field, hint=None, legend_size="s", heading=false, items=None, inline=false, label=None, id=None) %}
  {% set legend = {"text": label or field.label, "size": legend_size, "isPageHeading": heading} %}
  {{ radios({
    "idPrefix": id or field.auto_id,
    "classes": "nhsuk-radios--inline" if inline else "",
    "name": field.html_name,
    "fieldset": {"legend": legend},
    "hint": {"text": hint} if hint else None,
    "errorMessage": field_error(field),
    "items": items or choice_items(field)
  }) }}
{% endmacro %}

{% macro checkboxes_field(field, hint=None, legend_size="s", heading=false, label=None) %}
  {% set text = label or field.label %}
  {% set legend = {"heading": {"text": text, "level": heading}, "size": legend_size}
                  if heading else {"text": text, "size": legend_size} %}
  {{ checkboxes({
    "idPrefix": field.auto_id,
    "name": field.html_name,
    "fieldset": {"legend": legend},
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

{% macro date_field(field, hint="For example, 15 3 1984", label=None, legend_size="s", autocomplete=None) %}
  {% set items = [] %}
  {% for item in date_items(field) %}
    {% set _ = items.append(dict(item, autocomplete=autocomplete ~ "-" ~ item.label | lower)
                            if autocomplete else item) %}
  {% endfor %}
  {{ dateInput({
    "id": field.auto_id,
    "fieldset": {"legend": {"text": label or field.label, "size": legend_size}},
    "hint": {"text": hint} if hint else None,
    "errorMessage": field_error(field),
    "items": items
  }) }}
{% endmacro %}

{% macro select_field(field, hint=None, items=None, label=None) %}
  {{ select({
    "id": field.id_for_label,
    "name": field.html_name,
    "label": {"text": label or field.label},
    "hint": {"text": hint} if hint else None,
    "errorMessage": field_error(field),
    "items": items or select_items(field)
  }) }}
{% endmacro %}
"""

CORE_MACROS = (
    '{% from "core/forms.jinja" import text_field, textarea_field, radios_field, checkboxes_field,'
    " single_checkbox, date_field, select_field %}"
)


def normalised(html: str) -> str:
    """Markup with runs of whitespace made one space and the space beside tags dropped."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def render_both(source: str, **context) -> tuple[str, str]:
    """`source` (calls of the field macros) rendered with core's macros and with the reference, normalised."""
    environment = engines["jinja2"].env
    core = environment.from_string(CORE_MACROS + source).render(**context)
    reference = environment.from_string(NHS_MACROS + source).render(**context)
    return normalised(core), normalised(reference)
