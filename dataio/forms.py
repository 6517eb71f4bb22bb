from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import FIRST_YEAR, LAST_YEAR
from zones.models import Zone

from .registry import all_kinds


def kind_choices():
    return [(kind.name, kind.label) for kind in all_kinds()]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=kind_choices, initial="values")
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"))


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导出内容"), choices=kind_choices)
    format = forms.ChoiceField(label=_("格式"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], initial="xlsx")
    zone = forms.ModelChoiceField(label=_("开发区"), queryset=Zone.objects.none(), to_field_name="code", required=False, empty_label=_("全部"))
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.for_user(user)
