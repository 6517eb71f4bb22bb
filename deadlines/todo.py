"""What each role has to do now (the 待办 page): a fixed number of queries whatever the zones.

staff — their zones' months not yet submitted whose due date falls within the last year (from the
zone's first month on record; the month just ended for a zone that has none), returned months with
the reviewer's reason, key projects under construction without last month's progress, and the
enterprises that reported in the year before but not for last month;
reviewer — submitted months waiting, oldest submission first, with the approval deadline;
leader — zones with last month late or months waiting for approval, and the indicators behind
time progress (indicators.statistics.lags_time_progress) at each zone's latest month with data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.periods import previous_month
from indicators import selectors as indicator_selectors
from indicators import statistics
from indicators.models import MonthTransition, ZoneMonth
from projects.models import EnterpriseFigure, Project, ProjectProgress
from zones.models import Action, User, Zone

from .duedates import days_left
from .models import ReturnKind
from .rules import Schedule, submission_dates

Status = ZoneMonth.Status
# How far back unsubmitted months are listed.
WINDOW_MONTHS = 12


def describe_days_left(days: int) -> str:
    """还剩N天 before the due date, 今日截止 on it, 已逾期N天 after."""
    if days > 0:
        return ngettext("还剩%(days)s天", "还剩%(days)s天", days) % {"days": days}
    if days == 0:
        return _("今日截止")
    return ngettext("已逾期%(days)s天", "已逾期%(days)s天", -days) % {"days": -days}


@dataclass
class DueItem:
    zone: Zone
    kind: str
    year: int
    month: int
    due: datetime.date
    days_left: int
    url: str
    status: str = ""
    reason: str = ""  # the reviewer's reason of a returned month
    subject: str = ""  # the project whose progress is due
    subject_id: int | None = None

    @property
    def event(self) -> str:
        """Names the return across days, for reminders sent once per event."""
        return f"{self.kind}:{self.zone.code}:{self.year}-{self.month}" + (f":{self.subject_id}" if self.subject_id else "")

    @property
    def kind_label(self) -> str:
        return ReturnKind(self.kind).label

    @property
    def days_label(self) -> str:
        return describe_days_left(self.days_left)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass
class WaitingMonth:
    zone_month: ZoneMonth
    submitted_on: datetime.date
    deadline: datetime.date
    days_left: int
    url: str

    @property
    def days_label(self) -> str:
        return describe_days_left(self.days_left)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass
class ZoneAttention:
    zone: Zone
    late: list[DueItem] = field(default_factory=list)
    waiting: int = 0
    behind: list[tuple] = field(default_factory=list)  # (indicator, figures)


def recent_months(today: datetime.date, count: int = WINDOW_MONTHS) -> list[tuple[int, int]]:
    """The `count` months ended before today, newest first."""
    months, ym = [], previous_month(today.year, today.month)
    for _month in range(count):
        months.append(ym)
        ym = previous_month(*ym)
    return months


def staff_items(user, today: datetime.date, schedule: Schedule) -> list[DueItem]:
    """Months and key projects' progress `user` has to report, overdue first, then by due date."""
    zones = list(Zone.objects.for_user(user, Action.EDIT))
    if not zones:
        return []
    months = recent_months(today)
    years = {y for y, _m in months}
    by_zone = {z.pk: z for z in zones}
    records = {
        (m.zone_id, m.year, m.month): m
        for m in ZoneMonth.objects.filter(zone_id__in=by_zone, year__in=years)
    }
    first = {}
    for zone_id, year, month in ZoneMonth.objects.filter(zone_id__in=by_zone).order_by("year", "month").values_list("zone_id", "year", "month"):
        first.setdefault(zone_id, (year, month))
    reasons = {}
    returned = MonthTransition.objects.filter(
        zone_month__zone_id__in=by_zone, zone_month__year__in=years, zone_month__status=Status.RETURNED,
        to_status=Status.RETURNED,
    ).order_by("created_at", "id").values_list("zone_month__zone_id", "zone_month__year", "zone_month__month", "reason")
    for zone_id, year, month, reason in returned:
        reasons[(zone_id, year, month)] = reason
    items = []
    for zone in zones:
        starts = min(first.get(zone.pk, months[0]), months[0])
        for year, month in months:
            if (year, month) < starts:
                break
            record = records.get((zone.pk, year, month))
            status = record.status if record else Status.DRAFT
            if status in ZoneMonth.SETTLED_STATUSES:
                continue
            due = schedule.due(ReturnKind.INDICATORS, zone.pk, year, month)
            items.append(DueItem(
                zone=zone, kind=ReturnKind.INDICATORS, year=year, month=month, due=due,
                days_left=days_left(today, due), url=reverse("indicators:entry", args=[zone.code, year, month]),
                status=Status(status).label, reason=reasons.get((zone.pk, year, month), ""),
            ))
    items += _progress_items(zones, months[0], today, schedule)
    items += _enterprise_items(zones, months, today, schedule)
    return sorted(items, key=lambda item: (item.due, item.zone.code, item.subject))


