from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("<str:zone>/<year:year>/grades/", views.grades, name="grades"),
    path("<str:zone>/<year:year>/<month:month>/indicator/<slug:code>/", views.indicator, name="indicator"),
    path("<str:zone>/<year:year>/<month:month>/charts/<slug:chart>.xlsx", views.chart_xlsx, name="chart_xlsx"),
]
