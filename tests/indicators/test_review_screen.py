"""The review screen: every indicator's figures as the statistics module computes them, the
warnings staff confirmed (kept by the value service), comments, and what changed since the last
submission and since the last approval."""

import re
from decimal import Decimal

import pytest

from dataio.registry import get_kind
from dataio.services import run_import
from indicators import selectors, statistics, workflow
from indicators.models import Category, ConfirmedWarning, Indicator, MonthlyValue
from indicators.selectors import ValueTable
from indicators.services import ValueInput, ValuesRejected, save_values
from tests.conftest import BLANKS_EXPLAINED
from tests.queries import assert_queries, page_queries

YEAR, MONTH = 2025, 10
URL = f"/review/HX/{YEAR}/{MONTH}/"


def month_of(zone):
    return selectors.zone_month(zone, YEAR, MONTH)


def row_html(html, code):
    return re.search(rf'<tr data-indicator="{code}".*?</tr>', html, re.S).group(0)


def notes_html(html, code):
    found = re.search(rf'<tr class="notes[^"]*" data-notes="{code}">.*?</tr>', html, re.S)
    return found.group(0) if found else ""


def cells(html, code):
    return {
        label: re.sub(r"<[^>]+>", "", text).strip()
        for label, text in re.findall(r'data-label="([^"]+)">(.*?)</td>', row_html(html, code), re.S)
    }


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def jump(zone, staff, enter):
    """Last October's tax 100 (YTD 80 → 180), this October's 1200 (YTD 200 → 1400): the save warns
    of a 3x jump, staff confirm it."""
    enter(zone, YEAR - 1, MONTH - 1, {"tax_revenue": 80}, user=staff)
    enter(zone, YEAR - 1, MONTH, {"tax_revenue": 180}, user=staff)
    enter(zone, YEAR, MONTH - 2, {"tax_revenue": 50}, user=staff)  # September's own figure needs August's 1-8月
    enter(zone, YEAR, MONTH - 1, {"tax_revenue": 200}, user=staff)
    return enter(zone, YEAR, MONTH, {"tax_revenue": 1400}, user=staff)


def test_every_indicator_with_the_figures_the_statistics_module_computes(zone, reviewer, client_for, jump, set_target, enter):
    set_target(zone, YEAR, "tax_revenue", 2000)
    enter(zone, YEAR, MONTH, {"fixed_asset_investment": "22.32"})
    html = client_for(reviewer).get(URL).content.decode()
    table = ValueTable.load([zone.pk], [YEAR, YEAR - 1])
    # The two entered are rows; every other indicator waits behind one line.
    catalogue = [indicator for indicator, _depth in selectors.catalogue()]
    entered = {"tax_revenue", "fixed_asset_investment"}
    empty = re.search(r'<details class="empty-indicators" data-role="empty-indicators">(.*?)</details>', html, re.S).group(1)
    assert f"<summary>其余{len(catalogue) - 2}项未填</summary>" in empty
    for indicator in catalogue:
        assert (f'data-indicator="{indicator.code}"' in html) == (indicator.code in entered)
        assert (indicator.name in empty) == (indicator.code not in entered)
    tax = Indicator.objects.get(code="tax_revenue")
    figures = table.figures(zone.pk, tax.pk, YEAR, MONTH, latest_available=False)
    shown = cells(html, "tax_revenue")
    assert shown["本月"] == statistics.format_number(figures.month_value, tax.decimals)
    assert shown["1-本月"] == statistics.format_number(figures.ytd_value, tax.decimals)
    assert shown["同比"] == statistics.format_percent(figures.yoy_growth)
    assert shown["完成率"] == statistics.format_percent(figures.completion)
    assert shown["序时进度"] == statistics.describe_gap(figures.gap_points)
    assert shown["较上月"] == statistics.format_percent(figures.mom_growth)
    assert shown["较去年同月"] == statistics.format_percent(figures.month_yoy_growth)
    assert figures.mom_growth is not None and figures.month_yoy_growth is not None
    assert statistics.format_percent(statistics.time_progress_percent(MONTH)) in text(html)


def test_confirmed_warnings_are_kept_with_who_and_when_and_shown(zone, staff, reviewer, client_for, jump):
    assert [w.code for w in jump.warnings] == ["jump"]
    kept = ConfirmedWarning.objects.get()
    assert (kept.zone_month, kept.indicator.code, kept.user, kept.message) == (
        month_of(zone), "tax_revenue", staff, jump.warnings[0].message
    )
    assert "相差超过3倍" in kept.message
    notes = text(notes_html(client_for(reviewer).get(URL).content.decode(), "tax_revenue"))
    assert kept.message in notes and "staff" in notes


def test_a_month_with_nothing_entered_lists_every_indicator_as_empty(zone, reviewer, client_for):
    html = client_for(reviewer).get(URL).content.decode()
    size = len(selectors.catalogue())
    assert 'data-role="review-figures"' not in html
    assert f'<details class="empty-indicators" data-role="empty-indicators" open>\n    <summary>{size}项均未填</summary>' in html


def test_a_figure_cleared_since_the_submission_is_shown_not_folded(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 1400, "fixed_asset_investment": "22.32"}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "税收请核实")
    enter(zone, YEAR, MONTH, {"tax_revenue": None}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    html = client_for(reviewer).get(URL).content.decode()
    assert 'data-indicator="tax_revenue"' in html and "1400 → " in text(notes_html(html, "tax_revenue"))


def test_a_warning_confirmed_again_unchanged_is_kept_once(zone, staff, jump, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 1400}, user=staff)
    assert ConfirmedWarning.objects.count() == 1
    enter(zone, YEAR, MONTH, {"tax_revenue": 1500}, user=staff)
    assert ConfirmedWarning.objects.count() == 2


