"""The discharge message carries the holistic assessment's change, for schemes that use the assessment."""

from linkwork.messaging.letters import letter_html
from linkwork.messaging.message_back import DISCHARGED, document_text
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

from .message_back_setup import accept as accept_pcn
from .message_back_setup import message_back, support_and_discharge
from .story_setup import (
    END,
    START,
    accept,
    discharge,
    refer_to_ways_to_wellness,
    support,
    ways_to_wellness,
)


def test_ways_to_wellness_discharge_gives_each_areas_change_and_the_total(world, case_actors):
    scheme = ways_to_wellness(world)
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)

    holistic = message_back(DISCHARGED, case.referral).payload["holistic_assessment"]

    domains = {row["domain"]: (row["baseline"], row["latest"], row["change"]) for row in holistic["domains"]}
    assert len(domains) == 8
    assert domains["Money"] == (1, 3, 2)
    assert domains["Where you live"] == (2, 2, 0)
    assert domains["Feeling positive"] == (2, 4, 2)
    total = holistic["total"]
    assert (total["baseline"], total["latest"]) == (sum(START.values()), sum(END.values()))
    assert total["change"] == sum(END.values()) - sum(START.values())
    assert (total["lowest"], total["highest"]) == (8, 40)
    assert holistic["first"]["time_point"] == "Start of support"
    assert holistic["latest"]["time_point"] == "End of support"


def test_the_letter_and_plain_text_show_the_holistic_change(world, case_actors):
    scheme = ways_to_wellness(world)
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    document = message_back(DISCHARGED, case.referral).payload

    html = letter_html(document, sent_on="1 June 2026")

    assert "How their holistic assessment changed" in html
    assert "Total (8 to 40)" in html
    assert "+14" in html  # the total: 15 at the start, 29 at the end
    assert "Holistic assessment total: 15 at the start, 29 at the latest (+14, out of 40)." in document_text(
        document
    )


def test_without_a_later_assessment_the_letter_says_the_person_was_not_assessed_again(world, case_actors):
    scheme = ways_to_wellness(world)
    referral = refer_to_ways_to_wellness(world, case_actors, scheme)
    case = support(case_actors, accept(world, case_actors, referral), exit_scores=None)
    discharge(case_actors, case)
    document = message_back(DISCHARGED, case.referral).payload

    holistic = document["holistic_assessment"]
    assert holistic["latest"] is None
    assert {row["change"] for row in holistic["domains"]} == {None}
    assert "Not assessed again" in letter_html(document, sent_on="1 June 2026")


def test_schemes_without_the_holistic_assessment_leave_it_out(world, case_actors, instruments):
    org = world.organisations
    pcn = scheme_apply_preset(
        by=SYSTEM, preset="pcn-link-worker", providers=[org["provider_a"]], practices=[org["practice_a"]]
    )
    case = support_and_discharge(world, case_actors, accept_pcn(world, case_actors, pcn), instruments)

    assert "holistic_assessment" not in message_back(DISCHARGED, case.referral).payload


def test_without_consent_to_share_the_holistic_scores_stay_out(world, case_actors):
    scheme = ways_to_wellness(world)
    referral = refer_to_ways_to_wellness(world, case_actors, scheme)
    referral.consent_to_share = False
    referral.save(update_fields=["consent_to_share"])
    case = support(case_actors, accept(world, case_actors, referral))
    discharge(case_actors, case)

    assert "holistic_assessment" not in message_back(DISCHARGED, case.referral).payload
