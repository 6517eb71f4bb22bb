"""django-import-export Resources for the export of records, in the columns of their import kinds.

Numbers and dates are exported raw (dehydrate methods) so spreadsheets compute with them and
they re-import unchanged; choices and flags as their Chinese labels, which the import reads.
"""

from import_export import fields, resources

from .models import Enterprise, Parcel, Project, ProjectProgress

YES, NO = "是", "否"


def _flag(value: bool) -> str:
    return YES if value else NO


def _text_field(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column)


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
    status = fields.Field(column_name="status", dehydrate_method=lambda e: e.get_status_display())
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
    level = fields.Field(column_name="level", dehydrate_method=lambda p: p.get_level_display())
    stage = fields.Field(column_name="stage", dehydrate_method=lambda p: p.get_stage_display())
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
    use = fields.Field(column_name="use", dehydrate_method=lambda p: p.get_use_display())
    supply_method = fields.Field(column_name="supply_method", dehydrate_method=lambda p: p.get_supply_method_display())
    price = _raw_field("price")
    contract_start_on = _raw_field("contract_start_on")
    supplied_on = _raw_field("supplied_on")
    started_on = _raw_field("started_on")
    completed_on = _raw_field("completed_on")
    holder = _text_field("holder__name", "holder")
    project = _text_field("project__name", "project")
    status = fields.Field(column_name="status", dehydrate_method=lambda p: p.get_status_display())
    idle_stage = fields.Field(column_name="idle_stage", dehydrate_method=lambda p: p.get_idle_stage_display())
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
