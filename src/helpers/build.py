"""The report runner behind ``hop build``.

For each report: execute the notebook with Papermill in a temporary folder, export HTML
and PDF inside this process (nbconvert and WeasyPrint APIs, no CLI per step), then swap
the folder into place. A failed or interrupted build leaves the earlier good output of
that report untouched. Independent reports run in parallel on the available cores.
Afterwards the key figures of every built report are merged into ``nokkeltall.csv`` and
a ``manifest.json`` records parameters, input checksums, package versions and timings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd

from .nokkeltall import COLUMNS, merge_key_figures

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
KEY_FIGURE_PARAM = "nokkeltall_ut"
PACKAGES = ["pandas", "pandera", "altair", "vl-convert-python", "papermill", "nbconvert",
            "nbformat", "ipykernel", "babel", "weasyprint", "pyyaml", "rich"]


@dataclass(frozen=True)
class ReportInfo:
    name: str
    title: str
    order: int
    notebook: Path


def available_reports(notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, ReportInfo]:
    """Every notebook in ``notebooks/`` that declares ``metadata.hop.title``, in order."""
    found = []
    for path in sorted(notebook_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        meta = nb.metadata.get("hop", {})
        if "title" in meta:
            found.append(ReportInfo(path.stem, meta["title"], int(meta.get("order", 99)), path))
    return {r.name: r for r in sorted(found, key=lambda r: (r.order, r.name))}


@dataclass
class BuildResult:
    report: str
    ok: bool
    seconds: dict[str, float] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    error: str = ""
    outputs: list[str] = field(default_factory=list)
    fingerprint: dict = field(default_factory=dict)  # issue 13: helpers.fingerprint
    reused: bool = False  # issue 13: unchanged since the last build, nothing written


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The notebook's parameters (name → papermill's inferred type, default, help)."""
    import papermill as pm

    return pm.inspect_notebook(str(notebook))


def _header(info: ReportInfo, params: dict, data_dir: Path, period: str = "") -> str:
    """Running header: municipality, report, period."""
    from .data import load_data
    from .kommuner import resolve

    kommune = str(params.get("kommune", ""))
    try:
        kommuner = load_data(data_dir, only=["kommuner"])["kommuner"]
        kommune = resolve(kommuner, kommune).visningsnavn if kommune else ""
    except Exception:  # noqa: BLE001 - the header must never stop a build
        pass
    year = params.get("budsjettaar")
    if not period and isinstance(year, int):
        period = f"{year}–{year + 3}"
    return " · ".join(p for p in (kommune, info.title, period) if p)


