"""The raw-code check every browser journey runs on the pages it visits (issue 19)."""

import pytest

from linkwork.testing.browser import raw_codes


@pytest.mark.parametrize(
    "shown",
    [
        "Status\tdid_not_attend",
        "Triage: complex_needs",
        "GP practice\tNone",
        "Consent to share: True",
        "Safe to text (False)",
        "money_debt, loneliness",
    ],
)
def test_a_code_shown_as_it_is_stored_is_caught(shown):
    assert raw_codes(shown) != []


@pytest.mark.parametrize(
    "shown",
    [
        "None that your organisation can see.",
        "Email hello@walk_group.example.org",
        "Open /diary/calendar/abc_def.ics",
        "Did not attend",
        "Not known",
    ],
)
def test_plain_words_pass(shown):
    assert raw_codes(shown) == []


def test_a_username_shown_for_a_user_without_a_name_is_not_a_code():
    assert raw_codes("Ways to Wellness · link_worker", names={"link_worker"}) == []
    assert raw_codes("Ways to Wellness · link_worker · status_code", names={"link_worker"}) != []
