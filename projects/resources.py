"""One django-import-export Resource per record type: its columns (Chinese headers, which
exports write and imports read), how each cell becomes a value and back (the widgets of
dataio.resources), and the columns that name the record (Meta.import_id_fields).

Imports and exports both use them (projects.imports); the per-row saving goes through the
batch services. A column whose attribute runs through a relation (`project__zone`) only
finds the record or its parent and is never written.
"""

from core.periods import FIRST_YEAR, LAST_YEAR
from dataio.resources import Choice, ColumnField, Date, Flag, Integer, Lookup, LookupResource, Number, Text

from .models import (
    Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase,
)

MAX_COUNT = 2147483647  # a PositiveIntegerField's upper bound
MAX_ORDER = 32767  # a PositiveSmallIntegerField's upper bound


def zone_column(attribute="zone"):
    return ColumnField("开发区", attribute, Lookup("zones", field="code", required=True))


def year_column(header="年份", attribute="year"):
    return ColumnField(header, attribute, Integer(FIRST_YEAR, LAST_YEAR))


def month_column(header="月份", attribute="month"):
    return ColumnField(header, attribute, Integer(1, 12))


def project_column():
    return ColumnField("项目名称", "project", Lookup("projects", required=True))


class IndustryResource(LookupResource):
    """An industry is known by its zone and name; renaming one is done on its page."""

    zone = zone_column()
    name = ColumnField("名称", "name", Text(required=True))
    order = ColumnField("排序", "order", Integer(0, MAX_ORDER, empty=0))

    class Meta:
        model = Industry
        import_id_fields = ("zone", "name")


class EnterpriseResource(LookupResource):
    """Known by its 统一社会信用代码 when the row gives one, else by its zone and name."""

    zone = zone_column()
    park = ColumnField("园区", "park", Lookup("parks"))
    name = ColumnField("企业名称", "name", Text(required=True))
    credit_code = ColumnField("统一社会信用代码", "credit_code")
    industry = ColumnField("产业", "industry", Lookup("industries"))
    is_above_scale = ColumnField("规上企业", "is_above_scale", Flag())
    is_listed = ColumnField("上市公司", "is_listed", Flag())
    is_foreign = ColumnField("外资企业", "is_foreign", Flag())
    is_high_tech = ColumnField("高新技术企业", "is_high_tech", Flag())
    status = ColumnField("状态", "status", Choice(Enterprise.Status))
    contact_person = ColumnField("联系人", "contact_person")
    contact_phone = ColumnField("联系电话", "contact_phone")

    class Meta:
        model = Enterprise
        import_id_fields = ("zone", "name")


class EnterpriseFigureResource(LookupResource):
    """The enterprise is found by its 统一社会信用代码 when the row gives one, else by its name."""

    zone = zone_column("enterprise__zone")
    enterprise = ColumnField("企业名称", "enterprise", Lookup("enterprises", required=True, prefer="credit_code"))
    credit_code = ColumnField("统一社会信用代码", "enterprise__credit_code")
    year = year_column()
    month = month_column()
    tax_ytd = ColumnField("1-N月累计税收（万元）", "tax_ytd", Number())
    output_ytd = ColumnField("1-N月累计产值（万元）", "output_ytd", Number())

    class Meta:
        model = EnterpriseFigure
        import_id_fields = ("enterprise", "year", "month")


class ProjectResource(LookupResource):
    zone = zone_column()
    park = ColumnField("园区", "park", Lookup("parks"))
    name = ColumnField("项目名称", "name", Text(required=True))
    enterprise = ColumnField("建设单位", "enterprise", Lookup("enterprises"))
    industry = ColumnField("产业", "industry", Lookup("industries"))
    is_key = ColumnField("重点项目", "is_key", Flag())
    level = ColumnField("重点项目级别", "level", Choice(Project.Level))
    stage = ColumnField("阶段", "stage", Choice(Project.Stage))
    conceived_on = ColumnField("谋划日期", "conceived_on", Date())
    negotiating_on = ColumnField("洽谈日期", "negotiating_on", Date())
    signed_on = ColumnField("签约日期", "signed_on", Date())
    started_on = ColumnField("开工日期", "started_on", Date())
    completed_on = ColumnField("建成日期", "completed_on", Date())
    producing_on = ColumnField("投产日期", "producing_on", Date())
    terminated_on = ColumnField("终止日期", "terminated_on", Date())
    signed_amount = ColumnField("签约金额（万元）", "signed_amount", Number())
    total_investment = ColumnField("总投资（万元）", "total_investment", Number())
    investment_before_records = ColumnField("系统启用前已完成投资（万元）", "investment_before_records", Number(empty=0))
    responsible_leader = ColumnField("包挂领导", "responsible_leader")
    responsible_unit = ColumnField("责任单位", "responsible_unit")
    description = ColumnField("建设内容", "description")

    class Meta:
        model = Project
        import_id_fields = ("zone", "name")


