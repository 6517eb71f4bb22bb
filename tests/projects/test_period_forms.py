"""The period forms are ModelForms of the record they write: labels, sizes and field rules come
from the model, the period's rule from the service, whatever the channel."""

import pytest
from django.urls import reverse
from django.utils import translation

from projects.forms import EnterpriseFigureForm, ProgressForm, ProjectYearForm
from tests import factories


@pytest.mark.parametrize("form_class", [EnterpriseFigureForm, ProjectYearForm, ProgressForm])
def test_labels_are_the_models_verbose_names(form_class):
    model = form_class._meta.model
    with translation.override("zh-hans"):
        for name in form_class._meta.fields:
            assert str(form_class.base_fields[name].label) == str(model._meta.get_field(name).verbose_name), name


def test_a_negative_figure_and_an_unknown_year_are_refused_at_their_fields(zone, staff, client_for):
    firm = factories.save_enterprise(None, {"zone": zone, "name": "企业1"})
    page = client_for(staff).post(reverse("projects:enterprise_figure", args=[firm.pk]),
                                  {"version": -1, "year": "1999", "month": "3", "tax_ytd": "-1"})
    form = page.context["form"]
    assert form.errors["tax_ytd"] == ["税收不能为负数"]
    page = client_for(staff).post(reverse("projects:enterprise_figure", args=[firm.pk]),
                                  {"version": -1, "year": "1999", "month": "3", "tax_ytd": "1"})
    assert page.context["form"].errors["year"] == ["年份须在2000年到2100年之间"]
