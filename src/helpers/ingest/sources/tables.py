"""Which SSB tables ``hop hent`` reads, with the exact codes, and how each becomes rows.

Each :class:`TableJob` is one query (table, selection) and one transformation from the
decoded JSON-stat2 frame (see :mod:`.jsonstat`) to rows of the project's CSV files. The
codes come from SSB's table metadata as used by public clients (see
``docs/bruk/hent.md`` for the sources); every fixed code is checked against its
label in the response, so a code SSB has reused for something else stops the fetch with a
bokmål message instead of filling a file with the wrong figure.

Rows are dicts of strings, in the files' own columns. A cell SSB marks as missing
(``..``, ``:`` …, NaN after decoding) gives no row: missing is never written as 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .jsonstat import SsbError

KOSTRA_REGION = "KOKkommuneregion0000"
ART = "KOKartkap0000"

Row = dict[str, str]


@dataclass
class Context:
    """What a transformation needs besides the frame."""

    date: str
    kilde_suffix: str  # e.g. «rådata kilder/ssb/12143-2026-12-04.json»
    subject: str
    #: Age groups for the projection: (kode, fra, til or None, navn).
    age_groups: Sequence[tuple[str, int, int | None, str]] = ()
    #: The table actually asked (the newest projection may not be the job's default).
    table: str = ""
    #: Lines for the terminal (bokmål) a transformation adds, e.g. a line it left out.
    notes: list[str] = field(default_factory=list)


@dataclass
class TableJob:
    table: str
    title: str
    #: selection(kommuner, groups, years) → {variable: [codes]}
    selection: Callable[[Sequence[str], Sequence[str], Sequence[int] | None], dict[str, list[str]]]
    transform: Callable[[pd.DataFrame, Context], dict[str, list[Row]]]
    #: (variable, code) → regex the code's label must match.
    labels: Mapping[tuple[str, str], str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    #: Municipality history (see :mod:`.ssb_history`): whether old numbers are asked for the
    #: years before a renumbering, and which cells may be summed when several old
    #: municipalities became one (amounts and persons, not ratios).
    history: bool = False
    summable: Callable[[Mapping[str, str]], bool] = lambda cell: False
    #: Table search that finds the newest table of this kind (``None``: the number is fixed).
    newest: tuple[str, str] | None = None  # (query, regex the title must match)
    #: The data file's ``aar`` for a Tid (07459: 1 January of Tid is 31 December of Tid − 1).
    tid_to_aar: Callable[[str], str] = str


def num(value: float, decimals: int | None = None) -> str:
    """A number as the project's CSV files write it: dot, no thousands separator."""
    if decimals is not None:
        value = round(value, decimals)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def _offered(labels: Mapping[str, str], limit: int = 15) -> str:
    items = [f"{c} «{t}»" if t != c else c for c, t in labels.items()]
    more = f" … ({len(items) - limit} til)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _problems(job: TableJob, table: str, dims: Mapping[str, Mapping[str, str]],
              wanted: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """Every fixed code that is missing or means something else, at once."""
    problems: list[str] = []
    missing_dims = sorted({v for v, _ in job.labels} - set(dims))
    for var in missing_dims:
        problems.append(f"dimensjonen «{var}» finnes ikke (tabellen har "
                        + ", ".join(f"«{d}»" for d in dims) + ")")
    unknown: dict[str, list[str]] = {}
    codes = {(v, c) for v, c in job.labels}
    for var, values in (wanted or {}).items():
        codes |= {(var, c) for c in values if not any(ch in c for ch in "*?(")}
    for var, code in sorted(codes):
        if var not in dims:
            continue
        labels = dims[var]
        if code not in labels:
            unknown.setdefault(var, []).append(code)
            continue
        pattern = job.labels.get((var, code))
        label = labels[code]
        if pattern and label != code and not re.search(pattern, label, flags=re.IGNORECASE):
            problems.append(f"koden «{code}» i «{var}» heter nå «{label}», men skulle gjelde "
                            f"«{pattern}»")
    for var, missing in unknown.items():
        problems.append(f"ukjente koder i «{var}»: {', '.join(missing)} — tabellen har "
                        f"{_offered(dims[var])}")
    return problems


