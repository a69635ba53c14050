"""The reports a project has: its notebooks, their declared parameters and defaults, and
the header each built page carries. Read by the runner, the appendix and ``hop list``.

A report is declared in two files of its own: its notebook (``metadata.hop``: title, order
in the appendix, the parameters that keep periods apart; the parameters cell) and its
package ``helpers.reports.<package>`` (``INPUTS``: the data files it reads,
:class:`helpers.data.inputs.ReportInputs`). :func:`available_reports` reads the first,
:func:`report_inputs` the second; nothing else lists the reports.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers import settings
from helpers.data.inputs import ReportInputs
from helpers.pack.cases import DEFAULT_CASE, EXAMPLE_TEXT, META_CASE, is_example

NOTEBOOK_DIR = settings.NOTEBOOK_DIR


@dataclass(frozen=True)
class ReportInfo:
    name: str
    title: str
    order: int
    notebook: Path
    # parameters naming the period a build covers (metadata.hop.keep_apart, e.g. aar and
    # tertial): a build never replaces a folder built for another period
    keep_apart: tuple[str, ...] = ()
    # the council document it belongs to (metadata.hop.case, helpers.pack.cases)
    case: str = DEFAULT_CASE


def available_reports(notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, ReportInfo]:
    """Every notebook in ``notebooks/`` that declares ``metadata.hop.title``, in order.

    Read again only when a notebook in the folder is added, removed or changed (its size
    and modification time): a build asks many times, once per report and step (issue 30:
    ten readings of every notebook while a pack's notebooks ran)."""
    paths = sorted(notebook_dir.glob("*.ipynb"))
    state = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        state.append((path, st.st_mtime_ns, st.st_size))
    return dict(_read_reports(tuple(state)))


@functools.lru_cache(maxsize=8)
def _read_reports(state: tuple) -> dict[str, ReportInfo]:
    found = []
    for path, _, _ in state:
        nb = nbformat.read(path, as_version=4)
        meta = nb.metadata.get(settings.NOTEBOOK_META, {})
        if settings.META_TITLE in meta:
            found.append(ReportInfo(
                path.stem, meta[settings.META_TITLE],
                int(meta.get(settings.META_ORDER, settings.DEFAULT_ORDER)), path,
                tuple(meta.get(settings.META_KEEP_APART, ())),
                str(meta.get(META_CASE) or DEFAULT_CASE)))
    return {r.name: r for r in sorted(found, key=lambda r: (r.order, r.name))}


def report_packages() -> list[str]:
    """Every report package (``helpers.reports.<name>``), by module name."""
    import helpers.reports

    return sorted(f"helpers.reports.{m.name}"
                  for m in pkgutil.iter_modules(helpers.reports.__path__) if m.ispkg)


def report_inputs(notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, ReportInputs]:
    """The data files each report reads, as its package declares them (``INPUTS``), keyed
    by report name, in the order of the appendix (:func:`available_reports`; a report with
    no notebook there comes last)."""
    found: dict[str, ReportInputs] = {}
    for name in report_packages():
        declared = getattr(importlib.import_module(name), "INPUTS", None)
        if isinstance(declared, ReportInputs):
            if declared.report in found:
                raise RuntimeError(f"Rapporten {declared.report} er deklarert to ganger")
            found[declared.report] = declared
    order = list(available_reports(notebook_dir))
    return dict(sorted(found.items(), key=lambda item: (
        order.index(item[0]) if item[0] in order else len(order), item[0])))


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The notebook's parameters (name → papermill's inferred type, default, help): read
    again only when the notebook changed (its size and modification time; issue 30: a
    build asked for every report's parameters several times, 0,02–0,04 s each)."""
    import copy

    st = Path(notebook).stat()
    return copy.deepcopy(_inspected(str(notebook), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=64)
def _inspected(notebook: str, mtime_ns: int, size: int) -> dict[str, dict]:
    import papermill as pm

    return pm.inspect_notebook(notebook)


def report_header(info: ReportInfo, params: dict, data_dir: Path, period: str = "") -> str:
    """Running header: municipality, report, period; first «Eksempel – oppdiktede tall»
    when the data folder declares invented figures (:mod:`helpers.pack.cases`)."""
    from helpers.data.kommuner import resolve
    from helpers.data.load import load_data

    kommune = str(params.get("kommune", ""))
    try:
        kommuner = load_data(data_dir, only=["kommuner"])["kommuner"]
        kommune = resolve(kommuner, kommune).visningsnavn if kommune else ""
    except Exception:  # noqa: BLE001 - the header must never stop a build
        pass
    year = params.get("budsjettaar")
    if not period and isinstance(year, int):
        period = settings.plan_period(year)
    example = EXAMPLE_TEXT if is_example(data_dir) else ""
    return " · ".join(p for p in (example, kommune, info.title, period) if p)


def period_clash(final: Path, info: ReportInfo, wanted: dict) -> str:
    """Why ``final`` must not be replaced: it holds this report built for another period
    (the ``keep_apart`` parameters differ). Empty when it may be replaced."""
    executed = final / f"{info.name}.ipynb"
    if not info.keep_apart or not executed.exists():
        return ""
    try:
        built = nbformat.read(executed, as_version=4).metadata.get("papermill", {}).get(
            "parameters", {})
    except Exception:  # noqa: BLE001 - unreadable: treat as another period
        built = {}
    if all(built.get(p) == wanted.get(p) for p in info.keep_apart):
        return ""

    def fmt(d: dict) -> str:
        return ", ".join(f"{p}={d.get(p, '?')}" for p in info.keep_apart)
    return (f"{final} har allerede rapporten for {fmt(built)}; denne byggingen gjelder "
            f"{fmt(wanted)}. Bygg hver periode til sin egen mappe (--out), eller flytt den "
            "gamle mappen først.")


def parse_default(text: str):
    """papermill's inspect gives defaults as source text; evaluate simple literals."""
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


DATA_FILES_DOC = settings.PROJECT_ROOT / "docs" / "bruk" / "datafiler.md"


def data_files_markdown() -> str:
    """``docs/bruk/datafiler.md``: every data file, what fills it and which reports read
    it, generated from the declarations (``scripts/generate_docs.py`` writes it; a test
    checks that the committed file is what this returns)."""
    from helpers.data.specs import documentation_table

    reads = {name: (needs.trenger, needs.bruker) for name, needs in report_inputs().items()}
    return (
        "# Datafilene\n\n"
        "<!-- Generert fra deklarasjonene med `python scripts/generate_docs.py`; "
        "ikke rediger for hånd. -->\n\n"
        "Hver fil i datamappen er deklarert én gang, i `src/helpers/data/specs/`: kolonner, "
        "typer, enhet og fortegn, nøkkel, hva som fyller filen og hva den inneholder. "
        "Hver rapport sier i sin pakke (`src/helpers/reports/<rapport>/__init__.py`, "
        "`INPUTS`) hvilke filer den trenger og hvilke den bruker når de finnes. Tabellen "
        "under er laget fra disse deklarasjonene.\n\n"
        + documentation_table(reads)
    )
