"""Form pieces shared across apps, shaped for the NHS.UK design system."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = ("day", "month", "year")


class DatePartsWidget(forms.MultiWidget):
    """Three boxes (day, month, year), as the NHS.UK date input asks for."""

    def __init__(self, attrs=None):
        super().__init__(widgets={part: forms.TextInput for part in DATE_PARTS}, attrs=attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year, with messages that say which part is wrong."""

    widget = DatePartsWidget

    def __init__(self, *, label, **kwargs):
        parts = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=parts, require_all_fields=False, label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"

    def compress(self, data_list):
        values = [(value or "").strip() for value in (data_list or [])]
        if not any(values):
            # Spaces alone pass Django's own "required" check, which sees the parts before stripping.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [part for part, value in zip(DATE_PARTS, values, strict=True) if not value]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and a '.join(missing)}", code="incomplete")
        # isascii: str.isdigit also accepts superscripts and other scripts' digits, which int() refuses.
        if not all(value.isascii() and value.isdigit() for value in values):
            raise ValidationError(f"{self.label} must be a real date, in numbers", code="invalid")
        if len(values[2]) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        if len(values[0]) > 2 or len(values[1]) > 2:
            raise ValidationError(f"{self.label} must be a real date", code="invalid")
        day, month, year = (int(value) for value in values)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date", code="invalid") from None
