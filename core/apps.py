from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "DevZone core"

    def ready(self):
        from .middleware import IdleTimeoutMiddleware
        from .periods import MonthConverter, YearConverter

        user_logged_in.connect(IdleTimeoutMiddleware.logged_in)
        register_converter(YearConverter, "year")
        register_converter(MonthConverter, "month")
