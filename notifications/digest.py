"""The leaders' weekly digest: the zones they see that need a word (last month late, months
waiting for approval, indicators behind time progress: deadlines.todo.leader_attention, the same
as their 待办), once per ISO week, in the app and by email unless they turned it off."""

from __future__ import annotations

import datetime
import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from deadlines.rules import Schedule
from deadlines.todo import ZoneAttention, leader_attention
from zones.models import User

from .services import notify, wants_digest

logger = logging.getLogger(__name__)


def digest_key(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"digest:{year}-W{week:02d}"


def _zone_line(attention: ZoneAttention) -> str:
    parts = [
        _("%(y)s年%(m)s月数据未按期报送（%(days)s）") % {"y": item.year, "m": item.month, "days": item.days_label}
        for item in attention.late
    ]
    if attention.waiting:
        parts.append(ngettext("%(n)s个月待审核", "%(n)s个月待审核", attention.waiting) % {"n": attention.waiting})
    if attention.behind:
        parts.append(_("落后序时进度：") + "、".join(
            _("%(indicator)s（截至%(m)s月%(gap)s）") % {"indicator": indicator.name_zh, "m": month, "gap": gap}
            for indicator, _year, gap, month in attention.behind
        ))
    return f"{attention.zone.name}：" + "；".join(parts) + "。"


def digest_text(attentions: list[ZoneAttention]) -> tuple[str, str]:
    """(title, body) of a digest of these zones."""
    title = ngettext("每周摘要：%(n)s个开发区需要关注", "每周摘要：%(n)s个开发区需要关注", len(attentions)) % {"n": len(attentions)}
    return title, "\n".join(_zone_line(attention) for attention in attentions)


def send_digests(today: datetime.date) -> int:
    """This week's digest for every active leader who takes it and has something to read in it;
    how many were new. One leader's failure is logged and the others still get theirs."""
    schedule, key, sent = Schedule.load(), digest_key(today), 0
    with override("zh-hans"):
        for user in User.objects.filter(is_active=True, role=User.Role.LEADER):
            try:
                if not wants_digest(user):
                    continue
                attentions = leader_attention(user, today, schedule)
                if not attentions:
                    continue
                title, body = digest_text(attentions)
                if notify(user, key, title, body, url=reverse("deadlines:todo")):
                    sent += 1
            except Exception:  # noqa: BLE001 - one leader's digest must not stop the others'
                logger.exception("Digest for %s not made", user)
    return sent
