import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from audit.models import Channel
from core.periods import FIRST_YEAR, LAST_YEAR
from core.text import LineField, ProseField
from zones.models import ZoneScopedQuerySet

from . import statistics

UNIT_CHOICES = [(unit, unit) for unit in statistics.UNITS]
AMOUNT = {"max_digits": 20, "decimal_places": 4}
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class Category(models.Model):
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name_zh = LineField(_("中文名称"), max_length=50, unique=True)
    name_en = LineField(_("英文名称"), max_length=80)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("指标类别")
        verbose_name_plural = _("指标类别")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def by_code_or_name(self) -> dict[str, "Indicator"]:
        """Lookup table for imports: indicators named by code or by Chinese name."""
        table = {}
        for indicator in self:
            table[indicator.code] = indicator
            table[indicator.name_zh] = indicator
        return table


# 目标任务's phrase of an indicator without its own (Indicator.target_phrase).
DEFAULT_TARGET_PHRASE = "完成{name}{amount}"


def _placeholders(phrase: str) -> set[str | None]:
    """The {…} names of a phrase; a stray brace is refused as a placeholder no draft can fill."""
    try:
        return {field for _text, field, _spec, _conv in string.Formatter().parse(phrase) if field is not None}
    except ValueError:
        return {None}


class Indicator(models.Model):
    class Kind(models.TextChoices):
        FLOW = "flow", _("流量（全年累计）")
        STOCK = "stock", _("存量（月末时点数）")

    class EntryMode(models.TextChoices):
        YTD = "ytd", _("填报1-N月累计")
        MONTH = "month", _("填报当月数")

    code = models.CharField(
        _("代码"),
        max_length=50,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", _("代码须为小写字母、数字和下划线"))],
    )
    name_zh = LineField(_("中文名称"), max_length=60, unique=True)
    name_en = LineField(_("英文名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=8, choices=UNIT_CHOICES)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.FLOW)
    entry_mode = models.CharField(_("填报方式"), max_length=8, choices=EntryMode.choices, default=EntryMode.YTD)
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=2, validators=[MaxValueValidator(4)])
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("类别"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("上级指标（其中）"),
        help_text=_("本指标是上级指标的一部分，数值不能超过上级指标"),
    )
    allow_negative = models.BooleanField(_("允许负数"), default=False)
    higher_is_better = models.BooleanField(_("越高越好"), default=True)
    min_value = models.DecimalField(_("合理范围下限"), null=True, blank=True, **AMOUNT)
    max_value = models.DecimalField(_("合理范围上限"), null=True, blank=True, **AMOUNT)
    is_headline = models.BooleanField(_("重点指标"), default=False, help_text=_("在领导看板上以卡片显示"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    # How the drafts word the indicator (reports.annual): catalogue data, so an indicator an
    # administrator adds reads as he words it.
    report_verb = LineField(
        _("报告动词"), max_length=20, blank=True, default="完成",
        help_text=_("报告中实际数前的动词，如“完成”“实现”；留空则直接写名称和数字"),
    )
    short_name = LineField(
        _("报告简称"), max_length=60, blank=True,
        help_text=_("报告句子中使用的名称，如“税收”；留空则使用中文名称"),
    )
    target_phrase = LineField(
        _("目标任务写法"), max_length=60, blank=True,
        help_text=_("报告“目标任务”中的写法，{name}为名称，{amount}为目标数，如“{name}达到{amount}”；留空则写作“完成{name}{amount}”"),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="indicator_not_own_parent"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                name="indicator_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def is_flow(self) -> bool:
        return self.kind == self.Kind.FLOW

    @property
    def enters_ytd(self) -> bool:
        """Staff type the 1-N月累计 figure (stocks are always a month-end level)."""
        return self.is_flow and self.entry_mode == self.EntryMode.YTD

    @property
    def entered_in_ytd(self) -> bool:
        """The figure staff type is kept in the YTD column: a 1-N月累计 figure, or a stock's
        month-end level (which both columns hold)."""
        # enters_ytd or not is_flow, without their two calls: read for every figure imported.
        return self.kind != self.Kind.FLOW or self.entry_mode == self.EntryMode.YTD

    def clean(self):
        if self.parent_id:
            if self.parent_id == self.pk or self._above_itself():
                raise ValidationError({"parent": _("指标不能是自己的上级")})
            if statistics.unit_family(self.parent.unit) != statistics.unit_family(self.unit):
                raise ValidationError({"parent": _("上级指标的单位须与本指标可换算")})
            if self.parent.kind != self.kind:
                raise ValidationError({"parent": _("上级指标须与本指标类型相同")})
        if self.kind == self.Kind.STOCK and self.entry_mode != self.EntryMode.YTD:
            raise ValidationError({"entry_mode": _("存量指标填报月末时点数，填报方式请选“1-N月累计”")})
        if self.target_phrase and _placeholders(self.target_phrase) - {"name", "amount"}:
            raise ValidationError({"target_phrase": _("目标任务写法只能使用{name}和{amount}")})

    @property
    def report_name(self) -> str:
        """The name the drafts' sentences use."""
        return self.short_name or self.name_zh

    def target_text(self, amount: str) -> str:
        """The indicator's phrase in 目标任务: "完成固定资产投资30亿元"."""
        return (self.target_phrase or DEFAULT_TARGET_PHRASE).format(name=self.report_name, amount=amount)

    def _above_itself(self) -> bool:
        """Whether the indicator is among its parent's own parents (a loop of 其中)."""
        above, seen = self.parent, set()
        while above is not None and above.pk not in seen:
            if self.pk is not None and above.pk == self.pk:
                return True
            seen.add(above.pk)
            above = above.parent
        return False


class AnnualTarget(models.Model):
    """年度目标任务, kept in the indicator's unit."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="targets", verbose_name=_("开发区"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("指标"))
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("年度目标"), **AMOUNT)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Optimistic locking: save_targets raises it and refuses a save made on an older one.
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "year", "indicator__category__order", "indicator__order"]
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        constraints = [
            models.UniqueConstraint(fields=["zone", "indicator", "year"], name="target_unique_per_zone_year"),
            models.CheckConstraint(condition=Q(target_value__gt=0), name="target_positive"),
        ]

    def __str__(self):
        return f"{self.zone} {self.year} {self.indicator}"


class ZoneMonth(models.Model):
    """A zone's reporting month: its review status and an edit counter for optimistic locking."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")
        # Staff say the month is not reported on its own (1月 merged into 1-2月), with a reason.
        NOT_REPORTED = "not_reported", _("不单独报送")

    LOCKED_STATUSES = (Status.SUBMITTED, Status.APPROVED)  # see is_locked
    # Months that need nothing more from staff: a later month goes once every earlier one is here.
    SETTLED_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.NOT_REPORTED)

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="months", verbose_name=_("开发区"))
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every save: a form that loaded an older version is told of the conflict.
    version = models.PositiveIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "-year", "-month"]
        verbose_name = _("填报月份")
        verbose_name_plural = _("填报月份")
        constraints = [
            models.UniqueConstraint(fields=["zone", "year", "month"], name="zone_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="zone_month_month_range"),
        ]

    def __str__(self):
        return f"{self.zone} {self.year}年{self.month}月"

    @property
    def is_locked(self) -> bool:
        """Submitted or approved: no write may change the month's figures, stored or derived,
        until the reviewer returns it."""
        return self.status in self.LOCKED_STATUSES


class MonthTransition(models.Model):
    zone_month = models.ForeignKey(ZoneMonth, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ZoneMonth.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ZoneMonth.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("操作人"))
    reason = ProseField(_("原因"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    # The month's version the transition was made at: a reviewer decides on the version they saw.
    version = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    # Submissions and approvals keep the month's figures as they were, {indicator code: [ytd,
    # month value, published growth]}, and the sha256 of their canonical text (selectors.month_figures).
    figures = models.JSONField(_("数据快照"), default=dict, blank=True)
    fingerprint = models.CharField(_("数据指纹"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self):
        return f"{self.zone_month} {self.get_from_status_display()} → {self.get_to_status_display()}"


class ConfirmedWarning(models.Model):
    """A warning staff confirmed when saving a figure, kept for the reviewer."""

    zone_month = models.ForeignKey(ZoneMonth, on_delete=models.PROTECT, related_name="confirmed_warnings", verbose_name=_("填报月份"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("指标"))
    code = models.CharField(_("类型"), max_length=32)
    message = models.TextField(_("提示"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("确认人"))
    created_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        ordering = ["zone_month", "created_at", "id"]
        verbose_name = _("已确认的提示")
        verbose_name_plural = _("已确认的提示")

    def __str__(self):
        return f"{self.zone_month} {self.indicator}：{self.message}"


class MonthlyValue(models.Model):
    """One indicator of one zone in one month.

    Both the month's own value and the YTD total are stored: staff enter whichever the
    indicator's entry mode says, and the service derives the other for the whole year
    (statistics.month_values_from_ytd / ytd_from_month_values), so dashboards read YTD
    directly. For stock indicators both hold the month-end level.
    """

    # No index of their own: value_unique_per_month leads with zone, value_indicator_month_idx with
    # indicator, and every index costs an import of 100,000 values its upkeep.
    zone = models.ForeignKey(
        "zones.Zone", on_delete=models.PROTECT, related_name="values", db_index=False, verbose_name=_("开发区")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", db_index=False, verbose_name=_("指标")
    )
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    month_value = models.DecimalField(_("本月"), null=True, blank=True, **AMOUNT)
    ytd_value = models.DecimalField(_("1-本月累计"), null=True, blank=True, **AMOUNT)
    published_yoy = models.DecimalField(
        _("公布的同比增长(%)"), null=True, blank=True, max_digits=9, decimal_places=2,
        help_text=_("统计部门公布的累计同比增速；填写后优先显示"),
    )
    # Decimals the figure was typed with ("8.0" is 1, "171" is 0), so reports print it as published
    # rather than padded to the column's 4 places. Empty for values entered before they existed.
    entered_places = models.PositiveSmallIntegerField(_("填报值小数位数"), null=True, blank=True, editable=False)
    yoy_places = models.PositiveSmallIntegerField(_("公布同比小数位数"), null=True, blank=True, editable=False)
    comment = ProseField(_("备注"), blank=True)
    # The database stamps the rows COPY inserts itself (db_default): two timestamps were more than
    # half the text an import of 100,000 new values sent. The ORM sets both as usual.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_default=Now())
    # Who first entered the month's figures, when and how: a value's history is this and the
    # ChangeRecords of every later change. Kept on the row, not as history rows, because an import
    # creates 100,000 values at once and a second row per value doubled what it writes. Empty
    # for values entered before these columns existed: their creation is in the history.
    created_at = models.DateTimeField(_("录入时间"), null=True, auto_now_add=True, db_default=Now())
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False,
        related_name="+", editable=False, verbose_name=_("录入人"),
    )
    created_channel = models.CharField(
        _("录入渠道"), max_length=16, choices=Channel.choices, blank=True, default="", db_default="", editable=False
    )

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "year", "month", "indicator__category__order", "indicator__order"]
        verbose_name = _("月度数据")
        verbose_name_plural = _("月度数据")
        constraints = [
            models.UniqueConstraint(fields=["zone", "indicator", "year", "month"], name="value_unique_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="value_month_range"),
        ]
        indexes = [models.Index(fields=["indicator", "year", "month"], name="value_indicator_month_idx")]

    def __str__(self):
        return self.label(self.zone, self.year, self.month, self.indicator)

    @staticmethod
    def label(zone, year: int, month: int, indicator) -> str:
        """What str() of the value says; bulk writes pass the zone and indicator names once
        for all their months."""
        return f"{zone} {year}年{month}月 {indicator}"

    @property
    def entered_value(self):
        """The figure as staff type it: YTD for indicators entered as 1-N月累计."""
        return self.ytd_value if self.indicator.entered_in_ytd else self.month_value


class RequiredIndicator(models.Model):
    """An indicator a zone must report every month, set by administrators: a blank one blocks the
    month's submission, where other blanks need only a reason (indicators.submission)."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="required_indicators", verbose_name=_("开发区"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("指标"))

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "indicator__category__order", "indicator__order"]
        verbose_name = _("必报指标")
        verbose_name_plural = _("必报指标")
        constraints = [models.UniqueConstraint(fields=["zone", "indicator"], name="required_indicator_once")]

    def __str__(self):
        return f"{self.zone} {self.indicator}"
