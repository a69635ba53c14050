"""issue 30: what WeasyPrint lays out for the PDF (helpers.pack.export.print_html): the
charts as images of the same SVG with their text alternative, the screen-only tables of a
chart's figures left out; the HTML page itself keeps both."""

from __future__ import annotations

import base64
import re

import pikepdf
import pytest

from helpers.pack.export import page_html, print_html, render_page, write_document
from helpers.presentation.chartalt import svg_with_alt, table_html

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120.5" height="60" '
       'viewBox="0 0 120.5 60"><rect width="40" height="30" fill="#1f4e79"/>'
       '<text x="2" y="50">Regnskap &amp; plan</text></svg>')
ALT = "Netto driftsresultat 2024: 1,8 % av inntektene. «Høyest» i 2027 & lavest i 2022"
FIGURES = {"hop_tabell": {"index_title": "År", "columns": ["Prosent"],
                          "rows": [["2024", "1,8 %"], ["2025", "2,1 %"]]}}


def _chart() -> str:
    return svg_with_alt(SVG, ALT) + table_html(FIGURES, title="Netto driftsresultat")


def _images(text: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', m)) for m in re.findall(r"<img\b[^>]*>", text)]


def test_a_chart_becomes_an_image_of_the_same_svg_with_its_alternative_text():
    out = print_html(f"<p>Før</p>{_chart()}<p>Etter</p>")
    assert "<svg" not in out and "<details" not in out and "Tallene i diagrammet" not in out
    assert out.startswith("<p>Før</p>") and out.endswith("<p>Etter</p>")
    [img] = _images(out)
    assert (img["width"], img["height"]) == ("120.5", "60")
    assert img["alt"] == ALT.replace("&", "&amp;")  # escaped once, as in the <title>
    kind, data = img["src"].split(",", 1)
    assert kind == "data:image/svg+xml;base64"
    assert base64.b64decode(data).decode("utf-8") == svg_with_alt(SVG, ALT)


@pytest.mark.parametrize("svg", [
    SVG,  # no <title>: WeasyPrint must still report the missing alternative text
    svg_with_alt(SVG.replace(' width="120.5"', ""), ALT),  # no size of its own
    svg_with_alt(SVG.replace(' xmlns="http://www.w3.org/2000/svg"', ""), ALT),  # HTML-only
    svg_with_alt(SVG.replace("&amp;", "&"), ALT),  # not XML: an image would be blank
])
def test_a_chart_that_cannot_stand_alone_as_an_image_stays_inline(svg):
    assert print_html(svg) == svg


def test_two_charts_two_images_in_order_and_other_screen_only_text_stays():
    second = svg_with_alt(SVG.replace("#1f4e79", "#b22222"), "Andre diagram")
    out = print_html(_chart() + '<div class="bare-skjerm">Bare på skjerm</div>' + second)
    assert [i["alt"] for i in _images(out)] == [ALT.replace("&", "&amp;"), "Andre diagram"]
    assert "Bare på skjerm" in out  # hidden by the style sheet, not by print_html


def test_the_pdf_figure_has_the_chart_text_and_the_html_keeps_the_inline_chart(tmp_path):
    page = page_html(f"<h1>Test</h1>{_chart()}", title="T", header="H")
    assert "<svg" in page and "Tallene i diagrammet" in page  # the HTML page: unchanged
    doc = render_page(page, tmp_path)
    write_document(doc, tmp_path / "t.pdf")
    with pikepdf.open(tmp_path / "t.pdf") as pdf:
        alts = [str(o.Alt) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    assert alts == [ALT]


def test_one_exporter_for_every_notebook_gives_what_a_fresh_one_gives():
    """The nbconvert exporter is made once per process (its templates compiled once);
    exporting one notebook leaves nothing behind that changes the next one's HTML."""
    import nbformat

    from helpers.pack import export

    def notebook(heading: str, html_out: str):
        nb = nbformat.v4.new_notebook()
        nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
        code = nbformat.v4.new_code_cell("vis()")
        code.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html_out})]
        nb.cells = [nbformat.v4.new_markdown_cell(f"## {heading}"), code]
        return nb

    first = notebook("Driftsresultat", "<table><tr><th>År</th><td>1,8 %</td></tr></table>")
    second = notebook("Gjeld", "<p>Netto lånegjeld 96,5 %</p>")
    fresh = []
    for nb in (first, second):
        export.body_exporter.cache_clear()
        fresh.append(export.notebook_body_html(nb))
    assert "Driftsresultat" in fresh[0] and "Gjeld" in fresh[1]
    assert [export.notebook_body_html(nb) for nb in (second, first)] == fresh[::-1]
    assert export.body_exporter() is export.body_exporter()


def test_the_body_exporter_closes_an_anchor_written_as_xml():
    # issue 30: nbconvert's BeautifulSoup pass is left out; the heading anchor its
    # markdown renderer writes as «<a …/>» must still end where it starts, or every
    # following element would sit inside the link
    import nbformat

    from helpers.pack.export import notebook_body_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Sammendrag\n\nTeksten under.")]
    body = notebook_body_html(nb)
    assert "/>" not in body.replace("<br/>", "")
    assert 'href="#Sammendrag"></a></h2>' in body
    assert "<p>Teksten under.</p>" in body


def test_the_html_parser_reuses_its_regexes_and_parses_the_same(monkeypatch):
    """issue 30: tinyhtml5 2.1 caches the regexes of ``chars_until`` under the regex, so the
    cache never hits (export._CharsUntilRegexes). With the working cache a page parses to
    the same tree, and a second page adds no regex."""
    from xml.etree import ElementTree

    import tinyhtml5
    from tinyhtml5 import inputstream

    from helpers.pack import export

    page = print_html(page_html(
        "<h1>Tittel &amp; mer</h1>\n<!-- en kommentar -->\n<p>a &lt; b\u00a0og\tc</p>"
        '<table><tr><th scope="row">2024</th><td>1 234,5</td></tr></table>'
        f"<script>if (a < b && c) {{}}</script>{_chart()}", title="T", header="H"))
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    theirs = ElementTree.tostring(tinyhtml5.parse(page))
    stored_under = list(inputstream.characters_until_regex)
    assert stored_under and all(isinstance(k[0], re.Pattern) for k in stored_under)
    export._cache_chars_until()
    cache = inputstream.characters_until_regex
    assert ElementTree.tostring(tinyhtml5.parse(page)) == theirs
    keys = set(cache)
    assert keys and not any(isinstance(k[0], re.Pattern) for k in keys)
    assert {True, False} <= {opposite for _, opposite in keys}
    tinyhtml5.parse(page.replace("Tittel", "En annen tittel"))
    assert set(cache) == keys  # hits
