"""The report runner behind ``hop build``.

For each report: execute the notebook with Papermill in a temporary folder, export HTML
and PDF in-process (a case document's reports laid out once, issue 30), then swap the
folder into place; a failed or interrupted build leaves the earlier output untouched.
Independent reports run in parallel on the available cores.
Afterwards the key figures of every built report are merged into ``nokkeltall.csv`` and
a ``manifest.json`` records parameters, input checksums, package versions and timings."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd

from helpers import settings
from helpers.pack.cases import is_example, mark_key_figure_xlsx, mark_key_figures
from helpers.pack.catalogue import (
    ReportInfo,
    available_reports,
    declared_parameters,
    parse_default,
    period_clash,
    report_header,
)
from helpers.pack.folders import _swap_into_place, output_lock, recover
from helpers.presentation.nokkeltall import COLUMNS, merge_key_figures, neutralise_formulas

KEY_FIGURE_PARAM = settings.KEY_FIGURE_PARAM
MAINTAINER_ENV = settings.MAINTAINER_ENV  # "0": maintainer notes hidden (helpers.report)


@dataclass
class BuildResult:
    report: str
    ok: bool
    seconds: dict[str, float] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    error: str = ""
    outputs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # maintainer notes (helpers.report)
    fingerprint: dict = field(default_factory=dict)  # issue 13: helpers.fingerprint
    reused: bool = False  # issue 13: unchanged since the last build, nothing written
    missing: list[str] = field(default_factory=list)  # issue 21: data files it lacks
    controls: list[dict] = field(default_factory=list)  # issue 28: for kontroll.md
    # Between running the notebook and making its PDF (issue 13), not stored: the report's
    # temporary folder, its running header, and its body HTML and period.
    tmp: str = ""
    header: str = ""
    body: str = ""
    period: str = ""


@contextlib.contextmanager
def _stderr_to(path: Path):
    """Send this process's file descriptor 2 (and so the kernel's start-up chatter) to a
    file while a notebook runs; the runner reports failures itself."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as f:
        os.dup2(f.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


# Errors raised by the helpers with a complete bokmål message (they also render without a
# traceback in notebooks: ``_render_traceback_``).
BOKMAL_ERRORS = frozenset({"CoverageError", "DataError", "AlternativeError", "UnknownKommune",
                           "TertialError", "InvesteringError", "UnknownProject",
                           "KostraError", "ResourceRefused"})


def execute_one(info: ReportInfo, params: dict, out_dir: Path, data_dir: Path,
                owner: int | None = None, interaktiv: bool = False) -> BuildResult:
    """Run one report's notebook and write its HTML, in a temporary folder of the output
    folder. Never raises: failures are in the result. On success the result names the
    folder (``tmp``) and :func:`finish_one` swaps it into place.
    ``owner`` is the pid of the build this is part of (names its temporary folder).
    ``interaktiv``: the HTML gets live charts with tooltips (helpers.interactive)."""
    import papermill as pm

    from helpers.data import reads
    from helpers.pack import engine, fingerprint
    from helpers.pack.cases import example_banner, mark_key_figure_file
    from helpers.pack.export import (
        ResourceRefused,
        declared_period,
        maintainer_notes,
        notebook_body_html,
        page_html,
    )
    from helpers.pack.kontroll import control_notes

    result = BuildResult(info.name, ok=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    owner = os.getpid() if owner is None else owner
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{info.name}-{owner}-", dir=out_dir))
    tmp.chmod(0o755)
    try:
        declared = declared_parameters(info.notebook)
        run_params = {k: v for k, v in params.items() if k in declared}
        if "data_dir" in declared:
            run_params["data_dir"] = str(data_dir)
        if KEY_FIGURE_PARAM in declared:
            run_params[KEY_FIGURE_PARAM] = str(tmp / "nokkeltall.csv")
        # The fingerprint holds the parameters as given, as the next build's check sees
        # them (helpers.fingerprint.effective_parameters), not the defaults filled in below.
        given = {k: v for k, v in run_params.items() if k != KEY_FIGURE_PARAM}
        if info.keep_apart:  # record the period in the executed notebook, and guard it
            defaults = {k: parse_default(v["default"]) for k, v in declared.items()}
            for p in info.keep_apart:
                run_params.setdefault(p, defaults.get(p))
            clash = period_clash(out_dir / info.name, info, run_params)
            if clash:
                result.error = clash
                return result
        result.parameters = {k: v for k, v in run_params.items() if k != KEY_FIGURE_PARAM}
        if _missing_page(info, result, tmp, declared, run_params, given, data_dir):
            return result  # issue 21: no figures to run the notebook on
        executed = tmp / f"{info.name}.ipynb"
        t0 = time.perf_counter()
        log = tmp / "kjerne.log"
        reads_file = tmp / ".leste-filer.txt"  # issue 13: the data files the notebook read
        try:
            with _stderr_to(log), settings.setting_env(MAINTAINER_ENV, "0"), \
                    fingerprint.collecting_reads(reads_file):
                pm.execute_notebook(
                    str(info.notebook), str(executed), parameters=run_params,
                    kernel_name="python3", cwd=str(info.notebook.parent),
                    progress_bar=False, log_output=False, report_mode=False,
                    engine_name=engine.selected_engine(),  # issue 13: in-process cells
                )
        except pm.PapermillExecutionError as exc:
            cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
            msg = str(exc.evalue).strip().splitlines()
            # The project's own errors are written in bokmål for the reader: show the
            # message alone; anything else keeps its Python name for the maintainer.
            name = "" if exc.ename in BOKMAL_ERRORS else f"{exc.ename}: "
            result.error = (f"celle {cell} feilet: {name}"
                            + ("\n    ".join(msg) if msg else ""))
            return result
        log.unlink(missing_ok=True)
        result.seconds["kjoring"] = time.perf_counter() - t0
        result.fingerprint = fingerprint.compute(  # issue 13
            info.notebook, given, reads.read_list(reads_file), data_dir)
        if interaktiv:  # a later build without --interaktiv must not reuse this HTML
            result.fingerprint["parametere"] = {**result.fingerprint.get("parametere", {}),
                                                "--interaktiv": True}
        reads_file.unlink(missing_ok=True)
        mark_key_figure_file(tmp / "nokkeltall.csv", data_dir)  # issue 28

        t0 = time.perf_counter()
        nb = nbformat.read(executed, as_version=4)
        result.notes = maintainer_notes(nb)
        result.controls = control_notes(nb)
        result.period = declared_period(nb)
        defaults = {k: parse_default(v["default"]) for k, v in declared.items()}
        header = report_header(info, {**defaults, **run_params}, data_dir, result.period)
        result.header = header
        result.body = example_banner(data_dir) + notebook_body_html(nb)  # issue 28
        (tmp / f"{info.name}.html").write_text(
            page_html(result.body, title=header or info.title, header=header),
            encoding="utf-8")
        result.seconds["html"] = time.perf_counter() - t0
        result.tmp = str(tmp)
        result.ok = True
        return result
    except ResourceRefused as exc:  # already a message for the user, in bokmål
        result.error = str(exc)
        return result
    except Exception as exc:  # noqa: BLE001 - reported to the user, build goes on
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    finally:
        if not result.ok and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _missing_page(info: ReportInfo, result: BuildResult, tmp: Path, declared: dict,
                  run_params: dict, given: dict, data_dir: Path) -> bool:
    """issue 21: when the report lacks data it needs, write its «mangler data» page in
    ``tmp`` instead of running the notebook (:mod:`helpers.pack.mangler`); True if so."""
    from helpers.data.specs import all_specs
    from helpers.pack import fingerprint, mangler
    from helpers.pack.catalogue import report_inputs

    defaults = {k: parse_default(v["default"]) for k, v in declared.items()}
    missing, nummer = mangler.missing_for(info.name, data_dir,
                                          {**defaults, **run_params}.get("kommune"))
    if not missing:
        return False
    result.header = report_header(info, {**defaults, **run_params}, data_dir)
    result.body = mangler.write_page(tmp, info.name, info.title, result.header, missing,
                                     data_dir)
    result.missing = missing
    result.notes = mangler.maintainer_notes(missing, nummer)
    specs = all_specs()
    # the files the check read, too (the report's required files)
    needs = report_inputs().get(info.name)
    read = dict.fromkeys([*missing, *(needs.trenger if needs else ())])
    result.fingerprint = fingerprint.compute(
        info.notebook, given, [str(data_dir / specs[s].name) for s in read], data_dir)
    result.tmp = str(tmp)
    result.ok = True
    return True


def finish_one(info: ReportInfo, result: BuildResult, out_dir: Path,
               interaktiv: bool = False) -> BuildResult:
    """Lay out and write the PDF of a report :func:`execute_one` ran, then swap its folder
    into place. The PDF is the one the case documents are merged from (issue 30:
    :func:`helpers.pack.appendix.own_page_html`). Never raises: a failure is in the
    result."""
    from helpers.pack.appendix import own_page_html
    from helpers.pack.export import ResourceRefused, write_pdf

    tmp = Path(result.tmp)
    body, result.body = result.body, ""  # no need to carry it further
    try:
        html_path = tmp / f"{info.name}.html"
        t0 = time.perf_counter()
        write_pdf(own_page_html(info.name, info.title, result.header, body),
                  tmp / f"{info.name}.pdf", base_url=tmp)
        result.seconds["pdf"] = time.perf_counter() - t0
        if interaktiv and not result.missing:  # the PDF above is made from the static page
            from helpers.pack.interactive import write_interactive_html

            write_interactive_html(nbformat.read(tmp / f"{info.name}.ipynb", as_version=4),
                                   html_path, title=result.header or info.title,
                                   header=result.header)
        result.outputs = sorted(p.name for p in tmp.iterdir())
        _swap_into_place(tmp, out_dir / info.name)
        result.ok = True
    except ResourceRefused as exc:  # already a message for the user, in bokmål
        result.ok, result.error = False, str(exc)
    except Exception as exc:  # noqa: BLE001 - reported to the user, build goes on
        result.ok, result.error = False, f"{type(exc).__name__}: {exc}"
    finally:
        result.tmp = ""
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def build_one(info: ReportInfo, params: dict, out_dir: Path, data_dir: Path,
              owner: int | None = None, interaktiv: bool = False) -> BuildResult:
    """Execute, export and swap one report. Never raises: failures are in the result."""
    result = execute_one(info, params, out_dir, data_dir, owner, interaktiv)
    return finish_one(info, result, out_dir, interaktiv) if result.ok else result


def sha256(path: Path) -> str:
    """sha256 of a file's content (the same digest the fingerprint uses)."""
    from helpers.pack.fingerprint import sha256_file

    return sha256_file(path)


def package_versions() -> dict[str, str]:
    """The versions recorded in the manifest: the fingerprint's key packages (one list,
    in :mod:`helpers.fingerprint`) plus filelock."""
    from helpers.pack.fingerprint import package_versions as key_versions

    out = dict(key_versions())
    try:
        out["filelock"] = metadata.version("filelock")
    except metadata.PackageNotFoundError:
        out["filelock"] = "mangler"
    return out


def _read_manifest(out_dir: Path) -> dict:
    """The output folder's ``manifest.json`` ({} when there is none or it is unreadable)."""
    path = out_dir / settings.MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def input_hashes(data_dir: Path) -> dict[str, str]:
    """sha256 of every CSV file in the data folder."""
    return {p.name: sha256(p) for p in sorted(data_dir.glob("*.csv")) if p.is_file()}


XLSX_DIGEST = "nokkeltall_xlsx_sha256"  # manifest.json: what nokkeltall.xlsx was made from


def _key_figures_xlsx(merged: pd.DataFrame, out_dir: Path, data_dir: Path):
    """What ``nokkeltall.xlsx`` is made from (recorded in the manifest as
    :data:`XLSX_DIGEST`) and the function that writes it, or None when the workbook on
    disk was made from the same figures, report order, example marking and code (issue
    30: about a second per build, where one changed data file often leaves every key
    figure as it was)."""
    import hashlib

    from helpers.pack.fingerprint import helpers_digest

    path = out_dir / "nokkeltall.xlsx"
    order = list(available_reports())
    made_from = hashlib.sha256("\n\x00".join(
        [merged.to_csv(index=False), *order, str(is_example(data_dir)), helpers_digest()]
    ).encode()).hexdigest()
    if path.is_file() and _read_manifest(out_dir).get(XLSX_DIGEST) == made_from:
        return made_from, None
    from helpers.pack.nokkeltall_xlsx import (
        write_key_figures_xlsx,  # text typed as text, no guard
    )

    def write() -> None:
        write_key_figures_xlsx(merged, path, order=order)
        mark_key_figure_xlsx(path, data_dir)

    return made_from, write


def collect_outputs(out_dir: Path, results: list[BuildResult], data_dir: Path,
                    started: float, validation_seconds: float,
                    inputs: dict[str, str] | None = None,
                    reused: list[str] | None = None, dato: str | None = None,
                    built: str | None = None) -> None:
    """Merge key figures and write the manifest for the reports that built.

    The manifest describes what is on disk: each report's entry (parameters, input
    checksums, data folder, time) is written only by the build that produced that report,
    so a failed build leaves the entries of the reports it did not replace as they were.

    The case documents are merged from the reports' own PDFs now in place (issue 30).
    ``built``: the time the build started (ISO), the documents' date; default now."""
    frames = []
    xlsx_from, xlsx_written = None, lambda again=True: None
    for r in results:
        if r.ok:
            kf = out_dir / r.report / "nokkeltall.csv"
            if kf.exists():
                frames.append(pd.read_csv(kf, dtype={"dimensjon": str},
                                          keep_default_na=False, na_values=[""]))
    total_path = out_dir / "nokkeltall.csv"
    existing = None
    if total_path.exists():
        existing = pd.read_csv(total_path, dtype={"dimensjon": str}, keep_default_na=False,
                               na_values=[""])
    new = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    if frames or existing is None:
        merged = merge_key_figures(existing, new)
        merged["dimensjon"] = merged["dimensjon"].fillna("")
        marked = mark_key_figures(merged[COLUMNS], data_dir)  # issue 28: «Eksempel …»
        _atomic_write(total_path, neutralise_formulas(marked).to_csv(index=False))
        xlsx_from, write_xlsx = _key_figures_xlsx(merged[COLUMNS], out_dir, data_dir)
        from helpers.pack.engine import run_beside

        xlsx_written = run_beside(write_xlsx)

    from helpers.pack.appendix import data_version, tool_name, write_notes

    manifest_path = out_dir / settings.MANIFEST
    manifest = _read_manifest(out_dir)
    reports = manifest.get("rapporter", {})
    inputs = input_hashes(data_dir) if inputs is None else inputs
    versions = package_versions()
    for r in results:
        if r.ok:
            reports[r.report] = {"parametere": r.parameters, "sekunder": r.seconds,
                                 "filer": r.outputs, "merknader": r.notes,
                                 "fingerprint": r.fingerprint,
                                 "bygget": datetime.now(UTC).isoformat(timespec="seconds"),
                                 "datamappe": str(data_dir),
                                 "mangler": r.missing,
                                 "kontroll": r.controls,
                                 "inndata_sha256": inputs,
                                 "pakker": versions}
    # Older manifests kept one set of checksums for the whole folder; they belong per report.
    manifest.pop("inndata_sha256", None)
    manifest.pop("datamappe", None)
    manifest.update({
        "sist_bygget": built or datetime.now(UTC).isoformat(timespec="seconds"),
        "siste_bygging": {"bygget": [r.report for r in results if r.ok],
                          "feilet": [r.report for r in results if not r.ok]},
        "pakker": versions,
        "verktoy": tool_name(),
        "maskin": {"plattform": platform.platform(), "kjerner": os.cpu_count()},
        "sekunder": {"validering": round(validation_seconds, 3),
                     "totalt": round(time.perf_counter() - started, 3)},
        "rapporter": reports,
    })
    from helpers.pack.documents import documented, record_documents
    from helpers.pack.kontroll import write_control

    manifest["dataversjon"] = data_version(inputs)
    try:
        record_documents(out_dir, manifest, documented(reports, results, reused or []),
                         [r.report for r in results] + list(reused or []), data_dir, dato)
    except BaseException:  # e.g. Ctrl-C: wait for the workbook, do not write it again
        xlsx_written(again=False)
        raise
    xlsx_written()
    if xlsx_from:
        manifest[XLSX_DIGEST] = xlsx_from
    write_control(out_dir, manifest)
    write_notes(out_dir, manifest)
    _atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2,
                                            default=str))


