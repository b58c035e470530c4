"""The team lead's pages for possible duplicates and merges: who may use them, and what they do."""

import re

import pytest
from django.urls import reverse

from linkwork.core.models import AuditEvent
from linkwork.people.merging import person_merge
from linkwork.people.models import DuplicateCandidate, Person, PersonMerge
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import make_person

EXTERNAL_REFERENCE = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.IGNORECASE)
DUPLICATES = reverse("people:duplicates")


def merges_url(person):
    return reverse("people:merges", kwargs={"person_id": person.pk})


def merge_answers(case, keep, reason="Confirmed with the practice", confirm=True):
    prefix = str(case.pair.pk)
    answers = {"pair": prefix, "action": "merge", f"{prefix}-reason": reason}
    if keep is not None:
        answers[f"{prefix}-keep"] = str(keep.pk)
    if confirm:
        answers[f"{prefix}-confirm"] = "on"
    return answers


@pytest.fixture
def lead_client(client, world):
    sign_in(client, world.users["team_lead"])
    return client


@pytest.fixture
def merged(merge_case):
    return person_merge(
        by=merge_case.lead, survivor=merge_case.survivor, duplicate=merge_case.duplicate, reason="Same person"
    )


def test_a_team_lead_sees_each_pair_side_by_side(lead_client, merge_case):
    response = lead_client.get(DUPLICATES)

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "Earlier record" in html
    assert "Later record" in html
    assert merge_case.duplicate.nhs_number_display in html
    assert "Practice B (" in html
    assert "Merge these records" in html
    assert "Not the same person" in html
    assert not EXTERNAL_REFERENCE.search(html)
    event = AuditEvent.objects.get(action="person.duplicates_list")
    assert event.details["pairs"] == [str(merge_case.pair.pk)]


def test_a_pair_outside_the_organisation_is_neither_listed_nor_reachable(lead_client, world, merge_case):
    outside = DuplicateCandidate.objects.create(
        person=make_person(world.organisations["provider_b"], family_name="Bravo"),
        candidate=world.people["person_b"],
    )

    html = lead_client.get(DUPLICATES).content.decode()
    response = lead_client.post(DUPLICATES, {"pair": str(outside.pk), "action": "dismiss"})

    assert str(outside.pk) not in html
    assert response.status_code == 404
    assert DuplicateCandidate.objects.get(pk=outside.pk).status == DuplicateCandidate.Status.OPEN


def test_merging_from_the_page_keeps_the_chosen_record(lead_client, merge_case):
    response = lead_client.post(DUPLICATES, merge_answers(merge_case, keep=merge_case.duplicate), follow=True)

    assert response.redirect_chain == [(DUPLICATES, 302)]
    assert "Records merged" in response.content.decode()
    assert Person.objects.get(pk=merge_case.survivor.pk).merged_into == merge_case.duplicate
    assert str(merge_case.pair.pk) not in response.content.decode()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"keep": None}, "Choose which record to keep"),
        ({"reason": ""}, "Say how you know these are the same person"),
        ({"confirm": False}, "Confirm that you have checked these records are the same person"),
    ],
)
def test_an_incomplete_merge_shows_what_to_fix_and_merges_nothing(lead_client, merge_case, answers, message):
    response = lead_client.post(
        DUPLICATES, merge_answers(merge_case, **({"keep": merge_case.survivor} | answers))
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert not PersonMerge.objects.exists()


def test_not_the_same_person_dismisses_the_pair(lead_client, world, merge_case):
    response = lead_client.post(
        DUPLICATES, {"pair": str(merge_case.pair.pk), "action": "dismiss"}, follow=True
    )

    pair = DuplicateCandidate.objects.get(pk=merge_case.pair.pk)
    assert (pair.status, pair.decided_by) == (DuplicateCandidate.Status.DISMISSED, world.users["team_lead"])
    assert "There are no possible duplicates to check" in response.content.decode()
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize(
    "user", ["referrer", "link_worker", "vcse_coordinator", "commissioner", "administrator"]
)
def test_other_roles_may_not_use_the_merge_pages(client, world, merge_case, merged, user):
    sign_in(client, world.users[user])

    assert client.get(DUPLICATES).status_code == 403
    assert client.post(DUPLICATES, merge_answers(merge_case, keep=merge_case.survivor)).status_code == 403
    assert client.get(merges_url(merge_case.survivor)).status_code == 403
    undo = {"merge": str(merged.pk), f"{merged.pk}-reason": "Not mine to undo"}
    assert client.post(merges_url(merge_case.survivor), undo).status_code == 403
    assert PersonMerge.objects.get(pk=merged.pk).reversed_at is None


def test_the_merges_page_shows_the_merge_and_undoes_it(lead_client, merge_case, merged):
    url = merges_url(merge_case.survivor)
    html = lead_client.get(url).content.decode()
    assert "Same person" in html
    assert "Undo this merge" in html
    assert "NHS number" in html
    assert "phone" in html
    assert not EXTERNAL_REFERENCE.search(html)

    response = lead_client.post(url, {"merge": str(merged.pk), f"{merged.pk}-reason": "Twins"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Merge undone" in response.content.decode()
    assert Person.objects.get(pk=merge_case.duplicate.pk).merged_into is None


def test_undoing_without_a_reason_shows_what_to_fix(lead_client, merge_case, merged):
    response = lead_client.post(merges_url(merge_case.survivor), {"merge": str(merged.pk)})

    html = response.content.decode()
    assert "There is a problem" in html
    assert "Say why you are undoing this merge" in html
    assert PersonMerge.objects.get(pk=merged.pk).reversed_at is None


def test_a_team_lead_cannot_open_merges_of_someone_outside_their_scope(lead_client, world):
    assert lead_client.get(merges_url(world.people["person_b"])).status_code == 404


def test_a_merged_record_has_no_page_of_its_own(lead_client, merge_case, merged):
    assert lead_client.get(merges_url(merge_case.duplicate)).status_code == 404
    detail = reverse("people:detail", kwargs={"person_id": merge_case.duplicate.pk})
    assert lead_client.get(detail).status_code == 404
