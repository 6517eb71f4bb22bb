from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("企业、项目与土地")

    def ready(self):
        # The record kinds of the import/export framework (dataio).
        from . import imports  # noqa: F401
