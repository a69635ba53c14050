"""Export an executed notebook to offline HTML and to an A4 PDF.

HTML: nbconvert's ``basic`` template (cells only, no require.js, MathJax or any other
script), code and prompts left out, wrapped in our own page with inline CSS. Charts are
inline SVG from Altair's svg renderer, so the page needs no network at all.

PDF: WeasyPrint renders the same HTML with CSS paged media: A4, a running header with
municipality, report and period, and "Side N av M" in the footer.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from helpers.pack.pdf_access import PDF_VARIANT, finish_tagged_pdf, mark_table_headers

PERIOD_KEY = "hop_periode"  # same as helpers.report.PERIOD_KEY (report imports IPython)
MAINTAINER_KEY = "hop_merknad"  # same as helpers.report.MAINTAINER_KEY
TEMPLATE_DIR = Path(__file__).parent / "templates"
CSS_PATH = TEMPLATE_DIR / "report.css"


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader should not see: stderr, injected-parameter cells, empty cells."""
    nb = nbformat.from_dict(nb)  # copy
    cells = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "parameters" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                            and PERIOD_KEY not in o.get("metadata", {})
                            and MAINTAINER_KEY not in o.get("metadata", {})]
            if not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


def declared_period(nb: nbformat.NotebookNode) -> str:
    """The period a notebook declared with :func:`helpers.report.period` ('' if none)."""
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            value = o.get("metadata", {}).get(PERIOD_KEY)
            if value:
                return str(value)
    return ""


def maintainer_notes(nb: nbformat.NotebookNode) -> list[str]:
    """The notes a notebook left for whoever maintains data and parameters
    (:func:`helpers.report.maintainer`), in order, without repeats."""
    notes: list[str] = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = o.get("metadata", {}).get(MAINTAINER_KEY)
            if text and str(text) not in notes:
                notes.append(str(text))
    return notes


# An empty link written in XML's form: nbconvert's heading anchor
# («<a class="anchor-link" href="#…"/>»). In HTML that is a start tag without an end.
_SELF_CLOSED_A = re.compile(r"<a(\s[^<>]*?)?\s*/>")


class BodyExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass (issue 30: parsing
    and writing the page again took over half of each export).

    That pass gives an ``<img>`` without ``alt`` a placeholder text and a focus stop
    (``tabindex``) to the input and output areas of JupyterLab's page; the ``hop``
    template writes neither (its charts are inline SVG with a ``<title>``, and it has no
    JupyterLab page). What it also did, incidentally, was to write the page out again:
    attributes sorted and their names in lower case, and an empty anchor written as XML
    closed as HTML. The page read by a browser or by WeasyPrint is the same without it,
    once that anchor is closed (:data:`_SELF_CLOSED_A`)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        # the filters HTMLExporter.from_notebook_node registers before it renders
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _SELF_CLOSED_A.sub(lambda m: f"<a{m[1] or ''}></a>", body), resources


@functools.cache
def body_exporter() -> HTMLExporter:
    """The nbconvert exporter of :func:`notebook_body_html`, made once per process: making
    one compiles its Jinja templates (a third of an export under cProfile, issue 30). The
    build makes it before it forks its workers (:func:`helpers.pack.engine.warm_up`)."""
    exporter = BodyExporter(template_name="hop", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


def notebook_body_html(nb: nbformat.NotebookNode) -> str:
    """The cells as an HTML fragment, inputs and prompts excluded."""
    body, _ = body_exporter().from_notebook_node(_clean(nb))
    return mark_table_headers(body)


# A <style> element as the HTML parser reads it (raw text up to the first </style>), or a
# <script> element, which is kept whole: "<style" inside a script is not a style sheet.
_STYLE = re.compile(r"(<script\b.*?</script\s*>)|<style\b[^>]*>(.*?)</style\s*>",
                    re.S | re.I)


def hoist_styles(body: str) -> tuple[str, str]:
    """The body without its ``<style>`` elements, and their CSS in document order.

    pandas Styler writes one ``<style>`` per table; WeasyPrint matches every element
    against every style sheet separately, so a page with 60 tables matched each element
    60 times (a quarter of the appendix's layout, issue 30). One style sheet in the head
    with the same rules in the same order gives the same cascade."""
    css: list[str] = []

    def take(m: re.Match) -> str:
        if m[1]:
            return m[1]
        css.append(m[2].strip())
        return ""

    return _STYLE.sub(take, body), "\n".join(c for c in css if c)


def page_html(body: str, *, title: str, header: str, lang: str = "nb",
              anchor: str = "") -> str:
    """A complete, self-contained HTML page (inline CSS in one style sheet, no external
    reference). ``anchor``: an id on the report's ``<main>``, where the contents of a case
    document link to (issue 30)."""
    body, tables_css = hoist_styles(body)
    css = CSS_PATH.read_text(encoding="utf-8") + ("\n" + tables_css if tables_css else "")
    main_attrs = ' class="report"' + (f' id="{html.escape(anchor)}"' if anchor else "")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<div class="running-header">{html.escape(header)}</div>\n'
        f"<main{main_attrs}>\n{body}\n</main>\n</body>\n</html>\n"
    )


