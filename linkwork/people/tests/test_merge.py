"""A team lead merges two records of one person; the merge is audited and can be undone exactly."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.messaging.models import ContactOptOut
from linkwork.people.merging import movable_relations, person_merge, person_unmerge
from linkwork.people.models import DuplicateCandidate, LegitimateRelationship, Person, PersonMerge
from linkwork.people.selectors import people_page, person_open, person_search
from linkwork.people.services import person_resolve, relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.referrals.models import Referral
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, actor_for, make_person

REASON = "Confirmed by phone with Practice A: one person, recorded twice."


def merge(case, **overrides):
    arguments = {"by": case.lead, "survivor": case.survivor, "duplicate": case.duplicate, "reason": REASON}
    return person_merge(**(arguments | overrides))


@pytest.fixture
def referral(world, merge_case):
    """A row in an app the people app never imports, pointing at the duplicate."""
    scheme = scheme_apply_preset(
        by=SYSTEM,
        preset="ways-to-wellness",
        name="Merge Scheme",
        providers=[world.organisations["provider_a"]],
        practices=[world.organisations["practice_a"]],
    )
    return Referral.objects.create(
        scheme=scheme,
        person=merge_case.duplicate,
        source="gp_practice",
        needs=["loneliness"],
        consent_to_refer=True,
    )


def recorded_state():
    """Every relationship, referral and person as stored, leaving out only when each row was last saved."""
    people = {
        person.pk: {field.attname: getattr(person, field.attname) for field in Person._meta.concrete_fields}
        for person in Person.objects.all()
    }
    for values in people.values():
        values.pop("updated_at")
    return {
        "people": people,
        "relationships": set(LegitimateRelationship.objects.values_list("pk", "person_id", "ended_at")),
        "referrals": set(Referral.objects.values_list("pk", "person_id")),
        "pairs": set(DuplicateCandidate.objects.values_list("pk", "status", "decided_by")),
    }


def test_a_merge_moves_every_link_and_record_to_the_survivor(world, merge_case, referral):
    survivor, duplicate = merge_case.survivor, merge_case.duplicate
    moving = set(
        LegitimateRelationship.objects.filter(person=duplicate)
        .exclude(organisation=world.organisations["practice_a"])
        .values_list("pk", flat=True)
    )

    record = merge(merge_case)

    assert (
        set(
            LegitimateRelationship.objects.filter(person=survivor, pk__in=moving).values_list("pk", flat=True)
        )
        == moving
    )
    referral.refresh_from_db()
    assert referral.person == survivor
    moved = {(item["model"], item["pk"]) for item in record.changes["moved"]}
    assert ("referrals.referral", str(referral.pk)) in moved
    assert "referrals.referral.person" in record.changes["relations"]


def test_a_link_the_survivor_already_has_is_ended_on_the_duplicate_not_moved(world, merge_case):
    practice_a = world.organisations["practice_a"]

    merge(merge_case)

    clash = LegitimateRelationship.objects.get(person=merge_case.duplicate, organisation=practice_a)
    assert clash.ended_at is not None
    assert (
        LegitimateRelationship.objects.filter(person=merge_case.survivor, organisation=practice_a).count()
        == 1
    )


def test_a_wish_both_records_hold_stays_on_the_duplicate_and_the_merge_goes_ahead(world, merge_case):
    both = [merge_case.survivor, merge_case.duplicate]
    ContactOptOut.objects.bulk_create(ContactOptOut(person=person, channel="sms") for person in both)
    email = ContactOptOut.objects.create(person=merge_case.duplicate, channel="email")

    merge(merge_case)

    assert set(
        ContactOptOut.objects.filter(person=merge_case.survivor).values_list("channel", flat=True)
    ) == {
        "sms",
        "email",
    }
    assert ContactOptOut.objects.get(pk=email.pk).person == merge_case.survivor
    assert ContactOptOut.objects.filter(person=merge_case.duplicate, channel="sms").exists()


def test_a_merge_fills_only_the_survivors_blank_details(world, merge_case):
    duplicate = merge_case.duplicate

    record = merge(merge_case)

    survivor = Person.objects.get(pk=merge_case.survivor.pk)
    assert (survivor.nhs_number, survivor.phone) == (duplicate.nhs_number, duplicate.phone)
    assert survivor.registered_practice == world.organisations["practice_b"]
    assert survivor.email == "mary@example.org"
    assert {item["field"] for item in record.changes["filled"]} == {
        "nhs_number",
        "phone",
        "registered_practice_id",
    }


def test_the_merged_record_disappears_from_every_list_and_its_nhs_number_leads_to_the_survivor(
    world, merge_case
):
    survivor, duplicate, lead = merge_case.survivor, merge_case.duplicate, merge_case.lead

    merge(merge_case)

    assert Person.objects.get(pk=duplicate.pk).merged_into == survivor
    assert not Person.objects.visible_to(lead).filter(pk=duplicate.pk).exists()
    assert duplicate not in people_page(actor=lead, page_number=1).object_list
    assert person_search(actor=lead, family_name="Seacole") == [survivor]
    assert person_open(actor=lead, person_id=duplicate.pk) == (None, [])
    found = person_resolve(
        by=SYSTEM,
        organisation=world.organisations["practice_b"],
        basis=RelationshipBasis.REFERRAL,
        details={
            "nhs_number": duplicate.nhs_number,
            "family_name": survivor.family_name,
            "date_of_birth": survivor.date_of_birth,
        },
    )
    assert found == survivor


def test_a_merge_is_audited_for_both_people_and_closes_the_pair(world, merge_case):
    record = merge(merge_case)

    events = AuditEvent.objects.filter(object_id=str(record.pk))
    assert {(event.action, event.person_id, event.reason) for event in events} == {
        ("person.merge", merge_case.survivor.pk, REASON),
        ("person.merged_into", merge_case.duplicate.pk, REASON),
    }
    pair = DuplicateCandidate.objects.get(pk=merge_case.pair.pk)
    assert (pair.status, pair.decided_by) == (DuplicateCandidate.Status.MERGED, world.users["team_lead"])


def test_undoing_a_merge_restores_exactly_what_it_changed(merge_case, referral):
    before = recorded_state()
    record = merge(merge_case)

    person_unmerge(
        by=merge_case.lead, merge=record, reason="Different people: checked dates with the practice"
    )

    assert recorded_state() == before
    record.refresh_from_db()
    assert record.is_reversed
    assert AuditEvent.objects.filter(action="person.unmerge", person_id=merge_case.survivor.pk).exists()


def test_an_undo_keeps_what_was_added_or_changed_since_the_merge(world, merge_case):
    record = merge(merge_case)
    later_link = relationship_grant(
        by=SYSTEM,
        person=merge_case.survivor,
        organisation=world.organisations["vcse_a"],
        basis=RelationshipBasis.ONWARD_REFERRAL,
        source="test:after-merge",
    )
    Person.objects.filter(pk=merge_case.survivor.pk).update(phone="07700 900999")

    person_unmerge(by=merge_case.lead, merge=record, reason="Wrong pair")

    survivor = Person.objects.get(pk=merge_case.survivor.pk)
    assert (survivor.phone, survivor.nhs_number) == ("07700 900999", "")
    later_link.refresh_from_db()
    assert later_link.person == survivor
    event = AuditEvent.objects.get(action="person.unmerge")
    assert event.details["kept"] == ["phone"]


def test_a_merged_record_cannot_be_merged_again(world, merge_case):
    merge(merge_case)
    third = make_person(world.organisations["provider_a"], nhs_number="")

    with pytest.raises(DomainError, match="already been merged"):
        merge(merge_case, survivor=third)

    assert PersonMerge.objects.count() == 1


def test_a_merge_cannot_be_undone_twice(merge_case):
    record = merge(merge_case)
    person_unmerge(by=merge_case.lead, merge=record, reason="Wrong pair")

    with pytest.raises(DomainError, match="already been undone"):
        person_unmerge(by=merge_case.lead, merge=record, reason="Again")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_merge_and_an_undo_need_a_reason(merge_case, reason):
    with pytest.raises(DomainError, match="Give a reason") as raised:
        merge(merge_case, reason=reason)
    assert raised.value.field == "reason"
    record = merge(merge_case)

    with pytest.raises(DomainError, match="Give a reason"):
        person_unmerge(by=merge_case.lead, merge=record, reason=reason)


def test_records_with_different_nhs_numbers_or_one_record_twice_are_refused(world, merge_case):
    other = make_person(world.organisations["provider_a"])

    with pytest.raises(DomainError, match="different NHS numbers"):
        merge(merge_case, survivor=other)
    with pytest.raises(DomainError, match="two different records"):
        merge(merge_case, survivor=merge_case.duplicate)
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize(
    ("user", "role", "home"),
    [
        ("referrer", Role.REFERRER, "practice_a"),
        ("link_worker", Role.LINK_WORKER, "provider_a"),
    ],
)
def test_only_a_team_lead_may_merge_or_undo(world, merge_case, user, role, home):
    actor = actor_for(world.users[user], world.organisations[home], role)

    with pytest.raises(DomainError, match="Only a team lead"):
        merge(merge_case, by=actor)
    assert Person.objects.get(pk=merge_case.duplicate.pk).merged_into is None
    record = merge(merge_case)
    with pytest.raises(DomainError, match="Only a team lead"):
        person_unmerge(by=actor, merge=record, reason="Not allowed")


def test_a_team_lead_cannot_merge_someone_outside_their_scope(world, merge_case):
    with pytest.raises(DomainError, match="your organisation supports"):
        merge(merge_case, duplicate=world.people["person_b"])

    assert Person.objects.get(pk=world.people["person_b"].pk).merged_into is None


def test_a_team_lead_cannot_undo_a_merge_outside_their_scope(world, merge_case):
    record = merge(merge_case)
    other_lead = actor_for(world.users["link_worker_b"], world.organisations["provider_b"], Role.TEAM_LEAD)

    with pytest.raises(DomainError, match="your organisation supports"):
        person_unmerge(by=other_lead, merge=record, reason="Not ours")

    assert PersonMerge.objects.get(pk=record.pk).reversed_at is None


def test_every_foreign_key_to_a_person_is_moved_by_a_merge():
    covered = {
        f"{relation.related_model._meta.label}.{relation.field.name}" for relation in movable_relations()
    }

    assert {"people.LegitimateRelationship.person", "referrals.Referral.person"} <= covered
    bookkeeping = {"people.DuplicateCandidate", "people.PersonMerge", "people.Person"}
    # Found from the other side (every model's own foreign keys), so hidden links (related_name="+") count.
    every_link = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Person and model._meta.label not in bookkeeping
    }
    assert "messaging.ContactOptOut.person" in every_link
    assert covered == every_link


def test_an_ended_relationship_is_restored_with_its_own_end(merge_case, world):
    ended_on = timezone.now() + datetime.timedelta(days=30)
    LegitimateRelationship.objects.filter(
        person=merge_case.duplicate, organisation=world.organisations["practice_a"]
    ).update(ended_at=ended_on)
    record = merge(merge_case)

    person_unmerge(by=merge_case.lead, merge=record, reason="Wrong pair")

    clash = LegitimateRelationship.objects.get(
        person=merge_case.duplicate, organisation=world.organisations["practice_a"]
    )
    assert clash.ended_at == ended_on
