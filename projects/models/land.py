"""Land parcels (supply, disposal of idle land), mortgages on them and relocation cases."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.text import LineField, ProseField
from zones.models import ZoneScopedQuerySet

from .common import AMOUNT, AREA, at_least, non_negative, not_before
from .enterprises import Enterprise
from .projects import Project


def held_land(via: str = "") -> Q:
    """Land an enterprise holds: every parcel but reserve land (储备), which the zone holds."""
    return ~Q(**{f"{via}status": Parcel.Status.RESERVE})


class Parcel(models.Model):
    class Use(models.TextChoices):
        INDUSTRIAL = "industrial", _("工业")
        COMMERCIAL = "commercial", _("商业")
        RESIDENTIAL = "residential", _("住宅")
        WAREHOUSE = "warehouse", _("仓储")
        PUBLIC = "public", _("公共设施")
        OTHER = "other", _("其他")

    class SupplyMethod(models.TextChoices):
        AGREEMENT = "agreement", _("协议出让")
        TENDER = "tender", _("招标出让")
        AUCTION = "auction", _("拍卖出让")
        LISTING = "listing", _("挂牌出让")
        ALLOCATION = "allocation", _("划拨")

    class Status(models.TextChoices):
        RESERVE = "reserve", _("储备")
        SUPPLIED = "supplied", _("已供应")
        STARTED = "started", _("已开工")
        COMPLETED = "completed", _("已竣工")

    class IdleStage(models.TextChoices):
        INVESTIGATION = "investigation", _("调查")
        CONFIRMED = "confirmed", _("认定")
        URGED = "urged", _("督促开工")
        RECOVERY = "recovery", _("清收")
        DISPOSED = "disposed", _("处置完毕")

    # Stages in which a parcel still counts as idle land (处置完毕 no longer does).
    OPEN_IDLE_STAGES = [IdleStage.INVESTIGATION, IdleStage.CONFIRMED, IdleStage.URGED, IdleStage.RECOVERY]

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="parcels", verbose_name=_("开发区"))
    park = models.ForeignKey("zones.Park", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("园区"))
    code = LineField(_("宗地编号"), max_length=50)
    location = LineField(_("坐落"), max_length=200, blank=True)
    area_mu = models.DecimalField(_("面积（亩）"), validators=at_least(Decimal("0.01"), _("面积须大于0")), **AREA)  # 0.01: its places
    use = models.CharField(_("用途"), max_length=16, choices=Use.choices, default=Use.INDUSTRIAL)
    supply_method = models.CharField(_("供应方式"), max_length=16, choices=SupplyMethod.choices, blank=True)
    price = models.DecimalField(_("成交价（万元）"), null=True, blank=True, validators=at_least(0, _("成交价不能为负数")), **AMOUNT)
    contract_start_on = models.DateField(_("合同约定开工日期"), null=True, blank=True)
    supplied_on = models.DateField(_("供地日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    holder = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="parcels", verbose_name=_("用地单位"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="parcels", verbose_name=_("项目"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RESERVE)
    idle_stage = models.CharField(_("闲置土地处置阶段"), max_length=16, choices=IdleStage.choices, blank=True)
    is_low_efficiency = models.BooleanField(_("低效用地"), default=False)
    note = ProseField(_("备注"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "code"]
        verbose_name = _("宗地")
        verbose_name_plural = _("宗地")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="parcel_unique_code_per_zone",
                                    violation_error_message=_("本开发区已有该宗地编号")),
            models.CheckConstraint(condition=Q(area_mu__gt=0), name="parcel_area_positive",
                                   violation_error_message=_("面积须大于0")),
            non_negative("price", "parcel_price_non_negative", _("成交价不能为负数")),
            not_before("started_on", "supplied_on", "parcel_started_after_supplied", _("开工日期不能早于供地日期")),
            not_before("completed_on", "started_on", "parcel_completed_after_started", _("竣工日期不能早于开工日期")),
            models.CheckConstraint(
                condition=Q(status="reserve") | Q(supplied_on__isnull=False),
                name="parcel_supplied_dated", violation_error_message=_("已供应的宗地须填写供地日期"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["reserve", "supplied"]) | Q(started_on__isnull=False),
                name="parcel_started_dated", violation_error_message=_("已开工的宗地须填写开工日期"),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="parcel_completed_dated", violation_error_message=_("已竣工的宗地须填写竣工日期"),
            ),
            # Only supplied land can be idle: reserve land has no holder to dispose against.
            models.CheckConstraint(
                condition=Q(idle_stage="") | ~Q(status="reserve"),
                name="parcel_idle_needs_supply", violation_error_message=_("储备土地不能列为闲置土地"),
            ),
        ]

    def __str__(self):
        return self.code


class MortgageQuerySet(ZoneScopedQuerySet):
    zone_lookup = "parcel__zone"


class Mortgage(models.Model):
    """他项权利登记: a mortgage registered on a parcel's use right, with the amount financed."""

    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="mortgages", verbose_name=_("宗地"))
    registered_on = models.DateField(_("登记日期"))
    certificate_no = LineField(_("他项权证号"), max_length=60, blank=True)
    creditor = LineField(_("抵押权人"), max_length=100)
    amount = models.DecimalField(_("融资金额（万元）"), validators=at_least(0, _("融资金额不能为负数")), **AMOUNT)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = MortgageQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("他项权利登记")
        verbose_name_plural = _("他项权利登记")
        constraints = [non_negative("amount", "mortgage_amount_non_negative", _("融资金额不能为负数"))]

    def __str__(self):
        return f"{self.parcel} {self.registered_on}"


class RelocationCase(models.Model):
    """收储/征迁: the zone buys back land and relocates the enterprises and households on it."""

    class Kind(models.TextChoices):
        ACQUISITION = "acquisition", _("收储")
        RELOCATION = "relocation", _("征迁")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="relocation_cases", verbose_name=_("开发区"))
    name = LineField(_("片区/项目"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.RELOCATION)
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    closed_on = models.DateField(_("完成日期"), null=True, blank=True)
    enterprises_total = models.PositiveIntegerField(_("涉及企业（家）"), default=0)
    enterprises_moved = models.PositiveIntegerField(_("已搬迁企业（家）"), default=0)
    households_total = models.PositiveIntegerField(_("涉及住户（户）"), default=0)
    households_moved = models.PositiveIntegerField(_("已搬迁住户（户）"), default=0)
    note = ProseField(_("进展说明"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("收储征迁")
        verbose_name_plural = _("收储征迁")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="relocation_unique_name_per_zone",
                                    violation_error_message=_("本开发区已有同名收储征迁项目")),
            models.CheckConstraint(condition=Q(enterprises_moved__lte=F("enterprises_total")), name="relocation_enterprises_moved_le_total",
                                   violation_error_message=_("已搬迁企业不能多于涉及企业")),
            models.CheckConstraint(condition=Q(households_moved__lte=F("households_total")), name="relocation_households_moved_le_total",
                                   violation_error_message=_("已搬迁住户不能多于涉及住户")),
            not_before("closed_on", "started_on", "relocation_closed_after_started", _("完成日期不能早于启动日期")),
        ]

    def __str__(self):
        return self.name
