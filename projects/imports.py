"""Import kinds for the records: enterprises, projects, parcels and monthly project progress.

Registered with dataio like its own kinds, so `import_data`, the browser import with its
preview, exports and empty templates all serve them. Rows are read against lookups loaded
once per file and written through the batch services of projects.services (channel
"import"): the same rules, permissions and history as the forms, all rows or none.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Channel
from dataio.kinds import ZoneLookup, zones_sheet
from dataio.registry import (
    CHANGED, NEW, UNCHANGED, CellError, Column, ImportKind, Issue, Report, RowReport, decimal, integer, register, text,
)
from zones.models import Action, Park, Zone

from . import services
from .models import Enterprise, Industry, Parcel, Project, ProjectProgress
from .resources import EnterpriseResource, ParcelResource, ProgressResource, ProjectResource
from .validators import normalise_credit_code

STATUSES = {"new": NEW, "changed": CHANGED, "unchanged": UNCHANGED}
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", ""}


# --- cells ---------------------------------------------------------------------------------------


def date_cell(value) -> datetime.date | None:
    """A date as Excel holds it, or written 2025-03-01, 2025/3/1, 2025.3.1 or 2025年3月1日."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = text(value)
    if not written:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?", written)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("不是有效日期：%(v)s（请写作 2025-03-01）") % {"v": written})


def flag_cell(value) -> bool:
    written = text(value).lower()
    if written in TRUE_WORDS:
        return True
    if written in FALSE_WORDS:
        return False
    raise CellError(_("请填写“是”或“否”：%(v)s") % {"v": written})


def choice_cell(choices):
    """A choice by its Chinese label or its code; empty is the blank choice."""
    by_text = {}
    for code, label in choices:
        by_text[str(code).lower()] = code
        by_text[str(label)] = code

    def convert(value):
        written = text(value)
        if not written:
            return ""
        found = by_text.get(written, by_text.get(written.lower()))
        if found is None:
            raise CellError(_("无效的取值“%(v)s”，可选：%(all)s") % {"v": written, "all": "、".join(str(label) for _c, label in choices)})
        return found

    return convert


class RowCells:
    """One row's cells: converts the columns present in the file and collects errors by column."""

    def __init__(self, kind: ImportKind, number: int, cells: dict):
        self.kind, self.number, self.cells = kind, number, cells
        self.issues: list[Issue] = []

    def has(self, key: str) -> bool:
        return key in self.cells

    def take(self, key: str, convert):
        try:
            return convert(self.cells.get(key))
        except CellError as exc:
            self.error(key, str(exc))
            return None

    def error(self, key: str, message: str) -> None:
        self.issues.append(Issue(self.number, self.kind.header_for(key) if key else "", message))


class ZoneRecords:
    """Records of the file's zones by (zone id, name), loaded in one query."""

    def __init__(self, queryset, key: str, label: str):
        self.label = label
        self.by_key: dict[tuple, list] = {}
        for record in queryset:
            self.by_key.setdefault((record.zone_id, getattr(record, key)), []).append(record)

    def find(self, zone: Zone, value):
        name = text(value)
        if not name:
            return None
        found = self.by_key.get((zone.pk, name), [])
        if not found:
            raise CellError(_("%(zone)s没有%(what)s“%(v)s”") % {"zone": zone.name, "what": self.label, "v": name})
        if len(found) > 1:
            raise CellError(_("%(zone)s有多个名为“%(v)s”的%(what)s") % {"zone": zone.name, "v": name, "what": self.label})
        return found[0]


class EnterpriseRecords(ZoneRecords):
    """Enterprises by (zone, name), and by 统一社会信用代码 whatever their zone."""

    def __init__(self, queryset):
        records = list(queryset)
        super().__init__(records, "name", _("企业"))
        self.by_code = {record.credit_code: record for record in records}

    def find(self, zone: Zone, value):
        written = text(value)
        by_code = self.by_code.get(normalise_credit_code(written))
        if by_code is not None and by_code.zone_id == zone.pk:
            return by_code
        return super().find(zone, written)


# --- the kinds -----------------------------------------------------------------------------------


