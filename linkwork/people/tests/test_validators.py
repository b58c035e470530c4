import datetime

import pytest
from django.core.exceptions import ValidationError

from linkwork.people.validators import (
    format_nhs_number,
    nhs_number_problem,
    normalise_postcode,
    validate_date_of_birth,
    validate_postcode,
)


@pytest.mark.parametrize("value", ["9434765919", "943 476 5919", "943-476-5919", "9998765439"])
def test_valid_nhs_numbers_pass_modulus_11(value):
    assert nhs_number_problem(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9434765918", "check it for typing mistakes"),  # wrong check digit
        ("9991234564", "check it for typing mistakes"),  # the check digit would be 10: never issued
        ("4444444444", "cannot be the same digit 10 times"),
        ("943476591", "10 digits"),
        ("94347659190", "10 digits"),
        ("94347659l9", "10 digits"),
        ("", "10 digits"),
    ],
)
def test_invalid_nhs_numbers_get_a_specific_message(value, message):
    assert message in nhs_number_problem(value)


def test_nhs_numbers_display_in_three_three_four_groups():
    assert format_nhs_number("9434765919") == "943 476 5919"


@pytest.mark.parametrize(
    ("typed", "stored"), [("ls14ap", "LS1 4AP"), ("  sw1a 1aa ", "SW1A 1AA"), ("NE4 9ZZ", "NE4 9ZZ")]
)
def test_postcodes_are_normalised(typed, stored):
    assert normalise_postcode(typed) == stored
    validate_postcode(stored)


def test_incomplete_postcodes_are_refused():
    with pytest.raises(ValidationError, match="full UK postcode"):
        validate_postcode("LS1")


def test_dates_of_birth_in_the_future_are_refused():
    with pytest.raises(ValidationError, match="today or in the past"):
        validate_date_of_birth(datetime.date.today() + datetime.timedelta(days=1))
    validate_date_of_birth(datetime.date.today())
