from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import LineField, ProseField
from indicators.models import YEAR_VALIDATORS
from zones.models import ZoneScopedQuerySet

# Section keys that are not indicator categories.
OPENING = "opening"  # the paragraph before 一、: its lead opens the report
PLAN_OVERVIEW = "plan_overview"  # 工作思路: the paragraph before next year's 目标任务 line
OWN_PREFIX = "own-"  # a section of 一、工作总结 staff added ("own-1"…): its lead is its title
NEXT_STEPS_PREFIX = "next-"  # the 下一步 of one month's 月报 ("next-10"): its text only


class RecordInsert(models.TextChoices):
    """Sentences from the records a section of 一、 can carry (reports.records)."""

    PROMOTION = "promotion", _("招商项目（谋划、签约、洽谈）")
    PROJECTS = "projects", _("项目建设（开工、建成、投资）")
    LAND = "land", _("土地（供地、抵押、闲置、低效）")
    RELOCATION = "relocation", _("征迁收储（搬迁企业、住户）")
    ENTERPRISES = "enterprises", _("企业（规上、上市、高新、外资）")


class NarrativeSection(models.Model):
    """Staff-written text of one report section for a zone and year.

    `key` is an indicator category code (the section （一）… of 工作总结 on that category), a
    section staff added (OWN_PREFIX) or one of OPENING / PLAN_OVERVIEW. `lead` is the section's
    opening sentence, printed in 楷体 after the number ("谋划先行，多措并举抓招商。"); `text`
    follows the generated figures. The sections of 一、 are ordered by `position` (unset: the
    categories' order), may carry record sentences (`inserts`, RecordInsert values) and a
    category's may be `hidden` for the year.
    """

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="narrative_sections", verbose_name=_("开发区"))
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    key = models.CharField(_("章节"), max_length=32)
    lead = LineField(_("引导句"), max_length=200, blank=True)
    text = ProseField(_("正文"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), null=True, blank=True)
    inserts = models.JSONField(_("插入台账语句"), default=list, blank=True)
    hidden = models.BooleanField(_("本年不写"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "year", "key"]
        verbose_name = _("总结章节")
        verbose_name_plural = _("总结章节")
        constraints = [models.UniqueConstraint(fields=["zone", "year", "key"], name="narrative_section_unique")]

    def __str__(self):
        return f"{self.zone} {self.year} {self.key}"

    @property
    def is_empty(self) -> bool:
        return not self.lead.strip() and not self.text.strip()


class NarrativeItem(models.Model):
    """One numbered point of 存在的问题 or of next year's 工作思路, in order."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("存在的问题")
        PLAN = "plan", _("工作思路")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="narrative_items", verbose_name=_("开发区"))
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("序号"))
    title = LineField(_("标题"), max_length=200)
    text = ProseField(_("正文"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "year", "kind", "position"]
        verbose_name = _("问题与思路")
        verbose_name_plural = _("问题与思路")
        constraints = [
            models.UniqueConstraint(fields=["zone", "year", "kind", "position"], name="narrative_item_unique_position"),
            models.CheckConstraint(condition=~Q(title=""), name="narrative_item_has_title"),
        ]

    def __str__(self):
        return f"{self.zone} {self.year} {self.get_kind_display()} {self.position}"


class ReportStyle(models.Model):
    """A zone's house style for computed percentages and converted amounts (published and entered
    figures print as typed), the source of the figures that both the records and a monthly
    indicator give, and the body that signs its documents. A zone without one gets the defaults:
    growth to one decimal, completion to two, the approved indicator, the zone's 管理委员会."""

    class FigureSource(models.TextChoices):
        INDICATOR = "indicator", _("月度指标（审核数据）")
        RECORDS = "records", _("项目和土地台账")

    zone = models.OneToOneField("zones.Zone", on_delete=models.CASCADE, related_name="report_style", verbose_name=_("开发区"))
    growth_places = models.PositiveSmallIntegerField(
        _("增速小数位数"), default=1, validators=[MaxValueValidator(2)], help_text=_("计算所得的同比增速，如8.5%")
    )
    completion_places = models.PositiveSmallIntegerField(
        _("完成率小数位数"), default=2, validators=[MaxValueValidator(2)], help_text=_("完成率与序时进度差，如87.87%")
    )
    amount_places = models.PositiveSmallIntegerField(
        _("换算金额小数位数"), default=2, validators=[MaxValueValidator(4)],
        help_text=_("换算为句中单位的金额，如37644万元写作3.76亿元；按填报单位写出的金额保留填报时的小数位数"),
    )
    figure_source = models.CharField(
        _("台账与指标重叠的数字取自"), max_length=16, choices=FigureSource.choices, default=FigureSource.INDICATOR,
        help_text=_("签约项目、签约资金、新开工项目、供应土地：正文和附表只用这一个来源，两者不一致时列在审核依据清单中"),
    )

    rank_group = models.ForeignKey(
        "zones.PeerGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("排名范围"),
        help_text=_("“增速居全市第N位”在这一组开发区中排名，谁下载都一样；不设则不写排名"),
    )
    issuer = LineField(
        _("发文机关署名"), max_length=100, blank=True,
        help_text=_("工作总结的落款和月报的报送单位，如“××经济技术开发区管理委员会”；不填则为开发区名称加“管理委员会”"),
    )

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告格式")
        verbose_name_plural = _("报告格式")

    def __str__(self):
        return str(self.zone)

    @property
    def uses_records(self) -> bool:
        """Whether the records' figure is stated where the records and an indicator overlap."""
        return self.figure_source == self.FigureSource.RECORDS

    @property
    def signed_by(self) -> str:
        """落款 and 报送单位 of the zone's documents."""
        return self.issuer or f"{self.zone.name}管理委员会"

    def clean(self):
        super().clean()
        if self.rank_group_id and self.zone_id and not self.rank_group.members.filter(pk=self.zone_id).exists():
            raise ValidationError({"rank_group": _("开发区不在这个排名分组中。")})

    @classmethod
    def for_zone(cls, zone) -> "ReportStyle":
        """The zone's style, or the defaults (unsaved) when it has none."""
        return cls.objects.select_related("rank_group").filter(zone=zone).first() or cls(zone=zone)
