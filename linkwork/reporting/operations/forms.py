"""The dashboards' filters: scheme, provider, practice and period (every one optional)."""

from django import forms

from linkwork.core.errors import DomainError
from linkwork.core.forms import DatePartsField

from ..evaluation.selectors import report_instruments
from ..forms import PeriodChoiceMixin
from ..scope import practice_choices, provider_choices, reportable_schemes
from .criteria import dashboard_criteria

EVERY = ""


class DashboardForm(PeriodChoiceMixin, forms.Form):
    scheme = forms.ChoiceField(label="Scheme", required=False)
    provider = forms.TypedChoiceField(label="Provider", required=False, coerce=int, empty_value=None)
    practice = forms.TypedChoiceField(
        label="Registered practice", required=False, coerce=int, empty_value=None
    )
    date_from = DatePartsField(label="Referrals received from", required=False)
    date_to = DatePartsField(label="Referrals received up to", required=False)
    date_fields = ("date_from", "date_to")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.add_period_field()
        self.fields["scheme"].choices = [(EVERY, "Every scheme you report on")] + [
            (scheme.slug, scheme.name) for scheme in reportable_schemes(actor)
        ]
        self.fields["provider"].choices = [(EVERY, "Every provider")] + [
            (str(org.pk), org.name) for org in provider_choices(actor)
        ]
        self.fields["practice"].choices = [(EVERY, "Every practice")] + [
            (str(org.pk), org.name) for org in practice_choices(actor)
        ]
        for name in ("provider", "practice"):
            self.fields[name].error_messages["invalid_choice"] = f"Choose a {name} from the list"
        self.fields["scheme"].error_messages["invalid_choice"] = "Choose a scheme from the list"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["criteria"] = dashboard_criteria(
                actor=self.actor,
                scheme_slug=cleaned.get("scheme") or "",
                provider_id=cleaned.get("provider"),
                practice_id=cleaned.get("practice"),
                date_from=cleaned.get("date_from"),
                date_to=cleaned.get("date_to"),
            )
        except DomainError as error:
            self.add_error(error.field, error.message)
        return cleaned


class EquityForm(DashboardForm):
    instrument = forms.ChoiceField(label="Outcome measure for change", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = {instrument.code: instrument for instrument in report_instruments()}
        self.fields["instrument"].choices = [(EVERY, "No outcome measure")] + [
            (code, instrument.title) for code, instrument in self.instruments.items()
        ]
        self.fields["instrument"].error_messages["invalid_choice"] = "Choose an outcome measure from the list"

    def clean(self):
        cleaned = super().clean()
        cleaned["instrument_object"] = self.instruments.get(cleaned.get("instrument") or "")
        return cleaned
