"""The reporting calendar: due days per kind of return (a default and per-zone overrides), and the
days that break the Monday-to-Friday week (holidays, and 调休 weekends worked instead)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import LineField


class ReturnKind(models.TextChoices):
    """What a zone reports each month."""

    INDICATORS = "indicators", _("月度指标")
    PROGRESS = "progress", _("重点项目进度")
    ENTERPRISES = "enterprises", _("企业税收产值")


class DeadlineRule(models.Model):
    """When a kind of monthly return is due: on `due_day` of the following month (the month's last
    day when shorter), moved to the next working day; approval `approval_days` working days after
    the submission. A rule without a zone is the default; a zone's own rule overrides it."""

    kind = models.CharField(_("报送类型"), max_length=16, choices=ReturnKind.choices)
    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.CASCADE, related_name="deadline_rules",
        verbose_name=_("开发区"), help_text=_("留空为全部开发区的默认规则"),
    )
    due_day = models.PositiveSmallIntegerField(
        _("次月截止日"), validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("次月的第几日截止；遇节假日、周末顺延至下一个工作日"),
    )
    approval_days = models.PositiveSmallIntegerField(
        _("审核时限（工作日）"), default=3, validators=[MaxValueValidator(60)], help_text=_("提交后几个工作日内审核")
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("提前提醒天数"), default=3, validators=[MaxValueValidator(30)]
    )

    class Meta:
        ordering = ["kind", "zone__code"]
        verbose_name = _("报送截止规则")
        verbose_name_plural = _("报送截止规则")
        constraints = [
            models.UniqueConstraint(fields=["kind", "zone"], name="deadline_rule_unique_per_zone"),
            models.UniqueConstraint(fields=["kind"], condition=Q(zone__isnull=True), name="deadline_rule_one_default"),
            models.CheckConstraint(condition=Q(due_day__gte=1, due_day__lte=31), name="deadline_rule_due_day_range"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.zone or _('默认')} · {self.due_day}"


class CalendarDay(models.Model):
    """A day off on a weekday (法定节假日) or a weekend day worked (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.HOLIDAY)
    name = LineField(_("名称"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()