def _swap_into_place(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` so that a reader sees the old or the new, never half."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{os.getpid()}")
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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


def recover(out_dir: Path) -> None:
    """Tidy up after an interrupted build: put back a report folder that was moved aside
    but not replaced, and remove unfinished temporary folders."""
    if not out_dir.is_dir():
        return
    for old in out_dir.glob(".old-*"):
        name = old.name.removeprefix(".old-").rsplit("-", 1)[0]
        final = out_dir / name
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(final)
    for tmp in out_dir.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def build_one(info: ReportInfo, params: dict, out_dir: Path, data_dir: Path) -> BuildResult:
    """Execute, export and swap one report. Never raises: failures are in the result."""
    import papermill as pm

    from . import engine, fingerprint, reads
    from .export import declared_period, write_html, write_pdf

    result = BuildResult(info.name, ok=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{info.name}-", dir=out_dir))
    tmp.chmod(0o755)
    try:
        declared = declared_parameters(info.notebook)
        run_params = {k: v for k, v in params.items() if k in declared}
        if "data_dir" in declared:
            run_params["data_dir"] = str(data_dir)
        if KEY_FIGURE_PARAM in declared:
            run_params[KEY_FIGURE_PARAM] = str(tmp / "nokkeltall.csv")
        result.parameters = {k: v for k, v in run_params.items() if k != KEY_FIGURE_PARAM}
        executed = tmp / f"{info.name}.ipynb"
        t0 = time.perf_counter()
        log = tmp / "kjerne.log"
        reads_file = tmp / ".leste-filer.txt"  # issue 13: the data files the notebook read
        try:
            with _stderr_to(log), fingerprint.collecting_reads(reads_file):
                pm.execute_notebook(
                    str(info.notebook), str(executed), parameters=run_params,
                    kernel_name="python3", cwd=str(info.notebook.parent),
                    progress_bar=False, log_output=False, report_mode=False,
                    engine_name=engine.selected_engine(),  # issue 13: in-process cells
                )
        except pm.PapermillExecutionError as exc:
            cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
            msg = str(exc.evalue).strip().splitlines()
            result.error = (f"celle {cell} feilet: {exc.ename}: "
                            + ("\n    ".join(msg) if msg else ""))
            return result
        log.unlink(missing_ok=True)
        result.seconds["kjoring"] = time.perf_counter() - t0
        result.fingerprint = fingerprint.compute(  # issue 13
            info.notebook, result.parameters, reads.read_list(reads_file), data_dir)
        reads_file.unlink(missing_ok=True)

        t0 = time.perf_counter()
        nb = nbformat.read(executed, as_version=4)
        header = _header(info, {**{k: parse_default(v["default"]) for k, v in declared.items()},
                                **run_params},
                         data_dir, declared_period(nb))
        html_text = write_html(nb, tmp / f"{info.name}.html", title=f"{info.title} – {header}",
                               header=header)
        result.seconds["html"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_pdf(html_text, tmp / f"{info.name}.pdf", base_url=tmp)
        result.seconds["pdf"] = time.perf_counter() - t0
        result.outputs = sorted(p.name for p in tmp.iterdir())
        _swap_into_place(tmp, out_dir / info.name)
        result.ok = True
        return result
    except Exception as exc:  # noqa: BLE001 - reported to the user, build goes on
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def parse_default(text: str):
    """papermill's inspect gives defaults as source text; evaluate simple literals."""
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "mangler"
    return out


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def collect_outputs(out_dir: Path, results: list[BuildResult], data_dir: Path,
                    started: float, validation_seconds: float) -> None:
    """Merge key figures and write the manifest for the reports that built."""
    frames = []
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
        _atomic_write(total_path, merged[COLUMNS].to_csv(index=False))

    manifest_path = out_dir / "manifest.json"
    manifest = {}
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            manifest = {}
    reports = manifest.get("rapporter", {})
    for r in results:
        if r.ok:
            reports[r.report] = {"parametere": r.parameters, "sekunder": r.seconds,
                                 "filer": r.outputs, "fingerprint": r.fingerprint,
                                 "bygget": datetime.now(UTC).isoformat(timespec="seconds")}
    inputs = {p.name: sha256(p) for p in sorted(data_dir.glob("*.csv"))}
    manifest.update({
        "sist_bygget": datetime.now(UTC).isoformat(timespec="seconds"),
        "datamappe": str(data_dir),
        "inndata_sha256": inputs,
        "pakker": package_versions(),
        "maskin": {"plattform": platform.platform(), "kjerner": os.cpu_count()},
        "sekunder": {"validering": round(validation_seconds, 3),
                     "totalt": round(time.perf_counter() - started, 3)},
        "rapporter": reports,
    })
    _atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2,
                                            default=str))


def build(reports: list[str], params: dict, out_dir: Path, data_dir: Path,
          jobs: int | None = None, on_done=None, force: bool = False) -> list[BuildResult]:
    """Build the named reports (in parallel), merge key figures and write the manifest.

    Data are validated first; the caller handles :class:`helpers.data.DataError`.
    A report whose fingerprint is unchanged is reused unless ``force`` (issue 13).
    """
    from . import fingerprint
    from .data import load_data

    # issue 13: reuse the reports whose fingerprint is unchanged; write nothing for them
    all_reports = list(reports)
    decisions = fingerprint.plan(all_reports, params, data_dir, out_dir, force=force)
    reused = [BuildResult(n, ok=True, reused=True) for n in all_reports
              if not decisions[n].rebuild]
    for r in reused:
        if on_done:
            on_done(r)
    reports = [n for n in all_reports if decisions[n].rebuild]
    if not reports:
        return reused

    started = time.perf_counter()
    load_data(data_dir)
    recover(out_dir)
    validation_seconds = time.perf_counter() - started
    from . import engine  # issue 13: import once and start the engines before forking

    engine.warm_up(data_dir)
    infos = available_reports()
    jobs = jobs or min(len(reports), os.cpu_count() or 1)
    results: list[BuildResult] = []
    if jobs <= 1 or len(reports) <= 1:
        for name in reports:
            r = build_one(infos[name], params, out_dir, data_dir)
            results.append(r)
            if on_done:
                on_done(r)
    else:
        with ProcessPoolExecutor(max_workers=jobs,
                                 mp_context=engine.pool_context()) as pool:  # issue 13
            futures = {pool.submit(build_one, infos[n], params, out_dir, data_dir): n
                       for n in reports}
            for fut in as_completed(futures):
                r = fut.result()
                results.append(r)
                if on_done:
                    on_done(r)
    order = {n: i for i, n in enumerate(all_reports)}
    results.sort(key=lambda r: order[r.report])
    collect_outputs(out_dir, results, data_dir, started, validation_seconds)
    return sorted(results + reused, key=lambda r: order[r.report])  # issue 13


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Bruk kommandoen «hop build».")
