"""Miljødirektoratet's greenhouse-gas emissions per municipality («Klimagassutslipp i
kommuner»), in the form Miljødirektoratet publishes it: the workbook
``utslippsstatistikk_alle_kommuner.xlsx``, sheet «Oversikt - detaljert», one row per
fylke, kommune, år, sektor, utslippskilde and klimagass, with the emission in tonnes of
CO2 equivalents (columns «Fylke», «Kommunenummer», «Kommune», «År», «Sektor»,
«Utslippskilde», «Klimagass», «Utslipp (tonn CO2-ekvivalenter)»).

The parser sums the gases and sources into one row per kommune, år and sektor. A cell that
is empty or not a number gives no contribution, and a sector with no number at all gives
no row (missing is never 0). Every sector Miljødirektoratet publishes is kept with its
name (ten since «Produkter med fluorgasser»); «Skog og arealbruk» is not part of the
emissions, and a sector not yet known is reported, not guessed.

:data:`SOURCE` is ``hop hent miljo`` in the registry of public sources (:mod:`.registry`).
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .jsonstat import SsbError
from .registry import HentError, Request, Source

URL = ("https://www.miljodirektoratet.no/globalassets/netttjenester/klimagassutslipp-kommuner/"
       "utslippsstatistikk_alle_kommuner.xlsx")
#: Where public code has found the same workbook since (tried when URL answers 404).
ALTERNATIVE_URLS = ("https://www.miljodirektoratet.no/sharepoint/downloaditem/"
                    "?id=01FM3LD2WOT7QL4D6Y5FC3JYADXGI6A3FA",)
SHEET = "Oversikt - detaljert"
SECTORS = (
    "Luftfart", "Oppvarming", "Annen mobil forbrenning", "Industri, olje og gass", "Sjøfart",
    "Veitrafikk", "Avfall og avløp", "Jordbruk", "Energiforsyning",
    "Produkter med fluorgasser",
)
#: Published beside the emissions but not part of them (uptake and emissions from land use,
#: often negative): left out, and said so.
NOT_EMISSIONS = ("Skog og arealbruk",)
REQUIRED = {"kommunenummer": "Kommunenummer", "aar": "År", "sektor": "Sektor",
            "verdi": "Utslipp (tonn CO2-ekvivalenter)"}


class MiljoError(SsbError):
    """A problem with Miljødirektoratet's file (message in bokmål)."""

    def __init__(self, melding: str):
        super().__init__(melding, None)
        self.args = (f"Miljødirektoratet: {melding}",)

    def __str__(self) -> str:
        return f"Miljødirektoratet: {self.melding}"


def _norm(text: object) -> str:
    s = str(text or "").strip().lower().replace("₂", "2")
    return re.sub(r"\s+", " ", s)


@dataclass
class Parsed:
    rows: list[dict[str, str]]
    skipped_sectors: dict[str, int]
    years: list[int]


_SECTOR_NAMES = {_norm(s): s for s in SECTORS}


def recognises(path: Path) -> bool:
    """Whether ``path`` is Miljødirektoratet's workbook: an Excel file with the sheet
    «Oversikt - detaljert» (an Excel file saved from Statistikkbanken has no such sheet)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return False
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return SHEET in wb.sheetnames
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - a damaged or foreign file is simply not ours
        return False


def _cells(raw: bytes) -> list[list[object]]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a runtime dependency
        raise MiljoError("pakken openpyxl mangler; installer den for å lese Excel-filen.") from exc
    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage to the file
        raise MiljoError(f"filen er ikke en lesbar Excel-fil (avkortet eller feil format?): "
                         f"{exc}") from None
    if SHEET not in wb.sheetnames:
        raise MiljoError(
            f"arket «{SHEET}» finnes ikke (filen har {', '.join(wb.sheetnames)}). "
            "Miljødirektoratet har trolig endret filens oppbygging.")
    return [list(r) for r in wb[SHEET].iter_rows(values_only=True)]


def parse(raw: bytes, kommuner: Iterable[str], years: Sequence[int] | None,
          kilde: str) -> Parsed:
    """The workbook's bytes → rows of ``klima_utslipp.csv`` for ``kommuner``."""
    rows = _cells(raw)
    header_at = next((i for i, r in enumerate(rows[:30])
                      if any(_norm(c) == "kommunenummer" for c in r)), None)
    if header_at is None:
        raise MiljoError(f"fant ingen overskriftsrad med «Kommunenummer» i arket «{SHEET}».")
    header = [_norm(c) for c in rows[header_at]]
    col: dict[str, int] = {}
    for key, name in REQUIRED.items():
        if _norm(name) not in header:
            raise MiljoError(f"kolonnen «{name}» mangler i arket «{SHEET}» (har "
                             f"{', '.join(str(c) for c in rows[header_at] if c)}).")
        col[key] = header.index(_norm(name))
    wanted = {str(k) for k in kommuner}
    year_set = set(years) if years else None
    sums: dict[tuple[str, int, str], float] = defaultdict(float)
    seen: set[tuple[str, int, str]] = set()
    skipped: dict[str, int] = defaultdict(int)
    for line_no, r in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not r or all(c is None for c in r):
            continue
        knr = str(r[col["kommunenummer"]] or "").strip()
        if knr.isdigit():
            knr = knr.zfill(4)
        if knr not in wanted:
            continue
        try:
            year = int(str(r[col["aar"]]).strip())
        except ValueError:
            raise MiljoError(f"arket «{SHEET}», rad {line_no}, kolonne «År»: «{r[col['aar']]}» "
                             "er ikke et årstall.") from None
        if year_set is not None and year not in year_set:
            continue
        sektor = str(r[col["sektor"]] or "").strip()
        sektor = _SECTOR_NAMES.get(_norm(sektor), sektor)
        if sektor not in SECTORS:
            skipped[sektor] += 1
            continue
        value = r[col["verdi"]]
        key = (knr, year, sektor)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number and not math.isnan(value):
            sums[key] += float(value)
            seen.add(key)
    out = []
    for knr, year, sektor in sorted(seen, key=lambda k: (k[0], k[1], SECTORS.index(k[2]))):
        out.append({
            "kommunenummer": knr, "aar": str(year), "sektor": sektor, "utslippskilde": "",
            "verdi": f"{round(sums[(knr, year, sektor)], 1):.1f}", "datatype": "statistikk",
            "kilde": kilde,
        })
    return Parsed(out, dict(skipped), sorted({k[1] for k in seen}))


