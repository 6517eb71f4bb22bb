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
    return ColumnField(attribute, Lookup("zones", field="code", required=True))


def year_column(attribute="year", *, header=None):
    return ColumnField(attribute, Integer(FIRST_YEAR, LAST_YEAR), header=header)


def month_column(attribute="month"):
    return ColumnField(attribute, Integer(1, 12))


def project_column():
    return ColumnField("project", Lookup("projects", required=True), header="项目名称")


class IndustryResource(LookupResource):
    """An industry is known by its zone and name; renaming one is done on its page."""

    zone = zone_column()
    name = ColumnField("name", Text(required=True))
    order = ColumnField("order", Integer(0, MAX_ORDER, empty=0))

    class Meta:
        model = Industry
        import_id_fields = ("zone", "name")


class EnterpriseResource(LookupResource):
    """Known by its 统一社会信用代码 when the row gives one, else by its zone and name."""

    zone = zone_column()
    park = ColumnField("park", Lookup("parks"))
    name = ColumnField("name", Text(required=True))
    credit_code = ColumnField("credit_code")
    industry = ColumnField("industry", Lookup("industries"))
    is_above_scale = ColumnField("is_above_scale", Flag())
    is_listed = ColumnField("is_listed", Flag())
    is_foreign = ColumnField("is_foreign", Flag())
    is_high_tech = ColumnField("is_high_tech", Flag())
    status = ColumnField("status", Choice(Enterprise.Status))
    contact_person = ColumnField("contact_person")
    contact_phone = ColumnField("contact_phone")

    class Meta:
        model = Enterprise
        import_id_fields = ("zone", "name")


class EnterpriseFigureResource(LookupResource):
    """The enterprise is found by its 统一社会信用代码 when the row gives one, else by its name."""

    zone = zone_column("enterprise__zone")
    enterprise = ColumnField("enterprise", Lookup("enterprises", required=True, prefer="credit_code"), header="企业名称")
    credit_code = ColumnField("enterprise__credit_code")
    year = year_column(header="年份")
    month = month_column()
    tax_ytd = ColumnField("tax_ytd", Number())
    output_ytd = ColumnField("output_ytd", Number())

    class Meta:
        model = EnterpriseFigure
        import_id_fields = ("enterprise", "year", "month")


class ProjectResource(LookupResource):
    zone = zone_column()
    park = ColumnField("park", Lookup("parks"))
    name = ColumnField("name", Text(required=True))
    enterprise = ColumnField("enterprise", Lookup("enterprises"))
    industry = ColumnField("industry", Lookup("industries"))
    is_key = ColumnField("is_key", Flag())
    level = ColumnField("level", Choice(Project.Level))
    stage = ColumnField("stage", Choice(Project.Stage))
    conceived_on = ColumnField("conceived_on", Date())
    negotiating_on = ColumnField("negotiating_on", Date())
    signed_on = ColumnField("signed_on", Date())
    started_on = ColumnField("started_on", Date())
    completed_on = ColumnField("completed_on", Date())
    producing_on = ColumnField("producing_on", Date())
    terminated_on = ColumnField("terminated_on", Date())
    signed_amount = ColumnField("signed_amount", Number())
    total_investment = ColumnField("total_investment", Number())
    investment_before_records = ColumnField("investment_before_records", Number(empty=0))
    responsible_leader = ColumnField("responsible_leader")
    responsible_unit = ColumnField("responsible_unit")
    description = ColumnField("description")

    class Meta:
        model = Project
        import_id_fields = ("zone", "name")


class ProjectYearResource(LookupResource):
    zone = zone_column("project__zone")
    project = project_column()
    year = year_column(header="年份")
    planned_investment = ColumnField("planned_investment", Number(required=True))
    construction_type_override = ColumnField("construction_type_override", Choice(ProjectYear.ConstructionType))

    class Meta:
        model = ProjectYear
        import_id_fields = ("project", "year")


class ProgressResource(LookupResource):
    zone = zone_column("project__zone")
    project = project_column()
    year = year_column(header="年份")
    month = month_column()
    investment = ColumnField("investment", Number(required=True))
    physical_progress = ColumnField("physical_progress")

    class Meta:
        model = ProjectProgress
        import_id_fields = ("project", "year", "month")


class ProblemResource(LookupResource):
    """A problem is known by its project, the month it was raised and its wording."""

    zone = zone_column("project__zone")
    project = project_column()
    raised_year = year_column("raised_year", header="提出年份")
    raised_month = month_column("raised_month")
    description = ColumnField("description", Text(required=True))
    owner = ColumnField("owner", required=True)
    deadline = ColumnField("deadline", Date(), required=True)
    state = ColumnField("state", Choice(ProjectProblem.State, default=ProjectProblem.State.OPEN))
    resolved_on = ColumnField("resolved_on", Date())
    resolution = ColumnField("resolution")

    class Meta:
        model = ProjectProblem
        import_id_fields = ("project", "raised_year", "raised_month", "description")


class ParcelResource(LookupResource):
    zone = zone_column()
    park = ColumnField("park", Lookup("parks"))
    code = ColumnField("code", Text(required=True))
    location = ColumnField("location")
    area_mu = ColumnField("area_mu", Number(required=True), required=False)
    use = ColumnField("use", Choice(Parcel.Use))
    supply_method = ColumnField("supply_method", Choice(Parcel.SupplyMethod))
    price = ColumnField("price", Number())
    contract_start_on = ColumnField("contract_start_on", Date())
    supplied_on = ColumnField("supplied_on", Date())
    started_on = ColumnField("started_on", Date())
    completed_on = ColumnField("completed_on", Date())
    holder = ColumnField("holder", Lookup("enterprises"))
    project = ColumnField("project", Lookup("projects"))
    status = ColumnField("status", Choice(Parcel.Status))
    idle_stage = ColumnField("idle_stage", Choice(Parcel.IdleStage))
    is_low_efficiency = ColumnField("is_low_efficiency", Flag())
    note = ColumnField("note")

    class Meta:
        model = Parcel
        import_id_fields = ("zone", "code")


class MortgageResource(LookupResource):
    """Known by its parcel, its registration date and its creditor (the certificate number
    often comes later)."""

    zone = zone_column("parcel__zone")
    parcel = ColumnField("parcel", Lookup("parcels", field="code", required=True), header="宗地编号")
    registered_on = ColumnField("registered_on", Date(required=True))
    creditor = ColumnField("creditor", Text(required=True))
    certificate_no = ColumnField("certificate_no")
    amount = ColumnField("amount", Number(required=True))

    class Meta:
        model = Mortgage
        import_id_fields = ("parcel", "registered_on", "creditor")


def count_column(attribute):
    return ColumnField(attribute, Integer(0, MAX_COUNT, empty=0))


class RelocationCaseResource(LookupResource):
    zone = zone_column()
    name = ColumnField("name", Text(required=True))
    kind = ColumnField("kind", Choice(RelocationCase.Kind, default=RelocationCase.Kind.RELOCATION))
    started_on = ColumnField("started_on", Date())
    closed_on = ColumnField("closed_on", Date())
    enterprises_total = count_column("enterprises_total")
    enterprises_moved = count_column("enterprises_moved")
    households_total = count_column("households_total")
    households_moved = count_column("households_moved")
    note = ColumnField("note")

    class Meta:
        model = RelocationCase
        import_id_fields = ("zone", "name")
