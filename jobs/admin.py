from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "user", "status", "percent", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    exclude = ["result"]
    readonly_fields = [f for f in ["kind", "user", "params", "status", "percent", "rows_done", "rows_total", "message",
                                   "error", "result_name", "created_at", "started_at", "finished_at"]]

    def has_add_permission(self, request):
        return False
