"""django-import-export Resources for the export of records, in the columns of their import kinds.

Numbers and dates are exported raw (dehydrate methods) so spreadsheets compute with them and
they re-import unchanged; choices and flags as their Chinese labels, which the import reads.
"""

from import_export import fields, resources

from .models import Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase

YES, NO = "是", "否"


def _flag(value: bool) -> str:
    return YES if value else NO


def _text_field(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column)


def _label_field(column: str) -> fields.Field:
    """A choice column, written as its Chinese label."""
    return fields.Field(column_name=column, dehydrate_method=lambda record: getattr(record, f"get_{column}_display")())


def _raw_field(column: str) -> fields.Field:
    """A column whose dehydrate method returns the value itself (a number, date or label)."""
    return fields.Field(column_name=column, dehydrate_method=lambda record: getattr(record, column))


class EnterpriseResource(resources.ModelResource):
    zone = _text_field("zone__code", "zone")
    park = _text_field("park__name", "park")
    name = _text_field("name", "name")
    credit_code = _text_field("credit_code", "credit_code")
    industry = _text_field("industry__name", "industry")
    is_above_scale = fields.Field(column_name="is_above_scale", dehydrate_method=lambda e: _flag(e.is_above_scale))
    is_listed = fields.Field(column_name="is_listed", dehydrate_method=lambda e: _flag(e.is_listed))
    is_foreign = fields.Field(column_name="is_foreign", dehydrate_method=lambda e: _flag(e.is_foreign))
    is_high_tech = fields.Field(column_name="is_high_tech", dehydrate_method=lambda e: _flag(e.is_high_tech))
    status = _label_field("status")
    contact_person = _text_field("contact_person", "contact_person")
    contact_phone = _text_field("contact_phone", "contact_phone")

    class Meta:
        model = Enterprise
        fields = ("zone", "park", "name", "credit_code", "industry", "is_above_scale", "is_listed", "is_foreign",
                  "is_high_tech", "status", "contact_person", "contact_phone")


PROJECT_DATES = ("conceived_on", "negotiating_on", "signed_on", "started_on", "completed_on", "producing_on", "terminated_on")
PROJECT_AMOUNTS = ("signed_amount", "total_investment", "investment_before_records")


class ProjectResource(resources.ModelResource):
    zone = _text_field("zone__code", "zone")
    park = _text_field("park__name", "park")
    name = _text_field("name", "name")
    enterprise = _text_field("enterprise__name", "enterprise")
    industry = _text_field("industry__name", "industry")
    is_key = fields.Field(column_name="is_key", dehydrate_method=lambda p: _flag(p.is_key))
    level = _label_field("level")
    stage = _label_field("stage")
    conceived_on = _raw_field("conceived_on")
    negotiating_on = _raw_field("negotiating_on")
    signed_on = _raw_field("signed_on")
    started_on = _raw_field("started_on")
    completed_on = _raw_field("completed_on")
    producing_on = _raw_field("producing_on")
    terminated_on = _raw_field("terminated_on")
    signed_amount = _raw_field("signed_amount")
    total_investment = _raw_field("total_investment")
    investment_before_records = _raw_field("investment_before_records")
    responsible_leader = _text_field("responsible_leader", "responsible_leader")
    responsible_unit = _text_field("responsible_unit", "responsible_unit")
    description = _text_field("description", "description")

    class Meta:
        model = Project
        fields = ("zone", "park", "name", "enterprise", "industry", "is_key", "level", "stage", *PROJECT_DATES,
                  *PROJECT_AMOUNTS, "responsible_leader", "responsible_unit", "description")


