"""Chinese by default, English switchable from every page (including the login page)."""

import datetime
from decimal import Decimal

from tests import factories


def test_login_page_is_chinese_by_default_and_switches_to_english(client, db):
    assert "登录" in client.get("/accounts/login/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_entry_page_in_english(zone, staff, client_for):
    client = client_for(staff)
    assert "月度填报" in client.get("/entry/HX/2025/10/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/entry/HX/2025/10/").content.decode()
    assert "Fixed-asset investment" in html and "YTD" in html and "月度填报" not in html



def test_dashboard_cards_say_their_span_in_english(zone, leader, client_for, enter):
    enter(zone, 2025, 9, {"fixed_asset_investment": "20"})
    client = client_for(leader)
    assert "1-9月累计" in client.get("/dashboard/?zone=HX&year=2025&month=9").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/dashboard/?zone=HX&year=2025&month=9").content.decode()
    assert "YTD January–September" in html and "Data as of September" in html and "1-9月" not in html
    assert "January–September 2025" in html  # the page's heading


def test_project_progress_months_in_english(zone, leader, client_for):
    project = factories.save_project(None, {"zone": zone, "name": "光伏组件项目", "stage": "started", "conceived_on": datetime.date(2025, 1, 5),
                                           "started_on": datetime.date(2025, 3, 1)}, user=None, channel="form")
    factories.record_progress(project, 2025, 3, investment=Decimal(1200), physical_progress="主体施工", user=None, channel="form")
    client = client_for(leader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/projects/{project.pk}/?year=2025").content.decode()
    assert '<tr data-month="3"><td>March</td>' in html


def test_django_form_messages_read_as_devzone_writes_them(zone, staff, client_for):
    """Django's own messages come from locale/zh_Hans, not its word-for-word catalogue."""
    html = client_for(staff).post("/projects/new/", {"zone": str(zone.pk), "name": "", "total_investment": "很多",
                                                     "stage": "dreaming"}).content.decode()
    assert "请填写此项。" in html and "请填写数字。" in html and "“dreaming”不在可选范围内，请重新选择。" in html
    assert "这个字段是必填项" not in html and "输入一个数字" not in html and "选择一个有效的选项" not in html


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_computed_phrases_months_and_units_in_english(zone, staff, client_for, enter, set_target):
    from django.utils import translation

    from indicators import statistics

    with translation.override("en"):
        assert statistics.describe_gap(Decimal("6.04")) == "6.04 percentage points ahead of time progress"
        assert statistics.describe_gap(Decimal("-42.75")) == "42.75 percentage points behind time progress"
        assert statistics.describe_growth(Decimal("11")) == "up 11.00% year on year"
        assert statistics.describe_growth(Decimal("-3.2"), 1) == "down 3.2% year on year"
    assert statistics.describe_gap(Decimal("6.04")) == "超序时进度6.04个百分点"
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    client = english(client_for(staff))
    html = client.get("/entry/HX/2025/10/").content.decode()
    assert "42.75 percentage points behind time progress" in html and "序时进度" not in html.split("<main")[1]
    dashboard = client.get("/dashboard/?zone=HX&year=2025&month=10").content.decode()
    assert "<option value=\"9\">September</option>" in dashboard and "9月" not in dashboard


def test_the_month_export_stays_chinese_from_an_english_page(zone, staff, client_for, enter, set_target):
    import io

    from openpyxl import load_workbook

    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    content = english(client_for(staff)).get("/review/HX/2025/10/export.xlsx").content
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) for c in row if c]
    assert "落后序时进度42.75个百分点" in cells and not any("percentage" in str(c) for c in cells)


def test_history_lines_and_import_columns_in_english(zone, staff, client_for, set_target):
    set_target(zone, 2025, "tax_revenue", 20000)
    client = english(client_for(staff))
    html = client.get("/targets/HX/2025/").content.decode()
    line = html.split('<ul class="history">')[1].split("</li>")[0]
    assert "(Form)" in line and ": empty → 20000" in line and "（" not in line and "空" not in line
    page = client.get("/data/").content.decode()
    assert "zone, indicator, year, target, unit (optional)" in page and "开发区、指标" not in page


def test_english_counts_and_states_read_as_english():
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    with translation.override("en"):
        assert [ngettext("%(n)s宗", "%(n)s宗", n) % {"n": n} for n in (1, 17)] == ["1 parcel", "17 parcels"]
        locked = gettext("本月%(status)s，数据已锁定，不能修改。如需修改，请联系审核员退回该月。") % {"status": "Submitted"}
        assert locked.startswith("This month's status is Submitted and")
    with translation.override("zh-hans"):
        assert ngettext("%(n)s宗", "%(n)s宗", 17) % {"n": 17} == "17宗"
