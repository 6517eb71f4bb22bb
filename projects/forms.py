from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.forms import number_formfield
from core.locking import NO_RECORD
from core.periods import FIRST_YEAR, LAST_YEAR
from indicators.statistics import plain_number
from zones.models import Action, Park, Zone

from . import services
from .models import (
    Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase,
)
from .validators import STAGE_DATE_ORDER, normalise_credit_code

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def date_widgets(*names):
    return {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in names}


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def version_field():
    """The version of the record the form was loaded with (NO_RECORD: none), saved on."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=NO_RECORD, initial=NO_RECORD)


def show_stale(form, error: services.StaleRecord) -> None:
    """After a save refused as stale: the form keeps the user's input, holds the stored values
    that differ from it in `form.stale` (shown beside the fields) and saves on the stored
    version next."""
    attach_errors(form, error)
    typed = getattr(form, "cleaned_data", {})
    form.stale = {
        name: _display(form.fields[name], value)
        for name, value in error.current.items()
        if name in form.fields and typed.get(name, value) != value
    }
    form.data = form.data.copy()
    form.data["version"] = error.version


def _display(field, value) -> str:
    if value is None or value == "":
        return _("空")
    if isinstance(field, forms.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, Decimal):
        return plain_number(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class ZoneSelect(forms.Select):
    """A choice of zone records whose options carry their zone, so the page can show only the
    chosen zone's (static/js/records.js)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-zone"] = instance.zone_id
        return option


class RecordPicker(ZoneSelect):
    """A long list of a zone's records (enterprises, projects) that the page turns into a box to
    type in, listing the record zone's matches (static/js/picker.js); without scripts it is the
    plain list. The record pages and the admin use it alike."""

    class Media:
        css = {"all": ["css/picker.css"]}
        js = ["js/picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-picker": "",
            "data-picker-hint": _("输入名称查找"),
            "data-picker-zone-first": _("请先选择开发区"),
            "data-picker-none": _("没有名称相符的记录"),
            "data-picker-more": _("另有%(n)s项，请输入更多文字"),
        })
        return context


class ZoneRecordForm(forms.ModelForm):
    """A zone-owned record: the zone and related choices are limited to what the user may
    edit; the record's service refuses related records of another zone, at their fields."""

    class Meta:
        # Decimal columns read numbers as imports do (each record form's Meta inherits this).
        formfield_callback = number_formfield

    related_querysets = {"park": Park, "industry": Industry, "enterprise": Enterprise, "holder": Enterprise, "project": Project}
    # Lists that run to hundreds in a zone: chosen by typing (RecordPicker).
    picked = {"enterprise", "holder", "project"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field()
        self.fields["version"].initial = services.version_of(self.instance)
        editable = Zone.objects.for_user(user, Action.EDIT)
        if "zone" in self.fields:
            self.fields["zone"].queryset = editable
            if self.instance.pk:
                # Records do not move between zones; a new registration is made instead.
                self.fields["zone"].disabled = True
            elif editable.count() == 1:
                self.fields["zone"].initial = editable.first()
        zone = self._record_zone(editable)
        for name, model in self.related_querysets.items():
            if name in self.fields:
                field = self.fields[name]
                widget = (RecordPicker if name in self.picked else ZoneSelect)(attrs=field.widget.attrs)
                widget.is_required = field.widget.is_required
                field.widget = widget  # its choices follow the queryset set below
                queryset = model.objects.for_user(user, Action.EDIT).select_related("zone")
                if zone is not None:
                    # Only the record's zone's parks, industries and companies: other zones' are never valid.
                    self.fields[name].queryset = queryset.filter(zone=zone)
                    self.fields[name].label_from_instance = str
                else:
                    self.fields[name].queryset = queryset
                    self.fields[name].label_from_instance = lambda obj: f"{obj.zone.code} · {obj}"

    def _record_zone(self, editable):
        """The zone the record belongs to: its own, the one chosen in the posted form, or the user's only one."""
        if self.instance.pk:
            return self.instance.zone
        if "zone" not in self.fields:
            return None
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("zone"))
            return editable.filter(pk=chosen).first() if chosen and str(chosen).isdigit() else None
        return self.fields["zone"].initial

    def validate_unique(self):
        """Left to the record's service, which checks uniqueness for a batch of any size at once."""

    def values(self) -> dict:
        """The cleaned values of the model fields, for the service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data and not self.fields[name].disabled}


class IndustryForm(ZoneRecordForm):
    class Meta(ZoneRecordForm.Meta):
        model = Industry
        fields = ["zone", "name", "order"]
        help_texts = {"order": gettext_lazy("数字小的排在前面")}


class EnterpriseForm(ZoneRecordForm):
    class Meta(ZoneRecordForm.Meta):
        model = Enterprise
        fields = ["zone", "park", "name", "credit_code", "industry", "is_above_scale", "is_listed", "is_foreign",
                  "is_high_tech", "status", "contact_person", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A pasted code may carry spaces and dashes: its 18 characters are counted once they are gone.
        field = self.fields["credit_code"]
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"]) or None


class PeriodRecordForm(forms.ModelForm):
    """A record of a period of its parent (a month of an enterprise, a year of a project): labels,
    sizes and field rules are the model's; the period's rule (a known year, nothing in the future)
    and uniqueness are the service's (projects.services.period_rule, projects.batch)."""

    version = version_field()

    class Meta:
        formfield_callback = number_formfield

    def validate_unique(self):
        """Left to the record's service, as for the other records (ZoneRecordForm)."""


