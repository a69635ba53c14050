"""issue 30: the tables' <style> elements end up in one style sheet in the head, in order,
so WeasyPrint matches each element against one sheet instead of one per table."""

from __future__ import annotations

from helpers.pack.appendix import make_part, report_html
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


def test_a_report_page_of_a_case_document_has_one_style_sheet_with_its_rules():
    """issue 30: each report is laid out once, for its own PDF and the case document, with
    its ids made unique in the document and then hoisted."""
    for n in ("x", "y"):
        text = report_html(make_part(n, n.title(), "H", TABLE.format(t=n, c="red")))
        assert text.count("<style") == 1
        head = text.partition("</head>")[0]
        assert f"#rapport-{n}-T_{n} td" in head
