"""The record kinds' columns are declared once, in their Resource (projects.resources), beside
the form: templates, exports and imports all read them from there, and an export of every
record type imports back unchanged (tests/demo/test_demo_data.py)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dataio.registry import CellError, get_kind
from dataio.resources import Choice, Date, Flag, Integer, Lookup
from dataio.services import export_file, run_import
from projects import forms
from projects.models import Project

FORMS = {
    "industries": [forms.IndustryForm],
    "enterprises": [forms.EnterpriseForm],
    "enterprise_figures": [forms.EnterpriseFigureForm],
    "projects": [forms.ProjectForm],
    "project_years": [forms.ProjectYearForm],
    "progress": [forms.ProgressForm],
    # A problem is raised with a month's progress and closed by resolving it.
    "problems": [forms.ProgressForm, forms.ResolveProblemForm],
    "parcels": [forms.ParcelForm],
    "mortgages": [forms.MortgageForm],
    "relocation": [forms.RelocationCaseForm],
}
# Columns that no form field edits, and the action that sets them instead.
SET_BY_ACTION = {("problems", "state"): "batch.resolve_problem"}
KINDS = list(FORMS)


def form_fields(form_class) -> set[str]:
    # ProgressForm asks for a new problem's fields as problem_description, problem_owner, ...
    return {name.removeprefix("problem_") for name in form_class.base_fields}


@pytest.mark.parametrize("kind", KINDS)
def test_template_export_and_import_columns_are_the_resources(zone, staff, client_for, kind):
    found = get_kind(kind)
    headers = found.resource_class().get_export_headers()
    assert [c.header for c in found.columns] == headers
    template = load_workbook(io.BytesIO(client_for(staff).get(reverse("dataio:template", args=[kind])).content))
    assert [c.value for c in template.worksheets[0][1]] == headers
    exported = load_workbook(io.BytesIO(export_file(found, staff, {}, "xlsx")))
    assert [c.value for c in exported.worksheets[0][1]] == headers


@pytest.mark.parametrize("kind", KINDS)
def test_every_column_is_a_model_field_the_form_has_or_a_lookup(kind):
    resource = get_kind(kind).resource_class
    model, keys = resource._meta.model, set(resource._meta.import_id_fields)
    in_forms = set().union(*(form_fields(form) for form in FORMS[kind]))
    for name, field in resource.fields.items():
        model._meta.get_field(field.attribute.split("__")[0])  # FieldDoesNotExist otherwise
        through_relation = "__" in field.attribute  # only finds the record or its parent
        assert through_relation or name == field.attribute, (kind, name)
        assert through_relation or name in keys or name in in_forms or (kind, name) in SET_BY_ACTION, (kind, name)
    # And what a model form edits, an import can set.
    attributes = {field.attribute for field in resource.fields.values()}
    for form in FORMS[kind]:
        if hasattr(form, "_meta") and form._meta.model is model:
            assert set(form._meta.fields) <= attributes, (kind, form)


def test_an_import_leaves_the_declared_widgets_unbound(zone, staff):
    kind = get_kind("parcels")
    run_import(kind, "zone,code,area_mu,holder\nHX,P-1,3,\n".encode(), "f.csv", staff, apply=False)
    lookups = [f.widget for f in kind.resource_class.fields.values() if isinstance(f.widget, Lookup)]
    assert lookups and all(widget.records is None for widget in lookups)
    first, second = kind.resource_class({"zones": 1, "parks": 2, "enterprises": 3, "projects": 4}), kind.resource_class()
    assert first.fields["holder"].widget.records == 3 and second.fields["holder"].widget.records is None


@pytest.mark.parametrize("cell", [
    "2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日", " 2025 年 3 月 1 日 ", "2025-03-01 00:00:00",
    datetime.datetime(2025, 3, 1), datetime.date(2025, 3, 1),
])
def test_date_cells(cell):
    assert Date().clean(cell) == datetime.date(2025, 3, 1)


@pytest.mark.parametrize("cell", ["2025-02-30", "三月一日", "20250301"])
def test_bad_date_cells(cell):
    with pytest.raises(CellError):
        Date().clean(cell)


def test_choice_flag_and_number_cells_read_what_they_render():
    stage = Choice(Project.Stage)
    with translation.override("zh-hans"):
        assert stage.render(Project.Stage.STARTED) == "开工"
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert stage.clean("开工") == stage.clean("started") == stage.clean(str(Project.Stage.STARTED.label)) == "started"
    assert Choice(Project.Stage, default="conceived").clean(" ") == "conceived"
    with pytest.raises(CellError):
        stage.clean("开工了")
    assert [Flag().clean(cell) for cell in ("是", "否", "", "Yes", "√", 1, 0)] == [True, False, False, True, True, True, False]
    assert Flag().render(True) == "是" and Flag().render(False) == "否"
    with pytest.raises(CellError):
        Flag().clean("也许")
    assert Integer(0, 10, empty=0).clean("") == 0 and Integer(2000, 2100).clean("2025年") == 2025
    with pytest.raises(CellError):
        Integer(2000, 2100).clean("")
    assert Integer(0, 10).render(Decimal("3")) == Decimal("3")