class EnterpriseFigureForm(PeriodRecordForm):
    """One month of an enterprise's figures, saved on the version of the month it was loaded
    with (`period`, YYYY-MM): a month typed over the loaded one was not seen (NO_RECORD). Its
    rules (tax or output, no future month) are the service's (projects.services.figure_rules)."""

    period = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(PeriodRecordForm.Meta):
        model = EnterpriseFigure
        fields = ["year", "month", "tax_ytd", "output_ytd"]

    @classmethod
    def loaded(cls, enterprise, year: int, month: int):
        """The form for `month` of `enterprise`, with its stored figures and their version."""
        figure = EnterpriseFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
        initial = {"year": year, "month": month, "period": f"{year}-{month:02d}", "version": services.version_of(figure)}
        if figure is not None:
            initial.update(tax_ytd=plain_number(figure.tax_ytd), output_ytd=plain_number(figure.output_ytd))
        return cls(initial=initial)

    def expected_version(self) -> int:
        data = self.cleaned_data
        return data["version"] if data.get("period") == f"{data['year']}-{data['month']:02d}" else NO_RECORD

    def show_stale(self, error: services.StaleRecord) -> None:
        show_stale(self, error)
        self.data["period"] = f"{self.cleaned_data['year']}-{self.cleaned_data['month']:02d}"  # now seen


class ProjectForm(ZoneRecordForm):
    class Meta(ZoneRecordForm.Meta):
        model = Project
        fields = ["zone", "park", "name", "enterprise", "industry", "is_key", "level", "stage", "conceived_on",
                  "negotiating_on", "signed_on", "started_on", "completed_on", "producing_on", "terminated_on",
                  "signed_amount", "total_investment", "investment_before_records", "responsible_leader",
                  "responsible_unit", "description"]
        widgets = date_widgets("conceived_on", "negotiating_on", "signed_on", "started_on", "completed_on", "producing_on", "terminated_on")

    def clean(self):
        cleaned = super().clean()
        # The page offers today as 谋划日期; left as offered, it gives way to the later dates typed.
        later = [cleaned.get(name) for name in STAGE_DATE_ORDER[1:] if cleaned.get(name)]
        offered = self["conceived_on"].initial
        if not self.instance.pk and offered and "conceived_on" not in self.changed_data and later and min(later) < offered:
            cleaned["conceived_on"] = None
        return cleaned  # the dates' order is the service's rule (projects.services.project_rules)


