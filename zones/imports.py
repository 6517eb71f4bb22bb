"""Import kinds for zones and parks, through their write services (zones.writes), and the
zone lookup every kind reads its 开发区 column with."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Channel
from dataio.registry import CellError, ImportKind, Report, RowCells, register, text
from dataio.resources import ColumnField, Lookup, LookupResource, Text, columns_of

from .models import Action, Park, Zone
from .writes import RecordInput, save_parks, save_zones


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


class ZoneResource(LookupResource):
    code = ColumnField("code", Text(required=True))
    name = ColumnField("name", Text(required=True))

    class Meta:
        model = Zone
        import_id_fields = ("code",)


class ParkResource(LookupResource):
    zone = ColumnField("zone", Lookup("zones", field="code", required=True))
    name = ColumnField("name", Text(required=True))

    class Meta:
        model = Park
        import_id_fields = ("zone", "name")


class AdministeredKind(ImportKind):
    """Records only administrators write (zones, parks, the indicator catalogue): cells read by
    the kind's Resource, rows written by their service (which refuses all but administrators),
    all or none."""

    resource_class = None
    save = None  # zones.writes.save_zones or save_parks, indicators.catalogue.save_indicators

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.columns = columns_of(cls.resource_class)
        cls.model = cls.resource_class._meta.model
        cls.keys = tuple(cls.resource_class._meta.import_id_fields)

    def check(self, rows, user, report: Report, *, apply: bool) -> None:
        resource = self.resource_class(self.lookups(user))
        attnames = [self.model._meta.get_field(key).attname for key in self.keys]
        stored = {tuple(getattr(record, name) for name in attnames): record for record in self.model.objects.all()}
        inputs = []
        for row_report in report.checking(rows):
            report.rows.append(row_report)
            row = RowCells(self, row_report.number, row_report.read)
            # Only the columns the file holds: a column left out keeps what is stored (a new record: the default).
            values = {field.attribute: row.take(name, lambda cell, widget=field.widget: widget.clean(cell, row=row.cells))
                      for name, field in resource.fields.items() if name in row.cells}
            report.errors += row.issues
            if not row.issues:
                record = stored.get(tuple(getattr(values[key], "pk", values[key]) for key in self.keys))
                if record is not None:  # a stored record keeps its key; the rest is written
                    values = {name: value for name, value in values.items() if name not in self.keys}
                inputs.append(RecordInput(record, values, row_report.number))
        report.record_result(inputs, self.save(inputs, user=user, channel=Channel.IMPORT, apply=apply and report.ok))

    def lookups(self, user) -> dict:
        """The tables the Resource's Lookup widgets read, by name."""
        return {"zones": ZoneLookup(user)}

    def reference_sheets(self, user):
        return [zones_sheet(user)]


class ZonesKind(AdministeredKind):
    name = "zones"
    label = gettext_lazy("开发区")
    resource_class = ZoneResource
    save = staticmethod(save_zones)

    def export_rows(self, user, filters):
        zones = Zone.objects.all() if user is None else Zone.objects.for_user(user, Action.VIEW)
        return [list(row) for row in ZoneResource().export(zones)]


class ParksKind(AdministeredKind):
    name = "parks"
    label = gettext_lazy("园区")
    resource_class = ParkResource
    save = staticmethod(save_parks)

    def export_rows(self, user, filters):
        parks = Park.objects.select_related("zone")
        if user is not None:
            parks = parks.for_user(user, Action.VIEW)
        if filters.get("zone"):
            parks = parks.filter(zone__code=filters["zone"])
        return [list(row) for row in ParkResource().export(parks)]


for kind in (ZonesKind(), ParksKind()):
    register(kind)
