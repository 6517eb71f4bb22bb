from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.html import html_rows

ROW = '<tr data-zone="{}"><td data-label="{}">{}</td><td>{}</td>{}</tr>'


def test_rows_read_as_format_html_joins_and_text_is_escaped():
    rows = [("HX", escape("名次"), 1, '<script>alert("x")</script>', mark_safe("<td>1.5</td>")),
            ('a"b', escape("Rank & file"), 2, "临海 & 滨江", mark_safe("<td>—</td>"))]
    html = html_rows(ROW, rows)
    assert isinstance(html, SafeString)
    assert html == format_html_join("\n", ROW, rows)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'data-zone="a&quot;b"' in html
