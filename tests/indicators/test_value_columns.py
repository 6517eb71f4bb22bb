"""The values' and targets' columns are declared once, in their Resources (indicators.imports):
a header is the model field's verbose_name unless the column names its figure otherwise, and
the template, the export and the import read the same columns."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dataio.registry import get_kind
from dataio.services import export_file
from indicators.imports import TargetResource, ValueResource

NAMED_OTHERWISE = {"code": "指标代码", "value": "数值", "yoy": "同比增长", "target": "目标"}


@pytest.mark.parametrize("resource", [TargetResource, ValueResource])
def test_headers_are_the_model_fields_verbose_names(resource):
    model = resource._meta.model
    with translation.override("zh-hans"):
        for name, field in resource.fields.items():
            *path, attribute = field.attribute.split("__")
            owner = model
            for part in path:
                owner = owner._meta.get_field(part).related_model
            expected = NAMED_OTHERWISE.get(name) or str(owner._meta.get_field(attribute).verbose_name)
            assert field.column_name == expected, (resource.__name__, name)


@pytest.mark.parametrize("kind, resource", [("targets", TargetResource), ("values", ValueResource)])
def test_template_export_and_import_read_the_resources_columns(zone, staff, client_for, set_target, enter, kind, resource):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    headers = resource().get_export_headers()
    assert [column.header for column in get_kind(kind).columns] == headers
    template = load_workbook(io.BytesIO(client_for(staff).get(reverse("dataio:template", args=[kind])).content))
    assert [cell.value for cell in template.worksheets[0][1]] == headers
    exported = load_workbook(io.BytesIO(export_file(get_kind(kind), staff, {}, "xlsx")))
    rows = list(exported.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == headers and "HX" in rows[1]
