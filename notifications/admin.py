from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed"]
    list_select_related = ["user"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["user", "event_key", "title", "body", "url", "created_at", "read_at", "emailed"]
