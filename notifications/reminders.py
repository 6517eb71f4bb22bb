"""The reminder run (daily, from the scheduler): for every active staff user each return due
within its rule's remind_days_before, on its due day, and once overdue; for every reviewer each
month waiting past its approval deadline. Each event is notified once (services.notify), so the
run may be repeated or missed for a day without sending anything twice."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import override

from deadlines.rules import Schedule
from deadlines.todo import review_queue, staff_items
from zones.models import User

from .services import notify


def _stage(item, schedule) -> str | None:
    if item.days_left < 0:
        return "overdue"
    if item.days_left == 0:
        return "due-today"
    if item.days_left <= schedule.rule(item.kind, item.zone.pk).remind_days_before:
        return "due-soon"
    return None


def _title(item, stage) -> str:
    what = _("%(zone)s %(year)s年%(month)s月%(kind)s") % {
        "zone": item.zone.name, "year": item.year, "month": item.month,
        "kind": item.kind_label + (f"（{item.subject}）" if item.subject else ""),
    }
    if stage == "overdue":
        return _("%(what)s已逾期，截止日期为%(due)s") % {"what": what, "due": item.due.isoformat()}
    if stage == "due-today":
        return _("%(what)s今日截止") % {"what": what}
    return _("%(what)s将于%(due)s截止（%(left)s）") % {"what": what, "due": item.due.isoformat(), "left": item.days_label}


def send_reminders(today: datetime.date) -> int:
    """Notify what is due for `today`; how many notifications were new."""
    schedule = Schedule.load()
    sent = 0
    # Reminders are written in the interface's default language (Chinese).
    with override("zh-hans"):
        for user in User.objects.filter(is_active=True, role=User.Role.STAFF):
            for item in staff_items(user, today, schedule):
                stage = _stage(item, schedule)
                if stage and notify(user, f"{stage}:{item.event}", _title(item, stage), url=item.url):
                    sent += 1
        for user in User.objects.filter(is_active=True, role=User.Role.REVIEWER):
            for waiting in review_queue(user, today, schedule):
                if not waiting.overdue:
                    continue
                month = waiting.zone_month
                # A resubmission is a new wait: its date is part of the event.
                key = f"approval-overdue:{month.zone.code}:{month.year}-{month.month}:{waiting.submitted_on.isoformat()}"
                title = _("%(zone)s %(year)s年%(month)s月待审核已超过审核时限（%(deadline)s）") % {
                    "zone": month.zone.name, "year": month.year, "month": month.month, "deadline": waiting.deadline.isoformat(),
                }
                if notify(user, key, title, url=waiting.url):
                    sent += 1
    return sent
