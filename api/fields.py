"""Serializer fields the API shares: decimals read by the forms' rule, written as plain text."""

from decimal import Decimal

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.forms import NumberField
from indicators import statistics

# nullable is added by drf-spectacular where the field allows null.
DECIMAL_SCHEMA = {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "example": "22.32"}


@extend_schema_field(DECIMAL_SCHEMA)
class Number(serializers.Field):
    """A decimal as text ("22.32"); in input also a JSON number. Read by core.forms.NumberField,
    the entry form's and the imports' rule (full-width digits, grouping, too many decimals refused)
    and kept as typed, so "8.0" stays 8.0."""

    def __init__(self, max_digits=20, decimal_places=4, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)
        self.form_field = NumberField(max_digits=max_digits, decimal_places=decimal_places, required=False, localize=False)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            raise serializers.ValidationError(self.form_field.error_messages["invalid"], code="invalid")
        try:
            return self.form_field.clean(str(data))
        except forms.ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.error_list[0].code or "invalid") from None

    def validate_empty_values(self, data):
        if data == "":
            return True, None
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return statistics.plain_number(Decimal(value))


def column_number(model, name: str, **kwargs) -> Number:
    """A Number sized as the model's decimal column `name`: its size is declared there only."""
    column = model._meta.get_field(name)
    return Number(max_digits=column.max_digits, decimal_places=column.decimal_places, **kwargs)


@extend_schema_field(DECIMAL_SCHEMA)
class Computed(serializers.Field):
    """A computed figure (a rate, a projection) rounded to four decimals; read-only."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        return statistics.plain_number(statistics.quantize(Decimal(value), 4))
