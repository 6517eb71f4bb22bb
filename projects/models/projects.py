"""Projects, their yearly plans, monthly progress and reported problems."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import LineField, ProseField
from zones.models import ZoneScopedQuerySet

from .common import AMOUNT, at_least, non_negative, not_before
from .enterprises import Enterprise, Industry

STAGE_DATES = {
    "conceived": "conceived_on",
    "negotiating": "negotiating_on",
    "signed": "signed_on",
    "started": "started_on",
    "completed": "completed_on",
    "producing": "producing_on",
    "terminated": "terminated_on",
}

# For each stage date: the stages a project can be in once it has that date.
STAGE_REACHED = {
    "signed_on": ["signed", "started", "completed", "producing", "terminated"],
    "started_on": ["started", "completed", "producing", "terminated"],
    "completed_on": ["completed", "producing", "terminated"],
    "producing_on": ["producing", "terminated"],
}


class Project(models.Model):
    class Stage(models.TextChoices):
        CONCEIVED = "conceived", _("谋划")
        NEGOTIATING = "negotiating", _("洽谈")
        SIGNED = "signed", _("签约")
        STARTED = "started", _("开工")
        COMPLETED = "completed", _("建成")
        PRODUCING = "producing", _("投产")
        TERMINATED = "terminated", _("终止")

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")

    # The date field recording when each stage was reached.
    STAGE_DATES = STAGE_DATES

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="projects", verbose_name=_("开发区"))
    park = models.ForeignKey("zones.Park", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("园区"))
    name = LineField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="projects", verbose_name=_("建设单位"))
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("产业"))
    is_key = models.BooleanField(_("重点项目"), default=False)
    level = models.CharField(_("重点项目级别"), max_length=16, choices=Level.choices, blank=True)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.CONCEIVED)
    conceived_on = models.DateField(_("谋划日期"), null=True, blank=True)
    negotiating_on = models.DateField(_("洽谈日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("建成日期"), null=True, blank=True)
    producing_on = models.DateField(_("投产日期"), null=True, blank=True)
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    signed_amount = models.DecimalField(_("签约金额（万元）"), null=True, blank=True, validators=at_least(0, _("签约金额不能为负数")), **AMOUNT)
    total_investment = models.DecimalField(_("总投资（万元）"), null=True, blank=True, validators=at_least(0, _("总投资不能为负数")), **AMOUNT)
    investment_before_records = models.DecimalField(
        _("系统启用前已完成投资（万元）"), default=0, validators=at_least(0, _("已完成投资不能为负数")), **AMOUNT,
        help_text=_("开工后、开始按月填报前已完成的投资，计入开工至报告期累计"),
    )
    responsible_leader = LineField(_("包挂领导"), max_length=50, blank=True)
    responsible_unit = LineField(_("责任单位"), max_length=100, blank=True)
    description = ProseField(_("建设内容"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="project_unique_name_per_zone",
                                    violation_error_message=_("本开发区已有同名项目")),
            non_negative("signed_amount", "project_signed_amount_non_negative", _("签约金额不能为负数")),
            non_negative("total_investment", "project_total_investment_non_negative", _("总投资不能为负数")),
            non_negative("investment_before_records", "project_investment_before_non_negative", _("已完成投资不能为负数")),
            not_before("signed_on", "negotiating_on", "project_signed_after_negotiating", _("签约日期不能早于洽谈日期")),
            not_before("negotiating_on", "conceived_on", "project_negotiating_after_conceived", _("洽谈日期不能早于谋划日期")),
            not_before("completed_on", "started_on", "project_completed_after_started", _("建成日期不能早于开工日期")),
            not_before("producing_on", "started_on", "project_producing_after_started", _("投产日期不能早于开工日期")),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True, producing_on__isnull=True) | Q(started_on__isnull=False),
                name="project_finished_needs_start",
                violation_error_message=_("已建成或投产的项目须填写开工日期"),
            ),
            # A stage date that is filled means the project got at least that far.
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(stage__in=later),
                    name=f"project_{field}_stage_reached",
                    violation_error_message=_("当前阶段与已填写的阶段日期不一致：已填写的日期表明项目已进入更后的阶段"),
                )
                for field, later in STAGE_REACHED.items()
            ],
            # The current stage must carry the date it was reached.
            *[
                models.CheckConstraint(
                    condition=~Q(stage=stage) | Q(**{f"{field}__isnull": False}),
                    name=f"project_stage_{stage}_dated",
                    violation_error_message=_("请填写达到当前阶段的日期"),
                )
                for stage, field in list(STAGE_DATES.items())[1:]
            ],
        ]

    def __str__(self):
        return self.name


class ProjectChildQuerySet(ZoneScopedQuerySet):
    zone_lookup = "project__zone"


class ProjectYear(models.Model):
    """A project's plan for one year: 年度计划投资, and an optional 新建/续建 override."""

    class ConstructionType(models.TextChoices):
        NEW = "new", _("新建")
        CONTINUING = "continuing", _("续建")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years", verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), default=0, validators=at_least(0, _("计划投资不能为负数")), **AMOUNT)
    construction_type_override = models.CharField(
        _("新建/续建（手工指定）"), max_length=16, choices=ConstructionType.choices, blank=True,
        help_text=_("留空则按开工、建成日期自动判定"),
    )

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-year"]
        verbose_name = _("项目年度计划")
        verbose_name_plural = _("项目年度计划")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="project_year_unique",
                                    violation_error_message=_("该项目本年度计划已存在")),
            non_negative("planned_investment", "project_year_planned_non_negative", _("计划投资不能为负数")),
        ]

    def __str__(self):
        return f"{self.project} {self.year}"


