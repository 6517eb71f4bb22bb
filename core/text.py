"""One rule for the text people type, and what each document format can hold.

At the door (every channel: forms, imports, API, admin, through the model fields below or
`clean_text`): control characters are refused, except tab and newline; a pasted carriage return
or Word's manual line break (U+000B) becomes a newline where a newline is allowed; one-line
fields (names, codes) refuse newlines. At the exit (`printable`), every document writer drops what
its format cannot hold, so a row stored before the rule never stops a document.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates (a
# JSON "\ud800" decodes to one, and no database encoding stores it); the non-characters
# U+FFFE and U+FFFF. Nobody types them on purpose, and XML (Word, Excel) holds none of the C0 ones.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot hold: dropped by every document writer.
NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Line breaks as pasted text brings them: Windows, old Mac, Word's manual break, Unicode's own.
LINE_BREAKS = re.compile("\r\n?|[\x0b\u2028\u2029]")
NEWLINES = re.compile("[\n\r\x0b\x85\u2028\u2029]")

# A text field (notes, section texts, comments) holds at most this many characters.
PROSE_MAX_LENGTH = 10_000


def _named(field) -> str:
    return f"“{field}”" if field else _("文字")


def clean_text(value: str, *, multiline: bool, field=None) -> str:
    """`value` with its line breaks made newlines (multi-line text), or ValidationError naming
    `field` (its label) and the characters refused."""
    if multiline:
        value = LINE_BREAKS.sub("\n", value)
    elif NEWLINES.search(value):
        raise ValidationError(_("%(field)s只能填写一行，不能包含换行"), code="newline", params={"field": _named(field)})
    refused = sorted(set(REFUSED.findall(value)))
    if refused:
        raise ValidationError(
            _("%(field)s含有不可见的控制字符（%(chars)s），请删除后再保存"), code="control_character",
            params={"field": _named(field), "chars": "、".join(f"U+{ord(c):04X}" for c in refused)},
        )
    return value


def printable(value: str) -> str:
    """`value` without the characters a document (.docx, .xlsx, email header) cannot hold."""
    return NOT_PRINTABLE.sub("", value)


def one_line(value: str) -> str:
    """`value` printable on one line (an email subject): line breaks become spaces."""
    return printable(NEWLINES.sub(" ", value))


def _clean_then_validate(field, value, model_instance, *, multiline: bool):
    """Field.clean with the text rule between conversion and validation: its message comes first
    (a control character is named as such, not as a wrong length or format), and the validators
    see the text with its line breaks made newlines. Not in to_python, which also prepares query
    values: a search for a pasted name must not fail."""
    value = field.to_python(value)
    if value is not None:
        value = clean_text(value, multiline=multiline, field=field.verbose_name)
    field.validate(value, model_instance)
    field.run_validators(value)
    return value


class LineField(models.CharField):
    """A one-line text (a name, a code): the text rule, no newline.

    Python-level behaviour only: its migrations see the CharField it is (see deconstruct)."""

    def clean(self, value, model_instance):
        return _clean_then_validate(self, value, model_instance, multiline=False)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class ProseField(models.TextField):
    """A text of one or more paragraphs (a note, a section's text): the text rule, newlines kept,
    at most PROSE_MAX_LENGTH characters. Python-level behaviour only, like LineField."""

    default_validators = [MaxLengthValidator(PROSE_MAX_LENGTH)]

    def clean(self, value, model_instance):
        return _clean_then_validate(self, value, model_instance, multiline=True)

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": PROSE_MAX_LENGTH, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


def field_text(model, name: str, value: str | None) -> str:
    """`value` for `model`'s text field `name`, by that field's rule and with its label: for the
    services that write a text without the model's full_clean. ValidationError keyed by `name`."""
    value = (value or "").strip()
    if not value:
        return value
    field = model._meta.get_field(name)
    try:
        return field.clean(value, None).strip()
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None
