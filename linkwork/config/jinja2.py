"""Jinja2 environment: the NHS.UK frontend macros plus Django's static, url and CSRF helpers."""

import datetime

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from linkwork.core.forms import DatePartsWidget
from linkwork.referrals.vocabulary import NEEDS
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def field_error(field):
    """The NHS.UK macros' errorMessage parameter for a bound Django form field."""
    return {"text": " ".join(field.errors)} if field.errors else None


def choice_items(field):
    """Radios or checkboxes items for a bound choice field, with the current answer checked."""
    current = field.value()
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    return [
        {"value": str(value), "text": str(label), "checked": str(value) in chosen}
        for value, label in field.field.choices
        if value != ""
    ]


def select_items(field):
    """Select options for a bound choice field, with the current answer selected (none: the empty one)."""
    value = field.value()
    current = "" if value is None else str(value)
    return [
        {"value": str(value), "text": str(label), "selected": str(value) == current}
        for value, label in field.field.choices
    ]


def date_items(field):
    """Day, month and year items for the NHS.UK date input, named as DatePartsWidget expects."""
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    return [
        {
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "label": part.capitalize(),
            "value": part_value or "",
            "width": 4 if part == "year" else 2,
            "classes": "nhsuk-input--error" if field.errors else "",
        }
        for part, part_value in zip(("day", "month", "year"), value, strict=True)
    ]


def error_summary_items(form):
    """Error summary links, in field order, each pointing at the field that needs fixing."""
    items = [{"text": error, "href": "#"} for error in form.non_field_errors()]
    for field in form:
        target = (
            f"{field.auto_id}_day" if isinstance(field.field.widget, DatePartsWidget) else field.id_for_label
        )
        # Radio and checkbox groups have no single label target: link to the first option instead.
        target = target or field.auto_id
        items.extend({"text": error, "href": f"#{target}"} for error in field.errors)
    return items


def uk_date(value):
    """Render a date as '3 March 2026' (NHS.UK style); a datetime is first put into Europe/London."""
    if isinstance(value, datetime.datetime):
        value = localtime(value)
    return date_format(value, "j F Y") if value else ""


def uk_time(value):
    """Render an aware datetime's time in Europe/London, on the 24-hour clock."""
    return localtime(value).strftime("%H:%M") if value else ""


def environment(**options):
    # ChainableUndefined: the NHS.UK macros read nested optional params (params.x.y) freely.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True in options
    env.globals.update(
        {
            "static": static,
            "url": url,
            "field_error": field_error,
            "choice_items": choice_items,
            "select_items": select_items,
            "date_items": date_items,
            "error_summary_items": error_summary_items,
            "get_messages": get_messages,
        }
    )
    env.filters.update(
        {
            "uk_date": uk_date,
            "uk_time": uk_time,
            "need_label": lambda code: NEEDS.get(code, code),
            "condition_label": lambda code: LONG_TERM_CONDITIONS.get(code, code),
        }
    )
    return env
