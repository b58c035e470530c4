"""Text sent by other systems (the JSON API, FHIR), checked before anything reads it.

PostgreSQL cannot store a NUL character, and no field Linkwork keeps is longer than LONGEST_TEXT, so a
string with either is refused at the edge, named by where it sits in the request. Fields with a
tighter limit (a name, a referral's details) are checked again where they are used.
"""

from dataclasses import dataclass

from django.conf import settings

LONGEST_TEXT = 10_000
NUL = "\x00"


@dataclass(frozen=True)
class TextProblem:
    path: tuple  # keys and list positions from the top of the request, e.g. ("person", "given_name")
    message: str
    has_nul: bool


def text_problems(value, path: tuple = ()) -> list[TextProblem]:
    """Every string (and object key) in parsed JSON or query values that holds a NUL or is too long."""
    if isinstance(value, str):
        return _problems_of(value, path)
    if isinstance(value, dict):
        problems = []
        for key, item in value.items():
            problems += _problems_of(str(key), (*path, key)) + text_problems(item, (*path, key))
        return problems
    if isinstance(value, (list, tuple)):
        return [
            problem
            for position, item in enumerate(value)
            for problem in text_problems(item, (*path, position))
        ]
    return []


def _problems_of(text: str, path: tuple) -> list[TextProblem]:
    if NUL in text:
        return [TextProblem(path, "Remove the NUL character (\\u0000): text cannot contain it", True)]
    if len(text) > LONGEST_TEXT:
        return [
            TextProblem(
                path, f"Text can be at most {LONGEST_TEXT:,} characters long; this is {len(text):,}", False
            )
        ]
    return []


class UnsafeText(Exception):
    """Request text that cannot be stored: the problems say where and why."""

    def __init__(self, problems: list[TextProblem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def refuse_unsafe_text(value) -> None:
    problems = text_problems(value)
    if problems:
        raise UnsafeText(problems)


def body_too_large_message() -> str:
    """What to tell a client whose request is larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    return f"The request is too large: send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024:,} KB"
