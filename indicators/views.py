import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from core.periods import default_period, previous_month
from audit.models import Channel
from zones.access import zone_for_user
from zones.models import Action, Zone

from . import selectors, services, statistics, target_services
from .forms import MonthEntryForm, MonthPickForm, TargetsForm
from .models import ZoneMonth


def entry_pick(request):
    """Pick a zone and month; staff usually report last month, so that is the default."""
    zones = Zone.objects.for_user(request.user)
    form = MonthPickForm(request.GET or None, user=request.user)
    if form.is_valid():
        picked = form.cleaned_data["month"]
        return redirect("indicators:entry", zone=form.cleaned_data["zone"].code, year=picked.year, month=picked.month)
    if not request.GET:
        form = MonthPickForm(
            initial={"zone": zones.first(), "month": datetime.date(*default_period(clock.today()), 1)}, user=request.user
        )
    return render(request, "indicators/entry_pick.html", {"form": form})


def _cells(row: selectors.SheetRow) -> dict[str, str]:
    """Display strings of one indicator's computed figures, for the page and the live preview."""
    figures, indicator = row.figures, row.indicator
    gap = figures.gap_points
    return {
        "previous_entered": statistics.format_number(row.previous_entered, indicator.decimals),
        "last_year_entered": statistics.format_number(row.last_year_entered, indicator.decimals),
        "month_value": statistics.format_number(figures.month_value, indicator.decimals),
        "month_value_note": figures.month_value_note,
        "ytd_value": statistics.format_number(figures.ytd_value, indicator.decimals),
        "ytd_value_note": figures.ytd_note,
        "yoy": statistics.format_percent(figures.yoy_growth),
        "yoy_published": "1" if figures.yoy_is_published else "",
        "target": statistics.format_number(figures.annual_target, indicator.decimals),
        "completion": statistics.format_percent(figures.completion),
        "gap": statistics.describe_gap(gap) if gap is not None else "",
        "gap_class": "" if gap is None else ("ahead" if gap >= 0 else "behind"),
    }


def _month_context(zone, year, month):
    return {
        "zone": zone,
        "year": year,
        "month": month,
        "zone_month": selectors.zone_month(zone, year, month),
        "time_progress": statistics.format_percent(statistics.time_progress_percent(month)),
    }


