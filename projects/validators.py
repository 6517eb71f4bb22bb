"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

18 characters from a 31-character set (digits and capitals without I, O, S, V, Z); the last
is a check character: with weights 3^i mod 31 for positions 0..16, the check value is
31 − (Σ value × weight mod 31), where 31 wraps to 0.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code_check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code (which must use the charset)."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


# Pasted codes carry separators (91 3201 …, 91-3201-…): these go; anything else is reported.
SEPARATORS = str.maketrans("", "", " \t\u3000\u00a0-\u2010\u2011\u2012\u2013\u2014\uff0d")


def normalise_credit_code(value: str) -> str:
    return (value or "").translate(SEPARATORS).upper()


def _named(char: str) -> str:
    """A character as staff can see it in a message, invisible ones by name."""
    if char.isprintable() and not char.isspace():
        return f"“{char}”"
    return f"U+{ord(char):04X}"


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)s位") % {"n": len(code)}, code="length")
    wrong = sorted({c for c in code if c not in CREDIT_CODE_CHARSET})
    if wrong:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（只用数字和大写字母，不用I、O、S、V、Z）")
            % {"chars": "、".join(_named(c) for c in wrong)},
            code="charset",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位不正确（第18位应为%(expected)s），请核对是否输错") % {"expected": expected},
            code="check",
        )


# A project's stage dates in the order the stages are reached (谋划 ≤ 洽谈 ≤ 签约 ≤ 开工 ≤ 建成 ≤ 投产).
STAGE_DATE_ORDER = ["conceived_on", "negotiating_on", "signed_on", "started_on", "completed_on", "producing_on"]
STAGE_DATE_LABELS = {
    "conceived_on": gettext_lazy("谋划日期"),
    "negotiating_on": gettext_lazy("洽谈日期"),
    "signed_on": gettext_lazy("签约日期"),
    "started_on": gettext_lazy("开工日期"),
    "completed_on": gettext_lazy("建成日期"),
    "producing_on": gettext_lazy("投产日期"),
}


def stage_date_order_errors(values: dict) -> dict[str, str]:
    """{field: message} for each filled stage date earlier than the latest filled date of an earlier stage."""
    errors = {}
    before = None  # (field, date) of the latest earlier stage filled
    for name in STAGE_DATE_ORDER:
        day = values.get(name)
        if day is None:
            continue
        if before is not None and day < before[1]:
            errors[name] = _("%(this)s（%(day)s）不能早于%(that)s（%(that_day)s）") % {
                "this": STAGE_DATE_LABELS[name], "day": day.isoformat(),
                "that": STAGE_DATE_LABELS[before[0]], "that_day": before[1].isoformat(),
            }
        if before is None or day >= before[1]:
            before = (name, day)
    return errors
