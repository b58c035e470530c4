"""The diary's private calendar feed: its address is issued and revoked here (the feed: views/diary.py)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from .. import rules
from ..models import DiaryFeed


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def diary_feed_issue(*, by: Actor) -> str:
    """A new private calendar address for the actor; any earlier one stops working. Returns the secret,
    which is shown once and never stored."""
    if not rules.can_work_cases(by):
        raise DomainError("Only link workers and team leads have a diary")
    diary_feed_revoke(by=by)
    token = secrets.token_urlsafe(32)
    feed = DiaryFeed.objects.create(
        user=by.user,
        organisation_id=by.organisation_id,
        token_hash=feed_token_hash(token),
        created_at=timezone.now(),
    )
    audit_record(actor=by, action="diary.feed_issue", target=feed)
    return token


@transaction.atomic
def diary_feed_revoke(*, by: Actor) -> int:
    """Stop the actor's calendar address working; returns how many addresses were stopped."""
    live = DiaryFeed.objects.filter(user=by.user, organisation_id=by.organisation_id, revoked_at__isnull=True)
    feeds = list(live)
    live.update(revoked_at=timezone.now())
    for feed in feeds:
        audit_record(actor=by, action="diary.feed_revoke", target=feed)
    return len(feeds)
