"""Measures for the GB/T 9704 layout, in character widths ("em" of the font size): where a title
breaks, how wide a table's columns are, how far 落款 and 成文日期 stand from the right margin.

Self-contained (no Django, no python-docx), like docx_builder which uses it. Chinese characters
and full-width punctuation are one em; digits, Latin letters and ASCII punctuation half an em, as
宋体 and 仿宋 draw them.
"""

from __future__ import annotations

import datetime
import re

# A date stays on one line: "2026年", "2026年9月", "（2026年1-9月）", "2026年12月7日".
_UNBREAKABLE = re.compile(r"（?\d{4}年(?:\d{1,2}(?:-\d{1,2})?月(?:\d{1,2}日)?)?）?|[A-Za-z0-9.%]+")
# A cell's own margins (Word's default 0.19 cm each side) and room for a bold header, in points.
CELL_PADDING_PT = 12.0


def em_width(text: str) -> float:
    return sum(0.5 if ord(char) < 0x2000 else 1.0 for char in text)


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    for match in _UNBREAKABLE.finditer(text):
        tokens += list(text[position:match.start()])
        tokens.append(match.group())
        position = match.end()
    return tokens + list(text[position:])


def title_lines(title: str, line_em: float) -> list[str]:
    """The title in as few lines as hold it, broken only where no date is split, preferably
    before "（" or a year (after the zone's name), lines as even as possible (GB/T 9704 7.3.3: 回行时词意完整，
    排列对称)."""
    if em_width(title) <= line_em:
        return [title]
    tokens = _tokens(title)
    count = len(tokens)
    # Widths of the tokens before each position, so any run's width is one subtraction.
    before = [0.0]
    for token in tokens:
        before.append(before[-1] + em_width(token))
    # From the last token back, the best break of each tail (a title as long as a hostile name
    # must not be searched anew from every line): where its first line ends, and its line count.
    ends, lines = [count] * (count + 1), [1] * (count + 1)
    for start in range(count - 1, -1, -1):
        if before[count] - before[start] <= line_em:
            continue
        best = None
        for cut in range(start + 1, count):
            head = before[cut] - before[start]
            if head > line_em:
                break
            preferred = tokens[cut][0] == "（" or tokens[cut][0].isdigit()
            key = (lines[cut], not preferred, abs(head - (before[ends[cut]] - before[cut])))
            if best is None or key < best[0]:
                best = (key, cut)
        if best is not None:
            ends[start], lines[start] = best[1], 1 + lines[best[1]]
    result, start = [], 0
    while start < count:
        result.append("".join(tokens[start:ends[start]]))
        start = ends[start]
    return result


def _natural_widths(columns: list[str], rows: list[list[str]], size_pt: float) -> list[float]:
    """Each column as wide as its widest cell (header included), in points."""
    return [
        max(em_width(text) for text in [header, *(row[index] for row in rows)]) * size_pt + CELL_PADDING_PT
        for index, header in enumerate(columns)
    ]


def column_widths(columns: list[str], rows: list[list[str]], size_pt: float, available_pt: float) -> list[float] | None:
    """Widths in points at which no header, name or figure wraps, the spare room shared in
    proportion; None when they do not fit in `available_pt`."""
    natural = _natural_widths(columns, rows, size_pt)
    total = sum(natural)
    if total > available_pt:
        return None
    return [width * available_pt / total for width in natural]


def narrowed_widths(columns: list[str], rows: list[list[str]], size_pt: float, available_pt: float) -> list[float]:
    """When even the widest page cannot hold every column: the figures keep their widths and the
    first column (the names) takes what is left, wrapping there and only there."""
    figures = _natural_widths(columns, rows, size_pt)[1:]
    return [max(available_pt - sum(figures), em_width(columns[0]) * size_pt + CELL_PADDING_PT), *figures]


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, months and days not padded (GB/T 9704 7.3.5.1): 2026年12月7日."""
    return f"{day.year}年{day.month}月{day.day}日"


def signature_indents(issuer: str, dated: str, line_em: float) -> tuple[tuple[str, float], tuple[str, float]]:
    """Where 落款 and 成文日期 stand on a document without a seal (GB/T 9704 7.3.5.2), each as
    (side, characters in from that side): the issuer two characters in from the right, the date on
    the next line starting two characters right of the issuer's first; a date longer than that
    stands two characters in and moves the issuer left. Each line is placed from the side of its
    Chinese text, whose width is sure: digits beside Chinese are spaced by the word processor."""
    issuer_start = line_em - 2 - em_width(issuer)
    if em_width(dated) <= em_width(issuer) - 2:
        return ("right", 2.0), ("left", issuer_start + 2)
    date_start = line_em - 2 - em_width(dated)
    return ("left", max(date_start - 2, 0.0)), ("right", 2.0)
