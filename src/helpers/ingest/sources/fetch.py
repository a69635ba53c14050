"""``hop hent``: fetch public figures and merge them into the data folder's CSV files.

Two steps, so nothing is written unless everything worked:

1. :func:`collect` queries SSB (and/or reads Miljødirektoratet's workbook), decodes and
   transforms every table *in memory*, merges the new rows with the files already in the
   folder and lists every figure that changes. Any error stops here, before a byte is
   written.
2. :func:`apply` writes each file beside the old one and swaps it in (``os.replace``), and
   stores the raw responses with their queries under ``kilder/`` (dated).

``--dry-run`` is step 1 only. Merging: a fetched figure replaces the row with the same key
(a KOSTRA revision in June changes the value and the ``kilde``); rows the fetch does not
cover (figures typed from a budget document, other years) stay as they are; a figure SSB
marks as missing never removes or zeroes a figure already in the file. For
``klima_utslipp.csv`` the old «Totalt» row of a fetched municipality-year is dropped (the
report sums the sectors), since it would no longer agree with the new sector figures.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import miljo
from .befolkning import BEFOLKNING_JOBS, DEFAULT_AGE_GROUPS
from .csvfile import decode_coded_csv
from .jsonstat import SsbError, decode
from .ssb import USER_AGENT, FetchResult, SsbClient, save_raw, urllib_transport
from .tables import KOSTRA_JOBS, Context, TableJob, check_labels

JOBS: tuple[TableJob, ...] = KOSTRA_JOBS + BEFOLKNING_JOBS

#: Key and value column, and the header for a file that does not exist yet.
FILES = {
    "kostra.csv": (("kommunenummer", "aar", "indikator", "dimensjon"), "verdi",
                   ["kommunenummer", "aar", "indikator", "dimensjon", "verdi", "enhet", "kilde"]),
    "folketall.csv": (("kommunenummer", "aar"), "folketall",
                      ["kommunenummer", "aar", "folketall", "datatype", "kilde"]),
    "befolkning_endringer.csv": (("kommunenummer", "aar", "komponent"), "verdi",
                                 ["kommunenummer", "aar", "til_kvartal", "komponent", "verdi",
                                  "datatype", "kilde"]),
    "befolkning_framskrivning.csv": (
        ("kommunenummer", "alternativ", "aar", "aldersgruppe"), "verdi",
        ["kommunenummer", "alternativ", "aar", "aldersgruppe", "alder_fra", "alder_til",
         "aldersgruppe_navn", "verdi", "datatype", "kilde"]),
    "klima_utslipp.csv": (("kommunenummer", "aar", "sektor", "utslippskilde"), "verdi",
                          ["kommunenummer", "aar", "sektor", "utslippskilde", "verdi",
                           "datatype", "kilde"]),
}
#: Rows dropped from a fetched slice (kommune, år): Miljødirektoratet's workbook has no
#: total, and an old «Totalt» beside new sector figures would no longer add up.
DROP_IN_SLICE = {"klima_utslipp.csv": (("kommunenummer", "aar"), ("sektor", "Totalt"))}


class HentError(SsbError):
    """A problem with the data folder rather than with a source (message in bokmål)."""

    def __str__(self) -> str:
        return self.melding


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


@dataclass
class Municipalities:
    subject: str
    kommuner: list[str]
    groups: list[str]


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


def _age_groups(data_dir: Path, subject: str) -> tuple:
    path = data_dir / "befolkning_framskrivning.csv"
    if not path.exists():
        return DEFAULT_AGE_GROUPS
    seen: dict[str, tuple] = {}
    for r in _read_csv(path)[1]:
        if r["kommunenummer"] == subject and r["aldersgruppe"] not in seen:
            hi = r["alder_til"].strip()
            seen[r["aldersgruppe"]] = (r["aldersgruppe"], int(r["alder_fra"]),
                                       int(hi) if hi else None, r["aldersgruppe_navn"])
    return tuple(seen.values()) or DEFAULT_AGE_GROUPS


def _same(old: str, new: str) -> bool:
    try:
        return abs(float(old) - float(new)) < 1e-9
    except ValueError:
        return old == new


def merge(data_dir: Path, name: str, new_rows: Sequence[dict[str, str]]) -> FileUpdate:
    """The file ``name`` with ``new_rows`` merged in, and the figures that change."""
    key_cols, value_col, default_header = FILES[name]
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
    slice_cols, (drop_col, drop_value) = DROP_IN_SLICE.get(name, ((), ("", None)))
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


def _ssb_raw_saver(result: FetchResult, date: _dt.date) -> Callable[[Path], list[Path]]:
    return lambda folder: save_raw(folder, result, date=date)


def _raw_name(table: str, date: _dt.date, parts: int) -> str:
    stem = f"kilder/ssb/{table}-{date.isoformat()}"
    return f"rådata {stem}.json" if parts == 1 else f"rådata {stem}-del1…{parts}.json"


def collect(
    data_dir: Path | str,
    what: str = "alt",
    *,
    years: Sequence[int] | None = None,
    client: SsbClient | None = None,
    miljo_transport: Callable | None = None,
    date: _dt.date | None = None,
    subject: str | None = None,
    from_file: Path | str | None = None,
    table: str | None = None,
) -> Collected:
    """Fetch (or read ``from_file``) and merge in memory. Raises on any error."""
    data_dir = Path(data_dir)
    date = date or _dt.date.today()
    mun = read_kommuner(data_dir, subject)
    rows: dict[str, list[dict[str, str]]] = {}
    out = Collected({})
    ctx_base = {"date": date.isoformat(), "subject": mun.subject,
                "age_groups": _age_groups(data_dir, mun.subject)}

    def add(produced: dict[str, list[dict[str, str]]]) -> None:
        for fname, rs in produced.items():
            rows.setdefault(fname, []).extend(rs)

    if from_file is not None:
        path = Path(from_file)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise HentError(f"kan ikke lese {path}: {exc.strerror or exc}") from None
            add(_miljo_rows(raw, mun, years, date, out, source=str(path)))
        else:
            add(_from_file(path, table, mun, years, ctx_base, date, out))
    else:
        if what in ("ssb", "alt"):
            client = client or SsbClient()
            for job in JOBS:
                sel = job.selection(mun.kommuner, mun.groups, years)
                result = client.fetch(job.table, sel)
                ctx = Context(kilde_suffix=_raw_name(job.table, date, len(result.raw)),
                              **ctx_base)
                check_labels(result.frame, job)
                add(job.transform(result.frame, ctx))
                out.raws.append(_ssb_raw_saver(result, date))
        if what in ("miljo", "alt"):
            raw, url = miljo.download(miljo_transport or urllib_transport,
                                      headers={"User-Agent": USER_AGENT})
            add(_miljo_rows(raw, mun, years, date, out, source=url))
    for fname in sorted(rows):
        out.updates[fname] = merge(data_dir, fname, rows[fname])
    return out


def _miljo_rows(raw: bytes, mun: Municipalities, years, date, out: Collected, *,
                source: str) -> dict[str, list[dict[str, str]]]:
    name = f"kilder/miljo/utslippsstatistikk_alle_kommuner-{date.isoformat()}.xlsx"
    kilde = (f"Miljødirektoratet, Klimagassutslipp i kommuner ({Path(miljo.URL).name}, ark "
             f"«{miljo.SHEET}», summert over klimagasser og utslippskilder), hentet "
             f"{date.isoformat()}; rådata {name}")
    parsed = miljo.parse(raw, mun.kommuner, years, kilde)
    for sektor, n in sorted(parsed.skipped_sectors.items()):
        out.notes.append(f"Miljødirektoratet: sektoren «{sektor}» ({n} rader) er ikke blant "
                         "rapportens ni sektorer og er ikke tatt med.")

    def save(folder: Path) -> list[Path]:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        query = {"kilde": source, "hentet": date.isoformat(), "ark": miljo.SHEET,
                 "kommuner": mun.kommuner, "aar": list(years) if years else "alle"}
        target.with_suffix(".query.json").write_text(
            json.dumps(query, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [target]

    out.raws.append(save)
    return {"klima_utslipp.csv": parsed.rows}


def _from_file(path: Path, table: str | None, mun: Municipalities, years, ctx_base, date,
               out: Collected) -> dict[str, list[dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HentError(f"kan ikke lese {path}: {exc.strerror or exc}") from None
    prefix = path.name.split("-")[0].split(".")[0]
    if path.suffix.lower() == ".csv":
        tid = str(table or (prefix if prefix.isdigit() else ""))
        frame = None
    else:
        frame = decode(raw, table)  # the table number from the file (extension.px.tableid)
        tid = str(table or frame.attrs.get("tabell") or (prefix if prefix.isdigit() else ""))
    job = next((j for j in JOBS if j.table == tid), None)
    if job is None:
        known = ", ".join(j.table for j in JOBS)
        raise SsbError(f"{path}: tabell «{tid or 'ukjent'}» er ikke en av tabellene hop henter "
                       f"({known}). Oppgi tabellen med --tabell.")
    if frame is None:
        frame = decode_coded_csv(raw, tid, job.selection(mun.kommuner, mun.groups, years))
    for var in job.selection(mun.kommuner, mun.groups, years):
        if var not in frame.columns:
            raise SsbError(f"filen mangler dimensjonen «{var}»; tabellen har endret struktur, "
                           "eller filen er fra en annen tabell.", tid)
    check_labels(frame, job)
    region = "KOKkommuneregion0000" if "KOKkommuneregion0000" in frame.columns else "Region"
    # The same regions as the API query (the subject only for 14288 and 01222).
    wanted = set(job.selection(mun.kommuner, mun.groups, years)[region])
    frame = frame[frame[region].isin(wanted)]
    absent = sorted(wanted - set(frame[region].astype(str)))
    if absent:  # said, not silent: the file was saved with other regions than kommuner.csv's
        none = " ingen av dem" if len(absent) == len(wanted) else ""
        out.notes.append(
            f"Merk: {path.name} (tabell {tid}) har ingen tall for {', '.join(absent)} fra "
            f"kommuner.csv;{none} lagre tabellen på nytt fra Statistikkbanken med "
            "disse regionene for å få dem med.")
    if years:
        wanted_tid = {
            "07459": {str(y + 1) for y in years},
            "01222": {f"{y}K{q}" for y in years for q in range(1, 5)},
            "14288": None,
        }.get(job.table, {str(y) for y in years})
        if wanted_tid is not None:
            frame = frame[frame["Tid"].astype(str).isin(wanted_tid)]
    name = f"kilder/ssb/{tid}-{date.isoformat()}-fra-fil{path.suffix.lower()}"
    ctx = Context(kilde_suffix=f"lest fra fil lagret for hånd fra Statistikkbanken, kopi {name}",
                  **ctx_base)
    produced = job.transform(frame, ctx)

    def save(folder: Path) -> list[Path]:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        return [target]

    out.raws.append(save)
    return produced


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
