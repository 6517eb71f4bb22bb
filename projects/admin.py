from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.models import Channel

from . import services
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


class ServiceSavedAdmin(admin.ModelAdmin):
    """Records change only through their services, so an administrator's edit passes the same
    checks and leaves the same history (channel "admin") as the browser forms. Deleting is
    left out: records end by status (终止, 迁出, 处置完毕), keeping their history."""

    service = None  # services.save_x(instance_or_None, values, *, user, channel)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class SameZoneForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                try:
                    services.check_same_zone(self.instance)
                except ValidationError as error:
                    self._update_errors(error)

        return SameZoneForm

    def save_model(self, request, obj, form, change):
        values = {name: value for name, value in form.cleaned_data.items() if name in {f.name for f in self.model._meta.fields}}
        saved = type(self).service(obj if change else None, values, user=request.user, channel=Channel.ADMIN)
        obj.pk = saved.pk
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False


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
class IndustryAdmin(ServiceSavedAdmin):
    service = services.save_industry
    list_display = ["name", "zone", "order"]
    list_filter = ["zone"]


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceSavedAdmin):
    service = services.save_enterprise
    list_display = ["name", "zone", "park", "industry", "credit_code", "is_above_scale", "is_listed", "status"]
    list_filter = ["zone", "industry", "status", "is_above_scale", "is_listed", "is_foreign", "is_high_tech"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["zone", "park", "industry"]
    inlines = [EnterpriseFigureInline]


@admin.register(Project)
class ProjectAdmin(ServiceSavedAdmin):
    service = services.save_project
    list_display = ["name", "zone", "park", "stage", "is_key", "level", "signed_on", "started_on", "completed_on"]
    list_filter = ["zone", "stage", "is_key", "level", "industry"]
    search_fields = ["name", "enterprise__name", "responsible_leader"]
    list_select_related = ["zone", "park"]
    inlines = [ProjectYearInline, ProjectProgressInline, ProjectProblemInline]


@admin.register(Parcel)
class ParcelAdmin(ServiceSavedAdmin):
    service = services.save_parcel
    list_display = ["code", "zone", "park", "area_mu", "use", "status", "idle_stage", "is_low_efficiency", "supplied_on"]
    list_filter = ["zone", "status", "idle_stage", "is_low_efficiency", "use", "supply_method"]
    search_fields = ["code", "location", "holder__name"]
    list_select_related = ["zone", "park"]
    inlines = [MortgageInline]


@admin.register(RelocationCase)
class RelocationCaseAdmin(ServiceSavedAdmin):
    service = services.save_relocation_case
    list_display = ["name", "zone", "kind", "enterprises_total", "enterprises_moved", "households_total", "households_moved"]
    list_filter = ["zone", "kind"]
