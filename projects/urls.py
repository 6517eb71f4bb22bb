from django.urls import path

from .views import enterprises, exports, industries, land, projects, relocation

app_name = "projects"
urlpatterns = [
    path("industries/", industries.industry_list, name="industry_list"),
    path("industries/new/", industries.industry_create, name="industry_create"),
    path("industries/<int:pk>/", industries.industry_detail, name="industry_detail"),
    path("industries/<int:pk>/edit/", industries.industry_edit, name="industry_edit"),
    path("enterprises/", enterprises.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", enterprises.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/figures/", enterprises.enterprise_figure, name="enterprise_figure"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/key/", projects.key_projects, name="key_projects"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/plan/", projects.project_year, name="project_year"),
    path("projects/<int:pk>/progress/<year:year>/<month:month>/", projects.progress_edit, name="progress_edit"),
    path("export/<str:kind>.<str:file_format>", exports.export, name="export"),
    path("problems/", projects.problem_list, name="problem_list"),
    path("problems/<int:pk>/resolve/", projects.problem_resolve, name="problem_resolve"),
    path("land/", land.parcel_list, name="parcel_list"),
    path("land/new/", land.parcel_create, name="parcel_create"),
    path("land/idle-candidates/", land.idle_candidates, name="idle_candidates"),
    path("land/efficiency/", land.land_efficiency, name="land_efficiency"),
    path("land/<int:pk>/", land.parcel_detail, name="parcel_detail"),
    path("land/<int:pk>/edit/", land.parcel_edit, name="parcel_edit"),
    path("land/<int:pk>/mortgages/", land.mortgage_add, name="mortgage_add"),
    path("land/<int:pk>/confirm-idle/", land.idle_confirm, name="idle_confirm"),
    path("relocation/", relocation.relocation_list, name="relocation_list"),
    path("relocation/new/", relocation.relocation_create, name="relocation_create"),
    path("relocation/<int:pk>/", relocation.relocation_detail, name="relocation_detail"),
    path("relocation/<int:pk>/edit/", relocation.relocation_edit, name="relocation_edit"),
]
