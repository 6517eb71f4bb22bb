"""Review of zone-months: the month's review panel, its transitions, the completeness
overview and the month-level export in the layout zone offices send upward."""

import datetime
from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core import clock
from core.periods import year_in_query
from dataio.files import escape_cell, escaped
from zones.access import require_rights, zone_for_user
from zones.models import Action, Zone

from . import provenance, selectors, statistics, workflow
from . import submission as month_rules
from .models import ZoneMonth


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    # The month's version the reviewer looked at: a decision without it, or on figures changed
    # since, is refused (review_transition).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


def _review_cells(row: selectors.SheetRow) -> dict[str, str]:
    """Display strings of one indicator's figures, all computed by the statistics module."""
    figures, indicator = row.figures, row.indicator
    gap = figures.gap_points if statistics.tracks_time_progress(indicator, figures) else None
    return {
        "month_value": statistics.format_number(figures.month_value, indicator.decimals),
        "month_value_note": figures.month_value_note,
        "ytd_value": statistics.format_number(figures.ytd_value, indicator.decimals),
        "ytd_value_note": figures.ytd_note,
        "yoy": statistics.format_percent(figures.yoy_growth),
        "yoy_published": figures.yoy_is_published,
        "completion": statistics.format_percent(figures.completion),
        "gap": statistics.describe_gap(gap),
        "gap_class": "" if gap is None else ("ahead" if gap >= 0 else "behind"),
        "mom": statistics.format_percent(figures.mom_growth),
        "month_yoy": statistics.format_percent(figures.month_yoy_growth),
    }


@require_GET
def review_month(request, zone, year, month):
    """The month as the reviewer decides on it: every indicator's figures, the warnings staff
    confirmed, their comments, what changed since the last submission and since the last
    approval; the decision at the bottom. A fixed number of queries whatever the catalogue."""
    zone = zone_for_user(request.user, zone, Action.VIEW)
    zone_month = selectors.zone_month(zone, year, month)
    transitions = list(zone_month.transitions.select_related("user")) if zone_month.pk else []
    sheet = selectors.review_sheet(zone, zone_month, transitions)
    # Indicators left empty wait behind one line (其余N项未填), so a month with three figures is three rows.
    rows = [{"review": row, "cells": _review_cells(row.sheet)} for row in sheet if not row.is_empty]
    submission, approval = provenance.review_baselines(zone_month, transitions)
    actions = workflow.allowed_actions(zone_month, request.user, transitions)
    return render(request, "indicators/review_month.html", {
        "zone": zone,
        "year": year,
        "month": month,
        "zone_month": zone_month,
        "transitions": transitions,
        "rows": rows,
        "empty": [row.sheet.indicator for row in sheet if row.is_empty],
        "submission": submission,
        "approval": approval,
        "changed": sum(1 for row in rows if row["review"].since_submission),
        "modified": sum(1 for row in rows if row["review"].since_approval),
        "warnings": sum(len(row["review"].warnings) for row in rows),
        "time_progress": statistics.format_percent(statistics.time_progress_percent(month)),
        "actions": actions,
        "own_submission": zone_month.status == ZoneMonth.Status.SUBMITTED and workflow.is_self_approval(zone_month, request.user, transitions),
        "form": ReasonForm(initial={"version": zone_month.version}),
        # What the submission must explain, and what stops it (indicators.submission).
        "blanks": month_rules.blanks(zone, year, month, [row.sheet.indicator for row in sheet]),
        "earlier_open": month_rules.open_earlier_months(zone.pk, year, month) if {"submit", "approve"} & set(actions) else [],
        "latest_submission": provenance.latest(transitions, ZoneMonth.Status.SUBMITTED),
    })


@require_POST
def review_transition(request, zone, year, month, action):
    zone = zone_for_user(request.user, zone, Action.VIEW)
    if action not in workflow.ACTIONS:
        raise Http404("no such action")
    form = ReasonForm(request.POST)
    form.is_valid()
    zone_month = selectors.zone_month(zone, year, month)
    decision = {}
    if action in workflow.DECISIONS:
        version = form.cleaned_data.get("version")
        if version is None:
            # A decision names the version it was made on; without one it could approve figures nobody saw.
            require_rights(request.user, workflow.TRANSITIONS[action][0], [zone.pk])
            messages.error(request, _(
                "未执行：请求中没有您查看时的数据版本。%(month)s当前状态为“%(status)s”（版本%(version)s），请核对下方数据后重新审核。"
            ) % {"month": zone_month, "status": zone_month.get_status_display(), "version": zone_month.version})
            return redirect("indicators:review", zone=zone.code, year=year, month=month)
        decision = {"expected_version": version}
    try:
        workflow.ACTIONS[action](zone_month, request.user, form.cleaned_data.get("reason", ""), **decision)
    except workflow.TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(month)s：%(status)s") % {"month": zone_month, "status": zone_month.get_status_display()})
    return redirect("indicators:review", zone=zone.code, year=year, month=month)


def _completeness_months(year: int, today: datetime.date) -> list[int]:
    if year > today.year:
        return []
    return list(range(1, (today.month if year == today.year else 12) + 1))


