"""Forms for the administration pages: choices in words, limits checked again by the services."""

from django import forms

from ..models import Organisation, Role

VERSION_ERRORS = {"required": "Refresh the page and make your change again"}


def _organisation_choices(organisations, blank):
    return [("", blank)] + [(str(organisation.pk), str(organisation)) for organisation in organisations]


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=Organisation.Kind.choices,
        error_messages={"required": "Choose what kind of organisation it is"},
    )
    ods_code = forms.CharField(label="ODS code", max_length=8, required=False)
    parent = forms.TypedChoiceField(
        label="Primary care network", required=False, coerce=int, empty_value=None
    )
    registered_list_size = forms.IntegerField(
        label="Registered patients",
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages={"invalid": "Enter the number of registered patients in numbers, like 12000"},
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    is_active = forms.BooleanField(label="Active: people can work in and refer from it", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, error_messages=VERSION_ERRORS)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.networks = {network.pk: network for network in networks}
        self.fields["parent"].choices = _organisation_choices(networks, "Not part of a network")

    def settings(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name not in ("version",)}
        data["parent"] = self.networks.get(data["parent"])
        return data


class UserForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the right form, like name@example.org"},
    )
    is_active = forms.BooleanField(label="Can sign in", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, error_messages=VERSION_ERRORS)

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("first_name", "last_name", "email", "is_active")}


class NewUserForm(UserForm):
    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter a username"}
    )
    password = forms.CharField(
        label="Password to give them",
        strip=False,
        widget=forms.PasswordInput(render_value=True),
        error_messages={"required": "Enter a password of at least 12 characters"},
    )
    field_order = ["username", "first_name", "last_name", "email", "password", "is_active"]


class MembershipForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Organisation", coerce=int, error_messages={"required": "Choose the organisation"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Choose the role"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.fields["organisation"].choices = _organisation_choices(organisations, "Choose an organisation")

    def clean_organisation(self):
        organisation = self.organisations.get(self.cleaned_data["organisation"])
        if organisation is None:
            raise forms.ValidationError("Choose one of the organisations listed")
        return organisation
