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
    enterprise = ColumnField("enterprise", Lookup("enterprises", required=True, prefer="credit_code"), header="企业名称")
    credit_code = ColumnField("enterprise__credit_code")
    year = year_column()
    is_above_scale = ColumnField("is_above_scale", Flag())
    land_mu_override = ColumnField("land_mu_override", Number())
    land_override_reason = ColumnField("land_override_reason")
    tax = ColumnField("tax", Number())
    value_added = ColumnField("value_added", Number())
    output = ColumnField("output", Number())
    revenue = ColumnField("revenue", Number())
    energy = ColumnField("energy", Number())
    electricity = ColumnField("electricity", Number())
    emissions = ColumnField("emissions", Emissions())
    employees = ColumnField("employees", Count())
    rd = ColumnField("rd", Number())
    exemption = ColumnField("exemption", Choice(EnterpriseYear.Exemption))
    note = ColumnField("note")

    class Meta:
        model = EnterpriseYear
        import_id_fields = ("enterprise", "year")
