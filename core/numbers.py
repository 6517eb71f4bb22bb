"""Numbers as people type them, read by one rule in forms and imports alike."""

import re
import unicodedata
from decimal import Decimal

# 1,234,567.5 and 1 234 567.5: separators only between groups of three digits ("1,5" is not 15).
GROUPED = re.compile(r"[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?")
# Digits with an optional point and sign, nothing else: Python's Decimal would also take "6_2"
# (62), "1e3", "NaN" and "Infinity", which nobody types as a figure.
PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class NotANumber(ValueError):
    pass


def parse_number(text: str) -> Decimal:
    """"1234.5", "1,234.5", "１２３４．５" (full-width, as Chinese input methods type it), "1 234.5".
    Raises NotANumber for anything else: underscores, exponents, infinities and NaN included."""
    # NFKC leaves ASCII as it is (and turns a no-break space into a space): an import's
    # 100,000 cells skip it, and the grouping pattern when there is no separator.
    cell = (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()
    if ("," in cell or " " in cell) and GROUPED.fullmatch(cell):
        cell = cell.replace(",", "").replace(" ", "")
    if not PLAIN.fullmatch(cell):
        raise NotANumber(text)
    return Decimal(cell)


def decimal_places(number: Decimal) -> int:
    return _places(number.normalize())


def typed_places(number: Decimal | None) -> int | None:
    """Decimals as typed, trailing zeros included: "8.0" has 1, "171" 0, "7.50" 2. Unlike
    decimal_places, which counts what a value needs, this keeps how it was published."""
    if number is None or not number.is_finite():
        return None
    return _places(number)


def _places(number: Decimal) -> int:
    """Digits after the point of a finite Decimal: -exponent, read from its text, which is
    several times cheaper than as_tuple() (an import counts them for every cell)."""
    text = str(number)  # "7.50", "171", or scientific ("1E+3", "1.5E-7") for large exponents
    if "E" in text:
        return max(0, -number.as_tuple().exponent)
    point = text.find(".")
    return 0 if point < 0 else len(text) - point - 1
