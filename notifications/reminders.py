"""The reminder run (daily, from the scheduler or the app itself: jobs.periodic): for every active
staff user each return due within its rule's remind_days_before, on its due day, and once overdue;
for every reviewer each month waiting past its approval deadline; for every leader a weekly digest
(digest.py). Each event is notified once (services.notify), so the run may be repeated or missed
for a day without sending anything twice. Each notification is made on its own: one that fails is
logged and the run goes on to the others; emails that failed before are sent again at the end."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from deadlines.rules import Schedule
from deadlines.todo import review_queue, staff_items
from zones.models import User

from .digest import send_digests
from .services import notify, send_pending_emails

logger = logging.getLogger(__name__)


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


def _notify_each(events) -> int:
    """Each (user, event key, title, url) notified on its own; how many were new. A failure is
    logged and the others still go."""
    sent = 0
    for user, key, title, url in events:
        try:
            if notify(user, key, title, url=url):
                sent += 1
        except Exception:  # noqa: BLE001 - one bad item must not stop everyone else's reminders
            logger.exception("Reminder %s for %s not made", key, user)
    return sent


def _staff_events(today, schedule):
    for user in User.objects.filter(is_active=True, role=User.Role.STAFF):
        for item in staff_items(user, today, schedule):
            stage = _stage(item, schedule)
            if stage:
                yield user, f"{stage}:{item.event}", _title(item, stage), item.url


def _reviewer_events(today, schedule):
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
            yield user, key, title, waiting.url


def send_reminders(today: datetime.date) -> int:
    """Notify what is due for `today`; how many notifications were new."""
    schedule = Schedule.load()
    # Reminders are written in the interface's default language (Chinese).
    with override("zh-hans"):
        return _notify_each(_staff_events(today, schedule)) + _notify_each(_reviewer_events(today, schedule))


@dataclass
class ReminderRun:
    reminders: int
    digests: int
    emails_sent: int
    emails_failed: int


def run_reminders(today: datetime.date) -> ReminderRun:
    """The whole daily run: reminders, leaders' digests, then the emails still to send."""
    reminders = send_reminders(today)
    digests = send_digests(today)
    sent, failed = send_pending_emails()
    return ReminderRun(reminders, digests, sent, failed)


def reminder_message(run: ReminderRun) -> str:
    message = _("新发送%(n)s条提醒、%(d)s份每周摘要，发出%(e)s封邮件。") % {
        "n": run.reminders, "d": run.digests, "e": run.emails_sent}
    if run.emails_failed:
        message += _("%(f)s封邮件发送失败，将在下次运行时重试（管理后台“提醒”中可查看原因）。") % {"f": run.emails_failed}
    return message
