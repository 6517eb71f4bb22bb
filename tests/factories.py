"""Small factories for the enterprise, project and land records in tests: each goes through the
records' one write path (projects.batch, one input), so a record made here carries its
version and history as one a user made. `user` None is the system; errors raise as in a form."""

from projects import batch
from projects.models import EnterpriseFigure, ProjectProgress, ProjectYear


def _one(save, record, values, *, user=None, channel="form", expected_version=None):
    return batch.save_one(save, record, values, user=user, channel=channel, expected_version=expected_version)


def save_industry(record, values, **options):
    return _one(batch.save_industries, record, values, **options)


def save_enterprise(record, values, **options):
    return _one(batch.save_enterprises, record, values, **options)


def save_project(record, values, **options):
    return _one(batch.save_projects, record, values, **options)


def save_parcel(record, values, **options):
    return _one(batch.save_parcels, record, values, **options)


def save_relocation_case(record, values, **options):
    return _one(batch.save_relocation_cases, record, values, **options)


def add_mortgage(parcel, values, **options):
    return _one(batch.save_mortgages, None, {"parcel": parcel, **values}, **options)


def add_problem(project, year, month, description, owner, deadline, **options):
    values = {"project": project, "raised_year": year, "raised_month": month, "description": description, "owner": owner,
              "deadline": deadline}
    return _one(batch.save_problems, None, values, **options)


def _period(save, model, parent_field, parent, period, values, *, user=None, channel="form", expected_version=None):
    return batch.save_period(save, model, parent_field, parent, period, values, user=user, channel=channel,
                             expected_version=expected_version)


def record_progress(project, year, month, *, investment, physical_progress="", **options):
    return _period(batch.save_progress, ProjectProgress, "project", project, {"year": year, "month": month},
                   {"investment": investment, "physical_progress": physical_progress}, **options)


def save_project_year(project, year, *, planned_investment, construction_type_override="", **options):
    return _period(batch.save_project_years, ProjectYear, "project", project, {"year": year},
                   {"planned_investment": planned_investment, "construction_type_override": construction_type_override}, **options)


def save_enterprise_figure(enterprise, year, month, *, tax_ytd, output_ytd, **options):
    return _period(batch.save_enterprise_figures, EnterpriseFigure, "enterprise", enterprise, {"year": year, "month": month},
                   {"tax_ytd": tax_ytd, "output_ytd": output_ytd}, **options)