class RecordKind(ImportKind):
    """A record kind: zones resolve first, then every other lookup is loaded once for their zones."""

    save = None  # the batch service of projects.services
    resource_class = None

    def load(self, zone_ids: set[int], rows: list[RowCells]) -> dict:
        return {
            "parks": ZoneRecords(Park.objects.filter(zone_id__in=zone_ids), "name", _("园区")),
            "industries": ZoneRecords(Industry.objects.filter(zone_id__in=zone_ids), "name", _("产业")),
        }

    def input(self, row: RowCells, zone: Zone, refs: dict) -> services.RecordInput | None:
        raise NotImplementedError

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones = ZoneLookup(user)
        read = []
        for number, cells in rows:
            row = RowCells(self, number, cells)
            read.append((row, row.take("zone", zones)))
        refs = self.load({zone.pk for _row, zone in read if zone is not None}, [row for row, _zone in read])
        inputs, numbers = [], []
        for row, zone in read:
            report.rows.append(RowReport(row.number, NEW, row.cells, self.columns))
            item = self.input(row, zone, refs) if zone is not None else None
            report.errors += row.issues
            if item is not None and not row.issues:
                item.row = row.number
                inputs.append(item)
        result = self.save(inputs, user=user, channel=Channel.IMPORT, apply=apply and report.ok)
        by_number = {r.number: r for r in report.rows}
        for item, status in zip(inputs, result.statuses):
            if status:
                by_number[item.row].status = STATUSES[status]
        for item, field, message in result.errors:
            column = field if any(c.key == field for c in self.columns) else ""
            report.errors.append(Issue(item.row, self.header_for(column) if column else "", message))
        report.applied = result.applied

    def values(self, row: RowCells, converters: dict) -> dict:
        """The values of the columns present in the file (absent columns leave fields as they are)."""
        return {field: row.take(key, convert) for key, (field, convert) in converters.items() if row.has(key)}

    model = None
    related = ()
    order = ()

    def export_rows(self, user, filters):
        """`filters` holds a list page's own filtered `records`, or the import page's zone/year/month."""
        records = filters.get("records")
        if records is None:
            records = self.filtered(_scoped(self.model.objects.all(), user), filters)
        records = records.select_related(*self.related).order_by(*self.order)
        return [list(row) for row in self.resource_class().export(records)]

    def filtered(self, records, filters: dict):
        return records.filter(zone__code=filters["zone"]) if filters.get("zone") else records

    def reference_sheets(self, user):
        zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
        parks = Park.objects.filter(zone__in=zones).select_related("zone")
        industries = Industry.objects.filter(zone__in=zones).select_related("zone")
        return [
            zones_sheet(user),
            ("园区", ["开发区", "名称"], [[p.zone.code, p.name] for p in parks]),
            ("产业", ["开发区", "名称"], [[i.zone.code, i.name] for i in industries]),
        ]


def _scoped(queryset, user):
    return queryset if user is None else queryset.for_user(user, Action.VIEW)


class EnterprisesKind(RecordKind):
    name = "enterprises"
    label = gettext_lazy("企业")
    columns = [
        Column("zone", "开发区"), Column("park", "园区", required=False), Column("name", "企业名称"),
        Column("credit_code", "统一社会信用代码", required=False), Column("industry", "产业", required=False),
        Column("is_above_scale", "规上企业", required=False), Column("is_listed", "上市公司", required=False),
        Column("is_foreign", "外资企业", required=False), Column("is_high_tech", "高新技术企业", required=False),
        Column("status", "状态", required=False), Column("contact_person", "联系人", required=False),
        Column("contact_phone", "联系电话", required=False),
    ]
    save = staticmethod(services.save_enterprises)
    resource_class = EnterpriseResource

    def load(self, zone_ids, rows):
        codes = {normalise_credit_code(text(row.cells.get("credit_code"))) for row in rows} - {""}
        refs = super().load(zone_ids, rows)
        refs["enterprises"] = EnterpriseRecords(Enterprise.objects.filter(Q(zone_id__in=zone_ids) | Q(credit_code__in=codes)))
        return refs

    def input(self, row, zone, refs):
        name = text(row.cells.get("name"))
        if not name:
            row.error("name", _("不能为空"))
            return None
        enterprises = refs["enterprises"]
        code = normalise_credit_code(text(row.cells.get("credit_code")))
        if code:
            record = enterprises.by_code.get(code)
        else:
            record = row.take("name", lambda value: enterprises.find(zone, value))
            if record is None and not row.issues:
                row.error("credit_code", _("新登记的企业须填写统一社会信用代码"))
        values = {"zone": zone, "name": name, **self.values(row, {
            "park": ("park", lambda v: refs["parks"].find(zone, v)),
            "credit_code": ("credit_code", text),
            "industry": ("industry", lambda v: refs["industries"].find(zone, v)),
            "is_above_scale": ("is_above_scale", flag_cell), "is_listed": ("is_listed", flag_cell),
            "is_foreign": ("is_foreign", flag_cell), "is_high_tech": ("is_high_tech", flag_cell),
            "status": ("status", choice_cell(Enterprise.Status.choices)),
            "contact_person": ("contact_person", text), "contact_phone": ("contact_phone", text),
        })}
        if not code:
            values.pop("credit_code", None)
        return services.RecordInput(record, values)

    model = Enterprise
    related = ("zone", "park", "industry")
    order = ("zone__code", "name", "pk")


