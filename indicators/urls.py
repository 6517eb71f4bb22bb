from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("entry/", views.entry_pick, name="entry_pick"),
    path("entry/<str:zone>/<int:year>/<int:month>/", views.entry_month, name="entry"),
    path("entry/<str:zone>/<int:year>/<int:month>/preview/", views.entry_preview, name="entry_preview"),
    path("targets/", views.targets_pick, name="targets"),
    path("targets/<str:zone>/<int:year>/", views.targets_year, name="targets_year"),
]
