from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import MONTH_NAMES

MONTH_CHOICES = list(MONTH_NAMES.items())  # lazy: named in the language of each request


class PeriodForm(forms.Form):
    """The year and month a dashboard shows; the zone is looked up through zones.access."""

    # Changing either reloads the page (static/js/devzone.js submits on change).
    year = forms.TypedChoiceField(
        label=_("年份"), coerce=int, required=False, widget=forms.Select(attrs={"data-autosubmit": ""})
    )
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, choices=MONTH_CHOICES, required=False, widget=forms.Select(attrs={"data-autosubmit": ""})
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)


def year_choices(years) -> list[tuple[int, str]]:
    """The picker's years, each named in the language of the request (2026年 / 2026)."""
    return [(y, _("%(y)s年") % {"y": y}) for y in years]
