from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "dataio"
    verbose_name = _("导入导出")

    def ready(self):
        # The built-in kinds; other apps register theirs in their own ready().
        from . import kinds  # noqa: F401
