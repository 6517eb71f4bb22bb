import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, help_text=gettext_lazy("用途，如“市平台对接”"))
    expires_on = forms.DateField(label=gettext_lazy("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=gettext_lazy("留空则长期有效，直至撤销"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写名称"))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("有效期须晚于今天"))
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, local time."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
