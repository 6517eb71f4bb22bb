"""The admin site: its title, who reaches it, and its login limited as the site's is."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required

from core.login import AdminLoginForm, answers_refusal_status


class DevZoneAdminSite(admin.AdminSite):
    site_header = site_title = "DevZone 开发区运行监测"
    # The admin's login counts guesses as the site's does (core/login.py).
    login_form = AdminLoginForm

    def has_permission(self, request):
        # Only administrators (not every is_staff account) reach the admin site.
        return super().has_permission(request) and request.user.is_administrator

    @login_not_required  # as AdminSite.login is: this override is the view the URL names
    def login(self, request, extra_context=None):
        return answers_refusal_status(super().login)(request, extra_context)
