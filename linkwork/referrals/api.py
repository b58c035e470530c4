"""The referrals API: submit a referral from another system (parse, call the service, answer)."""

import datetime
import uuid
from typing import Annotated, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Field, Header, Router, Schema, Status
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.core.errors import DomainError
from linkwork.people.services import NEW_PERSON
from linkwork.people.validators import nhs_number_problem, validate_date_of_birth, validate_postcode
from linkwork.schemes.selectors import scheme_get
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS, REFERRAL_SOURCES

from . import rules
from .services import TEXT_LIMITS, referral_submit
from .vocabulary import NEEDS

router = Router(tags=["Referrals"])


class FieldError(Schema):
    field: str | None = Field(
        None,
        description="Where the problem is, as a dotted path (person.nhs_number); null for the whole request.",
    )
    message: str = Field(description="What is wrong, in words that can be shown to the referrer.")


class ErrorOut(Schema):
    """Every refusal, whatever its status code, has this shape."""

    errors: list[FieldError]


def error_body(message: str, field: str | None = None) -> dict:
    return {"errors": [{"field": field, "message": message}]}


def _plain_error(message: str) -> PydanticCustomError:
    # A custom error keeps the message exactly as written, without pydantic's "Value error," prefix.
    return PydanticCustomError("invalid", message)


# The codes the referral service accepts, as enumerations in the OpenAPI document, so generated
# clients can check them. A self-referral never comes through the API: the person uses the public form.
ApiSource = Literal[tuple(code for code in REFERRAL_SOURCES if code != "self")]
Need = Literal[tuple(NEEDS)]
Condition = Literal[tuple(LONG_TERM_CONDITIONS)]
# Published so clients (and schemathesis) know text with a NUL is refused at the edge (core.text_input).
NUL_FREE = {"pattern": r"^[^\u0000]*$"}
Text = Annotated[str, Field(json_schema_extra=NUL_FREE)]
# Unknown fields are ignored, but the schema does not invite them: a client keeps to the fields named.
NAMED_FIELDS_ONLY = ConfigDict(json_schema_extra={"additionalProperties": False})
CONSENT_NEEDED = "The person must agree to be referred before you can refer them"
NEEDS_NEEDED = "Choose at least one reason for the referral"


class PersonIn(Schema):
    model_config = NAMED_FIELDS_ONLY
    # Patterns are published in the schema (json_schema_extra) and checked by the validators below,
    # which say what is wrong in the referrer's terms.
    nhs_number: str = Field(
        "",
        description="10 digits (spaces or dashes allowed) whose last is the modulus-11 check digit. "
        "Leave empty if not known.",
        json_schema_extra={"pattern": r"^([0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4})?$"},
    )
    given_name: Text = Field(min_length=1, max_length=100)
    family_name: Text = Field(min_length=1, max_length=100)
    date_of_birth: datetime.date = Field(description="Today or earlier, and after 1900.")
    postcode: str = Field(
        "",
        description="A full UK postcode.",
        json_schema_extra={"pattern": r"^([A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})?$"},
    )
    phone: Text = Field("", max_length=20)
    # The pattern is a plain subset of the addresses Linkwork accepts (Django's email check).
    email: str = Field(
        "",
        max_length=254,
        description="An email address, or empty.",
        json_schema_extra={
            "pattern": r"^([A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?$"
        },
    )

    @field_validator("nhs_number")
    @classmethod
    def _valid_nhs_number(cls, value):
        problem = nhs_number_problem(value) if value else None
        if problem:
            raise _plain_error(problem)
        return value

    @field_validator("date_of_birth", mode="before")
    @classmethod
    def _a_real_date(cls, value):
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError as error:
                raise _plain_error("Enter the date of birth as a real date, like 1970-01-31") from error
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _not_in_the_future(cls, value):
        return _django_checked(validate_date_of_birth, value)

    @field_validator("postcode")
    @classmethod
    def _full_postcode(cls, value):
        return _django_checked(validate_postcode, value)


def _django_checked(validator, value):
    try:
        validator(value)
    except ValidationError as error:
        raise _plain_error(error.messages[0]) from error
    return value


def _service_limited(field: str, **kwargs):
    """Free text the referral service limits: the schema publishes the limit, and a longer text is refused
    by the service in the referral form's words rather than by pydantic."""
    return Field("", json_schema_extra=NUL_FREE | {"maxLength": TEXT_LIMITS[field]}, **kwargs)


