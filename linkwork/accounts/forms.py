from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        # The same words whether the username or the password was wrong.
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your administrator.",
    }


class SwitchOrganisationForm(forms.Form):
    membership = forms.TypedChoiceField(
        coerce=int,
        label="Which organisation and role are you working as?",
        error_messages={
            "required": "Choose an organisation and role",
            "invalid_choice": "Choose one of the organisations and roles listed",
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [(m.pk, str(m)) for m in memberships]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
