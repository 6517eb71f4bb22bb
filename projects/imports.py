"""Import kinds for the records: a zone's industries, enterprises and their monthly figures,
projects with their annual plans, monthly progress and problems, parcels and their mortgages,
relocation cases.

Registered with dataio like its own kinds, so `import_data`, the browser import with its
preview, exports and empty templates all serve them. Rows are read against lookups loaded
once per file and written through the batch services of projects.services (channel
"import"): the same rules, permissions and history as the forms, all rows or none.
"""

from __future__ import annotations

import datetime
import functools
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Channel
from zones.imports import ZoneLookup, zones_sheet
from dataio.registry import (
    CHANGED, NEW, UNCHANGED, CellError, Column, ImportKind, Issue, Report, RowReport, decimal, integer, register, text,
)
from zones.models import Action, Park, Zone

from . import services
from .models import (
    Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase,
)
from .resources import (
    RELOCATION_COUNTS, EnterpriseFigureResource, EnterpriseResource, IndustryResource, MortgageResource, ParcelResource,
    ProblemResource, ProgressResource, ProjectResource, ProjectYearResource, RelocationCaseResource,
)
from .validators import normalise_credit_code

STATUSES = {"new": NEW, "changed": CHANGED, "unchanged": UNCHANGED}
MAX_COUNT = 2147483647  # a PositiveIntegerField's upper bound
MAX_ORDER = 32767  # a PositiveSmallIntegerField's upper bound
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


@functools.lru_cache(maxsize=None)
def _choice_table(choices: type[models.Choices], language: str) -> dict[str, str]:
    """Codes by code, by label in the UI language and by Chinese label, once per language
    (a file of 100,000 rows converts its choice cells 100,000 times)."""
    by_text = {}
    for code, label in choices.choices:
        by_text[str(code).lower()] = code
        by_text[str(label)] = code
    with translation.override(settings.LANGUAGE_CODE):
        by_text.update((str(label), code) for code, label in choices.choices)
    return by_text


def choice_cell(choices: type[models.Choices]):
    """A choice by its Chinese label or its code; empty is the blank choice.

    Exports write the Chinese labels whatever the UI language, so they are read under an
    English UI too (as are the English labels)."""
    by_text = _choice_table(choices, translation.get_language())

    def convert(value):
        written = text(value)
        if not written:
            return ""
        found = by_text.get(written, by_text.get(written.lower()))
        if found is None:
            raise CellError(_("无效的取值“%(v)s”，可选：%(all)s") % {"v": written, "all": "、".join(str(label) for label in choices.labels)})
        return found

    return convert


def count_cell(value) -> int:
    """A number of enterprises or households; empty is none."""
    return integer(value, 0, MAX_COUNT) if text(value) else 0


def order_cell(value) -> int:
    """A position in a zone's list of industries; empty is the default, 0."""
    return integer(value, 0, MAX_ORDER) if text(value) else 0


def year_cell(value) -> int:
    return integer(value, 2000, 2100)


def month_cell(value) -> int:
    return integer(value, 1, 12)


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

    def stored(self, zone: Zone, name: str):
        """The record a row of this name updates (the first, as the name is unique in a zone), or None: a new one."""
        return self.by_key.get((zone.pk, name), [None])[0]

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


class KeyedRecords:
    """Stored records by a natural key the database does not enforce (a mortgage's parcel, date
    and creditor): a key that two rows of the file name, or that two stored records share,
    cannot say which record a row updates."""

    def __init__(self, records, key):
        self.by_key: dict[tuple, list] = {}
        for record in records:
            self.by_key.setdefault(key(record), []).append(record)
        self.claimed: set[tuple] = set()

    def claim(self, key: tuple):
        """The stored record of the row's key (None: a new record), or CellError."""
        if key in self.claimed:
            raise CellError(_("文件中有重复的记录"))
        self.claimed.add(key)
        found = self.by_key.get(key, [])
        if len(found) > 1:
            raise CellError(_("系统中已有多条相同的记录，无法确定要修改哪一条，请在系统中修改"))
        return found[0] if found else None


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

    def required_text(self, row: RowCells, key: str) -> str:
        """The row's text in column `key`; empty is an error of that column."""
        written = text(row.cells.get(key))
        if not written:
            row.error(key, _("不能为空"))
        return written

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

    zone_lookup = "zone__code"
    period_lookups = {}  # the import page's year and month filters, by the field they filter

    def filtered(self, records, filters: dict):
        for name, lookup in {"zone": self.zone_lookup, **self.period_lookups}.items():
            if filters.get(name):
                records = records.filter(**{lookup: filters[name]})
        return records

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


