"""Import kinds for the records: a zone's industries, enterprises and their monthly figures,
projects with their annual plans, monthly progress and problems, parcels and their mortgages,
relocation cases.

Registered with dataio like every kind, so `import_data`, the browser import with its
preview, exports and empty templates all serve them. Each kind's columns, cells and export
are its Resource's (projects.resources); the kind drives an import: zones first, then the
tables the Resource's lookups name, loaded once for the file's zones, then each row's cells
through the widgets, and every row through the batch service of projects.batch (channel
"import"): the same rules, permissions and history as the forms, all rows or none.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Channel
from core.locking import NO_RECORD
from dataio.registry import CellError, ImportKind, Report, RowCells, register, text
from dataio.resources import Lookup, columns_of
from zones.imports import ZoneLookup, zones_sheet
from zones.models import Action, Park, Zone

from . import batch
from .models import Enterprise, Industry, Parcel, Project
from .resources import (
    EnterpriseFigureResource, EnterpriseResource, IndustryResource, MortgageResource, ParcelResource, ProblemResource,
    ProgressResource, ProjectResource, ProjectYearResource, RelocationCaseResource,
)
from .validators import normalise_credit_code

class RecordsByName:
    """A zone's records by name (or code), loaded in one query, for Lookup widgets."""

    def __init__(self, queryset, key: str, label: str):
        self.label = label
        self.by_key: dict[tuple, list] = {}
        for record in queryset:
            self.by_key.setdefault((record.zone_id, getattr(record, key)), []).append(record)

    def find(self, name: str, zone: Zone):
        found = self.by_key.get((zone.pk, name), [])
        if not found:
            raise CellError(_("%(zone)s没有%(what)s“%(v)s”") % {"zone": zone.name, "what": self.label, "v": name})
        if len(found) > 1:
            raise CellError(_("%(zone)s有多个名为“%(v)s”的%(what)s") % {"zone": zone.name, "v": name, "what": self.label})
        return found[0]


class EnterpriseRecords(RecordsByName):
    """Enterprises by (zone, name), and by 统一社会信用代码 whatever their zone."""

    def __init__(self, queryset):
        records = list(queryset)
        super().__init__(records, "name", _("企业"))
        self.by_code = {record.credit_code: record for record in records if record.credit_code}
        self.new_names: set[tuple] = set()  # (zone id, name) of the file's new enterprises without a code

    def find(self, written: str, zone: Zone):
        by_code = self.by_code.get(normalise_credit_code(written))
        if by_code is not None and by_code.zone_id == zone.pk:
            return by_code
        return super().find(written, zone)


# The tables a Resource's Lookup widgets name, loaded for the file's zones.
TABLES = {
    "parks": lambda zone_ids: RecordsByName(Park.objects.filter(zone_id__in=zone_ids), "name", _("园区")),
    "industries": lambda zone_ids: RecordsByName(Industry.objects.filter(zone_id__in=zone_ids), "name", _("产业")),
    "enterprises": lambda zone_ids: EnterpriseRecords(Enterprise.objects.filter(zone_id__in=zone_ids)),
    "projects": lambda zone_ids: RecordsByName(Project.objects.filter(zone_id__in=zone_ids), "name", _("项目")),
    "parcels": lambda zone_ids: RecordsByName(
        Parcel.objects.filter(zone_id__in=zone_ids).only("pk", "zone_id", "code", "status"), "code", _("宗地")),
}


class StoredRecords:
    """The stored records of the file's zones by the key that names them (the Resource's
    import_id_fields). `claim`: a key the database does not enforce (a mortgage's parcel,
    date and creditor), so a key that two rows of the file name, or that two stored records
    share, cannot say which record a row updates."""

    def __init__(self, records, attnames: list[str], *, claim: bool):
        self.by_key: dict[tuple, list] = {}
        for record in records:
            key = tuple(_key_part(getattr(record, name)) for name in attnames)
            self.by_key.setdefault(key, []).append(record)
        self.claim, self.claimed = claim, set()

    def get(self, key: tuple):
        """The stored record of the row's key (None: a new record), or CellError."""
        found = self.by_key.get(key, [])
        if self.claim:
            if key in self.claimed:
                raise CellError(_("文件中有重复的记录"))
            self.claimed.add(key)
            if len(found) > 1:
                raise CellError(_("系统中已有多条相同的记录，无法确定要修改哪一条，请在系统中修改"))
        return found[0] if found else None


def _key_part(value):
    value = getattr(value, "pk", value)
    return value.strip() if isinstance(value, str) else value