class ReferralIn(Schema):
    model_config = NAMED_FIELDS_ONLY
    scheme: Text = Field(
        description="The slug of a scheme your organisation can refer to (e.g. ways-to-wellness); it must "
        "accept your source and, unless an eligibility override reason is given, the person must meet "
        "its criteria."
    )
    source: ApiSource = Field(description="Who is referring.")
    person: PersonIn
    needs: list[Need] = Field(min_length=1, description="Reasons for the referral: at least one.")
    needs_details: str = _service_limited("needs_details")
    conditions: list[Condition] = Field(default_factory=list, description="Long-term conditions.")
    risk_information: str = _service_limited("risk_information")
    safe_to_phone: bool = True
    safe_to_text: bool = True
    safe_to_write: bool = True
    consent_to_refer: Literal[True] = Field(description="The person has agreed to be referred; must be true.")
    consent_to_share: bool = Field(False, description="The service may tell the referrer what happened.")
    eligibility_override_reason: str = _service_limited(
        "eligibility_override_reason",
        description="Why to refer someone outside the scheme's criteria; without it they are refused.",
    )
    referrer_contact: str = _service_limited(
        "referrer_contact", description="How the service can reach the referrer."
    )

    # Checked before the type, so a refusal reads as the referral form's does, not as pydantic's.
    @field_validator("consent_to_refer", mode="before")
    @classmethod
    def _consent_given(cls, value):
        if value is not True:
            raise _plain_error(CONSENT_NEEDED)
        return value

    @field_validator("needs", mode="before")
    @classmethod
    def _a_need_given(cls, value):
        if isinstance(value, list) and not value:
            raise _plain_error(NEEDS_NEEDED)
        return value


class ReferralOut(Schema):
    id: uuid.UUID
    status: str


def _errors_from(error: Exception) -> dict:
    """The service's refusal in the API's error shape, pointing at the request field where known."""
    if isinstance(error, DomainError):
        return error_body(error.message, _request_field(error.field))
    if hasattr(error, "error_dict"):
        return {
            "errors": [
                {"field": _request_field(field), "message": message}
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        }
    return {"errors": [{"field": None, "message": message} for message in error.messages]}


def _request_field(field: str | None) -> str | None:
    if field == NON_FIELD_ERRORS:
        return None
    if field == "idempotency_key":
        return "Idempotency-Key"
    if field in PersonIn.model_fields:
        return f"person.{field}"
    return field


@router.post(
    "/referrals",
    auth=ApiTokenAuth(),
    response={201: ReferralOut, 200: ReferralOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    url_name="referral_submit",
    summary="Submit a referral",
    description=(
        "201 for a new referral. A repeated Idempotency-Key from the same API user with the same details "
        "answers 200 with the first referral and creates nothing; with different details it is a 422 "
        "(field Idempotency-Key). 422 lists every problem with the field it concerns; 400 means the "
        "body is not JSON or is too large to read."
    ),
)
def submit_referral(
    request,
    payload: ReferralIn,
    idempotency_key: str = Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        description="Your unique reference for this submission; reuse it when retrying.",
    ),
):
    actor = request.actor
    if not rules.can_refer(actor):
        return Status(403, error_body("Only referrers can submit referrals"))
    scheme = scheme_get(organisation=actor.organisation, slug=payload.scheme)
    if scheme is None:
        return Status(422, error_body(f"There is no scheme {payload.scheme!r} you can refer to", "scheme"))
    details = payload.model_dump(exclude={"scheme", "source", "person", "needs", "consent_to_refer"})
    try:
        referral, created = referral_submit(
            by=actor,
            scheme=scheme,
            source=payload.source,
            person_details=payload.person.model_dump(),
            needs=payload.needs,
            consent_to_refer=payload.consent_to_refer,
            # Keys are the client's own: namespaced per API user so two clients never collide.
            idempotency_key=f"api:{actor.user.pk}:{idempotency_key}",
            # A system cannot be asked "is this the same person?": a likely match goes to a team lead.
            duplicate_decision=NEW_PERSON,
            **details,
        )
    except (DomainError, ValidationError) as error:
        return Status(422, _errors_from(error))
    return Status(201 if created else 200, referral)
