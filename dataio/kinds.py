"""The built-in import kinds: zones, parks, annual targets and monthly values.

Values and targets go through the indicator services in one batch (channel "import"), so
checks, locks, permissions and history are those of the entry form. Zones and parks go
through django-import-export Resources. Lookups are loaded once, never per row.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tablib import Dataset

from audit.models import Channel
from indicators import services, statistics
from indicators.models import AnnualTarget, Indicator, MonthlyValue
from zones.models import Action, Park, Zone
from zones.services import mark_changed

from .registry import (
    CHANGED, NEW, UNCHANGED, CellError, Column, ImportKind, Issue, Report, RowReport, decimal, integer, percent, register, text,
)
from .resources import ParkResource, TargetResource, ValueResource, ZoneResource

MAX_COMMENT = 500


class ZoneLookup:
    """Zones by code or name; only those the user may edit resolve (None: the command line)."""

    def __init__(self, user):
        self.by_key = {}
        for zone in Zone.objects.all():
            self.by_key[zone.code] = zone
            self.by_key[zone.name] = zone
        self.editable = None
        if user is not None:
            self.editable = set(Zone.objects.for_user(user, Action.EDIT).values_list("pk", flat=True))

    def __call__(self, value) -> Zone:
        key = text(value)
        if not key:
            raise CellError(_("不能为空"))
        zone = self.by_key.get(key) or self.by_key.get(key.upper())
        if zone is None or (self.editable is not None and zone.pk not in self.editable):
            raise CellError(_("开发区“%(v)s”不存在或您无权导入该开发区的数据") % {"v": key})
        return zone


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


def zones_sheet(user):
    zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
    return ("开发区", ["代码", "名称"], [[z.code, z.name] for z in zones])


class _Row:
    """Collects the errors of one row by column while its cells are converted."""

    __slots__ = ("kind", "number", "cells", "issues")

    def __init__(self, kind, number, cells):
        self.kind, self.number, self.cells = kind, number, cells
        self.issues: list[Issue] = []

    def take(self, key, convert):
        try:
            return convert(self.cells.get(key))
        except CellError as exc:
            self.error(key, str(exc))
            return None

    def error(self, key, message):
        self.issues.append(Issue(self.number, self.kind.header_for(key), message))


class _DistinctCells(dict):
    """`convert` of a column's cells, each distinct cell converted once (a file of 100,000
    values names a few dozen zones, indicators, years and months), then read as
    `converted[cell]`, a dict lookup, or `converted(cell)` for _Row.take. A bad cell raises
    CellError each time it is read."""

    __slots__ = ("convert", "typed")

    def __init__(self, convert):
        super().__init__()
        self.convert = convert
        self.typed = {}  # cells that are not text, keyed with their type: 1, 1.0 and True are equal keys

    def __missing__(self, cell):
        if cell is None or cell.__class__ is str:  # every cell of a CSV file
            result = self[cell] = self.convert(cell)
            return result
        key = (cell.__class__, cell)
        if key not in self.typed:
            self.typed[key] = self.convert(cell)
        return self.typed[key]

    __call__ = dict.__getitem__


# --- monthly values -----------------------------------------------------------------------------


class ValuesKind(ImportKind):
    name = "values"
    label = gettext_lazy("月度数据")
    columns = [
        Column("zone", "开发区"), Column("indicator", "指标"), Column("year", "年份"), Column("month", "月份"),
        Column("value", "数值", required=False), Column("unit", "单位", required=False),
        Column("yoy", "同比增长", required=False), Column("comment", "备注", required=False),
    ]
    FIELD_COLUMNS = {"value": "value", "published_yoy": "yoy", "comment": "comment", "month": "month"}

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones, indicators = _DistinctCells(ZoneLookup(user)), _DistinctCells(IndicatorLookup())
        years = _DistinctCells(partial(integer, low=2000, high=2100))
        months = _DistinctCells(partial(integer, low=1, high=12))
        # Growth, unit and comment cells are blank in most rows: each distinct one converted once too.
        growths, texts = _DistinctCells(percent), _DistinctCells(text)
        inputs, input_rows = [], []
        for number, cells in rows:
            row = _Row(self, number, cells)
            get = cells.get
            try:
                # The usual row converts whole; a row with a bad cell is converted again cell by
                # cell, to report each bad cell.
                zone, indicator = zones[get("zone")], indicators[get("indicator")]
                year, month = years[get("year")], months[get("month")]
                value, yoy = decimal(get("value")), growths[get("yoy")]
            except CellError:
                zone, indicator = row.take("zone", zones), row.take("indicator", indicators)
                year, month = row.take("year", years), row.take("month", months)
                value, yoy = row.take("value", decimal), row.take("yoy", growths)
            unit, comment = texts[get("unit")], texts[get("comment")]
            if len(comment) > MAX_COMMENT:
                row.error("comment", _("备注最长%(n)s字") % {"n": MAX_COMMENT})
            if indicator is not None and value is not None and unit:
                try:
                    value = statistics.convert(value, unit, indicator.unit)
                except statistics.UnitError as exc:
                    row.error("unit", str(exc))
            if not row.issues and value is None and yoy is None and not comment:
                row.error("value", _("数值和同比增长至少填写一项"))
            row_report = RowReport(number, NEW, cells, self.columns)
            report.rows.append(row_report)
            if row.issues:
                report.errors += row.issues
            # `is not None`, not `None in (...)`: that would call Model.__eq__ twice a row.
            elif zone is not None and indicator is not None and year is not None and month is not None:
                inputs.append(services.ValueInput(zone, indicator, year, month, value, yoy, comment, row=number))
                input_rows.append(row_report)
        if not inputs:
            return
        if apply and report.ok:
            try:
                checked = services.save_values(inputs, user=user, channel=Channel.IMPORT, confirm_warnings=True).checked
            except services.ValuesRejected as exc:
                checked = exc.result
                self._add_problems(checked, report)
            else:
                report.applied = True
        else:
            checked = services.check_values(inputs)
            self._add_problems(checked, report)
        for item, row_report in zip(inputs, input_rows):
            old = checked.before(item)
            row_report.status = (
                NEW if old is None else UNCHANGED if old == (item.value, item.published_yoy, item.comment) else CHANGED
            )

    def _add_problems(self, result: services.CheckResult, report: Report) -> None:
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


# --- annual targets -----------------------------------------------------------------------------


class TargetsKind(ImportKind):
    name = "targets"
    label = gettext_lazy("年度目标")
    columns = [
        Column("zone", "开发区"), Column("indicator", "指标"), Column("year", "年份"), Column("target", "目标"),
        Column("unit", "单位", required=False),
    ]

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones, indicators = ZoneLookup(user), IndicatorLookup()
        inputs = []
        for number, cells in rows:
            row = _Row(self, number, cells)
            zone = row.take("zone", zones)
            indicator = row.take("indicator", indicators)
            year = row.take("year", lambda v: integer(v, 2000, 2100))
            value = row.take("target", lambda v: decimal(v, required=True))
            unit = text(cells.get("unit"))
            report.rows.append(RowReport(number, NEW, cells, self.columns))
            report.errors += row.issues
            if None not in (zone, indicator, year, value) and not row.issues:
                inputs.append(services.TargetInput(zone, indicator, year, value, unit, row=number))
        errors = services.check_targets(inputs)
        columns = {"indicator": "indicator", "unit": "unit", "target": "target"}
        report.errors += [Issue(item.row, self.header_for(columns.get(field, "target")), message) for item, field, message in errors]
        bad = {item.row for item, _f, _m in errors}
        self._set_statuses([i for i in inputs if i.row not in bad], report)
        if apply and report.ok and inputs:
            services.save_targets(inputs, user=user, channel=Channel.IMPORT)
            report.applied = True

    def _set_statuses(self, inputs, report: Report) -> None:
        if not inputs:
            return
        stored = dict(
            ((zone_id, indicator_id, year), value)
            for zone_id, indicator_id, year, value in AnnualTarget.objects.filter(
                zone_id__in={i.zone.pk for i in inputs}, year__in={i.year for i in inputs}
            ).values_list("zone_id", "indicator_id", "year", "target_value")
        )
        by_number = {r.number: r for r in report.rows}
        for item in inputs:
            old = stored.get((item.zone.pk, item.indicator.pk, item.year))
            by_number[item.row].status = (
                NEW if old is None else UNCHANGED if old == services.target_in_indicator_unit(item) else CHANGED
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


# --- zones and parks, through django-import-export ------------------------------------------------


class ResourceKind(ImportKind):
    """A kind imported by a django-import-export Resource: dry run, then apply in one transaction."""

    resource_class = None
    STATUSES = {"new": NEW, "update": CHANGED, "skip": UNCHANGED}

    def lookups(self, user) -> dict:
        """What `prepare` looks cells up in, loaded once per import for `user`."""
        return {}

    def prepare(self, row: _Row, lookups: dict) -> dict | None:
        """The row's cells for the Resource, or None when the row already has errors."""
        raise NotImplementedError

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        lookups = self.lookups(user)
        dataset = Dataset(headers=[c.key for c in self.columns])
        numbers = []
        for number, cells in rows:
            row = _Row(self, number, cells)
            prepared = self.prepare(row, lookups)
            report.rows.append(RowReport(number, NEW, cells, self.columns))
            report.errors += row.issues
            if prepared is not None and not row.issues:
                dataset.append([prepared[c.key] for c in self.columns])
                numbers.append(number)
        dry_run = not apply or not report.ok
        with transaction.atomic():
            # Rolls itself back on a dry run, an error, or an invalid row.
            result = self.resource_class().import_data(
                dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
            )
            if not dry_run and not result.has_errors() and not result.has_validation_errors():
                # Zone and park names show on every dashboard.
                mark_changed(None)
        for error in result.base_errors:
            report.errors.append(Issue(None, "", str(error.error)))
        by_number = {r.number: r for r in report.rows}
        for number, row_result in zip(numbers, result.rows):
            by_number[number].status = self.STATUSES.get(row_result.import_type, NEW)
            for error in row_result.errors:
                report.errors.append(Issue(number, "", str(error.error)))
            if row_result.validation_error is not None:
                for key, messages in row_result.validation_error.message_dict.items():
                    report.errors.append(Issue(number, self.header_for(key) if key != "__all__" else "", "；".join(messages)))
        report.applied = not dry_run and report.ok

    def reference_sheets(self, user):
        return [zones_sheet(user)]


