"""Pages write form fields only through core's field library (core/forms.jinja).

A page that imports an NHS.UK field macro writes a field a second way: its markup, errors and speed
drift from the library's. The few pages below render an input that is no Django form field.
"""

import re
from pathlib import Path

import linkwork

FIELD_MACRO = re.compile(
    r"nhsuk/components/(input|radios|select|textarea|checkboxes|date-input)/macro\.jinja"
)

LIBRARY = Path("core/jinja2/core/forms.jinja")

# Each renders a search box or a choice whose value and error come from the view, not from a form.
NOT_FORM_FIELDS = {
    Path("referrals/jinja2/referrals/find.jinja"): "the reference typed, and its error, come from the view",
    Path("onward/jinja2/onward/choose_service.jinja"): "a search box for the query string",
    Path("outcomes/jinja2/outcomes/case_outcomes.jinja"): "which measure to record, asked for another page",
}


def _pages_importing_field_macros():
    root = Path(linkwork.__file__).parent
    for template in sorted(root.glob("*/jinja2/**/*.jinja")):
        if FIELD_MACRO.search(template.read_text()):
            yield template.relative_to(root)


def test_only_the_field_library_imports_nhs_field_macros():
    offenders = [
        str(page)
        for page in _pages_importing_field_macros()
        if page != LIBRARY and page not in NOT_FORM_FIELDS
    ]

    assert not offenders, f"Write these pages' fields with core/forms.jinja's macros: {offenders}"


def test_each_exception_still_needs_one():
    assert set(NOT_FORM_FIELDS) <= set(_pages_importing_field_macros())
