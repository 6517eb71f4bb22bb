from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.models import Channel

from .models import Park, PeerGroup, User, Zone
from .services import mark_changed
from .writes import RecordInput, save_parks, save_zones


class ShownOnDashboardsAdmin(admin.ModelAdmin):
    """Records whose names every dashboard shows (zones, parks, the indicator catalogue), or
    that its figures are computed by (due days, the calendar): an edit raises every zone's data
    version, so no cached page keeps the old name or figure."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        mark_changed(None)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        mark_changed(None)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        mark_changed(None)


class WrittenByServiceAdmin(ShownOnDashboardsAdmin):
    """Zones, parks (zones.writes) and the indicator catalogue change only through their service: the form is checked
    by it, so an edit here meets the same refusal as the same row imported, and the save
    leaves the same history (channel "admin")."""

    service = None  # save_zones, save_parks or indicators.catalogue.save_indicators

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self

        class CheckedByService(form_class):
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    result = model_admin.write(request, self.instance, cleaned, apply=False)
                    for _item, field, message in result.errors:
                        self.add_error(field if field in self.fields else None, message)
                return cleaned

        return CheckedByService

    def write(self, request, obj, cleaned: dict, *, apply: bool):
        values = {f.name: cleaned[f.name] for f in self.model._meta.fields if f.name in cleaned}
        return type(self).service([RecordInput(obj if obj.pk else None, values)], user=request.user,
                                  channel=Channel.ADMIN, apply=apply)

    def save_model(self, request, obj, form, change):
        result = self.write(request, obj, form.cleaned_data, apply=True)
        if not result.ok:  # checked by the form a moment ago: only a concurrent edit gets here
            raise ValidationError([message for _item, _field, message in result.errors])
        obj.pk = result.records[0].pk
        obj._state.adding = False


class ParkInline(admin.TabularInline):
    model = Park
    extra = 0


@admin.register(Zone)
class ZoneAdmin(WrittenByServiceAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [ParkInline]
    service = save_zones

    def save_formset(self, request, form, formset, change):
        """The zone's parks, through the parks' service as well."""
        parks = formset.save(commit=False)
        for park in formset.deleted_objects:
            park.delete()
        inputs = [RecordInput(park if park.pk else None, {"zone": park.zone, "name": park.name}) for park in parks]
        result = save_parks(inputs, user=request.user, channel=Channel.ADMIN)
        if not result.ok:
            raise ValidationError([message for _item, _field, message in result.errors])
        if formset.deleted_objects:
            mark_changed(None)


@admin.register(Park)
class ParkAdmin(WrittenByServiceAdmin):
    list_display = ["name", "zone"]
    list_filter = ["zone"]
    search_fields = ["name"]
    service = save_parks


@admin.register(PeerGroup)
class PeerGroupAdmin(ShownOnDashboardsAdmin):
    """The drafts rank among a group's members: an edit changes every member's drafts."""

    list_display = ["name", "scope"]
    filter_horizontal = ["members"]
    search_fields = ["name"]


# Django stores its default permissions' names in English when it creates them ("Can add log
# entry"); the admin's pickers name them by their model and action in the page's language.
PERMISSION_ACTIONS = {"add": _("可增加"), "change": _("可修改"), "delete": _("可删除"), "view": _("可查看")}


def permission_label(permission) -> str:
    """管理 | 日志记录 | 可增加: a default permission by its model and action; any other by its own name."""
    action, _sep, model_name = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model_name == permission.content_type.model:
        return f"{permission.content_type} | {PERMISSION_ACTIONS[action]}"
    return str(permission)


class PermissionsInWordsAdmin(admin.ModelAdmin):
    permission_fields = ()

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.permission_fields:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class DevZoneGroupAdmin(PermissionsInWordsAdmin, GroupAdmin):
    permission_fields = ["permissions"]


@admin.register(User)
class DevZoneUserAdmin(PermissionsInWordsAdmin, UserAdmin):
    permission_fields = ["user_permissions"]
    list_display = ["username", "get_full_name", "role", "sees_all_zones", "is_active"]
    list_filter = ["role", "zones", "is_active"]
    filter_horizontal = ["zones", "groups", "user_permissions"]
    fieldsets = UserAdmin.fieldsets + ((_("角色与开发区"), {"fields": ["role", "zones", "sees_all_zones"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("角色与开发区"), {"fields": ["role", "zones", "sees_all_zones"]}),)
