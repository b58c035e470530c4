"""One-time secure links through which the person answers their measures without logging in.

The token is shown once, to be sent to the person; only its SHA-256 digest is stored. A link works
until it is used or expires, whichever comes first.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.casework.services.guards import case_locked_for_recording
from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from ..models import Instrument, MeasureResponse, QuestionnaireLink
from .responses import MeasureAnswers, check_occasion, record_answers_from_link

LINK_VALID_DAYS = 14


class LinkUnusable(DomainError):
    """The link is unknown, used or expired; the message is for the person holding it."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def questionnaire_link_issue(
    *, by: Actor, case: Case, time_point: str, occasion: int, codes: list[str]
) -> tuple[QuestionnaireLink, str]:
    """A new link for these measures; returns it with the token, which is never stored or shown again.

    Issuing a link expires any earlier one for the same occasion, so only the newest works.
    """
    case = case_locked_for_recording(by=by, case=case)
    check_occasion(time_point, occasion)
    instruments = {instrument.code: instrument for instrument in Instrument.objects.filter(code__in=codes)}
    if not codes or len(instruments) != len(set(codes)):
        raise DomainError("Choose the measures the person should answer")
    without_text = [instruments[code].title for code in codes if not instruments[code].has_item_text]
    if without_text:
        raise DomainError(
            f"{', '.join(without_text)} cannot be sent: the questions' wording has not been loaded "
            "under your organisation's licence. Ask them in a session from the paper form instead."
        )
    done = set(
        MeasureResponse.objects.filter(
            case=case, instrument__code__in=codes, time_point=time_point, occasion=occasion
        ).values_list("instrument__code", flat=True)
    )
    if done:
        titles = ", ".join(instruments[code].title for code in codes if code in done)
        raise DomainError(f"Already recorded for this time point: {titles}")
    # A new link replaces any still waiting for this occasion (a lost message, or a double click).
    now = timezone.now()
    QuestionnaireLink.objects.filter(case=case, time_point=time_point, occasion=occasion).usable(now).update(
        expires_at=now, updated_at=now
    )
    token = secrets.token_urlsafe(32)
    link = QuestionnaireLink.objects.create(
        case=case,
        token_digest=token_digest(token),
        time_point=time_point,
        occasion=occasion,
        instrument_codes=list(codes),
        expires_at=now + datetime.timedelta(days=LINK_VALID_DAYS),
        created_by=by.user,
    )
    audit_record(
        actor=by,
        action="questionnaire_link.issue",
        target=link,
        person_id=case.person_id,
        details={"instruments": list(codes), "time_point": time_point, "occasion": occasion},
    )
    events.publish(events.QUESTIONNAIRE_LINK_ISSUED, link=link, token=token, case=case, by=by)
    return link, token


def questionnaire_link_find(token: str, *, lock=False) -> QuestionnaireLink:
    """The usable link for this token, or LinkUnusable saying why in the person's terms."""
    links = QuestionnaireLink.objects.select_related("case__provider")
    if lock:
        links = links.select_for_update(of=("self",))
    link = links.filter(token_digest=token_digest(token)).first()
    if link is None:
        raise LinkUnusable(
            "This link is not right. Check you copied all of it, or ask your link worker for a new one."
        )
    if link.used_at is not None:
        raise LinkUnusable(
            "These questions have already been answered through this link. Thank you. "
            "If you need to change an answer, tell your link worker."
        )
    if link.expires_at <= timezone.now():
        raise LinkUnusable("This link has expired. Ask your link worker for a new one.")
    return link


def questionnaire_link_instruments(link: QuestionnaireLink) -> list[Instrument]:
    by_code = {
        instrument.code: instrument
        for instrument in Instrument.objects.filter(code__in=link.instrument_codes)
    }
    return [by_code[code] for code in link.instrument_codes]


@transaction.atomic
def questionnaire_link_submit(*, token: str, measures: list[MeasureAnswers]) -> list[MeasureResponse]:
    """Record the person's answers and use up the link; a second submit of the same link is refused."""
    link = questionnaire_link_find(token, lock=True)
    if sorted(measure.code for measure in measures) != sorted(link.instrument_codes):
        raise DomainError("Answer every set of questions on the page")
    # Claim the link before recording: of two submits at once, only one can change used_at from empty.
    claimed = QuestionnaireLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        raise LinkUnusable("These questions have already been answered through this link. Thank you.")
    responses = record_answers_from_link(link=link, measures=measures)
    audit_record(
        actor=Actor.system(),
        action="questionnaire_link.use",
        target=link,
        person_id=link.case.person_id,
        details={"responses": [str(response.pk) for response in responses]},
    )
    return responses
