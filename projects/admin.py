from django import forms
from django.contrib import admin

from audit.models import Channel
from core.admin import ServiceSavedAdmin

from . import batch
from .forms import RecordPicker
from .models import (
    Enterprise,
    EnterpriseFigure,
    Industry,
    Mortgage,
    Parcel,
    Project,
    ProjectProblem,
    ProjectProgress,
    ProjectYear,
    RelocationCase,
)


class RecordAdminForm(forms.ModelForm):
    def validate_unique(self):
        """Left to the record's service (check_through_service), as on the record pages."""


class RecordAdmin(ServiceSavedAdmin):
    """Records end by status (终止, 迁出, 处置完毕), keeping their history, rather than by deletion.
    A save is checked, then written, by the record kind's batch service with one input."""

    service = None  # the kind's batch service: projects.batch.save_x(inputs, *, user, channel, apply)
    form = RecordAdminForm

    def _save(self, request, form, *, apply: bool):
        editable = {f.name for f in self.model._meta.fields if f.editable}
        values = {name: value for name, value in form.cleaned_data.items() if name in editable}
        record = form.instance if form.instance.pk else None
        return batch.save_one(self.service, record, values, user=request.user, channel=Channel.ADMIN,
                              expected_version=form.cleaned_data["version"], apply=apply)

    def check_through_service(self, request, form):
        self._save(request, form, apply=False)

    def save_through_service(self, request, obj, form, change):
        return self._save(request, form, apply=True)


class PickedRecordsAdmin(RecordAdmin):
    """Records that name a firm or project of their zone among hundreds: typed into, as on the
    record pages (RecordPicker), and limited to the record's zone once it has one."""

    picked = ()  # the foreign keys chosen by typing

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.picked:
            kwargs["widget"] = RecordPicker
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            for name in self.picked:
                field = form.base_fields.get(name)
                if field is not None:
                    field.queryset = field.queryset.filter(zone=obj.zone_id)
        return form


class ReadOnlyInline(admin.TabularInline):
    """Monthly rows are written from the record pages (through their services); the admin shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProjectYearInline(ReadOnlyInline):
    model = ProjectYear


class ProjectProgressInline(ReadOnlyInline):
    model = ProjectProgress


class ProjectProblemInline(ReadOnlyInline):
    model = ProjectProblem


class MortgageInline(ReadOnlyInline):
    model = Mortgage


class EnterpriseFigureInline(ReadOnlyInline):
    model = EnterpriseFigure


@admin.register(Industry)
class IndustryAdmin(RecordAdmin):
    service = staticmethod(batch.save_industries)
    list_display = ["name", "zone", "order"]
    list_filter = ["zone"]


@admin.register(Enterprise)
class EnterpriseAdmin(RecordAdmin):
    service = staticmethod(batch.save_enterprises)
    list_display = ["name", "zone", "park", "industry", "credit_code", "is_above_scale", "is_listed", "status"]
    list_filter = ["zone", "industry", "status", "is_above_scale", "is_listed", "is_foreign", "is_high_tech"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["zone", "park", "industry"]
    inlines = [EnterpriseFigureInline]


@admin.register(Project)
class ProjectAdmin(PickedRecordsAdmin):
    service = staticmethod(batch.save_projects)
    picked = ["enterprise"]
    list_display = ["name", "zone", "park", "stage", "is_key", "level", "signed_on", "started_on", "completed_on"]
    list_filter = ["zone", "stage", "is_key", "level", "industry"]
    search_fields = ["name", "enterprise__name", "responsible_leader"]
    list_select_related = ["zone", "park"]
    inlines = [ProjectYearInline, ProjectProgressInline, ProjectProblemInline]


@admin.register(Parcel)
class ParcelAdmin(PickedRecordsAdmin):
    service = staticmethod(batch.save_parcels)
    picked = ["holder", "project"]
    list_display = ["code", "zone", "park", "area_mu", "use", "status", "idle_stage", "is_low_efficiency", "supplied_on"]
    list_filter = ["zone", "status", "idle_stage", "is_low_efficiency", "use", "supply_method"]
    search_fields = ["code", "location", "holder__name"]
    list_select_related = ["zone", "park"]
    inlines = [MortgageInline]


@admin.register(RelocationCase)
class RelocationCaseAdmin(RecordAdmin):
    service = staticmethod(batch.save_relocation_cases)
    list_display = ["name", "zone", "kind", "enterprises_total", "enterprises_moved", "households_total", "households_moved"]
    list_filter = ["zone", "kind"]
