from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("industries/", views.industry_list, name="industry_list"),
    path("industries/new/", views.industry_create, name="industry_create"),
    path("industries/<int:pk>/", views.industry_detail, name="industry_detail"),
    path("industries/<int:pk>/edit/", views.industry_edit, name="industry_edit"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/figures/", views.enterprise_figure, name="enterprise_figure"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/key/", views.key_projects, name="key_projects"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/plan/", views.project_year, name="project_year"),
    path("projects/<int:pk>/progress/<year:year>/<month:month>/", views.progress_edit, name="progress_edit"),
    path("export/<str:kind>.<str:file_format>", views.export, name="export"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/resolve/", views.problem_resolve, name="problem_resolve"),
    path("land/", views.parcel_list, name="parcel_list"),
    path("land/new/", views.parcel_create, name="parcel_create"),
    path("land/idle-candidates/", views.idle_candidates, name="idle_candidates"),
    path("land/efficiency/", views.land_efficiency, name="land_efficiency"),
    path("land/<int:pk>/", views.parcel_detail, name="parcel_detail"),
    path("land/<int:pk>/edit/", views.parcel_edit, name="parcel_edit"),
    path("land/<int:pk>/mortgages/", views.mortgage_add, name="mortgage_add"),
    path("land/<int:pk>/confirm-idle/", views.idle_confirm, name="idle_confirm"),
    path("relocation/", views.relocation_list, name="relocation_list"),
    path("relocation/new/", views.relocation_create, name="relocation_create"),
    path("relocation/<int:pk>/", views.relocation_detail, name="relocation_detail"),
    path("relocation/<int:pk>/edit/", views.relocation_edit, name="relocation_edit"),
]
