"""The council appendix (vedlegg.pdf, index.html), the maintainer notes (merknader.md) and
the rule that the council's reports speak to the reader, not to whoever maintains data."""

from __future__ import annotations

import json
import re

import pytest

from helpers.pack.appendix import data_version, notes_markdown, prefix_ids
from helpers.pack.catalogue import available_reports
from helpers.pack.export import _clean, maintainer_notes

REPORTS = available_reports()
# issue 28: vedlegg.pdf is the budget case's document (the statements and the analyses)
HOP = {n: r for n, r in REPORTS.items() if r.case == "hop"}


def test_data_version_changes_with_any_input_and_ignores_order():
    inputs = {"a.csv": "11" * 32, "b.csv": "22" * 32}
    v = data_version(inputs)
    assert re.fullmatch(r"[0-9a-f]{8}", v)
    assert data_version(dict(reversed(list(inputs.items())))) == v
    assert data_version({**inputs, "b.csv": "23" * 32}) != v
    assert data_version({**inputs, "c.csv": "33" * 32}) != v
    # the name counts too: the same content under another file name is another data set
    assert data_version({"a.csv": "11" * 32, "c.csv": "22" * 32}) != v


def test_ids_are_prefixed_with_their_references():
    body = ('<h2 id="Kilder">Kilder<a class="anchor-link" href="#Kilder"></a></h2>'
            '<svg><clipPath id="clip1"></clipPath><g clip-path="url(#clip1)"></g>'
            '<use xlink:href="#clip1"/></svg><a href="https://example.org/">x</a>'
            '<style type="text/css">#T_ab1 th.col2 { text-align: left; }\n'
            '#T_ab1_row0_col1 { color: #b22222; }</style><table id="T_ab1"></table>')
    out = prefix_ids(body, "rapport-x")
    assert 'id="rapport-x-Kilder"' in out and 'href="#rapport-x-Kilder"' in out
    assert 'id="rapport-x-clip1"' in out and "url(#rapport-x-clip1)" in out
    assert 'xlink:href="#rapport-x-clip1"' in out
    assert 'href="https://example.org/"' in out  # only fragment links change
    # the table's own style follows its id; colours stay colours
    assert "#rapport-x-T_ab1 th.col2" in out and 'id="rapport-x-T_ab1"' in out
    assert "#T_ab1_row0_col1 { color: #b22222; }" in out  # no element has that id


def test_maintainer_notes_leave_the_report_and_reach_the_runner():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": ""},
                               metadata={"hop_merknad": "Legg tallet inn i x.csv."}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>Leseren</p>"}),
        nbformat.v4.new_output("display_data", data={"text/plain": ""},
                               metadata={"hop_merknad": "Legg tallet inn i x.csv."}),
    ]
    nb.cells = [cell]
    assert maintainer_notes(nb) == ["Legg tallet inn i x.csv."]
    kept = _clean(nb).cells[0].outputs
    assert len(kept) == 1 and kept[0]["data"]["text/html"] == "<p>Leseren</p>"


def test_notes_markdown_lists_each_report():
    md = notes_markdown({"sist_bygget": "2026-01-01T00:00:00+00:00", "dataversjon": "abcd1234",
                         "rapporter": {"finans": {"merknader": ["Sett deflator_pst."]},
                                       "handlingsregler": {"merknader": []}}})
    assert "abcd1234" in md
    hr, fi = md.index("## Handlingsregler"), md.index("## Finans")
    assert hr < fi  # the reports' own order
    assert "- Sett deflator_pst." in md[fi:]
    assert "Ingen merknader." in md[hr:fi]


# --- the built pack ---------------------------------------------------------------------

def _outline(reader):
    """[(level, title, page number 1-based)] of the PDF's bookmarks."""
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return out


def _contents(reader, first_report_page: int) -> list[tuple[str, int]]:
    """(entry, page number) read from the contents pages (between the cover and the first
    report)."""
    entries = []
    for i in range(1, first_report_page - 1):
        for line in reader.pages[i].extract_text().splitlines():
            m = re.fullmatch(r"(.+?)\s+(\d+)", line.strip())  # title, line, number
            if m:
                entries.append((m[1].strip(), int(m[2])))
    return entries


