"""Per-report fingerprints: rebuild a report only when something that can change it changed.

A report's fingerprint is a sha256 over

- the notebook file,
- the effective parameters (those the notebook declares, as the runner passes them),
- the content of every data file the notebook read (:mod:`helpers.reads`; a folder it
  listed counts by its file names, a file it looked for and did not find counts as absent),
- the source of the helpers package (every file under ``src/helpers``), and
- the versions of the key packages.

``hop build`` records the parts and the hash per report in ``manifest.json``. Before it
starts anything it recomputes them from the recorded list of data files; a report whose
fingerprint is unchanged and whose output files are all there is reused and nothing is
written. This module imports only the standard library (and :mod:`helpers.settings` and
:mod:`helpers.data.reads`, which do too), so the check for an unchanged pack needs neither
pandas, Papermill nor WeasyPrint (``tests/unit/pack/test_light_path.py``).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import platform
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from helpers import settings
from helpers.data import reads

HELPERS_DIR = settings.HELPERS_DIR
NOTEBOOK_DIR = settings.NOTEBOOK_DIR
KEY_FIGURE_PARAM = settings.KEY_FIGURE_PARAM
# The packages whose version can change a report; the manifest records them too
# (helpers.pack.package_versions).
KEY_PACKAGES = ["pandas", "pandera", "altair", "vl-convert-python", "papermill", "nbconvert",
                "nbformat", "ipykernel", "babel", "weasyprint", "pyyaml", "rich"]
MANIFEST = settings.MANIFEST


# ---------------------------------------------------------------- the parts


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def input_digest(path: Path) -> str | None:
    """Content hash of a data file; a folder by its sorted file names; None if absent."""
    if path.is_file():
        return sha256_file(path)
    if path.is_dir():
        names = sorted(p.name for p in path.iterdir() if not p.name.startswith("."))
        return "mappe:" + hashlib.sha256("\n".join(names).encode()).hexdigest()
    return None


@lru_cache(maxsize=1)
def helpers_digest() -> str:
    """sha256 over the path and content of every source and template file of the package
    (:func:`helpers.data.reads.source_digest`)."""
    return reads.source_digest()


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in KEY_PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "mangler"
    return out


def parameter_names(notebook: Path) -> list[str]:
    """Names assigned in the notebook's ``parameters`` cell (read with ``ast``, no Papermill)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if settings.PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            source = cell["source"]
            source = "".join(source) if isinstance(source, list) else source
            names = []
            for node in ast.parse(source).body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    names.append(node.target.id)
                elif isinstance(node, ast.Assign):
                    names += [t.id for t in node.targets if isinstance(t, ast.Name)]
            return names
    return []


def effective_parameters(names: list[str], params: dict, data_dir: Path) -> dict:
    """The parameters the runner passes to a notebook that declares ``names`` (without the
    key-figure output path, which differs per build)."""
    out = {k: v for k, v in params.items() if k in names and k != KEY_FIGURE_PARAM}
    if "data_dir" in names:
        out["data_dir"] = str(data_dir)
    return out


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _data_key(path: str, data_dir: Path) -> str:
    """A read file's name in the manifest: relative to the data folder when inside it."""
    p = Path(path)
    with contextlib.suppress(ValueError):
        return p.resolve().relative_to(data_dir.resolve()).as_posix()
    return str(p)


def _data_path(key: str, data_dir: Path) -> Path:
    p = Path(key)
    return p if p.is_absolute() else data_dir / p


def compute(notebook: Path, parameters: dict, read_paths: list[str], data_dir: Path) -> dict:
    """The fingerprint of a report: its parts and their overall sha256 (``sha256``).

    The header of every report reads ``kommuner.csv``, so it always counts as read.
    """
    data_dir = Path(data_dir)
    keys = {_data_key(p, data_dir) for p in read_paths} | {"kommuner.csv"}
    parts = {
        "notatbok": sha256_file(notebook),
        "parametere": json.loads(_canonical(parameters)),
        "datafiler": {k: input_digest(_data_path(k, data_dir)) for k in sorted(keys)},
        "hjelpekode": helpers_digest(),
        "pakker": package_versions(),
    }
    return {"sha256": hashlib.sha256(_canonical(parts).encode()).hexdigest(), **parts}


@contextlib.contextmanager
def collecting_reads(path: Path):
    """While a notebook runs: note the data files it reads in ``path`` (kernel or not)."""
    with settings.setting_env(settings.READS_ENV, str(path)):
        reads.reset()
        yield


# ---------------------------------------------------------------- deciding what to build


@dataclass(frozen=True)
class ReportNotebook:
    name: str
    title: str
    order: int
    notebook: Path