class ProjectProgress(models.Model):
    """One month of a project: 本月完成投资 and 形象进度."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress", verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    investment = models.DecimalField(_("本月完成投资（万元）"), default=0, validators=at_least(0, _("本月完成投资不能为负数")), **AMOUNT)
    physical_progress = ProseField(_("形象进度"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["project", "year", "month"]
        verbose_name = _("项目月度进展")
        verbose_name_plural = _("项目月度进展")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="project_progress_unique_month",
                                    violation_error_message=_("该项目本月进展已存在")),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="project_progress_month_range",
                                   violation_error_message=_("月份应为1-12")),
            non_negative("investment", "project_progress_investment_non_negative", _("本月完成投资不能为负数")),
        ]

    def __str__(self):
        return f"{self.project} {self.year}-{self.month:02d}"


class ProjectProblem(models.Model):
    """存在问题: a blocking problem with an owner and a deadline, open until resolved."""

    class State(models.TextChoices):
        OPEN = "open", _("未解决")
        RESOLVED = "resolved", _("已解决")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems", verbose_name=_("项目"))
    raised_year = models.PositiveSmallIntegerField(_("提出年度"))
    raised_month = models.PositiveSmallIntegerField(_("提出月份"))
    description = ProseField(_("存在问题"))
    owner = LineField(_("责任人/单位"), max_length=100)
    deadline = models.DateField(_("解决时限"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    resolution = ProseField(_("解决情况"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("项目存在问题")
        verbose_name_plural = _("项目存在问题")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", resolved_on__isnull=True) | Q(state="resolved", resolved_on__isnull=False),
                name="project_problem_resolution_state",
                violation_error_message=_("已解决的问题须填写解决日期，未解决的问题不能有解决日期"),
            ),
            models.CheckConstraint(condition=Q(raised_month__gte=1, raised_month__lte=12), name="project_problem_month_range",
                                   violation_error_message=_("月份应为1-12")),
        ]

    def __str__(self):
        return self.description[:60]



def overdue_problem(today, via: str = "") -> Q:
    """The one rule of 逾期: an open problem whose deadline has passed. `via` reaches the problem
    from another model (`problems__`)."""
    return Q(**{f"{via}state": ProjectProblem.State.OPEN, f"{via}deadline__lt": today})
