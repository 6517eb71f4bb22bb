"""Numbers as people type them, read by one rule in forms and imports alike."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# 1,234,567.5 and 1 234 567.5: separators only between groups of three digits ("1,5" is not 15).
GROUPED = re.compile(r"[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?")


class NotANumber(ValueError):
    pass


def parse_number(text: str) -> Decimal:
    """"1234.5", "1,234.5", "１２３４．５" (full-width, as Chinese input methods type it), "1 234.5".
    Raises NotANumber for anything else, infinities and NaN included."""
    cell = unicodedata.normalize("NFKC", text).strip().replace("\u00a0", " ")
    if GROUPED.fullmatch(cell):
        cell = cell.replace(",", "").replace(" ", "")
    try:
        number = Decimal(cell)
    except InvalidOperation:
        raise NotANumber(text) from None
    if not number.is_finite():
        raise NotANumber(text)
    return number


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def typed_places(number: Decimal | None) -> int | None:
    """Decimals as typed, trailing zeros included: "8.0" has 1, "171" 0, "7.50" 2. Unlike
    decimal_places, which counts what a value needs, this keeps how it was published."""
    if number is None:
        return None
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else None