def write_html(nb: nbformat.NotebookNode, path: Path, *, title: str, header: str) -> str:
    text = page_html(notebook_body_html(nb), title=title, header=header)
    path.write_text(text, encoding="utf-8")
    return text


class ResourceRefused(Exception):
    """The PDF step was asked to fetch something outside the report's own files."""


def _refusal(url: str) -> str:
    shown = url if len(url) <= 120 else url[:117] + "…"
    return (f"PDF-en ble ikke laget: rapporten ba om «{shown}», som ligger utenfor "
            "rapportens egne filer. Rapportene henter aldri noe fra nettet eller fra andre "
            "mapper.")


def _allowed(url: str, base_dir: Path) -> bool:
    """Inline ``data:`` URLs, and files inside the report's own folder."""
    from urllib.parse import unquote, urlsplit

    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return True
    if scheme == "file":
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return False
        target = Path(unquote(parts.path)).resolve()
        return target.is_relative_to(base_dir.resolve())
    return False


def _fetcher(base_dir: Path):
    """A WeasyPrint URL fetcher that refuses everything but the report's own files."""
    import weasyprint

    try:
        from weasyprint.urls import FatalURLFetchingError
    except ImportError:  # older WeasyPrint
        FatalURLFetchingError = None  # noqa: N806

    if FatalURLFetchingError is not None and hasattr(weasyprint, "URLFetcher"):

        class Refused(FatalURLFetchingError):  # stops the rendering at once
            pass

        class OwnFilesOnly(weasyprint.URLFetcher):
            def fetch(self, url, headers=None):
                if not _allowed(url, base_dir):
                    raise Refused(_refusal(url))
                return super().fetch(url, headers)

        # A missing file of our own is only skipped (with a warning); a refusal is fatal.
        return OwnFilesOnly(allowed_protocols=["data", "file"], fail_on_errors=False), Refused

    def fetcher(url: str, *args, **kwargs):  # WeasyPrint < 68: a function
        if not _allowed(url, base_dir):
            raise ResourceRefused(_refusal(url))
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetcher, ResourceRefused


# An inline chart as Altair's svg renderer writes it (no <svg> inside another), and its
# <title> (the alternate text, helpers.presentation.chartalt).
_INLINE_SVG = re.compile(r"<svg\b[^>]*>(?:(?!<svg\b).)*?</svg\s*>", re.S | re.I)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.S | re.I)
_SVG_SIZE = re.compile(r'\s(width|height)="([\d.]+)"')


