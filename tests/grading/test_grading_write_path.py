"""Grading's inputs have one write path (grading.services.save_enterprise_years): the page's form
and the import meet the same refusal for the same row and leave the same history."""

import datetime
from decimal import Decimal

from django.urls import reverse

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import run_import
from grading import services
from grading.models import EnterpriseYear

from .conftest import YEAR

LOCKED = "XX经济技术开发区2025年亩均效益评价已定稿，不能再修改"


def imported(firm, tax, user):
    text = f"开发区,企业名称,年度,规上企业,税收（万元）\nHX,{firm.name},{YEAR},是,{tax}\n"
    return run_import(get_kind("enterprise_years"), text.encode(), "inputs.csv", user, apply=True)


def posted(client, zone, firm, tax):
    stored = EnterpriseYear.objects.get(enterprise=firm, year=YEAR)
    return client.post(reverse("grading:input_edit", args=[zone.code, YEAR, firm.pk]),
                       {"is_above_scale": "on", "tax": str(tax), "version": stored.version})


def test_a_final_year_refuses_the_form_and_the_import_alike(zone, firms, scheme, staff, reviewer, client_for):
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    services.publish(grading, datetime.date.today(), user=reviewer, channel="form")
    services.finalise(grading, user=reviewer, channel="form")
    history = ChangeRecord.objects.count()
    [issue] = imported(firms[0], 99, staff).errors
    page = posted(client_for(staff), zone, firms[0], 99)
    assert issue.message == LOCKED
    assert page.status_code == 200 and LOCKED in page.content.decode()
    assert EnterpriseYear.objects.get(enterprise=firms[0], year=YEAR).tax == 50
    assert ChangeRecord.objects.count() == history


def test_the_form_and_the_import_leave_the_same_history(zone, firms, scheme, staff, client_for):
    assert imported(firms[0], 60, staff).applied
    assert posted(client_for(staff), zone, firms[1], 45).status_code == 302
    changes = {(c.object_id, c.field, c.old_value, c.new_value, c.channel) for c in ChangeRecord.objects.filter(field="tax")}
    first, second = (EnterpriseYear.objects.get(enterprise=f, year=YEAR).pk for f in firms[:2])
    assert changes == {(first, "tax", "50", "60", "import"), (second, "tax", "40", "45", "form")}
    assert EnterpriseYear.objects.get(enterprise=firms[1], year=YEAR).tax == Decimal(45)


def test_a_future_or_unknown_year_is_refused_by_the_form_and_the_import_at_the_year(zone, firms, staff, client_for, today):
    today("2026-03-04")
    form = client_for(staff).post(reverse("grading:input_edit", args=[zone.code, 2027, firms[0].pk]),
                                  {"is_above_scale": "on", "tax": "5", "version": -1})
    [future] = imported_in(firms[0], 2027, staff).errors
    [unknown] = imported_in(firms[0], 1999, staff).errors
    assert form.status_code == 200 and "不能填报未来年份（2027年）" in form.content.decode()
    assert (future.column, future.message) == ("年度", "不能填报未来年份（2027年）")
    assert unknown.column == "年度" and "2000" in unknown.message
    assert not EnterpriseYear.objects.exclude(year=YEAR).exists()


def imported_in(firm, year, user):
    text = f"开发区,企业名称,年度,规上企业,税收（万元）\nHX,{firm.name},{year},是,5\n"
    return run_import(get_kind("enterprise_years"), text.encode(), "inputs.csv", user, apply=True)