class ProjectYearResource(LookupResource):
    zone = zone_column("project__zone")
    project = project_column()
    year = year_column()
    planned_investment = ColumnField("年度计划投资（万元）", "planned_investment", Number(required=True))
    construction_type_override = ColumnField("新建/续建（手工指定）", "construction_type_override", Choice(ProjectYear.ConstructionType))

    class Meta:
        model = ProjectYear
        import_id_fields = ("project", "year")


class ProgressResource(LookupResource):
    zone = zone_column("project__zone")
    project = project_column()
    year = year_column()
    month = month_column()
    investment = ColumnField("本月完成投资（万元）", "investment", Number(required=True))
    physical_progress = ColumnField("形象进度", "physical_progress")

    class Meta:
        model = ProjectProgress
        import_id_fields = ("project", "year", "month")


class ProblemResource(LookupResource):
    """A problem is known by its project, the month it was raised and its wording."""

    zone = zone_column("project__zone")
    project = project_column()
    raised_year = year_column("提出年份", "raised_year")
    raised_month = month_column("提出月份", "raised_month")
    description = ColumnField("存在问题", "description", Text(required=True))
    owner = ColumnField("责任人/单位", "owner", required=True)
    deadline = ColumnField("解决时限", "deadline", Date(), required=True)
    state = ColumnField("状态", "state", Choice(ProjectProblem.State, default=ProjectProblem.State.OPEN))
    resolved_on = ColumnField("解决日期", "resolved_on", Date())
    resolution = ColumnField("解决情况", "resolution")

    class Meta:
        model = ProjectProblem
        import_id_fields = ("project", "raised_year", "raised_month", "description")


class ParcelResource(LookupResource):
    zone = zone_column()
    park = ColumnField("园区", "park", Lookup("parks"))
    code = ColumnField("宗地编号", "code", Text(required=True))
    location = ColumnField("坐落", "location")
    area_mu = ColumnField("面积（亩）", "area_mu", Number(required=True), required=False)
    use = ColumnField("用途", "use", Choice(Parcel.Use))
    supply_method = ColumnField("供应方式", "supply_method", Choice(Parcel.SupplyMethod))
    price = ColumnField("成交价（万元）", "price", Number())
    contract_start_on = ColumnField("合同约定开工日期", "contract_start_on", Date())
    supplied_on = ColumnField("供地日期", "supplied_on", Date())
    started_on = ColumnField("开工日期", "started_on", Date())
    completed_on = ColumnField("竣工日期", "completed_on", Date())
    holder = ColumnField("用地单位", "holder", Lookup("enterprises"))
    project = ColumnField("项目", "project", Lookup("projects"))
    status = ColumnField("状态", "status", Choice(Parcel.Status))
    idle_stage = ColumnField("闲置土地处置阶段", "idle_stage", Choice(Parcel.IdleStage))
    is_low_efficiency = ColumnField("低效用地", "is_low_efficiency", Flag())
    note = ColumnField("备注", "note")

    class Meta:
        model = Parcel
        import_id_fields = ("zone", "code")


class MortgageResource(LookupResource):
    """Known by its parcel, its registration date and its creditor (the certificate number
    often comes later)."""

    zone = zone_column("parcel__zone")
    parcel = ColumnField("宗地编号", "parcel", Lookup("parcels", field="code", required=True))
    registered_on = ColumnField("登记日期", "registered_on", Date(required=True))
    creditor = ColumnField("抵押权人", "creditor", Text(required=True))
    certificate_no = ColumnField("他项权证号", "certificate_no")
    amount = ColumnField("融资金额（万元）", "amount", Number(required=True))

    class Meta:
        model = Mortgage
        import_id_fields = ("parcel", "registered_on", "creditor")


def count_column(header, attribute):
    return ColumnField(header, attribute, Integer(0, MAX_COUNT, empty=0))


class RelocationCaseResource(LookupResource):
    zone = zone_column()
    name = ColumnField("片区/项目", "name", Text(required=True))
    kind = ColumnField("类型", "kind", Choice(RelocationCase.Kind, default=RelocationCase.Kind.RELOCATION))
    started_on = ColumnField("启动日期", "started_on", Date())
    closed_on = ColumnField("完成日期", "closed_on", Date())
    enterprises_total = count_column("涉及企业（家）", "enterprises_total")
    enterprises_moved = count_column("已搬迁企业（家）", "enterprises_moved")
    households_total = count_column("涉及住户（户）", "households_total")
    households_moved = count_column("已搬迁住户（户）", "households_moved")
    note = ColumnField("进展说明", "note")

    class Meta:
        model = RelocationCase
        import_id_fields = ("zone", "name")
