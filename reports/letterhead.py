"""What a document says of who sends it and when: 落款 and 成文日期 of the year-end draft, the
head of the 月报 (第N期, 报送单位, date). The date is the one staff set for the document, today
by default."""

from __future__ import annotations

import datetime

from core import clock

from .docx_builder import Masthead, Signature
from .models import ReportStyle


def briefing_issue(month: int) -> int:
    """第N期 of a month's 月报: the year's briefings in order, January and February one issue (1-2月
    are reported together), so every download of a month carries the same number."""
    return max(month - 1, 1)


def signature(style: ReportStyle, dated: datetime.date | None = None) -> Signature:
    return Signature(style.signed_by, dated or clock.today())


def masthead(style: ReportStyle, month: int, dated: datetime.date | None = None) -> Masthead:
    return Masthead(briefing_issue(month), style.signed_by, dated or clock.today())
