"""The holistic assessment in the outcome report (issue 20, point 3): read from the assessments recorded on
each case, reported per domain and as the total of the eight, alike on the page, in the downloads, the
API and the PDF, within the reader's scope."""

import csv
import datetime
import io

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone
from scipy import stats

from linkwork.accounts.models import Role
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS
from linkwork.core.errors import DomainError
from linkwork.reporting.evaluation.holistic import TOTAL, TOTAL_TITLE
from linkwork.reporting.evaluation.outcome_report import NO_BASELINE, PAIRED, STILL_OPEN
from linkwork.reporting.evaluation.pdf import report_html
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import actor_for, born_years_ago

pytestmark = pytest.mark.django_db

HOLISTIC = "holistic_assessment"
DOMAINS = list(ASSESSMENT_DOMAINS)


def scores(base, step=0):
    """Every domain scored `base`, the first `step` domains one higher (so domains differ)."""
    return {domain: min(5, base + (1 if number < step else 0)) for number, domain in enumerate(DOMAINS)}


@pytest.fixture
def assessed(world, scheme, case_actors, instruments):
    """Cases with holistic assessments as the stories say: (baseline, [follow-ups]) or None for none."""
    worker = case_actors["link_worker"]

    def _assess(stories):
        cases = []
        for number, story in enumerate(stories):
            case = open_case_for(
                world,
                scheme,
                case_actors,
                given_name=f"Holistic{number}",
                family_name=f"Assessed{number}",
                date_of_birth=born_years_ago(45 + number),
            )
            case.__class__.objects.filter(pk=case.pk).update(
                opened_at=case.opened_at - datetime.timedelta(days=200)
            )
            case.refresh_from_db()
            opened_on = timezone.localdate(case.opened_at)
            if story is not None:
                baseline, follow_ups = story
                assessment_record(
                    by=worker, case=case, assessed_on=opened_on, time_point="baseline", scores=baseline
                )
                for weeks, follow_up in enumerate(follow_ups, start=1):
                    assessment_record(
                        by=worker,
                        case=case,
                        assessed_on=opened_on + datetime.timedelta(weeks=weeks * 4),
                        time_point="review",
                        scores=follow_up,
                    )
            cases.append(case)
        return cases

    return _assess


def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def report_for(actor, scheme, **more):
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=HOLISTIC, **more)
    return outcome_report(actor=actor, criteria=criteria, channel="test")


# Six people with a baseline and two reviews (the latest counts), one with a baseline only, one with none.
PAIRED_STORIES = [(scores(2, step=n), [scores(1), scores(3, step=n % 3)]) for n in range(6)]
STORIES = [*PAIRED_STORIES, (scores(2), []), None]


def test_each_domain_and_the_total_pair_the_first_baseline_with_the_latest_follow_up(world, scheme, assessed):
    assessed(STORIES)

    report = report_for(commissioner(world), scheme)

    by_code = {scale.scale.code: scale for scale in report.scales}
    assert list(by_code) == [*DOMAINS, TOTAL]
    for code in [*DOMAINS, TOTAL]:
        if code == TOTAL:
            baseline = np.array([sum(before.values()) for before, _ in PAIRED_STORIES], dtype=float)
            follow_up = np.array([sum(after[-1].values()) for _, after in PAIRED_STORIES], dtype=float)
        else:
            baseline = np.array([before[code] for before, _ in PAIRED_STORIES], dtype=float)
            follow_up = np.array([after[-1][code] for _, after in PAIRED_STORIES], dtype=float)
        scale = by_code[code]
        assert scale.n == 6, code
        assert scale.overall.baseline.mean == pytest.approx(baseline.mean())
        assert scale.overall.change.mean == pytest.approx((follow_up - baseline).mean())
        if np.ptp(follow_up - baseline):
            assert scale.overall.t_test.p_value == pytest.approx(stats.ttest_rel(follow_up, baseline).pvalue)
    assert by_code[TOTAL].scale.title == TOTAL_TITLE
    assert by_code[TOTAL].scale.threshold is None
    attrition = by_code[TOTAL].attrition.counts
    assert (attrition[PAIRED], attrition[STILL_OPEN], attrition[NO_BASELINE]) == (6, 1, 1)


def test_the_end_of_support_as_follow_up_pairs_no_review(world, scheme, assessed):
    assessed(PAIRED_STORIES)

    total = report_for(commissioner(world), scheme, scale_code=TOTAL, follow_up="exit").scales[0]

    assert total.n == 0
    assert total.attrition.counts[STILL_OPEN] == 6


def test_a_numbered_review_is_refused_for_the_holistic_assessment_in_words(world, scheme, instruments):
    with pytest.raises(DomainError) as refused:
        report_criteria(
            actor=commissioner(world), scheme_slug=scheme.slug, instrument_code=HOLISTIC, follow_up="review-1"
        )

    assert refused.value.field == "follow_up"
    assert "latest follow-up or the end of support" in refused.value.message


def test_the_total_is_a_scale_of_its_own_to_choose(world, scheme, assessed):
    assessed(PAIRED_STORIES)

    report = report_for(commissioner(world), scheme, scale_code=TOTAL)

    assert [scale.scale.code for scale in report.scales] == [TOTAL]
    assert report.scales[0].overall.change.mean > 0


def test_another_providers_team_lead_counts_none_of_these_cases(world, scheme, assessed):
    assessed(PAIRED_STORIES)
    scheme.providers.add(world.organisations["provider_b"])
    user = world.users["link_worker_b"]
    user.memberships.update(role=Role.TEAM_LEAD)
    team_lead_b = actor_for(user, world.organisations["provider_b"], Role.TEAM_LEAD)

    report = report_for(team_lead_b, scheme)

    assert {scale.n for scale in report.scales} == {0}
    assert report.scales[-1].attrition.cases == 0


def test_the_page_downloads_api_and_pdf_all_show_the_total(login, client, world, scheme, assessed, token_for):
    assessed(PAIRED_STORIES)
    choices = {"scheme": scheme.slug, "instrument": HOLISTIC}
    commissioner_client = login(world.users["commissioner"])

    page = commissioner_client.get(reverse("reporting:outcomes"), choices)
    download = commissioner_client.get(
        reverse("reporting:outcomes_export"), choices | {"format": "csv", "table": "change"}
    )
    api = client.get(
        reverse("api:reports_outcomes"), choices, HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}"
    )
    html = report_html(report_for(commissioner(world), scheme))

    assert TOTAL_TITLE in page.text
    assert "No baseline recorded" in page.text
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    total_row = next(row for row in rows if row[0] == TOTAL_TITLE)
    assert total_row[1] == "6"
    api_rows = api.json()["tables"][0]["rows"]
    assert [row["scale"] for row in api_rows][-1] == TOTAL_TITLE
    assert api_rows[-1]["n"] == 6
    assert TOTAL_TITLE in html
    assert "the total adds the eight domains" in html
