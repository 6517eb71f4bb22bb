"""The annual inputs as an import kind: the records' machinery (projects.imports.RecordKind),
with the batch service of grading (rights, the year's lock, history, rescoring)."""

from django.utils.translation import gettext_lazy

from dataio.registry import register
from projects.imports import RecordKind

from . import services
from .resources import EnterpriseYearResource


class EnterpriseYearsKind(RecordKind):
    name = "enterprise_years"
    label = gettext_lazy("企业年度评价数据")
    resource_class = EnterpriseYearResource
    save = staticmethod(services.save_enterprise_years)
    order = ("enterprise__zone__code", "enterprise__name", "enterprise__pk", "year")
    period_lookups = {"year": "year"}


register(EnterpriseYearsKind())
