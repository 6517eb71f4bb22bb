"""Records behind half of every zone report: enterprises, projects and their monthly
progress, land parcels with idle-land disposal, mortgages and relocation cases.

Amounts are stored in 万元 (signed amount and investment alike) and areas in 亩; conversion
to 亿元, m² or 公顷 happens only for display, through indicators.statistics. Every record has a
`version` for optimistic locking: the services raise it on each save and refuse a save made
on an older one (projects.services.StaleRecord).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zones.models import ZoneScopedQuerySet

from .constraints import ConstraintsInMemory
from .validators import validate_credit_code

AMOUNT = {"max_digits": 16, "decimal_places": 4}
AREA = {"max_digits": 12, "decimal_places": 2}


def _non_negative(field: str, name: str, message):
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=name, violation_error_message=message)


def _not_before(later: str, earlier: str, name: str, message):
    """`later` is empty, `earlier` is empty, or later >= earlier."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


class Industry(models.Model):
    """A zone's own list of industries (新能源, 现代医药 …), managed by its administrators."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="industries", verbose_name=_("开发区"))
    name = models.CharField(_("名称"), max_length=50)
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
    name = models.CharField(_("企业名称"), max_length=200)
    # Optional (a new enterprise is often registered before its code is known): NULL when
    # missing, so the uniqueness of the codes given holds on SQLite and PostgreSQL alike.
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code],
        error_messages={"unique": _("该统一社会信用代码已登记")},
    )
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("产业"))
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    is_listed = models.BooleanField(_("上市公司"), default=False)
    is_foreign = models.BooleanField(_("外资企业"), default=False)
    is_high_tech = models.BooleanField(_("高新技术企业"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PRODUCING)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

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


class EnterpriseFigure(ConstraintsInMemory, models.Model):
    """An enterprise's tax and output, year to date, as reported for a month.

    Both in 万元 (output too, so that 亩均税收 and 亩均产值 share a unit); 亿元 is display only.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="figures", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    tax_ytd = models.DecimalField(_("1-N月累计税收（万元）"), null=True, blank=True, **AMOUNT)
    output_ytd = models.DecimalField(_("1-N月累计产值（万元）"), null=True, blank=True, **AMOUNT)

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
            _non_negative("tax_ytd", "enterprise_figure_tax_non_negative", _("税收不能为负数")),
            _non_negative("output_ytd", "enterprise_figure_output_non_negative", _("产值不能为负数")),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}-{self.month:02d}"


# The date field recording when each project stage was reached.
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


