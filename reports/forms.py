from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.periods import FIRST_YEAR, LAST_YEAR
from indicators.models import Category
from zones.models import Zone

from .models import OPENING, PLAN_OVERVIEW, NarrativeItem, NarrativeSection, RecordInsert
from .services import LEAD_MAX, TITLE_MAX, ItemText, SectionText


class ReportPickForm(forms.Form):
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), label=gettext_lazy("开发区"), to_field_name="code")
    year = forms.IntegerField(label=gettext_lazy("年份"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    as_of = forms.IntegerField(
        label=gettext_lazy("截至月份"), required=False, min_value=1, max_value=12,
        help_text=gettext_lazy("留空则各项数据取最近一个审核通过的月份"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.for_user(user)


def section_labels() -> list[tuple[str, str]]:
    """(key, label) of every editable section, in report order."""
    return [
        (OPENING, _("开头段（总体情况）")),
        *[(category.code, _("工作总结：%(name)s") % {"name": category.name}) for category in Category.objects.all()],
        (PLAN_OVERVIEW, _("下一年工作思路（总体）")),
    ]


class SectionsForm(forms.Form):
    """Lead sentence and text of every section, as fields lead_<key> and text_<key>."""

    # The narrative as it was when the form was loaded (services.narrative_fingerprint).
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, sections: dict[str, NarrativeSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = section_labels()
        for key, label in self.labels:
            section = sections.get(key)
            self.fields[f"lead_{key}"] = forms.CharField(
                label=_("%(section)s · 引导句") % {"section": label}, required=False, max_length=LEAD_MAX,
                initial=section.lead if section else "",
            )
            self.fields[f"text_{key}"] = forms.CharField(
                label=_("%(section)s · 正文") % {"section": label}, required=False, widget=forms.Textarea(attrs={"rows": 5}),
                initial=section.text if section else "",
            )

    def groups(self):
        return [{"key": key, "label": label, "lead": self[f"lead_{key}"], "text": self[f"text_{key}"]} for key, label in self.labels]

    def sections(self) -> dict[str, SectionText]:
        return {key: SectionText(self.cleaned_data[f"lead_{key}"], self.cleaned_data[f"text_{key}"]) for key, _label in self.labels}


class ItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), required=False, max_length=TITLE_MAX)
    text = forms.CharField(label=gettext_lazy("正文"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("text", "").strip() and not data.get("title", "").strip():
            self.add_error("title", _("填写了正文，请同时填写标题"))
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def items(self) -> list[ItemText]:
        """The filled rows in order; blank rows are dropped (that is how an item is removed)."""
        return [
            ItemText(form.cleaned_data["title"], form.cleaned_data.get("text", ""))
            for form in self.forms
            if form.cleaned_data.get("title", "").strip()
        ]


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=2, max_num=30, validate_max=True)


def item_initial(items: list[NarrativeItem]) -> list[dict]:
    return [{"title": item.title, "text": item.text} for item in items]


class OutlineSectionForm(forms.Form):
    """One section of 一、工作总结 on the outline page: its title, text and record sentences."""

    title = forms.CharField(
        label=gettext_lazy("标题"), required=False, max_length=LEAD_MAX,
        help_text=gettext_lazy("写在（一）（二）之后；统计分类的章节留空则用分类名称"),
    )
    text = forms.CharField(label=gettext_lazy("正文"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    inserts = forms.MultipleChoiceField(
        label=gettext_lazy("插入台账语句"), required=False, choices=RecordInsert.choices, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("由系统根据台账生成，每类语句只出现在一个章节"),
    )

    def __init__(self, *args, own: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = own
        self.fields["title"].error_messages["required"] = _("请填写章节标题")


def outline_initial(entry) -> dict:
    section = entry.section
    return {"title": section.lead if section else "", "text": section.text if section else "", "inserts": entry.inserts}


class NextStepsForm(forms.Form):
    """下一步 of one month's 月报: a paragraph a line."""

    text = forms.CharField(label=gettext_lazy("下一步工作"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
