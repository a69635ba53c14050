"""``hop build --mapper MAPPE``: build every data folder of a set, one task per folder.

A set is what ``hop hent --kommuner SPEC --gruppe MAPPE`` makes (see
:mod:`helpers.pack.commands.hent_many`): one data folder per municipality and the overview
folder ``oversikt/``. Each folder is one task (:func:`build_folder`): the runner's own
:func:`helpers.pack.runner.build` with the folder's ``parametre.yaml``, writing to
``OUT/<folder>/``, exactly as ``hop build --data FOLDER --params FOLDER/parametre.yaml
--out OUT/FOLDER`` would, so the files are the same as one-by-one builds.

The tasks run on a local process pool (:func:`run_local`, the default) or on a Dask
distributed cluster (:func:`run_dask`: a scheduler address, or a ``distributed.Client``).
A task never raises: a folder that fails (bad data, a crash) is a :class:`FolderResult`
with the reason, and the other folders go on.

By default a municipality's folder builds the *public-data reports* (:func:`public_reports`:
those whose required files all come from ``hop ny`` and ``hop hent``); the overview folder
builds the overview report when the installed package has one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The overview folder of a set (the same name as :data:`commands.hent_many.OVERVIEW`).
OVERVIEW = "oversikt"
#: The overview report's name, built for the overview folder when it exists.
OVERVIEW_REPORT = "oversikt"
#: Environment variable with a Dask scheduler address (``--dask`` wins).
DASK_ENV = "HOP_DASK"

# One build at a time per process: the runner sets process-wide environment variables and
# locks the output folder; threads of one Dask worker would share them.
_ONE_AT_A_TIME = threading.Lock()


@dataclass
class Task:
    """One folder to build."""

    folder: Path
    reports: list[str]
    params: dict
    out_dir: Path
    force: bool = False


@dataclass
class FolderResult:
    """What one folder's build gave (picklable: it comes back from another process)."""

    folder: str
    ok: bool = False
    built: list[str] = field(default_factory=list)
    #: report → what it lacks (bokmål notes, «mangler data»)
    lacking: dict[str, list[str]] = field(default_factory=dict)
    #: report → why it failed
    failed: dict[str, str] = field(default_factory=dict)
    #: why the whole folder failed (data that do not validate, a crash), "" otherwise
    error: str = ""
    appendix_error: str = ""
    seconds: float = 0.0
    where: str = ""

    def line(self) -> str:
        """One line for the terminal (bokmål)."""
        from helpers.presentation.formatting import fmt_number

        secs = f"{fmt_number(self.seconds, 1)} s"
        if self.error:
            lines = self.error.splitlines()
            more = f"\n  … og {len(lines) - 4} linjer til" if len(lines) > 4 else ""
            return f"✗ {self.folder} ({secs}): feilet – " + "\n  ".join(lines[:4]) + more
        parts = [f"bygget {', '.join(self.built)}" if self.built else "ingen rapport bygget"]
        if self.lacking:
            parts.append(f"mangler data: {', '.join(self.lacking)}")
        if self.failed:
            parts.append("feilet: " + "; ".join(f"{r} ({e.splitlines()[0] if e else '?'})"
                                                 for r, e in self.failed.items()))
        if self.appendix_error:
            parts.append(f"vedlegget ble ikke laget ({self.appendix_error})")
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.folder} ({secs}): " + "; ".join(parts)


def data_folders(root: Path) -> list[Path]:
    """The data folders of a set: each subfolder with a ``kommuner.csv``, in name order,
    the overview folder last."""
    found = sorted(p for p in Path(root).iterdir()
                   if p.is_dir() and (p / "kommuner.csv").is_file())
    return sorted(found, key=lambda p: p.name == OVERVIEW)


def public_reports() -> list[str]:
    """The reports that need nothing but public data (their required files are filled by
    ``hop ny`` and ``hop hent``), in catalogue order."""
    from helpers.data.specs import MILJO, NY, SSB, all_specs
    from helpers.pack.catalogue import report_inputs

    specs = all_specs()
    return [name for name, ri in report_inputs().items()
            if name != OVERVIEW_REPORT and ri.trenger
            and all(specs[s].source in (SSB, MILJO, NY) for s in ri.trenger)]


