"""One caseload figure everywhere (issue 19, point 4): open cases only, weighted the same way."""

from linkwork.casework.selectors.caseload import team_caseloads
from linkwork.casework.services.cases import case_discharge
from linkwork.referrals.allocation import allocation_options
from linkwork.referrals.caseload import caseloads, weights_explained
from linkwork.testing.cases import open_case_for, referral_for


def test_triage_and_team_page_show_the_same_figure_and_discharged_cases_do_not_count(
    world, wellbeing, case_actors
):
    worker = world.users["link_worker"]
    open_case_for(world, wellbeing, case_actors, family_name="Open")
    closed = open_case_for(world, wellbeing, case_actors, family_name="Closed")
    case_discharge(
        by=case_actors["link_worker"],
        case=closed,
        reason="goals_achieved",
        summary="Done.",
        expected_version=1,
    )

    figure = caseloads(provider_id=world.organisations["provider_a"].pk)[worker.pk]
    assert (figure.open_cases, figure.weighted) == (1, 2)  # one standard case; the discharged one is gone

    team_lead = case_actors["team_lead"]
    options = allocation_options(
        actor=team_lead, referral=referral_for(case_actors, wellbeing, family_name="New")
    )
    at_triage = next(option for option in options if option.user == worker)
    on_team_page = next(row for row in team_caseloads(actor=team_lead) if row.user == worker)
    assert at_triage.weighted_caseload == on_team_page.weighted == 2
    assert on_team_page.open_cases == 1


def test_the_weights_hint_names_only_the_schemes_levels():
    assert weights_explained(["light", "complex"]) == "light 1 and complex 3"
    assert weights_explained(["signpost", "standard"]) == "standard 2"
    assert (
        weights_explained(["signpost", "light", "standard", "complex"]) == "light 1, standard 2 and complex 3"
    )
