from django.contrib import admin

from .models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "object_repr", "field", "old_value", "new_value", "user", "channel", "zone"]
    list_filter = ["channel", "zone", "content_type"]
    search_fields = ["object_repr", "field", "user__username"]
    list_select_related = ["user", "zone"]
    date_hierarchy = "created_at"

    # History is written only by the services that change data; nobody edits it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
