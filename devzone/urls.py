from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from api import views_tokens
from core.login import LoginForm, answers_refusal_status
from zones.views import home

handler500 = "core.middleware.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", answers_refusal_status(auth_views.LoginView.as_view(authentication_form=LoginForm)), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
         name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
         name="password_change_done"),
    # Switching language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Browsers ask for /favicon.ico whatever the page links; the icon is a static file.
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("favicon.ico"), permanent=True))),
    path("accounts/tokens/", views_tokens.token_list, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="api_token_revoke"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("indicators.urls")),
    path("", include("projects.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("grading/", include("grading.urls")),
    path("reports/", include("reports.urls")),
    path("data/", include("dataio.urls")),
    path("todo/", include("deadlines.urls")),
    path("notifications/", include("notifications.urls")),
    path("jobs/", include("jobs.urls")),
]
