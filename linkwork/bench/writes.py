"""The write scenario: referrals submitted through the API by practice systems, some of them retried.

A retry sends the same request again with the same Idempotency-Key, as a client does after a timeout;
it must answer 200 with the first referral. After the run the database is checked: one referral for
every key sent, none twice. Each referral is of a new synthetic person, with seed_scale's names, birth
dates and postcodes, so matching the person against existing records costs what it would in service.
"""

import datetime
import random
import threading
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from linkwork.people.models import Person
from linkwork.referrals.models import Referral

from . import targets
from .client import api_post, run_load
from .prepare import ApiClient
from .stats import Row

RETRY_SHARE = 0.05
API_PATH = "/api/v1/referrals"
BASELINE_PATH = "/bench-baseline/referrals/"


@dataclass
class Tally:
    """What the clients of one run sent: every key answered with a new referral, and the retries."""

    marker: str
    created: set = field(default_factory=set)
    warm_ups: int = 0  # of those, the unmeasured first request of each client
    retries: int = 0
    wrong_retries: int = 0
    started: datetime.datetime | None = None
    ended: datetime.datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Submitter:
    """One client: new referrals, and now and then the previous one again under the same key."""

    def __init__(self, *, port, client: ApiClient, path: str, tally: Tally, number: int):
        self.port, self.client, self.path, self.tally = port, client, path, tally
        self.prefix = f"{tally.marker}-{number}"
        # Seeded by the run and the client: a later run, or the baseline, must not send the same people again.
        self.random = random.Random(self.prefix)  # noqa: S311 - synthetic people and retries, not secrets
        self.today = datetime.date.today()
        self.sent = 0
        self.last = None

    def __call__(self) -> bool:
        if self.last is not None and self.random.random() < RETRY_SHARE:
            return self._retry()
        self.sent += 1
        key = f"{self.prefix}-{self.sent}"
        body = self.client.referral(self.random, self.today)
        status, answer = api_post(self.port, self.path, token=self.client.token, key=key, body=body)
        if status != 201:
            return False
        self.last = (key, body, answer["id"])
        with self.tally.lock:
            self.tally.created.add(key)
            self.tally.warm_ups += self.sent == 1
        return True

    def _retry(self) -> bool:
        key, body, first_id = self.last
        status, answer = api_post(self.port, self.path, token=self.client.token, key=key, body=body)
        right = status == 200 and answer.get("id") == first_id
        with self.tally.lock:
            self.tally.retries += 1
            self.tally.wrong_retries += not right
        return right


def _submitters(port, clients, path, tally):
    return [
        Submitter(port=port, client=client, path=path, tally=tally, number=number)
        for number, client in enumerate(clients)
    ]


def duplicates(tally: Tally) -> int:
    """What the run wrote beyond one referral and one person per answered key: referrals no client was
    told about, and people recorded without one (a second referral under one key cannot exist: the key
    is unique). People are counted by when they were created, so nothing else may write people meanwhile.
    """
    referrals = Referral.objects.filter(idempotency_key__contains=f":{tally.marker}-").count()
    people = Person.objects.filter(created_at__range=(tally.started, tally.ended)).count()
    return (referrals - len(tally.created)) + (people - referrals)


def _timed(tally, submitters, seconds):
    tally.started = timezone.now()
    figures = run_load(submitters, seconds=seconds)
    tally.ended = timezone.now()
    return figures


def referral_creation(*, port, clients, seconds, **_):
    run = uuid.uuid4().hex[:8]
    measured_tally, baseline_tally = Tally(marker=f"bench{run}"), Tally(marker=f"floor{run}")
    measured = _timed(measured_tally, _submitters(port, clients, API_PATH, measured_tally), seconds)
    baseline = _timed(baseline_tally, _submitters(port, clients, BASELINE_PATH, baseline_tally), seconds)
    notes = {
        "created": len(measured_tally.created) - measured_tally.warm_ups,
        "retries": measured_tally.retries,
        "retries answered wrongly": measured_tally.wrong_retries,
        "duplicates": duplicates(measured_tally),
        "baseline duplicates": duplicates(baseline_tally),
    }
    target, met = targets.creation(
        measured, notes["created"], notes["duplicates"], notes["retries answered wrongly"]
    )
    return Row(
        "Referral creation (API, 5% retried)",
        len(clients),
        measured,
        "bare view, same service",
        baseline,
        target,
        met,
        notes,
    )
