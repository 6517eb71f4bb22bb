"""Import kinds for zones and parks, through django-import-export Resources, and the zone
lookup every kind reads its 开发区 column with."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import CachedForeignKeyWidget
from tablib import Dataset

from dataio.registry import CHANGED, NEW, UNCHANGED, CellError, Column, ImportKind, Issue, Report, RowCells, register, text

from .models import Action, Park, Zone
from .services import mark_changed


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

    def find(self, value, zone=None) -> Zone:
        """As a table of dataio.resources.Lookup."""
        return self(value)


def zones_sheet(user):
    zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
    return ("开发区", ["代码", "名称"], [[z.code, z.name] for z in zones])


class ZoneResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code")
    name = fields.Field(attribute="name", column_name="name")

    class Meta:
        model = Zone
        fields = ("code", "name")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class ParkResource(resources.ModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=CachedForeignKeyWidget(Zone, field="code"))
    name = fields.Field(attribute="name", column_name="name")

    class Meta:
        model = Park
        fields = ("zone", "name")
        import_id_fields = ("zone", "name")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class ResourceKind(ImportKind):
    """A kind imported by a django-import-export Resource: dry run, then apply in one transaction."""

    resource_class = None
    STATUSES = {"new": NEW, "update": CHANGED, "skip": UNCHANGED}

    def lookups(self, user) -> dict:
        """What `prepare` looks cells up in, loaded once per import for `user`."""
        return {}

    def prepare(self, row: RowCells, lookups: dict) -> dict | None:
        """The row's cells for the Resource, or None when the row already has errors."""
        raise NotImplementedError

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        lookups = self.lookups(user)
        dataset = Dataset(headers=[c.key for c in self.columns])
        numbers = []
        for row_report in report.checking(rows):
            number = row_report.number
            row = RowCells(self, number, row_report.read)
            prepared = self.prepare(row, lookups)
            report.rows.append(row_report)
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


for kind in (ZonesKind(), ParksKind()):
    register(kind)
