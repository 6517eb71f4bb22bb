from django.utils import translation
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.html import html_options, html_rows
from core.periods import MONTH_NAMES

ROW = '<tr data-zone="{}"><td data-label="{}">{}</td><td>{}</td>{}</tr>'


def test_rows_read_as_format_html_joins_and_text_is_escaped():
    rows = [("HX", escape("名次"), 1, '<script>alert("x")</script>', mark_safe("<td>1.5</td>")),
            ('a"b', escape("Rank & file"), 2, "临海 & 滨江", mark_safe("<td>—</td>"))]
    html = html_rows(ROW, rows)
    assert isinstance(html, SafeString)
    assert html == format_html_join("\n", ROW, rows)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'data-zone="a&quot;b"' in html


def test_options_mark_the_selected_value_and_escape_labels():
    html = html_options([(2025, "2025年"), (2026, "2026年"), ('a"b', "<b>&</b>")], 2026)
    assert isinstance(html, SafeString)
    assert html == (
        '<option value="2025">2025年</option><option value="2026" selected>2026年</option>'
        '<option value="a&quot;b">&lt;b&gt;&amp;&lt;/b&gt;</option>'
    )
    assert "selected" not in html_options([(1, "1月")], "1")  # compared as the values are, like {% if %}
    # Safe text is not escaped twice; a lazy label is read in the active language.
    assert html_options([(1, mark_safe("a&amp;b"))], None) == '<option value="1">a&amp;b</option>'
    with translation.override("en"):
        assert html_options([(1, MONTH_NAMES[1])], 1) == '<option value="1" selected>January</option>'
