from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Park, User, Zone


class ParkInline(admin.TabularInline):
    model = Park
    extra = 0


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [ParkInline]


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
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
