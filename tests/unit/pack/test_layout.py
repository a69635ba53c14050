"""issue 30: each page laid out once. Each report is laid out and written once (its own
PDF); the case document is merged from those PDFs (helpers.pack.pdf_merge, with the front
matter and the running page numbers laid out by helpers.pack.layout). These tests pin what
a reader of the combined document sees: the numbers, the contents' links and pages."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from pdf_structure import Tagged

from helpers.pack.appendix import (
    ReportPart,
    make_part,
    own_page_html,
    render_pdf,
    report_anchor,
    report_html,
)
from helpers.pack.export import render_page, write_document, write_pdf
from helpers.pack.layout import footer_html


def _long(name: str) -> str:
    return "".join(f"<h2>{name} avsnitt {i}</h2>" + "<p>Tekst. </p>" * 40 for i in range(1, 4))


def test_footer_pages_say_side_n_av_m_as_an_artifact(tmp_path):
    """The pages whose footer the merge paints on the reports' pages: «Side N av M» on
    page N, and only as page furniture (an artifact, no structure element)."""
    write_document(render_page(footer_html(5), tmp_path), tmp_path / "s.pdf")
    doc = Tagged(tmp_path / "s.pdf")
    assert [t.furniture.get("Footer") for t in doc.texts] == [
        f"Side {i} av 5" for i in range(1, 6)]
    assert all(not t.by_mcid for t in doc.texts)


@pytest.mark.slow
def test_case_document_numbers_links_and_own_pdfs(tmp_path):
    """Two reports laid out once, as their own PDFs («Side i av n»); the document merged
    from them runs on, the contents give the page each entry is on and link there."""
    from pypdf import PdfReader

    own = {n: tmp_path / n / f"{n}.pdf" for n in ("aaa", "bbb")}
    for n, path in own.items():  # as the runner writes them (finish_one)
        path.parent.mkdir()
        write_pdf(own_page_html(n, n.title(), f"{n.title()} – Røros kommune",
                                f"<h1>{n.title()}</h1>{_long(n)}"), path, path.parent)
    parts = [ReportPart(n, n.title(), "", report_anchor(n), "", []) for n in own]
    entry = render_pdf(parts, tmp_path / "vedlegg.pdf", municipality="Røros kommune",
                       period="2024–2027", built=datetime(2026, 12, 7), version="x",
                       data_dir=tmp_path, folders={n: p.parent for n, p in own.items()})
    assert "feil" not in entry, entry
    mine = [PdfReader(own[n]) for n in ("aaa", "bbb")]
    doc = PdfReader(tmp_path / "vedlegg.pdf")
    n_own = [len(r.pages) for r in mine]
    assert n_own[0] >= 2
    for r in mine:
        assert f"Side {len(r.pages)} av {len(r.pages)}" in r.pages[-1].extract_text()
    total = len(doc.pages)
    front = total - sum(n_own)
    assert front == 2  # cover and contents
    texts = [p.extract_text() for p in doc.pages]
    assert "Side 1 av" not in texts[0]
    for i in range(1, total):
        assert f"Side {i + 1} av {total}" in texts[i], (i, texts[i][-40:])
    # the contents: each report and section with the page it starts on
    contents = {m[1].strip(): int(m[2]) for m in
                re.finditer(r"(?m)^(?!Side )(.+?)\s+(\d+)$", texts[1])}  # not the footer
    assert contents["Aaa"] == front + 1 and contents["Bbb"] == front + n_own[0] + 1
    assert len(contents) == 8
    for title, page in contents.items():
        assert title in texts[page - 1], (title, page)
    # each contents line links to its page
    named = doc.named_destinations
    targets = []
    for annot in doc.pages[1]["/Annots"]:
        dest = annot.get_object()["/Dest"]
        dest = named[str(dest)] if isinstance(dest, str) else dest
        targets.append(doc.get_destination_page_number(dest) + 1)
    assert sorted(set(targets)) == sorted(set(contents.values()))
    # the report's own text is the same on its own pages and in the document
    for k, r in enumerate(mine):
        start = front + sum(n_own[:k])
        for j, page in enumerate(r.pages):
            own_text = page.extract_text().replace(f"av {len(r.pages)}", "")
            assert own_text.split("Side")[0] == texts[start + j].split("Side")[0]


def test_a_report_page_carries_its_anchor_for_the_contents():
    html = own_page_html("x", "X", "H", '<h1>X</h1><h2 id="a">A</h2>')
    assert html == report_html(make_part("x", "X", "H", '<h1>X</h1><h2 id="a">A</h2>'))
    assert '<main class="report" id="rapport-x">' in html
    assert 'id="rapport-x-a"' in html


def test_pins_the_weasyprint_version_this_was_checked_against():
    """The merge (helpers.pack.pdf_merge) was checked against WeasyPrint 70's output (its
    footer artifacts, named destinations, one /Document element); a new version must be
    checked again (and this pin moved)."""
    import weasyprint

    lock = (Path(__file__).parents[3] / "requirements.lock").read_text(encoding="utf-8")
    pinned = re.search(r"(?mi)^weasyprint==([\d.]+)", lock)
    assert pinned and weasyprint.__version__ == pinned[1] == "70.0"
