import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import NumberField
from core.locking import NO_RECORD
from zones.models import Zone

from . import checks, services, statistics, target_services
from .selectors import SheetRow

AMOUNT_FIELD = {"max_digits": 20, "decimal_places": 4, "required": False, "localize": False}
# Codes of checks whose message belongs to the whole month rather than to one field.
MONTH_LEVEL_CODES = {"locked", "future", "month", "year"}


class MonthPickForm(forms.Form):
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), label=gettext_lazy("开发区"), to_field_name="code")
    month = forms.DateField(
        label=gettext_lazy("月份"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.for_user(user)


@dataclass
class Conflict:
    """A field someone else saved while the user edited the month: their value beside the user's.
    `choose`: both changed it, so the user keeps theirs or takes the new one; otherwise only the
    other person did, and the field now holds their value."""

    name: str
    mine: str
    theirs: str
    choose: bool


class MonthEntryForm(forms.Form):
    """All indicators of one zone-month: the entered figure, a published growth rate, a comment.

    Field-level checks (a number, within size) come from the form fields; every rule about the
    figures themselves comes from checks.check_values, attached to the field it concerns.
    The form carries the month's version and the figures it was loaded with (`base`), so that
    after a conflict it can tell which fields someone else changed (see `rebase`); a field of
    a conflict posted with r_<field>=theirs takes the base value, the other person's.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_warnings = forms.BooleanField(required=False, label=gettext_lazy("我已核实以上提示，确认保存"))

    def __init__(self, data=None, *args, zone, year: int, month: int, rows: list[SheetRow], **kwargs):
        if data is not None and any(data.get(key) == "theirs" for key in data if key.startswith("r_")):
            data = _take_theirs(data)
        super().__init__(data, *args, **kwargs)
        self.zone, self.year, self.month = zone, year, month
        self.rows = rows
        self.warnings: dict[str, list[str]] = {}
        self.check_result: checks.CheckResult | None = None
        self.conflicts: dict[str, Conflict] = {}
        for row in rows:
            code = row.indicator.code
            self.fields[f"v_{code}"] = NumberField(
                label=row.indicator.name_zh, initial=statistics.plain_number(row.entered_value), **AMOUNT_FIELD
            )
            self.fields[f"y_{code}"] = NumberField(
                label=_("公布同比"), initial=statistics.plain_number(row.published_yoy), max_digits=9, decimal_places=2, required=False
            )
            self.fields[f"c_{code}"] = forms.CharField(label=_("备注"), initial=row.comment, required=False, max_length=500)
        self.fields["base"].initial = json.dumps(self.loaded_figures())

    def loaded_figures(self) -> dict[str, str]:
        """The figures of the rows the form was made from, as their fields show them."""
        return {name: field.initial or "" for name, field in self.fields.items() if name[:2] in ("v_", "y_", "c_")}

    def _same(self, name: str, first: str, second: str) -> bool:
        field = self.fields[name]
        try:
            return field.clean(first) == field.clean(second)
        except ValidationError:
            return (first or "").strip() == (second or "").strip()

    def rebase(self, rows: list[SheetRow], version: int) -> "MonthEntryForm":
        """This form's input on the month as now saved (`rows` at `version`): a field someone
        else changed since the form was loaded is a Conflict; one nobody else changed keeps
        what the user typed. The new form saves on the new version."""
        try:
            base = json.loads(self.data.get("base") or "{}")
        except ValueError:
            base = {}
        theirs = MonthEntryForm(zone=self.zone, year=self.year, month=self.month, rows=rows).loaded_figures()
        data = self.data.copy()
        for key in [key for key in data if key.startswith("r_")]:
            del data[key]  # choices made on an earlier conflict are in the values already
        data["version"], data["base"] = str(version), json.dumps(theirs)
        conflicts = {}
        for name, their_value in theirs.items():
            mine = self.data.get(name, "")
            if self._same(name, their_value, base.get(name, "")) or self._same(name, mine, their_value):
                continue
            choose = not self._same(name, mine, base.get(name, ""))
            if not choose:
                data[name] = their_value  # the user left it as loaded: the other person's change stands
            conflicts[name] = Conflict(name, mine, their_value, choose)
        rebased = MonthEntryForm(data, zone=self.zone, year=self.year, month=self.month, rows=rows)
        rebased.conflicts = conflicts
        return rebased

    def inputs(self) -> list[services.ValueInput]:
        data = self.cleaned_data
        return [
            services.ValueInput(
                zone=self.zone,
                indicator=row.indicator,
                year=self.year,
                month=self.month,
                value=data.get(f"v_{row.indicator.code}"),
                published_yoy=data.get(f"y_{row.indicator.code}"),
                comment=(data.get(f"c_{row.indicator.code}") or "").strip(),
            )
            for row in self.rows
            # A field that failed its own validation is left out rather than read as empty.
            if f"v_{row.indicator.code}" in data and f"y_{row.indicator.code}" in data
        ]

    def clean(self):
        cleaned = super().clean()
        result = checks.check_values(self.inputs())
        self.check_result = result
        for problem in result.errors:
            if problem.code in MONTH_LEVEL_CODES:
                if problem.message not in self.non_field_errors():
                    self.add_error(None, problem.message)
                continue
            prefix = "y" if problem.field == "published_yoy" else "v"
            self.add_error(f"{prefix}_{problem.input.indicator.code}", problem.message)
        for problem in result.warnings:
            self.warnings.setdefault(problem.input.indicator.code, []).append(problem.message)
        return cleaned

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings) and not self.cleaned_data.get("confirm_warnings")


def _take_theirs(data):
    """The posted data with each field resolved as r_<field>=theirs holding the base value."""
    try:
        base = json.loads(data.get("base") or "{}")
    except ValueError:
        return data
    data = data.copy()
    for key in [key for key in data if key.startswith("r_")]:
        name = key[2:]
        if data.get(key) == "theirs" and name in base:
            data[name] = base[name]
    return data


class TargetsForm(forms.Form):
    """Annual targets of one zone and year, each in any unit of its indicator's family."""

    def __init__(self, *args, zone, year: int, indicators, current: dict, versions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.year, self.indicators = zone, year, indicators
        self.stale: dict[str, str] = {}  # after a stale save: the stored targets beside the user's, by indicator code
        for indicator in indicators:
            # The version of the target the page was loaded with (NO_RECORD: none), saved on;
            # a post without one is not checked.
            self.fields[f"tv_{indicator.code}"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=NO_RECORD, initial=versions.get(indicator.pk, NO_RECORD), required=False)
            self.fields[f"t_{indicator.code}"] = NumberField(
                label=indicator.name_zh, initial=statistics.plain_number(current.get(indicator.pk)), **AMOUNT_FIELD
            )
            units = statistics.same_family_units(indicator.unit)
            self.fields[f"u_{indicator.code}"] = forms.ChoiceField(
                label=_("单位"), choices=[(u, u) for u in units], initial=indicator.unit, required=False
            )

    def inputs(self) -> list[target_services.TargetInput]:
        data = self.cleaned_data
        return [
            target_services.TargetInput(
                zone=self.zone, indicator=indicator, year=self.year,
                value=data[f"t_{indicator.code}"], unit=data.get(f"u_{indicator.code}") or indicator.unit,
                expected_version=data.get(f"tv_{indicator.code}"),
            )
            for indicator in self.indicators
            if data.get(f"t_{indicator.code}") is not None
        ]

    def show_stale(self, error: target_services.TargetsStale) -> None:
        """After a refused stale save: the user's input stays, the stored targets are shown
        beside it, and the next save is made on their versions."""
        self.add_error(None, _("保存失败：在您编辑期间，其他人已修改并保存了下列年度目标。您的输入仍在下方，旁边列出了当前保存的值；核对后再次保存将以您的输入为准。"))
        self.data = self.data.copy()
        for item, target in error.stale:
            code = item.indicator.code
            self.data[f"tv_{code}"] = NO_RECORD if target is None else target.version
            self.stale[code] = statistics.plain_number(None if target is None else target.target_value) or _("空")

    def show_rejected(self, error: target_services.TargetsRejected) -> None:
        for item, field, message in error.errors:
            self.add_error(f"{'u' if field == 'unit' else 't'}_{item.indicator.code}", message)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.show_rejected(target_services.TargetsRejected(target_services.check_targets(self.inputs())))
        return cleaned
