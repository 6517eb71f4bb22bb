"""Form fields every app shares."""

from django import forms
from django.db import models

from .numbers import NotANumber, parse_number


class NumberField(forms.DecimalField):
    """A decimal read as people type it (core.numbers.parse_number: "1,234.5", full-width digits),
    the same rule as imports; more decimals than the field keeps are refused by its validator."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                value = parse_number(value)
            except NotANumber:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


def number_formfield(model_field: models.Field, **kwargs):
    """ModelForm.formfield_callback: decimal columns as NumberField."""
    if isinstance(model_field, models.DecimalField):
        kwargs.setdefault("form_class", NumberField)
    return model_field.formfield(**kwargs)
