import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.forms import DatePartsField
from linkwork.people.validators import (
    nhs_number_problem,
    normalise_nhs_number,
    validate_date_of_birth,
    validate_postcode,
)
from linkwork.people.vocabulary import ContactMethod as PersonContactMethod
from linkwork.people.vocabulary import EthnicCategory, Sex
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS

from .vocabulary import NEEDS, ContactMethod, ContactOutcome, DeclineReason


class ProfessionalReferralForm(forms.Form):
    """A referrer's referral: one screen, criteria shown beside the scheme choice."""

    scheme = forms.ChoiceField(
        label="Which scheme are you referring to?", error_messages={"required": "Choose a scheme"}
    )
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=20)
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    date_of_birth = DatePartsField(label="Date of birth")
    sex = forms.ChoiceField(
        label="Sex (optional)", choices=Sex.choices, initial=Sex.NOT_KNOWN, required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)",
        choices=EthnicCategory.choices,
        initial=EthnicCategory.NOT_KNOWN,
        required=False,
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False, validators=[validate_postcode])
    phone = forms.CharField(label="Phone number", max_length=20, required=False)
    email = forms.EmailField(label="Email address", required=False)
    preferred_contact_method = forms.ChoiceField(
        label="Best way to contact them",
        choices=PersonContactMethod.choices,
        initial=PersonContactMethod.PHONE,
    )
    needs = forms.MultipleChoiceField(
        label="What would they like help with?",
        choices=list(NEEDS.items()),
        error_messages={"required": "Choose at least one reason for the referral"},
    )
    needs_details = forms.CharField(
        label="Tell us more (optional)", required=False, max_length=2000, widget=forms.Textarea
    )
    conditions = forms.MultipleChoiceField(
        label="Long-term conditions", choices=list(LONG_TERM_CONDITIONS.items()), required=False
    )
    risk_information = forms.CharField(
        label="Anything the link worker should know to keep everyone safe (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )
    safe_to = forms.MultipleChoiceField(
        label="Is it safe to contact them by",
        choices=[("phone", "Phone"), ("text", "Text message"), ("write", "Letter")],
        required=False,
        initial=["phone", "text", "write"],
    )
    consent_to_refer = forms.BooleanField(
        label="The person agrees to this referral",
        error_messages={"required": "The person must agree to be referred before you can refer them"},
    )
    consent_to_share = forms.BooleanField(
        label="They agree the service may tell me what happened", required=False
    )
    eligibility_override_reason = forms.CharField(
        label="Reason to refer although they do not meet the criteria (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
    )
    duplicate_decision = forms.CharField(required=False, widget=forms.HiddenInput)
    submission_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(scheme.slug, scheme.name) for scheme in schemes]
        self.schemes = {scheme.slug: scheme for scheme in schemes}
        if len(schemes) == 1 and not self.is_bound:
            self.initial["scheme"] = schemes[0].slug
        self.initial.setdefault("submission_token", uuid.uuid4().hex)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].strip()
        if value and (problem := nhs_number_problem(value)):
            raise ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        validate_date_of_birth(value)
        return value

    def clean_submission_token(self):
        value = self.cleaned_data["submission_token"]
        try:
            return uuid.UUID(value).hex
        except ValueError:
            raise ValidationError("The form has expired: open it again") from None

    def submission(self, source):
        """The keyword arguments for `referral_submit`."""
        data = self.cleaned_data
        person_fields = (
            "nhs_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "postcode",
            "phone",
            "email",
            "preferred_contact_method",
        )
        demographics = {
            "sex": data["sex"] or Sex.NOT_KNOWN,
            "ethnicity": data["ethnicity"] or EthnicCategory.NOT_KNOWN,
        }
        return {
            "scheme": self.schemes[data["scheme"]],
            "source": source,
            "person_details": {name: data[name] for name in person_fields} | demographics,
            "needs": data["needs"],
            "needs_details": data["needs_details"],
            "conditions": data["conditions"],
            "risk_information": data["risk_information"],
            "safe_to_phone": "phone" in data["safe_to"],
            "safe_to_text": "text" in data["safe_to"],
            "safe_to_write": "write" in data["safe_to"],
            "consent_to_refer": data["consent_to_refer"],
            "consent_to_share": data["consent_to_share"],
            "eligibility_override_reason": data["eligibility_override_reason"],
            "duplicate_decision": data["duplicate_decision"] or None,
        }


class TriageForm(forms.Form):
    level = forms.ChoiceField(label="Triage level", error_messages={"required": "Choose a triage level"})
    link_worker = forms.TypedChoiceField(
        label="Allocate to", coerce=int, error_messages={"required": "Choose a link worker"}
    )
    note = forms.CharField(
        label="Triage note (optional)", required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args, levels, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(code, label) for code, label in levels if code != "signpost"]
        self.fields["link_worker"].choices = [
            (option.user.pk, option.user.display_name) for option in options
        ]
        self.workers = {option.user.pk: option.user for option in options}
        if options and not self.is_bound:
            self.initial["link_worker"] = options[0].user.pk


class SignpostForm(forms.Form):
    signpost_summary = forms.CharField(
        label="What information or contacts did you give?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say what information or contacts were given"},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the service declining?",
        choices=DeclineReason.choices,
        error_messages={"required": "Choose a reason"},
    )
    redirect_advice = forms.CharField(
        label="Where should the person or referrer go instead?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say where the person or referrer should go instead"},
    )


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(
        label="How did you try?", choices=ContactMethod.choices, initial=ContactMethod.PHONE
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=ContactOutcome.choices,
        error_messages={"required": "Choose what happened"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea)

    def clean(self):
        cleaned = super().clean()
        cleaned["attempted_at"] = timezone.now()
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Does the person want support from the service?",
        choices=[("accept", "Yes, they accept"), ("decline", "No, they decline")],
        error_messages={"required": "Choose whether they accept or decline"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea)
