"""``hop hent ssb``: SSB's KOSTRA and population tables as a source of the registry
(:mod:`.registry`).

Fetching queries every table job (:data:`JOBS`: the KOSTRA tables of :mod:`.tables` and
the population tables of :mod:`.befolkning`) through :class:`.ssb.SsbClient`; reading a
file takes a JSON-stat2 or coded CSV file saved by hand from the statistics bank. Either
way each job transforms its table into rows of the data files it writes.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from .befolkning import BEFOLKNING_JOBS, DEFAULT_AGE_GROUPS
from .csvfile import decode_coded_csv
from .jsonstat import SsbError, decode
from .registry import HentError, Request, Rows, Source
from .ssb import SsbClient, save_raw
from .tables import KOSTRA_JOBS, Context, TableJob, check_labels

JOBS: tuple[TableJob, ...] = KOSTRA_JOBS + BEFOLKNING_JOBS


def _add(rows: Rows, produced: Rows) -> None:
    for fname, rs in produced.items():
        rows.setdefault(fname, []).extend(rs)


def _age_groups(data_dir: Path, subject: str) -> tuple:
    path = data_dir / "befolkning_framskrivning.csv"
    if not path.exists():
        return DEFAULT_AGE_GROUPS
    seen: dict[str, tuple] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["kommunenummer"] == subject and r["aldersgruppe"] not in seen:
                hi = r["alder_til"].strip()
                seen[r["aldersgruppe"]] = (r["aldersgruppe"], int(r["alder_fra"]),
                                           int(hi) if hi else None, r["aldersgruppe_navn"])
    return tuple(seen.values()) or DEFAULT_AGE_GROUPS


def _context_base(req: Request) -> dict:
    subject = req.municipalities.subject
    return {"date": req.date.isoformat(), "subject": subject,
            "age_groups": _age_groups(req.data_dir, subject)}


def _raw_name(table: str, date, parts: int) -> str:
    stem = f"kilder/ssb/{table}-{date.isoformat()}"
    return f"rådata {stem}.json" if parts == 1 else f"rådata {stem}-del1…{parts}.json"


def fetch(req: Request) -> Rows:
    """Every table job over the network (``req.option``: the client; default a new one)."""
    client = req.option or SsbClient()
    mun = req.municipalities
    ctx_base = _context_base(req)
    rows: Rows = {}
    for job in JOBS:
        sel = job.selection(mun.kommuner, mun.groups, req.years)
        result = client.fetch(job.table, sel)
        ctx = Context(kilde_suffix=_raw_name(job.table, req.date, len(result.raw)), **ctx_base)
        check_labels(result.frame, job)
        _add(rows, job.transform(result.frame, ctx))
        req.raws.append(lambda folder, result=result: save_raw(folder, result, date=req.date))
    return rows


def read_file(path: Path, table: str | None, req: Request) -> Rows:
    """A table saved by hand (JSON-stat2, or CSV with codes) → rows, as if fetched."""
    mun, years, date = req.municipalities, req.years, req.date
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
        req.notes.append(
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
                  **_context_base(req))
    produced = job.transform(frame, ctx)

    def save(folder: Path) -> list[Path]:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        return [target]

    req.raws.append(save)
    return produced


SOURCE = Source(
    name="ssb",
    order=1,
    files=tuple(dict.fromkeys(f for job in JOBS for f in job.files)),
    fetch=fetch,
    read_file=read_file,
    file_suffixes=None,  # JSON-stat2 (any name) or CSV with codes
)