class RecordKind(ImportKind):
    """A record kind, from its Resource (columns, model, keys) and its batch service."""

    resource_class = None
    save = None  # the batch service of projects.batch
    claim_keys = False  # keys not unique in the database (see StoredRecords)
    order = ()
    period_lookups = {}  # the import page's year and month filters, by the field they filter

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        resource = cls.resource_class
        cls.columns = columns_of(resource)
        cls.model = resource._meta.model
        cls.keys = tuple(resource._meta.import_id_fields)
        cls.zone_path = resource.fields["zone"].attribute
        cls.related = tuple(f.attribute for f in resource.fields.values() if isinstance(f.widget, Lookup))

    def stored(self, zone_ids: set[int], rows: list[dict]):
        attnames = [self.model._meta.get_field(key).attname for key in self.keys]
        records = self.model.objects.filter(**{f"{self.zone_path}_id__in": zone_ids}).only("pk", *attnames)
        return StoredRecords(records, attnames, claim=self.claim_keys)

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        zones = ZoneLookup(user)
        read = []
        for row_report in rows:
            row = RowCells(self, row_report.number, row_report.read)
            read.append((row_report, row, row.take("zone", zones)))
        zone_ids = {zone.pk for _report, _row, zone in read if zone is not None}
        lookups = {"zones": zones, **{name: TABLES[name](zone_ids) for name in self.resource_class.lookup_tables() - {"zones"}}}
        resource = self.resource_class(lookups)
        stored = self.stored(zone_ids, [row.cells for _report, row, _zone in read])
        inputs = []
        for row_report, row, zone in report.checking(read):
            report.rows.append(row_report)
            item = self.input(row, zone, self.values(resource, row, zone), stored) if zone is not None else None
            report.errors += row.issues
            if item is not None and not row.issues:
                item.row = row.number
                if report.expected_versions is not None:
                    item.expected_version = report.expected_versions.get(str(row.number), NO_RECORD)
                inputs.append(item)
        result = self.save(inputs, user=user, channel=Channel.IMPORT, apply=apply and report.ok)
        report.versions = {str(item.row): version for item, version in zip(inputs, result.versions)}
        report.record_result(inputs, result)

    def values(self, resource, row: RowCells, zone: Zone) -> dict:
        """The values of the columns in the file, by model field (a column left out keeps the
        stored value); columns through a relation only find a record, and are not written."""
        values = {}
        for name, field in resource.fields.items():
            if name not in row.cells or "__" in field.attribute:
                continue
            if field.attribute == "zone":
                values["zone"] = zone
                continue
            try:
                values[field.attribute] = field.widget.clean(row.cells[name], row=row.cells, zone=zone)
            except CellError as exc:
                row.error(name, str(exc))
        return values

    def input(self, row: RowCells, zone: Zone, values: dict, stored) -> batch.RecordInput | None:
        """The stored record the row's keys name (None: a new one) and the values to write."""
        if row.issues:
            return None
        try:
            record = stored.get(tuple(_key_part(values[key]) for key in self.keys))
        except CellError as exc:
            row.error(self.keys[-1], str(exc))
            return None
        if record is not None and "zone" not in values:
            # A stored month, plan, problem or mortgage keeps its key; its values are written.
            values = {name: value for name, value in values.items() if name not in self.keys}
        return batch.RecordInput(record, values)

    def export_rows(self, user, filters):
        """`filters` holds a list page's own filtered `records`, or the import page's zone/year/month."""
        records = filters.get("records")
        if records is None:
            records = self.model.objects.all()
            if user is not None:
                records = records.for_user(user, Action.VIEW)
            for name, lookup in {"zone": f"{self.zone_path}__code", **self.period_lookups}.items():
                if filters.get(name):
                    records = records.filter(**{lookup: filters[name]})
        records = records.select_related(*self.related).order_by(*self.order)
        return [list(row) for row in self.resource_class().export(records)]

    def reference_sheets(self, user):
        zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
        parks = Park.objects.filter(zone__in=zones).select_related("zone")
        industries = Industry.objects.filter(zone__in=zones).select_related("zone")
        return [
            zones_sheet(user),
            ("园区", ["开发区", "名称"], [[p.zone.code, p.name] for p in parks]),
            ("产业", ["开发区", "名称"], [[i.zone.code, i.name] for i in industries]),
        ]


class IndustriesKind(RecordKind):
    name = "industries"
    label = gettext_lazy("产业")
    resource_class = IndustryResource
    save = staticmethod(batch.save_industries)
    order = ("zone__code", "order", "name", "pk")

    def reference_sheets(self, user):
        return [zones_sheet(user)]