def _progress_items(zones, period, today, schedule) -> list[DueItem]:
    """Key projects under construction without progress for `period` (the month just ended)."""
    year, month = period
    projects = list(Project.objects.filter(zone__in=zones, is_key=True, stage=Project.Stage.STARTED).select_related("zone"))
    reported = set(
        ProjectProgress.objects.filter(project__in=projects, year=year, month=month).values_list("project_id", flat=True)
    )
    items = []
    for project in projects:
        if project.pk in reported:
            continue
        due = schedule.due(ReturnKind.PROGRESS, project.zone_id, year, month)
        items.append(DueItem(
            zone=project.zone, kind=ReturnKind.PROGRESS, year=year, month=month, due=due,
            days_left=days_left(today, due), subject=project.name, subject_id=project.pk,
            url=reverse("projects:progress_edit", args=[project.pk, year, month]),
        ))
    return items


def _enterprise_items(zones, months, today, schedule) -> list[DueItem]:
    """Per zone, the enterprises that reported figures in the year before but not for the month
    just ended: one item with their number."""
    (year, month), earlier = months[0], months[1:]
    by_zone = {z.pk: z for z in zones}
    rows = EnterpriseFigure.objects.filter(enterprise__zone__in=zones, year__in={y for y, _m in months}).values_list(
        "enterprise__zone_id", "enterprise_id", "year", "month")
    reporters, reported = {}, set()
    for zone_id, enterprise_id, y, m in rows:
        if (y, m) == (year, month):
            reported.add(enterprise_id)
        elif (y, m) in earlier:
            reporters.setdefault(zone_id, set()).add(enterprise_id)
    items = []
    for zone_id, enterprises in reporters.items():
        missing = len(enterprises - reported)
        if not missing:
            continue
        zone = by_zone[zone_id]
        due = schedule.due(ReturnKind.ENTERPRISES, zone_id, year, month)
        items.append(DueItem(
            zone=zone, kind=ReturnKind.ENTERPRISES, year=year, month=month, due=due, days_left=days_left(today, due),
            subject=ngettext("%(n)s家企业未报", "%(n)s家企业未报", missing) % {"n": missing},
            url=reverse("projects:enterprise_list") + f"?zone={zone.code}",
        ))
    return items