@pytest.mark.slow
def test_appendix_has_outline_contents_and_pdfa(built_pack):
    from pypdf import PdfReader

    pdf = built_pack / "vedlegg.pdf"
    reader = PdfReader(pdf)
    outline = _outline(reader)
    manifest = json.loads((built_pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vedlegg"]["rapporter"] == list(HOP)
    assert "feil" not in manifest["vedlegg"]

    # one top-level bookmark per report, in order, with its main sections below it
    tops = [(t, p) for lvl, t, p in outline if lvl == 1 and t != "Innhold"]
    # each report's own title (a tertial report adds its period: «Tertialrapport 2. tertial»)
    assert len(tops) == len(HOP)
    for (t, _), r in zip(tops, HOP.values(), strict=True):
        assert t.split(" – ")[0].startswith(r.title), (t, r.title)
    first_report_page = tops[0][1]
    assert first_report_page >= 3  # cover, then at least one contents page

    # a section may share a report's name (the tertial report has «Investeringer»): the
    # report's own entry comes first in the contents
    contents: dict[str, int] = {}
    for entry, page in _contents(reader, first_report_page):
        contents.setdefault(entry, page)
    report_pages = {}
    for (title, page), info in zip(tops, HOP.values(), strict=True):
        # the contents give the page on which the report's title is printed
        assert contents[info.title] == page
        def words(n: int) -> str:  # a long title wraps onto two lines
            return " ".join(reader.pages[n].extract_text().split())

        assert title in words(page - 1)
        assert title not in words(page - 2)
        report_pages[info.name] = page
    sections = [(t, p) for lvl, t, p in outline if lvl == 2]
    assert ("Sammendrag", report_pages["handlingsregler"]) in sections
    assert len(sections) >= 6 * len(HOP)
    for t, p in sections:
        assert t in reader.pages[p - 1].extract_text()

    # the reports' pages, plus the cover and the contents
    own = sum(len(PdfReader(built_pack / n / f"{n}.pdf").pages) for n in HOP)
    assert len(reader.pages) == own + first_report_page - 1
    n = len(reader.pages)
    assert f"Side {n} av {n}" in reader.pages[-1].extract_text()
    assert "Side 1 av" not in reader.pages[0].extract_text()  # no footer on the cover

    # PDF/A-2a (tagged, issue 23) with title, author and language
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)2', xmp)
    assert re.search(r'pdfaid:conformance(="|>)A', xmp)
    assert reader.metadata.title.startswith("Økonomiske analyser – vedlegg til handlings- og "
                                            "økonomiplan 2024–2027")
    assert reader.metadata.author == "Røros kommune"
    assert reader.trailer["/Root"]["/Lang"] == "nb"

    # every font embedded, also those inside the charts' form XObjects
    fonts = {}

    def collect(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            fonts[font["/BaseFont"]] = any(k in desc for k in ("/FontFile", "/FontFile2",
                                                               "/FontFile3"))
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                collect(xobj.get("/Resources"))

    for page in reader.pages:
        collect(page.get("/Resources"))
    assert fonts and all(fonts.values()), fonts


@pytest.mark.slow
def test_cover_and_index_name_build_and_data_version(built_pack):
    from pypdf import PdfReader

    manifest = json.loads((built_pack / "manifest.json").read_text(encoding="utf-8"))
    version = manifest["dataversjon"]
    # the checksums are recorded per report; this build made them all from the same files
    sums = [r["inndata_sha256"] for r in manifest["rapporter"].values()]
    assert all(x == sums[0] for x in sums)
    assert version == data_version(sums[0])
    # issue 28: the version is the maintainer's: in the metadata, not on the cover
    reader = PdfReader(built_pack / "vedlegg.pdf")
    cover = reader.pages[0].extract_text()
    assert "Røros kommune" in cover and version not in cover
    assert "vedlegg til handlings- og økonomiplan 2024–2027" in " ".join(cover.split())
    assert version in reader.metadata["/Subject"]
    index = (built_pack / "index.html").read_text(encoding="utf-8")
    body = index[index.index("<body>"):]
    assert version in index and version not in body and 'href="vedlegg.pdf"' in body
    for name in HOP:
        assert f'href="{name}/{name}.html"' in index and f'href="{name}/{name}.pdf"' in index
    for name in REPORTS:
        assert (built_pack / name / f"{name}.pdf").exists()  # the per-report PDFs stay
    assert "<script" not in index.lower()
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', index, re.I)


# Words that speak to whoever maintains the data, not to the council: file paths and
# names, command lines, parameter names (snake_case), Markdown code spans.
MAINTAINER_VOCABULARY = re.compile(
    r"data/|\.csv|\.ya?ml\b|--set|parameter|\bhop |`|\b[a-zæøå0-9]+_[a-zæøå0-9_]+\b", re.I)


def test_maintainer_vocabulary_pattern_catches_what_it_should():
    for text in ["Legg tallet inn i data/premieavvik.csv", "Sett --set utsett=[x]",
                 "(parameter deflator_pst)", "kjør hop build", "gjeld_1000kr",
                 "kolonnen premieavvik_akkumulert", "Parameterne utsett og dropp"]:
        assert MAINTAINER_VOCABULARY.search(text), text
    for text in ["Premieavvik er ikke med i grunnlaget, så regelen kan ikke måles.",
                 "Netto lånegjeld 2024–2027: 1 234,5 mill. kr (4,2 %)", "KOSTRA-gruppe 11"]:
        assert not MAINTAINER_VOCABULARY.search(text), text


@pytest.mark.slow
@pytest.mark.parametrize("name", [*REPORTS, "vedlegg"])
def test_council_pdfs_have_no_maintainer_vocabulary(built_pack, name):
    from pypdf import PdfReader

    pdf = built_pack / ("vedlegg.pdf" if name == "vedlegg" else f"{name}/{name}.pdf")
    hits = []
    for i, page in enumerate(PdfReader(pdf).pages, start=1):
        text = " ".join(page.extract_text().split())
        hits += [f"s. {i}: …{text[max(m.start() - 40, 0):m.end() + 40]}…"
                 for m in MAINTAINER_VOCABULARY.finditer(text)]
    assert not hits, "\n".join(hits)


@pytest.mark.slow
def test_notes_list_the_missing_premieavvik(built_pack):
    notes = (built_pack / "merknader.md").read_text(encoding="utf-8")
    hr = notes[notes.index("## Handlingsregler"):notes.index("## KOSTRA")]
    assert "data/premieavvik.csv" in hr and "premieavvik_akkumulert" in hr
    manifest = json.loads((built_pack / "manifest.json").read_text(encoding="utf-8"))
    assert any("premieavvik.csv" in n
               for n in manifest["rapporter"]["handlingsregler"]["merknader"])
    # the report tells the reader in the reader's terms instead
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in
                    PdfReader(built_pack / "handlingsregler" / "handlingsregler.pdf").pages)
    assert "Premieavvik er ikke med i grunnlaget" in text


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG) of an sRGB colour: its grey in a greyscale print."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def test_categorical_palette_survives_greyscale():
    from helpers.presentation.charts import CATEGORICAL

    assert len(set(CATEGORICAL)) == len(CATEGORICAL) >= 6
    lum = [_luminance(c) for c in CATEGORICAL]
    # neighbours (adjacent segments of a stacked bar) differ clearly in grey
    assert min(abs(a - b) for a, b in zip(lum, lum[1:], strict=False)) >= 0.1
    # the two light blues that were hard to tell apart are not both in it
    assert not {"#8fb3d9", "#c6d9ec"} <= set(CATEGORICAL)