@require_GET
def completeness(request):
    """Each visible zone × month of a year: review status and the indicators still empty.

    Four queries whatever the number of zones and months: zones, months, values, catalogue.
    """
    today = clock.today()
    year = year_in_query(request.GET.get("year"), today.year)
    zones = list(Zone.objects.for_user(request.user, Action.VIEW))
    zone_ids = [z.pk for z in zones]
    statuses = selectors.month_statuses(zone_ids, year)
    filled = selectors.filled_indicators(zone_ids, year)
    catalogue = [indicator for indicator, _depth in selectors.catalogue()]
    months = _completeness_months(year, today)
    rows = []
    for zone in zones:
        cells = []
        for month in months:
            zone_month = statuses.get((zone.pk, month)) or ZoneMonth(zone=zone, year=year, month=month)
            present = filled.get((zone.pk, month), set())
            empty = [i for i in catalogue if i.pk not in present]
            cells.append({
                "month": month,
                "zone_month": zone_month,
                "empty": empty,
                "filled": len(catalogue) - len(empty),
                "all_empty": len(empty) == len(catalogue),
            })
        rows.append({"zone": zone, "cells": cells})
    return render(request, "indicators/completeness.html", {
        "year": year,
        "year_choices": [(y, y) for y in range(today.year - 3, today.year + 1)],
        "rows": rows,
        "months": months,
        "catalogue_size": len(catalogue),
    })


# --- the month-level export ----------------------------------------------------------------------

MONTH_SHEET_HEADERS = ["指标", "单位", "本月", "同比增长(%)", "1-本月", "同比增长(%)", "年度目标", "完成率(%)", "序时进度", "说明"]


def _number_cell(cell, value, decimals, unknown=""):
    """The figure rounded as shown; "—" for one that cannot be derived (`unknown`: why)."""
    if value is None:
        cell.value = "—" if unknown else None
        return
    cell.value = statistics.quantize(value, decimals)
    cell.number_format = "0" if decimals == 0 else "0." + "0" * decimals


def month_workbook(zone, year: int, month: int) -> Workbook:
    """The month as zone offices report it upward, from month_sheet's figures: in Chinese
    whatever the page's language, as its headers are."""
    with translation.override(settings.LANGUAGE_CODE):
        return _month_workbook(zone, year, month)


def _month_workbook(zone, year: int, month: int) -> Workbook:
    rows = selectors.month_sheet(zone, year, month)
    zone_month = selectors.zone_month(zone, year, month)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年{month}月"
    sheet.append(escaped([f"{zone.name}{year}年{statistics.month_span(month)}主要经济指标"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(escaped([
        f"序时进度 {statistics.format_percent(statistics.time_progress_percent(month))}",
        f"状态：{zone_month.get_status_display()}",
    ]))
    sheet.append(escaped(MONTH_SHEET_HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        figures, indicator = row.figures, row.indicator
        sheet.append(escaped([indicator.name_zh, indicator.unit]))
        line = sheet.max_row
        sheet.cell(line, 1).alignment = Alignment(indent=2 * row.depth)
        _number_cell(sheet.cell(line, 3), figures.month_value, indicator.decimals, figures.month_value_note)
        _number_cell(sheet.cell(line, 4), figures.month_yoy_growth, 2)
        _number_cell(sheet.cell(line, 5), figures.ytd_value, indicator.decimals, figures.ytd_note)
        _number_cell(sheet.cell(line, 6), figures.yoy_growth, 2)
        _number_cell(sheet.cell(line, 7), figures.annual_target, indicator.decimals)
        _number_cell(sheet.cell(line, 8), figures.completion, 2)
        sheet.cell(line, 9).value = statistics.describe_gap(figures.gap_points) or None
        sheet.cell(line, 10).value = escape_cell(figures.unknown_note) or None
    for column, width in zip("ABCDEFGHIJ", [28, 8, 12, 12, 12, 12, 12, 11, 26, 30]):
        sheet.column_dimensions[column].width = width
    # Printed as it is sent upward: one A4 landscape page wide.
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    _checklist_sheet(book, zone, year, month)
    return book


CHECKLIST_SHEET = "审核依据"


def _checklist_sheet(book: Workbook, zone, year: int, month: int) -> None:
    """A sheet of its own: the approvals the month's figures rest on, and every figure resting on none."""
    rests_on = provenance.approvals_for(zone, year, provenance.document_months(month))
    sheet = book.create_sheet(CHECKLIST_SHEET)
    sheet.append(escaped([f"{zone.name}{year}年1-{month}月数据的审核依据"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(escaped(provenance.APPROVAL_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for approval in rests_on.approvals:
        sheet.append(escaped(provenance.approval_cells(approval)))
    if not rests_on.approvals:
        sheet.append(["没有依据任何审核"])
    sheet.append([])
    sheet.append(["没有审核依据的数据"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    if rests_on.unbacked:
        sheet.append(escaped(provenance.UNBACKED_COLUMNS))
        for figure in rests_on.unbacked:
            sheet.append(escaped(provenance.unbacked_cells(figure)))
    else:
        sheet.append(["无"])
    for column, width in zip("ABCDE", [28, 14, 16, 18, 16]):
        sheet.column_dimensions[column].width = width


@require_GET
def month_export(request, zone, year, month):
    zone = zone_for_user(request.user, zone, Action.VIEW)
    buffer = BytesIO()
    month_workbook(zone, year, month).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{zone.code}-{year}-{month:02d}.xlsx"'
    return response