def discover(notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, ReportNotebook]:
    """Same reports, same order as :func:`helpers.pack.available_reports`, read as JSON."""
    found = []
    for path in sorted(notebook_dir.glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(
            settings.NOTEBOOK_META, {})
        if settings.META_TITLE in meta:
            found.append(ReportNotebook(
                path.stem, meta[settings.META_TITLE],
                int(meta.get(settings.META_ORDER, settings.DEFAULT_ORDER)), path))
    return {r.name: r for r in sorted(found, key=lambda r: (r.order, r.name))}


@dataclass
class Decision:
    report: str
    rebuild: bool
    reasons: list[str] = field(default_factory=list)


def read_manifest(out_dir: Path) -> dict:
    path = Path(out_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


_DEFAULT = object()


def _fmt(value) -> str:
    return "standardverdien" if value is _DEFAULT else json.dumps(value, ensure_ascii=False)


def differences(old: dict, new: dict) -> list[str]:
    """What changed between two fingerprints, in bokmål (empty when they are equal)."""
    why = []
    if old.get("notatbok") != new["notatbok"]:
        why.append("notatboken er endret")
    op, np_ = old.get("parametere", {}), new["parametere"]
    for k in sorted(set(op) | set(np_)):
        if op.get(k, _DEFAULT) != np_.get(k, _DEFAULT):
            why.append(f"parameteren {k} er endret ({_fmt(op.get(k, _DEFAULT))} → "
                       f"{_fmt(np_.get(k, _DEFAULT))})")
    od, nd = old.get("datafiler", {}), new["datafiler"]
    for k in sorted(set(od) | set(nd)):
        if od.get(k) == nd.get(k):
            continue
        if str(od.get(k) or nd.get(k)).startswith("mappe:"):
            why.append(f"filene i mappen {k} er endret")
        elif od.get(k) is None:
            why.append(f"datafilen {k} er ny")
        elif nd.get(k) is None:
            why.append(f"datafilen {k} er fjernet")
        else:
            why.append(f"datafilen {k} er endret")
    if old.get("hjelpekode") != new["hjelpekode"]:
        why.append("koden i src/helpers er endret")
    opk, npk = old.get("pakker", {}), new["pakker"]
    changed = [f"{k} {opk.get(k, '–')} → {npk.get(k, '–')}" for k in sorted(set(opk) | set(npk))
               if opk.get(k) != npk.get(k)]
    if changed:
        why.append("pakkeversjoner er endret: " + ", ".join(changed))
    if not why and old.get("sha256") != new["sha256"]:
        why.append("fingeravtrykket er endret")
    return why


def decide(info: ReportNotebook, params: dict, data_dir: Path, out_dir: Path,
           manifest: dict, force: bool = False) -> Decision:
    """Rebuild or reuse one report, and why."""
    given_data_dir = Path(data_dir)  # as the runner passes it to the notebook
    data_dir, out_dir = given_data_dir.resolve(), Path(out_dir).resolve()
    if force:
        return Decision(info.name, True, ["--force er gitt"])
    entry = manifest.get("rapporter", {}).get(info.name)
    if not entry:
        return Decision(info.name, True, ["ikke bygget før i denne mappen"])
    old = entry.get("fingerprint")
    if not old:
        return Decision(info.name, True, ["forrige bygging har ikke fingeravtrykk"])
    missing = [f for f in entry.get("filer", []) if not (out_dir / info.name / f).exists()]
    if not entry.get("filer") or not (out_dir / info.name).is_dir():
        missing = missing or ["rapportmappen"]
    params_eff = effective_parameters(parameter_names(info.notebook), params, given_data_dir)
    new = compute(info.notebook, params_eff,
                  [str(_data_path(k, data_dir)) for k in old.get("datafiler", {})], data_dir)
    why = differences(old, new)
    if missing:
        why.append("mangler i utdata: " + ", ".join(missing))
    return Decision(info.name, bool(why), why)


def plan(names: list[str], params: dict, data_dir: Path, out_dir: Path,
         force: bool = False, notebook_dir: Path = NOTEBOOK_DIR) -> dict[str, Decision]:
    """A decision for each named report (all known reports if ``names`` is empty)."""
    infos = discover(notebook_dir)
    manifest = read_manifest(out_dir)
    return {n: decide(infos[n], params, data_dir, out_dir, manifest, force)
            for n in (names or list(infos))}


def unchanged_pack(names: list[str], params: dict, data_dir: Path, out_dir: Path
                   ) -> list[str] | None:
    """The fast path of ``hop build``: the reports, when every one of them can be reused;
    None when anything must be built or the request needs the full checks (an unknown
    report or parameter)."""
    infos = discover()
    names = names or list(infos)
    if any(n not in infos for n in names):
        return None
    declared = set()
    for n in names:
        declared |= set(parameter_names(infos[n].notebook))
    if set(params) - declared:
        return None
    manifest = read_manifest(out_dir)
    if not manifest:
        return None
    for n in names:
        if decide(infos[n], params, data_dir, out_dir, manifest).rebuild:
            return None
    return names


def describe(decisions: dict[str, Decision]) -> str:
    """``hop build --dry-run``: what would be rebuilt and why, in bokmål."""
    todo = [d for d in decisions.values() if d.rebuild]
    keep = [d.report for d in decisions.values() if not d.rebuild]
    lines = []
    if todo:
        lines.append(f"Ville bygget {len(todo)} av {len(decisions)} rapport(er):")
        for d in todo:
            lines.append(f"  {d.report}: " + "; ".join(d.reasons))
    else:
        lines.append(f"Ingen av de {len(decisions)} rapportene trenger å bygges på nytt.")
    if keep:
        lines.append("Uendret, gjenbrukes: " + ", ".join(keep))
    return "\n".join(lines)
