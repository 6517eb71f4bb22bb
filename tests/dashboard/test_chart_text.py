"""Names staff typed are plain text in every chart: plotly renders a subset of HTML (links
included) in labels and hover text, so a name must never reach it as markup."""

import json
import re

import pytest
from decimal import Decimal

from dashboard.charts import Chart, plain
from reports import charts as report_charts
from tests.dashboard.support import URL

HOSTILE = '<a href="http://evil.example/">点我</a><b>粗</b>'


def strings(node, key=""):
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)


def test_every_text_of_a_figure_is_escaped_and_our_line_breaks_kept():
    chart = Chart("c", "t", [{"x": [HOSTILE], "text": [HOSTILE], "hovertext": [f"{HOSTILE}\n第二行"], "name": HOSTILE,
                              "hovertemplate": "%{y}<br>%{hovertext}<extra></extra>"}],
                  {"xaxis": {"ticktext": [HOSTILE], "title": {"text": HOSTILE}}})
    figure = chart.figure()
    texts = dict(strings(figure["data"])) | dict(strings(figure["layout"]))
    assert all("<a" not in text and "<b>" not in text for key, text in strings(figure) if key != "hovertemplate")
    assert figure["data"][0]["hovertext"] == ["&lt;a href=\"http://evil.example/\"&gt;点我&lt;/a&gt;&lt;b&gt;粗&lt;/b&gt;<br>第二行"]
    assert texts["hovertemplate"] == "%{y}<br>%{hovertext}<extra></extra>"
    assert plain(["1 < 2 & 3"]) == ["1 &lt; 2 &amp; 3"]


@pytest.fixture
def hostile_indicator(investment_to_october, indicators):
    indicator = indicators["fixed_asset_investment"]
    indicator.name_zh = HOSTILE
    indicator.save()
    return indicator


def test_the_dashboard_serves_a_hostile_name_as_text(hostile_indicator, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    figures = json.loads(re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S).group(1))
    shown = [text for key, text in strings(figures) if key != "hovertemplate"]
    assert any("&lt;a href" in text for text in shown)
    assert not any("<a" in text or "<b>" in text for text in shown)


def test_the_report_preview_and_word_charts_take_names_as_text():
    chart = report_charts.CompletionChart((report_charts.CompletionBar(HOSTILE + r" $\bad$", Decimal(50), Decimal(80)),))
    (figure,) = chart.plotly()
    assert not any("<a" in text for key, text in strings(figure) if key != "hovertemplate")
    # matplotlib's mathtext would fail on "$\bad$"; the label is drawn as typed.
    assert chart.png().startswith(b"\x89PNG")
