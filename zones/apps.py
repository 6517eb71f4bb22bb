from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区与用户")

    def ready(self):
        # Its import kinds (the dataio framework's registry).
        from . import imports  # noqa: F401
