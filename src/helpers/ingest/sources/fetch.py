"""``hop hent``: fetch public figures and merge them into the data folder's CSV files.

Two steps, so nothing is written unless everything worked:

1. :func:`collect` asks the public sources (:mod:`.registry`: SSB, Miljødirektoratet …),
   or the one that reads a file saved by hand, for their rows *in memory*, merges the new
   rows with the files already in the folder and lists every figure that changes. Any
   error stops here, before a byte is written.
2. :func:`apply` writes each file beside the old one and swaps it in (``os.replace``), and
   stores the raw responses with their queries under ``kilder/`` (dated).

``--dry-run`` is step 1 only. Merging: a fetched figure replaces the row with the same key
(a KOSTRA revision in June changes the value and the ``kilde``); rows the fetch does not
cover (figures typed from a budget document, other years) stay as they are; a figure SSB
marks as missing never removes or zeroes a figure already in the file. A source may say
which old rows a fetched slice replaces (``Source.drop_in_slice``): for
``klima_utslipp.csv`` the old «Totalt» row of a fetched municipality-year is dropped (the
report sums the sectors), since it would no longer agree with the new sector figures. Each
file's key and header come from its declaration (:func:`file_format`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.data.specs import all_specs

from .registry import HentError, Municipalities, Request, Rows, Source, all_sources
from .registry import source_for_file as _source_for_file

__all__ = ["Change", "Collected", "FileUpdate", "HentError", "Municipalities", "apply",
           "collect", "file_format", "merge", "read_kommuner"]


def file_format(name: str) -> tuple[tuple[str, ...], str, list[str]]:
    """Key columns, value column and header (for a file that does not exist yet) of the
    data file ``name``, from its declaration. The value column is the last column outside
    the key that holds a number (``verdi``, ``folketall``)."""
    spec = next(s for s in all_specs().values() if s.name == name)
    values = [c for c, col in spec.columns.items()
              if c not in spec.key and col.kind in ("int", "float")]
    return spec.key, values[-1], list(spec.columns)


def _drop_in_slice(name: str) -> tuple[tuple[str, ...], tuple[str, str | None]]:
    for source in all_sources().values():
        if name in source.drop_in_slice:
            return source.drop_in_slice[name]
    return (), ("", None)


@dataclass
class Change:
    file: str
    key: tuple[str, ...]
    old: str | None  # None: a new figure
    new: str | None  # None: removed (only where a slice is replaced)


@dataclass
class FileUpdate:
    name: str
    header: list[str]
    rows: list[dict[str, str]]
    changes: list[Change]
    unchanged: int
    newline: str = "\n"


@dataclass
class Collected:
    """Everything a fetch produced, not yet written."""

    updates: dict[str, FileUpdate]
    raws: list[Callable[[Path], list[Path]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Parts a source left out (one table among six), with why; the rest is merged.
    failures: list[str] = field(default_factory=list)


def read_kommuner(data_dir: Path, subject: str | None = None) -> Municipalities:
    """Subject, peers and comparison groups from ``kommuner.csv``."""
    path = data_dir / "kommuner.csv"
    if not path.exists():
        raise HentError(f"fant ikke {path}. Lag datamappen først (hop ny KOMMUNE --mappe "
                       f"{data_dir}), eller gi riktig mappe med --data.")
    rows = _read_csv(path)[1]
    kommuner = [r["kommunenummer"] for r in rows if r.get("type") == "kommune"]
    groups = [r["kommunenummer"] for r in rows if r.get("type") != "kommune"]
    if not kommuner:
        raise HentError(f"{path} har ingen rad med type «kommune».")
    if subject:
        if subject not in kommuner:
            raise HentError(f"kommunen {subject} står ikke i {path}.")
        kommuner = [subject] + [k for k in kommuner if k != subject]
    return Municipalities(kommuner[0], kommuner, groups)


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [dict(r) for r in reader]


def _same(old: str, new: str) -> bool:
    try:
        return abs(float(old) - float(new)) < 1e-9
    except ValueError:
        return old == new


def merge(data_dir: Path, name: str, new_rows: Sequence[dict[str, str]]) -> FileUpdate:
    """The file ``name`` with ``new_rows`` merged in, and the figures that change."""
    key_cols, value_col, default_header = file_format(name)
    path = data_dir / name
    header, old_rows = _read_csv(path) if path.exists() else (list(default_header), [])
    newline = "\r\n" if path.exists() and b"\r\n" in path.read_bytes()[:4096] else "\n"
    for col in default_header:
        if col not in header:
            raise HentError(f"{path} mangler kolonnen «{col}»; kan ikke flette inn hentede tall.")

    def key(r):
        return tuple(r.get(c, "") for c in key_cols)

    fresh = {key(r): r for r in new_rows}
    changes: list[Change] = []
    slice_cols, (drop_col, drop_value) = _drop_in_slice(name)
    slices = {tuple(r[c] for c in slice_cols) for r in new_rows} if slice_cols else set()
    merged: list[dict[str, str]] = []
    unchanged = 0
    for r in old_rows:
        k = key(r)
        if k in fresh:
            n = fresh.pop(k)
            if _same(r[value_col], n[value_col]):
                unchanged += 1
            else:
                changes.append(Change(name, k, r[value_col], n[value_col]))
            merged.append({c: n.get(c, r.get(c, "")) for c in header})
        elif (slice_cols and r.get(drop_col) == drop_value
              and tuple(r[c] for c in slice_cols) in slices):
            changes.append(Change(name, k, r[value_col], None))
        else:
            merged.append(r)
    for k, n in fresh.items():
        changes.append(Change(name, k, None, n[value_col]))
        merged.append({c: n.get(c, "") for c in header})
    return FileUpdate(name, header, merged, changes, unchanged, newline)


def collect(
    data_dir: Path | str,
    what: str = "alt",
    *,
    years: Sequence[int] | None = None,
    client: Any = None,
    miljo_transport: Callable | None = None,
    date: _dt.date | None = None,
    subject: str | None = None,
    from_file: Path | str | None = None,
    table: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Collected:
    """Fetch from the source ``what`` (a name in :func:`.registry.all_sources`, or
    ``"alt"``: every source), or read ``from_file`` with the source that takes it, and merge
    in memory. Raises on any error. ``options``: a client or transport per source name
    (``client`` and ``miljo_transport`` are those of ``ssb`` and ``miljo``)."""
    data_dir = Path(data_dir)
    date = date or _dt.date.today()
    mun = read_kommuner(data_dir, subject)
    given = {"ssb": client, "miljo": miljo_transport, **(options or {})}
    rows: Rows = {}
    out = Collected({})

    def run(source: Source, call: Callable[[Request], Rows]) -> None:
        req = Request(data_dir, mun, years, date, given.get(source.name))
        produced = call(req)
        out.raws.extend(req.raws)
        out.notes.extend(req.notes)
        out.failures.extend(req.failures)
        for fname, rs in produced.items():
            rows.setdefault(fname, []).extend(rs)

    if from_file is not None:
        path = Path(from_file)
        source = _source_for_file(path, what)
        run(source, lambda req: source.read_file(path, table, req))
    else:
        for name, source in all_sources().items():
            if what in (name, "alt"):
                run(source, source.fetch)
    for fname in sorted(rows):
        out.updates[fname] = merge(data_dir, fname, rows[fname])
    return out


def _write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]],
               newline: str = "\n") -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator=newline)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: r.get(c, "") for c in header})
    path.write_bytes(buf.getvalue().encode("utf-8"))


def apply(collected: Collected, data_dir: Path | str) -> list[Path]:
    """Write the merged files (beside, then swap) and the raw responses. Returns the paths."""
    data_dir = Path(data_dir)
    written: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for upd in collected.updates.values():
            target = data_dir / upd.name
            tmp = target.with_name(f".{target.name}.hent-ny")
            _write_csv(tmp, upd.header, upd.rows, upd.newline)  # complete beside the old file first
            staged.append((tmp, target))
        # The raw responses the new rows' «kilde» points to are stored before any swap.
        for save in collected.raws:
            written.extend(save(data_dir))
        for tmp, target in staged:
            os.replace(tmp, target)
            written.append(target)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return written
