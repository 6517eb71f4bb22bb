"""The models' CheckConstraints evaluated on the instance, where Django would send a query per
constraint (Q.check) on every full_clean: a form's save validated each one twice. A condition
that only the database can evaluate is still sent there."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q


class _NotInMemory(Exception):
    """A condition using lookups or expressions that only the database evaluates."""


_COMPARISONS = {
    "exact": lambda a, b: a == b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b, "in": lambda a, b: a in b,
}


def _check_condition(record, condition) -> bool | None:
    """A CheckConstraint's condition on an unsaved record, with SQL's three-valued logic
    (None is unknown: a constraint fails only when its condition is False)."""
    if isinstance(condition, Q):
        results = [_check_condition(record, child) for child in condition.children]
        if condition.connector == Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return (None if value is None else not value) if condition.negated else value
    lookup, expected = condition
    name, _sep, operator = lookup.partition("__")
    operator = operator or "exact"
    try:
        actual = getattr(record, record._meta.get_field(name).attname)
        if isinstance(expected, F):
            expected = getattr(record, record._meta.get_field(expected.name).attname)
    except FieldDoesNotExist:
        raise _NotInMemory from None
    if hasattr(expected, "resolve_expression") or (operator not in _COMPARISONS and operator != "isnull"):
        raise _NotInMemory
    if operator == "isnull":
        return (actual is None) == expected
    if actual is None or expected is None:
        return None
    return _COMPARISONS[operator](actual, expected)


def _condition_fields(condition) -> list[str]:
    if isinstance(condition, Q):
        return [name for child in condition.children for name in _condition_fields(child)]
    return [condition[0].split("__")[0]]


def check_constraints(record) -> None:
    """The model's CheckConstraints, in memory where possible (unique ones are checked per batch).

    A failure is reported on the first field its condition names, so an import can point at
    the column (an amount's sign, the later of two dates)."""
    errors = {}
    for constraint in record._meta.constraints:
        if isinstance(constraint, CheckConstraint) and not _holds(record, constraint):
            field = _condition_fields(constraint.condition)[0]
            errors.setdefault(field, []).append(constraint.get_violation_error_message())
    if errors:
        raise ValidationError(errors)


def _holds(record, constraint: CheckConstraint) -> bool:
    """Whether `record` meets `constraint`: in memory, else (a condition only the database
    evaluates) by the database."""
    try:
        return _check_condition(record, constraint.condition) is not False
    except _NotInMemory:
        try:
            constraint.validate(type(record), record)
        except ValidationError:
            return False
        return True


class ConstraintsInMemory:
    """Model mixin: validate_constraints as Django's (messages and where they are reported), with
    the CheckConstraints evaluated in memory."""

    def validate_constraints(self, exclude=None):
        errors = {}
        for constraint in self._meta.constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    _validate_check(self, constraint, exclude)
                else:
                    constraint.validate(type(self), self, exclude=exclude, using=router.db_for_write(type(self), instance=self))
            except ValidationError as error:
                if error.code == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def _validate_check(record, constraint, exclude) -> None:
    if exclude and set(_condition_fields(constraint.condition)) & set(exclude):
        return  # as Django: a condition on an excluded field is not checked
    if not _holds(record, constraint):
        raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