def folder_params(folder: Path) -> dict:
    """The folder's ``parametre.yaml`` (as ``hop ny`` writes it), or {}."""
    import yaml

    path = folder / "parametre.yaml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(loaded) if isinstance(loaded, dict) else {}


def plan(root: Path, out_root: Path, reports: Sequence[str] | None = None,
         overrides: dict | None = None, force: bool = False) -> tuple[list[Task], list[str]]:
    """A task per data folder of ``root``, and notes for the terminal. ``reports``: for the
    municipalities' folders (default: :func:`public_reports`)."""
    from helpers.pack.catalogue import available_reports

    known = available_reports()
    chosen = list(reports) if reports else public_reports()
    tasks: list[Task] = []
    notes: list[str] = []
    for folder in data_folders(root):
        if folder.name == OVERVIEW:
            if OVERVIEW_REPORT not in known:
                notes.append(f"{folder.name}: oversiktsrapporten finnes ikke i denne utgaven "
                             "av hop; mappen er hoppet over.")
                continue
            names = [OVERVIEW_REPORT]
        else:
            names = chosen
        params = {**folder_params(folder), **(overrides or {})}
        tasks.append(Task(folder, names, params, Path(out_root) / folder.name, force))
    return tasks, notes


def build_folder(task: Task) -> FolderResult:
    """Build one folder's reports (never raises: a failure is in the result)."""
    import json
    import os
    import socket
    import traceback

    from helpers import settings

    result = FolderResult(task.folder.name, where=f"{socket.gethostname()}:{os.getpid()}")
    t0 = time.perf_counter()
    with _ONE_AT_A_TIME:
        try:
            from helpers.data.load import DataError
            from helpers.pack.parametre import ParameterError
            from helpers.pack.runner import build

            try:
                results = build(list(task.reports), dict(task.params), task.out_dir,
                                task.folder, jobs=1, force=task.force)
            except (DataError, ParameterError) as err:
                result.error = err.message()
                return result
            for r in results:
                if not r.ok:
                    result.failed[r.report] = r.error or "ukjent feil"
                elif r.missing:
                    result.lacking[r.report] = [n.removeprefix("Mangler data: ")
                                                for n in r.notes[1:]] or list(r.missing)
                else:
                    result.built.append(r.report)
            try:
                manifest = json.loads((task.out_dir / settings.MANIFEST)
                                      .read_text(encoding="utf-8"))
                result.appendix_error = str(manifest.get("vedlegg", {}).get("feil", ""))
            except (OSError, ValueError):
                pass
            result.ok = not result.failed and not result.appendix_error
        except Exception as exc:  # one folder never stops the others
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            result.error = f"uventet feil: {last}"
        finally:
            result.seconds = time.perf_counter() - t0
    return result


def run_local(tasks: Sequence[Task], workers: int | None = None,
              on_done: Callable[[FolderResult], None] | None = None) -> list[FolderResult]:
    """The tasks on a local process pool of ``workers`` processes (default: the number of
    cores), in the order they finish; returned in the tasks' order."""
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from helpers.pack import engine

    workers = max(1, min(len(tasks) or 1, workers or os.cpu_count() or 1))
    results: dict[str, FolderResult] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=engine.pool_context()) as pool:
        futures = {pool.submit(build_folder, t): t for t in tasks}
        for fut in as_completed(futures):
            t = futures[fut]
            exc = fut.exception()
            r = fut.result() if exc is None else FolderResult(
                t.folder.name, error=f"arbeidsprosessen stoppet: {exc}")
            results[t.folder.name] = r
            if on_done:
                on_done(r)
    return [results[t.folder.name] for t in tasks]