class IndustriesKind(RecordKind):
    """An industry is known by its zone and name; renaming one is done on its page."""

    name = "industries"
    label = gettext_lazy("产业")
    columns = [Column("zone", "开发区"), Column("name", "名称"), Column("order", "排序", required=False)]
    save = staticmethod(services.save_industries)
    resource_class = IndustryResource

    def load(self, zone_ids, rows):
        return {"industries": ZoneRecords(Industry.objects.filter(zone_id__in=zone_ids), "name", _("产业"))}

    def input(self, row, zone, refs):
        name = self.required_text(row, "name")
        if not name:
            return None
        record = refs["industries"].stored(zone, name)
        return services.RecordInput(record, {"zone": zone, "name": name, **self.values(row, {"order": ("order", order_cell)})})

    model = Industry
    related = ("zone",)
    order = ("zone__code", "order", "name", "pk")

    def reference_sheets(self, user):
        return [zones_sheet(user)]


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
        name = self.required_text(row, "name")
        if not name:
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
            "status": ("status", choice_cell(Enterprise.Status)),
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
        name = self.required_text(row, "name")
        if not name:
            return None
        record = refs["projects"].stored(zone, name)
        converters = {
            "park": ("park", lambda v: refs["parks"].find(zone, v)),
            "enterprise": ("enterprise", lambda v: refs["enterprises"].find(zone, v)),
            "industry": ("industry", lambda v: refs["industries"].find(zone, v)),
            "is_key": ("is_key", flag_cell),
            "level": ("level", choice_cell(Project.Level)),
            "stage": ("stage", choice_cell(Project.Stage)),
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
        code = self.required_text(row, "code")
        if not code:
            return None
        record = refs["parcels"].stored(zone, code)
        converters = {
            "park": ("park", lambda v: refs["parks"].find(zone, v)),
            "location": ("location", text),
            "area_mu": ("area_mu", lambda v: decimal(v, required=True)),
            "use": ("use", choice_cell(Parcel.Use)),
            "supply_method": ("supply_method", choice_cell(Parcel.SupplyMethod)),
            "price": ("price", decimal),
            **{field: (field, date_cell) for field in ("contract_start_on", "supplied_on", "started_on", "completed_on")},
            "holder": ("holder", lambda v: refs["enterprises"].find(zone, v)),
            "project": ("project", lambda v: refs["projects"].find(zone, v)),
            "status": ("status", choice_cell(Parcel.Status)),
            "idle_stage": ("idle_stage", choice_cell(Parcel.IdleStage)),
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
        year = row.take("year", year_cell)
        month = row.take("month", month_cell)
        values = {
            "investment": row.take("investment", lambda v: decimal(v, required=True)),
            **self.values(row, {"physical_progress": ("physical_progress", text)}),
        }
        if None in (project, year, month):
            return None
        return _child_input(refs["progress"].get((project.pk, year, month)), values, project=project, year=year, month=month)

    model = ProjectProgress
    related = ("project", "project__zone")
    order = ("project__zone__code", "project__name", "year", "month")
    zone_lookup = "project__zone__code"
    period_lookups = {"year": "year", "month": "month"}


class ProjectYearsKind(RecordKind):
    name = "project_years"
    label = gettext_lazy("项目年度计划")
    columns = [
        Column("zone", "开发区"), Column("project", "项目名称"), Column("year", "年份"),
        Column("planned_investment", "年度计划投资（万元）"),
        Column("construction_type_override", "新建/续建（手工指定）", required=False),
    ]
    save = staticmethod(services.save_project_years)
    resource_class = ProjectYearResource

    def load(self, zone_ids, rows):
        stored = ProjectYear.objects.filter(project__zone_id__in=zone_ids).only("pk", "project_id", "year")
        return {
            "projects": ZoneRecords(Project.objects.filter(zone_id__in=zone_ids), "name", _("项目")),
            "plans": {(p.project_id, p.year): p for p in stored},
        }

    def input(self, row, zone, refs):
        project = row.take("project", lambda v: refs["projects"].find(zone, v) or _empty())
        year = row.take("year", year_cell)
        values = {
            "planned_investment": row.take("planned_investment", lambda v: decimal(v, required=True)),
            **self.values(row, {
                "construction_type_override": ("construction_type_override", choice_cell(ProjectYear.ConstructionType)),
            }),
        }
        if None in (project, year):
            return None
        return _child_input(refs["plans"].get((project.pk, year)), values, project=project, year=year)

    model = ProjectYear
    related = ("project", "project__zone")
    order = ("project__zone__code", "project__name", "year")
    zone_lookup = "project__zone__code"
    period_lookups = {"year": "year"}


class ProblemsKind(RecordKind):
    """A problem is known by its project, the month it was raised and its wording."""

    name = "problems"
    label = gettext_lazy("项目存在问题")
    columns = [
        Column("zone", "开发区"), Column("project", "项目名称"), Column("raised_year", "提出年份"),
        Column("raised_month", "提出月份"), Column("description", "存在问题"), Column("owner", "责任人/单位"),
        Column("deadline", "解决时限"), Column("state", "状态", required=False),
        Column("resolved_on", "解决日期", required=False), Column("resolution", "解决情况", required=False),
    ]
    save = staticmethod(services.save_problems)
    resource_class = ProblemResource

    def load(self, zone_ids, rows):
        stored = ProjectProblem.objects.filter(project__zone_id__in=zone_ids).only(
            "pk", "project_id", "raised_year", "raised_month", "description")
        return {
            "projects": ZoneRecords(Project.objects.filter(zone_id__in=zone_ids), "name", _("项目")),
            "problems": KeyedRecords(stored, lambda p: (p.project_id, p.raised_year, p.raised_month, p.description.strip())),
        }

    def input(self, row, zone, refs):
        project = row.take("project", lambda v: refs["projects"].find(zone, v) or _empty())
        year = row.take("raised_year", year_cell)
        month = row.take("raised_month", month_cell)
        description = self.required_text(row, "description")
        values = self.values(row, {
            "owner": ("owner", text), "deadline": ("deadline", date_cell),
            "state": ("state", lambda v: choice_cell(ProjectProblem.State)(v) or ProjectProblem.State.OPEN),
            "resolved_on": ("resolved_on", date_cell), "resolution": ("resolution", text),
        })
        if None in (project, year, month) or not description:
            return None
        try:
            record = refs["problems"].claim((project.pk, year, month, description))
        except CellError as exc:
            row.error("description", str(exc))
            return None
        return _child_input(record, values, project=project, raised_year=year, raised_month=month, description=description)

    model = ProjectProblem
    related = ("project", "project__zone")
    order = ("project__zone__code", "project__name", "raised_year", "raised_month", "pk")
    zone_lookup = "project__zone__code"
    period_lookups = {"year": "raised_year", "month": "raised_month"}


class MortgagesKind(RecordKind):
    """A mortgage is known by its parcel, its registration date and its creditor (the
    certificate number often comes later)."""

    name = "mortgages"
    label = gettext_lazy("他项权利登记")
    columns = [
        Column("zone", "开发区"), Column("parcel", "宗地编号"), Column("registered_on", "登记日期"),
        Column("creditor", "抵押权人"), Column("certificate_no", "他项权证号", required=False),
        Column("amount", "融资金额（万元）"),
    ]
    save = staticmethod(services.save_mortgages)
    resource_class = MortgageResource

    def load(self, zone_ids, rows):
        parcels = Parcel.objects.filter(zone_id__in=zone_ids).only("pk", "zone_id", "code", "status")
        stored = Mortgage.objects.filter(parcel__zone_id__in=zone_ids).only("pk", "parcel_id", "registered_on", "creditor")
        return {
            "parcels": ZoneRecords(parcels, "code", _("宗地")),
            "mortgages": KeyedRecords(stored, lambda m: (m.parcel_id, m.registered_on, m.creditor.strip())),
        }

    def input(self, row, zone, refs):
        parcel = row.take("parcel", lambda v: refs["parcels"].find(zone, v) or _empty())
        registered_on = row.take("registered_on", lambda v: date_cell(v) or _empty())
        creditor = self.required_text(row, "creditor")
        values = {
            "amount": row.take("amount", lambda v: decimal(v, required=True)),
            **self.values(row, {"certificate_no": ("certificate_no", text)}),
        }
        if None in (parcel, registered_on) or not creditor:
            return None
        try:
            record = refs["mortgages"].claim((parcel.pk, registered_on, creditor))
        except CellError as exc:
            row.error("creditor", str(exc))
            return None
        return _child_input(record, values, parcel=parcel, registered_on=registered_on, creditor=creditor)

    model = Mortgage
    related = ("parcel", "parcel__zone")
    order = ("parcel__zone__code", "parcel__code", "registered_on", "pk")
    zone_lookup = "parcel__zone__code"


class RelocationCasesKind(RecordKind):
    name = "relocation"
    label = gettext_lazy("收储征迁")
    columns = [
        Column("zone", "开发区"), Column("name", "片区/项目"), Column("kind", "类型", required=False),
        Column("started_on", "启动日期", required=False), Column("closed_on", "完成日期", required=False),
        Column("enterprises_total", "涉及企业（家）", required=False), Column("enterprises_moved", "已搬迁企业（家）", required=False),
        Column("households_total", "涉及住户（户）", required=False), Column("households_moved", "已搬迁住户（户）", required=False),
        Column("note", "进展说明", required=False),
    ]
    save = staticmethod(services.save_relocation_cases)
    resource_class = RelocationCaseResource

    def load(self, zone_ids, rows):
        return {"cases": ZoneRecords(RelocationCase.objects.filter(zone_id__in=zone_ids), "name", _("收储征迁项目"))}

    def input(self, row, zone, refs):
        name = self.required_text(row, "name")
        if not name:
            return None
        record = refs["cases"].stored(zone, name)
        converters = {
            "kind": ("kind", lambda v: choice_cell(RelocationCase.Kind)(v) or RelocationCase.Kind.RELOCATION),
            "started_on": ("started_on", date_cell), "closed_on": ("closed_on", date_cell),
            **{field: (field, count_cell) for field in RELOCATION_COUNTS},
            "note": ("note", text),
        }
        return services.RecordInput(record, {"zone": zone, "name": name, **self.values(row, converters)})

    model = RelocationCase
    related = ("zone",)
    order = ("zone__code", "name", "pk")


class EnterpriseFiguresKind(RecordKind):
    """An enterprise is found by its 统一社会信用代码 when the row gives one, else by its name."""

    name = "enterprise_figures"
    label = gettext_lazy("企业月度税收产值")
    columns = [
        Column("zone", "开发区"), Column("enterprise", "企业名称"), Column("credit_code", "统一社会信用代码", required=False),
        Column("year", "年份"), Column("month", "月份"),
        Column("tax_ytd", "1-N月累计税收（万元）", required=False), Column("output_ytd", "1-N月累计产值（万元）", required=False),
    ]
    save = staticmethod(services.save_enterprise_figures)
    resource_class = EnterpriseFigureResource

    def load(self, zone_ids, rows):
        stored = EnterpriseFigure.objects.filter(enterprise__zone_id__in=zone_ids).only("pk", "enterprise_id", "year", "month")
        return {
            "enterprises": EnterpriseRecords(Enterprise.objects.filter(zone_id__in=zone_ids)),
            "figures": {(f.enterprise_id, f.year, f.month): f for f in stored},
        }

    def input(self, row, zone, refs):
        by = "credit_code" if text(row.cells.get("credit_code")) else "enterprise"
        enterprise = row.take(by, lambda v: refs["enterprises"].find(zone, v) or _empty())
        year = row.take("year", year_cell)
        month = row.take("month", month_cell)
        values = self.values(row, {"tax_ytd": ("tax_ytd", decimal), "output_ytd": ("output_ytd", decimal)})
        if None in (enterprise, year, month):
            return None
        return _child_input(refs["figures"].get((enterprise.pk, year, month)), values, enterprise=enterprise, year=year, month=month)

    model = EnterpriseFigure
    related = ("enterprise", "enterprise__zone")
    order = ("enterprise__zone__code", "enterprise__name", "enterprise__pk", "year", "month")
    zone_lookup = "enterprise__zone__code"
    period_lookups = {"year": "year", "month": "month"}


def _empty():
    raise CellError(_("不能为空"))


def _child_input(record, values: dict, **key) -> services.RecordInput:
    """A row of a record's month, year or mortgage: a stored one keeps its key, a new one is created with it."""
    return services.RecordInput(record, values if record is not None else {**key, **values})


# Industries come first on the import page: enterprise and project files name them.
for kind in (IndustriesKind(), EnterprisesKind(), EnterpriseFiguresKind(), ProjectsKind(), ProjectYearsKind(), ProgressKind(),
             ProblemsKind(), ParcelsKind(), MortgagesKind(), RelocationCasesKind()):
    register(kind)
