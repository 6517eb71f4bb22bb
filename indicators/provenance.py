"""Reads of what a month's figures were when it was submitted or approved, and of which
approvals a document's figures rest on.

A snapshot is {indicator code: [ytd, month value, published growth]}, each a plain decimal
string or None; its fingerprint is the sha256 of its canonical JSON text. Submissions and
approvals store both on their MonthTransition (workflow); the review screen compares the month
with them, and every draft and export lists its approvals through `approvals_for`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from . import statistics
from .models import Indicator, MonthlyValue, MonthTransition, ZoneMonth

Snapshot = dict[str, list[str | None]]
Status = ZoneMonth.Status


def months_figures(zone_id: int, year: int, months) -> dict[int, Snapshot]:
    """The snapshot of each of the months, by month; one query. Empty rows are left out, so a
    cleared figure and one never entered read alike."""
    by_month: dict[int, Snapshot] = defaultdict(dict)
    rows = MonthlyValue.objects.filter(zone_id=zone_id, year=year, month__in=list(months)).values_list(
        "month", "indicator__code", "ytd_value", "month_value", "published_yoy"
    )
    for month, code, *figures in rows:
        if any(value is not None for value in figures):
            by_month[month][code] = [None if value is None else statistics.plain_number(value) for value in figures]
    return dict(by_month)


def month_figures(zone_id: int, year: int, month: int) -> Snapshot:
    return months_figures(zone_id, year, [month]).get(month, {})


def fingerprint(figures: Snapshot) -> str:
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def changed_codes(before: Snapshot, after: Snapshot) -> set[str]:
    return {code for code in before.keys() | after.keys() if before.get(code) != after.get(code)}


def latest(transitions, to_status: str, skip: int = 0) -> MonthTransition | None:
    """The newest transition into `to_status` (after skipping `skip` newer ones), of a month's
    transitions listed newest first."""
    matching = [t for t in transitions if t.to_status == to_status]
    return matching[skip] if len(matching) > skip else None


def review_baselines(zone_month: ZoneMonth, transitions) -> tuple[MonthTransition | None, MonthTransition | None]:
    """(the submission the month is compared with, its last approval). A submitted or approved
    month is its latest submission, so it is compared with the one before; a month being
    corrected is compared with its latest submission."""
    skip = 1 if zone_month.is_locked else 0
    return latest(transitions, Status.SUBMITTED, skip), latest(transitions, Status.APPROVED)


@dataclass(frozen=True)
class FigureChange:
    """One figure of an indicator ("ytd", "month" or "yoy") then and now, formatted."""

    field: str
    old: str
    new: str


FIELDS = ("ytd", "month", "yoy")


def figure_changes(indicator, before: list | None, after: list | None) -> list[FigureChange]:
    """What changed in an indicator's figures between two snapshots. The figure staff entered is
    shown; the column derived from it only when it changed alone (an earlier month's YTD moved)."""
    before, after = before or [None] * 3, after or [None] * 3
    changed = [name for name, old, new in zip(FIELDS, before, after) if old != new]
    entered, derived = ("ytd", "month") if indicator.entered_in_ytd else ("month", "ytd")
    if entered in changed and derived in changed:
        changed.remove(derived)
    decimals = {"ytd": indicator.decimals, "month": indicator.decimals, "yoy": 2}
    figures = {name: (old, new) for name, old, new in zip(FIELDS, before, after)}

    def text(name, value):
        return statistics.format_number(None if value is None else Decimal(value), decimals[name])

    return [FigureChange(name, text(name, figures[name][0]), text(name, figures[name][1])) for name in changed]


# --- which approvals a document rests on ------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    zone: object
    year: int
    month: int
    approver: str
    approved_at: object  # datetime
    fingerprint: str

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]


@dataclass(frozen=True)
class UnbackedFigure:
    """A figure that rests on no approval: its month is not approved (`reason` "unapproved",
    with the month's status), it changed since the month's approval ("modified"), or the approval
    kept no snapshot to check it against ("unrecorded")."""

    year: int
    month: int
    indicator_code: str
    indicator_name: str
    reason: str
    status: str


@dataclass
class Provenance:
    approvals: list[Approval]
    unbacked: list[UnbackedFigure]


def document_months(through: int) -> range:
    """The months a document of month `through` rests on: its YTD figures are month `through`'s,
    and its month values derive from the months before."""
    return range(1, through + 1)


def approvals_for(zone, year: int, months) -> Provenance:
    """The approvals the zone's figures of `months` rest on, and every figure that rests on none.
    A month rests on its latest approval when it is approved and its figures still match that
    approval's fingerprint. Four queries whatever the number of months and figures."""
    months = sorted(set(months))
    statuses = dict(ZoneMonth.objects.filter(zone=zone, year=year, month__in=months).values_list("month", "status"))
    last_approval: dict[int, MonthTransition] = {}
    transitions = MonthTransition.objects.filter(
        zone_month__zone=zone, zone_month__year=year, zone_month__month__in=months, to_status=Status.APPROVED
    ).select_related("user", "zone_month").order_by("-created_at", "-id")
    for transition in transitions:
        last_approval.setdefault(transition.zone_month.month, transition)
    current = months_figures(zone.pk, year, months)
    names = dict(Indicator.objects.values_list("code", "name_zh"))
    order = {code: position for position, code in enumerate(names)}
    approvals, unbacked = [], []
    for month in months:
        figures = current.get(month)
        if not figures:
            continue
        status = statuses.get(month, Status.DRAFT)
        approval = last_approval.get(month)
        if status == Status.APPROVED and approval is not None and approval.fingerprint == fingerprint(figures):
            user = approval.user
            approver = (user.get_full_name() or user.username) if user else "—"
            approvals.append(Approval(zone, year, month, approver, approval.created_at, approval.fingerprint))
            continue
        modified = changed_codes(approval.figures, figures) if approval is not None and approval.fingerprint else set()
        for code in sorted(figures, key=lambda c: order.get(c, len(order))):
            if code in modified:
                reason = "modified"
            elif status != Status.APPROVED:
                reason = "unapproved"
            elif approval is None or not approval.fingerprint:
                reason = "unrecorded"
            else:
                continue  # unchanged since the approval (another figure of the month changed)
            unbacked.append(UnbackedFigure(year, month, code, names.get(code, code), reason, status))
    return Provenance(approvals, unbacked)


# --- the checklist documents print ---------------------------------------------------------------
# Drafts and exports are Chinese documents whatever the UI language.

APPROVAL_COLUMNS = ["开发区", "月份", "审核人", "审核时间", "数据指纹"]
UNBACKED_COLUMNS = ["月份", "指标", "原因"]
REASONS = {"unapproved": "未经审核（{status}）", "modified": "审核通过后已修改", "unrecorded": "审核未留存数据指纹"}


def approval_cells(approval: Approval) -> list[str]:
    """An approval as every checklist prints it: zone, month, approver, time, fingerprint's first 12 hex."""
    return [
        approval.zone.name,
        f"{approval.year}年{approval.month}月",
        approval.approver,
        timezone.localtime(approval.approved_at).strftime("%Y-%m-%d %H:%M"),
        approval.short_fingerprint,
    ]


def unbacked_cells(figure: UnbackedFigure) -> list[str]:
    with translation.override("zh-hans"):
        status = str(Status(figure.status).label)
    return [f"{figure.year}年{figure.month}月", figure.indicator_name, REASONS[figure.reason].format(status=status)]
