"""Administrators edit the schemes here (the read-only page is grading:scheme). A scheme a
final evaluation used is locked with it."""

from django.contrib import admin

from audit.models import Channel
from audit.services import record_changes

from .models import Grading, Scheme, SchemeIndicator


class SchemeIndicatorInline(admin.TabularInline):
    model = SchemeIndicator
    extra = 1


def _locked(scheme) -> bool:
    return scheme is not None and scheme.pk is not None and scheme.gradings.filter(status=Grading.Status.FINAL).exists()


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["zone", "year", "name", "method", "is_example"]
    list_filter = ["zone", "year", "is_example"]
    inlines = [SchemeIndicatorInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.gradings.exists())

    def save_model(self, request, obj, form, change):
        # The scheme's own history, as every write leaves one (channel "admin").
        before = Scheme.objects.filter(pk=obj.pk).values(*form.changed_data).first() if change else {}
        super().save_model(request, obj, form, change)
        changes = {name: ((before or {}).get(name), getattr(obj, name)) for name in form.changed_data if name != "zone"}
        record_changes(obj, changes, user=request.user, channel=Channel.ADMIN, zone=obj.zone)
