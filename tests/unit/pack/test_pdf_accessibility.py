"""Accessible PDF (issue 23): every PDF of the default pack is tagged, and the
machine-checkable part of PDF/UA-1 holds.

Two checkers run on every PDF: the ``pdfua`` package (12 checks, 16 of the 106 PDF/UA-1
rules, no JVM) and :func:`pdf_structure.problems` (pikepdf), which adds what ``pdfua`` does
not decide: marked content whose structure element is not in the tree (WeasyPrint's page
furniture, Kozea/WeasyPrint#1836), ``Scope`` on every ``TH``, fonts embedded *and* every
shown glyph mapped to Unicode, the language ``nb``, a real title, heading levels. The fast
tests at the end break a small PDF on purpose and show each check failing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdf_structure import (
    Tagged,
    column_heads,
    elements,
    elements_under,
    heading_order,
    pdftotext,
    pdfua_problems,
    problems,
    words,
)

from helpers.pack.export import page_html, write_pdf
from helpers.pack.pdf_access import finish_tagged_pdf, mark_table_headers

# --- the default pack (built once per session) ---------------------------------------

def _pack_pdfs(built_pack: Path) -> list[Path]:
    pdfs = sorted(built_pack.glob("*/*.pdf")) + [built_pack / "vedlegg.pdf"]
    assert len(pdfs) >= 9, pdfs  # eight reports and the appendix
    return pdfs


ALT = ("en figur uten alternativ tekst", "UA-13-004")


@pytest.fixture(scope="session")
def pack_problems(built_pack) -> dict[str, list[str]]:
    return {pdf.name: problems(pdf) + pdfua_problems(pdf) for pdf in _pack_pdfs(built_pack)}


@pytest.mark.slow
def test_every_pdf_of_the_pack_passes_the_checks(pack_problems):
    found = {k: [p for p in v if not p.startswith(ALT)] for k, v in pack_problems.items()}
    assert not any(found.values()), {k: v[:8] for k, v in found.items() if v}


@pytest.mark.slow
def test_every_chart_of_the_pack_has_alternate_text(pack_problems):
    found = {k: [p for p in v if p.startswith(ALT)] for k, v in pack_problems.items()}
    assert not any(found.values()), {k: v[:4] for k, v in found.items() if v}


@pytest.mark.slow
@pytest.mark.skipif(subprocess.run(["which", "pdfinfo"], capture_output=True).returncode,
                    reason="pdfinfo (poppler-utils) mangler")
def test_pdfinfo_says_tagged_for_every_pdf(built_pack):
    for pdf in _pack_pdfs(built_pack):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), (pdf.name, info)


@pytest.mark.slow
def test_page_furniture_is_artifact_and_headings_match_the_page(built_pack):
    """One page of the appendix: the structure's headings and table header cells are
    the text pdftotext shows on that page, and «Side N av M» and the running header are
    artifacts, in no structure element."""
    path = built_pack / "vedlegg.pdf"
    doc = Tagged(path)
    n = len(doc.pages)
    # the first page with both a heading and a table
    for i in range(2, n):
        heads = [h for h in doc.roles("/H1", "/H2", "/H3") if h.Pg.objgen == doc.pages[i]
                 .obj.objgen]
        ths = [t for t in doc.roles("/TH") if t.Pg.objgen == doc.pages[i].obj.objgen]
        if heads and ths:
            break
    else:
        pytest.fail("ingen side med både overskrift og tabell")
    shown = words(pdftotext(path, i + 1))
    on_page = set(shown.split())
    for h in heads:  # a heading is on one line
        assert words(doc.text(h)) and words(doc.text(h)) in shown, doc.text(h)
    assert heading_order(doc, path, i) == [doc.text(h) for h in heads]
    for th in ths:  # a header cell may wrap, and pdftotext lays the cells out in columns
        assert doc.text(th).split() and set(doc.text(th).split()) <= on_page, doc.text(th)
    furniture = doc.texts[i].furniture
    assert words(furniture["Footer"]).endswith(f"Side {i + 1} av {n}")
    assert f"Side {i + 1} av {n}" in shown
    assert furniture["Header"].startswith("Røros kommune · ")  # the running header
    tagged = " ".join(doc.texts[i].by_mcid.values())
    assert "Side " + str(i + 1) + " av" not in tagged


@pytest.mark.slow
def test_the_rules_table_has_row_and_column_headers(built_pack):
    """«Reglene» in handlingsregler.pdf: the rule's name is the row header of its row,
    the column names are column headers, and every data cell names both."""
    doc = Tagged(built_pack / "handlingsregler" / "handlingsregler.pdf")
    table = next(t for t in doc.roles("/Table") if column_heads(doc, t)[:2] == ["Regel", "Krav"])
    rows = [e for e, _ in elements_under(table) if str(e.S) == "/TR"][1:]  # after the head
    names = []
    for row in rows:
        cells = [c for c in row.K if str(c.S) in ("/TH", "/TD")]
        head, data = cells[0], cells[1:]
        assert str(head.S) == "/TH" and str(head.A.Scope) == "/Row"
        names.append(doc.text(head))
        for cell in data:
            assert str(cell.S) == "/TD" and head.ID in list(cell.A.Headers), doc.text(cell)
            assert len(cell.A.Headers) == 2  # its row and its column
    assert names == ["Årlig avsetning til disposisjonsfond", "Netto lånegjeld",
                     "Disposisjonsfond", "Disposisjonsfond fratrukket premieavvik",
                     "Netto driftsresultat"]


@pytest.mark.slow
def test_a_table_continued_on_the_next_page_repeats_its_header_row(built_pack):
    """WeasyPrint tags each page's part of a long table as its own Table
    (Kozea/WeasyPrint#2903); every part that continues a table from the page before
    starts with the same column headers, so a reader of that page knows the columns."""
    doc = Tagged(built_pack / "vedlegg.pdf")
    blocks = [(doc.page_index[e.Pg.objgen], str(e.S), e) for e, _ in doc.elements
              if str(e.S) in ("/H1", "/H2", "/H3", "/P", "/Table", "/Figure", "/L")]
    continued = [(prev, cur) for prev, cur in zip(blocks, blocks[1:], strict=False)
                 if prev[1] == cur[1] == "/Table" and cur[0] == prev[0] + 1]
    assert len(continued) >= 3, len(continued)  # the pack has long tables
    for prev, cur in continued:
        heads = column_heads(doc, cur[2])
        assert heads and heads == column_heads(doc, prev[2]), (cur[0] + 1, heads)


@pytest.mark.slow
def test_every_table_has_a_caption(built_pack):
    """Every table in vedlegg.pdf (a table continued from the page before aside) has a
    Caption in its structure, so a screen reader jumping from table to table hears what
    it shows."""
    doc = Tagged(built_pack / "vedlegg.pdf")
    blocks = [(doc.page_index[e.Pg.objgen], str(e.S), e) for e, _ in doc.elements
              if str(e.S) in ("/H1", "/H2", "/H3", "/P", "/Table", "/Figure", "/L")]
    continued = {id(cur[2]) for prev, cur in zip(blocks, blocks[1:], strict=False)
                 if prev[1] == cur[1] == "/Table" and cur[0] == prev[0] + 1}
    tables = [(p, e) for p, s, e in blocks if s == "/Table" and id(e) not in continued]
    bare = [(p + 1, column_heads(doc, e)[:3]) for p, e in tables
            if not any(str(x.S) == "/Caption" for x, _ in elements_under(e))]
    assert len(tables) > 40 and not bare, bare


# --- each check can fail --------------------------------------------------------------

BODY = """
<h1>Testrapport</h1>
<p>Et avsnitt med æøå.</p>
<h2>Tabell</h2>
<table><thead><tr><th>Regel</th><th>2024</th></tr></thead>
<tbody><tr><td class="tekst">Netto driftsresultat</td><td>1,8 %</td></tr></tbody></table>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><title>Søyle på 1,8 %</title>
<rect width="40" height="30" fill="#1f4e79"/></svg>
"""


def _make(tmp_path: Path, body: str = BODY, finish: bool = True, name="t.pdf") -> Path:
    html_text = page_html(mark_table_headers(body), title="Testkommune · Test · 2024–2027",
                          header="Testkommune · Test · 2024–2027")
    path = tmp_path / name
    if finish:
        write_pdf(html_text, path, tmp_path)
    else:
        import weasyprint

        from helpers.pack.pdf_access import PDF_VARIANT

        weasyprint.HTML(string=html_text, base_url=str(tmp_path)).write_pdf(
            str(path), pdf_variant=PDF_VARIANT)
    return path


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return _make(tmp_path_factory.mktemp("pdf"))


def _altered(good: Path, tmp_path: Path, change) -> Path:
    out = tmp_path / "endret.pdf"
    with pikepdf.open(good) as pdf:
        change(pdf)
        pdf.save(out)
    return out


def test_a_small_report_pdf_passes(good):
    assert problems(good) == []
    assert pdfua_problems(good) == []
    doc = Tagged(good)
    assert [doc.text(h) for h in doc.roles("/H1", "/H2")] == ["Testrapport", "Tabell"]
    assert [str(f.Alt) for f in doc.roles("/Figure")] == ["Søyle på 1,8 %"]
    assert "Side 1 av 1" in " ".join(doc.texts[0].artifact)


def test_untagged_pdf_fails(tmp_path):
    import weasyprint

    path = tmp_path / "u.pdf"
    weasyprint.HTML(string=page_html(BODY, title="T", header="H")).write_pdf(str(path))
    found = problems(path)
    assert any("MarkInfo" in p for p in found) and any("StructTreeRoot" in p for p in found)
    assert any(p.startswith("UA-01-005") for p in pdfua_problems(path))


def test_furniture_without_artifacts_fails(tmp_path):
    """WeasyPrint's own output, not finished: «Side 1 av 1» is marked content outside
    the structure tree."""
    found = problems(_make(tmp_path, finish=False))
    assert any("hører ikke til noe strukturelement" in p and "Side 1 av 1" in p
               for p in found), found


def test_figure_without_alt_fails(tmp_path):
    found = problems(_make(tmp_path, BODY.replace("<title>Søyle på 1,8 %</title>", "")))
    assert "en figur uten alternativ tekst (Alt)" in found


def test_table_without_header_cells_fails(tmp_path):
    body = BODY.replace("<thead><tr><th>Regel</th><th>2024</th></tr></thead>", "").replace(
        'class="tekst"', "")
    found = problems(_make(tmp_path, body))
    assert any(p.startswith("tabell uten overskriftsceller") for p in found), found


def test_header_cell_without_scope_fails(good, tmp_path):
    def drop(pdf):
        for e, _ in elements(pdf):
            if str(e.S) == "/TH":
                del e.A["/Scope"]

    assert any(p.startswith("TH uten Scope") for p in problems(_altered(good, tmp_path, drop)))


def test_language_title_and_display_title_fail(good, tmp_path):
    def strip(pdf):
        del pdf.Root["/Lang"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        pdf.docinfo["/Title"] = "t.pdf"

    found = problems(_altered(good, tmp_path, strip))
    assert any(p.startswith("språk er") for p in found)
    assert any("DisplayDocTitle" in p for p in found)
    assert any(p.startswith("ingen ekte tittel") for p in found)


def test_font_without_unicode_map_fails(good, tmp_path):
    def strip(pdf):
        for page in pdf.pages:
            for _, font in page.obj.Resources.Font.items():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]

    assert any("uten Unicode" in p for p in problems(_altered(good, tmp_path, strip)))


def test_text_outside_marked_content_fails(good, tmp_path):
    def add(pdf):
        page = pdf.pages[0]
        font = next(iter(page.obj.Resources.Font.keys()))
        page.contents_add(pikepdf.Stream(pdf, f"BT {font} 10 Tf 10 10 Td <0001> Tj ET"
                                         .encode()), prepend=False)

    found = problems(_altered(good, tmp_path, add))
    assert any("tekst utenfor merket innhold" in p for p in found), found


def test_heading_tagged_as_paragraph_is_seen_in_the_dump(tmp_path):
    """A heading that only looks like one (a styled paragraph) is no H2 in the tree."""
    path = _make(tmp_path, BODY.replace("<h2>Tabell</h2>", '<p class="h2">Tabell</p>'))
    doc = Tagged(path)
    assert [doc.text(h) for h in doc.roles("/H1", "/H2")] == ["Testrapport"]


def test_reading_order_other_than_the_page_is_seen(good, tmp_path):
    doc = Tagged(good)
    assert heading_order(doc, good, 0) == [doc.text(h) for h in doc.roles("/H1", "/H2")]

    def swap(pdf):  # the H2 («Tabell») before the H1 in the tree
        for e, _ in elements(pdf):
            kids = e.get("/K")
            if isinstance(kids, pikepdf.Array) and any(
                    isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/H1" for k in kids):
                e.K = pikepdf.Array(reversed(list(kids)))

    bad = _altered(good, tmp_path, swap)
    doc = Tagged(bad)
    in_tree = [doc.text(h) for h in doc.roles("/H1", "/H2")]
    assert in_tree == ["Tabell", "Testrapport"]
    assert heading_order(doc, bad, 0) != in_tree


def test_skipped_heading_level_fails(tmp_path):
    found = problems(_make(tmp_path, BODY.replace("<h2>Tabell</h2>", "<h3>Tabell</h3>")))
    assert "overskriftsnivå hopper fra H1 til H3: 'Tabell'" in found


def test_mark_table_headers_markup():
    html_in = ('<table><thead><tr><th class="col_heading">År</th><th>Beløp</th></tr></thead>'
               '<tbody><tr><td id="a" class="data row0 col0 tekst" >2024</td><td class="data">'
               '5</td></tr><tr><td class="data">1</td><td>2</td></tr></tbody></table>')
    out = mark_table_headers(html_in)
    assert out.count('<th scope="col"') == 2
    assert '<th scope="row" id="a" class="data row0 col0 tekst" >2024</th>' in out
    # a first cell that is a number (no text column) stays a data cell
    assert '<tr><td class="data">1</td>' in out
    assert mark_table_headers(out) == out  # idempotent


def test_an_empty_first_text_cell_stays_a_data_cell():
    """An empty row header names nothing (the oppstillinger tables have rows whose first
    text cell is blank); only cells with visible text become row headers."""
    html_in = ('<table><tbody><tr><td class="data tekst"> &nbsp;<span></span></td>'
               '<td class="data">5</td></tr><tr><td class="data tekst"><b>Sum</b></td>'
               '<td class="data">7</td></tr></tbody></table>')
    out = mark_table_headers(html_in)
    assert '<tr><td class="data tekst"> &nbsp;<span></span></td>' in out
    assert '<th scope="row" class="data tekst"><b>Sum</b></th>' in out


def test_finish_leaves_an_untagged_pdf_alone(tmp_path):
    import weasyprint

    path = tmp_path / "u.pdf"
    weasyprint.HTML(string="<p>x</p>").write_pdf(str(path))
    assert finish_tagged_pdf(path) == {"artefakter": 0, "th_scope": 0}


def test_finishing_twice_changes_nothing_more(good, tmp_path):
    again = tmp_path / "igjen.pdf"
    again.write_bytes(good.read_bytes())
    assert finish_tagged_pdf(again) == {"artefakter": 0, "th_scope": 0}
    assert problems(again) == []


def test_finishing_counts_the_furniture_of_each_page(tmp_path):
    """The running header and «Side N av M» on each of two pages become artifacts (no
    tool footer since issue 28)."""
    path = _make(tmp_path, BODY + '<p style="break-before: page">Side to.</p>', finish=False)
    counts = finish_tagged_pdf(path)
    assert counts == {"artefakter": 4, "th_scope": 3}  # two column heads, one row head
    doc = Tagged(path)
    assert ["Side 1 av 2" in " ".join(t.artifact) for t in doc.texts] == [True, False]
    assert "Side 2 av 2" in " ".join(doc.texts[1].artifact)
    for n, text in enumerate(doc.texts, start=1):  # where they stand on the page
        assert text.furniture["Header"] == "Testkommune · Test · 2024–2027"
        assert words(text.furniture["Footer"]) == f"Side {n} av 2"
