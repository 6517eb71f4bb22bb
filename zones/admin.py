from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Park, User, Zone
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


@admin.register(User)
class DevZoneUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "sees_all_zones", "is_active"]
    list_filter = ["role", "zones", "is_active"]
    filter_horizontal = ["zones", "groups", "user_permissions"]
    fieldsets = UserAdmin.fieldsets + ((_("角色与开发区"), {"fields": ["role", "zones", "sees_all_zones"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("角色与开发区"), {"fields": ["role", "zones", "sees_all_zones"]}),)
