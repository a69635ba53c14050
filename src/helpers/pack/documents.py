"""issue 28: the council documents of a build, one per case (:mod:`helpers.pack.cases`).

Each case with built reports gets its own PDF/A document (cover, contents, bookmarks,
running page numbers), laid out by :mod:`helpers.pack.appendix`; ``index.html`` links the
documents and the reports. During ``hop build`` :func:`render_early` makes the documents in
one worker as soon as every notebook has run, in a temporary folder: it lays out and writes
the own PDFs of the reports built now and merges the documents from the reports' own PDFs,
those of reused reports as they are on disk (issue 30);
:func:`place_early` moves the documents into place (issue 13). :func:`write_for_build`
does both at once when the early documents cannot be used.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import nbformat

from helpers.pack.appendix import (
    INDEX_HTML,
    ReportPart,
    build_context,
    index_html,
    make_part,
    own_pdf_fits,
    render_pdf,
    report_anchor,
)
from helpers.pack.cases import (
    CASES,
    DEFAULT_CASE,
    EXAMPLE_TEXT,
    case,
    document_title,
    example_banner,
    group,
    is_example,
    missing_case_files,
)
from helpers.pack.export import declared_period, notebook_body_html


def _date(dato: str | None) -> date | None:
    return date.fromisoformat(dato) if dato else None


def in_documents(names: list[str], data_dir: Path) -> set[str]:
    """The reports of ``names`` that go into a case document (their case has the files it
    needs): :func:`render_documents` lays them out and can write their own PDFs too."""
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    return {n for n in names if n in infos and not missing_case_files(infos[n].case, data_dir)}


def render_documents(out_dir: Path, names: list[str], data_dir: Path,
                     params_by_name: dict[str, dict],
                     fragments: dict[str, tuple[str, str]], built_iso: str, version: str,
                     dest_dir: Path, dato: str | None = None,
                     own: dict[str, str] | None = None) -> dict:
    """Render the document of each case of ``names`` into ``dest_dir``, each report laid
    out once (issue 30).

    ``fragments`` holds (body HTML, period) of reports whose folders are not in place yet;
    the others are read from ``out_dir``. ``own``: the reports whose own PDF is written
    from the same layout, and their (temporary) folders. A case whose data folder lacks a
    file the case needs (:attr:`helpers.pack.cases.Case.needs`) gets no document. Returns
    ``{"dokumenter": {case: manifest entry}, "kommune", "titler", "bygget", "egne"}``
    (``"egne"``: per report of ``own``, ``{"sekunder": …}`` or ``{"feil": …}``); never
    raises (an error is in the case's entry)."""
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    names = [n for n in names if n in infos]
    example = EXAMPLE_TEXT if is_example(data_dir) else ""
    built = datetime.fromisoformat(built_iso).astimezone()
    docs: dict[str, dict] = {}
    own = {n: Path(f) for n, f in (own or {}).items()}
    mine: dict[str, dict] = {}
    titles: list[list[str]] = []
    municipality = ""
    for case_name, members in group(names, {n: infos[n].case for n in names}).items():
        if missing_case_files(case_name, data_dir):
            continue
        t0 = time.perf_counter()
        ctx = build_context(members, data_dir, params_by_name)
        municipality = municipality or ctx.municipality
        pdf = case(case_name).pdf
        try:
            parts: list[ReportPart] = []
            periods = []
            for n in ctx.names:
                if n in fragments:
                    body, report_period = fragments[n]
                else:
                    nb = nbformat.read(out_dir / n / f"{n}.ipynb", as_version=4)
                    report_period = declared_period(nb)
                    # a reused report's own PDF goes in as it is (issue 30); else its page
                    # is laid out again, as the report's own page (runner.execute_one)
                    body = "" if own_pdf_fits(out_dir / n / f"{n}.pdf", n) else \
                        example_banner(data_dir) + notebook_body_html(nb)
                periods.append(report_period)
                parts.append(make_part(n, ctx.titles[n], ctx.header_for(n, report_period),
                                       body) if body else
                             ReportPart(n, ctx.titles[n], "", report_anchor(n), "", []))
        except Exception as exc:  # noqa: BLE001 - reported by the caller, reports stay
            entry = {"tittel": document_title(case_name, ctx.period), "rapporter": ctx.names,
                     "feil": f"{type(exc).__name__}: {exc}"}
            mine.update({n: {"feil": entry["feil"]} for n in ctx.names if n in own})
        else:
            # the plan period (budsjettaar), else the report's own («2. tertial 2024»)
            period = ctx.period or next((p for p in periods if p), "")
            entry = render_pdf(parts, dest_dir / pdf, municipality=ctx.municipality,
                               period=period, built=built, version=version,
                               data_dir=data_dir, case_name=case_name, dato=_date(dato),
                               example=example,
                               folders={n: own.get(n, out_dir / n) for n in ctx.names},
                               own={n: own[n] / f"{n}.pdf" for n in ctx.names if n in own})
            mine.update(entry.pop("egne"))
        entry["fil"] = pdf
        entry["sekunder"] = round(time.perf_counter() - t0, 3)
        docs[case_name] = entry
        titles += [[n, ctx.titles[n]] for n in ctx.names]
    return {"dokumenter": docs, "kommune": municipality, "titler": titles,
            "bygget": built_iso, "eksempel": bool(example), "egne": mine}


def render_early(out_dir: Path, names: list[str], data_dir: Path,
                 params_by_name: dict[str, dict], fragments: dict[str, tuple[str, str]],
                 built_iso: str, version: str, owner: int, dato: str | None = None,
                 own: dict[str, str] | None = None) -> dict:
    """Render the documents while the reports' own PDFs are still being made (issue 13),
    in a temporary folder of this build (``.tmp-vedlegg-<owner>-…``, cleaned up like the
    reports'); the result's ``"mappe"`` names it, and :func:`place_early` moves the
    documents into place. ``"rapporter"`` lists the reports, for the caller's check.
    ``own``: as in :func:`render_documents` (the reports' own PDFs from the same layout)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-vedlegg-{owner}-", dir=out_dir))
    result = render_documents(out_dir, names, data_dir, params_by_name, fragments,
                              built_iso, version, tmp, dato, own)
    result["mappe"] = str(tmp)
    # every report it was given, also those of a case without a document (the caller
    # compares this with the reports now in place)
    from helpers.pack.catalogue import available_reports

    result["rapporter"] = [n for n in available_reports() if n in names]
    return result


def place_early(out_dir: Path, early: dict, version: str,
                stale: list[str] | None = None) -> dict:
    """Move the documents of :func:`render_early` into place, remove those of the cases in
    ``stale`` (this build's cases that now have no document), and write ``index.html``;
    returns the manifest's entries for the documents ({case: entry})."""
    tmp = Path(early["mappe"])
    docs = early["dokumenter"]
    for entry in docs.values():
        if "feil" not in entry:
            (tmp / entry["fil"]).replace(out_dir / entry["fil"])
    shutil.rmtree(tmp, ignore_errors=True)
    for case_name in stale or []:
        if case_name not in docs:
            (out_dir / case(case_name).pdf).unlink(missing_ok=True)
    write_index(out_dir, [tuple(t) for t in early["titler"]], municipality=early["kommune"],
                built=datetime.fromisoformat(early["bygget"]).astimezone(), version=version,
                example=EXAMPLE_TEXT if early.get("eksempel") else "", docs=docs)
    return docs


def write_for_build(out_dir: Path, names: list[str], data_dir: Path, manifest: dict,
                    stale: list[str] | None = None, dato: str | None = None) -> dict:
    """The documents and start page for the reports that built (``names``), with
    municipality, period and running headers from the same parameters as the build."""
    params = {n: r.get("parametere", {}) for n, r in manifest.get("rapporter", {}).items()}
    early = render_early(out_dir, names, data_dir, params, {}, manifest["sist_bygget"],
                         manifest["dataversjon"], 0, dato)
    return place_early(out_dir, early, manifest["dataversjon"], stale)


def write_index(out_dir: Path, reports: list[tuple[str, str]], *, municipality: str,
                built: datetime, version: str, example: str, docs: dict) -> None:
    """``index.html``: every council document now in the folder, then the reports."""
    documents = []
    for name, c in CASES.items():
        if (out_dir / c.pdf).is_file():
            title = docs.get(name, {}).get("tittel") or document_title(name, "")
            documents.append((c.pdf, title))
    main = docs.get(DEFAULT_CASE, {}).get("tittel") or document_title(DEFAULT_CASE, "")
    parts = [ReportPart(n, t, "", "", "", []) for n, t in reports]
    try:
        (out_dir / INDEX_HTML).write_text(
            index_html(parts, municipality=municipality, title=main, built=built,
                       version=version, has_appendix=bool(documents), documents=documents,
                       example=example),
            encoding="utf-8")
    except OSError as exc:
        for entry in docs.values():
            entry.setdefault("feil", f"{type(exc).__name__}: {exc}")


def record_documents(out_dir: Path, manifest: dict, done: list[str], requested: list[str],
                     data_dir: Path, early: dict | None, dato: str | None) -> None:
    """Write the build's documents into place and record them in ``manifest``:
    ``dokumenter`` ({case: entry}), ``vedlegg`` (the budget case's entry, as before
    issue 28), ``ikke_laget`` (why a case of this build has no document, for
    ``merknader.md``), ``eksempel`` and ``dokumentdato``.

    ``done``: the reports with figures now in place, in order; ``requested``: every report
    of this build (their cases' old documents go when the case has none now). ``early``:
    from :func:`render_early`, used when it holds exactly ``done``."""
    from helpers.pack.cases import not_built_notes
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    case_of = {n: infos[n].case for n in infos}
    stale = sorted({case_of.get(n, DEFAULT_CASE) for n in requested})
    version = manifest["dataversjon"]
    if early is not None and early.get("rapporter") == done:
        docs = place_early(out_dir, early, version, stale)
    else:
        if early is not None:
            shutil.rmtree(early["mappe"], ignore_errors=True)
        docs = write_for_build(out_dir, done, data_dir, manifest, stale, dato) if done else {}
        if not done:
            for case_name in stale:
                (out_dir / case(case_name).pdf).unlink(missing_ok=True)
    kept = {n: e for n, e in manifest.get("dokumenter", {}).items()
            if n not in stale and (out_dir / e.get("fil", "-")).is_file()}
    manifest["dokumenter"] = {**kept, **docs}
    manifest.pop("vedlegg", None)
    if DEFAULT_CASE in manifest["dokumenter"]:
        manifest["vedlegg"] = manifest["dokumenter"][DEFAULT_CASE]
    reports = manifest.get("rapporter", {})
    manifest["ikke_laget"] = not_built_notes(
        case_of, set(done), {n: reports.get(n, {}) for n in requested}, data_dir)
    manifest["eksempel"] = is_example(data_dir)
    manifest["dokumentdato"] = dato
