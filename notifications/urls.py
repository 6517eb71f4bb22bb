from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="mark_read"),
    path("preference/", views.preference, name="preference"),
    path("unread.json", views.unread, name="unread"),
]