def test_maintainer_note_is_shown_interactively_and_hidden_under_build(monkeypatch):
    from helpers.presentation import report
    from helpers.presentation.merknad import Note

    shown = []
    monkeypatch.setattr(report, "display",
                        lambda obj, raw=False, metadata=None: shown.append((obj, metadata)))
    monkeypatch.delenv("HOP_MERKNADER", raising=False)  # JupyterLab: shown
    report.maintainer("Legg inn `data/x.csv`.")
    data, meta = shown[-1]
    assert "<code>data/x.csv</code>" in data["text/html"]
    assert meta == {"hop_merknad": "Legg inn `data/x.csv`."}
    monkeypatch.setenv("HOP_MERKNADER", "0")  # as hop build sets it: only metadata
    report.maintainer("Legg inn `data/x.csv`.")
    data, meta = shown[-1]
    assert "text/html" not in data and data["text/plain"] == ""
    assert meta == {"hop_merknad": "Legg inn `data/x.csv`."}
    # a notice with a maintainer part shows the reader's text and passes the rest on
    shown.clear()
    report.notice(Note("Premieavvik er ikke med i grunnlaget.", "Legg inn `data/p.csv`."))
    assert len(shown) == 2
    assert "Premieavvik er ikke med i grunnlaget." in shown[0][0].data
    assert "data/p.csv" not in shown[0][0].data
    assert shown[1][1] == {"hop_merknad": "Legg inn `data/p.csv`."}
    report.notice("Bare tekst.")
    assert len(shown) == 3  # a plain notice leaves no maintainer note