class ProjectsKind(RecordKind):
    name = "projects"
    label = gettext_lazy("项目")
    columns = [
        Column("zone", "开发区"), Column("park", "园区", required=False), Column("name", "项目名称"),
        Column("enterprise", "建设单位", required=False), Column("industry", "产业", required=False),
        Column("is_key", "重点项目", required=False), Column("level", "重点项目级别", required=False),
        Column("stage", "阶段", required=False), Column("conceived_on", "谋划日期", required=False),
        Column("negotiating_on", "洽谈日期", required=False), Column("signed_on", "签约日期", required=False),
        Column("started_on", "开工日期", required=False), Column("completed_on", "建成日期", required=False),
        Column("producing_on", "投产日期", required=False), Column("terminated_on", "终止日期", required=False),
        Column("signed_amount", "签约金额（万元）", required=False), Column("total_investment", "总投资（万元）", required=False),
        Column("investment_before_records", "系统启用前已完成投资（万元）", required=False),
        Column("responsible_leader", "包挂领导", required=False), Column("responsible_unit", "责任单位", required=False),
        Column("description", "建设内容", required=False),
    ]
    save = staticmethod(services.save_projects)
    resource_class = ProjectResource

    def load(self, zone_ids, rows):
        refs = super().load(zone_ids, rows)
        refs["enterprises"] = EnterpriseRecords(Enterprise.objects.filter(zone_id__in=zone_ids))
        refs["projects"] = ZoneRecords(Project.objects.filter(zone_id__in=zone_ids), "name", _("项目"))
        return refs

    def input(self, row, zone, refs):
        name = text(row.cells.get("name"))
        if not name:
            row.error("name", _("不能为空"))
            return None
        record = refs["projects"].by_key.get((zone.pk, name), [None])[0]
        converters = {
            "park": ("park", lambda v: refs["parks"].find(zone, v)),
            "enterprise": ("enterprise", lambda v: refs["enterprises"].find(zone, v)),
            "industry": ("industry", lambda v: refs["industries"].find(zone, v)),
            "is_key": ("is_key", flag_cell),
            "level": ("level", choice_cell(Project.Level.choices)),
            "stage": ("stage", choice_cell(Project.Stage.choices)),
            **{field: (field, date_cell) for field in Project.STAGE_DATES.values()},
            "signed_amount": ("signed_amount", decimal), "total_investment": ("total_investment", decimal),
            "investment_before_records": ("investment_before_records", lambda v: decimal(v) or 0),
            "responsible_leader": ("responsible_leader", text), "responsible_unit": ("responsible_unit", text),
            "description": ("description", text),
        }
        return services.RecordInput(record, {"zone": zone, "name": name, **self.values(row, converters)})

    model = Project
    related = ("zone", "park", "industry", "enterprise")
    order = ("zone__code", "name", "pk")


