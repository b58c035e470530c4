import datetime

import pytest

from linkwork.directory.models import Schedule
from linkwork.directory.presenters import session_text


def schedule(byday, opens="10:00", closes="12:00", **fields):
    return Schedule(
        byday=byday,
        opens_at=datetime.time.fromisoformat(opens) if opens else None,
        closes_at=datetime.time.fromisoformat(closes) if closes else None,
        **fields,
    )


@pytest.mark.parametrize(
    ("byday", "text"),
    [
        ("TU", "Tuesdays, 10:00 to 12:00"),
        ("TH,TU", "Tuesdays and Thursdays, 10:00 to 12:00"),
        ("MO,WE,FR", "Mondays, Wednesdays and Fridays, 10:00 to 12:00"),
        ("MO,TU,WE,TH,FR", "Monday to Friday, 10:00 to 12:00"),
        ("SA,SU", "Saturdays and Sundays, 10:00 to 12:00"),
    ],
)
def test_sessions_read_as_days_and_times(byday, text):
    assert session_text(schedule(byday)) == text


def test_a_monthly_session_says_so():
    assert session_text(schedule("1TU", freq="MONTHLY")) == "Monthly: Tuesdays, 10:00 to 12:00"


def test_without_days_or_times_the_description_is_shown():
    assert session_text(schedule("", None, None, description="By appointment")) == "By appointment"
