"""Enterprises, their monthly figures (tax and output, year to date) and the zones' industries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import LineField
from zones.models import ZoneScopedQuerySet

from ..validators import validate_credit_code
from .common import AMOUNT, at_least, non_negative


class Industry(models.Model):
    """A zone's own list of industries (新能源, 现代医药 …), managed by its administrators."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="industries", verbose_name=_("开发区"))
    name = LineField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "order", "name"]
        verbose_name = _("产业")
        verbose_name_plural = _("产业")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="industry_unique_name_per_zone",
                                               violation_error_message=_("本开发区已有同名产业"))]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        # The name is what clashes: forms and the admin show the message at the name field,
        # as imports do, rather than above the form.
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from None


class Enterprise(models.Model):
    class Status(models.TextChoices):
        INCUBATING = "incubating", _("在孵")
        BUILDING = "building", _("建设中")
        PRODUCING = "producing", _("投产")
        HALTED = "halted", _("停产")
        MOVED_OUT = "moved_out", _("迁出")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("开发区"))
    park = models.ForeignKey("zones.Park", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("园区"))
    name = LineField(_("企业名称"), max_length=200)
    # Optional (a new enterprise is often registered before its code is known): NULL when
    # missing, so the uniqueness of the codes given holds on SQLite and PostgreSQL alike.
    credit_code = LineField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code],
        error_messages={"unique": _("该统一社会信用代码已登记")},
    )
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("产业"))
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    is_listed = models.BooleanField(_("上市公司"), default=False)
    is_foreign = models.BooleanField(_("外资企业"), default=False)
    is_high_tech = models.BooleanField(_("高新技术企业"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PRODUCING)
    contact_person = LineField(_("联系人"), max_length=50, blank=True)
    contact_phone = LineField(_("联系电话"), max_length=30, blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self):
        return self.name


class EnterpriseFigureQuerySet(ZoneScopedQuerySet):
    zone_lookup = "enterprise__zone"


class EnterpriseFigure(models.Model):
    """An enterprise's tax and output, year to date, as reported for a month.

    Both in 万元 (output too, so that 亩均税收 and 亩均产值 share a unit); 亿元 is display only.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="figures", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    tax_ytd = models.DecimalField(_("1-N月累计税收（万元）"), null=True, blank=True, validators=at_least(0, _("税收不能为负数")), **AMOUNT)
    output_ytd = models.DecimalField(_("1-N月累计产值（万元）"), null=True, blank=True, validators=at_least(0, _("产值不能为负数")), **AMOUNT)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = EnterpriseFigureQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-year", "-month"]
        verbose_name = _("企业月度税收产值")
        verbose_name_plural = _("企业月度税收产值")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="enterprise_figure_unique_month",
                                    violation_error_message=_("该企业本月数据已存在")),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="enterprise_figure_month_range",
                                   violation_error_message=_("月份应为1-12")),
            non_negative("tax_ytd", "enterprise_figure_tax_non_negative", _("税收不能为负数")),
            non_negative("output_ytd", "enterprise_figure_output_non_negative", _("产值不能为负数")),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}-{self.month:02d}"


# The date field recording when each project stage was reached.
