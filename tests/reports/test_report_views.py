"""Report pages per role, narrative editing with history, the command against the browser export."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeRecord
from reports.models import NarrativeItem, NarrativeSection
from reports.services import ItemText, SectionText, narrative_fingerprint, save_narrative, start_from_previous_year

from tests.reports.support import YEAR, docx_text

PREVIEW = reverse("reports:preview", args=["HX", YEAR])
DOWNLOAD = reverse("reports:download", args=["HX", YEAR])
NARRATIVE = reverse("reports:narrative", args=["HX", YEAR])
COPY = reverse("reports:narrative_copy", args=["HX", YEAR])
BRIEFING = reverse("reports:monthly_download", args=["HX", YEAR, 10])


def narrative_post(zone=None, **overrides):
    """The narrative form as a browser posts it, loaded from what is stored now."""
    from zones.models import Zone

    data = {
        "fingerprint": narrative_fingerprint(zone or Zone.objects.get(code="HX"), YEAR),
        "problems-TOTAL_FORMS": "2", "problems-INITIAL_FORMS": "0", "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "30",
        "plans-TOTAL_FORMS": "2", "plans-INITIAL_FORMS": "0", "plans-MIN_NUM_FORMS": "0", "plans-MAX_NUM_FORMS": "30",
        "lead_promotion": "谋划先行，多措并举抓招商",
        "text_promotion": "共谋划项目63个。",
        "problems-0-title": "招商引资和项目落地难",
        "problems-0-text": "落地的少。",
        "plans-0-title": "加快项目建设进度",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader", "city_leader", "administrator"])
def test_zone_members_and_leaders_see_preview_and_downloads(role, request, client_for, seed_004):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("reports:index")).status_code == 200
    response = client.get(PREVIEW + "?as_of=10")
    assert response.status_code == 200
    assert "40.58%" in response.content.decode()
    download = client.get(DOWNLOAD + "?as_of=10")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "22.32亿元" in docx_text(download.content)
    assert "经济运行月报" in docx_text(client.get(BRIEFING).content)


def test_outsiders_get_404_everywhere(outsider, client_for, seed_004):
    client = client_for(outsider)
    for url in (PREVIEW, DOWNLOAD, NARRATIVE, BRIEFING):
        assert client.get(url).status_code == 404
    assert client.post(NARRATIVE, narrative_post()).status_code == 404
    assert client.post(COPY).status_code == 404
    # The zone's name and links, not its bare code, which a random CSRF token may contain.
    html = client.get(reverse("reports:index")).content.decode()
    assert "XX经济技术开发区" not in html and "/HX/" not in html


def test_anonymous_users_are_sent_to_login(client, seed_004):
    response = client.get(PREVIEW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["reviewer", "leader", "city_leader"])
def test_viewers_read_the_narrative_but_cannot_change_it(role, request, client_for, zone):
    client = client_for(request.getfixturevalue(role))
    page = client.get(NARRATIVE)
    assert page.status_code == 200 and "save-narrative" not in page.content.decode()
    assert client.post(NARRATIVE, narrative_post()).status_code == 403
    assert client.post(COPY).status_code == 403
    assert not NarrativeSection.objects.exists()


def test_staff_edit_is_saved_with_history_and_appears_in_the_draft(staff, client_for, seed_004):
    client = client_for(staff)
    response = client.post(NARRATIVE, narrative_post())
    assert response.status_code == 302
    section = NarrativeSection.objects.get(zone=seed_004, year=YEAR, key="promotion")
    assert (section.lead, section.text) == ("谋划先行，多措并举抓招商", "共谋划项目63个。")
    history = ChangeRecord.objects.filter(object_id=section.pk, field="lead").get()
    assert history.channel == "form" and history.user == staff and history.zone == seed_004
    assert list(NarrativeItem.objects.values_list("kind", "position", "title")) == [
        ("plan", 1, "加快项目建设进度"), ("problem", 1, "招商引资和项目落地难"),
    ]
    text = docx_text(client.get(DOWNLOAD).content)
    assert "谋划先行，多措并举抓招商。" in text and "1.招商引资和项目落地难。落地的少。" in text

    # Clearing an item's title removes it (its history keeps the text).
    data = narrative_post(**{"problems-0-title": "", "problems-0-text": "", "problems-INITIAL_FORMS": "1"})
    assert client.post(NARRATIVE, data).status_code == 302
    assert not NarrativeItem.objects.filter(kind="problem").exists()
    assert ChangeRecord.objects.filter(field="title", old_value="招商引资和项目落地难", new_value="").exists()


def test_invalid_input_is_shown_next_to_the_field_and_nothing_is_saved(staff, client_for, zone):
    client = client_for(staff)
    data = narrative_post(**{"problems-1-text": "只有正文", "lead_economy": "长" * 201})
    response = client.post(NARRATIVE, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "填写了正文，请同时填写标题" in body
    assert "只有正文" in body  # the typed text is kept
    assert not NarrativeSection.objects.exists() and not NarrativeItem.objects.exists()


def test_script_in_narrative_is_stored_as_text_and_shown_escaped(staff, leader, client_for, seed_004):
    script = "<script>alert('x')</script>"
    client_for(staff).post(NARRATIVE, narrative_post(text_promotion=script, **{"problems-0-title": script}))
    assert NarrativeSection.objects.get(key="promotion").text == script
    for url in (PREVIEW, NARRATIVE):
        body = client_for(leader).get(url).content.decode()
        assert script not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert script in docx_text(client_for(leader).get(DOWNLOAD).content)


def test_start_from_last_year_copies_only_where_this_year_is_empty(staff, client_for, zone):
    save_narrative(
        zone, YEAR - 1,
        sections={"promotion": SectionText("去年的招商引导句", "去年的招商正文"), "land": SectionText("去年的土地", "")},
        problems=[ItemText("去年的问题")], plans=[ItemText("去年的思路")], user=staff, channel="form",
    )
    save_narrative(zone, YEAR, sections={"land": SectionText("今年的土地", "")}, plans=[ItemText("今年的思路")], user=staff, channel="form")
    response = client_for(staff).post(COPY)
    assert response.status_code == 302
    sections = {s.key: s.lead for s in NarrativeSection.objects.filter(year=YEAR)}
    assert sections == {"promotion": "去年的招商引导句", "land": "今年的土地"}
    assert list(NarrativeItem.objects.filter(year=YEAR).values_list("kind", "title").order_by("kind")) == [
        ("plan", "今年的思路"), ("problem", "去年的问题"),
    ]
    assert ChangeRecord.objects.filter(new_value="去年的招商引导句", channel="form").exists()
    # Running it again changes nothing.
    assert start_from_previous_year(zone, YEAR, user=staff, channel="form") == 0


def test_command_writes_the_same_document_as_the_browser_export(leader, client_for, seed_004, tmp_path, staff):
    save_narrative(seed_004, YEAR, sections={"economy": SectionText("稳中有进", "正文。")}, user=staff, channel="form")
    out = tmp_path / "report.docx"
    call_command("annual_report", zone="HX", year=YEAR, as_of=10, out=str(out), stdout=io.StringIO())
    browser = client_for(leader).get(DOWNLOAD + "?as_of=10").content
    assert docx_text(out.read_bytes()) == docx_text(browser)
    assert "稳中有进" in docx_text(browser)


def test_preview_queries_do_not_grow_with_the_data(city_leader, client_for, seed_004, other_zone, django_assert_max_num_queries):
    client = client_for(city_leader)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(reverse("reports:preview", args=["LH", YEAR]) + "?as_of=10").status_code == 200
    with CaptureQueriesContext(connection) as full:
        assert client.get(PREVIEW + "?as_of=10").status_code == 200
    assert len(full) == len(empty)
    # 30 for the draft, 6 for the checker, which reads the figures again on its own (reports.verify).
    with django_assert_max_num_queries(36):
        client.get(PREVIEW)


def test_preview_marks_unapproved_figures(leader, client_for, seed_004):
    body = client_for(leader).get(PREVIEW + "?as_of=10").content.decode()
    assert 'class="report-p unapproved"' in body
    assert "未经审核的数据" in body


def test_a_save_over_someone_elses_newer_text_is_refused_and_keeps_the_input(staff, client_for, zone):
    client = client_for(staff)
    loaded = narrative_post(text_promotion="我的版本")
    save_narrative(zone, YEAR, sections={"promotion": SectionText("", "同事的版本")}, user=staff, channel="form")
    response = client.post(NARRATIVE, loaded)
    assert response.status_code == 200
    body = response.content.decode()
    assert "其他人已修改并保存了本年的文字" in body and "我的版本" in body
    assert NarrativeSection.objects.get(key="promotion").text == "同事的版本"


def test_years_outside_the_model_range_do_not_exist(staff, client_for, zone):
    client = client_for(staff)
    assert client.get(reverse("reports:narrative", args=["HX", 1999])).status_code == 404
    assert client.post(reverse("reports:narrative_copy", args=["HX", 2101])).status_code == 404


def test_preview_draws_its_charts_in_the_browser(leader, client_for, seed_004, monkeypatch):
    from reports import charts

    def no_drawing(*args):
        raise AssertionError("the preview drew a picture")

    monkeypatch.setattr(charts, "_draw_completion", no_drawing)
    monkeypatch.setattr(charts, "_draw_trend", no_drawing)
    html = client_for(leader).get(PREVIEW + "?as_of=10").content.decode()
    figures = json.loads(re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S).group(1))
    completion = next(f for f in figures if f["id"] == "report-completion")
    bars = dict(zip(completion["data"][0]["y"], zip(completion["data"][0]["x"], completion["data"][0]["text"])))
    completed, label = bars["固定资产投资（至10月）"]
    assert round(completed, 2) == 40.58 and label == "40.58%"
    trend = [f for f in figures if f["id"].startswith("report-trend-")]
    assert trend and all(f'id="chart-{f["id"]}"' in html for f in figures)
    assert "vendor/plotly/plotly-cartesian.min.js" in html and "data:image/png" not in html


def test_the_narrative_page_names_its_sections_in_english(zone, staff, client_for):
    client = client_for(staff)
    assert "工作总结：经济运行" in client.get(NARRATIVE).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(NARRATIVE).content.decode()
    assert "Summary: Economic performance" in html and "经济运行" not in html
