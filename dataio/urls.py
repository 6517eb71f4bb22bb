from django.urls import path

from . import views

app_name = "dataio"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("confirm/", views.import_confirm, name="confirm"),
    path("cancel/", views.import_cancel, name="cancel"),
    path("export/", views.export, name="export"),
    path("template/<str:kind>.xlsx", views.template, name="template"),
]
