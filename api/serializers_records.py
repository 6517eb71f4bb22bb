"""Enterprises, projects (with their years and progress) and parcels as the API shows them.

The same serializers describe the request bodies in the schema; a write is validated by the
record's page form (projects.forms) and saved by its service, so the rules and messages are the
pages' (api/views_records.py)."""

from django.db import models
from rest_framework import serializers

from projects.forms import EnterpriseForm, ParcelForm, ProjectForm
from projects.models import Enterprise, EnterpriseFigure, Parcel, Project, ProjectProgress, ProjectYear
from zones.models import Zone

from .fields import Number


class RecordSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())

    def build_standard_field(self, field_name, model_field):
        # Decimals as the rest of the API writes them: plain text, typed decimals kept.
        if isinstance(model_field, models.DecimalField):
            return Number, {"required": False, "allow_null": model_field.null,
                            "max_digits": model_field.max_digits, "decimal_places": model_field.decimal_places}
        return super().build_standard_field(field_name, model_field)


class EnterpriseSerializer(RecordSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", *EnterpriseForm.Meta.fields, "version"]
        read_only_fields = ["id", "version"]
        validators = []


# A project's year and month and an enterprise's month are written by PUT on their period
# (api/views_periods.py): the period comes from the path, the values from the body.
class ProjectYearSerializer(serializers.ModelSerializer):
    planned_investment = Number(required=False)

    class Meta:
        model = ProjectYear
        fields = ["year", "planned_investment", "construction_type_override", "version"]
        read_only_fields = ["year", "version"]


class ProgressSerializer(serializers.ModelSerializer):
    investment = Number(required=False)

    class Meta:
        model = ProjectProgress
        fields = ["year", "month", "investment", "physical_progress", "version"]
        read_only_fields = ["year", "month", "version"]


class EnterpriseFigureSerializer(serializers.ModelSerializer):
    tax_ytd = Number(required=False)
    output_ytd = Number(required=False)

    class Meta:
        model = EnterpriseFigure
        fields = ["year", "month", "tax_ytd", "output_ytd", "version"]
        read_only_fields = ["year", "month", "version"]


class ProjectSerializer(RecordSerializer):
    years = ProjectYearSerializer(many=True, read_only=True)
    progress = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", *ProjectForm.Meta.fields, "years", "progress", "version"]
        read_only_fields = ["id", "version"]
        validators = []


class ParcelSerializer(RecordSerializer):
    class Meta:
        model = Parcel
        fields = ["id", *ParcelForm.Meta.fields, "version"]
        read_only_fields = ["id", "version"]
        validators = []
