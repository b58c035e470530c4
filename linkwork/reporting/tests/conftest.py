"""A commissioned scheme and cases with measures recorded the real way, for the reporting tests."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from linkwork.casework.services.cases import case_discharge
from linkwork.outcomes.services.responses import MeasureAnswers, measure_not_completed, measures_record
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import SYSTEM, born_years_ago

HEALTH = "health_today"


@pytest.fixture
def scheme(world):
    """The wellbeing scheme, commissioned by the world's commissioner and delivered by provider A."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="wellbeing-coordinator",
        name="Reported scheme",
        commissioner=org["commissioner"],
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


@dataclass(frozen=True)
class Story:
    """What happened to one person's health-today score; None means nothing recorded."""

    baseline: int | None
    follow_up: int | None = None
    sex: str = "female"
    age: int = 40
    baseline_declined: str = ""
    follow_up_declined: str = ""
    discharged: bool = False


def stories(count):
    """`count` people with baseline and follow-up scores that vary by age and sex."""
    return [
        Story(40 + number % 7, 50 + number % 11, "female" if number % 2 else "male", 30 + number)
        for number in range(count)
    ]


def choices(scheme, **more):
    """The outcome report's form choices for the health-today measure, plus any others."""
    return {"scheme": scheme.slug, "instrument": HEALTH} | more


@pytest.fixture
def tell(world, scheme, case_actors, instruments):
    """Open one case per story and record its health-today measures as the story says."""
    worker = case_actors["link_worker"]
    today = timezone.localdate()

    def record(case, time_point, occasion, value):
        measures_record(
            by=worker,
            case=case,
            time_point=time_point,
            occasion=occasion,
            measures=[MeasureAnswers(HEALTH, {"health": value})],
            completed_on=today,
        )

    def decline(case, time_point, occasion, reason):
        measure_not_completed(
            by=worker,
            case=case,
            code=HEALTH,
            time_point=time_point,
            occasion=occasion,
            status="declined",
            reason=reason,
        )

    def _tell(stories, family_name="Storey"):
        cases = []
        for number, story in enumerate(stories):
            case = open_case_for(
                world,
                scheme,
                case_actors,
                given_name=f"Reported{number}",
                family_name=f"{family_name}{number}",
                sex=story.sex,
                date_of_birth=born_years_ago(story.age),
            )
            if story.baseline is not None:
                record(case, "baseline", 0, story.baseline)
            if story.baseline_declined:
                decline(case, "baseline", 0, story.baseline_declined)
            if story.follow_up is not None:
                record(case, "review", 1, story.follow_up)
            if story.follow_up_declined:
                decline(case, "review", 1, story.follow_up_declined)
            if story.discharged:
                case.refresh_from_db()
                case = case_discharge(
                    by=worker,
                    case=case,
                    reason="disengaged",
                    summary="Stopped coming",
                    expected_version=case.version,
                )
            cases.append(case)
        return cases

    return _tell
