"""Enterprises, projects (with their years and progress) and parcels as the API shows and takes
them.

Each serializer is derived from its model: the fields, their sizes, choices and validators are
the model's, so a field added there is read, checked and written here. A write is checked by the
serializer, then made by the record's batch service (projects/batch.py) with one input, as an
import makes its rows: rights, the record's rules, constraints, uniqueness, version and history
are the service's, and its refusals answer 400 at the field they name."""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from audit.models import Channel
from projects import batch
from projects.models import Enterprise, EnterpriseFigure, Parcel, Project, ProjectProgress, ProjectYear
from zones.models import Action, Zone

from .fields import Number

# What a DRF DecimalField takes beyond a plain field's options.
_DECIMAL_ONLY = {"max_digits", "decimal_places", "coerce_to_string", "localize", "rounding", "max_value", "min_value",
                 "normalize_output"}


def in_model_order(model, *extra) -> list[str]:
    """All the model's fields in its order, the serializer's own `extra` last."""
    return [field.name for field in model._meta.concrete_fields] + list(extra)


# The base classes say what they do in comments: a docstring would describe every record in the schema.
class ModelFields(serializers.ModelSerializer):
    # A model's fields, refusing keys it does not write. Decimals read as the forms and imports
    # read them (Number, with the column's size); uniqueness is left to the service, which checks
    # it once per batch on the normalised values.

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs["validators"] = [v for v in kwargs.get("validators", []) if not isinstance(v, UniqueValidator)]
        if isinstance(model_field, models.DecimalField):
            options = {name: value for name, value in kwargs.items() if name not in _DECIMAL_ONLY}
            return Number, {**options, "allow_null": model_field.null, "max_digits": model_field.max_digits,
                            "decimal_places": model_field.decimal_places}
        return field_class, kwargs

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [_("请求体须为JSON对象")]}, code="invalid")
        writable = {name for name, field in self.fields.items() if not field.read_only}
        unknown = [name for name in data if name not in writable]
        if unknown:
            message = _("未知字段：%(name)s") % {"name": unknown[0]}
            raise serializers.ValidationError({unknown[0]: [ErrorDetail(message, code="unknown_field")]})
        return super().to_internal_value(data)


class ThroughService(ModelFields):
    # Saved by `service`, a projects.batch save_* function, through batch.save_one: its refusals
    # are Django ValidationErrors at the fields (400), StaleRecord when the stored record is not at
    # the context's `expected_version` (412; None: not checked). The context holds the request.

    service = None

    def create(self, validated_data):
        return self._write(None, validated_data)

    def update(self, instance, validated_data):
        return self._write(instance, validated_data)

    def _write(self, record, values: dict):
        return batch.save_one(type(self).service, record, values, user=self.context["request"].user, channel=Channel.API,
                              expected_version=self.context.get("expected_version"))


class RecordSerializer(ThroughService):
    # A zone's record: the zone by its code; the zone and related records offered are those the
    # user may edit, as on the page form, so a record elsewhere is not revealed.

    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for field in fields.values():
                if isinstance(field, serializers.RelatedField) and not field.read_only:
                    field.queryset = field.queryset.model.objects.for_user(request.user, Action.EDIT)
        return fields


class EnterpriseSerializer(RecordSerializer):
    """An enterprise; a record does not move to another zone (a new one is registered there)."""

    service = staticmethod(batch.save_enterprises)

    class Meta:
        model = Enterprise
        fields = in_model_order(Enterprise)
        validators = []
        # A pasted code may carry spaces and dashes: the service counts its 18 characters once they are gone.
        extra_kwargs = {"credit_code": {"max_length": None}}


# A project's year and month and an enterprise's month are written by PUT on their period
# (api/views_periods.py): the period and the record it belongs to come from the path.
class ProjectYearSerializer(ThroughService):
    """A project's plan for the year in the path; a new year needs planned_investment."""

    service = staticmethod(batch.save_project_years)

    class Meta:
        model = ProjectYear
        exclude = ["id", "project"]
        read_only_fields = ["year"]
        validators = []
        extra_kwargs = {"planned_investment": {"required": True}}  # on a new year: no plan is no year


class ProgressSerializer(ThroughService):
    """A project's month in the path (not before the project started); a new month needs investment."""

    service = staticmethod(batch.save_progress)

    class Meta:
        model = ProjectProgress
        exclude = ["id", "project"]
        read_only_fields = ["year", "month"]
        validators = []
        extra_kwargs = {"investment": {"required": True}}  # on a new month


class EnterpriseFigureSerializer(ThroughService):
    """An enterprise's month in the path: tax and output year to date (万元), at least one of them."""

    service = staticmethod(batch.save_enterprise_figures)

    class Meta:
        model = EnterpriseFigure
        exclude = ["id", "enterprise"]
        read_only_fields = ["year", "month"]
        validators = []


class ProjectSerializer(RecordSerializer):
    """A project with its years and progress (written on their own paths)."""

    service = staticmethod(batch.save_projects)
    years = ProjectYearSerializer(many=True, read_only=True)
    progress = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = in_model_order(Project, "years", "progress")
        validators = []


class ParcelSerializer(RecordSerializer):
    """A parcel of land."""

    service = staticmethod(batch.save_parcels)

    class Meta:
        model = Parcel
        fields = in_model_order(Parcel)
        validators = []
