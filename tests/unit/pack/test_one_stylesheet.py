"""issue 30: the tables' <style> elements end up in one style sheet in the head, in order,
so WeasyPrint matches each element against one sheet instead of one per table."""

from __future__ import annotations

from datetime import datetime

from helpers.pack.appendix import appendix_html, make_part
from helpers.pack.export import hoist_styles, page_html

TABLE = ('<style type="text/css">\n#T_{t} td {{ color: {c}; }}\n</style>\n'
         '<table id="T_{t}"><tr><td>1 234,5</td></tr></table>')
BODY = (TABLE.format(t="a", c="red") + TABLE.format(t="b", c="blue")
        + '<script type="application/json">{"x": "<style>no</style>"}</script>'
        + "<style>td { color: green; }</style>")


def test_styles_leave_the_body_in_order_and_scripts_stay_whole():
    body, css = hoist_styles(BODY)
    assert "<style" not in body.replace('"<style>no</style>"', "")
    assert '{"x": "<style>no</style>"}' in body  # inside a script: not a style sheet
    assert body.count("<table") == 2
    # the same rules in the same order: the later rule still wins
    assert css.index("#T_a td") < css.index("#T_b td") < css.index("td { color: green; }")


def test_a_report_page_has_one_style_sheet_in_its_head():
    page = page_html(BODY, title="T", header="H")
    head, _, body = page.partition("</head>")
    assert page.count("<style") == 1 + body.count("<style>no</style>")
    assert "#T_a td" in head and "#T_b td" in head and "Liberation Sans" in head
    assert "#T_a td" not in body


def test_the_appendix_has_one_style_sheet_with_every_reports_rules():
    parts = [make_part(n, n.title(), "H", TABLE.format(t=n, c="red")) for n in ("x", "y")]
    text = appendix_html(parts, municipality="Røros kommune", title="T",
                         built=datetime(2026, 12, 7), version="abc")
    assert text.count("<style") == 1
    head = text.partition("</head>")[0]
    # ids made unique per report, then hoisted
    assert "#rapport-x-T_x td" in head and "#rapport-y-T_y td" in head
