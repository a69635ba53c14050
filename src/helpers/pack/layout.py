"""issue 30: each page of a build laid out once.

WeasyPrint lays a report out once and writes its own PDF («Side i av n»); the case document
is merged from those PDFs at PDF level (:mod:`helpers.pack.pdf_merge`). This module holds
the WeasyPrint side of that:

- :func:`front_matter_pdf`: the cover and contents (:func:`appendix.appendix_html`) laid out
  as their own small document, with the page numbers the reports' PDFs give
  (:func:`page_numbers`). It is rendered with the numbers it would have at an assumed
  length, and again only if its length turns out different. It is written into the
  tool's cache, named by its HTML, so when a process has laid the same front matter out
  ahead (the runner, while a one-report build lays out the report's PDF), nothing is left
  to lay out.
- :func:`footer_html`: M empty pages with the reports' ``@page`` rules, whose
  bottom-right margin box says «Side N av M» (report.css); the merge paints page N of it
  on page N of the case document in place of the report's own footer.
"""

from __future__ import annotations

from pathlib import Path

from helpers.pack.export import CSS_PATH, PDF_VARIANT, render_page, write_document

FOOTER_CACHE = "sidetall"  # in the tool's cache folder: the footer documents builds made
FOOTER_KEEP = 50  # footer documents kept there; the oldest go first
FRONT_CACHE = "forside"  # in the tool's cache folder: front matter laid out by a build
FRONT_KEEP = 10  # front matters kept there (each build's differs: its date and data)


def footer_html(pages: int) -> str:
    """``pages`` empty pages with the reports' ``@page`` rules: their margin boxes say
    «Side i av pages»."""
    css = CSS_PATH.read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
            f"<style>\n{css}\n.side {{ break-before: page; }}\n</style>\n</head>\n<body>\n"
            + '<div class="side"></div>\n' * pages + "</body>\n</html>\n")


def _cached(kind: str, html: str, cache_dir: Path) -> Path:
    """The cache file of a laid-out ``html``: named by the digest of the HTML, WeasyPrint's
    version, the PDF variant and the tool's code (:func:`helpers.data.reads.code_key`: the
    tagging is finished by :mod:`helpers.pack.pdf_access`, so a document another version
    of the tool laid out is not taken)."""
    import hashlib

    import weasyprint

    from helpers.data.reads import code_key

    digest = hashlib.sha256("\x00".join([html, weasyprint.__version__, PDF_VARIANT,
                                          code_key()]).encode()).hexdigest()[:20]
    return cache_dir / f"{kind}-{digest}.pdf"


def _store(document, path: Path, keep: int) -> None:
    """Write ``document`` to ``path`` in its cache folder; the oldest of its kind go beyond
    ``keep``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_document(document, path)
    kind = path.name.split("-", 1)[0]
    kept = sorted(path.parent.glob(f"{kind}-*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in kept[:max(0, len(kept) - keep)]:
        old.unlink(missing_ok=True)


def footer_pdf(pages: int, base_url: Path, cache_dir: Path | None = None) -> Path:
    """The footer document of :func:`footer_html` as a tagged PDF in ``cache_dir`` (default:
    :data:`FOOTER_CACHE` in the tool's cache folder), laid out by WeasyPrint only when no
    earlier build made the same one: the file is named by the digest of its HTML (page count
    and style sheet) and WeasyPrint's version, so a build that changes one report without
    changing the page count takes it as it is (issue 30: 0,7 s of such a build). The oldest
    are removed beyond :data:`FOOTER_KEEP`."""
    from helpers import settings

    html = footer_html(pages)
    path = _cached("sidetall", html, cache_dir or settings.cache_dir() / FOOTER_CACHE)
    if not path.is_file():
        _store(render_page(html, base_url), path, FOOTER_KEEP)
    return path


def page_numbers(reports: list[tuple[str, object]], front_pages: int) -> dict[str, int]:
    """The printed page number (1-based, in the case document) of each report's start
    and of each of its main sections (by :func:`helpers.pack.pdf_merge.section_anchor`):
    ``reports`` is [(report anchor, :class:`helpers.pack.pdf_merge.ReportPages`)] in
    order, after ``front_pages`` pages of front matter."""
    from helpers.pack.pdf_merge import section_anchor

    numbers: dict[str, int] = {}
    start = front_pages
    for anchor, pages in reports:
        numbers[anchor] = start + 1
        for k, (_, page) in enumerate(pages.sections, start=1):
            numbers[section_anchor(anchor, k)] = start + page + 1
        start += pages.count
    return numbers


CONTENTS_LINES = 45  # contents entries a page holds, about: for the first guess


def likely_front_pages(reports: list[tuple[str, object]]) -> int:
    """The pages the front matter is likely to take: a cover, then :data:`CONTENTS_LINES`
    contents entries a page (``reports`` as in :func:`page_numbers`)."""
    import math

    entries = sum(1 + len(pages.sections) for _, pages in reports)
    return 1 + max(1, math.ceil(entries / CONTENTS_LINES))


def front_matter_pdf(make_html, reports: list[tuple[str, object]], base_url: Path,
                     cache_dir: Path | None = None) -> tuple[Path, int]:
    """The front matter laid out with the right page numbers, as a tagged PDF in
    ``cache_dir`` (default :data:`FRONT_CACHE` in the tool's cache folder), and its page
    count. ``make_html(numbers, total)`` is its HTML for the contents' numbers and the
    document's page count; ``reports`` as in :func:`page_numbers`. Laid out for the length
    its contents are likely to have (:func:`likely_front_pages`), and again (at most
    twice) if it came out otherwise.

    The file is named by the digest of its HTML (:func:`_cached`): when a process has laid
    out the same HTML before, the file is taken as it is (issue 30: the runner lays a
    one-report build's front matter out ahead, from the report's previous PDF, while the
    new one is laid out; when the report keeps its pages and sections, the HTML is the
    same). The oldest are removed beyond :data:`FRONT_KEEP`."""
    from helpers import settings

    cache_dir = cache_dir or settings.cache_dir() / FRONT_CACHE
    body_pages = sum(pages.count for _, pages in reports)
    front_pages = likely_front_pages(reports)
    for _ in range(3):
        html = make_html(page_numbers(reports, front_pages), front_pages + body_pages)
        path = _cached("forside", html, cache_dir)
        if path.is_file():
            return path, front_pages
        front = render_page(html, base_url)
        if len(front.pages) == front_pages:
            _store(front, path, FRONT_KEEP)
            return path, front_pages
        front_pages = len(front.pages)
    raise RuntimeError("innholdslisten fikk ikke et fast antall sider")  # pragma: no cover
