"""Builders for tests: real rows made through the real services, with sensible defaults."""

import datetime
import itertools
import random

from linkwork.accounts.models import Organisation, Role, User
from linkwork.accounts.services import membership_grant, organisation_ensure
from linkwork.core.context import Actor
from linkwork.people.models import Person
from linkwork.people.services import person_register
from linkwork.people.validators import nhs_check_digit
from linkwork.people.vocabulary import RelationshipBasis

SYSTEM = Actor.system()
PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)
_ods_sequence = itertools.count(10001)


def valid_nhs_number(rng=None):
    """A random NHS number in the synthetic 999 range that passes modulus 11."""
    rng = rng or random.Random()  # noqa: S311 - synthetic test data
    while True:
        first_nine = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


def make_organisation(kind=Organisation.Kind.GP_PRACTICE, name=None, **fields) -> Organisation:
    number = next(_sequence)
    name = name or f"{Organisation.Kind(kind).label} {number}"
    ods_code = fields.pop(
        "ods_code", f"Y{next(_ods_sequence)}" if kind == Organisation.Kind.GP_PRACTICE else ""
    )
    return organisation_ensure(by=SYSTEM, name=name, kind=kind, ods_code=ods_code, **fields)


def make_user(username=None, *, organisation=None, role=None, **fields) -> User:
    username = username or f"user{next(_sequence)}"
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if organisation is not None:
        membership_grant(by=SYSTEM, user=user, organisation=organisation, role=role or Role.REFERRER)
    return user


def make_person(organisation, *, basis=RelationshipBasis.REFERRAL, **details) -> Person:
    number = next(_sequence)
    defaults = {
        "nhs_number": valid_nhs_number(),
        "given_name": f"Test{number}",
        "family_name": "Person",
        # Born in the 1970s whatever the counter reaches, so people stay within every preset's ages.
        "date_of_birth": datetime.date(1970, 1, 1) + datetime.timedelta(days=number % 3650),
    }
    return person_register(by=SYSTEM, organisation=organisation, basis=basis, **(defaults | details))


def born_years_ago(years) -> datetime.date:
    """A date of birth that makes someone `years` old today (their birthday was yesterday)."""
    today = datetime.date.today()
    return today.replace(year=today.year - years) - datetime.timedelta(days=1)


def actor_for(user, organisation, role) -> Actor:
    return Actor(user=user, organisation=organisation, role=role)