def _refuse(problems: list[str], table: str) -> None:
    if problems:
        raise SsbError(
            "tabellen har endret struktur eller koder: " + "; ".join(problems)
            + ". Sjekk tabellens metadata (lagret under kilder/ssb/) og oppdater kodene i "
            "helpers/ingest/sources/tables.py eller befolkning.py.", table)


def check_against_metadata(meta, job: TableJob, selection: Mapping[str, Sequence[str]]) -> None:
    """Before any data is asked: every variable and fixed code of the query must be in the
    table's metadata, under a label that still means the same; all problems in one message
    (``meta``: :class:`.ssb.TableMeta`)."""
    problems = [f"dimensjonen «{v}» finnes ikke (tabellen har "
                + ", ".join(f"«{d}»" for d in meta.dims) + ")"
                for v in selection if v not in meta.dims]
    problems += [p for p in _problems(job, meta.table, meta.dims, selection)
                 if not p.startswith("dimensjonen")]
    _refuse(problems, meta.table)


def check_labels(frame: pd.DataFrame, job: TableJob) -> None:
    """Every fixed code must be in the response, under a label that still means the same
    (all problems at once)."""
    dims: dict[str, dict[str, str]] = {}
    for var, _ in job.labels:
        if var in frame.columns and var not in dims:
            pairs = frame[[var, var + "_tekst"]].drop_duplicates()
            dims[var] = dict(zip(pairs[var].astype(str), pairs[var + "_tekst"].astype(str),
                                 strict=True))
    problems = [f"dimensjonen «{v}» finnes ikke i svaret"
                for v in dict.fromkeys(v for v, _ in job.labels) if v not in frame.columns]
    problems += [p for p in _problems(job, job.table, dims) if not p.startswith("dimensjonen")]
    _refuse(problems, job.table)


def _years(years: Sequence[int] | None, default: str) -> list[str]:
    return [str(y) for y in years] if years else [default]


def _kilde(job_table: str, codes: str, ctx: Context) -> str:
    return (f"SSB tabell {job_table} ({codes}), PxWebApi v2, hentet {ctx.date}; "
            f"{ctx.kilde_suffix}")


# -- KOSTRA: finansielle nøkkeltall ---------------------------------------------------------

#: 12143 «Finansielle nøkkeltall … i prosent av brutto driftsinntekter og i 1000 kr»
#: (kommunekonsern): (KOKartkap0000, ContentsCode) → (indikator, enhet).
#: ``DISPOSISJONSFOND`` stands for the code whose label is «Disposisjonsfond»: it is looked
#: up in the response (all codes are asked for), because no public source we found names it.
DISPOSISJONSFOND = "<disposisjonsfond>"
KOSTRA_12143 = {
    ("AGD23", "KOSbelopbrinv0000"): ("netto_driftsresultat_pst", "%"),
    ("KG31", "KOSbelopbrinv0000"): ("netto_lanegjeld_pst", "%"),
    (DISPOSISJONSFOND, "KOSbelopbrinv0000"): ("disposisjonsfond_pst", "%"),
    ("AGD23", "KOSbelop0000"): ("netto_driftsresultat", "1000 kr"),
    ("KG31", "KOSbelop0000"): ("netto_lanegjeld", "1000 kr"),
    (DISPOSISJONSFOND, "KOSbelop0000"): ("disposisjonsfond", "1000 kr"),
}
#: Used only when a file has codes but no labels (a CSV saved with codes only).
DISPOSISJONSFOND_FALLBACK = "56"


def resolve_by_label(frame: pd.DataFrame, var: str, pattern: str, table: str,
                     fallback: str | None = None) -> str:
    """The one code of ``var`` whose label matches ``pattern`` (anchored at the start)."""
    pairs = frame[[var, var + "_tekst"]].drop_duplicates()
    hits = sorted({str(c) for c, t in zip(pairs[var], pairs[var + "_tekst"], strict=True)
                   if re.match(pattern, str(t), flags=re.IGNORECASE)})
    if len(hits) == 1:
        return hits[0]
    if not hits and fallback is not None and (pairs[var] == pairs[var + "_tekst"]).all():
        if fallback in set(pairs[var].astype(str)):
            return fallback
    if not hits:
        raise SsbError(
            f"tabellen har endret struktur: ingen kode i «{var}» har en tekst som begynner med "
            f"«{pattern.strip('^')}» (tekstene er "
            + ", ".join(f"«{t}»" for t in sorted(set(pairs[var + '_tekst']))[:12]) + ").",
            table)
    raise SsbError(f"flere koder i «{var}» passer med «{pattern.strip('^')}»: "
                   f"{', '.join(hits)}. Velg én i helpers/ingest/sources/tables.py.", table)


