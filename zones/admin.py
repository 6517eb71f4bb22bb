from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import Park, PeerGroup, User, Zone
from .services import mark_changed


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


class ParkInline(admin.TabularInline):
    model = Park
    extra = 0


@admin.register(Zone)
class ZoneAdmin(ShownOnDashboardsAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [ParkInline]


@admin.register(Park)
class ParkAdmin(ShownOnDashboardsAdmin):
    list_display = ["name", "zone"]
    list_filter = ["zone"]
    search_fields = ["name"]


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
