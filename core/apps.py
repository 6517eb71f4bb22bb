from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "DevZone core"

    def ready(self):
        from .periods import MonthConverter, YearConverter

        register_converter(YearConverter, "year")
        register_converter(MonthConverter, "month")