def charts_as_images(html_text: str) -> str:
    """The page with each inline chart as an ``<img>`` of the same SVG (a ``data:`` URL),
    for the PDF only (issue 30).

    WeasyPrint draws an inline ``<svg>`` from its own copy of the element, but first its
    HTML parser reads every node of it and the cascade computes a style for each (the
    charts are most of a report's elements); as an image the SVG is read by its SVG
    parser alone. The drawing is the same: the chart's ``<title>`` becomes the image's
    ``alt`` (the Figure's /Alt in the tagged PDF), its width and height the image's. A
    chart without a title, size or SVG namespace, or that is not well-formed XML,
    stays inline."""
    import base64

    def image(m: re.Match) -> str:
        svg = m[0]
        head = svg[:svg.index(">")]
        title = _SVG_TITLE.search(svg)
        size = dict(_SVG_SIZE.findall(head))
        if not title or not title[1].strip() or set(size) != {"width", "height"} \
                or 'xmlns="http://www.w3.org/2000/svg"' not in head or not _is_xml(svg):
            return svg
        alt = html.escape(html.unescape(title[1].strip()), quote=True)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return (f'<img class="diagram" alt="{alt}" width="{size["width"]}" '
                f'height="{size["height"]}" src="data:image/svg+xml;base64,{data}">')

    return _INLINE_SVG.sub(image, html_text)


def print_html(html_text: str) -> str:
    """The page as WeasyPrint lays it out for the PDF (issue 30): the charts' screen-only
    tables of figures (``display: none`` in print) left out, so they are neither parsed nor
    styled, and the charts as images (:func:`charts_as_images`)."""
    from helpers.presentation.chartalt import DATA_DETAILS

    screen_only = re.compile(re.escape(DATA_DETAILS) + r".*?</details\s*>", re.S)
    return charts_as_images(screen_only.sub("", html_text))


def _is_xml(text: str) -> bool:
    """Whether ``text`` is well-formed XML (an image must be; inline SVG in HTML need not)."""
    from xml.etree import ElementTree

    try:
        ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return False
    return True


class _CharsUntilRegexes(dict):
    """tinyhtml5's cache of :meth:`HTMLUnicodeInputStream.chars_until` regexes, filled on a
    miss. tinyhtml5 2.1 stores each regex under the regex itself (a chained assignment
    rebinds ``characters`` first), so its cache never hits and every call of
    ``chars_until`` builds the character class again: over a third of parsing a report's
    page, 0,3 CPU-s a pack (issue 30). The regex is tinyhtml5's."""

    def __missing__(self, key):
        characters, opposite = key
        regex = "".join(f"\\x{ord(character):02x}" for character in characters)
        if not opposite:
            regex = f"^{regex}"
        self[key] = compiled = re.compile(f"[{regex}]+")
        return compiled


def _cache_chars_until() -> None:
    """Give WeasyPrint's HTML parser a working cache (:class:`_CharsUntilRegexes`); none
    when WeasyPrint parses with something else."""
    try:
        from tinyhtml5 import inputstream
    except ImportError:
        return

    if not isinstance(getattr(inputstream, "characters_until_regex", None),
                      _CharsUntilRegexes):
        inputstream.characters_until_regex = _CharsUntilRegexes()


def render_page(html_text: str, base_url: Path):
    """Lay the page out once with WeasyPrint (imported here: it is slow to import), for a
    tagged PDF/A-2a: a ``weasyprint.Document`` to write with :func:`write_document`, alone
    or combined with others (:mod:`helpers.pack.layout`, issue 30).

    Nothing is fetched from the network or from outside ``base_url`` (the report's own
    folder); a request for anything else stops the layout with :class:`ResourceRefused`.
    What is laid out is :func:`print_html` of the page."""
    import weasyprint

    _cache_chars_until()
    fetcher, refused = _fetcher(Path(base_url))
    try:
        return weasyprint.HTML(string=print_html(html_text), base_url=str(base_url),
                               url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    except refused as exc:
        raise ResourceRefused(str(exc)) from None


def write_document(document, path: Path) -> None:
    """Write a laid-out document as tagged PDF/A-2a, page furniture marked as artifacts
    (:func:`helpers.pack.pdf_access.finish_tagged_pdf`), through a temporary file: a failed
    write never leaves a half-written ``path``."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        document.write_pdf(str(tmp), pdf_variant=PDF_VARIANT)
        finish_tagged_pdf(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_pdf(html_text: str, path: Path, base_url: Path) -> None:
    """Render the page to an A4 PDF: :func:`render_page`, then :func:`write_document`."""
    write_document(render_page(html_text, base_url), path)
