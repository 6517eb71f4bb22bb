from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from audit.models import Channel
from audit.services import history_for
from core.admin import ReadOnly, ReadOnlyAdmin, ServiceSavedAdmin
from zones.admin import ShownOnDashboardsAdmin, WrittenByServiceAdmin

from . import checks, services, target_services
from .catalogue import save_indicators
from .models import AnnualTarget, Category, ConfirmedWarning, Indicator, MonthlyValue, MonthTransition, RequiredIndicator, ZoneMonth


@admin.register(Category)
class CategoryAdmin(ShownOnDashboardsAdmin):
    list_display = ["code", "name_zh", "name_en", "order"]


@admin.register(Indicator)
class IndicatorAdmin(WrittenByServiceAdmin):
    """Saved through the catalogue's service, as the catalogue import is (indicators.catalogue)."""

    list_display = ["code", "name_zh", "unit", "kind", "entry_mode", "category", "parent", "is_headline", "active"]
    list_filter = ["category", "kind", "entry_mode", "is_headline", "active"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["category", "parent"]
    service = save_indicators


class FigureAdmin(ServiceSavedAdmin):
    """Values and targets: the admin obeys the same checks and locks as the form and imports."""

    def check_through_service(self, request, form):
        self.write(self.get_inputs(form), request.user, dry_run=True)

    def save_through_service(self, request, obj, form, change):
        self.write(self.get_inputs(form), request.user)
        return self.model.objects.filter(**self.natural_key(obj)).first()


@admin.register(MonthlyValue)
class MonthlyValueAdmin(FigureAdmin):
    list_display = ["zone", "indicator", "year", "month", "month_value", "ytd_value", "published_yoy"]
    list_filter = ["zone", "year", "month", "indicator__category", "created_channel"]
    search_fields = ["indicator__name_zh", "indicator__code", "zone__code"]
    list_select_related = ["zone", "indicator"]
    fields = ["zone", "indicator", "year", "month", "entered", "published_yoy", "comment", "history"]
    readonly_fields = ["history"]

    @admin.display(description=_("修改记录"))
    def history(self, obj):
        if not obj.pk:
            return "—"
        lines = [
            format_html(
                "{} {}（{}）{}：{} → {}",
                localtime(r.created_at).strftime("%Y-%m-%d %H:%M"), r.user or "—", r.get_channel_display(), r.field, r.old_value or "—", r.new_value or "—",
            )
            for r in history_for(obj)
        ]
        if obj.created_at:
            lines.append(format_html(
                "{} {}（{}）{}", localtime(obj.created_at).strftime("%Y-%m-%d %H:%M"), obj.created_by or "—",
                obj.get_created_channel_display(), _("首次录入"),
            ))
        return mark_safe("<br>".join(lines)) if lines else "—"

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = MonthlyValueAdminForm
        return super().get_form(request, obj, **kwargs)

    def natural_key(self, obj):
        return {"zone": obj.zone, "indicator": obj.indicator, "year": obj.year, "month": obj.month}

    def get_inputs(self, form):
        data = form.cleaned_data
        return [
            services.ValueInput(
                zone=data["zone"], indicator=data["indicator"], year=data["year"], month=data["month"],
                value=data.get("entered"), published_yoy=data.get("published_yoy"), comment=data.get("comment") or "",
            )
        ]

    def write(self, inputs, user, dry_run=False):
        if dry_run:
            result = checks.check_values(inputs)
            if result.errors:
                raise ValidationError([p.message for p in result.errors])
            return
        try:
            # The admin has no warning step: an administrator's save is taken as confirmed.
            services.save_values(inputs, user=user, channel=Channel.ADMIN, confirm_warnings=True)
        except services.ValuesRejected as exc:
            raise ValidationError([p.message for p in exc.result.errors]) from exc


class MonthlyValueAdminForm(forms.ModelForm):
    entered = forms.DecimalField(label=_("填报值（按指标填报方式）"), required=False, max_digits=20, decimal_places=4)

    class Meta:
        model = MonthlyValue
        fields = ["zone", "indicator", "year", "month", "published_yoy", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["entered"].initial = self.instance.entered_value


@admin.register(AnnualTarget)
class AnnualTargetAdmin(FigureAdmin):
    list_display = ["zone", "indicator", "year", "target_value"]
    list_filter = ["zone", "year", "indicator__category"]
    list_select_related = ["zone", "indicator"]

    def natural_key(self, obj):
        return {"zone": obj.zone, "indicator": obj.indicator, "year": obj.year}

    def get_inputs(self, form):
        data = form.cleaned_data
        return [target_services.TargetInput(zone=data["zone"], indicator=data["indicator"], year=data["year"], value=data["target_value"])]

    def write(self, inputs, user, dry_run=False):
        errors = target_services.check_targets(inputs)
        if errors:
            raise ValidationError([message for _item, _field, message in errors])
        if not dry_run:
            target_services.save_targets(inputs, user=user, channel=Channel.ADMIN)


class MonthTransitionInline(ReadOnly, admin.TabularInline):
    model = MonthTransition
    extra = 0
    fields = readonly_fields = ["from_status", "to_status", "user", "reason", "version", "fingerprint", "created_at"]


@admin.register(ZoneMonth)
class ZoneMonthAdmin(ReadOnlyAdmin):
    """Status changes go through the review workflow, which records who, why and the figures."""

    list_display = ["zone", "year", "month", "status", "version", "updated_at"]
    list_filter = ["zone", "year", "status"]
    inlines = [MonthTransitionInline]


@admin.register(MonthTransition)
class MonthTransitionAdmin(ReadOnlyAdmin):
    list_display = ["zone_month", "from_status", "to_status", "user", "version", "created_at"]
    list_filter = ["to_status", "zone_month__zone", "zone_month__year"]
    list_select_related = ["zone_month__zone", "user"]


@admin.register(ConfirmedWarning)
class ConfirmedWarningAdmin(ReadOnlyAdmin):
    list_display = ["zone_month", "indicator", "message", "user", "created_at"]
    list_filter = ["zone_month__zone", "zone_month__year", "code"]
    list_select_related = ["zone_month__zone", "indicator", "user"]


@admin.register(RequiredIndicator)
class RequiredIndicatorAdmin(admin.ModelAdmin):
    """必报指标: a blank one blocks a month's submission (indicators.submission)."""

    list_display = ["zone", "indicator"]
    list_filter = ["zone"]
    list_select_related = ["zone", "indicator"]
    autocomplete_fields = ["indicator"]
