"""The discharge letter prints well: no table row across two pages, the NHS number grouped, holistic change.

The long letter's measure names wrap onto three lines, so a page boundary would fall inside a row;
it is printed with several lengths of goal list before the table, so the boundary falls at a
different place in each. Each PDF is read back page by page (text positions and the page's PNG).
"""

import copy

import pytest

from linkwork.messaging import letters
from linkwork.messaging.letters import letter_pdf
from linkwork.testing.pdf import pdf_pages, row_page, rows_split

# Goal-list lengths that put the page boundary inside a measure row when rows may break (checked below).
PADDINGS = (3, 5, 7)


def long_letter(goals: int) -> dict:
    """A discharge document with a measures table of 12 three-line rows after `goals` goals."""
    return {
        "title": "Social prescribing: support has ended",
        "kind": "case_discharged",
        "person": {
            "name": "Mona Message",
            "nhs_number": "9990012008",
            "date_of_birth": "1970-01-01",
            "gp_practice": {"name": "Practice A", "ods_code": "A81001"},
        },
        "referral": {
            "id": "5f0c3b1e-0000-4000-8000-000000000001",
            "reference": "LW-7K3F9Q",
            "received_on": "2026-01-02",
            "scheme": "PCN link worker service",
            "referrer": "Dr Rita Referrer",
            "referring_organisation": {"name": "Practice A"},
        },
        "sender": {"organisation": {"name": "Provider A"}, "link_worker": "Lin Worker"},
        "sharing": {"statement": "The person agreed that the service may tell you what happened."},
        "discharge": {
            "date": "2026-06-01",
            "started": "2026-01-10",
            "reason": {"code": "goals_achieved", "label": "Goals achieved"},
            "summary": "Met every fortnight and joined a walking group. " * 8,
        },
        "support_given": {
            "sessions_attended": 9,
            "direct_support": [],
            "goals": [{"area": "Money", "goal": f"Goal {n}", "status": "Achieved"} for n in range(goals)],
        },
        "outcomes": [
            {
                "instrument": f"measure_{n}",
                "title": f"Measure {n} with a long descriptive title that wraps onto several lines",
                "scales": [
                    {
                        "title": f"scale {n}.{k}, whose name is long enough to need a third line too",
                        "baseline": 10 + n,
                        "latest": 30 + k,
                        "change": 20 + k - n,
                        "verdict": "improved",
                        "verdict_label": "Improved",
                    }
                    for k in range(3)
                ],
            }
            for n in range(4)
        ],
    }


def measure_rows(document) -> list[tuple]:
    return [
        (f"{outcome['title']}: {scale['title']}", scale["baseline"], scale["latest"], scale["verdict_label"])
        for outcome in document["outcomes"]
        for scale in outcome["scales"]
    ]


@pytest.fixture
def stylesheet_without_keep_together(tmp_path, monkeypatch):
    """The letter's stylesheet less its keep-together rules: how the letter printed before the fix."""
    rules = letters.STYLESHEET.read_text(encoding="utf-8").splitlines()
    kept = [line for line in rules if "break-inside" not in line and "break-after" not in line]
    assert len(kept) < len(rules)
    loose = tmp_path / "letter.css"
    loose.write_text("\n".join(kept), encoding="utf-8")
    monkeypatch.setattr(letters, "STYLESHEET", loose)


def test_no_measure_row_is_split_across_pages_wherever_the_page_ends():
    """About 5 s: three two-page letters printed (the first also loads WeasyPrint) and read back as PNG and text."""
    for goals in PADDINGS:
        document = long_letter(goals)
        pdf = letter_pdf(document, sent_on="1 June 2026")

        assert len(pdf_pages(pdf)) > 1
        assert rows_split(pdf, measure_rows(document)) == [], f"with {goals} goals"


def test_without_the_keep_together_rules_the_same_letters_split_a_row(stylesheet_without_keep_together):
    """About 3 s: the same letters printed with the old stylesheet, to show the check catches a split."""
    split = {
        goals: rows_split(
            letter_pdf(long_letter(goals), sent_on="1 June 2026"), measure_rows(long_letter(goals))
        )
        for goals in PADDINGS
    }

    assert any(split.values()), split


def test_a_row_found_whole_on_one_page_reports_that_page():
    document = long_letter(3)
    pages = pdf_pages(letter_pdf(document, sent_on="1 June 2026"))
    first, *_ = measure_rows(document)

    assert row_page(pages, first) in {page.number for page in pages}
    assert row_page(pages, (first[0], "no such score")) is None


def test_the_letter_prints_the_nhs_number_in_groups_of_three_three_and_four():
    document = copy.deepcopy(long_letter(0))
    document["outcomes"] = []

    [page] = pdf_pages(letter_pdf(document, sent_on="1 June 2026"))

    assert "NHS number 999 001 2008" in " ".join(page.words.split())
    assert "9990012008" not in page.words
    assert "Referral reference LW-7K3F9Q" in " ".join(page.words.split())
