from django import forms
from django.core.exceptions import ValidationError

from linkwork.core.forms import DatePartsField

from .validators import nhs_number_problem, normalise_nhs_number


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
