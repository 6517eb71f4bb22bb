from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("entry/", views.entry_pick, name="entry_pick"),
    path("entry/<str:zone>/<year:year>/<month:month>/", views.entry_month, name="entry"),
    path("entry/<str:zone>/<year:year>/<month:month>/preview/", views.entry_preview, name="entry_preview"),
    path("targets/", views.targets_pick, name="targets"),
    path("targets/<str:zone>/<year:year>/", views.targets_year, name="targets_year"),
]

# --- review, completeness and the month-level export (indicators/views_review.py) ---
from . import views_review  # noqa: E402

urlpatterns += [
    path("review/", views_review.completeness, name="completeness"),
    path("review/<str:zone>/<year:year>/<month:month>/", views_review.review_month, name="review"),
    path("review/<str:zone>/<year:year>/<month:month>/export.xlsx", views_review.month_export, name="month_export"),
    path(
        "review/<str:zone>/<year:year>/<month:month>/<str:action>/",
        views_review.review_transition,
        name="review_transition",
    ),
]
