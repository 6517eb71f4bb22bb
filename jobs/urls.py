from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/result/", views.job_result, name="result"),
    path("drafts/", views.drafts, name="drafts"),
    path("import/", views.import_confirm, name="import_confirm"),
]
