from django.contrib import admin

from zones.admin import ShownOnDashboardsAdmin

from .models import ReportStyle


@admin.register(ReportStyle)
class ReportStyleAdmin(ShownOnDashboardsAdmin):
    """The figure source decides what the dashboards' record cards state too: a change is shown at once."""

    list_display = ["zone", "issuer", "rank_group", "growth_places", "completion_places", "amount_places", "figure_source"]
    list_select_related = ["zone", "rank_group"]
