"""Optimistic locking of the records: a save made on a version someone else has since moved
on is refused in the forms, the admin and an import's confirm, with the stored values shown
beside the user's input, and changes nothing."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.locking import NO_RECORD
from projects import services
from projects.models import Enterprise, Project, ProjectProgress, ProjectYear, RelocationCase
from tests import factories
from tests.projects.test_projects_io import credit_code, csv_bytes, run


def hidden_version(html):
    return int(re.search(r'name="version" value="(-?\d+)"', html).group(1))


@pytest.fixture
def firm(zone):
    return factories.save_enterprise(None, {"zone": zone, "name": "光伏科技", "credit_code": credit_code(1), "contact_person": "张三"}, user=None, channel="form")


@pytest.fixture
def project(zone):
    return factories.save_project(None, {"zone": zone, "name": "风电装备", "stage": Project.Stage.STARTED,
                                        "conceived_on": datetime.date(2025, 1, 5), "started_on": datetime.date(2025, 3, 1)},
                                 user=None, channel="form")


def test_every_service_save_raises_the_version_and_refuses_a_stale_one(firm):
    assert firm.version == 0
    factories.save_enterprise(firm, {"contact_person": "李四"}, user=None, channel="form", expected_version=0)
    firm.refresh_from_db()
    assert firm.version == 1
    with pytest.raises(services.StaleRecord) as raised:
        factories.save_enterprise(firm, {"contact_person": "王五"}, user=None, channel="form", expected_version=0)
    assert raised.value.current == {"contact_person": "李四"} and raised.value.version == 1
    assert Enterprise.objects.get().contact_person == "李四"


def test_a_stale_form_save_shows_the_stored_values_and_the_next_save_succeeds(firm, staff, client_for):
    url = reverse("projects:enterprise_edit", args=[firm.pk])
    client = client_for(staff)
    loaded = hidden_version(client.get(url).content.decode())
    factories.save_enterprise(firm, {"contact_person": "李四"}, user=None, channel="form")
    data = {"name": "光伏科技", "credit_code": credit_code(1), "contact_person": "王五", "status": "producing", "version": str(loaded)}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "其他人已修改并保存了这条记录" in html
    field = re.search(r'<p class="field[^"]*" data-field="contact_person">.*?</p>', html, re.S).group(0)
    assert 'value="王五"' in field and "当前保存的值：李四" in field
    assert Enterprise.objects.get().contact_person == "李四"
    assert hidden_version(html) == 1
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    assert Enterprise.objects.get().contact_person == "王五"


def test_a_stale_progress_and_plan_are_refused(project, staff, client_for):
    client = client_for(staff)
    progress_url = reverse("projects:progress_edit", args=[project.pk, 2025, 10])
    assert hidden_version(client.get(progress_url).content.decode()) == NO_RECORD
    factories.record_progress(project, 2025, 10, investment=Decimal("300"), physical_progress="基础施工", user=None, channel="form")
    response = client.post(progress_url, {"investment": "500", "physical_progress": "", "version": str(NO_RECORD)})
    html = response.content.decode()
    assert response.status_code == 200 and "当前保存的值：300" in html and 'value="500"' in html
    assert ProjectProgress.objects.get().investment == 300

    plan_url = reverse("projects:project_year", args=[project.pk]) + "?year=2025"
    loaded = hidden_version(client.get(plan_url).content.decode())
    factories.save_project_year(project, 2025, planned_investment=Decimal("12000"), user=None, channel="form")
    response = client.post(plan_url, {"year": "2025", "planned_investment": "9000", "construction_type_override": "",
                                      "version": str(loaded)})
    assert response.status_code == 200 and "当前保存的值：12000" in response.content.decode()
    # A year typed over the loaded one: that year's plan was not seen either.
    factories.save_project_year(project, 2026, planned_investment=Decimal("8000"), user=None, channel="form")
    typed = {"year": "2026", "planned_investment": "1", "construction_type_override": "", "version": "0", "period": "2025"}
    response = client.post(plan_url, typed)
    assert response.status_code == 200 and "当前保存的值：8000" in response.content.decode()
    assert sorted(ProjectYear.objects.values_list("planned_investment", flat=True)) == [8000, 12000]
    # Shown that year's plan, the form carries its version and year: saving again writes it.
    resolved = dict(re.findall(r'<input type="hidden" name="(version|period)" value="([^"]*)"', response.content.decode()))
    assert resolved == {"version": "0", "period": "2026"}
    assert client.post(plan_url, {**typed, **resolved}).status_code == 302
    assert sorted(ProjectYear.objects.values_list("planned_investment", flat=True)) == [1, 12000]


def _management(*prefixes):
    return {key: value for prefix in prefixes for key, value in {
        f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000"}.items()}


def test_a_stale_admin_save_is_refused_with_the_stored_values(zone, administrator, client_for):
    case = factories.save_relocation_case(None, {"zone": zone, "name": "东片区", "enterprises_total": 5}, user=None, channel="form")
    url = f"/admin/projects/relocationcase/{case.pk}/change/"
    client = client_for(administrator)
    loaded = hidden_version(client.get(url).content.decode())
    factories.save_relocation_case(case, {"enterprises_moved": 2}, user=None, channel="form")
    data = {"zone": zone.pk, "name": "东片区", "kind": "relocation", "enterprises_total": "5", "enterprises_moved": "4",
            "households_total": "0", "households_moved": "0", "version": str(loaded)}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "其他人已修改并保存了这条记录" in html and "已搬迁企业（家）：2" in html
    assert RelocationCase.objects.get().enterprises_moved == 2
    assert hidden_version(html) == 1
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    assert RelocationCase.objects.get().enterprises_moved == 4


ENTERPRISE_ROWS = [["开发区", "企业名称", "统一社会信用代码", "联系人"], ["HX", "光伏科技", credit_code(1), "王五"],
                   ["HX", "新企业", credit_code(2), "赵六"]]


def preview(client, kind, rows):
    """Upload `rows` on the import page: the token of the parked upload."""
    upload = SimpleUploadedFile("file.csv", csv_bytes(rows), content_type="text/csv")
    html = client.post(reverse("dataio:import"), {"kind": kind, "file": upload}).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_a_record_changed_between_preview_and_confirm_is_not_overwritten(firm, zone, staff, client_for):
    client = client_for(staff)
    token = preview(client, "enterprises", ENTERPRISE_ROWS)
    factories.save_enterprise(firm, {"contact_person": "李四"}, user=None, channel="form")
    factories.save_enterprise(None, {"zone": zone, "name": "新企业", "credit_code": credit_code(2)}, user=None, channel="form")  # previewed as new
    html = client.post(reverse("dataio:confirm"), {"token": token}).content.decode()
    assert re.search(r"第2行[^<]*自预览以来，这条记录已被他人修改或登记", html)
    assert re.search(r"第3行[^<]*自预览以来，这条记录已被他人修改或登记", html)
    assert Enterprise.objects.get(name="光伏科技").contact_person == "李四"
    assert Enterprise.objects.get(name="新企业").contact_person == ""


def test_a_confirm_applies_what_the_preview_showed(firm, staff, client_for):
    client = client_for(staff)
    token = preview(client, "enterprises", ENTERPRISE_ROWS)
    assert client.post(reverse("dataio:confirm"), {"token": token}).status_code == 302
    assert Enterprise.objects.get(name="光伏科技").contact_person == "王五" and Enterprise.objects.get(name="光伏科技").version == 1
    assert Enterprise.objects.get(name="新企业").contact_person == "赵六"


def test_the_command_line_import_writes_on_the_stored_versions(firm, staff):
    assert run("enterprises", csv_bytes(ENTERPRISE_ROWS), staff).applied
    assert Enterprise.objects.get(name="光伏科技").version == 1


def figure_data(html):
    form = re.search(r'<form[^>]*/figures/".*?</form>', html, re.S).group(0)
    return {name: value for name, value in re.findall(r'<input type="(?:hidden|text|number)" name="(\w+)" value="([^"]*)"', form)}


def test_a_stale_enterprise_figure_save_keeps_the_input_and_the_next_save_succeeds(firm, staff, client_for):
    from projects.models import EnterpriseFigure

    client = client_for(staff)
    factories.save_enterprise_figure(firm, 2025, 10, tax_ytd=Decimal("100"), output_ytd=None, user=None, channel="form")
    url = reverse("projects:enterprise_figure", args=[firm.pk])
    loaded = client.get(url, {"year": 2025, "month": 10}).content.decode()
    assert 'value="100"' in loaded and hidden_version(loaded) == 0
    factories.save_enterprise_figure(firm, 2025, 10, tax_ytd=Decimal("120"), output_ytd=None, user=None, channel="form")
    data = {"version": "0", "period": "2025-10", "year": "2025", "month": "10", "tax_ytd": "150", "output_ytd": "900"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "其他人已修改并保存了这条记录" in html
    assert 'value="150"' in html and 'value="900"' in html and "当前保存的值：120" in html
    assert EnterpriseFigure.objects.get().tax_ytd == 120
    assert hidden_version(html) == 1
    assert client.post(url, {**data, "version": "1"}).status_code == 302
    assert EnterpriseFigure.objects.get().tax_ytd == 150


def test_an_enterprise_figure_typed_over_another_month_does_not_overwrite_it_unseen(firm, staff, client_for):
    from projects.models import EnterpriseFigure

    client = client_for(staff)
    factories.save_enterprise_figure(firm, 2025, 9, tax_ytd=Decimal("90"), output_ytd=None, user=None, channel="form")
    detail = client.get(reverse("projects:enterprise_detail", args=[firm.pk])).content.decode()
    data = figure_data(detail)  # this month's form, its version NO_RECORD
    assert data["version"] == str(NO_RECORD)
    url = reverse("projects:enterprise_figure", args=[firm.pk])
    response = client.post(url, {**data, "year": "2025", "month": "9", "tax_ytd": "95"})
    html = response.content.decode()
    assert response.status_code == 200 and "当前保存的值：90" in html and 'value="95"' in html
    assert EnterpriseFigure.objects.get().tax_ytd == 90
    # The conflict shown, the form now carries September's version: saving again writes it.
    resolved = dict(re.findall(r'<input type="hidden" name="(version|period)" value="([^"]*)"', html))
    assert resolved == {"version": "0", "period": "2025-09"}
    assert client.post(url, {**resolved, "year": "2025", "month": "9", "tax_ytd": "95"}).status_code == 302
    assert EnterpriseFigure.objects.get().tax_ytd == 95
    # A month nobody has saved needs no version.
    assert client.post(url, {**data, "year": "2025", "month": "8", "tax_ytd": "80"}).status_code == 302
