"""issue 28: the council documents of a build, one per case (:mod:`helpers.pack.cases`).

Each case with built reports gets its own PDF/A document (cover, contents, bookmarks,
running page numbers), merged by :mod:`helpers.pack.appendix` from the reports' own PDFs
(issue 30: each report is laid out and written once, by the runner); ``index.html`` links
the documents and the reports. After the reports of a build are in place,
:func:`record_documents` makes the documents in a temporary folder
(:func:`render_documents`) and moves them into place (issue 13).
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


def render_documents(out_dir: Path, names: list[str], data_dir: Path,
                     params_by_name: dict[str, dict], built_iso: str, version: str,
                     dest_dir: Path, dato: str | None = None,
                     front_only: bool = False) -> dict:
    """Render the document of each case of ``names`` into ``dest_dir``, merged from the
    reports' own PDFs in ``out_dir`` (issue 30): a report's PDF goes in as it is when it
    can (:func:`helpers.pack.appendix.own_pdf_fits`); one written before that was possible
    is laid out again from its notebook. A case whose data folder lacks a file the case
    needs (:attr:`helpers.pack.cases.Case.needs`) gets no document. Returns
    ``{"dokumenter": {case: manifest entry}, "kommune", "titler", "bygget"}``; never
    raises (an error is in the case's entry). ``front_only``: each document's front matter
    is only laid out into the tool's cache (issue 30: ahead of the merge, by the runner;
    :func:`helpers.pack.appendix.render_pdf`)."""
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    names = [n for n in names if n in infos]
    example = EXAMPLE_TEXT if is_example(data_dir) else ""
    built = datetime.fromisoformat(built_iso).astimezone()
    docs: dict[str, dict] = {}
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
                nb = nbformat.read(out_dir / n / f"{n}.ipynb", as_version=4)
                report_period = declared_period(nb)
                periods.append(report_period)
                if own_pdf_fits(out_dir / n / f"{n}.pdf", n):  # goes in as it is
                    parts.append(ReportPart(n, ctx.titles[n], "", report_anchor(n), "", []))
                else:  # laid out again, as the report's own page (runner.execute_one)
                    parts.append(make_part(n, ctx.titles[n], ctx.header_for(n, report_period),
                                           example_banner(data_dir) + notebook_body_html(nb)))
        except Exception as exc:  # noqa: BLE001 - reported by the caller, reports stay
            entry = {"tittel": document_title(case_name, ctx.period), "rapporter": ctx.names,
                     "feil": f"{type(exc).__name__}: {exc}"}
        else:
            # the plan period (budsjettaar), else the report's own («2. tertial 2024»)
            period = ctx.period or next((p for p in periods if p), "")
            entry = render_pdf(parts, dest_dir / pdf, municipality=ctx.municipality,
                               period=period, built=built, version=version,
                               data_dir=data_dir, case_name=case_name, dato=_date(dato),
                               example=example, folders={n: out_dir / n for n in ctx.names},
                               front_only=front_only)
        entry["fil"] = pdf
        entry["sekunder"] = round(time.perf_counter() - t0, 3)
        docs[case_name] = entry
        titles += [[n, ctx.titles[n]] for n in ctx.names]
    return {"dokumenter": docs, "kommune": municipality, "titler": titles,
            "bygget": built_iso, "eksempel": bool(example)}


def write_documents(out_dir: Path, names: list[str], data_dir: Path, manifest: dict,
                    stale: list[str] | None = None, dato: str | None = None) -> dict:
    """The documents and start page for the reports now in place (``names``), with
    municipality, period and running headers from the same parameters as the build;
    rendered in a temporary folder of the build (``.tmp-vedlegg-…``, cleaned up like the
    reports') and moved into place. The documents of the cases in ``stale`` (this build's
    cases that now have no document) are removed. Returns the manifest's entries for the
    documents ({case: entry})."""
    import os

    version = manifest["dataversjon"]
    params = {n: r.get("parametere", {}) for n, r in manifest.get("rapporter", {}).items()}
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-vedlegg-{os.getpid()}-", dir=out_dir))
    try:
        made = render_documents(out_dir, names, data_dir, params, manifest["sist_bygget"],
                                version, tmp, dato)
        docs = made["dokumenter"]
        for entry in docs.values():
            if "feil" not in entry:
                (tmp / entry["fil"]).replace(out_dir / entry["fil"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for case_name in stale or []:
        if case_name not in docs:
            (out_dir / case(case_name).pdf).unlink(missing_ok=True)
    write_index(out_dir, [tuple(t) for t in made["titler"]], municipality=made["kommune"],
                built=datetime.fromisoformat(made["bygget"]).astimezone(), version=version,
                example=EXAMPLE_TEXT if made.get("eksempel") else "", docs=docs)
    return docs


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


AHEAD_TIMEOUT = 60  # seconds the front matter laid out ahead may take (about 1–2 s)


def documented(entries: dict, results: list, reused: list[str]) -> list[str]:
    """The reports the documents of a build hold, in order: every report of the build
    with figures, rebuilt now (``results``, the runner's) or unchanged and reused
    (``reused``), and not one whose manifest entry (``entries``) says it lacks data
    (issue 21)."""
    from helpers.pack.catalogue import available_reports

    done = {r.report for r in results if r.ok and not r.missing} | set(reused)
    done -= {n for n, e in entries.items() if e.get("mangler")}
    return [n for n in available_reports() if n in done]


def front_matter_ahead(out_dir: Path, manifest: dict, reused: list[str], data_dir: Path,
                       inputs: dict[str, str], built: str, dato: str | None):
    """issue 30: for a build of one report, a function of its notebook's result that lays
    out the documents' front matter in a forked process while the runner lays out the
    report's PDF (the other core is idle then), from the report's previous PDF: its page
    count and sections seldom change, and then the merge after it finds the front matter
    in the tool's cache (:func:`helpers.pack.layout.front_matter_pdf`); when they did
    change, the HTML differs and the merge lays it out as before. ``manifest``: the output
    folder's manifest before the build; the one assumed is the one the runner then writes
    (parameters and missing data of the result; ``built``, the build's start, and the
    data version of ``inputs``). Returns the function that waits for it (at most
    :data:`AHEAD_TIMEOUT` seconds: then it is stopped)."""
    from helpers.pack.appendix import data_version
    from helpers.pack.engine import run_beside

    def ahead(result):
        def run() -> None:
            entries = dict(manifest.get("rapporter", {}))
            entries[result.report] = {**entries.get(result.report, {}),
                                      "parametere": result.parameters,
                                      "mangler": result.missing}
            params = {n: e.get("parametere", {}) for n, e in entries.items()}
            with tempfile.TemporaryDirectory(prefix="hop-forside-") as tmp:
                render_documents(out_dir, documented(entries, [result], reused), data_dir,
                                 params, built, data_version(inputs), Path(tmp), dato,
                                 front_only=True)

        wait = run_beside(run, here=False)
        return lambda: wait(again=False, timeout=AHEAD_TIMEOUT)

    return ahead


def record_documents(out_dir: Path, manifest: dict, done: list[str], requested: list[str],
                     data_dir: Path, dato: str | None) -> None:
    """Write the build's documents into place and record them in ``manifest``:
    ``dokumenter`` ({case: entry}), ``vedlegg`` (the budget case's entry, as before
    issue 28), ``ikke_laget`` (why a case of this build has no document, for
    ``merknader.md``), ``eksempel`` and ``dokumentdato``.

    ``done``: the reports with figures now in place, in order; ``requested``: every report
    of this build (their cases' old documents go when the case has none now)."""
    from helpers.pack.cases import not_built_notes
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    case_of = {n: infos[n].case for n in infos}
    stale = sorted({case_of.get(n, DEFAULT_CASE) for n in requested})
    docs = write_documents(out_dir, done, data_dir, manifest, stale, dato) if done else {}
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