def run_dask(tasks: Sequence[Task], scheduler, on_done: Callable[[FolderResult], None]
             | None = None) -> list[FolderResult]:
    """The tasks on a Dask distributed cluster, one task per folder. ``scheduler``: an
    address (``tcp://host:8786``) or a ``distributed.Client``. The workers must see the
    folders at the same paths (a shared disk) and have hop installed."""
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        futures = {client.submit(build_folder, t, key=f"hop-build-{t.folder.name}-"
                                 f"{time.time_ns()}", pure=False): t for t in tasks}
        results: dict[str, FolderResult] = {}
        for fut in as_completed(list(futures)):
            t = futures[fut]
            try:
                r = fut.result()
            except Exception as exc:  # the worker died or the task could not run
                r = FolderResult(t.folder.name, error=f"Dask-oppgaven feilet: {exc}")
            results[t.folder.name] = r
            if on_done:
                on_done(r)
        return [results[t.folder.name] for t in tasks]
    finally:
        if own:
            client.close()


def summary(results: Iterable[FolderResult]) -> list[str]:
    """The closing lines for the terminal (bokmål)."""
    results = list(results)
    ok = [r for r in results if r.ok]
    lacking = sorted({rep for r in results for rep in r.lacking})
    lines = [f"{len(ok)} av {len(results)} mapper bygget uten feil."]
    if lacking:
        counts = {rep: sum(rep in r.lacking for r in results) for rep in lacking}
        lines.append("Mangler data: " + ", ".join(f"{rep} i {n} mapper"
                                                  for rep, n in counts.items()) + ".")
    for r in results:
        if not r.ok:
            lines.append(r.line())
    return lines


def add_build_options(b) -> None:
    """The options of ``hop build`` for a set of folders."""
    b.add_argument("--mapper", "--gruppe", dest="mapper", default=None, metavar="MAPPE",
                   help="bygg hver datamappe i MAPPE (fra hop hent --kommuner … --gruppe "
                        "MAPPE): kommunenes offentlige rapporter og oversikten, til "
                        "--out MAPPE (standard: MAPPE/rapporter/)")
    b.add_argument("--dask", default=None, metavar="ADRESSE",
                   help="med --mapper: bygg på en Dask-klynge (planleggerens adresse, "
                        f"f.eks. tcp://server:8786; eller miljøvariabelen {DASK_ENV}); "
                        "standard er prosessene på denne maskinen (--jobs)")


def cmd_build_many(args, overrides: dict) -> int:
    """``hop build --mapper MAPPE``: every folder, a line as each finishes, a summary; exit
    code 0 only when every folder was built without failure."""
    import os

    from rich.console import Console

    from helpers.pack.catalogue import available_reports
    from helpers.presentation.formatting import fmt_number

    console = Console(highlight=False, soft_wrap=True)
    root = Path(args.mapper)
    if not root.is_dir():
        console.print(f"[red]Feil:[/] fant ikke mappen {root}.")
        return 2
    known = available_reports()
    unknown = [n for n in args.rapporter if n not in known]
    if unknown:
        console.print(f"[red]Ukjent rapport:[/] {', '.join(unknown)}. Kjente rapporter: "
                      f"{', '.join(known)}")
        return 2
    out_root = Path(args.out) if args.out else root / "rapporter"
    tasks, notes = plan(root, out_root, args.rapporter, overrides, args.force)
    for note in notes:
        console.print(f"[yellow]Merk:[/] {note}", markup=True)
    if not tasks:
        console.print(f"[red]Feil:[/] ingen datamapper (med kommuner.csv) i {root}; lag dem "
                      "med «hop hent --kommuner … --gruppe MAPPE».")
        return 2
    address = args.dask or os.environ.get(DASK_ENV) or None
    where = (f"Dask-klyngen {address}" if address else
             f"{max(1, min(len(tasks), args.jobs or os.cpu_count() or 1))} prosesser")
    console.print(f"Bygger {len(tasks)} mapper fra {root} til {out_root} på {where}.")
    count = {"n": 0}

    def on_done(r: FolderResult) -> None:
        count["n"] += 1
        console.print(f"[{count['n']}/{len(tasks)}] {r.line()}", markup=False)

    t0 = time.perf_counter()
    results = (run_dask(tasks, address, on_done) if address
               else run_local(tasks, args.jobs, on_done))
    elapsed = time.perf_counter() - t0
    for line in summary(results):
        console.print(line, markup=False)
    console.print(f"Ferdig på {fmt_number(elapsed, 1)} s.")
    return 0 if all(r.ok for r in results) else 1
