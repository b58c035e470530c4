from django import forms
from django.core.exceptions import ValidationError

from linkwork.accounts.models import Organisation
from linkwork.core.forms import DatePartsField

from .models import Person
from .services import CORRECTABLE_DETAILS
from .validators import nhs_number_problem, normalise_nhs_number
from .vocabulary import WorkerGender


class PersonSearchForm(forms.Form):
    """Find a person by NHS number, or by last name (with date of birth to narrow it down)."""

    nhs_number = forms.CharField(label="NHS number", required=False, max_length=20)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = DatePartsField(label="Date of birth", required=False)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].strip()
        if not value:
            return ""
        problem = nhs_number_problem(value)
        if problem:
            raise ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_family_name(self):
        return " ".join(self.cleaned_data["family_name"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("nhs_number") and not cleaned.get("family_name"):
            raise ValidationError("Enter an NHS number or a last name to search")
        return cleaned


class MergeForm(forms.Form):
    """Which of two records to keep, why they are one person, and an explicit confirmation."""

    keep = forms.ChoiceField(
        label="Which record do you want to keep?",
        error_messages={
            "required": "Choose which record to keep",
            "invalid_choice": "Choose which record to keep",
        },
    )
    reason = forms.CharField(
        label="How do you know these are the same person?",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"required": "Say how you know these are the same person"},
    )
    confirm = forms.BooleanField(
        label="I have checked these records are the same person",
        error_messages={"required": "Confirm that you have checked these records are the same person"},
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        # The pair usually shares a name, so the records are told apart by which came first.
        self.people = (pair.candidate, pair.person)
        self.fields["keep"].choices = [
            (str(pair.candidate.pk), "The earlier record"),
            (str(pair.person.pk), "The later record"),
        ]

    def survivor_and_duplicate(self):
        first, second = self.people
        return (first, second) if str(first.pk) == self.cleaned_data["keep"] else (second, first)


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing this merge?",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"required": "Say why you are undoing this merge"},
    )


class BreakGlassForm(forms.Form):
    """Emergency access: the NHS number, why, and the second factor again."""

    nhs_number = forms.CharField(label="NHS number", max_length=20)
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        help_text="Your team lead will read this. Say what the emergency is and who asked.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="6 digits, or one of your backup codes",
        max_length=20,
    )

    def clean_nhs_number(self):
        problem = nhs_number_problem(self.cleaned_data["nhs_number"])
        if problem:
            raise ValidationError(problem)
        return normalise_nhs_number(self.cleaned_data["nhs_number"])


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="What did you find?",
        help_text="Whether the access was justified, and anything you did about it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PersonDetailsForm(forms.ModelForm):
    """Corrections to a person's details, saved with the version the page was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = CORRECTABLE_DETAILS
        labels = {
            "preferred_name": "Preferred name (optional)",
            "sex": "Sex",
            "gender_identity": "Gender, in their own words (optional)",
            "ethnicity": "Ethnic group",
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city",
            "postcode": "Postcode",
            "phone": "Phone number",
            "email": "Email address",
            "preferred_contact_method": "Best way to contact them",
            "contact_times": "Best times to contact them (optional)",
            "preferred_language": "Language",
            "needs_interpreter": "They need an interpreter",
            "preferred_worker_gender": "Would they prefer a worker who is",
            "registered_practice": "GP practice they are registered with",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        practice = self.fields["registered_practice"]
        practice.queryset = Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).order_by("name")
        practice.empty_label = "Not known"
        self.fields["preferred_worker_gender"].choices = WorkerGender.choices
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def worker_gender_items(self):
        """Radios items including "No preference", whose stored value is empty (choice_items skips those)."""
        current = self["preferred_worker_gender"].value() or ""
        return [
            {"value": value, "text": label, "checked": value == current}
            for value, label in WorkerGender.choices
        ]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in CORRECTABLE_DETAILS}
