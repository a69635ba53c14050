"""SSB's population tables for ``hop hent``: 07459 (by age, 1 January), 14288 (the
projection's main alternative, MMMM) and 01222 (change by cause, per quarter).

Persons are counts, so summing single years of age and both sexes into the report's age
groups, and quarters into a year, is exact. A group, year or component with one missing
cell is left out as a whole (never a partial sum, never 0).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .jsonstat import SsbError
from .tables import Context, Row, TableJob, _kilde, num

#: The projection file's groups when the data folder has none yet (same as Røros' file).
DEFAULT_AGE_GROUPS: tuple[tuple[str, int, int | None, str], ...] = (
    ("0", 0, 0, "0 - åring"),
    ("1-5", 1, 5, "Barnehage (1-5 år)"),
    ("6-15", 6, 15, "Grunnskole (6-15 år)"),
    ("16-19", 16, 19, "Videregående (16-19 år)"),
    ("20-66", 20, 66, "Voksne (20-66 år)"),
    ("67-79", 67, 79, "Eldre (67-79 år)"),
    ("80-89", 80, 89, "Eldre (80-89 år)"),
    ("90+", 90, None, "Eldre (90 år og eldre)"),
)

_AGE = re.compile(r"^(\d{3})(\+?)$")


def _age(code: str) -> int | None:
    """``"007"`` → 7, ``"105+"`` → 105; anything else (a total, a range) → None."""
    m = _AGE.match(str(code))
    return int(m.group(1)) if m else None


def _single_ages(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Rows for single years of age and the two sexes only (never a total code too)."""
    ages = frame["Alder"].map(_age)
    sexes = frame["Kjonn"].astype(str)
    unknown = sorted(set(sexes) - {"1", "2"})
    if unknown:
        raise SsbError(f"ukjent kode for kjønn i svaret: {', '.join(unknown)} (ventet 1 og 2).",
                       table)
    out = frame.assign(alder=ages)
    return out[out["alder"].notna()]


def _folketall(frame: pd.DataFrame, ctx: Context) -> dict[str, list[Row]]:
    df = _single_ages(frame, "07459")
    rows: list[Row] = []
    for (region, tid), g in df.groupby(["Region", "Tid"], sort=True):
        if g["verdi"].isna().any() or g.empty:
            continue
        # 07459 counts 1 January; folketall.csv holds 31 December of the year before.
        rows.append({
            "kommunenummer": str(region),
            "aar": str(int(tid) - 1),
            "folketall": num(g["verdi"].sum()),
            "datatype": "statistikk",
            "kilde": _kilde("07459", f"Region={region}, Kjonn=1,2, Alder=alle ettårige, "
                                     f"ContentsCode=Personer1, Tid={tid} (1.1.{tid} = 31.12."
                                     f"{int(tid) - 1})", ctx),
        })
    return {"folketall.csv": rows}


def _in_group(age: int, lo: int, hi: int | None) -> bool:
    return age >= lo and (hi is None or age <= hi)


def _framskrivning(frame: pd.DataFrame, ctx: Context) -> dict[str, list[Row]]:
    table = ctx.table or "14288"
    df = _single_ages(frame, table)
    groups = ctx.age_groups or DEFAULT_AGE_GROUPS
    rows: list[Row] = []
    for (region, tid), g in df.groupby(["Region", "Tid"], sort=True):
        for kode, lo, hi, navn in groups:
            part = g[g["alder"].map(lambda a, lo=lo, hi=hi: _in_group(int(a), lo, hi))]
            if part.empty or part["verdi"].isna().any():
                continue
            rows.append({
                "kommunenummer": str(region),
                "alternativ": "hovedalternativ",
                "aar": str(tid),
                "aldersgruppe": kode,
                "alder_fra": str(lo),
                "alder_til": "" if hi is None else str(hi),
                "aldersgruppe_navn": navn,
                "verdi": num(part["verdi"].sum()),
                "datatype": "framskrivning",
                "kilde": _kilde(table, f"Region={region}, Kjonn=1,2, Alder={lo}–"
                                         f"{'' if hi is None else hi} summert, ContentsCode="
                                         "Personer (hovedalternativet MMMM)", ctx),
            })
    return {"befolkning_framskrivning.csv": rows}


#: 01222 ContentsCode → komponent in befolkning_endringer.csv (flows are summed over the
#: quarters; the two stocks are taken at the first and the last quarter).
COMPONENTS_01222 = {
    "Folketallet1": "folketall_start",
    "Fodte2": "fodte",
    "Dode3": "dode",
    "Innvandring5": "innvandring",
    "Utvandring6": "utvandring",
    "Tilflytting7": "innflytting_innenlands",
    "Fraflytting8": "utflytting_innenlands",
    "Folketallet11": "folketall_slutt",
}
_QUARTER = re.compile(r"^(\d{4})K([1-4])$")