class EnterprisesKind(RecordKind):
    name = "enterprises"
    label = gettext_lazy("企业")
    resource_class = EnterpriseResource
    save = staticmethod(batch.save_enterprises)
    order = ("zone__code", "name", "pk")

    def stored(self, zone_ids, rows):
        codes = {normalise_credit_code(text(row.get("credit_code"))) for row in rows} - {""}
        return EnterpriseRecords(Enterprise.objects.filter(Q(zone_id__in=zone_ids) | Q(credit_code__in=codes)))

    def input(self, row, zone, values, stored):
        """The enterprise a row names: by its 统一社会信用代码 when the row gives one (whatever
        the zone: the service refuses a move), else by its name within the zone; a row naming
        none is a new enterprise, with or without a code."""
        if row.issues:
            return None
        code = normalise_credit_code(values.get("credit_code") or "")
        if not code:
            values.pop("credit_code", None)  # a blank cell keeps a stored code
        name = values["name"]
        namesakes = stored.by_key.get((zone.pk, name), [])
        record = stored.by_code.get(code) if code else None
        if code and record is None and namesakes:
            # An enterprise registered without its code gets it now; one with another code is not this one.
            uncoded = [n for n in namesakes if not n.credit_code]
            if not uncoded:
                row.error("credit_code", _(
                    "%(zone)s已登记企业“%(name)s”，统一社会信用代码为%(stored)s，与本行的%(code)s不同；请核对"
                ) % {"zone": zone.name, "name": name, "stored": "、".join(n.credit_code for n in namesakes), "code": code})
                return None
            if len(uncoded) > 1:
                row.error("name", _(
                    "%(zone)s有%(n)s家名为“%(name)s”且未填统一社会信用代码的企业，无法确定本行是哪一家；请先在系统中为它们填写代码"
                ) % {"zone": zone.name, "n": len(uncoded), "name": name})
                return None
            record = uncoded[0]
        elif not code and namesakes:
            if len(namesakes) > 1:
                row.error("credit_code", _(
                    "%(zone)s有%(n)s家名为“%(name)s”的企业，无法确定本行是哪一家；请填写该企业的统一社会信用代码"
                ) % {"zone": zone.name, "n": len(namesakes), "name": name})
                return None
            record = namesakes[0]
        if record is None and not code:
            if (zone.pk, name) in stored.new_names:
                row.error("name", _("文件中有重复的新企业“%(name)s”；没有统一社会信用代码的新企业只能出现一次") % {"name": name})
                return None
            stored.new_names.add((zone.pk, name))
        return batch.RecordInput(record, values)


class EnterpriseFiguresKind(RecordKind):
    name = "enterprise_figures"
    label = gettext_lazy("企业月度税收产值")
    resource_class = EnterpriseFigureResource
    save = staticmethod(batch.save_enterprise_figures)
    order = ("enterprise__zone__code", "enterprise__name", "enterprise__pk", "year", "month")
    period_lookups = {"year": "year", "month": "month"}


class ProjectsKind(RecordKind):
    name = "projects"
    label = gettext_lazy("项目")
    resource_class = ProjectResource
    save = staticmethod(batch.save_projects)
    order = ("zone__code", "name", "pk")


class ProjectYearsKind(RecordKind):
    name = "project_years"
    label = gettext_lazy("项目年度计划")
    resource_class = ProjectYearResource
    save = staticmethod(batch.save_project_years)
    order = ("project__zone__code", "project__name", "year")
    period_lookups = {"year": "year"}


class ProgressKind(RecordKind):
    name = "progress"
    label = gettext_lazy("项目月度进展")
    resource_class = ProgressResource
    save = staticmethod(batch.save_progress)
    order = ("project__zone__code", "project__name", "year", "month")
    period_lookups = {"year": "year", "month": "month"}


class ProblemsKind(RecordKind):
    name = "problems"
    label = gettext_lazy("项目存在问题")
    resource_class = ProblemResource
    save = staticmethod(batch.save_problems)
    claim_keys = True
    order = ("project__zone__code", "project__name", "raised_year", "raised_month", "pk")
    period_lookups = {"year": "raised_year", "month": "raised_month"}


class ParcelsKind(RecordKind):
    name = "parcels"
    label = gettext_lazy("宗地")
    resource_class = ParcelResource
    save = staticmethod(batch.save_parcels)
    order = ("zone__code", "code", "pk")


class MortgagesKind(RecordKind):
    name = "mortgages"
    label = gettext_lazy("他项权利登记")
    resource_class = MortgageResource
    save = staticmethod(batch.save_mortgages)
    claim_keys = True
    order = ("parcel__zone__code", "parcel__code", "registered_on", "pk")


class RelocationCasesKind(RecordKind):
    name = "relocation"
    label = gettext_lazy("收储征迁")
    resource_class = RelocationCaseResource
    save = staticmethod(batch.save_relocation_cases)
    order = ("zone__code", "name", "pk")


# Industries come first among the records: enterprise and project files name them.
for kind in (IndustriesKind(), EnterprisesKind(), EnterpriseFiguresKind(), ProjectsKind(), ProjectYearsKind(), ProgressKind(),
             ProblemsKind(), ParcelsKind(), MortgagesKind(), RelocationCasesKind()):
    register(kind)