def download(transport: Callable, url: str = URL, *, retries: int = 3,
             sleep: Callable[[float], None] | None = None, timeout: float = 60.0,
             headers: Mapping[str, str] | None = None,
             alternatives: Sequence[str] = ALTERNATIVE_URLS) -> tuple[bytes, str]:
    """The workbook and the address it came from. A 404 tries the next known address."""
    problem: MiljoError | None = None
    for candidate in (url, *alternatives):
        try:
            return _download(transport, candidate, retries=retries, sleep=sleep,
                             timeout=timeout, headers=headers), candidate
        except _NotFound as exc:
            problem = exc
    raise problem if problem is not None else MiljoError("ingen adresse å hente fra.")


class _NotFound(MiljoError):
    pass


def _download(transport: Callable, url: str, *, retries: int,
              sleep: Callable[[float], None] | None, timeout: float,
              headers: Mapping[str, str] | None) -> bytes:
    import time
    sleep = sleep or time.sleep
    problem = ""
    for attempt in range(retries + 1):
        try:
            resp = transport("GET", url, headers=dict(headers or {}), body=None, timeout=timeout)
        except TimeoutError:
            problem = f"Miljødirektoratet svarte ikke innen {timeout:g} sekunder"
        except OSError as exc:
            problem = (f"får ikke kontakt med Miljødirektoratet ({exc}). Sjekk nettforbindelsen, "
                       "eller last ned filen for hånd og bruk --fra-fil")
        else:
            if 200 <= resp.status < 300 and resp.body:
                return resp.body
            if resp.status == 404:
                raise _NotFound(f"HTTP 404 for {url}. Adressen kan ha endret seg; last ned "
                                "filen fra miljostatus.no og bruk --fra-fil.")
            if resp.status < 500 and resp.status != 429:
                raise MiljoError(f"HTTP {resp.status} for {url}. Adressen kan ha endret seg; "
                                 "last ned filen fra miljostatus.no og bruk --fra-fil.")
            problem = f"Miljødirektoratet svarte HTTP {resp.status}"
        if attempt < retries:
            sleep(min(30.0, 2.0 ** attempt))
    raise MiljoError(f"{problem}. Ga opp etter {retries + 1} forsøk.")


# ---------------------------------------------------------------- hop hent miljo


def _rows(raw: bytes, req: Request, *, source: str) -> dict[str, list[dict[str, str]]]:
    """The workbook's rows for ``req``, its notes, and the saver of the raw file."""
    date, mun, years = req.date, req.municipalities, req.years
    name = f"kilder/miljo/utslippsstatistikk_alle_kommuner-{date.isoformat()}.xlsx"
    kilde = (f"Miljødirektoratet, Klimagassutslipp i kommuner ({Path(URL).name}, ark "
             f"«{SHEET}», summert over klimagasser og utslippskilder), hentet "
             f"{date.isoformat()}; rådata {name}")
    parsed = parse(raw, mun.kommuner, years, kilde)
    for sektor, n in sorted(parsed.skipped_sectors.items()):
        if sektor in NOT_EMISSIONS:
            req.notes.append(f"Miljødirektoratet: «{sektor}» ({n} rader) er opptak og utslipp "
                             "fra arealbruk, ikke en del av utslippene, og er ikke tatt med.")
        else:
            req.notes.append(f"Miljødirektoratet: sektoren «{sektor}» ({n} rader) er ny eller "
                             "ukjent for rapporten og er ikke tatt med; legg den til i "
                             "sektorlisten (helpers.ingest.sources.miljo.SECTORS).")

    def save(folder: Path) -> list[Path]:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        query = {"kilde": source, "hentet": date.isoformat(), "ark": SHEET,
                 "kommuner": mun.kommuner, "aar": list(years) if years else "alle"}
        target.with_suffix(".query.json").write_text(
            json.dumps(query, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [target]

    req.raws.append(save)
    return {"klima_utslipp.csv": parsed.rows}


def fetch(req: Request) -> dict[str, list[dict[str, str]]]:
    """Download the workbook (``req.option``: the transport; default urllib)."""
    from .http import USER_AGENT, urllib_transport

    raw, url = download(req.option or urllib_transport, headers={"User-Agent": USER_AGENT})
    return _rows(raw, req, source=url)


def read_file(path: Path, table: str | None, req: Request) -> dict[str, list[dict[str, str]]]:
    """The workbook downloaded by hand (``table`` is not used)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HentError(f"kan ikke lese {path}: {exc.strerror or exc}") from None
    return _rows(raw, req, source=str(path))


SOURCE = Source(
    name="miljo",
    order=2,
    files=("klima_utslipp.csv",),
    fetch=fetch,
    read_file=read_file,
    file_suffixes=(".xlsx", ".xlsm"),
    recognises=recognises,
    # The workbook has no total, and an old «Totalt» beside new sector figures of the same
    # municipality and year would no longer add up: it is dropped.
    drop_in_slice={"klima_utslipp.csv": (("kommunenummer", "aar"), ("sektor", "Totalt"))},
)
