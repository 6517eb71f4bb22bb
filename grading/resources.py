"""The Resource of the annual inputs: its columns serve the import and the export alike
(grading.imports), as projects.resources does for the records."""

from django.core.exceptions import ValidationError

from dataio.registry import CellError, text
from dataio.resources import Choice, ColumnField, Flag, Integer, Lookup, LookupResource, Number, Text
from projects.resources import MAX_COUNT, year_column, zone_column

from .models import EnterpriseYear
from .services import format_emissions, parse_emissions


class Emissions(Text):
    """污染物=吨数, separated by ；: "COD=1.2；NOx=0.5"."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_emissions(text(value))
        except ValidationError as error:
            raise CellError(error.message_dict["emissions"][0]) from None

    def render(self, value, obj=None, **kwargs):
        return format_emissions(value)


class Count(Integer):
    """A head count; blank: not known."""

    def __init__(self):
        super().__init__(0, MAX_COUNT)
        self.required = False

    def clean(self, value, row=None, **kwargs):
        return None if not text(value) else super().clean(value, row, **kwargs)


class EnterpriseYearResource(LookupResource):
    """Known by the enterprise (its 统一社会信用代码 when the row gives one) and the year."""

    zone = zone_column("enterprise__zone")
    enterprise = ColumnField("企业名称", "enterprise", Lookup("enterprises", required=True, prefer="credit_code"))
    credit_code = ColumnField("统一社会信用代码", "enterprise__credit_code")
    year = year_column("年度")
    is_above_scale = ColumnField("规上企业", "is_above_scale", Flag())
    land_mu_override = ColumnField("用地面积（亩，手工指定）", "land_mu_override", Number())
    land_override_reason = ColumnField("指定用地面积的原因", "land_override_reason")
    tax = ColumnField("税收（万元）", "tax", Number())
    value_added = ColumnField("工业增加值（万元）", "value_added", Number())
    output = ColumnField("工业总产值（万元）", "output", Number())
    revenue = ColumnField("营业收入（万元）", "revenue", Number())
    energy = ColumnField("综合能耗（吨标准煤）", "energy", Number())
    electricity = ColumnField("用电量（万千瓦时）", "electricity", Number())
    emissions = ColumnField("主要污染物排放（吨）", "emissions", Emissions())
    employees = ColumnField("年平均职工人数", "employees", Count())
    rd = ColumnField("研发经费（万元）", "rd", Number())
    exemption = ColumnField("参评情况", "exemption", Choice(EnterpriseYear.Exemption))
    note = ColumnField("备注", "note")

    class Meta:
        model = EnterpriseYear
        import_id_fields = ("enterprise", "year")
