"""Import kinds for annual targets and monthly values.

Both go through the indicator services in one batch (channel "import"), so checks (YTD
order, part and whole), locks, permissions and history are those of the entry form. Values
are read by hand, not by a Resource's per-row machinery (which took 230-290 rows a second
here): a file of 100,000 values must finish as a job within seconds. Lookups are loaded once,
never per row.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Channel
from core.periods import FIRST_YEAR, LAST_YEAR
from dataio.registry import (
    CHANGED, NEW, UNCHANGED, CellError, ImportKind, Issue, Report, RowCells, decimal, integer, percent, register, text,
)
from dataio.resources import ColumnField, Integer, Lookup, LookupResource, Number, columns_of
from core.locking import NO_RECORD
from zones.imports import ZoneLookup, zones_sheet
from zones.models import Action, Zone

from . import checks, services, statistics, target_services
from .models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth

MAX_COMMENT = 500
STALE_ROW = gettext_lazy("自预览以来，这条数据已被他人修改；为免覆盖他人的修改，请重新上传文件，核对预览后再确认")


class IndicatorLookup:
    def __init__(self):
        self.table = Indicator.objects.by_code_or_name()

    def __call__(self, value) -> Indicator:
        key = text(value)
        if not key:
            raise CellError(_("不能为空"))
        indicator = self.table.get(key) or self.table.get(key.lower())
        if indicator is None:
            raise CellError(_("指标“%(v)s”不存在（请使用指标代码或中文名称）") % {"v": key})
        return indicator


def catalogue_sheet():
    rows = [
        [i.code, i.name_zh, i.unit, i.get_kind_display(), i.get_entry_mode_display(), i.parent.code if i.parent else ""]
        for i in Indicator.objects.active().select_related("parent", "category")
    ]
    return ("指标目录", ["代码", "名称", "单位", "类型", "填报方式", "上级指标"], rows)


# --- columns ------------------------------------------------------------------------------------
# Headers are the model fields' verbose_name unless a column names its figure otherwise; the
# Resources serve the exports and declare the kinds' columns (the kinds read rows by hand).


class TargetResource(LookupResource):
    zone = ColumnField("zone", Lookup("zones", field="code", required=True))
    indicator = ColumnField("indicator", Lookup("indicators", field="code", required=True))
    year = ColumnField("year", Integer(FIRST_YEAR, LAST_YEAR))
    target = ColumnField("target_value", Number(required=True), header="目标")
    unit = ColumnField("indicator__unit")

    class Meta:
        model = AnnualTarget
        fields = ("zone", "indicator", "year", "target", "unit")


class ValueResource(LookupResource):
    zone = ColumnField("zone", Lookup("zones", field="code", required=True))
    indicator = ColumnField("indicator", Lookup("indicators", field="name_zh", required=True))
    code = ColumnField("indicator", Lookup("indicators", field="code"), header="指标代码")
    year = ColumnField("year", Integer(FIRST_YEAR, LAST_YEAR))
    month = ColumnField("month", Integer(1, 12))
    # What the entry form shows: the YTD figure for indicators entered as 1-N月累计.
    value = ColumnField("entered_value", Number(), header="数值")
    unit = ColumnField("indicator__unit")
    yoy = ColumnField("published_yoy", Number(), header="同比增长")
    comment = ColumnField("comment")

    class Meta:
        model = MonthlyValue
        fields = ("zone", "indicator", "code", "year", "month", "value", "unit", "yoy", "comment")


# --- monthly values -----------------------------------------------------------------------------


class ValuesKind(ImportKind):
    name = "values"
    label = gettext_lazy("月度数据")
    columns = columns_of(ValueResource)
    FIELD_COLUMNS = {"value": "value", "published_yoy": "yoy", "comment": "comment", "month": "month"}

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones, indicators = ZoneLookup(user), IndicatorLookup()
        inputs, input_rows = [], []
        for row_report in report.checking(rows):
            number, cells = row_report.number, row_report.read
            row = RowCells(self, number, cells)
            unit, comment = text(cells.get("unit")), text(cells.get("comment"))
            # The indicator by its code when the row gives one (as exports do), else by the 指标 cell: name or code.
            zone = row.take("zone", zones)
            indicator = row.take("code" if text(cells.get("code")) else "indicator", indicators)
            year = row.take("year", lambda v: integer(v, FIRST_YEAR, LAST_YEAR))
            month = row.take("month", lambda v: integer(v, 1, 12))
            value, yoy = row.take("value", decimal), row.take("yoy", percent)
            if len(comment) > MAX_COMMENT:
                row.error("comment", _("备注最长%(n)s字") % {"n": MAX_COMMENT})
            if unit and indicator is not None and value is not None:
                try:
                    value = statistics.convert(value, unit, indicator.unit)
                except statistics.UnitError as exc:
                    row.error("unit", str(exc))
            if not row.issues and value is None and yoy is None and not comment:
                row.error("value", _("数值和同比增长至少填写一项"))
            report.rows.append(row_report)
            report.errors += row.issues
            if not row.issues:
                inputs.append(services.ValueInput(zone, indicator, year, month, value, yoy, comment, number))
                input_rows.append(row_report)
        if not inputs:
            return
        versions = _month_versions(inputs)
        report.versions = {_month_key(key): version for key, version in versions.items()}
        expected = None
        if report.expected_versions is not None:
            expected = {key: report.expected_versions.get(_month_key(key), 0) for key in versions}
            self._refuse_moved_months(inputs, versions, expected, report)
        if apply and report.ok:
            try:
                checked = services.save_values(inputs, user=user, channel=Channel.IMPORT, confirm_warnings=True,
                                               expected_versions=expected).checked
            except services.ValuesRejected as exc:
                checked = exc.result
                self._add_problems(checked, report)
            except services.VersionConflict as exc:
                # Saved in the instant between the check above and the months' locks.
                moved = exc.zone_month
                self._refuse_moved_months(inputs, {(moved.zone_id, moved.year, moved.month): moved.version}, expected, report)
                checked = checks.check_values(inputs)
            else:
                report.applied = True
        else:
            checked = checks.check_values(inputs)
            self._add_problems(checked, report)
        for item, row_report in zip(inputs, input_rows):
            old = checked.before(item)
            row_report.status = (
                NEW if old is None else UNCHANGED if old == (item.value, item.published_yoy, item.comment) else CHANGED
            )

    def _refuse_moved_months(self, inputs, versions: dict, expected: dict, report: Report) -> None:
        """An error on each row of a month saved by someone else since the preview."""
        moved = {key for key, version in versions.items() if version != expected.get(key, version)}
        report.errors += [Issue(item.row, "", STALE_ROW) for item in inputs if (item.key[0], item.year, item.month) in moved]

    def _add_problems(self, result: checks.CheckResult, report: Report) -> None:
        for problem, target in [(p, report.errors) for p in result.errors] + [(p, report.warnings) for p in result.warnings]:
            target.append(Issue(problem.input.row, self.header_for(self.FIELD_COLUMNS.get(problem.field, "value")), problem.message))

    def export_rows(self, user, filters):
        values = MonthlyValue.objects.select_related("zone", "indicator").filter(
            Q(ytd_value__isnull=False) | Q(month_value__isnull=False) | Q(published_yoy__isnull=False) | ~Q(comment="")
        )
        if user is not None:
            values = values.for_user(user, Action.VIEW)
        if filters.get("zone"):
            values = values.filter(zone__code=filters["zone"])
        if filters.get("year"):
            values = values.filter(year=filters["year"])
        if filters.get("month"):
            values = values.filter(month=filters["month"])
        values = values.order_by("zone__code", "year", "month", "indicator__category__order", "indicator__order", "indicator__code")
        return [list(row) for row in ValueResource().export(values)]

    def reference_sheets(self, user):
        return [catalogue_sheet(), zones_sheet(user)]


def _month_versions(inputs) -> dict[tuple[int, int, int], int]:
    """The version of each (zone id, year, month) the inputs write to (0: a month never saved)."""
    keys = {(item.key[0], item.year, item.month) for item in inputs}
    stored = ZoneMonth.objects.filter(zone_id__in={k[0] for k in keys}, year__in={k[1] for k in keys})
    versions = {(zone_id, year, month): version for zone_id, year, month, version in stored.values_list("zone_id", "year", "month", "version")}
    return {key: versions.get(key, 0) for key in keys}


def _month_key(key: tuple[int, int, int]) -> str:
    return "-".join(map(str, key))


# --- annual targets -----------------------------------------------------------------------------


class TargetsKind(ImportKind):
    name = "targets"
    label = gettext_lazy("年度目标")
    columns = columns_of(TargetResource)

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones, indicators = ZoneLookup(user), IndicatorLookup()
        inputs = []
        for row_report in report.checking(rows):
            number, cells = row_report.number, row_report.read
            row = RowCells(self, number, cells)
            zone = row.take("zone", zones)
            indicator = row.take("indicator", indicators)
            year = row.take("year", lambda v: integer(v, FIRST_YEAR, LAST_YEAR))
            value = row.take("target", lambda v: decimal(v, required=True))
            unit = text(cells.get("unit"))
            report.rows.append(row_report)
            report.errors += row.issues
            if None not in (zone, indicator, year, value) and not row.issues:
                expected = None if report.expected_versions is None else report.expected_versions.get(str(number), NO_RECORD)
                inputs.append(target_services.TargetInput(zone, indicator, year, value, unit, row=number, expected_version=expected))
        errors = target_services.check_targets(inputs)
        columns = {"indicator": "indicator", "unit": "unit", "target": "target"}
        report.errors += [Issue(item.row, self.header_for(columns.get(field, "target")), message) for item, field, message in errors]
        bad = {item.row for item, _f, _m in errors}
        self._set_statuses([i for i in inputs if i.row not in bad], report)
        if apply and report.ok and inputs:
            try:
                target_services.save_targets(inputs, user=user, channel=Channel.IMPORT)
            except target_services.TargetsStale as exc:
                report.errors += [Issue(item.row, self.header_for("target"), STALE_ROW) for item, _target in exc.stale]
            except target_services.TargetsRejected as exc:  # a month approved since the check above
                report.errors += [Issue(item.row, self.header_for("target"), message) for item, _field, message in exc.errors]
            else:
                report.applied = True

    def _set_statuses(self, inputs, report: Report) -> None:
        if not inputs:
            return
        stored = {
            (zone_id, indicator_id, year): (value, version)
            for zone_id, indicator_id, year, value, version in AnnualTarget.objects.filter(
                zone_id__in={i.zone.pk for i in inputs}, year__in={i.year for i in inputs}
            ).values_list("zone_id", "indicator_id", "year", "target_value", "version")
        }
        by_number = {r.number: r for r in report.rows}
        for item in inputs:
            old, version = stored.get((item.zone.pk, item.indicator.pk, item.year), (None, NO_RECORD))
            report.versions[str(item.row)] = version
            by_number[item.row].status = (
                NEW if old is None else UNCHANGED if old == target_services.target_in_indicator_unit(item) else CHANGED
            )

    def export_rows(self, user, filters):
        targets = AnnualTarget.objects.select_related("zone", "indicator")
        if user is not None:
            targets = targets.for_user(user, Action.VIEW)
        if filters.get("zone"):
            targets = targets.filter(zone__code=filters["zone"])
        if filters.get("year"):
            targets = targets.filter(year=filters["year"])
        return [list(row) for row in TargetResource().export(targets)]

    def reference_sheets(self, user):
        return [catalogue_sheet(), zones_sheet(user)]


for kind in (TargetsKind(), ValuesKind()):
    register(kind)
