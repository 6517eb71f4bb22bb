from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:zone>/<year:year>/", views.preview, name="preview"),
    path("<str:zone>/<year:year>/download/", views.download, name="download"),
    path("<str:zone>/<year:year>/checklist/", views.download, {"checklist": True}, name="checklist"),
    path("<str:zone>/<year:year>/narrative/", views.narrative, name="narrative"),
    path("<str:zone>/<year:year>/narrative/copy/", views.narrative_copy, name="narrative_copy"),
    path("<str:zone>/<year:year>/sections/", views.sections, name="sections"),
    path("<str:zone>/<year:year>/<month:month>/briefing/", views.monthly_download, name="monthly_download"),
    path("<str:zone>/<year:year>/briefing/", views.monthly_download, name="monthly_latest"),
    path("<str:zone>/<year:year>/<month:month>/briefing/next/", views.next_steps, name="next_steps"),
    path("<str:zone>/<year:year>/<month:month>/briefing/checklist/", views.monthly_download, {"checklist": True}, name="monthly_checklist"),
    path("<str:zone>/<year:year>/briefing/checklist/", views.monthly_download, {"checklist": True}, name="monthly_latest_checklist"),
]
