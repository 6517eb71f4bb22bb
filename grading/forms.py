"""Forms of the evaluation pages; the services make the final checks (rights, lock, rules)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core import clock
from core.forms import number_formfield
from core.periods import FIRST_YEAR, LAST_YEAR
from projects.forms import version_field
from projects.models import Enterprise
from projects.services import version_of
from zones.models import Zone

from .models import EnterpriseYear, Objection
from .services import format_emissions, parse_emissions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PickForm(forms.Form):
    zone = forms.ModelChoiceField(label=gettext_lazy("开发区"), queryset=Zone.objects.none(), to_field_name="code")
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, data, *, user):
        zones = Zone.objects.for_user(user)
        initial = {"zone": getattr(zones.first(), "code", ""), "year": clock.today().year - 1}
        super().__init__({**initial, **{k: v for k, v in data.items() if v}})
        self.fields["zone"].queryset = zones


class EnterpriseYearForm(forms.ModelForm):
    emissions = forms.CharField(label=gettext_lazy("主要污染物排放（吨）"), required=False,
                                help_text=gettext_lazy("按评价办法列出的污染物，如 COD=1.2；NOx=0.5"))

    class Meta:
        model = EnterpriseYear
        fields = ["is_above_scale", "exemption", "land_mu_override", "land_override_reason", "tax", "value_added", "output",
                  "revenue", "energy", "electricity", "emissions", "employees", "rd", "note"]
        formfield_callback = number_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field()
        self.fields["version"].initial = version_of(self.instance)
        if not self.is_bound:
            self.initial["emissions"] = format_emissions(self.instance.emissions)

    def clean_emissions(self):
        try:
            return parse_emissions(self.cleaned_data["emissions"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["emissions"]) from None

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class PublishForm(forms.Form):
    objection_until = forms.DateField(label=gettext_lazy("公示截止日期"), widget=DATE)


class ObjectionForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=gettext_lazy("企业"), queryset=Enterprise.objects.none())
    received_on = forms.DateField(label=gettext_lazy("收到日期"), widget=DATE)
    claim = forms.CharField(label=gettext_lazy("异议内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    evidence = forms.FileField(label=gettext_lazy("证明材料"), required=False,
                               help_text=gettext_lazy("PDF、图片、Word、Excel 或 ZIP，不超过 5 MB"))

    def __init__(self, *args, grading, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(grade_results__grading=grading).order_by("name")
        self.fields["received_on"].initial = clock.today()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("处理结果"),
                                 choices=[(Objection.Decision.UPHELD, Objection.Decision.UPHELD.label),
                                          (Objection.Decision.REJECTED, Objection.Decision.REJECTED.label)])
    decision_note = forms.CharField(label=gettext_lazy("处理意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