@require_http_methods(["GET", "POST"])
def entry_month(request, zone, year, month):
    zone = zone_for_user(request.user, zone, Action.VIEW)
    can_edit = request.user.can(Action.EDIT, zone)
    context = _month_context(zone, year, month)
    zone_month = context["zone_month"]
    rows = selectors.month_sheet(zone, year, month)
    form = MonthEntryForm(zone=zone, year=year, month=month, rows=rows, initial={"version": zone_month.version})

    if request.method == "POST":
        # save_values refuses users who may not edit the zone (RightsRefused: 403).
        form = MonthEntryForm(request.POST, zone=zone, year=year, month=month, rows=rows)
        if form.is_valid() and not form.needs_confirmation:
            try:
                result = services.save_values(
                    form.inputs(),
                    user=request.user,
                    channel=Channel.FORM,
                    confirm_warnings=True,
                    expected_versions={(zone.pk, year, month): form.cleaned_data["version"]},
                )
            except services.VersionConflict as exc:
                # The input on the month as it is now: the next save is made on the new version.
                zone_month = context["zone_month"] = exc.zone_month
                rows = selectors.month_sheet(zone, year, month)
                form = form.rebase(rows, zone_month.version)
                form.is_valid()
                form.add_error(None, _("保存失败：在您编辑期间，其他人已修改并保存了本月数据。请在标出的各项中选择保留您的输入或采用最新数据；其余各项仍是您的输入。核对后再次保存即可。"))
            except services.ValuesRejected as exc:
                # The month changed between the check and the lock (e.g. it was just approved).
                for problem in exc.result.errors:
                    form.add_error(None, problem.message)
            else:
                messages.success(
                    request,
                    _("已保存：新增%(created)s项，修改%(changed)s项，未变%(unchanged)s项。")
                    % {"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
                )
                return redirect(request.path)
        if form.check_result and form.check_result.table is not None:
            rows = selectors.month_sheet(zone, year, month, table=form.check_result.table)

    history = selectors.value_history(zone, year, month)
    categories = []
    for row in rows:
        code = row.indicator.code
        entry = {
            "row": row,
            "cells": _cells(row),
            "value_field": form[f"v_{code}"],
            "yoy_field": form[f"y_{code}"],
            "comment_field": form[f"c_{code}"],
            "conflicts": {kind: form.conflicts.get(f"{kind}_{code}") for kind in ("v", "y", "c")},
            "warnings": form.warnings.get(code, []),
            "history": history.get(row.value_pk),
        }
        if not categories or categories[-1]["category"] != row.indicator.category:
            categories.append({"category": row.indicator.category, "entries": []})
        categories[-1]["entries"].append(entry)
    previous = datetime.date(*previous_month(year, month), 1)
    following = (datetime.date(year, month, 28) + datetime.timedelta(days=4)).replace(day=1)
    context.update(
        form=form,
        categories=categories,
        can_edit=can_edit and not zone_month.is_locked and zone_month.status != ZoneMonth.Status.NOT_REPORTED,
        previous=previous,
        following=following,
        preview_url=reverse("indicators:entry_preview", args=[zone.code, year, month]),
    )
    return render(request, "indicators/entry_month.html", context)


@require_POST
def entry_preview(request, zone, year, month):
    """Live figures while typing: the same checks and statistics as a save, nothing stored."""
    zone = zone_for_user(request.user, zone, Action.EDIT)
    rows = selectors.month_sheet(zone, year, month)
    form = MonthEntryForm(request.POST, zone=zone, year=year, month=month, rows=rows)
    form.is_valid()
    if form.check_result and form.check_result.table is not None:
        rows = selectors.month_sheet(zone, year, month, table=form.check_result.table)
    field_errors = {name: [str(e) for e in errors] for name, errors in form.errors.items() if name != "__all__"}
    return JsonResponse(
        {
            "errors": [str(e) for e in form.non_field_errors()],
            "rows": {
                row.indicator.code: {
                    **_cells(row),
                    "errors": field_errors.get(f"v_{row.indicator.code}", []) + field_errors.get(f"y_{row.indicator.code}", []),
                    "warnings": form.warnings.get(row.indicator.code, []),
                }
                for row in rows
            },
        }
    )


def targets_pick(request):
    zone = Zone.objects.for_user(request.user).first()
    if zone is None:
        raise PermissionDenied
    return redirect("indicators:targets_year", zone=zone.code, year=clock.today().year)


@require_http_methods(["GET", "POST"])
def targets_year(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.VIEW)
    can_edit = request.user.can(Action.EDIT, zone)
    indicators = [indicator for indicator, _depth in selectors.catalogue()]
    current = selectors.targets_by_indicator(zone, year)
    form = TargetsForm(request.POST or None, zone=zone, year=year, indicators=indicators, current=current,
                       versions=selectors.target_versions(zone, year))
    if request.method == "POST":
        # save_targets refuses users who may not edit the zone (RightsRefused: 403).
        if form.is_valid():
            try:
                result = target_services.save_targets(form.inputs(), user=request.user, channel=Channel.FORM)
            except target_services.TargetsStale as error:
                form.show_stale(error)
            except target_services.TargetsRejected as error:  # a month approved since the form was checked
                form.show_rejected(error)
            else:
                messages.success(
                    request,
                    _("年度目标已保存：新增%(created)s项，修改%(changed)s项，未变%(unchanged)s项。")
                    % {"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
                )
                return redirect(request.path)
    frozen = target_services.frozen_target_years({(zone.pk, year)}).get((zone.pk, year))
    rows = [
        {"indicator": indicator, "value": form[f"t_{indicator.code}"], "unit": form[f"u_{indicator.code}"],
         "version": form[f"tv_{indicator.code}"], "stored": form.stale.get(indicator.code)}
        for indicator in indicators
    ]
    return render(
        request,
        "indicators/targets.html",
        {
            "zone": zone,
            "year": year,
            "rows": rows,
            "form": form,
            "can_edit": can_edit,
            "frozen": target_services.month_ranges(frozen) if frozen else "",
            "zones": Zone.objects.for_user(request.user),
            "history": selectors.target_history(zone, year),
        },
    )
