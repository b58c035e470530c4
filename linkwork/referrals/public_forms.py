"""The public self-referral form: plain questions, checks in the person's own words, spam traps."""

import re
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.dates import age_on
from linkwork.core.forms import DatePartsField
from linkwork.people.validators import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_postcode,
    validate_date_of_birth,
    validate_postcode,
)
from linkwork.people.vocabulary import ContactMethod, EthnicCategory, Sex
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS

from .vocabulary import NEEDS

FORM_SALT = "linkwork.referrals.self_referral"
DEFAULT_MIN_SECONDS = 3
NOT_LISTED = "not_listed"
NAME_MAX = 100
DETAILS_MAX = 1000
ASK_YOUR_GP = "Your GP practice can tell you about other support near you."

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d ()-]+$")
_PUBLIC_NEEDS = NEEDS | {"physical_activity": "Being more active"}
_METHODS = [ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.EMAIL]
_UNSAFE = {"phone": "Phoning you", "text": "Sending you text messages", "write": "Writing to you by post"}


class _GroupLinked:
    """Choice groups whose error summary link points at the first item (Django gives a group no id)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class _Checkboxes(_GroupLinked, forms.CheckboxSelectMultiple):
    pass


class _Radios(_GroupLinked, forms.RadioSelect):
    pass


def issue_token() -> str:
    """A fresh one-time key for the form, signed together with the time the form was shown."""
    return signing.dumps({"key": uuid.uuid4().hex, "shown_at": time.time()}, salt=FORM_SALT)


def _ages(scheme) -> str:
    if scheme.min_age is not None and scheme.max_age is not None:
        return f"{scheme.min_age} to {scheme.max_age}"
    if scheme.min_age is not None:
        return f"{scheme.min_age} and over"
    return f"up to {scheme.max_age}"


def _clean_name(value: str, label: str) -> str:
    name = " ".join(value.split())
    if len(name) > NAME_MAX:
        raise ValidationError(f"{label} must be {NAME_MAX} characters or fewer")
    # "example.com" or "www.": a full stop straight before two letters; initials ("J.R.") pass.
    if _LINK.search(name) or re.search(r"\.[^\W\d_]{2}", name):
        raise ValidationError(f"{label} must not include a web address")
    if any(character.isdigit() for character in name):
        raise ValidationError(f"{label} must not include numbers")
    if not all(character.isalpha() or character in " -'’." for character in name):
        raise ValidationError(f"{label} must only include letters, spaces, hyphens and apostrophes")
    return name


class SelfReferralForm(forms.Form):
    given_name = forms.CharField(label="First name", error_messages={"required": "Enter your first name"})
    family_name = forms.CharField(label="Last name", error_messages={"required": "Enter your last name"})
    date_of_birth = DatePartsField(label="Date of birth")
    postcode = forms.CharField(label="Postcode", error_messages={"required": "Enter your postcode"})
    nhs_number = forms.CharField(label="NHS number (optional)", required=False)
    practice = forms.ChoiceField(
        label="Your GP practice",
        error_messages={"required": "Choose your GP practice, or choose ‘My practice is not listed’"},
    )
    sex = forms.ChoiceField(
        label="Your sex (optional)",
        choices=[(Sex.FEMALE, "Female"), (Sex.MALE, "Male"), (Sex.NOT_KNOWN, "I would rather not say")],
        widget=_Radios,
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label="Your ethnic group (optional)",
        choices=[(EthnicCategory.NOT_STATED, "I would rather not say"), *EthnicCategory.choices[:-2]],
        required=False,
    )
    phone = forms.CharField(label="Phone number", required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    contact_method = forms.ChoiceField(
        label="What is the best way to contact you?",
        choices=[(method.value, method.label) for method in _METHODS],
        widget=_Radios,
        error_messages={"required": "Choose the best way to contact you"},
    )
    unsafe = forms.MultipleChoiceField(
        label="Is there any way it is not safe for us to contact you?",
        choices=list(_UNSAFE.items()),
        widget=_Checkboxes,
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=list(_PUBLIC_NEEDS.items()),
        widget=_Checkboxes,
        error_messages={"required": "Choose at least one thing you would like help with"},
    )
    details = forms.CharField(
        label="Anything else you'd like us to know (optional)",
        required=False,
        max_length=DETAILS_MAX,
        error_messages={
            "max_length": f"Anything else you'd like us to know must be {DETAILS_MAX} characters or fewer"
        },
    )
    consent = forms.BooleanField(
        label="I agree to the service contacting me and keeping these details",
        error_messages={
            "required": "Tick the box to agree to the service contacting you and keeping these details"
        },
    )
    # A trap for robots: people never see it, so anything typed here was not typed by a person.
    website = forms.CharField(label="Leave this empty", required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.key = None
        self.fields["date_of_birth"].error_messages["required"] = "Enter your date of birth"
        self._practices = {str(practice.pk): practice for practice in scheme.practices.order_by("name")}
        self.fields["practice"].choices = [
            ("", "Choose your practice"),
            *((pk, practice.name) for pk, practice in self._practices.items()),
            (NOT_LISTED, "My practice is not listed"),
        ]

    def token_to_show(self) -> str:
        """The posted token again when it is genuine, so correcting a mistake does not restart the
        "sent too quickly" timer (and a retry of one form still counts once); a new one otherwise."""
        token = self.data.get("token", "") if self.is_bound else ""
        try:
            signing.loads(token, salt=FORM_SALT)
        except signing.BadSignature:
            return issue_token()
        return token

    @property
    def trap_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_given_name(self):
        return _clean_name(self.cleaned_data["given_name"], "First name")

    def clean_family_name(self):
        return _clean_name(self.cleaned_data["family_name"], "Last name")

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        validate_date_of_birth(value)
        return value

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].strip()
        if value:
            problem = nhs_number_problem(value)
            if problem:
                raise ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_practice(self):
        value = self.cleaned_data["practice"]
        return None if value == NOT_LISTED else self._practices[value]

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", value)
        if value and not (_PHONE.match(value) and 10 <= len(digits) <= 13):
            raise ValidationError("Enter a phone number, like 07700 900 982 or 0113 496 0000")
        return ("+" if value.startswith("+") else "") + digits

    def clean_details(self):
        value = self.cleaned_data["details"]
        if _LINK.search(value):
            raise ValidationError("Remove web links (starting http:// or www.) from your answer")
        return value

    def clean(self):
        cleaned = super().clean()
        self._check_token(cleaned.get("token", ""))
        self._check_contact(cleaned)
        return cleaned

    def _check_token(self, token):
        try:
            signed = signing.loads(token, salt=FORM_SALT)
        except signing.BadSignature:
            self.add_error(
                None, "Sorry, there was a problem with the form. Check your answers and send it again."
            )
            return
        minimum = getattr(settings, "LINKWORK_SELF_REFERRAL_MIN_SECONDS", DEFAULT_MIN_SECONDS)
        if time.time() - signed["shown_at"] < minimum:
            # Robots post at once; a person takes longer. Showing the form again lets a person carry on.
            self.add_error(None, "The form was sent too quickly. Check your answers and send it again.")
            return
        self.key = signed["key"]

    def _check_contact(self, cleaned):
        phone, email, method = cleaned.get("phone"), cleaned.get("email"), cleaned.get("contact_method")
        unsafe = cleaned.get("unsafe", [])
        if "phone" in self.errors or "email" in self.errors:
            return
        if not phone and not email:
            self.add_error("phone", "Enter a phone number or an email address, so we can contact you")
        elif method in (ContactMethod.PHONE, ContactMethod.TEXT) and not phone:
            self.add_error("phone", "Enter a phone number, or choose email as the best way to contact you")
        elif method == ContactMethod.EMAIL and not email:
            self.add_error("email", "Enter an email address, or choose another way to contact you")
        if method in unsafe:
            label = _UNSAFE[method].lower()
            self.add_error(
                "contact_method",
                f"You told us {label} is not safe. Choose another way, or untick ‘{_UNSAFE[method]}’",
            )

    def submission(self) -> dict:
        """The keyword arguments for referral_submit, from a valid form."""
        data = self.cleaned_data
        person = {
            field: data[field] for field in ("given_name", "family_name", "date_of_birth", "postcode")
        } | {
            "nhs_number": data["nhs_number"],
            "phone": data["phone"],
            "email": data["email"],
            "preferred_contact_method": data["contact_method"],
            "sex": data["sex"] or Sex.NOT_KNOWN,
            "ethnicity": data["ethnicity"] or EthnicCategory.NOT_KNOWN,
        }
        if data["practice"] is not None:
            person["registered_practice"] = data["practice"]
        return {
            "person_details": person,
            "needs": data["needs"],
            "needs_details": data["details"],
            "safe_to_phone": "phone" not in data["unsafe"],
            "safe_to_text": "text" not in data["unsafe"],
            "safe_to_write": "write" not in data["unsafe"],
            "consent_to_refer": data["consent"],
            "idempotency_key": f"self:{self.key}",
            # The public cannot be asked whether they are someone already recorded (that would reveal
            # who is): a new record is made and a team lead reviews any likely match.
            "duplicate_decision": "new",
        }

    def explain_ineligible(self):
        """Why the scheme cannot take them, in their terms. The public are never offered an override."""
        scheme = self.scheme
        age = age_on(self.cleaned_data["date_of_birth"], timezone.localdate())
        if (scheme.min_age is not None and age < scheme.min_age) or (
            scheme.max_age is not None and age > scheme.max_age
        ):
            self.add_error("date_of_birth", f"This service is for people aged {_ages(scheme)}. {ASK_YOUR_GP}")
        elif scheme.eligible_conditions:
            conditions = ", ".join(LONG_TERM_CONDITIONS[code] for code in scheme.eligible_conditions)
            self.add_error(
                None, f"This service is for people with one of these conditions: {conditions}. {ASK_YOUR_GP}"
            )
        else:
            self.add_error(None, f"This service cannot accept your request. {ASK_YOUR_GP}")
