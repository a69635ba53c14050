"""The council appendix: one PDF/A document with every built report, and a start page.

After a build, :func:`write_appendix` writes at the top of the output folder

- ``vedlegg.pdf``: a cover page (municipality, title, date, the kommunevåpen if the data
  folder has one), a table of contents with page numbers, and the reports one after the
  other. Each report is laid out and written once, as its own PDF, and the document is
  merged from those PDFs (:mod:`helpers.pack.pdf_merge`, issue 30): page numbers run on
  ("Side N av M"), the contents' sections and numbers come from the reports' PDFs, the
  outline (bookmarks) has every report and main section, and the running header names
  the report the page belongs to.
  PDF/A-2a, fonts embedded, title, author (the municipality) and language in the metadata.
  Tagged PDF/A-2a (issue 23), like the reports' own PDFs.
- ``index.html``: an offline start page linking each report's HTML and PDF and the
  appendix, with the build date and data version.

The reports' bodies come from the executed notebooks through :mod:`helpers.export`, the
same HTML as the per-report files.

During ``hop build`` each report's own PDF is laid out and written by its own task
(:func:`helpers.pack.runner.finish_one`, from :func:`own_page_html`); when the reports are
in place, :func:`helpers.pack.documents.record_documents` merges the documents from their
PDFs (a reused report's PDF goes in as it is).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from helpers import settings
from helpers.pack.cases import DEFAULT_CASE, document_title
from helpers.pack.export import (
    CSS_PATH,
    TEMPLATE_DIR,
    page_html,
)
from helpers.pack.pdf_merge import ANCHOR_SCHEME

APPENDIX_CSS_PATH = TEMPLATE_DIR / "appendix.css"
APPENDIX_PDF = "vedlegg.pdf"
INDEX_HTML = "index.html"
# Image files in the data folder taken as the municipality's coat of arms, first found wins.
COAT_OF_ARMS = ["kommunevapen.svg", "kommunevapen.png", "kommunevapen.jpg", "kommunevapen.jpeg"]
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg"}
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]


def data_version(inputs: dict[str, str]) -> str:
    """Short version of the input data: first 8 hex digits of a sha256 over the sorted
    (file name, file sha256) pairs, so any change to any input file changes it."""
    h = hashlib.sha256()
    for name in sorted(inputs):
        h.update(f"{name}\0{inputs[name]}\n".encode())
    return h.hexdigest()[:8]


def norwegian_date(d: datetime) -> str:
    """«27. november 2026»."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


@dataclass
class Section:
    anchor: str
    text: str


@dataclass
class ReportPart:
    """A report in a case document. ``body``: its HTML with ids made unique
    (:func:`make_part`), or "" when its own PDF is taken as it is; ``sections``: its main
    sections as its own PDF's outline has them (filled in by :func:`render_pdf`)."""
    name: str
    title: str
    header: str
    anchor: str
    body: str
    sections: list[Section]


# CSS inside the reports' HTML: references to an element by id, ``url(#clip1)`` in SVG
# attributes and style blocks, and id selectors in the tables' style blocks (pandas
# Styler: ``#T_abc12 th.col0 {…}``; colours such as ``#b22222`` are not ids).
_CSS_URL = re.compile(r"url\(\s*(['\"]?)#([^)'\"]+)\1\s*\)")
_CSS_ID = re.compile(r"#([A-Za-z_][\w-]*)")


# What of a report body :func:`prefix_ids` reads, as an HTML parser tokenizes it: a
# comment, a raw-text element (``script``, ``style``: the text is not markup) whole, or a
# start tag; an attribute value in quotes may hold ">".
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)(</\1\s*>)"
    r"|<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I)
# One attribute of a start tag: its name, and its value in double, single or no quotes.
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Attributes whose value is a list of words (class …): no ids or references in them.
_WORD_LISTS = {"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"}


