"""NHS number and postcode checks, with messages in the words a referrer would use."""

import datetime
import re

from django.core.exceptions import ValidationError

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def normalise_nhs_number(value: str) -> str:
    """Digits only: people type NHS numbers with spaces or dashes."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for the first nine digits, or None where it would be 10 (never issued)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def nhs_number_problem(value: str) -> str | None:
    """Why this is not a valid NHS number, or None if it is."""
    digits = normalise_nhs_number(value)
    # isascii: str.isdigit also accepts other scripts' digits and superscripts, which are not NHS numbers.
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 10:
        return "Enter an NHS number with 10 digits, like 999 876 5439"
    if len(set(digits)) == 1:
        return "Enter a real NHS number: it cannot be the same digit 10 times"
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        return "Enter a valid NHS number: check it for typing mistakes"
    return None


def validate_nhs_number(value):
    problem = nhs_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_nhs_number")


def format_nhs_number(value: str) -> str:
    """3-3-4 grouping, as printed on NHS letters."""
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else (value or "").strip().upper()


def validate_postcode(value):
    if value and not _POSTCODE.match(re.sub(r"\s+", "", value.upper())):
        raise ValidationError("Enter a full UK postcode, like LS1 4AP", code="invalid_postcode")


def validate_date_of_birth(value):
    if value > datetime.date.today():
        raise ValidationError("Date of birth must be today or in the past", code="future_date_of_birth")
    if value.year < 1900:
        raise ValidationError("Date of birth must be after 1900", code="implausible_date_of_birth")
