from django.contrib import admin

from zones.admin import ShownOnDashboardsAdmin

from .models import CalendarDay, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ShownOnDashboardsAdmin):
    list_display = ["kind", "zone", "due_day", "approval_days", "remind_days_before"]
    list_filter = ["kind"]
    list_select_related = ["zone"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ShownOnDashboardsAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
