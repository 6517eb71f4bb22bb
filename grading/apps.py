from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "grading"
    verbose_name = _("亩均效益综合评价")

    def ready(self):
        # The annual inputs' import/export kind (dataio).
        from . import imports  # noqa: F401
