"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

18 characters from a 31-character set (digits and capitals without I, O, S, V, Z); the last
is a check character: with weights 3^i mod 31 for positions 0..16, the check value is
31 − (Σ value × weight mod 31), where 31 wraps to 0.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code_check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code (which must use the charset)."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper()


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)s位") % {"n": len(code)}, code="length")
    wrong = sorted({c for c in code if c not in CREDIT_CODE_CHARSET})
    if wrong:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、S、V、Z）") % {"chars": "、".join(wrong)},
            code="charset",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位不正确（第18位应为%(expected)s），请核对是否输错") % {"expected": expected},
            code="check",
        )
