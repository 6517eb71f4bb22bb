"""A Resource column's header is its model field's verbose_name, declared once on the model,
in the language files are written in whatever the UI language."""

from django.utils import translation

from dataio.resources import ColumnField, Lookup, LookupResource, Number, columns_of
from projects.models import EnterpriseFigure


class FigureColumns(LookupResource):
    zone = ColumnField("enterprise__zone", Lookup("zones", field="code", required=True))
    enterprise = ColumnField("enterprise", Lookup("enterprises", required=True), header="企业名称")
    tax_ytd = ColumnField("tax_ytd", Number())

    class Meta:
        model = EnterpriseFigure


def test_headers_come_from_the_models_verbose_names():
    expected = ["开发区", "企业名称", str(EnterpriseFigure._meta.get_field("tax_ytd").verbose_name)]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert FigureColumns().get_export_headers() == expected
            assert [column.header for column in columns_of(FigureColumns)] == expected
    assert expected[2] == "1-N月累计税收（万元）"
