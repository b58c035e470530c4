"""Scheduled jobs: each finds what is due and tells the right person once, however often it runs."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from linkwork.casework.domains import DOMAINS
from linkwork.casework.models import Case
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.contacts import contact_record
from linkwork.messaging.jobs import run_jobs
from linkwork.messaging.models import Channel, OutboxMessage
from linkwork.onward.models import OnwardReferral
from linkwork.onward.services import onward_referral_send
from linkwork.people.models import Person
from linkwork.schemes.models import Scheme
from linkwork.testing.directory import directory_add, listing

pytestmark = pytest.mark.django_db


def run(job, today=None):
    """Run one job twice (as cron would); return the messages it wrote, and the second run's count."""
    first = run_jobs(only=[job], today=today)[0]
    second = run_jobs(only=[job], today=today)[0]
    assert second.queued == 0, "a second run must send nothing new"
    return first.queued, list(OutboxMessage.objects.filter(kind=KINDS[job]).order_by("created_at"))


KINDS = {
    "reviews_due": "review_due",
    "no_contact": "no_contact",
    "limits_approaching": "limit_approaching",
    "onward_replies_overdue": "onward_no_reply",
    "listings_due_for_verification": "listing_verification_due",
    "retention": "retention_applied",
    "appointment_reminders": "appointment_reminder",
}


def attended(case, actor, days_ago):
    return contact_record(
        by=actor,
        case=case,
        occurs_at=timezone.now() - datetime.timedelta(days=days_ago),
        mode="phone",
        place="remote",
        attendance="attended",
    )


def test_reviews_due_tell_the_link_worker_once(open_case, case_actors, world):
    Scheme.objects.filter(pk=open_case.referral.scheme_id).update(review_cadence_weeks=6)
    Case.objects.filter(pk=open_case.pk).update(opened_at=timezone.now() - datetime.timedelta(days=60))
    assessed = timezone.localdate() - datetime.timedelta(days=40)
    assessment_record(
        by=case_actors["link_worker"],
        case=open_case,
        assessed_on=assessed,
        time_point="baseline",
        scores={domain.code: 3 for domain in DOMAINS},
    )

    queued, messages = run("reviews_due")

    assert queued == 1
    (message,) = messages
    assert message.channel == Channel.IN_APP
    assert message.recipient_user == world.users["link_worker"]
    assert message.person_id == open_case.person_id
    assert message.dedupe_key == f"review_due:{open_case.pk}:{assessed + datetime.timedelta(weeks=6)}"


def test_no_contact_for_four_weeks_as_the_caseload_says(open_case, case_actors):
    attended(open_case, case_actors["link_worker"], days_ago=29)

    queued, messages = run("no_contact")

    assert queued == 1
    assert "4 weeks" in messages[0].subject


def test_recent_contact_is_not_reported(open_case, case_actors):
    attended(open_case, case_actors["link_worker"], days_ago=20)

    assert run("no_contact") == (0, [])


def test_one_session_left_is_reported_once(open_case, case_actors):
    for days_ago in range(5, 0, -1):
        attended(open_case, case_actors["link_worker"], days_ago=days_ago)

    queued, messages = run("limits_approaching")

    assert queued == 1
    assert "5 of 6 sessions used" in messages[0].subject


def test_a_time_limit_near_its_end_is_reported(open_case):
    Scheme.objects.filter(pk=open_case.referral.scheme_id).update(duration_cap_weeks=12, session_cap=None)
    Case.objects.filter(pk=open_case.pk).update(opened_at=timezone.now() - datetime.timedelta(weeks=10))

    queued, messages = run("limits_approaching")

    assert queued == 1
    assert "12 weeks end on" in messages[0].subject


def test_an_onward_referral_past_its_reply_date(open_case, case_actors, world):
    record = listing()
    (service,) = directory_add(
        record, owners={str(record["organisation"]["id"]): world.organisations["vcse_a"]}
    )
    onward = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=service, consent=True, summary="Walking"
    )
    OnwardReferral.objects.filter(pk=onward.pk).update(
        respond_by=timezone.localdate() - datetime.timedelta(days=1)
    )

    queued, messages = run("onward_replies_overdue")

    assert queued == 1
    assert messages[0].recipient_user == world.users["link_worker"]
    assert "has not replied" in messages[0].subject


def test_listings_not_checked_for_six_months_go_to_their_vcse_coordinators(world):
    vcse = world.organisations["vcse_a"]
    record = listing(last_verified_on=timezone.localdate() - datetime.timedelta(days=200))
    (service,) = directory_add(record, owners={str(record["organisation"]["id"]): vcse})
    directory_add(listing("Fresh group", organisation_name="Other group"))  # checked today: not due

    queued, messages = run("listings_due_for_verification")

    assert queued == 1
    assert messages[0].recipient_user == world.users["vcse_coordinator"]
    assert service.name in messages[0].subject


def test_retention_anonymises_people_past_their_period_and_tells_administrators_once(open_case, world):
    long_ago = timezone.now() - datetime.timedelta(days=365 * 9)
    Case.objects.filter(pk=open_case.pk).update(status=Case.Status.CLOSED, closed_at=long_ago)

    queued, messages = run("retention")

    assert queued == 1
    assert messages[0].recipient_user == world.users["administrator"]
    assert messages[0].subject == "Records anonymised at the end of their retention period: 1"
    assert Person.objects.get(pk=open_case.person_id).anonymised_at is not None


def test_appointment_reminders_the_day_before(open_case, case_actors):
    Person.objects.filter(pk=open_case.person_id).update(preferred_contact_method="text", phone="07700900123")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    when = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10, 30)))
    contact_record(
        by=case_actors["link_worker"],
        case=open_case,
        occurs_at=when,
        mode="phone",
        place="remote",
        attendance="booked",
    )

    queued, messages = run("appointment_reminders")

    assert queued == 1
    assert messages[0].channel == Channel.SMS
    assert "10:30am" in messages[0].body


def test_the_command_runs_every_job_and_a_second_run_sends_nothing(open_case, case_actors):
    attended(open_case, case_actors["link_worker"], days_ago=50)
    out = io.StringIO()

    call_command("run_scheduled_jobs", stdout=out)
    count = OutboxMessage.objects.count()
    call_command("run_scheduled_jobs", stdout=out)

    assert "no_contact: 1 new message(s)" in out.getvalue()
    assert OutboxMessage.objects.count() == count
