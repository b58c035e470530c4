"""API tokens: issuing them, and authenticating API requests with them (`Authorization: Bearer <token>`)."""

import secrets

from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer

from linkwork.core.context import Actor
from linkwork.core.services import audit_record

from .models import ApiToken, Membership

KEY_START = "lw_"  # makes a leaked key recognisable in logs and to secret scanners


@transaction.atomic
def api_token_issue(*, by: Actor, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """Create a token for the membership. Returns the token and its secret, which is never stored."""
    secret = KEY_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        membership=membership,
        name=name,
        key_prefix=secret[:8],
        key_hash=ApiToken.hash_secret(secret),
    )
    audit_record(
        actor=by,
        action="api_token.issue",
        target=token,
        details={"membership": membership.pk, "name": name, "key_prefix": token.key_prefix},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, by: Actor, token: ApiToken) -> ApiToken:
    """Stop a token working at once (idempotent); the row stays for the audit trail."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=by, action="api_token.revoke", target=token, details={"key_prefix": token.key_prefix}
        )
    return token


def actor_for_token(secret: str) -> Actor | None:
    """Who a token acts as, or None if it is unknown, revoked, or its membership has lapsed."""
    token = (
        ApiToken.objects.usable()
        .select_related("membership__user", "membership__organisation")
        .filter(key_hash=ApiToken.hash_secret(secret))
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    membership = token.membership
    return Actor(user=membership.user, organisation=membership.organisation, role=membership.role)


class ApiTokenAuth(HttpBearer):
    """Bearer-token authentication that sets `request.actor` as a signed-in page would."""

    def authenticate(self, request, token):
        actor = actor_for_token(token)
        if actor is not None:
            request.actor = actor
        return actor
