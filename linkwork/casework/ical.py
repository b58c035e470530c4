"""A diary as an iCalendar (RFC 5545) file, written by hand: a few fields do not need a dependency.

A calendar leaves Linkwork for phones and other people's servers, so an event names no one: the person's
initials, how and where (by kind, not address), and a link back into Linkwork, which asks for a login.
"""

import datetime

DEFAULT_MINUTES = 60
_LINE_OCTETS = 75


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 section 3.1)."""
    encoded, lines = line.encode(), []
    while len(encoded) > _LINE_OCTETS:
        cut = _LINE_OCTETS if not lines else _LINE_OCTETS - 1
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        lines.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    lines.append(encoded.decode())
    return [lines[0], *(" " + rest for rest in lines[1:])]


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def initials(person) -> str:
    return "".join(f"{name[0].upper()}." for name in (person.given_name, person.family_name) if name)


def diary_calendar(appointments, *, base_url: str, case_url, name: str, stamp: datetime.datetime) -> str:
    """The appointments as one calendar; `case_url(case)` is the path of the case page."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Linkwork//Diary//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for contact in appointments:
        minutes = contact.duration_minutes or DEFAULT_MINUTES
        link = base_url + case_url(contact.case)
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{contact.pk}@linkwork",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(contact.occurs_at)}",
            f"DTEND:{_utc(contact.occurs_at + datetime.timedelta(minutes=minutes))}",
            f"SUMMARY:{_escape(f'{initials(contact.case.person)}: {contact.get_mode_display().lower()}')}",
            f"LOCATION:{_escape(contact.get_place_display())}",
            f"DESCRIPTION:{_escape(f'Open the case in Linkwork: {link}')}",
            f"URL:{link}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))
