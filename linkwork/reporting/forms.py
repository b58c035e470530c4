"""What the report forms share: the period, a preset chosen in one click or dates typed in (issue 20, point 4)."""

from django import forms
from django.utils import timezone

from .periods import CUSTOM, SINCE_START, Period, presets

CUSTOM_NAME = "Dates you choose"


class PeriodChoiceMixin:
    """Adds `period` to a form whose period is two DatePartsFields (`date_fields`: start, end).

    A preset fills both dates from today and the typed ones are neither read nor checked. Without a
    period (an older link, a bookmarked query) typed dates mean "dates you choose" and none mean since
    the service began, as before presets existed.
    """

    date_fields: tuple[str, str]

    def add_period_field(self) -> None:
        self.periods = {period.key: period for period in presets(timezone.localdate())}
        self.fields["period"] = forms.ChoiceField(
            label="Period",
            required=False,
            choices=[(key, period.name) for key, period in self.periods.items()] + [(CUSTOM, CUSTOM_NAME)],
            error_messages={"invalid_choice": "Choose a period from the list"},
        )
        if self.chosen_period in self.periods:
            for name in self.date_fields:
                self.fields[name].disabled = True

    @property
    def chosen_period(self) -> str:
        chosen = self.data.get("period") or ""
        if chosen:
            return chosen
        typed = any(value for key, value in self.data.items() if key.startswith(self.date_fields))
        return CUSTOM if typed else SINCE_START

    def clean_period(self) -> str:
        """Runs after the date fields (it is the last field), so it can put the preset's dates in their place."""
        chosen = self.chosen_period
        period = self.periods.get(chosen)
        if period is not None:
            start, end = self.date_fields
            self.cleaned_data[start], self.cleaned_data[end] = period.start, period.end
        return chosen

    def period_items(self, custom_html: str) -> list[dict]:
        """The NHS.UK radios' items: each preset with its dates as the hint, then the typed dates."""
        chosen = self.chosen_period
        items = [
            {"value": key, "text": period.name, "hint": {"text": period.dates}, "checked": key == chosen}
            for key, period in self.periods.items()
        ]
        items.append(
            {
                "value": CUSTOM,
                "text": CUSTOM_NAME,
                "checked": chosen == CUSTOM,
                "conditional": {"html": custom_html},
            }
        )
        return items

    def period_described(self) -> str:
        """The period of a valid form in words, for the figures' heading and the PDF."""
        start, end = (self.cleaned_data.get(name) for name in self.date_fields)
        dates = Period(CUSTOM, CUSTOM_NAME, start, end).dates
        chosen = self.periods.get(self.cleaned_data.get("period"))
        return dates if chosen is None else f"{chosen.name} ({dates[0].lower()}{dates[1:]})"
