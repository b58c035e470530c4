from django import forms

from .models import Channel, Status
from .selectors import ATTENTION


class RetryForm(forms.Form):
    message_id = forms.UUIDField(
        error_messages={"required": "Choose a message to retry", "invalid": "Choose a message to retry"}
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(ATTENTION, "Failed or not known if sent"), *Status.choices], required=False
    )


class OptOutForm(forms.Form):
    opted_out = forms.MultipleChoiceField(
        label="They do not want automatic messages by",
        choices=[(Channel.SMS, "Text message"), (Channel.EMAIL, "Email")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