def test_cover_shows_the_coat_of_arms_only_when_the_data_folder_has_one(tmp_path):
    from datetime import datetime

    from helpers.pack.appendix import ReportPart, _coat_of_arms, appendix_html

    assert _coat_of_arms(tmp_path) == ""
    (tmp_path / "kommunevapen.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    img = _coat_of_arms(tmp_path)
    assert img.startswith('<img class="vapen"') and 'src="data:image/svg+xml;base64,' in img
    part = ReportPart("finans", "Finans", "Røros kommune · Finans · 2024–2027", "rapport-finans",
                      '<h1>Finans</h1><h2 id="rapport-finans-a">Sammendrag</h2>',
                      [])
    text = appendix_html([part], municipality="Røros kommune", title="T",
                         built=datetime(2026, 3, 5), version="abcd1234", coat_of_arms=img,
                         numbers={"rapport-finans": 3}, total=9)
    assert img in text and "abcd1234" in text  # the version in the metadata
    assert "5. mars 2026" not in text  # the build date is no cover line (issue 28)
    assert '<meta name="author" content="Røros kommune">' in text
    # issue 30: the contents' page numbers from the laid-out reports, «Side N av 9»
    # the link is made a link into the merged document by helpers.pack.pdf_merge
    assert ('<span class="tittel"><a href="hop-anker:rapport-finans">Finans</a></span>'
            '<span class="linje"></span><span class="side">3</span>') in text
    assert "content: leader(" not in text  # dots as text: thousands of pieces to lay out and read
    assert 'content: "Side " counter(page) " av 9"' in text


def test_percent_encoded_heading_ids_are_decoded_with_their_links():
    # some nbconvert versions write id="Netto-l%C3%A5negjeld"; WeasyPrint decodes the
    # fragment of href="#…" before the lookup, so both must be stored decoded
    body = ('<h2 id="Netto-l%C3%A5negjeld">Netto lånegjeld</h2>'
            '<a class="anchor-link" href="#Netto-l%C3%A5negjeld">¶</a>')
    out = prefix_ids(body, "rapport-x")
    assert 'id="rapport-x-Netto-lånegjeld"' in out
    assert 'href="#rapport-x-Netto-lånegjeld"' in out


def test_prefixing_reads_the_body_as_html_not_as_text():
    # issue 30: ids are prefixed token by token (no BeautifulSoup parse and rewrite):
    # what is text, a comment or a script stays as it is, whatever it looks like
    body = ('<p>Skriv id="ikke" og href="#ikke" i teksten</p>'
            '<!-- <h2 id="kommentar"> -->'
            '<script>var s = \'<a href="#skript">\';</script>'
            '<h2 title="a > b" id=\'to\'>To</h2><h3 id=tre data-x="1">Tre</h3>'
            '<a href=#tre>3</a><a class="anchor-link x" href="#to">2</a>'
            '<h4 id="R&amp;D">R&amp;D</h4><a href="#R&amp;D">r</a>')
    out = prefix_ids(body, "rapport-x")
    assert '<p>Skriv id="ikke" og href="#ikke" i teksten</p>' in out
    assert '<!-- <h2 id="kommentar"> -->' in out
    assert '<script>var s = \'<a href="#skript">\';</script>' in out
    # a ">" inside a quoted value does not end the tag; quotes of any kind, or none
    assert '<h2 title="a > b" id="rapport-x-to">' in out
    assert '<h3 id="rapport-x-tre" data-x="1">' in out and 'href="#rapport-x-tre"' in out
    assert '<a class="anchor-link x" href="#rapport-x-to">' in out
    # a value is read unescaped and written escaped again
    assert 'id="rapport-x-R&amp;D"' in out and 'href="#rapport-x-R&amp;D"' in out
    assert out.count("rapport-x") == 6


def test_a_style_block_before_its_table_follows_the_table_id():
    body = ('<style>#T_1 td { color: red; }\n#T_2 td { color: blue; }</style>'
            '<table id="T_1"><tr><td id="T_1_row0_col0">1</td></tr></table>')
    out = prefix_ids(body, "p")
    assert "#p-T_1 td { color: red; }" in out
    assert "#T_2 td { color: blue; }" in out  # no element has that id
    assert '<td id="p-T_1_row0_col0">' in out