def tax_base(zone, staff, enter):
    """Last October's own tax 100 and this September's 1-9月 of 0: October's 1000 is a 10x jump."""
    enter(zone, YEAR - 1, MONTH - 1, {"tax_revenue": 0}, user=staff)
    enter(zone, YEAR - 1, MONTH, {"tax_revenue": 100}, user=staff)
    enter(zone, YEAR, MONTH - 1, {"tax_revenue": 0}, user=staff)


def test_no_warning_kept_when_the_save_is_refused_or_unconfirmed(zone, staff, indicators, enter):
    tax_base(zone, staff, enter)
    item = ValueInput(zone=zone, indicator=indicators["tax_revenue"], year=YEAR, month=MONTH, value=Decimal(1000))
    with pytest.raises(ValuesRejected):
        save_values([item], user=staff, channel="form")
    assert not ConfirmedWarning.objects.exists() and not MonthlyValue.objects.filter(year=YEAR, month=MONTH).exists()


def test_the_import_keeps_the_warnings_it_applied(zone, staff, enter):
    tax_base(zone, staff, enter)
    data = f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},{MONTH},1000\n".encode()
    assert run_import(get_kind("values"), data, "v.csv", staff, apply=True).applied
    assert ConfirmedWarning.objects.get().user == staff


def test_the_entry_form_keeps_the_warnings_staff_confirmed(zone, staff, client_for, enter):
    tax_base(zone, staff, enter)
    client = client_for(staff)
    page = client.get(f"/entry/HX/{YEAR}/{MONTH}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"version": version, "v_tax_revenue": "1000"}
    assert client.post(f"/entry/HX/{YEAR}/{MONTH}/", data).status_code == 200  # asks to confirm
    assert not ConfirmedWarning.objects.exists()
    assert client.post(f"/entry/HX/{YEAR}/{MONTH}/", {**data, "confirm_warnings": "on"}).status_code == 302
    assert ConfirmedWarning.objects.get().user == staff


def test_staff_comments_are_shown(zone, staff, reviewer, client_for, indicators):
    item = ValueInput(zone=zone, indicator=indicators["tax_revenue"], year=YEAR, month=MONTH, value=Decimal(5), comment="含一次性土地出让税收")
    save_values([item], user=staff, channel="form", confirm_warnings=True)
    assert "含一次性土地出让税收" in notes_html(client_for(reviewer).get(URL).content.decode(), "tax_revenue")


def test_figures_changed_since_the_last_submission_are_highlighted(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362, "fixed_asset_investment": "22.32"}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "税收与税务局口径不一致")
    enter(zone, YEAR, MONTH, {"tax_revenue": 27000}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    html = client_for(reviewer).get(URL).content.decode()
    assert 'class="changed' in row_html(html, "tax_revenue")
    notes = text(notes_html(html, "tax_revenue"))
    assert "较上次提交" in notes and "1-本月" in notes and "26362 → 27000" in notes
    assert "changed" not in row_html(html, "fixed_asset_investment").split(">")[0]
    assert "与上次提交" in text(html) and "1项指标有变化" in text(html)


def test_a_figure_changed_after_approval_counts_as_modified_since_approval(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.approve(month_of(zone), reviewer)
    html = client_for(reviewer).get(URL).content.decode()
    assert "modified" not in row_html(html, "tax_revenue").split(">")[0]
    workflow.unlock(month_of(zone), reviewer, "统计局修订")
    enter(zone, YEAR, MONTH, {"tax_revenue": 25000}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    html = client_for(reviewer).get(URL).content.decode()
    assert "modified" in row_html(html, "tax_revenue").split(">")[0]
    notes = text(notes_html(html, "tax_revenue"))
    assert "审核通过后已修改" in notes and "26362 → 25000" in notes
    assert "1项指标" in text(html).split("上次审核通过")[1]


def test_the_decision_is_at_the_bottom(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 1}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    html = client_for(reviewer).get(URL).content.decode()
    assert html.index('data-role="review-figures"') < html.index("审核记录") < html.index('value="approve"')
    assert html.index('value="approve"') < html.index('value="return"')


def test_review_page_queries_do_not_grow_with_the_indicators(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR - 1, MONTH, {"tax_revenue": 100}, user=staff)
    enter(zone, YEAR, MONTH, {"tax_revenue": 1000}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "请核实")
    client = client_for(reviewer)
    client.get(URL)
    few = page_queries(client, URL)
    category = Category.objects.first()
    added = [
        Indicator.objects.create(code=f"extra_{n}", name_zh=f"新增指标{n}", name_en=f"Extra {n}", unit="万元", category=category)
        for n in range(8)
    ]
    for indicator in added:
        save_values(
            [ValueInput(zone=zone, indicator=indicator, year=YEAR, month=MONTH, value=Decimal(7), comment="说明")],
            user=staff, channel="form", confirm_warnings=True,
        )
    more = page_queries(client, URL)
    assert_queries(13, catalogue=few, catalogue_and_8=more)
    html = client.get(URL).content.decode()
    assert all(f'data-indicator="{i.code}"' in html for i in added)
    assert "较上次提交" in notes_html(html, "extra_7")


def test_the_review_screen_in_english(zone, staff, reviewer, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 1}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    client = client_for(reviewer)
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    html = client.get(URL).content.decode()
    assert "Review summary" in html and "vs same month last year" in html and "审核要点" not in html
