"""The message back as a letter: HTML from the stored document, then a PDF through WeasyPrint.

The letter is rendered offline: a small print stylesheet read from disk, no web fonts, and a URL
fetcher that refuses every request, so nothing outside the server is ever asked for anything.
"""

import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.timezone import localdate

from linkwork.people.validators import format_nhs_number

LETTER_TEMPLATE = "messaging/referrer/letter.jinja"
STYLESHEET = Path(__file__).resolve().parent / "jinja2" / "messaging" / "referrer" / "letter.css"
DATE_KEYS = frozenset({"date", "started", "received_on", "date_of_birth"})


def readable(document):
    """A copy of the document as people read it: ISO dates the NHS.UK way ('3 March 2026') and NHS
    numbers in groups of 3, 3 and 4 ('999 001 2008')."""
    if isinstance(document, dict):
        return {key: _readable(key, value) for key, value in document.items()}
    if isinstance(document, list):
        return [readable(value) for value in document]
    return document


def _readable(key, value):
    if key in DATE_KEYS:
        return _readable_date(value)
    if key == "nhs_number" and value:
        return format_nhs_number(value)
    return readable(value)


def _readable_date(value):
    if not isinstance(value, str) or not value:
        return value
    return date_format(datetime.date.fromisoformat(value[:10]), "j F Y")


def uk_day(moment) -> str:
    """The day a message was sent, in Europe/London, written the NHS.UK way."""
    return date_format(localdate(moment), "j F Y")


def letter_html(document, *, sent_on: str) -> str:
    return render_to_string(LETTER_TEMPLATE, {"document": readable(document), "sent_on": sent_on})


def letter_pdf(document, *, sent_on: str) -> bytes:
    from weasyprint import CSS, HTML  # imported here: slow to import, and only the letter needs it
    from weasyprint.urls import URLFetcher

    html = HTML(string=letter_html(document, sent_on=sent_on), url_fetcher=URLFetcher(allowed_protocols=()))
    return html.write_pdf(stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))])


def letter_filename(message) -> str:
    kind = message.kind.replace("_", "-")
    return f"linkwork-{kind}-{message.created_at:%Y-%m-%d}.pdf"