class ZonesKind(ResourceKind):
    name = "zones"
    label = gettext_lazy("开发区")
    columns = [Column("code", "代码"), Column("name", "名称")]
    resource_class = ZoneResource

    def permitted(self, user) -> bool:
        return user is None or user.is_administrator

    def prepare(self, row, lookups):
        code = row.take("code", lambda v: text(v) or _raise_empty())
        name = row.take("name", lambda v: text(v) or _raise_empty())
        return {"code": code, "name": name}

    def export_rows(self, user, filters):
        zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
        return [list(row) for row in ZoneResource().export(zones)]


class ParksKind(ResourceKind):
    name = "parks"
    label = gettext_lazy("园区")
    columns = [Column("zone", "开发区"), Column("name", "名称")]
    resource_class = ParkResource

    def lookups(self, user):
        return {"zones": ZoneLookup(user)}

    def prepare(self, row, lookups):
        zone = row.take("zone", lookups["zones"])
        name = row.take("name", lambda v: text(v) or _raise_empty())
        return {"zone": zone.code if zone else None, "name": name}

    def export_rows(self, user, filters):
        parks = Park.objects.select_related("zone")
        if user is not None:
            parks = parks.for_user(user, Action.VIEW)
        if filters.get("zone"):
            parks = parks.filter(zone__code=filters["zone"])
        return [list(row) for row in ParkResource().export(parks)]


def _raise_empty():
    raise CellError(_("不能为空"))


for kind in (ZonesKind(), ParksKind(), TargetsKind(), ValuesKind()):
    register(kind)