class TaskQueue:
    """The build's waiting tasks, most urgent first (issue 13): notebooks to run
    (``kjor``), then the reports' own PDFs (``pdf``), largest first; equal tasks in the
    order they came. The case documents are merged from the PDFs after them (issue 30)."""

    RANK = {"kjor": 1, "pdf": 2}

    def __init__(self) -> None:
        import itertools

        self._heap: list = []
        self._seq = itertools.count()

    def push(self, kind: str, name: str, fn, *args, size: int = 0) -> None:
        import heapq

        heapq.heappush(self._heap, ((self.RANK[kind], -size), next(self._seq), kind, name,
                                    fn, args))

    def pop(self) -> tuple:
        """(kind, name, fn, args) of the most urgent task."""
        import heapq

        _, _, kind, name, fn, args = heapq.heappop(self._heap)
        return kind, name, fn, args

    def __len__(self) -> int:
        return len(self._heap)


def _run_parallel(infos, reports, params, out_dir, data_dir, jobs, on_done,
                  results: list[BuildResult], interaktiv: bool = False,
                  pdf_here: bool = False, ahead=None) -> None:
    """Build the reports in ``jobs`` worker processes; on Ctrl-C stop them at once.

    The work is cut in two kinds of task, and a free worker always takes the most urgent
    one (issue 13): notebooks still to run, then the reports' PDFs (each laid out and
    written once, issue 30) and moving their folders into place. ``pdf_here`` (issue 30,
    one report): this process imports WeasyPrint while the notebook runs and lays the PDF
    out; ``ahead(result)`` starts work to do beside it and returns the function that
    waits for it (:func:`helpers.pack.documents.front_matter_ahead`)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from helpers.pack import engine

    owner = os.getpid()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=engine.start_worker,
                               mp_context=engine.pool_context())  # issue 13: warm fork
    queue = TaskQueue()
    for n in reports:
        queue.push("kjor", n, execute_one, infos[n], params, out_dir, data_dir, owner,
                   interaktiv)
    running: dict = {}
    try:
        while queue or running:
            while queue and len(running) < jobs:
                kind, name, fn, args = queue.pop()
                running[pool.submit(fn, *args)] = (kind, name)
            if pdf_here:
                engine.warm_layout()  # while the workers run the notebooks
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                kind, name = running.pop(fut)
                r = fut.result()
                if kind == "kjor" and r.ok and pdf_here:
                    if not queue and not running:  # the workers end while this lays out
                        pool.shutdown(wait=False)
                    front_ready = ahead(r) if ahead else lambda: None
                    try:
                        r = finish_one(infos[name], r, out_dir, interaktiv)
                    finally:
                        front_ready()
                elif kind == "kjor" and r.ok:
                    queue.push("pdf", name, finish_one, infos[name], r, out_dir, interaktiv,
                               size=len(r.body))
                    continue
                results.append(r)
                if on_done:
                    on_done(r)
    except BaseException:
        # Ctrl-C (or a crash): stop the workers now rather than let them finish.
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def build(reports: list[str], params: dict, out_dir: Path, data_dir: Path,
          jobs: int | None = None, on_done=None, on_wait=None,
          force: bool = False, interaktiv: bool = False,
          dato: str | None = None) -> list[BuildResult]:
    """Build the named reports (in parallel), merge key figures and write the manifest.

    The output folder is locked for the whole build (``on_wait`` is called if another build
    holds it). Leftovers of an interrupted build are recovered first. A report whose
    fingerprint is unchanged is reused and nothing of it is written, unless ``force``.
    Then the data are validated and the parameters checked against them; the caller handles
    :class:`helpers.data.DataError` and :class:`helpers.parametre.ParameterError`.
    ``dato``: the meeting or document date on the documents' covers (ISO; issue 28).
    """
    from helpers.data.load import load_data
    from helpers.pack import fingerprint
    from helpers.pack.parametre import ParameterError, check_against_data

    all_reports = list(reports)
    out_dir.mkdir(parents=True, exist_ok=True)
    # issue 21: a file with a header and no rows is missing data (here and in the kernels):
    # the reports that need it get a «mangler data» page, the others build as usual
    with output_lock(out_dir, on_wait), \
            settings.setting_env(settings.EMPTY_ENV, settings.EMPTY_AS_MISSING):
        recover(out_dir)
        # --interaktiv always rebuilds: the stored HTML may be the script-free one
        decisions = fingerprint.plan(all_reports, params, data_dir, out_dir,
                                     force=force or interaktiv)
        reused = [BuildResult(n, ok=True, reused=True) for n in all_reports
                  if not decisions[n].rebuild]
        for r in reused:
            if on_done:
                on_done(r)
        reports = [n for n in all_reports if decisions[n].rebuild]
        if not reports and dato == _read_manifest(out_dir).get("dokumentdato"):
            return reused
        started = time.perf_counter()
        built = datetime.now(UTC).isoformat(timespec="seconds")  # the documents' date
        from helpers.pack import engine  # issue 13: imports and engines before forking

        # one report: its PDF is laid out here, WeasyPrint imported while its notebook runs
        pdf_here = len(reports) == 1 and engine.selected_engine() is not None
        # issue 30: the data files are validated in a process of their own (which keeps
        # them in the tool's cache) while this one imports the libraries; a file with
        # errors is read again here, and its error raised here
        validated = engine.run_beside(lambda: load_data(data_dir))
        engine.warm_up(None, layout=not pdf_here)
        validated()
        data = load_data(data_dir)
        problems = check_against_data(params, data)
        if problems:
            raise ParameterError(problems)
        inputs = input_hashes(data_dir)
        validation_seconds = time.perf_counter() - started
        infos = available_reports()
        jobs = jobs or min(len(reports), os.cpu_count() or 1)
        results: list[BuildResult] = []
        try:
            # Always in worker processes, also one at a time: the notebook runner takes over
            # Ctrl-C in the process it runs in, so the main process keeps it for itself.
            from helpers.pack.documents import front_matter_ahead  # issue 30

            # the front matter on the core the report's PDF leaves idle (if there is one)
            ahead = pdf_here and (os.cpu_count() or 1) > 1 and front_matter_ahead(
                out_dir, _read_manifest(out_dir), [r.report for r in reused], data_dir,
                inputs, built, dato)
            _run_parallel(infos, reports, params, out_dir, data_dir, max(1, jobs), on_done,
                          results, interaktiv, pdf_here, ahead)
        except BaseException:
            recover(out_dir)  # our own temporary folders, and any folder moved aside
            if any(r.ok for r in results):  # record the reports that did replace theirs
                collect_outputs(out_dir, results, data_dir, started, validation_seconds,
                                inputs, dato=dato, built=built)
            raise
        order = {n: i for i, n in enumerate(all_reports)}
        results.sort(key=lambda r: order[r.report])
        if any(r.ok for r in results):  # issue 29: when all failed, the last build's
            collect_outputs(out_dir, results, data_dir, started,  # files stay as they were
                            validation_seconds, inputs, reused=[r.report for r in reused],
                            dato=dato, built=built)
        recover(out_dir)  # e.g. the folder of a document whose merge failed
    return sorted(results + reused, key=lambda r: order[r.report])


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Bruk kommandoen «hop build».")