def _endringer(frame: pd.DataFrame, ctx: Context) -> dict[str, list[Row]]:
    cells: dict[tuple[str, int], dict[int, dict[str, float]]] = defaultdict(dict)
    for rec in frame.itertuples(index=False):
        d = rec._asdict()
        m = _QUARTER.match(str(d["Tid"]))
        if not m or d["ContentsCode"] not in COMPONENTS_01222:
            continue
        year, q = int(m.group(1)), int(m.group(2))
        cells[(str(d["Region"]), year)].setdefault(q, {})[d["ContentsCode"]] = d["verdi"]
    rows: list[Row] = []
    for (region, year), quarters in sorted(cells.items()):
        qs = sorted(quarters)
        if qs != list(range(1, len(qs) + 1)):
            continue  # a year must start with 1. kvartal and have no hole
        complete = all(
            len(quarters[q]) == len(COMPONENTS_01222)
            and not any(math.isnan(v) for v in quarters[q].values())
            for q in qs
        )
        if not complete:
            continue
        last = qs[-1]
        values = {}
        for code, komp in COMPONENTS_01222.items():
            if code == "Folketallet1":
                values[komp] = quarters[1][code]
            elif code == "Folketallet11":
                values[komp] = quarters[last][code]
            else:
                values[komp] = sum(quarters[q][code] for q in qs)
        for code, komp in COMPONENTS_01222.items():
            rows.append({
                "kommunenummer": region,
                "aar": str(year),
                "til_kvartal": str(last),
                "komponent": komp,
                "verdi": num(values[komp]),
                "datatype": "statistikk",
                "kilde": _kilde("01222", f"Region={region}, ContentsCode={code}, "
                                         f"Tid={year}K1–{year}K{last}"
                                         + (" summert" if komp not in
                                            ("folketall_start", "folketall_slutt") else ""),
                                ctx),
            })
    return {"befolkning_endringer.csv": rows}


def _quarters(years: Sequence[int] | None) -> list[str]:
    if not years:
        return ["top(44)"]
    return [f"{y}K{q}" for y in years for q in range(1, 5)]


JOB_07459 = TableJob(
    table="07459",
    title="Befolkning etter kjønn og alder 1. januar",
    selection=lambda kommuner, groups, years: {
        "Region": list(kommuner),
        "Kjonn": ["1", "2"],
        "Alder": ["*"],
        "ContentsCode": ["Personer1"],
        "Tid": [str(y + 1) for y in years] if years else ["top(11)"],
    },
    transform=_folketall,
    history=True,
    summable=lambda cell: True,  # persons
    tid_to_aar=lambda tid: str(int(tid) - 1),
    labels={("ContentsCode", "Personer1"): r"personer"},
    files=("folketall.csv",),
)

#: The projection is published every second year under a new table number (14288 in 2024,
#: 14746 in 2026): ``hop hent`` searches for the newest table whose title begins so.
PROJECTION_SEARCH = ("framskrevet folkemengde", r"^\d{5}: Framskrevet folkemengde\b")

JOB_14288 = TableJob(
    table="14288",
    newest=PROJECTION_SEARCH,
    title="Framskrevet folkemengde 1. januar, hovedalternativet (MMMM)",
    selection=lambda kommuner, groups, years: {
        "Region": list(kommuner[:1]),
        "Kjonn": ["1", "2"],
        "Alder": ["*"],
        "ContentsCode": ["Personer"],
        "Tid": ["*"],
    },
    transform=_framskrivning,
    labels={("ContentsCode", "Personer"): r"personer|framskr|MMMM|hovedalternativ"},
    files=("befolkning_framskrivning.csv",),
)

JOB_01222 = TableJob(
    table="01222",
    title="Befolkningsendringer i kvartalet",
    selection=lambda kommuner, groups, years: {
        "Region": list(kommuner[:1]),
        "ContentsCode": list(COMPONENTS_01222),
        "Tid": _quarters(years),
    },
    transform=_endringer,
    history=True,  # the quarters before a number change are under the old number
    summable=lambda cell: True,  # persons: stocks and flows alike
    tid_to_aar=lambda tid: str(tid)[:4],  # 2023K1–2023K4 → aar 2023
    labels={
        ("ContentsCode", "Folketallet1"): r"inngangen|folketal",
        ("ContentsCode", "Fodte2"): r"fødde|fødte",
        ("ContentsCode", "Dode3"): r"døde|daude",
        ("ContentsCode", "Innvandring5"): r"innvandr",
        ("ContentsCode", "Utvandring6"): r"utvandr",
        ("ContentsCode", "Tilflytting7"): r"innflytt|tilflytt",
        ("ContentsCode", "Fraflytting8"): r"utflytt|fraflytt",
        ("ContentsCode", "Folketallet11"): r"utgangen|folketal",
    },
    files=("befolkning_endringer.csv",),
)

BEFOLKNING_JOBS = (JOB_07459, JOB_14288, JOB_01222)
