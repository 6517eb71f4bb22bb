from django.contrib.admin.apps import AdminConfig


class DevZoneAdminConfig(AdminConfig):
    """django.contrib.admin with our site as `admin.site` (Django's documented way to replace it)."""

    default_site = "devzone.admin.DevZoneAdminSite"