class Project(ConstraintsInMemory, models.Model):
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
    name = models.CharField(_("项目名称"), max_length=200)
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
    signed_amount = models.DecimalField(_("签约金额（万元）"), null=True, blank=True, **AMOUNT)
    total_investment = models.DecimalField(_("总投资（万元）"), null=True, blank=True, **AMOUNT)
    investment_before_records = models.DecimalField(
        _("系统启用前已完成投资（万元）"), default=0, **AMOUNT,
        help_text=_("开工后、开始按月填报前已完成的投资，计入开工至报告期累计"),
    )
    responsible_leader = models.CharField(_("包挂领导"), max_length=50, blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    description = models.TextField(_("建设内容"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="project_unique_name_per_zone",
                                    violation_error_message=_("本开发区已有同名项目")),
            _non_negative("signed_amount", "project_signed_amount_non_negative", _("签约金额不能为负数")),
            _non_negative("total_investment", "project_total_investment_non_negative", _("总投资不能为负数")),
            _non_negative("investment_before_records", "project_investment_before_non_negative", _("已完成投资不能为负数")),
            _not_before("signed_on", "negotiating_on", "project_signed_after_negotiating", _("签约日期不能早于洽谈日期")),
            _not_before("negotiating_on", "conceived_on", "project_negotiating_after_conceived", _("洽谈日期不能早于谋划日期")),
            _not_before("completed_on", "started_on", "project_completed_after_started", _("建成日期不能早于开工日期")),
            _not_before("producing_on", "started_on", "project_producing_after_started", _("投产日期不能早于开工日期")),
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


class ProjectYear(ConstraintsInMemory, models.Model):
    """A project's plan for one year: 年度计划投资, and an optional 新建/续建 override."""

    class ConstructionType(models.TextChoices):
        NEW = "new", _("新建")
        CONTINUING = "continuing", _("续建")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years", verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), default=0, **AMOUNT)
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
            _non_negative("planned_investment", "project_year_planned_non_negative", _("计划投资不能为负数")),
        ]

    def __str__(self):
        return f"{self.project} {self.year}"


class ProjectProgress(ConstraintsInMemory, models.Model):
    """One month of a project: 本月完成投资 and 形象进度."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress", verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    investment = models.DecimalField(_("本月完成投资（万元）"), default=0, **AMOUNT)
    physical_progress = models.TextField(_("形象进度"), blank=True)

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
            _non_negative("investment", "project_progress_investment_non_negative", _("本月完成投资不能为负数")),
        ]

    def __str__(self):
        return f"{self.project} {self.year}-{self.month:02d}"


class ProjectProblem(ConstraintsInMemory, models.Model):
    """存在问题: a blocking problem with an owner and a deadline, open until resolved."""

    class State(models.TextChoices):
        OPEN = "open", _("未解决")
        RESOLVED = "resolved", _("已解决")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems", verbose_name=_("项目"))
    raised_year = models.PositiveSmallIntegerField(_("提出年度"))
    raised_month = models.PositiveSmallIntegerField(_("提出月份"))
    description = models.TextField(_("存在问题"))
    owner = models.CharField(_("责任人/单位"), max_length=100)
    deadline = models.DateField(_("解决时限"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    resolution = models.TextField(_("解决情况"), blank=True)

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


def held_land(via: str = "") -> Q:
    """Land an enterprise holds: every parcel but reserve land (储备), which the zone holds."""
    return ~Q(**{f"{via}status": Parcel.Status.RESERVE})


class Parcel(ConstraintsInMemory, models.Model):
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
    code = models.CharField(_("宗地编号"), max_length=50)
    location = models.CharField(_("坐落"), max_length=200, blank=True)
    area_mu = models.DecimalField(_("面积（亩）"), **AREA)
    use = models.CharField(_("用途"), max_length=16, choices=Use.choices, default=Use.INDUSTRIAL)
    supply_method = models.CharField(_("供应方式"), max_length=16, choices=SupplyMethod.choices, blank=True)
    price = models.DecimalField(_("成交价（万元）"), null=True, blank=True, **AMOUNT)
    contract_start_on = models.DateField(_("合同约定开工日期"), null=True, blank=True)
    supplied_on = models.DateField(_("供地日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    holder = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="parcels", verbose_name=_("用地单位"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="parcels", verbose_name=_("项目"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RESERVE)
    idle_stage = models.CharField(_("闲置土地处置阶段"), max_length=16, choices=IdleStage.choices, blank=True)
    is_low_efficiency = models.BooleanField(_("低效用地"), default=False)
    note = models.TextField(_("备注"), blank=True)

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
            _non_negative("price", "parcel_price_non_negative", _("成交价不能为负数")),
            _not_before("started_on", "supplied_on", "parcel_started_after_supplied", _("开工日期不能早于供地日期")),
            _not_before("completed_on", "started_on", "parcel_completed_after_started", _("竣工日期不能早于开工日期")),
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


class Mortgage(ConstraintsInMemory, models.Model):
    """他项权利登记: a mortgage registered on a parcel's use right, with the amount financed."""

    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="mortgages", verbose_name=_("宗地"))
    registered_on = models.DateField(_("登记日期"))
    certificate_no = models.CharField(_("他项权证号"), max_length=60, blank=True)
    creditor = models.CharField(_("抵押权人"), max_length=100)
    amount = models.DecimalField(_("融资金额（万元）"), **AMOUNT)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = MortgageQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("他项权利登记")
        verbose_name_plural = _("他项权利登记")
        constraints = [_non_negative("amount", "mortgage_amount_non_negative", _("融资金额不能为负数"))]

    def __str__(self):
        return f"{self.parcel} {self.registered_on}"


class RelocationCase(ConstraintsInMemory, models.Model):
    """收储/征迁: the zone buys back land and relocates the enterprises and households on it."""

    class Kind(models.TextChoices):
        ACQUISITION = "acquisition", _("收储")
        RELOCATION = "relocation", _("征迁")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="relocation_cases", verbose_name=_("开发区"))
    name = models.CharField(_("片区/项目"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.RELOCATION)
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    closed_on = models.DateField(_("完成日期"), null=True, blank=True)
    enterprises_total = models.PositiveIntegerField(_("涉及企业（家）"), default=0)
    enterprises_moved = models.PositiveIntegerField(_("已搬迁企业（家）"), default=0)
    households_total = models.PositiveIntegerField(_("涉及住户（户）"), default=0)
    households_moved = models.PositiveIntegerField(_("已搬迁住户（户）"), default=0)
    note = models.TextField(_("进展说明"), blank=True)

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
            _not_before("closed_on", "started_on", "relocation_closed_after_started", _("完成日期不能早于启动日期")),
        ]

    def __str__(self):
        return self.name