def _rows_12143(frame: pd.DataFrame, ctx: Context) -> dict[str, list[Row]]:
    """One doubtful code does not cost the table: without one «Disposisjonsfond» line the
    other indicators are still imported, and the terminal says why disposisjonsfond is not."""
    try:
        code: str | None = resolve_by_label(frame, ART, r"^disposisjonsfond\b", "12143",
                                            DISPOSISJONSFOND_FALLBACK)
    except SsbError as exc:
        code = None
        ctx.notes.append(f"Merk: disposisjonsfond ble ikke hentet fra tabell 12143 — "
                         f"{exc.melding} De andre tallene fra 12143 er hentet.")
    mapping = {((code if a == DISPOSISJONSFOND else a), c): v
               for (a, c), v in KOSTRA_12143.items() if a != DISPOSISJONSFOND or code}
    return _kostra_rows(frame, "12143", mapping, ctx)
#: 12137 «Finansielle nøkkeltall … i kroner per innbygger» (kommunekonsern).
KOSTRA_12137 = {
    "AGD13": "brutto_driftsinntekter_per_innb",
    "AGD9": "brutto_driftsutgifter_per_innb",
    "AG11": "frie_inntekter_per_innb",
    "KG31": "netto_lanegjeld_per_innb",
    "AGD1": "netto_driftsutgifter_per_innb",
}
PER_INNB = "KOSbelopprinnb0000"


def _kostra_rows(frame: pd.DataFrame, table: str,
                 mapping: Mapping[tuple[str, str], tuple[str, str]],
                 ctx: Context) -> dict[str, list[Row]]:
    rows: list[Row] = []
    for rec in frame.itertuples(index=False):
        d = rec._asdict()
        key = (d[ART], d["ContentsCode"])
        if key not in mapping or math.isnan(d["verdi"]):
            continue
        indikator, enhet = mapping[key]
        rows.append({
            "kommunenummer": d[KOSTRA_REGION],
            "aar": str(d["Tid"]),
            "indikator": indikator,
            "dimensjon": "",
            "verdi": num(d["verdi"]),
            "enhet": enhet,
            "kilde": _kilde(table, f"{ART}={key[0]}, ContentsCode={key[1]}", ctx),
        })
    return {"kostra.csv": rows}


JOB_12143 = TableJob(
    table="12143",
    title="Finansielle nøkkeltall i % av brutto driftsinntekter og i 1000 kr (konsern)",
    selection=lambda kommuner, groups, years: {
        KOSTRA_REGION: [*kommuner, *groups],
        ART: ["*"],
        "ContentsCode": ["KOSbelopbrinv0000", "KOSbelop0000"],
        "Tid": _years(years, "top(5)"),
    },
    transform=_rows_12143,
    history=True,
    summable=lambda cell: cell.get("ContentsCode") == "KOSbelop0000",  # 1000 kr, not %
    labels={
        (ART, "AGD23"): r"netto drift",
        (ART, "KG31"): r"netto lånegjeld",
    },
    files=("kostra.csv",),
)

JOB_12137 = TableJob(
    table="12137",
    title="Finansielle nøkkeltall i kroner per innbygger (konsern)",
    selection=lambda kommuner, groups, years: {
        KOSTRA_REGION: [*kommuner, *groups],
        ART: list(KOSTRA_12137),
        "ContentsCode": [PER_INNB],
        "Tid": _years(years, "top(5)"),
    },
    transform=lambda frame, ctx: _kostra_rows(
        frame, "12137",
        {(code, PER_INNB): (ind, "kr per innbygger") for code, ind in KOSTRA_12137.items()}, ctx),
    history=True,  # per innbygger: never summed over merged municipalities
    labels={
        (ART, "AGD13"): r"brutto driftsinntekter",
        (ART, "AGD9"): r"brutto driftsutgifter",
        (ART, "AG11"): r"frie inntekter",
        (ART, "KG31"): r"netto lånegjeld",
        (ART, "AGD1"): r"netto driftsutgifter",
        ("ContentsCode", PER_INNB): r"per innbygger",
    },
    files=("kostra.csv",),
)