def _attribute(name: str, value: str) -> str:
    """``name="value"``, the value escaped (``&``, ``<``, ``>``) and in double quotes,
    or in single quotes when it holds a double one (and ``&quot;`` when it holds both)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if '"' not in value:
        return f'{name}="{value}"'
    if "'" not in value:
        return f"{name}='{value}'"
    return '{}="{}"'.format(name, value.replace('"', "&quot;"))


def prefix_ids(body: str, prefix: str) -> str:
    """Make every id in a report body unique in the combined document: ``id``, fragment
    links (``href="#…"``, ``xlink:href``), SVG ``url(#…)`` references and id selectors in
    ``<style>`` blocks get ``prefix``.

    The body is read token by token as an HTML parser reads it (comments, raw-text
    elements, start tags and their attributes, values unescaped), and only the attributes
    that change are written again; the rest of the text is left as it is. Only the CSS
    inside attribute values and style blocks is matched as text. (It was a BeautifulSoup
    parse and rewrite of the whole body, a fifth of a report's PDF step, issue 30.)"""
    def url(css: str) -> str:
        return _CSS_URL.sub(lambda m: f"url({m[1]}#{prefix}-{m[2]}{m[1]})", css)

    # Some nbconvert versions percent-encode heading ids («%C3%A5r» for «år»), while
    # WeasyPrint decodes a link's fragment before looking the id up: store ids and fragments
    # decoded, so links and the contents find their headings whatever the version.
    ids: set[str] = set()

    def attribute(m: re.Match) -> str:
        name, low = m[1], m[1].lower()
        raw = next((v for v in (m[2], m[3], m[4]) if v is not None), None)
        if raw is None or low in _WORD_LISTS:
            return m[0]
        value = html.unescape(raw)
        if low == "id":
            ids.add(unquote(value))
            new = f"{prefix}-{unquote(value)}"
        elif low.endswith("href") and value.startswith("#"):
            new = f"#{prefix}-{unquote(value[1:])}"
        else:
            new = value
        new = url(new)
        return m[0] if new == value else _attribute(name, new)

    def attributes(text: str) -> str:
        return _ATTR.sub(attribute, text) if "=" in text else text

    out: list[str] = []
    styles: list[tuple[int, str]] = []  # (place in out, CSS): written once all ids are known
    pos = 0
    for m in _TOKEN.finditer(body):
        out.append(body[pos:m.start()])
        pos = m.end()
        if m[1]:  # script or style: its start tag, its text as it is, its end tag
            out.append(f"<{m[1]}{attributes(m[2])}>")
            if m[1].lower() == "style":
                styles.append((len(out), m[3]))
                out.append("")
            else:
                out.append(m[3])
            out.append(m[4])
        elif m[5]:
            out.append(f"<{m[5]}{attributes(m[6])}>")
        else:
            out.append(m[0])
    out.append(body[pos:])
    for place, css in styles:
        out[place] = url(_CSS_ID.sub(lambda m: f"#{prefix}-{m[1]}" if m[1] in ids else m[0],
                                     css))
    return "".join(out)


def make_part(name: str, title: str, header: str, body: str) -> ReportPart:
    """One report as a part of the appendix, from its body HTML (ids made unique)."""
    return ReportPart(name, title, header, report_anchor(name),
                      prefix_ids(body, report_anchor(name)), [])


def report_anchor(name: str) -> str:
    """The id of a report's ``<main>`` in its own PDF, where the case document's contents
    link to (and the prefix of its other ids)."""
    return f"rapport-{name}"


def _coat_of_arms(data_dir: Path) -> str:
    for fname in COAT_OF_ARMS:
        path = data_dir / fname
        if path.is_file():
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return (f'<img class="vapen" alt="Kommunevåpen" '
                    f'src="data:{_MIME[path.suffix.lower()]};base64,{data}">')
    return ""


def appendix_title(period: str, case_name: str = DEFAULT_CASE) -> str:
    """The document's title: «Økonomiske analyser – vedlegg til handlings- og økonomiplan
    2024–2027» for the budget case, «Tertialrapport 2. tertial 2024» for the tertial case."""
    return document_title(case_name, period)


def appendix_html(parts: list[ReportPart], *, municipality: str, title: str, built: datetime,
                  version: str, coat_of_arms: str = "", dato: date | None = None,
                  example: str = "", numbers: dict[str, int] | None = None,
                  total: int | None = None) -> str:
    """The document's front matter (cover and contents) as one HTML page for WeasyPrint;
    the reports' pages follow it in the PDF (:mod:`helpers.pack.layout`, issue 30).

    The cover shows what a council paper shows: municipality, document and period, the
    meeting or document date when given (``dato``), and ``example`` («Eksempel –
    oppdiktede tall») for a build from invented data. Build date, data version and tool
    are metadata only (issue 28). ``numbers``: the page of each contents entry (by anchor);
    ``total``: the document's page count, for «Side N av M»."""
    e = html.escape
    css = CSS_PATH.read_text(encoding="utf-8") + "\n" + APPENDIX_CSS_PATH.read_text(
        encoding="utf-8")
    if total is not None:  # the front matter is the start of a longer document
        css += f'\n@page {{ @bottom-right {{ content: "Side " counter(page) " av {total}"; }} }}'
    numbers = numbers or {}

    def entry(cls: str, anchor: str, text: str) -> str:
        # the title (the link), a line to the page number (an empty element: nothing to
        # read), the number
        return (f'<li class="{cls}"><span class="rad"><span class="tittel"><a href="'
                f'{ANCHOR_SCHEME}{e(anchor)}">{e(text)}</a></span><span class="linje"></span>'
                f'<span class="side">{numbers.get(anchor, "")}</span></span></li>')

    toc = []
    for p in parts:
        toc.append(entry("toc-rapport", p.anchor, p.title))
        toc.extend(entry("toc-avsnitt", s.anchor, s.text) for s in p.sections)
    # two lines, not a <dl>: WeasyPrint tags dt and dd as two list items (#2482)
    date_line = (f'<p class="bygg"><span class="etikett">Dato</span> '
                 f"{e(norwegian_date(dato))}</p>\n" if dato else "")
    example_line = f'<p class="eksempel-banner">{e(example)}</p>\n' if example else ""
    # the contents pages carry the example mark in their running header too
    contents_header = (f'<div class="running-header">{e(example)} · {e(title)}</div>\n'
                       if example else "")
    return (
        f'<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="author" content="{e(municipality)}">\n'
        f'<meta name="description" content="{e(title)}, dataversjon {e(version)}">\n'
        f'<meta name="dcterms.created" content="{built.isoformat(timespec="seconds")}">\n'
        f'<meta name="generator" content="{e(tool_name())}">\n'
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<section class="forside">\n{example_line}{coat_of_arms}\n'
        f'<p class="kommune">{e(municipality)}</p>\n<h1>{e(title)}</h1>\n'
        f'<p class="innhold-kort">{e(", ".join(p.title for p in parts))}</p>\n'
        f"{date_line}</section>\n"
        f'<nav class="innhold">\n{contents_header}<h1>Innhold</h1>\n<ul>\n' + "\n".join(toc)
        + "\n</ul>\n</nav>\n</body>\n</html>\n"
    )


def own_page_html(name: str, title: str, header: str, body: str) -> str:
    """The page a report's own PDF is laid out from (issue 30): its body with ids made
    unique and its anchor on ``<main>``, so the case documents merge the PDF as it is."""
    return report_html(make_part(name, title, header, body))


def report_html(part: ReportPart) -> str:
    """One report's page, laid out once for its own PDF and for the case document: ids
    made unique in the document (:func:`make_part`), its anchor on ``<main>``."""
    return page_html(part.body, title=part.header or part.title, header=part.header,
                     anchor=part.anchor)


def tool_name() -> str:
    """«hop-rapporter <version>», for metadata, manifest.json and merknader.md."""
    from importlib import metadata

    try:
        return f"hop-rapporter {metadata.version('hop-rapporter')}"
    except metadata.PackageNotFoundError:
        return "hop-rapporter"


def index_html(parts: list[ReportPart], *, municipality: str, title: str, built: datetime,
               version: str, has_appendix: bool,
               documents: list[tuple[str, str]] | None = None, example: str = "") -> str:
    """The offline start page (no script, no external reference): the council documents
    (``documents``: [(file, title)]; ``has_appendix`` alone links ``vedlegg.pdf``), then
    each report's HTML and PDF. Build date and data version are in its metadata."""
    e = html.escape
    rows = "\n".join(
        f'<li><span class="t">{e(p.title)}</span> '
        f'<a href="{e(p.name)}/{e(p.name)}.html">nettside</a> · '
        f'<a href="{e(p.name)}/{e(p.name)}.pdf">PDF</a></li>' for p in parts)
    if documents is None:
        documents = [(APPENDIX_PDF, "Alle rapportene samlet som ett vedlegg")] if has_appendix \
            else []
    docs = "".join(f'<p class="vedlegg"><a href="{e(f)}">{e(t)} (PDF)</a></p>\n'
                   for f, t in documents)
    banner = f'<p class="eksempel-banner">{e(example)}</p>\n' if example else ""
    return (
        f'<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="dcterms.created" content="{built.isoformat(timespec="seconds")}">\n'
        f'<meta name="description" content="Dataversjon {e(version)}">\n'
        f'<meta name="generator" content="{e(tool_name())}">\n'
        f"<title>{e(title)} – {e(municipality)}</title>\n<style>\n"
        "body { font-family: 'Liberation Sans', Arial, sans-serif; color: #1a1a1a;"
        " max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }\n"
        "h1 { color: #1f4e79; font-size: 1.6rem; margin-bottom: 0.2rem; }\n"
        ".kommune { font-size: 1.1rem; margin: 0; color: #555; }\n"
        "ul { list-style: none; padding: 0; }\n"
        "li { padding: 0.5rem 0; border-bottom: 1px solid #c8c8c8; }\n"
        "li .t { display: inline-block; min-width: 16rem; font-weight: bold; }\n"
        "a { color: #1f4e79; }\n.vedlegg { font-size: 1.1rem; margin: 1.2rem 0; }\n"
        ".eksempel-banner { background: #fff3cd; color: #5c3b00; border: 2px solid #8a5a00;"
        " padding: 0.4rem 0.8rem; font-weight: bold; }\n"
        "</style>\n</head>\n<body>\n"
        f'{banner}<header>\n<p class="kommune">{e(municipality)}</p>\n<h1>{e(title)}</h1>\n'
        f"</header>\n<main>\n{docs}<ul>\n{rows}\n</ul>\n</main>\n</body>\n</html>\n"
    )


def render_pdf(parts: list[ReportPart], dest: Path, *, municipality: str, period: str,
               built: datetime, version: str, data_dir: Path, case_name: str = DEFAULT_CASE,
               dato: date | None = None, example: str = "",
               folders: dict[str, Path] | None = None, front_only: bool = False) -> dict:
    """Render the document of ``case_name`` for ``parts`` to ``dest`` (a file name of the
    caller's choosing), merged from the reports' own PDFs (:mod:`helpers.pack.pdf_merge`,
    issue 30). A part without a body (the caller checked :func:`own_pdf_fits`) is not
    laid out again: its PDF is taken as it is from its folder (``folders``; default
    ``dest``'s folder); a part with a body is laid out into a temporary file next to
    ``dest`` (a report whose PDF was written before it could be merged). The contents'
    sections and page numbers come from the PDFs. The footer document comes from the
    tool's cache (:func:`helpers.pack.layout.footer_pdf`), and so does the front matter
    (:func:`helpers.pack.layout.front_matter_pdf`). ``front_only``: only the front matter
    is made, into that cache, and nothing is merged (issue 30: laid out ahead, by the
    runner).

    Returns what goes into the manifest: title, reports, seconds, or the error (never
    raises: the reports are already built and stay valid without it)."""
    from helpers.pack.engine import run_beside
    from helpers.pack.export import write_pdf
    from helpers.pack.layout import footer_pdf, front_matter_pdf, likely_front_pages
    from helpers.pack.pdf_merge import merge, report_pages, section_anchor

    t0 = time.perf_counter()
    title = appendix_title(period, case_name)
    result: dict = {"tittel": title, "rapporter": [p.name for p in parts]}
    folders = folders or {}
    sources: dict[str, Path] = {}  # each report's PDF for the merge
    temporary: list[Path] = []
    try:
        for p in parts:
            folder = folders.get(p.name, dest.parent)
            sources[p.name] = folder / f"{p.name}.pdf"
            if p.body:
                sources[p.name] = dest.with_name(f".{dest.stem}-{p.name}.pdf")
                temporary.append(sources[p.name])
                try:
                    write_pdf(report_html(p), sources[p.name], folder)
                except Exception as exc:  # noqa: BLE001 - named with its report
                    raise RuntimeError(f"{p.title}: {_error(exc)}") from None
        pages = {p.name: report_pages(sources[p.name]) for p in parts}
        parts = [replace(p, sections=[Section(section_anchor(p.anchor, k), title)
                                      for k, (title, _) in
                                      enumerate(pages[p.name].sections, start=1)])
                 for p in parts]
        coat_of_arms = _coat_of_arms(data_dir)

        def front_html(numbers: dict[str, int], total: int) -> str:
            return appendix_html(parts, municipality=municipality, title=title, built=built,
                                 version=version, coat_of_arms=coat_of_arms, dato=dato,
                                 example=example, numbers=numbers, total=total)

        reports = [(p.anchor, pages[p.name]) for p in parts]
        body_pages = sum(x.count for x in pages.values())
        if front_only:
            front_matter_pdf(front_html, reports, dest.parent)
            return result
        # issue 30: the footer document for the likely page count is laid out (into the
        # tool's cache) in a process of its own while this one lays out the front matter
        footer_ready = run_beside(
            lambda: footer_pdf(likely_front_pages(reports) + body_pages, dest.parent))
        try:
            front_pdf, front_pages = front_matter_pdf(front_html, reports, dest.parent)
        finally:
            footer_ready(again=False)
        total = front_pages + body_pages
        footer = footer_pdf(total, dest.parent)  # from the cache, unless the guess missed
        merge(front_pdf, [(p.anchor, sources[p.name]) for p in parts], footer, dest)
    except Exception as exc:  # noqa: BLE001 - reported by the caller, reports stay
        result["feil"] = _error(exc)
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    result["sekunder"] = round(time.perf_counter() - t0, 3)
    return result


def own_pdf_fits(path: Path, name: str) -> bool:
    """Whether a report's own PDF on disk can go into a case document as it is: it was
    laid out from :func:`report_html` (its ids made unique, :func:`report_anchor` on its
    ``<main>``). One written from the report's HTML page (a report of no case document)
    is not: its ids could clash with another report's."""
    from helpers.pack.pdf_merge import report_pages

    try:
        return path.is_file() and report_anchor(name) in report_pages(path).names
    except Exception:  # noqa: BLE001 - unreadable: laid out again
        return False


def _error(exc: Exception) -> str:
    from helpers.pack.export import ResourceRefused

    return str(exc) if isinstance(exc, ResourceRefused) else f"{type(exc).__name__}: {exc}"


@dataclass
class BuildContext:
    """What the appendix of one build needs to know about its reports: their order and
    titles, municipality, plan period and each report's running header."""
    names: list[str]
    titles: dict[str, str]
    municipality: str
    period: str
    header_for: object  # (name, report period) -> running header


def build_context(names: list[str], data_dir: Path, params_by_name: dict[str, dict]
                  ) -> BuildContext:
    """Municipality, period and running headers from the same parameters as the build
    (``params_by_name``: the parameters each report was built with)."""
    from helpers.data.kommuner import resolve
    from helpers.data.load import load_data
    from helpers.pack.catalogue import (
        available_reports,
        declared_parameters,
        parse_default,
        report_header,
    )

    infos = available_reports()
    names = [n for n in infos if n in names]  # the reports' own order
    effective = {}
    for n in names:
        declared = declared_parameters(infos[n].notebook)
        given = params_by_name.get(n, {})
        effective[n] = {**{k: parse_default(v["default"]) for k, v in declared.items()}, **given}
    municipality, period = "", ""
    for n in names:
        kommune = effective[n].get("kommune")
        if kommune and not municipality:
            try:
                kommuner = load_data(data_dir, only=["kommuner"])["kommuner"]
                municipality = resolve(kommuner, str(kommune)).visningsnavn
            except Exception:  # noqa: BLE001 - the name as given is better than nothing
                municipality = str(kommune)
        year = effective[n].get("budsjettaar")
        if isinstance(year, int) and not period:
            period = settings.plan_period(year)

    def header_for(name: str, report_period: str) -> str:
        return report_header(infos[name], effective[name], data_dir, report_period)

    return BuildContext(names, {n: infos[n].title for n in names}, municipality, period,
                        header_for)


NOTES_MD = "merknader.md"


def notes_markdown(manifest: dict) -> str:
    """``merknader.md``: per report, what the maintainer could add or set."""
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    reports = manifest.get("rapporter", {})
    lines = ["# Merknader til den som vedlikeholder dataene", "",
             f"Bygget {manifest.get('sist_bygget', '')} med "
             f"{manifest.get('verktoy') or tool_name()}, dataversjon "
             f"{manifest.get('dataversjon', '')}. Rapportene selv nevner ikke filer, kolonner "
             "eller parametere; her står hva som mangler i dataene og hvilke parametere som "
             "ville endret resultatet. Kontrollen av kildens egne tabeller står i "
             "kontroll.md.", ""]
    if manifest.get("eksempel"):
        lines += ["**Eksempeldata:** datamappen sier at tallene er oppdiktet (eksempel.txt); "
                  "hver side og nøkkeltallene er merket «Eksempel – oppdiktede tall».", ""]
    docs = manifest.get("dokumenter", {})
    not_built = manifest.get("ikke_laget", [])
    if docs or not_built:  # issue 28: one document per council case
        lines += ["## Dokumentene", ""]
        lines += [f"- {d.get('fil', '')}: {d.get('tittel', '')}"
                  + (f" – ble ikke laget: {d['feil']}" if d.get("feil") else "")
                  for d in docs.values()]
        lines += [f"- {n}" for n in not_built]
        lines.append("")
    for name in [n for n in infos if n in reports] + [n for n in reports if n not in infos]:
        notes = reports[name].get("merknader") or []
        title = infos[name].title if name in infos else name
        lines += [f"## {title} ({name})", ""]
        lines += [f"- {' '.join(n.split())}" for n in notes] or ["Ingen merknader."]
        lines.append("")
    return "\n".join(lines)


def write_notes(out_dir: Path, manifest: dict) -> None:
    path = out_dir / NOTES_MD
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(notes_markdown(manifest), encoding="utf-8")
    tmp.replace(path)
