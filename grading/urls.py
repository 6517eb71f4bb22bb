from django.urls import path

from . import views

app_name = "grading"
urlpatterns = [
    path("", views.index, name="index"),
    path("enterprise/<int:pk>/", views.enterprise, name="enterprise"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
    path("objections/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<str:zone>/low-efficiency/", views.low_efficiency, name="low_efficiency"),
    path("<str:zone>/<year:year>/", views.overview, name="overview"),
    path("<str:zone>/<year:year>/run/", views.run, name="run"),
    path("<str:zone>/<year:year>/fill/", views.fill, name="fill"),
    path("<str:zone>/<year:year>/publish/", views.publish, name="publish"),
    path("<str:zone>/<year:year>/finalise/", views.finalise, name="finalise"),
    path("<str:zone>/<year:year>/inputs/", views.inputs, name="inputs"),
    path("<str:zone>/<year:year>/inputs/<int:enterprise>/", views.input_edit, name="input_edit"),
    path("<str:zone>/<year:year>/objections/new/", views.objection_add, name="objection_add"),
    path("<str:zone>/<year:year>/scheme/", views.scheme, name="scheme"),
    path("<str:zone>/<year:year>/publicity.<str:file_format>", views.publicity_file, name="publicity"),
]
