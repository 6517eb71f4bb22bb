from django.contrib import admin

from .models import ReportStyle


@admin.register(ReportStyle)
class ReportStyleAdmin(admin.ModelAdmin):
    list_display = ["zone", "growth_places", "completion_places", "figure_source"]
    list_select_related = ["zone"]