class ParcelsKind(RecordKind):
    name = "parcels"
    label = gettext_lazy("宗地")
    columns = [
        Column("zone", "开发区"), Column("park", "园区", required=False), Column("code", "宗地编号"),
        Column("location", "坐落", required=False), Column("area_mu", "面积（亩）", required=False),
        Column("use", "用途", required=False), Column("supply_method", "供应方式", required=False),
        Column("price", "成交价（万元）", required=False), Column("contract_start_on", "合同约定开工日期", required=False),
        Column("supplied_on", "供地日期", required=False), Column("started_on", "开工日期", required=False),
        Column("completed_on", "竣工日期", required=False), Column("holder", "用地单位", required=False),
        Column("project", "项目", required=False), Column("status", "状态", required=False),
        Column("idle_stage", "闲置土地处置阶段", required=False), Column("is_low_efficiency", "低效用地", required=False),
        Column("note", "备注", required=False),
    ]
    save = staticmethod(services.save_parcels)
    resource_class = ParcelResource

    def load(self, zone_ids, rows):
        refs = super().load(zone_ids, rows)
        refs["enterprises"] = EnterpriseRecords(Enterprise.objects.filter(zone_id__in=zone_ids))
        refs["projects"] = ZoneRecords(Project.objects.filter(zone_id__in=zone_ids), "name", _("项目"))
        refs["parcels"] = ZoneRecords(Parcel.objects.filter(zone_id__in=zone_ids).only("pk", "zone_id", "code"), "code", _("宗地"))
        return refs

    def input(self, row, zone, refs):
        code = text(row.cells.get("code"))
        if not code:
            row.error("code", _("不能为空"))
            return None
        record = refs["parcels"].by_key.get((zone.pk, code), [None])[0]
        converters = {
            "park": ("park", lambda v: refs["parks"].find(zone, v)),
            "location": ("location", text),
            "area_mu": ("area_mu", lambda v: decimal(v, required=True)),
            "use": ("use", choice_cell(Parcel.Use.choices)),
            "supply_method": ("supply_method", choice_cell(Parcel.SupplyMethod.choices)),
            "price": ("price", decimal),
            **{field: (field, date_cell) for field in ("contract_start_on", "supplied_on", "started_on", "completed_on")},
            "holder": ("holder", lambda v: refs["enterprises"].find(zone, v)),
            "project": ("project", lambda v: refs["projects"].find(zone, v)),
            "status": ("status", choice_cell(Parcel.Status.choices)),
            "idle_stage": ("idle_stage", choice_cell(Parcel.IdleStage.choices)),
            "is_low_efficiency": ("is_low_efficiency", flag_cell),
            "note": ("note", text),
        }
        return services.RecordInput(record, {"zone": zone, "code": code, **self.values(row, converters)})

    model = Parcel
    related = ("zone", "park", "holder", "project")
    order = ("zone__code", "code", "pk")


class ProgressKind(RecordKind):
    name = "progress"
    label = gettext_lazy("项目月度进展")
    columns = [
        Column("zone", "开发区"), Column("project", "项目名称"), Column("year", "年份"), Column("month", "月份"),
        Column("investment", "本月完成投资（万元）"), Column("physical_progress", "形象进度", required=False),
    ]
    save = staticmethod(services.save_progress)
    resource_class = ProgressResource

    def load(self, zone_ids, rows):
        projects = Project.objects.filter(zone_id__in=zone_ids)
        stored = ProjectProgress.objects.filter(project__zone_id__in=zone_ids).only("pk", "project_id", "year", "month")
        return {
            "projects": ZoneRecords(projects, "name", _("项目")),
            "progress": {(p.project_id, p.year, p.month): p for p in stored},
        }

    def input(self, row, zone, refs):
        project = row.take("project", lambda v: refs["projects"].find(zone, v) or _empty())
        year = row.take("year", lambda v: integer(v, 2000, 2100))
        month = row.take("month", lambda v: integer(v, 1, 12))
        values = {
            "investment": row.take("investment", lambda v: decimal(v, required=True)),
            **self.values(row, {"physical_progress": ("physical_progress", text)}),
        }
        if None in (project, year, month):
            return None
        record = refs["progress"].get((project.pk, year, month))
        if record is None:
            values.update(project=project, year=year, month=month)
        return services.RecordInput(record, values)

    model = ProjectProgress
    related = ("project", "project__zone")
    order = ("project__zone__code", "project__name", "year", "month")

    def filtered(self, records, filters):
        if filters.get("zone"):
            records = records.filter(project__zone__code=filters["zone"])
        for name in ("year", "month"):
            if filters.get(name):
                records = records.filter(**{name: filters[name]})
        return records


def _empty():
    raise CellError(_("不能为空"))


for kind in (EnterprisesKind(), ProjectsKind(), ParcelsKind(), ProgressKind()):
    register(kind)