class ParcelResource(resources.ModelResource):
    zone = _text_field("zone__code", "zone")
    park = _text_field("park__name", "park")
    code = _text_field("code", "code")
    location = _text_field("location", "location")
    area_mu = _raw_field("area_mu")
    use = _label_field("use")
    supply_method = _label_field("supply_method")
    price = _raw_field("price")
    contract_start_on = _raw_field("contract_start_on")
    supplied_on = _raw_field("supplied_on")
    started_on = _raw_field("started_on")
    completed_on = _raw_field("completed_on")
    holder = _text_field("holder__name", "holder")
    project = _text_field("project__name", "project")
    status = _label_field("status")
    idle_stage = _label_field("idle_stage")
    is_low_efficiency = fields.Field(column_name="is_low_efficiency", dehydrate_method=lambda p: _flag(p.is_low_efficiency))
    note = _text_field("note", "note")

    class Meta:
        model = Parcel
        fields = ("zone", "park", "code", "location", "area_mu", "use", "supply_method", "price", "contract_start_on",
                  "supplied_on", "started_on", "completed_on", "holder", "project", "status", "idle_stage",
                  "is_low_efficiency", "note")


class ProgressResource(resources.ModelResource):
    zone = _text_field("project__zone__code", "zone")
    project = _text_field("project__name", "project")
    year = _raw_field("year")
    month = _raw_field("month")
    investment = _raw_field("investment")
    physical_progress = _text_field("physical_progress", "physical_progress")

    class Meta:
        model = ProjectProgress
        fields = ("zone", "project", "year", "month", "investment", "physical_progress")


class ProjectYearResource(resources.ModelResource):
    zone = _text_field("project__zone__code", "zone")
    project = _text_field("project__name", "project")
    year = _raw_field("year")
    planned_investment = _raw_field("planned_investment")
    construction_type_override = _label_field("construction_type_override")

    class Meta:
        model = ProjectYear
        fields = ("zone", "project", "year", "planned_investment", "construction_type_override")


class ProblemResource(resources.ModelResource):
    zone = _text_field("project__zone__code", "zone")
    project = _text_field("project__name", "project")
    raised_year = _raw_field("raised_year")
    raised_month = _raw_field("raised_month")
    description = _text_field("description", "description")
    owner = _text_field("owner", "owner")
    deadline = _raw_field("deadline")
    state = _label_field("state")
    resolved_on = _raw_field("resolved_on")
    resolution = _text_field("resolution", "resolution")

    class Meta:
        model = ProjectProblem
        fields = ("zone", "project", "raised_year", "raised_month", "description", "owner", "deadline", "state",
                  "resolved_on", "resolution")


class MortgageResource(resources.ModelResource):
    zone = _text_field("parcel__zone__code", "zone")
    parcel = _text_field("parcel__code", "parcel")
    registered_on = _raw_field("registered_on")
    creditor = _text_field("creditor", "creditor")
    certificate_no = _text_field("certificate_no", "certificate_no")
    amount = _raw_field("amount")

    class Meta:
        model = Mortgage
        fields = ("zone", "parcel", "registered_on", "creditor", "certificate_no", "amount")


RELOCATION_COUNTS = ("enterprises_total", "enterprises_moved", "households_total", "households_moved")


class RelocationCaseResource(resources.ModelResource):
    zone = _text_field("zone__code", "zone")
    name = _text_field("name", "name")
    kind = _label_field("kind")
    started_on = _raw_field("started_on")
    closed_on = _raw_field("closed_on")
    enterprises_total = _raw_field("enterprises_total")
    enterprises_moved = _raw_field("enterprises_moved")
    households_total = _raw_field("households_total")
    households_moved = _raw_field("households_moved")
    note = _text_field("note", "note")

    class Meta:
        model = RelocationCase
        fields = ("zone", "name", "kind", "started_on", "closed_on", *RELOCATION_COUNTS, "note")


class EnterpriseFigureResource(resources.ModelResource):
    zone = _text_field("enterprise__zone__code", "zone")
    enterprise = _text_field("enterprise__name", "enterprise")
    credit_code = _text_field("enterprise__credit_code", "credit_code")
    year = _raw_field("year")
    month = _raw_field("month")
    tax_ytd = _raw_field("tax_ytd")
    output_ytd = _raw_field("output_ytd")

    class Meta:
        model = EnterpriseFigure
        fields = ("zone", "enterprise", "credit_code", "year", "month", "tax_ytd", "output_ytd")


class IndustryResource(resources.ModelResource):
    zone = _text_field("zone__code", "zone")
    name = _text_field("name", "name")
    order = _raw_field("order")

    class Meta:
        model = Industry
        fields = ("zone", "name", "order")