# -- KOSTRA: netto driftsutgifter per innbygger per tjenesteområde ----------------------------

FUNKSJON = "KOKfunksjon0000"
#: 12362 «Utgifter til tjenesteområdene» (konsern): funksjonsgruppe → tjenesteområde (the
#: names in kostra_tjenesteomrader.csv where SSB's group is the same area). The three
#: FGK1 groups are added up: per innbygger with the same denominator, so the sum is exact.
#: SSB's «Helse og omsorg» (FGK9) is one area; the HØP splits it in two, so it keeps
#: SSB's name. FGK4–6, 14–17 (the HØP's «Andre områder») are not fetched.
TJENESTEOMRADER = {
    "FGK8b": "Grunnskole", "FGK7": "Barnehage", "FGK13": "Barnevern",
    "FGK12": "Sosiale tjenester", "FGK2": "Kultur og idrett",
    "FGK3": "Plan, kulturminner, natur og nærmiljø", "FGK9": "Helse og omsorg",
    "FGK1a": "Adm. styring og fellesutgifter", "FGK1b": "Adm. styring og fellesutgifter",
    "FGK1c": "Adm. styring og fellesutgifter",
}
NETTO_PER_INNB = "KOSbelopinnbygge0000"


def _tjenester(frame: pd.DataFrame, ctx: Context) -> dict[str, list[Row]]:
    sums: dict[tuple[str, str, str], list[float]] = {}
    codes: dict[tuple[str, str, str], list[str]] = {}
    for rec in frame.itertuples(index=False):
        d = rec._asdict()
        area = TJENESTEOMRADER.get(d[FUNKSJON])
        if area is None or d["KOKart0000"] != "AGD2" or d["ContentsCode"] != NETTO_PER_INNB:
            continue
        key = (d[KOSTRA_REGION], str(d["Tid"]), area)
        sums.setdefault(key, []).append(d["verdi"])
        codes.setdefault(key, []).append(d[FUNKSJON])
    rows: list[Row] = []
    for (region, tid, area), values in sums.items():
        expected = sum(1 for a in TJENESTEOMRADER.values() if a == area)
        if len(values) != expected or any(math.isnan(v) for v in values):
            continue  # one group missing: no partial sum
        rows.append({
            "kommunenummer": region, "aar": tid, "indikator": "utgift_per_innb",
            "dimensjon": area, "verdi": num(sum(values)), "enhet": "kr per innbygger",
            "kilde": _kilde("12362", f"{FUNKSJON}={'+'.join(codes[(region, tid, area)])}, "
                                     f"KOKart0000=AGD2, ContentsCode={NETTO_PER_INNB}", ctx),
        })
    return {"kostra.csv": rows}


JOB_12362 = TableJob(
    table="12362",
    title="Netto driftsutgifter per innbygger per tjenesteområde (konsern)",
    selection=lambda kommuner, groups, years: {
        KOSTRA_REGION: [*kommuner, *groups],
        FUNKSJON: list(TJENESTEOMRADER),
        "KOKart0000": ["AGD2"],
        "ContentsCode": [NETTO_PER_INNB],
        "Tid": _years(years, "top(5)"),
    },
    transform=_tjenester,
    history=True,  # per innbygger: never summed over merged municipalities
    labels={
        (FUNKSJON, "FGK8b"): r"grunnskole", (FUNKSJON, "FGK7"): r"barnehage",
        (FUNKSJON, "FGK13"): r"barnevern", (FUNKSJON, "FGK12"): r"sosial",
        (FUNKSJON, "FGK2"): r"kultur", (FUNKSJON, "FGK3"): r"plan|nærmiljø",
        (FUNKSJON, "FGK9"): r"helse|omsorg",
        (FUNKSJON, "FGK1a"): r"politisk|styring|kontroll",
        (FUNKSJON, "FGK1b"): r"administrasjon",
        (FUNKSJON, "FGK1c"): r"felles|premie|pensjon",
        ("KOKart0000", "AGD2"): r"netto driftsutgifter",
        ("ContentsCode", NETTO_PER_INNB): r"innbygger",
    },
    files=("kostra.csv",),
)

KOSTRA_JOBS = (JOB_12143, JOB_12137, JOB_12362)