def review_queue(user, today: datetime.date, schedule: Schedule) -> list[WaitingMonth]:
    """Submitted months of the zones `user` reviews, the oldest submission first."""
    waiting = list(
        ZoneMonth.objects.filter(zone__in=Zone.objects.for_user(user, Action.REVIEW), status=Status.SUBMITTED)
        .select_related("zone")
    )
    if not waiting:
        return []
    submitted = submission_dates({m.zone_id for m in waiting}, {m.year for m in waiting})
    queue = []
    for zone_month in waiting:
        # A month set to submitted without a transition row (admin, old data) waits since its last change.
        on = submitted.get((zone_month.zone_id, zone_month.year, zone_month.month)) or zone_month.updated_at.date()
        deadline = schedule.approval_due(ReturnKind.INDICATORS, zone_month.zone_id, on)
        queue.append(WaitingMonth(
            zone_month=zone_month, submitted_on=on, deadline=deadline, days_left=days_left(today, deadline),
            url=reverse("indicators:review", args=[zone_month.zone.code, zone_month.year, zone_month.month]),
        ))
    return sorted(queue, key=lambda w: (w.submitted_on, w.zone_month.zone.code, w.zone_month.year, w.zone_month.month))


def leader_attention(user, today: datetime.date, schedule: Schedule) -> list[ZoneAttention]:
    """The zones `user` sees that need a word: last month overdue, months waiting for approval,
    indicators behind time progress. Zones with nothing to say are left out."""
    zones = list(Zone.objects.for_user(user, Action.VIEW))
    if not zones:
        return []
    by_zone = {z.pk: ZoneAttention(zone=z) for z in zones}
    year, month = previous_month(today.year, today.month)
    statuses = {
        (m.zone_id, m.year, m.month): m.status
        for m in ZoneMonth.objects.filter(zone_id__in=by_zone, year__in={year, today.year})
    }
    for (_zone_id, _y, _m), status in statuses.items():
        if status == Status.SUBMITTED:
            by_zone[_zone_id].waiting += 1
    for zone in zones:
        due = schedule.due(ReturnKind.INDICATORS, zone.pk, year, month)
        status = statuses.get((zone.pk, year, month), Status.DRAFT)
        if status not in ZoneMonth.SETTLED_STATUSES and due < today:
            by_zone[zone.pk].late.append(DueItem(
                zone=zone, kind=ReturnKind.INDICATORS, year=year, month=month, due=due,
                days_left=days_left(today, due), status=Status(status).label,
                url=reverse("indicators:completeness") + f"?year={year}",
            ))
    _behind(by_zone)
    return [a for a in by_zone.values() if a.late or a.waiting or a.behind]


def _behind(by_zone: dict[int, ZoneAttention]) -> None:
    """Each zone's top-level indicators lagging time progress at its latest month with data."""
    latest = {
        zone_id: indicator_selectors.latest_month(months)
        for zone_id, months in indicator_selectors.months_with_data(list(by_zone)).items()
    }
    latest = {zone_id: ym for zone_id, ym in latest.items() if ym}
    if not latest:
        return
    indicators = [i for i, depth in indicator_selectors.catalogue() if depth == 0]
    table = indicator_selectors.ValueTable.load(list(latest), {y for y, _m in latest.values()} | {y - 1 for y, _m in latest.values()})
    for zone_id, (year, month) in latest.items():
        for indicator in indicators:
            figures = table.figures(zone_id, indicator.pk, year, month)
            if statistics.lags_time_progress(indicator, figures):
                by_zone[zone_id].behind.append((indicator, year, statistics.describe_gap(figures.gap_points), figures.month))


# Which sections each role's 待办 shows; administrators see the reviewers' and the leaders'.
SECTIONS = {
    User.Role.STAFF: ("staff",),
    User.Role.REVIEWER: ("review",),
    User.Role.LEADER: ("leader",),
    User.Role.ADMIN: ("review", "leader"),
}


def todo_for(user, today: datetime.date) -> dict:
    role = User.Role.ADMIN if user.is_administrator else user.role
    sections = SECTIONS.get(role, ())
    schedule = Schedule.load()
    return {
        "staff": staff_items(user, today, schedule) if "staff" in sections else None,
        "review": review_queue(user, today, schedule) if "review" in sections else None,
        "leader": leader_attention(user, today, schedule) if "leader" in sections else None,
    }