class ProjectYearForm(PeriodRecordForm):
    """A project's plan for a year, saved on the version of the year it was loaded with (`period`):
    a year typed over the loaded one was not seen (NO_RECORD)."""

    period = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(PeriodRecordForm.Meta):
        model = ProjectYear
        fields = ["year", "planned_investment", "construction_type_override"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank override is no override: the page names what a blank means.
        self.fields["construction_type_override"].choices = [("", gettext_lazy("按日期自动判定")),
                                                             *ProjectYear.ConstructionType.choices]


    def expected_version(self) -> int:
        data = self.cleaned_data
        return data["version"] if data.get("period") == data["year"] else NO_RECORD

    def show_stale(self, error: services.StaleRecord) -> None:
        show_stale(self, error)
        self.data["period"] = self.cleaned_data["year"]  # now seen


class ProgressForm(PeriodRecordForm):
    """One month of a project, and optionally a new problem found that month (the problem's own
    fields, prefixed problem_, all or none)."""

    problem_description = ProjectProblem._meta.get_field("description").formfield(
        required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problem_owner = ProjectProblem._meta.get_field("owner").formfield(required=False)
    problem_deadline = ProjectProblem._meta.get_field("deadline").formfield(required=False, **DATE)

    class Meta(PeriodRecordForm.Meta):
        model = ProjectProgress
        fields = ["investment", "physical_progress"]
        widgets = {"physical_progress": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get("problem_description"), cleaned.get("problem_owner"), cleaned.get("problem_deadline")]
        if any(parts) and not all(parts):
            for name, value in zip(["problem_description", "problem_owner", "problem_deadline"], parts):
                if not value and name not in self.errors:
                    self.add_error(name, _("填写存在问题时，问题、责任人和解决时限都要填写"))
        return cleaned

    def problems(self) -> list[dict]:
        """The new problem's values for the problems' service (none when the form names none)."""
        data = self.cleaned_data
        if not data.get("problem_description"):
            return []
        return [{"description": data["problem_description"], "owner": data["problem_owner"], "deadline": data["problem_deadline"]}]


class ResolveProblemForm(forms.Form):
    resolved_on = forms.DateField(label=gettext_lazy("解决日期"), **DATE)
    resolution = forms.CharField(label=gettext_lazy("解决情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved_on"].initial = clock.today()


class ParcelForm(ZoneRecordForm):
    class Meta(ZoneRecordForm.Meta):
        model = Parcel
        fields = ["zone", "park", "code", "location", "area_mu", "use", "supply_method", "price", "contract_start_on",
                  "supplied_on", "started_on", "completed_on", "holder", "project", "status", "idle_stage",
                  "is_low_efficiency", "note"]
        widgets = date_widgets("contract_start_on", "supplied_on", "started_on", "completed_on")


class MortgageForm(forms.ModelForm):
    class Meta:
        formfield_callback = number_formfield
        model = Mortgage
        fields = ["registered_on", "certificate_no", "creditor", "amount"]
        widgets = date_widgets("registered_on")


class RelocationCaseForm(ZoneRecordForm):
    class Meta(ZoneRecordForm.Meta):
        model = RelocationCase
        fields = ["zone", "name", "kind", "started_on", "closed_on", "enterprises_total", "enterprises_moved",
                  "households_total", "households_moved", "note"]
        widgets = date_widgets("started_on", "closed_on")


class ListFilterForm(forms.Form):
    """Search and filters shared by the lists; every choice is limited to visible zones.

    Dashboards link here with ?zone=CODE&stage=..&status=..&year=..&month=.. to show the
    records behind a figure.
    """

    q = forms.CharField(label=gettext_lazy("搜索"), required=False)
    zone = forms.ModelChoiceField(label=gettext_lazy("开发区"), queryset=Zone.objects.none(), to_field_name="code", required=False)
    park = forms.ModelChoiceField(label=gettext_lazy("园区"), queryset=Park.objects.none(), required=False)
    industry = forms.ModelChoiceField(label=gettext_lazy("产业"), queryset=Industry.objects.none(), required=False)
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    month = forms.IntegerField(label=gettext_lazy("截至月份"), required=False, min_value=1, max_value=12)

    def __init__(self, *args, user, stages=(), statuses=(), with_period=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_period:
            del self.fields["year"], self.fields["month"]
        zones = Zone.objects.for_user(user)
        self.fields["zone"].queryset = zones
        self.fields["park"].queryset = Park.objects.for_user(user).select_related("zone")
        self.fields["park"].label_from_instance = lambda obj: f"{obj.zone.code} · {obj}"
        self.fields["industry"].queryset = Industry.objects.for_user(user).select_related("zone")
        self.fields["industry"].label_from_instance = lambda obj: f"{obj.zone.code} · {obj}"
        if stages:
            self.fields["stage"] = forms.ChoiceField(label=gettext_lazy("阶段"), required=False, choices=[("", "—")] + list(stages))
        if statuses:
            self.fields["status"] = forms.ChoiceField(label=gettext_lazy("状态"), required=False, choices=[("", "—")] + list(statuses))

    def period(self) -> tuple[int, int]:
        """The year and month a figure filter is counted to (default: the current year so far)."""
        today = clock.today()
        year = self.cleaned_data.get("year") or today.year
        month = self.cleaned_data.get("month") or (today.month if year == today.year else 12)
        return year, month


class PeriodForm(forms.Form):
    zone = forms.ModelChoiceField(label=gettext_lazy("开发区"), queryset=Zone.objects.none(), to_field_name="code")
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    month = forms.IntegerField(label=gettext_lazy("截至月份"), min_value=1, max_value=12)

    def __init__(self, data, *, user):
        zones = Zone.objects.for_user(user)
        today = clock.today()
        initial = {"zone": getattr(zones.first(), "code", ""), "year": today.year, "month": today.month}
        super().__init__({**initial, **{k: v for k, v in data.items() if v}})
        self.fields["zone"].queryset = zones


class IndustryFilterForm(ListFilterForm):
    """Industries are searched by name and filtered by zone only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, with_period=False, **kwargs)
        del self.fields["park"], self.fields["industry"]
