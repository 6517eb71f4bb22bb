from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("指标与月度数据")

    def ready(self):
        # Its import kinds (the dataio framework's registry).
        from . import catalogue_imports, imports  # noqa: F401
