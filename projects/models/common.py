"""What the record models share: decimal sizes and the constraint builders."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

AMOUNT = {"max_digits": 16, "decimal_places": 4}
AREA = {"max_digits": 12, "decimal_places": 2}


def at_least(limit, message) -> list:
    """A field's lower bound as its validator, so every channel names the field; the table's
    CHECK constraint of the same rule guards the database."""
    return [MinValueValidator(limit, message=message)]


def non_negative(field: str, name: str, message):
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=name, violation_error_message=message)


def not_before(later: str, earlier: str, name: str, message):
    """`later` is empty, `earlier` is empty, or later >= earlier."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )
