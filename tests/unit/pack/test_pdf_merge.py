"""issue 30: the case document merged at PDF level from the reports' own PDFs
(helpers.pack.pdf_merge). Two small reports with headings, a table and a link inside the
report are laid out once and written as their own PDFs; the document made from them is
read back as a reader and a screen reader get it: «Side N av M» on every page, contents
entries that link to the page they name, every structure element of every report, one
parent-tree entry per page and annotation. A reused report's PDF is merged without laying
it out again."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from pdf_structure import Tagged, elements, pdftotext, pdfua_problems, problems, words

from helpers.pack import appendix
from helpers.pack.appendix import ReportPart, own_page_html, render_pdf, report_anchor
from helpers.pack.export import write_pdf
from helpers.pack.pdf_merge import report_pages

DATA_DIR = Path(__file__).resolve().parents[3] / "data"

NAMES = ("aaa", "bbb")


def _body(name: str) -> str:
    sections = "".join(
        f"<h2>{name.title()} avsnitt {i}</h2>" + "<p>Tekst. </p>" * 30
        + f'<h3>Under {i}</h3><p><a href="#tabell-{i}">Se tabellen</a></p>'
        + f'<table id="tabell-{i}"><caption>Tabell {name} {i}</caption>'
        "<thead><tr><th scope=\"col\">År</th><th scope=\"col\">Beløp</th></tr></thead>"
        f"<tbody><tr><th scope=\"row\">2024</th><td>{i} 234</td></tr></tbody></table>"
        for i in range(1, 4))
    return f"<h1>{name.title()}</h1>{sections}"


def _render(parts, folder: Path, **kw) -> dict:
    return render_pdf(parts, folder / "vedlegg.pdf", municipality="Røros kommune",
                      period="2024–2027", built=datetime(2026, 12, 7), version="x",
                      data_dir=folder, **kw)


def _write_own(folder: Path, name: str) -> Path:
    """A report's own PDF as the runner writes it (finish_one), in ``folder/<name>/``."""
    path = folder / name / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(own_page_html(name, name.title(), f"{name.title()} – Røros kommune",
                            _body(name)), path, path.parent)
    return path


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """The folder with vedlegg.pdf and the two own PDFs it was merged from (copied next
    to it as aaa.pdf and bbb.pdf)."""
    import shutil

    folder = tmp_path_factory.mktemp("flett")
    for n in NAMES:
        shutil.copy(_write_own(folder, n), folder / f"{n}.pdf")
    parts = [ReportPart(n, n.title(), "", report_anchor(n), "", []) for n in NAMES]
    entry = _render(parts, folder, folders={n: folder / n for n in NAMES})
    assert "feil" not in entry, entry
    return folder


def _own_counts(folder: Path) -> list[int]:
    return [len(pikepdf.open(folder / f"{n}.pdf").pages) for n in NAMES]


def test_every_report_page_says_side_n_av_m_of_the_document(merged):
    doc = Tagged(merged / "vedlegg.pdf")
    total = len(doc.pages)
    front = total - sum(_own_counts(merged))
    assert front == 2 and total >= 6
    footers = [t.furniture.get("Footer") for t in doc.texts]
    assert footers == [None] + [f"Side {i} av {total}" for i in range(2, total + 1)]
    # pdftotext too (what a reader copies): no «Side i av n» of a report's own PDF left
    for i in range(front + 1, total + 1):
        text = pdftotext(merged / "vedlegg.pdf", i)
        assert re.findall(r"Side \d+ av \d+", text) == [f"Side {i} av {total}"], i
    # the own PDFs are not changed: they still count their own pages
    own = Tagged(merged / "aaa.pdf")
    n = len(own.pages)
    assert [t.furniture.get("Footer") for t in own.texts] == [
        f"Side {i} av {n}" for i in range(1, n + 1)]
    # the running header of each report stays on its pages
    assert doc.texts[front].furniture["Header"] == "Aaa – Røros kommune"
    assert doc.texts[-1].furniture["Header"] == "Bbb – Røros kommune"


def test_the_footer_is_a_stream_of_its_own_left_out_without_parsing_the_page(
        merged, monkeypatch):
    """issue 30: a report's own PDF has each page's footer artifact as a content stream of
    its own, so the merge leaves it out without parsing the page; the merged pages keep the
    report's other streams as they are."""
    from helpers.pack import pdf_merge
    from helpers.pack.pdf_access import is_footer_stream

    own = pikepdf.open(merged / "aaa.pdf")
    for page in own.pages:
        streams = list(page.obj.Contents)
        assert [is_footer_stream(x) for x in streams].count(True) == 1
    kept = [x.read_bytes() for x in own.pages[0].obj.Contents if not is_footer_stream(x)]
    doc = pikepdf.open(merged / "vedlegg.pdf")
    first = doc.pages[2]  # aaa's first page, after the cover and the contents
    streams = [x.read_bytes() for x in first.obj.Contents]
    assert streams[1:-1] == kept and streams[0] == b"q\n"
    assert not any(is_footer_stream(x) for x in first.obj.Contents)
    parsed = []
    monkeypatch.setattr(pdf_merge, "_without_footer", lambda page: parsed.append(page))
    again = merged / "igjen"
    again.mkdir()
    parts = [ReportPart(n, n.title(), "", report_anchor(n), "", []) for n in NAMES]
    assert "feil" not in _render(parts, again, folders={n: merged / n for n in NAMES})
    assert parsed == []  # no page of a report was parsed


def test_contents_numbers_and_links_go_to_the_page_they_name(merged):
    path = merged / "vedlegg.pdf"
    pdf = pikepdf.open(path)
    index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    dests = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
    contents = words(pdftotext(path, 2))
    entries = re.findall(r"((?:Aaa|Bbb)(?: avsnitt \d)?) (\d+)", contents)
    assert [e[0] for e in entries] == [
        f"{n.title()}{s}" for n in NAMES for s in ("", " avsnitt 1", " avsnitt 2",
                                                  " avsnitt 3")]
    printed = {title: int(page) for title, page in entries}
    front = 2
    assert printed["Aaa"] == front + 1
    assert printed["Bbb"] == front + _own_counts(merged)[0] + 1
    links = {}
    for annot in pdf.pages[1].obj.Annots:
        assert "/A" not in annot  # no «hop-anker:» URI left
        name = str(annot.Dest)
        links[name] = index[dests[name][0].objgen] + 1
    assert len(links) == len(entries)
    assert len(pdf.pages[1].obj.Annots) == len(entries)  # one link per entry: its title
    for title, page in printed.items():
        # the entry's heading is on the page the contents print and link to
        assert title in words(pdftotext(path, page)), title
        anchor = report_anchor(title[:3].lower())
        k = title.rsplit(" ", 1)[-1]
        name = anchor if title in ("Aaa", "Bbb") else f"{anchor}/{k}"
        assert links[name] == page, (title, links[name], page)


def test_outline_has_the_contents_and_the_reports_to_level_two(merged):
    pdf = pikepdf.open(merged / "vedlegg.pdf")
    index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        top = [(i.title, index[i.destination[0].objgen] if i.title != "Innhold"
                else None) for i in outline.root]
        below = [[c.title for c in i.children] for i in outline.root]
        deeper = [c.children for i in outline.root for c in i.children]
    assert [t for t, _ in top] == ["Innhold", "Aaa", "Bbb"]
    assert top[1][1] == 2 and top[2][1] == 2 + _own_counts(merged)[0]
    assert below[1] == ["Aaa avsnitt 1", "Aaa avsnitt 2", "Aaa avsnitt 3"]
    assert all(not d for d in deeper)  # «Under 1» (h3) is level 3: not in the document


def _roles(pdf) -> list[str]:
    return [str(e.S) for e, _ in elements(pdf)]


def test_every_structure_element_of_every_report_is_in_the_tree(merged):
    doc = pikepdf.open(merged / "vedlegg.pdf")
    roles = _roles(doc)
    for n in NAMES:
        own = _roles(pikepdf.open(merged / f"{n}.pdf"))
        own.remove("/Document")
        for role in set(own):  # every element of report n is there (as many of each)
            assert roles.count(role) >= own.count(role), (n, role)
    # the second report's own elements, by their text: its heading and table
    tagged = Tagged(merged / "vedlegg.pdf")
    assert "Bbb" in [tagged.text(h) for h in tagged.roles("/H1")]
    assert "Tabell bbb 3" in [tagged.text(c) for c in tagged.roles("/Caption")]
    # one document element; each report a part of it, in order
    root = doc.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    assert str(document.S) == "/Document" and roles.count("/Document") == 1
    parts = [k for k in document.K if str(k.S) == "/Part" and k.P.objgen == document.objgen]
    assert len(parts) >= 2
    # the header cells' ids are unique in the document, and each data cell names its own
    ids = [str(e.ID) for e, _ in elements(doc) if "/ID" in e]
    assert len(ids) == len(set(ids)) == 2 * 3 * 3  # 2 reports × 3 tables × 3 header cells
    for n in NAMES:
        own = pikepdf.open(merged / f"{n}.pdf")
        assert sorted(f"{report_anchor(n)}:{e.ID}" for e, _ in elements(own)
                      if "/ID" in e) == sorted(i for i in ids if i.startswith(report_anchor(n)))
    for td in [e for e, _ in elements(doc) if str(e.S) == "/TD"]:
        headers = [str(h) for h in td.A.Headers]
        assert headers and all(h in ids for h in headers), headers
    assert problems(merged / "vedlegg.pdf") == []
    assert pdfua_problems(merged / "vedlegg.pdf") == []


def test_parent_tree_keys_are_unique_and_point_at_their_pages(merged):
    pdf = pikepdf.open(merged / "vedlegg.pdf")
    root = pdf.Root.StructTreeRoot
    nums = list(root.ParentTree.Nums)
    keys = [int(k) for k in nums[0::2]]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    assert int(root.ParentTreeNextKey) > max(keys)
    tree = dict(zip(keys, nums[1::2], strict=True))
    used = []
    for page in pdf.pages:
        key = int(page.obj.StructParents)
        used.append(key)
        for elem in tree[key]:  # every marked content of the page belongs to this page
            if isinstance(elem, pikepdf.Dictionary):
                assert elem.Pg.objgen == page.obj.objgen
        for annot in page.obj.get("/Annots") or []:
            used.append(int(annot.StructParent))
            assert tree[int(annot.StructParent)].objgen in {
                e.objgen for e, _ in elements(pdf)}  # the link's OBJR element
    assert len(used) == len(set(used))  # no two pages or annotations share a key
    # the links inside the reports were kept and renumbered too
    assert sum(len(p.obj.get("/Annots") or []) for p in pdf.pages[2:]) == 6


def test_sections_come_from_the_own_pdf_outline(merged):
    pages = report_pages(merged / "bbb.pdf")
    assert [t for t, _ in pages.sections] == ["Bbb avsnitt 1", "Bbb avsnitt 2",
                                              "Bbb avsnitt 3"]
    assert pages.count == _own_counts(merged)[1]
    assert report_anchor("bbb") in pages.names


def test_reused_reports_are_merged_without_being_laid_out_again(tmp_path, monkeypatch):
    """A build that reused its reports makes the document from their PDFs on disk: no
    report is converted or laid out again, only the front matter and the page numbers.
    A report whose PDF was written from its HTML page (ids not made unique) is laid out
    again, into a temporary file; its PDF on disk stays as it was."""
    import nbformat

    from helpers.pack import documents, engine, export, layout
    from helpers.pack.export import page_html

    monkeypatch.setenv("HOP_HURTIGLAGER", str(tmp_path / "lager"))  # no footer made before
    names = ["finans", "kostra"]  # two reports of the budget case, with stand-in pages
    for n in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {n.title()}\n\n## Avsnitt")]
        (tmp_path / n).mkdir()
        nbformat.write(nb, tmp_path / n / f"{n}.ipynb")
    _write_own(tmp_path, "finans")
    write_pdf(page_html(_body("kostra"), title="K", header="K"), tmp_path / "kostra" /
              "kostra.pdf", tmp_path / "kostra")
    before = {n: (tmp_path / n / f"{n}.pdf").read_bytes() for n in names}
    laid_out, converted = [], []
    real, real_body = export.render_page, documents.notebook_body_html

    def counting(html, base_url):
        laid_out.append(html)
        return real(html, base_url)

    def converting(nb):
        converted.append(nb)
        return real_body(nb)

    def here(fn):  # the footer document, laid out beside the front matter, counted here
        fn()
        return lambda again=True: None

    monkeypatch.setattr(export, "render_page", counting)
    monkeypatch.setattr(layout, "render_page", counting)  # the front matter
    monkeypatch.setattr(documents, "notebook_body_html", converting)
    monkeypatch.setattr(engine, "run_beside", here)
    assert appendix.own_pdf_fits(tmp_path / "finans" / "finans.pdf", "finans")
    assert not appendix.own_pdf_fits(tmp_path / "kostra" / "kostra.pdf", "kostra")
    dest = tmp_path / "ut"
    dest.mkdir()
    made = documents.render_documents(tmp_path, names, DATA_DIR, {}, "2026-12-07T12:00:00",
                                      "x", dest)
    assert "feil" not in made["dokumenter"]["hop"], made
    assert len(converted) == 1  # kostra's notebook, not finans'
    assert not any('id="rapport-finans"' in h for h in laid_out)
    assert sum('id="rapport-kostra"' in h for h in laid_out) == 1
    assert len(laid_out) == 3  # kostra, the front matter, the page numbers
    assert {n: (tmp_path / n / f"{n}.pdf").read_bytes() for n in names} == before
    assert sorted(p.name for p in dest.iterdir()) == ["vedlegg.pdf"]  # no temporary file
    contents = words(pdftotext(dest / "vedlegg.pdf", 2))
    assert re.search(r"Finans avsnitt 3 \d+", contents)  # finans' own PDF, as it is
    assert problems(dest / "vedlegg.pdf") == []
    # the next build with the same page count takes the page numbers it made
    again = tmp_path / "igjen"
    again.mkdir()
    documents.render_documents(tmp_path, names, DATA_DIR, {}, "2026-12-07T13:00:00", "x",
                               again)
    assert len(laid_out) == 5  # kostra and the front matter, not the page numbers
    pages = len(pikepdf.open(dest / "vedlegg.pdf").pages)
    assert [pdftotext(again / "vedlegg.pdf", n) for n in range(1, pages + 1)] == \
        [pdftotext(dest / "vedlegg.pdf", n) for n in range(1, pages + 1)]


def test_the_page_numbers_are_laid_out_once_per_page_count(tmp_path, monkeypatch):
    """issue 30: the footer document («Side N av M» on M empty pages) is kept in the
    tool's cache and laid out again only for another page count, style sheet or version
    of the tool."""
    from helpers.data import reads
    from helpers.pack import layout

    laid_out = []
    real = layout.render_page

    def counting(html, base_url):
        laid_out.append(html)
        return real(html, base_url)

    monkeypatch.setattr(layout, "render_page", counting)
    monkeypatch.setattr(layout, "FOOTER_KEEP", 1)
    cache = tmp_path / layout.FOOTER_CACHE
    five = layout.footer_pdf(5, tmp_path, cache)
    assert layout.footer_pdf(5, tmp_path, cache) == five and len(laid_out) == 1
    six = layout.footer_pdf(6, tmp_path, cache)
    assert len(laid_out) == 2 and six != five
    assert sorted(cache.iterdir()) == [six]  # beyond FOOTER_KEEP, the oldest went
    assert "Side 6 av 6" in pdftotext(six, 6) and "Side 5 av 6" in pdftotext(six, 5)
    real_html = layout.footer_html
    monkeypatch.setattr(layout, "footer_html", lambda pages: real_html(pages).replace(
        "</style>", ".side { color: black; }\n</style>"))
    assert layout.footer_pdf(6, tmp_path, cache) != six and len(laid_out) == 3
    monkeypatch.setattr(layout, "footer_html", real_html)
    # another version of the tool (its code) does not take this one's document
    monkeypatch.setitem(reads._SOURCE, "kode", "en annen versjon")
    assert layout.footer_pdf(6, tmp_path, cache) != six and len(laid_out) == 4


def test_the_front_matter_laid_out_ahead_is_taken_as_it_is(tmp_path, monkeypatch):
    """issue 30: in a build of one report, the runner lays the documents' front matter out
    ahead, from the report's previous PDF (documents.front_matter_ahead), while the new PDF
    is laid out. When the new PDF keeps the pages and sections, the merge takes that front
    matter from the cache as it is; when they changed, its HTML differs and it is laid
    out again, with the new sections and page numbers."""
    from types import SimpleNamespace

    import nbformat

    from helpers.pack import documents, engine, layout
    from helpers.pack.appendix import data_version

    monkeypatch.setenv("HOP_HURTIGLAGER", str(tmp_path / "lager"))
    names = ["finans", "kostra"]
    for n in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {n.title()}")]
        _write_own(tmp_path, n)
        nbformat.write(nb, tmp_path / n / f"{n}.ipynb")
    fronts = []
    real = layout.render_page

    def counting(html, base_url):
        if "Innhold</h1>" in html:
            fronts.append(html)
        return real(html, base_url)

    monkeypatch.setattr(layout, "render_page", counting)
    monkeypatch.setattr(engine, "run_beside", lambda fn, here=True: (
        fn(), lambda again=True, timeout=None: None)[1])
    built, inputs = "2026-12-08T10:00:00+00:00", {"kostra_indikatorer.csv": "abc"}
    kostra = SimpleNamespace(report="kostra", ok=True, missing=[], parameters={})
    ahead = documents.front_matter_ahead(tmp_path, {"rapporter": {}}, ["finans"], DATA_DIR,
                                         inputs, built, None)
    ahead(kostra)()
    assert len(fronts) == 1
    assert not list(tmp_path.glob("**/vedlegg.pdf"))  # the front matter only
    same = tmp_path / "ut"
    same.mkdir()
    made = documents.render_documents(tmp_path, names, DATA_DIR, {"kostra": {}}, built,
                                      data_version(inputs), same)
    assert "feil" not in made["dokumenter"]["hop"], made
    assert len(fronts) == 1  # taken from the cache
    assert "Kostra avsnitt 3" in pdftotext(same / "vedlegg.pdf", 2)
    assert problems(same / "vedlegg.pdf") == []
    # the new PDF has a section more: the front matter made ahead does not fit
    path = tmp_path / "kostra" / "kostra.pdf"
    write_pdf(own_page_html("kostra", "Kostra", "Kostra – Røros kommune",
                            _body("kostra") + "<h2>Et nytt avsnitt</h2><p>Tekst.</p>"),
              path, path.parent)
    other = tmp_path / "annen"
    other.mkdir()
    documents.render_documents(tmp_path, names, DATA_DIR, {"kostra": {}}, built,
                               data_version(inputs), other)
    assert len(fronts) == 2
    contents = words(pdftotext(other / "vedlegg.pdf", 2))
    on = 2 + len(pikepdf.open(path).pages)  # kostra comes first, on its last page
    assert re.search(rf"Et nytt avsnitt {on} Finans {on + 1}\b", contents), contents


def test_an_own_pdf_from_the_html_page_is_not_fit(tmp_path):
    """A report's PDF written from its HTML page (ids not made unique) is laid out again
    for the document: its ids could clash with another report's."""
    from helpers.pack.export import page_html

    write_pdf(page_html(_body("aaa"), title="A", header="A"), tmp_path / "aaa.pdf", tmp_path)
    assert not appendix.own_pdf_fits(tmp_path / "aaa.pdf", "aaa")
    assert not appendix.own_pdf_fits(tmp_path / "mangler.pdf", "mangler")
    assert appendix.own_pdf_fits(_write_own(tmp_path, "aaa"), "aaa")


def test_a_reports_pages_are_read_once_per_version_of_its_pdf(merged, tmp_path, monkeypatch):
    """issue 30: the documents ask for a report's pages more than once (does its PDF fit,
    the contents); the PDF is opened once, and again when it was written anew."""
    import shutil

    opened = []
    real = pikepdf.open
    monkeypatch.setattr(pikepdf, "open", lambda *a, **k: (opened.append(a[0]), real(*a, **k))[1])
    path = tmp_path / "aaa.pdf"
    shutil.copy(merged / "aaa.pdf", path)
    first = report_pages(path)
    assert report_pages(path) == first and len(opened) == 1
    assert first.count == len(real(merged / "aaa.pdf").pages)
    shutil.copy(merged / "bbb.pdf", path)  # a new version of the file
    assert report_pages(path).sections != first.sections and len(opened) == 2
