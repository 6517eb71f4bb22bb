from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Emails that failed (and why) are found here: 邮件 = 发送失败, or 待发送 with an error.
    list_display = ["created_at", "user", "title", "read_at", "email", "email_attempts", "email_error"]
    list_filter = ["email"]
    list_select_related = ["user"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["user", "event_key", "title", "body", "url", "created_at", "read_at", "email", "email_attempts",
                       "email_error"]
