"""Marks around a figure inside a block's text: that figure alone is highlighted (one not yet
approved), never its whole paragraph. No Django, like docx_builder, which uses them."""

import re

# Around a figure in the text given to a Paragraph or a Heading's body: that figure alone is
# highlighted (a figure not yet approved). The blocks keep the text without them, and the spans.
MARK_START, MARK_END = "\ue000", "\ue001"
_MARKS = re.compile(f"{MARK_START}(.*?){MARK_END}", re.S)

Spans = tuple[tuple[int, int], ...]


def mark(text: str) -> str:
    return f"{MARK_START}{text}{MARK_END}" if text else text


def unmark(text: str) -> tuple[str, Spans]:
    """The text without marks, and the (start, end) of each marked piece in it."""
    plain, spans, last = [], [], 0
    for found in _MARKS.finditer(text):
        plain.append(text[last:found.start()])
        start = sum(map(len, plain))
        plain.append(found.group(1))
        spans.append((start, start + len(found.group(1))))
        last = found.end()
    plain.append(text[last:])
    return "".join(plain).replace(MARK_START, "").replace(MARK_END, ""), tuple(spans)


def segments(text: str, spans: Spans, marked: bool = False) -> list[tuple[str, bool]]:
    """The text in pieces, each with whether it is highlighted (all of it when `marked`)."""
    if marked or not spans:
        return [(text, marked)] if text else []
    pieces, last = [], 0
    for start, end in spans:
        pieces += [(text[last:start], False), (text[start:end], True)]
        last = end
    pieces.append((text[last:], False))
    return [(piece, flag) for piece, flag in pieces if piece]
