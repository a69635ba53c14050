"""``hop hent ssb``: SSB's KOSTRA and population tables as a source of the registry
(:mod:`.registry`).

Fetching queries every table job (:data:`JOBS`: the KOSTRA tables of :mod:`.tables` and
the population tables of :mod:`.befolkning`) through :class:`.ssb.SsbClient`; reading a
file takes a JSON-stat2 or coded CSV file saved by hand from the statistics bank. Either
way each job transforms its table into rows of the data files it writes.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from .befolkning import BEFOLKNING_JOBS, DEFAULT_AGE_GROUPS
from .csvfile import decode_coded_csv
from .jsonstat import SsbError, decode
from .registry import HentError, Request, Rows, Source
from .ssb import SsbClient, save_raw
from .ssb_history import all_old, earliest_year, join, mark_kilde, old_numbers, trim
from .tables import (
    KOSTRA_JOBS,
    KOSTRA_REGION,
    Context,
    TableJob,
    check_against_metadata,
    check_labels,
)

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


def _newest(client, job: TableJob, req: Request) -> str:
    """The newest table of the job's kind by SSB's table search (the projection is published
    under a new number every second year); the job's own number when the search finds none."""
    query, pattern = job.newest
    try:
        found, _ = client.search(query)
    except SsbError as exc:
        req.notes.append(f"Merk: fant ikke den nyeste tabellen for «{query}» ({exc}); bruker "
                         f"tabell {job.table}.")
        return job.table
    hits = [t for t in found if re.match(pattern, str(t.get("label", "")), re.IGNORECASE)
            and not t.get("discontinued") and str(t.get("id", "")).isdigit()]
    if not hits:
        return job.table
    best = max(hits, key=lambda t: (str(t.get("updated") or ""), str(t["id"])))
    if str(best["id"]) != job.table:
        req.notes.append(f"SSB: den nyeste tabellen for «{query}» er {best['id']} "
                         f"(«{best.get('label', '')}»); den hentes i stedet for {job.table}.")
    return str(best["id"])


def _adapt(meta, job: TableJob, sel: dict[str, list[str]]) -> dict[str, list[str]]:
    """For a table found by search: a ContentsCode the job names but the table lacks, and a
    variable the query must set that the job does not know, are chosen by their labels (the
    projection's main alternative, «MMMM»/«hovedalternativ»)."""
    main = re.compile(r"MMMM|hovedalternativ", re.IGNORECASE)
    for var, labels in meta.dims.items():
        if var == "ContentsCode" and var in sel and not set(sel[var]) <= set(labels):
            hits = [c for c, t in labels.items() if main.search(t)] or (
                list(labels) if len(labels) == 1 else [])
            if len(hits) == 1:
                sel[var] = hits
        elif var not in sel and var not in meta.eliminable:
            hits = [c for c, t in labels.items() if main.search(t)]
            if len(hits) == 1:
                sel[var] = hits
    return sel


def _save_meta(meta, date):
    def save(folder: Path) -> list[Path]:
        target = folder / "kilder" / "ssb" / f"{meta.table}-{date.isoformat()}-metadata.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(meta.raw)
        return [target]
    return save


def _fetch_job(client, job: TableJob, req: Request, ctx_base: dict) -> tuple[Rows, list]:
    """One table: metadata first (codes checked, discontinued tables reported with their
    successor), then the data, with the municipalities' history joined."""
    mun = req.municipalities
    table = _newest(client, job, req) if job.newest else job.table
    meta = client.metadata(table)
    savers = [_save_meta(meta, req.date)]
    if meta.discontinued:
        succ = meta.successors()
        raise SsbError(
            "SSB har avsluttet tabellen (den får ikke nye tall)"
            + (f"; SSB viser til tabell {', '.join(succ)}" if succ else
               "; metadataene nevner ingen etterfølger — søk i Statistikkbanken")
            + ". Tabellnummeret må oppdateres i helpers/ingest/sources/ før tallene kan "
            "hentes.", table)
    sel = job.selection(mun.kommuner, mun.groups, req.years)
    if job.newest:
        sel = _adapt(meta, job, sel)
    histories: dict = {}
    region = next((r for r in (KOSTRA_REGION, "Region") if r in sel), None)
    if job.history and region:
        histories, split_notes = old_numbers(sel[region])
        req.notes.extend(split_notes)
        earliest = earliest_year(sel.get("Tid", []), list(meta.dims.get("Tid", {})))
        histories, trim_notes = trim(histories, meta.dims.get(region, {}), table, earliest)
        req.notes.extend(trim_notes)
        extra = [o for o in all_old(histories) if o not in sel[region]]
        sel = {**sel, region: [*sel[region], *extra]}
    if region and region in meta.dims:
        lacking = [r for r in sel[region] if r not in meta.dims[region]]
        if lacking and len(lacking) < len(sel[region]):
            req.notes.append(f"Merk: tabell {table} har ingen region {', '.join(lacking)}; "
                             "de er ikke spurt etter.")
            sel = {**sel, region: [r for r in sel[region] if r not in lacking]}
    times = meta.dims.get("Tid", {})
    asked = [t for t in sel.get("Tid", []) if not any(ch in t for ch in "*?(")]
    if times and asked:
        absent = [t for t in asked if t not in times]
        if len(absent) == len(asked):
            raise SsbError(f"tabellen har ingen av periodene {', '.join(asked)} (den har "
                           f"{min(times)}–{max(times)}).", table)
        if absent:
            req.notes.append(f"Merk: tabell {table} har ikke {', '.join(absent)} ennå; de er "
                             "ikke spurt etter.")
            sel = {**sel, "Tid": [t for t in sel["Tid"] if t not in absent]}
    check_against_metadata(meta, job, sel)
    result = client.fetch(table, sel)
    check_labels(result.frame, job)
    frame = result.frame
    joined = join(frame, region, histories, job.summable, table) if histories else None
    if joined is not None:
        frame = joined.frame
        req.notes.extend(joined.notes)
    ctx = Context(kilde_suffix=_raw_name(table, req.date, len(result.raw)), table=table,
                  **ctx_base)
    produced = job.transform(frame, ctx)
    req.notes.extend(ctx.notes)
    if joined is not None and joined.used:
        for rows in produced.values():
            mark_kilde(rows, joined.used, job.tid_to_aar)
    savers.append(lambda folder, result=result: save_raw(folder, result, date=req.date))
    return produced, savers


def fetch(req: Request) -> Rows:
    """Every table job over the network (``req.option``: the client; default a new one).

    Each table on its own: one that cannot be fetched, decoded or checked is left out (its
    rows in the data files stay as they are) and listed in ``req.failures``; the others are
    imported. The terminal gets one line per table."""
    client = req.option or SsbClient()
    ctx_base = _context_base(req)
    rows: Rows = {}
    done: list[str] = []
    for job in JOBS:
        try:
            produced, savers = _fetch_job(client, job, req, ctx_base)
        except SsbError as exc:
            req.failures.append(f"SSB-tabell {exc.tabell or job.table} ({job.title}): "
                                f"{exc.melding}")
            continue
        _add(rows, produced)
        req.raws.extend(savers)
        n = sum(len(r) for r in produced.values())
        done.append(f"{job.table if not job.newest else 'framskrivning'}: {n} rader")
    if done:
        req.notes.append("SSB hentet: " + "; ".join(done) + ".")
    if req.failures and not done:
        raise SsbError("ingen av SSB-tabellene kunne hentes:\n  " + "\n  ".join(req.failures))
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
