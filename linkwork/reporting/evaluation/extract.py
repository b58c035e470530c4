"""The pseudonymised record-level extract for evaluators: one CSV row per outcome measure response.

No names, NHS numbers, addresses, contact details, free text or exact dates: each person is a keyed
pseudonym (HMAC-SHA256 of their id under a secret from settings and the extract key, so the same key
gives the same pseudonym in every download and a different key gives unlinkable ones), ages are
banded at referral and dates are given as months. Only a provider's team lead may download it, for
their own provider's cases; commissioners see aggregates only (rules.can_download_extract).
"""

import csv
import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from linkwork.core.context import Actor
from linkwork.core.services import audit_record
from linkwork.outcomes.models import MeasureResponse
from linkwork.people.vocabulary import ethnic_group
from linkwork.schemes.vocabulary import REFERRAL_SOURCES

from .. import rules
from ..exports import csv_row
from .selectors import ReportCriteria, cases_in_scope, instrument_scales

AGE_BANDS = (
    (25, "Under 25"),
    (35, "25–34"),
    (45, "35–44"),
    (55, "45–54"),
    (65, "55–64"),
    (75, "65–74"),
    (85, "75–84"),
)
OLDEST_BAND = "85 and over"
PSEUDONYM_LENGTH = 16
FIXED_COLUMNS = [
    "person",
    "case",
    "sex",
    "age_band_at_referral",
    "ethnic_group",
    "referral_month",
    "referral_source",
    "long_term_conditions",
    "case_status",
    "discharge_reason",
    "instrument",
    "time_point",
    "occasion",
    "response_status",
    "response_month",
]


def pseudonym_secret() -> bytes:
    """The HMAC secret: LINKWORK_PSEUDONYM_SECRET, else one derived from SECRET_KEY (never the key itself)."""
    configured = getattr(settings, "LINKWORK_PSEUDONYM_SECRET", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(f"linkwork-pseudonym:{settings.SECRET_KEY}".encode()).digest()


def pseudonym(kind: str, pk: int, *, key: str, secret: bytes) -> str:
    message = f"{key}\x1f{kind}\x1f{pk}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def age_band(born: datetime.date, on: datetime.date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((label for upper, label in AGE_BANDS if age < upper), OLDEST_BAND)


def extract_rows(*, actor: Actor, criteria: ReportCriteria, key: str) -> tuple[list[str], list[list]]:
    """The header and rows for the actor's own provider's cases in the report's scheme and period."""
    if not rules.can_download_extract(actor):
        raise PermissionDenied
    cases = cases_in_scope(actor, criteria)
    scales = [s for s in instrument_scales(criteria.instrument) if criteria.scale_code in {None, s.code}]
    responses = (
        MeasureResponse.objects.using(cases.db)
        .filter(case__in=cases, instrument=criteria.instrument)
        .order_by("case_id", "completed_on", "time_point", "occasion")
        .values_list(
            "case__person_id",
            "case_id",
            "case__person__sex",
            "case__person__date_of_birth",
            "case__person__ethnicity",
            "case__referral__created_at",
            "case__referral__source",
            "case__referral__conditions",
            "case__status",
            "case__discharge_reason",
            "time_point",
            "occasion",
            "status",
            "completed_on",
            "scores",
        )
    )
    secret = pseudonym_secret()
    rows = []
    for (person, case, sex, born, ethnicity, referred_at, source, conditions, case_status, discharge,
         time_point, occasion, status, completed_on, scores) in responses:  # fmt: skip
        referred_on = referred_at.date()
        rows.append(
            [
                pseudonym("person", person, key=key, secret=secret),
                pseudonym("case", case, key=key, secret=secret),
                sex,
                age_band(born, referred_on),
                ethnic_group(ethnicity),
                f"{referred_on:%Y-%m}",
                REFERRAL_SOURCES.get(source, source),
                len(conditions or ()),
                case_status,
                discharge,
                criteria.instrument.code,
                time_point,
                occasion,
                status,
                f"{completed_on:%Y-%m}",
                *[_reported(scores, scale) for scale in scales],
            ]
        )
    return FIXED_COLUMNS + [f"score_{scale.code}" for scale in scales], rows


def _reported(scores: dict, scale) -> float | int | str:
    value = (scores or {}).get(scale.code, {}).get(scale.stored_as)
    return "" if value is None else value


def extract_response(*, actor: Actor, criteria: ReportCriteria, key: str, filename: str) -> HttpResponse:
    """The extract as CSV; the download is audited with its key and row count, never its contents."""
    header, rows = extract_rows(actor=actor, criteria=criteria, key=key)
    audit_record(
        actor=actor,
        action="report.extract",
        target=criteria.scheme,
        details={
            "instrument": criteria.instrument.code,
            "extract_key": key,
            "rows": len(rows),
            "opened_from": criteria.opened_from.isoformat() if criteria.opened_from else "",
            "opened_to": criteria.opened_to.isoformat() if criteria.opened_to else "",
        },
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return response
