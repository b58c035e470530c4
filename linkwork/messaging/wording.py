"""The words of each message kind: plain-text templates in message_templates/<kind>.txt.

A template's first line is the subject ("Subject: ..."); the rest is the body. Times are always
shown in Europe/London, whatever the server's zone, so a reminder says the time on the clock.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

LONDON = ZoneInfo("Europe/London")

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "message_templates"),
    # Plain text for texts and emails, never HTML: escaping would show "&amp;" to the person.
    autoescape=False,  # noqa: S701
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


def london_time(value: datetime.datetime) -> str:
    """'Sunday 29 March 2026 at 11:30am', on the clock in London."""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    return f"{local:%A} {local.day} {local:%B %Y} at {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def london_date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value:%A} {value.day} {value:%B %Y}"


_environment.filters["london_time"] = london_time
_environment.filters["london_date"] = london_date


def render(kind: str, **context) -> tuple[str, str]:
    """(subject, body) for a message kind."""
    text = _environment.get_template(f"{kind}.txt").render(**context).strip()
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"The {kind} template must start with a 'Subject: ' line")
    return first.removeprefix("Subject: ").strip(), body.strip() + "\n"
