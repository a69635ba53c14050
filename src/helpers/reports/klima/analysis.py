"""Klimabudsjett: emissions by sector, the climate measures and their effect, the path to
the targets.

Plain functions over the frames :func:`helpers.data.load_data` returns (``klima_utslipp``,
``klima_tiltak``, ``klima_tiltak_reduksjon``, ``klima_mal``, ``folketall``, ``kommuner``).
Emissions and reductions are in tonnes CO2 equivalents (``tonn CO2e``); a reduction is
positive when emissions go down. Costs are in 1000 kr with the accounting sign.

Conventions used throughout (they are written under the report's tables and charts):

* A sector's emissions are the row with an empty ``utslippskilde``; when a sector is only
  given by source, its sources are summed.
* The total is the source's own ``Totalt`` row when there is one (it is summed from
  unrounded figures, so it may differ by 0.1 t from the sum of the rounded sectors), and the
  sum of the sectors otherwise. Shares are taken of the sum of the sectors, so they add to 100.
* A measure counts as *quantified* when at least one of its yearly or long-term reductions
  is non-zero: the measure tables print 0,0 both for "no effect" and "not calculated".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd

from helpers.data.kommuner import Kommune
from helpers.data.specs.klima import TILTAK_TYPER, TOTALT, UTSLIPP_SEKTORER
from helpers.presentation import charts
from helpers.presentation.formatting import fmt_1000kr, fmt_list, fmt_number, fmt_pct, md_text
from helpers.presentation.merknad import Note
from helpers.presentation.nokkeltall import key_figure_frame

RAPPORT = "klimabudsjett"
UNIT = "tonn CO2e"
REFERENCE_METHODS = ("flat", "endring", "trend")
BANE_HISTORIE = "Historiske utslipp"
BANE_REFERANSE = "Referansebane"
BANE_TILTAK = "Med tiltak"
BANE_MAL = "Målbane"


# ---------------------------------------------------------------- emissions


def _sector_order(sectors: Iterable[str]) -> list[str]:
    known = [s for s in UTSLIPP_SEKTORER if s in set(sectors)]
    return known + sorted(set(sectors) - set(known) - {TOTALT})


def sector_emissions(utslipp: pd.DataFrame) -> pd.DataFrame:
    """Emissions per municipality, year and sector (``Totalt`` left out).

    Columns: kommunenummer, aar, sektor, verdi. A sector given only by source is summed.
    """
    df = utslipp[utslipp["sektor"] != TOTALT]
    whole = df[df["utslippskilde"] == ""]
    parts = df[df["utslippskilde"] != ""]
    keys = ["kommunenummer", "aar", "sektor"]
    summed = parts.groupby(keys, as_index=False)["verdi"].sum()
    have = set(map(tuple, whole[keys].itertuples(index=False, name=None)))
    summed = summed[[tuple(r) not in have for r in summed[keys].itertuples(index=False,
                                                                           name=None)]]
    out = pd.concat([whole[keys + ["verdi"]], summed], ignore_index=True)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def total_emissions(utslipp: pd.DataFrame) -> pd.DataFrame:
    """Total emissions per municipality and year.

    Columns: kommunenummer, aar, verdi, sum_sektorer, oppgitt (True when the value is the
    source's own total, False when it is the sum of the sectors).
    """
    sectors = (sector_emissions(utslipp).groupby(["kommunenummer", "aar"], as_index=False)
               ["verdi"].sum().rename(columns={"verdi": "sum_sektorer"}))
    given = utslipp[(utslipp["sektor"] == TOTALT) & (utslipp["utslippskilde"] == "")]
    given = given[["kommunenummer", "aar", "verdi"]].rename(columns={"verdi": "oppgitt_verdi"})
    out = sectors.merge(given, on=["kommunenummer", "aar"], how="outer")
    out["oppgitt"] = out["oppgitt_verdi"].notna()
    out["verdi"] = out["oppgitt_verdi"].fillna(out["sum_sektorer"])
    out = out[["kommunenummer", "aar", "verdi", "sum_sektorer", "oppgitt"]]
    return out.sort_values(["kommunenummer", "aar"]).reset_index(drop=True)


def total_mismatches(utslipp: pd.DataFrame, tolerance: float = 0.5) -> pd.DataFrame:
    """Years where the source's total and the sum of its sectors differ by more than
    ``tolerance`` tonnes (rounding to 0.1 t per sector explains smaller differences)."""
    tot = total_emissions(utslipp)
    tot = tot[tot["oppgitt"] & tot["sum_sektorer"].notna()].copy()
    tot["avvik"] = tot["verdi"] - tot["sum_sektorer"]
    return tot[tot["avvik"].abs() > tolerance].reset_index(drop=True)


def years(utslipp: pd.DataFrame, kommunenummer: str) -> list[int]:
    """The years with emission figures for one municipality, ascending."""
    return sorted(int(a) for a in utslipp.loc[utslipp["kommunenummer"] == kommunenummer,
                                              "aar"].unique())


def sector_table(utslipp: pd.DataFrame, kommunenummer: str, aar: int) -> pd.DataFrame:
    """One municipality's emissions in one year by sector, with shares, and a ``Totalt`` row.

    Columns: sektor, verdi, andel_pst. Empty when the year is missing.
    """
    sec = sector_emissions(utslipp)
    sec = sec[(sec["kommunenummer"] == kommunenummer) & (sec["aar"] == aar)]
    tot = total_emissions(utslipp)
    tot = tot[(tot["kommunenummer"] == kommunenummer) & (tot["aar"] == aar)]
    if tot.empty:
        return pd.DataFrame(columns=["sektor", "verdi", "andel_pst"])
    rows = sec.set_index("sektor")["verdi"].reindex(_sector_order(sec["sektor"]))
    base = rows.sum()
    out = pd.DataFrame({"sektor": rows.index, "verdi": rows.to_numpy()})
    out["andel_pst"] = out["verdi"] / base * 100 if base else np.nan
    total = pd.DataFrame({"sektor": [TOTALT], "verdi": [float(tot["verdi"].iloc[0])],
                          "andel_pst": [100.0 if len(out) else np.nan]})
    return pd.concat([out, total], ignore_index=True)


def source_table(utslipp: pd.DataFrame, kommunenummer: str, aar: int) -> pd.DataFrame:
    """Emissions by source within each sector (columns sektor, utslippskilde, verdi).

    Empty when the data only has sector figures.
    """
    df = utslipp[(utslipp["kommunenummer"] == kommunenummer) & (utslipp["aar"] == aar)
                 & (utslipp["utslippskilde"] != "")]
    return df[["sektor", "utslippskilde", "verdi"]].reset_index(drop=True)


def comparison_table(utslipp: pd.DataFrame, kommunenumre: list[str], aar: int) -> pd.DataFrame:
    """Emissions by sector (rows, ``Totalt`` last) for several municipalities (columns).

    Municipalities without figures for the year are left out.
    """
    sec = sector_emissions(utslipp)
    sec = sec[sec["kommunenummer"].isin(kommunenumre) & (sec["aar"] == aar)]
    wide = sec.pivot(index="sektor", columns="kommunenummer", values="verdi")
    wide = wide.reindex(_sector_order(sec["sektor"]))
    tot = total_emissions(utslipp)
    tot = tot[tot["kommunenummer"].isin(kommunenumre) & (tot["aar"] == aar)]
    wide.loc[TOTALT] = tot.set_index("kommunenummer")["verdi"]
    cols = [k for k in kommunenumre if k in wide.columns]
    wide = wide[cols]
    wide.columns.name = None
    wide.index.name = "sektor"
    return wide


def per_capita(utslipp: pd.DataFrame, folketall: pd.DataFrame | None,
               kommunenumre: list[str], aar: int) -> pd.DataFrame:
    """Total emissions per inhabitant (population at 31.12 of the same year).

    Columns: kommunenummer, utslipp, folketall, tonn_per_innbygger (NaN where the population
    is unknown).
    """
    tot = total_emissions(utslipp)
    tot = tot[tot["kommunenummer"].isin(kommunenumre) & (tot["aar"] == aar)]
    out = tot[["kommunenummer", "verdi"]].rename(columns={"verdi": "utslipp"})
    if folketall is not None and not folketall.empty:
        pop = folketall[folketall["aar"] == aar][["kommunenummer", "folketall"]]
        out = out.merge(pop, on="kommunenummer", how="left")
    else:
        out["folketall"] = np.nan
    out["folketall"] = out["folketall"].astype(float)
    out["tonn_per_innbygger"] = out["utslipp"] / out["folketall"]
    order = {k: i for i, k in enumerate(kommunenumre)}
    return out.sort_values("kommunenummer", key=lambda s: s.map(order)).reset_index(drop=True)


# ---------------------------------------------------------------- measures


def budget_years(tiltak: pd.DataFrame, kommunenummer: str) -> list[int]:
    """The budget years with climate measures for one municipality, ascending."""
    return sorted(int(a) for a in tiltak.loc[tiltak["kommunenummer"] == kommunenummer,
                                             "budsjettaar"].unique())


def plan_years_covered(tiltak: pd.DataFrame, kommunenummer: str) -> list[int]:
    """The years the municipality's climate budgets cover: every year from
    ``planperiode_fra`` to ``planperiode_til`` of each budget (and the budget years)."""
    rows = tiltak[tiltak["kommunenummer"] == kommunenummer]
    out = set(int(a) for a in rows["budsjettaar"])
    for lo, hi in rows[["planperiode_fra", "planperiode_til"]].drop_duplicates().itertuples(
            index=False):
        out |= set(range(int(lo), int(hi) + 1))
    return sorted(out)


def budget_for_year(tiltak: pd.DataFrame, kommunenummer: str, aar: int) -> int | None:
    """The latest climate budget whose plan period covers ``aar`` (None: none does)."""
    rows = tiltak[(tiltak["kommunenummer"] == kommunenummer)
                  & (tiltak["planperiode_fra"] <= aar) & (tiltak["planperiode_til"] >= aar)]
    return int(rows["budsjettaar"].max()) if not rows.empty else None


def select_measures(tiltak: pd.DataFrame, reduksjon: pd.DataFrame, kommunenummer: str,
                    budsjettaar: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One municipality's measures for one budget year (default: the latest).

    Returns (measures, yearly reductions); both empty when there are none.
    """
    years_ = budget_years(tiltak, kommunenummer)
    if budsjettaar is None:
        budsjettaar = years_[-1] if years_ else None
    t = tiltak[(tiltak["kommunenummer"] == kommunenummer)
               & (tiltak["budsjettaar"] == budsjettaar)].reset_index(drop=True)
    r = reduksjon[(reduksjon["kommunenummer"] == kommunenummer)
                  & (reduksjon["budsjettaar"] == budsjettaar)
                  & reduksjon["tiltak_id"].isin(t["tiltak_id"])].reset_index(drop=True)
    return t, r


def quantified(tiltak: pd.DataFrame, reduksjon: pd.DataFrame) -> pd.Series:
    """True per ``tiltak_id`` when the measure has a non-zero yearly or long-term reduction."""
    yearly = reduksjon.groupby("tiltak_id")["reduksjon"].apply(lambda s: bool((s != 0).any()))
    long_term = tiltak.set_index("tiltak_id")["reduksjon_langsiktig"].fillna(0) != 0
    out = long_term | yearly.reindex(long_term.index, fill_value=False)
    return out.astype(bool)


def measure_counts(tiltak: pd.DataFrame, reduksjon: pd.DataFrame) -> pd.DataFrame:
    """How many measures there are, and how many have a quantified effect, per type.

    Columns: type (direkte, indirekte, totalt), antall, kvantifisert, ikke_kvantifisert.
    """
    q = quantified(tiltak, reduksjon)
    t = tiltak.assign(kvantifisert=tiltak["tiltak_id"].map(q).fillna(False).astype(bool))
    rows = []
    for typ in [*TILTAK_TYPER, "totalt"]:
        sub = t if typ == "totalt" else t[t["type"] == typ]
        n, k = len(sub), int(sub["kvantifisert"].sum())
        rows.append({"type": typ, "antall": n, "kvantifisert": k, "ikke_kvantifisert": n - k})
    return pd.DataFrame(rows)


def measure_table(tiltak: pd.DataFrame, reduksjon: pd.DataFrame,
                  typ: str | None = None) -> pd.DataFrame:
    """The measures as a wide table: one row per measure, one column per reduction year.

    Columns: tiltak_id, tiltak, eier, rammeomraade, sektor, utslippskilde,
    kostnad_budsjettaar, kostnad_planperiode, okonomisk_effekt_langsiktig, the years
    (int column names) and reduksjon_langsiktig.
    """
    t = tiltak if typ is None else tiltak[tiltak["type"] == typ]
    r = reduksjon[reduksjon["tiltak_id"].isin(t["tiltak_id"])]
    wide = r.pivot(index="tiltak_id", columns="aar", values="reduksjon")
    wide.columns = [int(c) for c in wide.columns]
    cols = ["tiltak_id", "tiltak", "eier", "rammeomraade", "sektor", "utslippskilde",
            "kostnad_budsjettaar", "kostnad_planperiode", "okonomisk_effekt_langsiktig"]
    out = t[cols].merge(wide, left_on="tiltak_id", right_index=True, how="left")
    out["reduksjon_langsiktig"] = t["reduksjon_langsiktig"].to_numpy()
    return out.reset_index(drop=True)


def reductions_by_year(tiltak: pd.DataFrame, reduksjon: pd.DataFrame) -> pd.DataFrame:
    """Sum of the measures' reductions per year and type.

    Columns: aar, direkte, indirekte, totalt. A type whose table does not cover a year
    is NaN that year (not 0), and ``totalt`` is NaN unless every type present covers it.
    """
    r = reduksjon.merge(tiltak[["tiltak_id", "type"]], on="tiltak_id")
    wide = r.pivot_table(index="aar", columns="type", values="reduksjon", aggfunc="sum")
    for typ in TILTAK_TYPER:
        if typ not in wide.columns:
            wide[typ] = np.nan
    present = [typ for typ in TILTAK_TYPER if (tiltak["type"] == typ).any()]
    wide = wide[list(TILTAK_TYPER)]
    wide["totalt"] = wide[present].sum(axis=1, min_count=len(present)) if present else np.nan
    wide.index = wide.index.astype(int)
    wide.index.name = "aar"
    wide.columns.name = None
    return wide.reset_index()


def reductions_by_sector(tiltak: pd.DataFrame, reduksjon: pd.DataFrame) -> pd.DataFrame:
    """Sum of the measures' reductions per sector (rows) and year (columns), plus the
    long-term reduction and the number of measures per sector."""
    r = reduksjon.merge(tiltak[["tiltak_id", "sektor"]], on="tiltak_id")
    wide = r.pivot_table(index="sektor", columns="aar", values="reduksjon", aggfunc="sum")
    wide.columns = [int(c) for c in wide.columns]
    grouped = tiltak.groupby("sektor")
    wide["reduksjon_langsiktig"] = grouped["reduksjon_langsiktig"].sum(min_count=1)
    wide.insert(0, "antall", grouped.size())
    wide.index.name = "sektor"
    return wide.reset_index()


def long_term_by_type(tiltak: pd.DataFrame) -> pd.DataFrame:
    """Sum of the long-term reductions and the costs per type (and ``totalt``).

    Columns: type, reduksjon_langsiktig, kostnad_budsjettaar, kostnad_planperiode,
    okonomisk_effekt_langsiktig.
    """
    cols = ["reduksjon_langsiktig", "kostnad_budsjettaar", "kostnad_planperiode",
            "okonomisk_effekt_langsiktig"]
    rows = []
    for typ in [*TILTAK_TYPER, "totalt"]:
        sub = tiltak if typ == "totalt" else tiltak[tiltak["type"] == typ]
        rows.append({"type": typ, **{c: sub[c].sum(min_count=1) for c in cols}})
    return pd.DataFrame(rows)


def measures_effect(tiltak: pd.DataFrame, reduksjon: pd.DataFrame, aar: Iterable[int],
                    types: Iterable[str] = TILTAK_TYPER,
                    long_term_after_table: bool = True) -> pd.Series:
    """The measures' combined reduction in each year of ``aar`` (Series indexed by year).

    A measure gives its yearly value in the years its table covers, nothing before them,
    and (when ``long_term_after_table``) its long-term reduction in the years after them.
    """
    types = list(types)
    t = tiltak[tiltak["type"].isin(types)]
    r = reduksjon[reduksjon["tiltak_id"].isin(t["tiltak_id"])]
    aar = [int(a) for a in aar]
    total = pd.Series(0.0, index=pd.Index(aar, name="aar"))
    for row in t.itertuples(index=False):
        own = r[r["tiltak_id"] == row.tiltak_id].set_index("aar")["reduksjon"]
        last = int(own.index.max()) if len(own) else None
        long_term = 0.0 if pd.isna(row.reduksjon_langsiktig) else float(row.reduksjon_langsiktig)
        for a in aar:
            if a in own.index:
                total[a] += float(own[a])
            elif long_term_after_table and (last is None or a > last):
                total[a] += long_term
    return total


# ---------------------------------------------------------------- paths


@dataclass(frozen=True)
class ReferenceMethod:
    """How the reference path (emissions without new measures) is projected.

    ``flat``: every sector stays at its last known level (the default).
    ``endring``: every sector changes by a fixed percentage a year, ``yearly_change_pct``
    (one number for all sectors, or a mapping sector → percent; missing sectors stay flat).
    ``trend``: every sector follows the straight-line trend (least squares) of its last
    ``trend_years`` known years, starting from its last known value, never below zero.
    """

    method: str = "flat"
    yearly_change_pct: float | Mapping[str, float] = 0.0
    trend_years: int = 5
    other_change_pct: float = 0.0  # with a mapping: the change for sectors not in it

    def __post_init__(self) -> None:
        if self.method not in REFERENCE_METHODS:
            raise ValueError(f"Ukjent metode for referansebanen «{self.method}»; bruk en av "
                             f"{', '.join(REFERENCE_METHODS)}")
        if self.trend_years < 2:
            raise ValueError("En trend trenger minst to år (trend_years ≥ 2)")

    def change_for(self, sektor: str) -> float:
        if isinstance(self.yearly_change_pct, Mapping):
            return float(self.yearly_change_pct.get(sektor, self.other_change_pct))
        return float(self.yearly_change_pct)

    def describe(self) -> str:
        """The assumption in one bokmål sentence (for the text under the chart)."""
        if self.method == "flat":
            return ("Referansebanen holder utslippet i hver sektor flatt på nivået i siste år "
                    "med tall.")
        if self.method == "endring":
            if isinstance(self.yearly_change_pct, Mapping):
                parts = [f"{s} {fmt_pct(v, 1, sign=True)}"
                         for s, v in self.yearly_change_pct.items()]
                rest = (f"øvrige sektorer {fmt_pct(self.other_change_pct, 1, sign=True)}"
                        if self.other_change_pct else "øvrige sektorer flate")
                return ("Referansebanen endrer utslippet med en fast prosent per år: "
                        + "; ".join(parts + [rest]) + ".")
            v = fmt_pct(float(self.yearly_change_pct), 1, sign=True)
            return f"Referansebanen endrer utslippet i hver sektor med {v} per år."
        return (f"Referansebanen fører videre den lineære trenden i hver sektor de siste "
                f"{self.trend_years} årene med tall, fra siste kjente nivå (aldri under null).")


def _project(last: float, yrs: np.ndarray, vals: np.ndarray, horizon: list[int],
             last_year: int, sektor: str, method: ReferenceMethod) -> list[float]:
    if method.method == "flat":
        return [last for _ in horizon]
    if method.method == "endring":
        g = method.change_for(sektor) / 100
        return [last * (1 + g) ** (a - last_year) for a in horizon]
    keep = yrs >= last_year - method.trend_years + 1
    x, y = yrs[keep], vals[keep]
    if len(x) < 2:
        raise ValueError(f"Trenden for {sektor} trenger tall for minst to år; fant "
                         f"{len(x)} i de siste {method.trend_years} årene")
    slope = float(np.polyfit(x.astype(float), y.astype(float), 1)[0])
    return [max(0.0, last + slope * (a - last_year)) for a in horizon]


def reference_path(utslipp: pd.DataFrame, kommunenummer: str, end_year: int,
                   method: ReferenceMethod | None = None) -> pd.DataFrame:
    """The reference path from the last known year to ``end_year``.

    Columns: aar, sektor, verdi; one row per sector and a ``Totalt`` row per year. The last
    known year is included (equal to the history), so the path joins the historical line.
    The total is the last known total scaled by the projected sum of the sectors over their
    last known sum, so it starts exactly at the source's total. When the last year has no
    sector figures, the total is projected on its own.
    """
    method = method or ReferenceMethod()
    yrs_all = years(utslipp, kommunenummer)
    if not yrs_all:
        return pd.DataFrame(columns=["aar", "sektor", "verdi"])
    last_year = yrs_all[-1]
    horizon = list(range(last_year, max(end_year, last_year) + 1))
    sec = sector_emissions(utslipp)
    sec = sec[sec["kommunenummer"] == kommunenummer]
    tot = total_emissions(utslipp)
    tot = tot[tot["kommunenummer"] == kommunenummer].set_index("aar")
    last_total = float(tot.loc[last_year, "verdi"])
    rows = []
    last_sec = sec[sec["aar"] == last_year]
    if not last_sec.empty:
        projected = np.zeros(len(horizon))
        for sektor in _sector_order(last_sec["sektor"]):
            s = sec[sec["sektor"] == sektor].sort_values("aar")
            last = float(s.loc[s["aar"] == last_year, "verdi"].iloc[0])
            vals = _project(last, s["aar"].to_numpy(int), s["verdi"].to_numpy(float), horizon,
                            last_year, sektor, method)
            projected += np.array(vals)
            rows += [{"aar": a, "sektor": sektor, "verdi": v}
                     for a, v in zip(horizon, vals, strict=True)]
        base = float(last_sec["verdi"].sum())
        scale = projected / base if base else np.ones(len(horizon))
        totals = last_total * scale
    else:
        totals = _project(last_total, tot.index.to_numpy(int), tot["verdi"].to_numpy(float),
                          horizon, last_year, TOTALT, method)
    rows += [{"aar": a, "sektor": TOTALT, "verdi": float(v)}
             for a, v in zip(horizon, totals, strict=True)]
    out = pd.DataFrame(rows)
    out["aar"] = out["aar"].astype(int)
    return out


def reduction_target(mal: pd.DataFrame, kommunenummer: str,
                     mal_id: str | None = None) -> dict | None:
    """The municipality's percentage-cut target (the named one, or the first of type
    ``reduksjon`` with a base year and a percentage), as a dict; ``None`` when there is none."""
    m = mal[mal["kommunenummer"] == kommunenummer]
    if mal_id is not None:
        m = m[m["mal"] == mal_id]
    m = m[(m["type"] == "reduksjon") & m["basisaar"].notna() & m["reduksjon_pst"].notna()]
    if m.empty:
        return None
    row = m.sort_values("maalaar").iloc[0]
    return {"mal": row["mal"], "basisaar": int(row["basisaar"]), "maalaar": int(row["maalaar"]),
            "reduksjon_pst": float(row["reduksjon_pst"]), "formulering": row["formulering"]}


def baseline(utslipp: pd.DataFrame, kommunenummer: str, basisaar: int) -> float | None:
    """Total emissions in the base year, or ``None`` when the data does not have that year."""
    tot = total_emissions(utslipp)
    hit = tot[(tot["kommunenummer"] == kommunenummer) & (tot["aar"] == basisaar)]
    return None if hit.empty else float(hit["verdi"].iloc[0])


def target_path(utslipp: pd.DataFrame, kommunenummer: str,
                target: dict | None) -> pd.DataFrame:
    """A straight line from the last known total to the target level in the target year.

    Columns: aar, verdi. Empty when there is no target or its base year is missing.
    """
    empty = pd.DataFrame(columns=["aar", "verdi"])
    if target is None:
        return empty
    base = baseline(utslipp, kommunenummer, target["basisaar"])
    yrs = years(utslipp, kommunenummer)
    if base is None or not yrs:
        return empty
    level = base * (1 - target["reduksjon_pst"] / 100)
    tot = total_emissions(utslipp).set_index(["kommunenummer", "aar"])["verdi"]
    last_year = yrs[-1]
    if target["maalaar"] <= last_year:
        return pd.DataFrame({"aar": [target["maalaar"]], "verdi": [level]})
    start = float(tot[(kommunenummer, last_year)])
    span = target["maalaar"] - last_year
    aar = list(range(last_year, target["maalaar"] + 1))
    return pd.DataFrame({"aar": aar,
                         "verdi": [start + (level - start) * (a - last_year) / span
                                   for a in aar]})


def emission_paths(utslipp: pd.DataFrame, tiltak: pd.DataFrame, reduksjon: pd.DataFrame,
                   kommunenummer: str, end_year: int, method: ReferenceMethod | None = None,
                   types: Iterable[str] = TILTAK_TYPER, target: dict | None = None,
                   long_term_after_table: bool = True) -> pd.DataFrame:
    """Every line of the klimabudsjett chart, long format: columns aar, bane, verdi.

    ``bane`` is one of Historiske utslipp, Referansebane, Med tiltak, Målbane; a line the
    data cannot give is left out. ``tiltak``/``reduksjon`` are one municipality's measures
    for one budget year. "Med tiltak" is the reference path minus the measures' reduction
    beyond what they already gave in the last known year (that part is in the history).
    """
    tot = total_emissions(utslipp)
    tot = tot[tot["kommunenummer"] == kommunenummer]
    parts = [pd.DataFrame({"aar": tot["aar"].astype(int), "bane": BANE_HISTORIE,
                           "verdi": tot["verdi"]})]
    ref = reference_path(utslipp, kommunenummer, end_year, method)
    ref_tot = ref[ref["sektor"] == TOTALT][["aar", "verdi"]]
    if not ref_tot.empty:
        parts.append(ref_tot.assign(bane=BANE_REFERANSE))
        types = list(types)
        if not tiltak.empty and types:
            effect = measures_effect(tiltak, reduksjon, ref_tot["aar"], types,
                                     long_term_after_table)
            extra = effect - effect.iloc[0]
            with_measures = ref_tot.set_index("aar")["verdi"] - extra
            parts.append(pd.DataFrame({"aar": with_measures.index.astype(int),
                                       "bane": BANE_TILTAK,
                                       "verdi": with_measures.to_numpy()}))
    tp = target_path(utslipp, kommunenummer, target)
    if not tp.empty:
        parts.append(tp.assign(bane=BANE_MAL))
    out = pd.concat(parts, ignore_index=True)[["aar", "bane", "verdi"]]
    out["aar"] = out["aar"].astype(int)
    out["verdi"] = out["verdi"].astype(float)
    return out


@dataclass
class Gap:
    """The reduction a target requires in its target year against what the measures give.

    Tonnes unless the name ends in ``_pst`` (percent) or ``_pp`` (percentage points).
    ``None`` where the data does not allow the figure; ``mangler`` says why, in bokmål.
    """

    mal: str | None
    basisaar: int | None
    maalaar: int | None
    mal_reduksjon_pst: float | None
    basisutslipp: float | None = None
    malnivaa: float | None = None
    siste_aar: int | None = None
    siste_utslipp: float | None = None
    kutt_hittil_pst: float | None = None
    referanse_maalaar: float | None = None
    tiltak_maalaar: float | None = None
    med_tiltak_maalaar: float | None = None
    paakrevd_reduksjon: float | None = None
    gap: float | None = None
    tiltak_dekker_pst: float | None = None
    kutt_med_tiltak_pst: float | None = None
    gap_pp: float | None = None
    mangler: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.gap is not None


def target_gap(utslipp: pd.DataFrame, tiltak: pd.DataFrame, reduksjon: pd.DataFrame,
               kommunenummer: str, target: dict | None, method: ReferenceMethod | None = None,
               types: Iterable[str] = TILTAK_TYPER, long_term_after_table: bool = True) -> Gap:
    """The gap between the target and the reference path with the measures, in the target
    year.

    * target level = baseline × (1 − cut/100)
    * required reduction = reference path in the target year − target level
    * gap = required reduction − the measures' added reduction in the target year
      (positive: the measures are not enough; negative: they overshoot)
    * cut with measures = (baseline − path with measures) / baseline × 100, and the gap in
      percentage points = target cut − cut with measures.
    """
    if target is None:
        return Gap(None, None, None, None,
                   mangler=[Note("Kommunen har ikke noe mål med basisår og prosentvis "
                                 "kutt i grunnlaget.",
                                 "Legg målet inn i `data/klima_mal.csv` (basisår, målår og "
                                 "prosentvis kutt), eller velg det med parameteren `mal`.")])
    g = Gap(target["mal"], target["basisaar"], target["maalaar"], target["reduksjon_pst"])
    yrs = years(utslipp, kommunenummer)
    if not yrs:
        g.mangler.append(Note("Grunnlaget har ingen utslippstall for kommunen.",
                              "Ingen utslippstall for kommunen i `data/klima_utslipp.csv`."))
        return g
    tot = total_emissions(utslipp)
    tot = tot[tot["kommunenummer"] == kommunenummer].set_index("aar")["verdi"]
    g.siste_aar, g.siste_utslipp = yrs[-1], float(tot[yrs[-1]])
    g.basisutslipp = baseline(utslipp, kommunenummer, target["basisaar"])
    if g.siste_aar >= target["maalaar"]:
        # The target year is history: the measures' effect is already in the figure.
        g.referanse_maalaar = float(tot[target["maalaar"]]) if target["maalaar"] in tot else None
        g.tiltak_maalaar = 0.0
    else:
        ref = reference_path(utslipp, kommunenummer, target["maalaar"], method)
        ref = ref[ref["sektor"] == TOTALT].set_index("aar")["verdi"]
        g.referanse_maalaar = float(ref[target["maalaar"]])
        g.tiltak_maalaar = 0.0
        types = list(types)
        if not tiltak.empty and types:
            eff = measures_effect(tiltak, reduksjon, [g.siste_aar, target["maalaar"]], types,
                                  long_term_after_table)
            g.tiltak_maalaar = float(eff[target["maalaar"]] - eff[g.siste_aar])
    if g.referanse_maalaar is not None:
        g.med_tiltak_maalaar = g.referanse_maalaar - g.tiltak_maalaar
    if g.basisutslipp is None:
        g.mangler.append(Note(
            f"Utslippet i basisåret {target['basisaar']} er ikke med i grunnlaget, så "
            "målnivået og gapet kan ikke regnes ut.",
            f"Utslippet i basisåret {target['basisaar']} mangler i `data/klima_utslipp.csv`. "
            f"Legg inn Miljødirektoratets tall for {target['basisaar']} (per sektor, eller som "
            "«Totalt»)."))
        return g
    if g.referanse_maalaar is None:
        g.mangler.append(f"Utslippet i målåret {target['maalaar']} mangler.")
        return g
    g.malnivaa = g.basisutslipp * (1 - target["reduksjon_pst"] / 100)
    g.kutt_hittil_pst = (g.basisutslipp - g.siste_utslipp) / g.basisutslipp * 100
    g.paakrevd_reduksjon = g.referanse_maalaar - g.malnivaa
    g.gap = g.paakrevd_reduksjon - g.tiltak_maalaar
    if g.paakrevd_reduksjon > 0:
        g.tiltak_dekker_pst = g.tiltak_maalaar / g.paakrevd_reduksjon * 100
    g.kutt_med_tiltak_pst = (g.basisutslipp - g.med_tiltak_maalaar) / g.basisutslipp * 100
    g.gap_pp = target["reduksjon_pst"] - g.kutt_med_tiltak_pst
    return g


# ---------------------------------------------------------------- key figures


def key_figures(data: Mapping[str, pd.DataFrame], kommunenummer: str,
                sammenligning: list[str] | None = None, budsjettaar: int | None = None,
                method: ReferenceMethod | None = None,
                types: Iterable[str] = TILTAK_TYPER) -> pd.DataFrame:
    """The report's key figures (rapport ``klimabudsjett``).

    * ``utslipp`` (tonn CO2e) per municipality (chosen and comparison) and year, dimensjon
      the sector and ``Totalt``;
    * ``utslipp_per_innb`` (tonn CO2e per innbygger, dimensjon ``Totalt``) where the
      folketall at the end of the emission year is in the data;
    * ``utslipp_andel_pst`` (%) per sector and year for the chosen municipality;
    * ``tiltak_reduksjon`` (tonn CO2e) per year, dimensjon direkte/indirekte/totalt, for the
      years the measure tables cover;
    * ``tiltak_reduksjon_langsiktig`` (tonn CO2e), ``tiltak_antall`` and
      ``tiltak_kvantifisert_antall`` (antall) for the budget year, same dimensjon;
    * ``mal_paakrevd_reduksjon`` and ``mal_gap`` (tonn CO2e, aar = target year, dimensjon =
      the target) only when the baseline is known.

    Values are rounded as the report shows them (one decimal; counts whole).
    """
    kommuner = data["kommuner"]
    names = dict(zip(kommuner["kommunenummer"], kommuner["navn"], strict=True))
    utslipp = data.get("klima_utslipp")
    rec: list[dict] = []

    # Written as the report shows them: tonnes and % to one decimal, counts whole.
    decimals = {"antall": 0}

    def add(nokkel: str, knr: str, aar: int, dim: str, verdi: float, enhet: str) -> None:
        if verdi is None or pd.isna(verdi):
            return
        rec.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": names[knr], "aar": aar,
                    "dimensjon": dim, "verdi": float(verdi), "enhet": enhet,
                    "desimaler": decimals.get(enhet, 1)})

    alle = [kommunenummer] + [k for k in (sammenligning or []) if k != kommunenummer]
    if utslipp is not None and not utslipp.empty:
        sec = sector_emissions(utslipp)
        tot = total_emissions(utslipp)
        for r in sec[sec["kommunenummer"].isin(alle)].itertuples(index=False):
            add("utslipp", r.kommunenummer, int(r.aar), r.sektor, r.verdi, UNIT)
        for r in tot[tot["kommunenummer"].isin(alle)].itertuples(index=False):
            add("utslipp", r.kommunenummer, int(r.aar), TOTALT, r.verdi, UNIT)
        for aar in sorted(set(tot["aar"])):
            pc = per_capita(utslipp, data.get("folketall"), alle, int(aar))
            for r in pc.itertuples(index=False):
                add("utslipp_per_innb", r.kommunenummer, int(aar), TOTALT,
                    r.tonn_per_innbygger, "tonn CO2e per innbygger")
        for aar in years(utslipp, kommunenummer):
            st = sector_table(utslipp, kommunenummer, aar)
            for r in st[st["sektor"] != TOTALT].itertuples(index=False):
                add("utslipp_andel_pst", kommunenummer, aar, r.sektor, r.andel_pst, "%")

    tiltak_all = data.get("klima_tiltak")
    red_all = data.get("klima_tiltak_reduksjon")
    if tiltak_all is not None and red_all is not None:
        t, r = select_measures(tiltak_all, red_all, kommunenummer, budsjettaar)
        if not t.empty:
            b_aar = int(t["budsjettaar"].iloc[0])
            by_year = reductions_by_year(t, r)
            for row in by_year.itertuples(index=False):
                for dim in [*TILTAK_TYPER, "totalt"]:
                    add("tiltak_reduksjon", kommunenummer, int(row.aar), dim,
                        getattr(row, dim), UNIT)
            for row in long_term_by_type(t).itertuples(index=False):
                add("tiltak_reduksjon_langsiktig", kommunenummer, b_aar, row.type,
                    row.reduksjon_langsiktig, UNIT)
            for row in measure_counts(t, r).itertuples(index=False):
                add("tiltak_antall", kommunenummer, b_aar, row.type, row.antall, "antall")
                add("tiltak_kvantifisert_antall", kommunenummer, b_aar, row.type,
                    row.kvantifisert, "antall")
            mal = data.get("klima_mal")
            target = reduction_target(mal, kommunenummer) if mal is not None else None
            if target is not None and utslipp is not None and not utslipp.empty:
                gap = target_gap(utslipp, t, r, kommunenummer, target, method, types)
                if gap.known:
                    add("mal_paakrevd_reduksjon", kommunenummer, gap.maalaar, gap.mal,
                        gap.paakrevd_reduksjon, UNIT)
                    add("mal_gap", kommunenummer, gap.maalaar, gap.mal, gap.gap, UNIT)
    return key_figure_frame(rec)


# ================================================================ presentation
# Everything below is what notebooks/klimabudsjett.ipynb shows: one analysis bundle, display
# tables with Norwegian labels, charts in the shared look, and generated commentary (bokmål).

TYPE_NAVN = {"direkte": "Direkte", "indirekte": "Indirekte", "totalt": "Totalt"}
METODE_NAVN = {"flat": "flat", "endring": "fast endring per år", "trend": "lineær trend"}
MAL_TYPE_NAVN = {"reduksjon": "Kutt mot basisår", "klimanoytral": "Klimanøytral",
                 "lavutslippssamfunn": "Lavutslippssamfunn"}
BANE_ORDER = [BANE_HISTORIE, BANE_REFERANSE, BANE_TILTAK, BANE_MAL]
UNIT_LABEL = "tonn CO2-ekv."


@dataclass
class Analysis:
    """Everything the klimabudsjett report shows, computed once by :func:`analyse`."""

    kommune: Kommune
    peers: list[Kommune]
    budsjettaar: int
    plan_years: list[int]
    method: ReferenceMethod
    types: list[str]
    long_term_after_table: bool
    end_year: int
    emission_year: int | None
    sectors: pd.DataFrame
    sources: pd.DataFrame
    comparison: pd.DataFrame
    per_capita: pd.DataFrame
    measures: pd.DataFrame
    reductions: pd.DataFrame
    measure_budget_year: int | None
    targets: pd.DataFrame
    target: dict | None
    paths: pd.DataFrame
    gap: Gap
    data: dict[str, pd.DataFrame] = field(repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def has_measures(self) -> bool:
        return not self.measures.empty

    @property
    def peer_numbers(self) -> list[str]:
        return [p.kommunenummer for p in self.peers]


def make_method(metode: str = "flat", endring_pst: Mapping[str, float] | None = None,
                endring_alle_pst: float = 0.0, trendaar: int = 5) -> ReferenceMethod:
    """The reference-path method from the notebook's parameters."""
    if metode == "endring" and endring_pst:
        return ReferenceMethod("endring", dict(endring_pst), trendaar, endring_alle_pst)
    if metode == "endring":
        return ReferenceMethod("endring", endring_alle_pst, trendaar)
    return ReferenceMethod(metode, 0.0, trendaar)


def analyse(data: Mapping[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            sammenligning: list[str] | None = None, planperiode_aar: int = 4,
            method: ReferenceMethod | None = None,
            tiltak_typer: Iterable[str] = TILTAK_TYPER, langsiktig_etter_tabell: bool = True,
            mal: str = "", sluttaar: int = 2030) -> Analysis:
    """Compute everything the report shows."""
    from helpers.data.coverage import missing_years_text, require_year
    from helpers.data.kommuner import comparison, resolve

    data = data if isinstance(data, dict) else dict(data)  # keeps hop build's read tracking
    k = resolve(data["kommuner"], kommune)
    peers = comparison(data["kommuner"], k, sammenligning)
    types = [t for t in tiltak_typer if t in TILTAK_TYPER]
    unknown = [t for t in tiltak_typer if t not in TILTAK_TYPER]
    if unknown:
        raise ValueError(f"Ukjent type tiltak {unknown}; bruk «direkte» og/eller «indirekte»")
    method = method or ReferenceMethod()
    utslipp = data["klima_utslipp"]
    knr = k.kommunenummer
    yrs = years(utslipp, knr)
    emission_year = yrs[-1] if yrs else None
    notes = []
    if method.method == "trend" and yrs:
        try:
            reference_path(utslipp, knr, yrs[-1] + 1, method)
        except ValueError as exc:
            notes.append(f"Referansebanen kan ikke følge trenden for {k.navn}: {exc}. Banen er "
                         "derfor holdt flat.")
            method = ReferenceMethod("flat")
    sectors = sector_table(utslipp, knr, emission_year) if yrs else pd.DataFrame()
    sources = source_table(utslipp, knr, emission_year) if yrs else pd.DataFrame()
    # Compare in the chosen municipality's latest year (the peers' figures for that year).
    nrs = [knr] + [p.kommunenummer for p in peers]
    cmp_ = comparison_table(utslipp, nrs, emission_year) if yrs else pd.DataFrame()
    pc = per_capita(utslipp, data.get("folketall"), nrs, emission_year) if yrs \
        else pd.DataFrame()
    # A budget year no climate budget covers stops the report; a plan period it only
    # partly covers is said on page 1.
    covered = plan_years_covered(data["klima_tiltak"], knr)
    if covered:
        what = f"klimabudsjettene for {k.navn}"
        budsjettaar = require_year("budsjettaar", budsjettaar, covered, what)
        gap_note = missing_years_text(range(budsjettaar, budsjettaar + planperiode_aar),
                                      covered, what, "Planperioden")
        if gap_note:
            notes.append(gap_note)
    t, r = select_measures(data["klima_tiltak"], data["klima_tiltak_reduksjon"], knr,
                           budget_for_year(data["klima_tiltak"], knr, budsjettaar))
    mb_year = int(t["budsjettaar"].iloc[0]) if not t.empty else None
    targets = data["klima_mal"][data["klima_mal"]["kommunenummer"] == knr].reset_index(drop=True)
    target = reduction_target(data["klima_mal"], knr, mal or None)
    end_year = max([sluttaar, budsjettaar + planperiode_aar - 1]
                   + ([target["maalaar"]] if target else []))
    paths = (emission_paths(utslipp, t, r, knr, end_year, method, types, target,
                            langsiktig_etter_tabell) if yrs else pd.DataFrame(
        columns=["aar", "bane", "verdi"]))
    gap = target_gap(utslipp, t, r, knr, target, method, types, langsiktig_etter_tabell)
    return Analysis(
        kommune=k, peers=peers, budsjettaar=budsjettaar,
        plan_years=list(range(budsjettaar, budsjettaar + planperiode_aar)), method=method,
        types=types, long_term_after_table=langsiktig_etter_tabell, end_year=end_year,
        emission_year=emission_year, sectors=sectors, sources=sources, comparison=cmp_,
        per_capita=pc, measures=t, reductions=r, measure_budget_year=mb_year,
        targets=targets, target=target, paths=paths, gap=gap, data=data, notes=notes,
    )


def _t(v: float | None, decimals: int = 1) -> str:
    return fmt_number(v, decimals)


def _names(a: Analysis) -> dict[str, str]:
    return dict(zip(a.data["kommuner"]["kommunenummer"], a.data["kommuner"]["navn"],
                    strict=True))


# ---------------------------------------------------------------- tables


def targets_table(a: Analysis) -> pd.DataFrame:
    """The adopted climate targets, ready for display."""
    m = a.targets
    if m.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Mål": m["formulering"],
        "Type": m["type"].map(MAL_TYPE_NAVN),
        "Basisår": m["basisaar"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
        "Målår": m["maalaar"].astype(int).astype(str),
        "Kutt": m["reduksjon_pst"].map(lambda v: fmt_pct(v, 0)),
        "Plan": m["plan"] + m["vedtatt_aar"].map(lambda v: "" if pd.isna(v)
                                                 else f" ({int(v)})"),
    })


def sector_display(a: Analysis) -> pd.DataFrame:
    """Emissions by sector in the latest year: tonnes and share."""
    s = a.sectors
    if s.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Sektor": s["sektor"],
        f"Utslipp ({UNIT_LABEL})": s["verdi"].map(_t),
        "Andel": s["andel_pst"].map(fmt_pct),
    })


def source_display(a: Analysis) -> pd.DataFrame:
    s = a.sources
    if s.empty:
        return pd.DataFrame()
    return pd.DataFrame({"Sektor": s["sektor"], "Utslippskilde": s["utslippskilde"],
                         f"Utslipp ({UNIT_LABEL})": s["verdi"].map(_t)})


def comparison_display(a: Analysis) -> pd.DataFrame:
    """Sectors (rows) × municipalities (columns) in tonnes, with a per-inhabitant row."""
    c = a.comparison
    if c.empty:
        return pd.DataFrame()
    names = _names(a)
    out = c.map(_t)
    pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
    out.loc["Tonn per innbygger"] = [_t(pc.get(k), 1) for k in c.columns]
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    return out.reset_index()


def comparison_share_display(a: Analysis) -> pd.DataFrame:
    """Each municipality's sector shares in percent."""
    c = a.comparison
    if c.empty:
        return pd.DataFrame()
    names = _names(a)
    sec = c.drop(index=TOTALT, errors="ignore")
    shares = sec / sec.sum() * 100
    out = shares.map(fmt_pct)
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    return out.reset_index()


def measures_display(a: Analysis, typ: str) -> pd.DataFrame:
    """One type's measures: costs (1000 kr) and reduction per plan year (tonnes)."""
    tab = measure_table(a.measures, a.reductions, typ)
    if tab.empty:
        return pd.DataFrame()
    y0 = a.measure_budget_year or a.budsjettaar
    p_end = y0 + len(a.plan_years) - 1
    years_ = [y for y in a.plan_years if y in tab.columns]
    out = pd.DataFrame({
        "Tiltak": tab["tiltak"],
        "Sektor": tab["sektor"],
        f"Kostnad {y0}": tab["kostnad_budsjettaar"].map(lambda v: fmt_number(v, 0)),
        f"Kostnad {y0}–{p_end}": tab["kostnad_planperiode"].map(lambda v: fmt_number(v, 0)),
    })
    for y in years_:
        out[str(y)] = tab[y].map(_t)
    out["Langsiktig"] = tab["reduksjon_langsiktig"].map(_t)
    return out


def measures_all_zero(a: Analysis, typ: str) -> pd.Series:
    """Per row of :func:`measures_display`: True when every number of the measure (costs,
    the yearly and the long-term reduction) is 0 or missing."""
    tab = measure_table(a.measures, a.reductions, typ)
    if tab.empty:
        return pd.Series(dtype=bool)
    numbers = ["kostnad_budsjettaar", "kostnad_planperiode", "reduksjon_langsiktig",
               *[y for y in a.plan_years if y in tab.columns]]
    return (tab[numbers].astype(float).fillna(0) == 0).all(axis=1)


def measures_print(a: Analysis, typ: str) -> tuple[pd.DataFrame, str]:
    """The measures of one type for print, where a long list of rows that are all 0 says
    nothing: the rows with at least one number other than 0 (a table, maybe empty), and
    one sentence naming the others compactly, by sector (issue 11). The HTML keeps the
    whole table (:func:`measures_display`)."""
    full = measures_display(a, typ)
    if full.empty:
        return full, ""
    zero = measures_all_zero(a, typ).to_numpy()
    shown = full[~zero].reset_index(drop=True)
    rest = full[zero]
    if rest.empty:
        return shown, ""
    groups = []
    for sector, names in rest.groupby("Sektor", sort=True)["Tiltak"]:
        groups.append(f"*{md_text(sector)}:* " + "; ".join(md_text(n.strip()) for n in names))
    n, total = len(rest), len(full)
    lead = (f"Alle de {total} tiltakene" if n == total
            else f"{n} av de {total} tiltakene")
    return shown, (f"{lead} for {typ} utslipp har 0 i alle "
                   "tallene (ingen kostnad og ingen beregnet reduksjon). De er: "
                   + ". ".join(groups) + ". Hele tabellen står i nettversjonen av rapporten.")


def measures_description(a: Analysis) -> pd.DataFrame:
    """The measures that have a description, with owner and rammeområde."""
    t = a.measures
    if t.empty:
        return pd.DataFrame()
    t = t[t["beskrivelse"] != ""]
    return pd.DataFrame({
        "Tiltak": t["tiltak"],
        "Type": t["type"].map(TYPE_NAVN),
        "Rammeområde": t["rammeomraade"].replace("", "–"),
        "Beskrivelse": t["beskrivelse"],
    })


def by_year_display(a: Analysis) -> pd.DataFrame:
    by = reductions_by_year(a.measures, a.reductions)
    if by.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": by["aar"].astype(str),
        "Direkte": by["direkte"].map(_t),
        "Indirekte": by["indirekte"].map(_t),
        "Totalt": by["totalt"].map(_t),
    })


def by_sector_display(a: Analysis) -> pd.DataFrame:
    if not a.has_measures:
        return pd.DataFrame()
    sec = reductions_by_sector(a.measures, a.reductions)
    q = quantified(a.measures, a.reductions)
    kv = (a.measures.assign(k=a.measures["tiltak_id"].map(q)).groupby("sektor")["k"].sum())
    y = a.measure_budget_year
    out = pd.DataFrame({
        "Sektor": sec["sektor"],
        "Tiltak": sec["antall"].map(lambda v: fmt_number(v, 0)),
        "Med beregnet effekt": sec["sektor"].map(kv).map(lambda v: fmt_number(v, 0)),
        f"Reduksjon {y}": (sec[y].map(_t) if y in sec.columns else "–"),
        "Langsiktig": sec["reduksjon_langsiktig"].map(_t),
    })
    return out


def counts_display(a: Analysis) -> pd.DataFrame:
    c = measure_counts(a.measures, a.reductions)
    lt = long_term_by_type(a.measures).set_index("type")
    return pd.DataFrame({
        "Type": c["type"].map(TYPE_NAVN),
        "Tiltak": c["antall"].map(lambda v: fmt_number(v, 0)),
        "Med beregnet effekt": c["kvantifisert"].map(lambda v: fmt_number(v, 0)),
        "Uten beregnet effekt": c["ikke_kvantifisert"].map(lambda v: fmt_number(v, 0)),
        "Andel med effekt": [fmt_pct(k / n * 100 if n else None, 0)
                             for k, n in zip(c["kvantifisert"], c["antall"], strict=True)],
        "Kostnad i planperioden (1000 kr)": c["type"].map(
            lambda t: fmt_number(lt.loc[t, "kostnad_planperiode"], 0)),
    })


def gap_display(a: Analysis) -> pd.DataFrame:
    """The gap arithmetic line by line (only the lines the data allow)."""
    g = a.gap
    if g.mal is None:
        return pd.DataFrame()
    rows = [
        (f"Utslipp i basisåret {g.basisaar}", _t(g.basisutslipp)),
        (f"Målnivå i {g.maalaar} ({fmt_pct(g.mal_reduksjon_pst, 0)} under {g.basisaar})",
         _t(g.malnivaa)),
        (f"Siste kjente utslipp ({g.siste_aar})", _t(g.siste_utslipp)),
        (f"Referansebanen i {g.maalaar}", _t(g.referanse_maalaar)),
        (f"Påkrevd reduksjon i {g.maalaar} (referansebane − målnivå)",
         _t(g.paakrevd_reduksjon)),
        (f"Tiltakenes reduksjon i {g.maalaar}", _t(g.tiltak_maalaar)),
        ("Gap (påkrevd reduksjon − tiltakene)", _t(g.gap)),
        ("Tiltakene dekker av påkrevd reduksjon", fmt_pct(g.tiltak_dekker_pst)),
        (f"Kutt fra {g.basisaar} med tiltakene", fmt_pct(g.kutt_med_tiltak_pst)),
        ("Gap i prosentpoeng (målet − kutt med tiltakene)",
         "–" if g.gap_pp is None else fmt_number(g.gap_pp, 1) + "\u00a0pp"),
    ]
    return pd.DataFrame(rows, columns=["Post", f"Verdi ({UNIT_LABEL} / %)"])


# ---------------------------------------------------------------- charts


def chart_sectors(a: Analysis) -> alt.LayerChart | None:
    s = a.sectors
    if s.empty:
        return None
    df = s[(s["sektor"] != TOTALT)]
    bars = alt.Chart(
        df, title=f"Utslipp etter sektor i {a.kommune.navn} {a.emission_year} ({UNIT_LABEL})"
    ).mark_bar(height=16, color=charts.HIGHLIGHT).encode(
        y=alt.Y("sektor:N", title=None, sort="-x"),
        x=alt.X("verdi:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("sektor:N", title="Sektor"),
                 alt.Tooltip("verdi:Q", format=",.1f", title="Tonn")],
    )
    labels = bars.mark_text(align="left", dx=3, fontSize=10, color="#222222").encode(
        text=alt.Text("verdi:Q", format=",.0f"))
    return (bars + labels).properties(width=charts.WIDTH - 160, height=22 * len(df))


def chart_comparison(a: Analysis, per_innbygger: bool = False) -> alt.LayerChart | None:
    c = a.comparison
    if c.empty:
        return None
    names = _names(a)
    if per_innbygger:
        pc = a.per_capita.dropna(subset=["tonn_per_innbygger"])
        if len(pc) < 2:
            return None
        df = pd.DataFrame({"kommune": pc["kommunenummer"].map(names),
                           "verdi": pc["tonn_per_innbygger"]})
        title = f"Utslipp per innbygger {a.emission_year} (tonn CO2-ekv.)"
        fmt = ",.1f"
    else:
        df = pd.DataFrame({"kommune": [names[k] for k in c.columns],
                           "verdi": c.loc[TOTALT].to_numpy(float)})
        title = f"Samlet utslipp {a.emission_year} ({UNIT_LABEL})"
        fmt = ",.0f"
    # the numbers at the bars with one decimal, as in the tables and the text (issue 11:
    # one figure, one precision on a page); the axis in whole tonnes
    return charts.ranked_bars(df, category="kommune", value="verdi", highlight=a.kommune.navn,
                              title=title, x_title=UNIT_LABEL if not per_innbygger else
                              "tonn per innbygger", x_format=fmt, label_format=",.1f")


def chart_measures_by_year(a: Analysis) -> alt.Chart | None:
    if not a.has_measures:
        return None
    by = reductions_by_year(a.measures, a.reductions)
    long = by.melt(id_vars="aar", value_vars=list(TILTAK_TYPER), var_name="type",
                   value_name="reduksjon").dropna()
    long["type"] = long["type"].map(TYPE_NAVN)
    if (long["reduksjon"] == 0).all():
        return None
    domain = [TYPE_NAVN[t] for t in TILTAK_TYPER]
    return alt.Chart(long, title="Beregnet reduksjon fra tiltakene per år (tonn CO2-ekv.)"
                     ).mark_bar(stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("reduksjon:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.1f"),
                stack="zero"),
        color=alt.Color("type:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain,
                                        range=[charts.HIGHLIGHT, charts.HIGHLIGHT_LIGHT])),
        tooltip=[alt.Tooltip("aar:O", title="År"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("reduksjon:Q", format=",.1f", title="Tonn")],
    ).properties(width=charts.WIDTH, height=200)


def chart_paths(a: Analysis) -> alt.LayerChart | None:
    """The klimabudsjett chart: history, reference path, path with measures, target path."""
    p = a.paths
    if p.empty:
        return None
    present = [b for b in BANE_ORDER if b in set(p["bane"])]
    style = {
        BANE_HISTORIE: (charts.HIGHLIGHT, [1, 0], 3.0),
        BANE_REFERANSE: ("#737373", [6, 3], 2.0),
        BANE_TILTAK: (charts.HIGHLIGHT_LIGHT, [2, 2], 2.5),
        BANE_MAL: (charts.THRESHOLD, [8, 4], 2.0),
    }
    colors = [style[b][0] for b in present]
    dashes = [style[b][1] for b in present]
    widths = [style[b][2] for b in present]
    base = alt.Chart(p, title=f"Klimagassutslipp i {a.kommune.navn} ({UNIT_LABEL})").encode(
        x=alt.X("aar:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("verdi:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.0f"),
                scale=alt.Scale(zero=True)),
        color=alt.Color("bane:N", title=None, sort=present,
                        scale=alt.Scale(domain=present, range=colors),
                        legend=alt.Legend(symbolType="stroke", symbolSize=400)),
        tooltip=[alt.Tooltip("bane:N", title="Linje"), alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("verdi:Q", format=",.1f", title="Tonn")],
    )
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash("bane:N", sort=present, title=None,
                                  scale=alt.Scale(domain=present, range=dashes)),
        strokeWidth=alt.StrokeWidth("bane:N", sort=present, title=None,
                                    scale=alt.Scale(domain=present, range=widths)),
    )
    points = base.transform_filter(f"datum.bane == '{BANE_HISTORIE}'").mark_point(
        filled=True, size=50)
    return (lines + points).properties(width=charts.WIDTH, height=charts.HEIGHT)


# ---------------------------------------------------------------- text


def path_assumptions(a: Analysis) -> str:
    """Every assumption behind the chart, for the text under it."""
    parts = []
    if a.emission_year is not None:
        yrs = years(a.data["klima_utslipp"], a.kommune.kommunenummer)
        hist = (f"Historiske utslipp: Miljødirektoratets tall for {yrs[0]}–{yrs[-1]}"
                if len(yrs) > 1 else
                f"Historiske utslipp: bare ett år med tall ({yrs[0]}), så grafen viser ingen "
                "historisk utvikling")
        parts.append(hist + ".")
    parts.append(a.method.describe() + f" Banen går til {a.end_year}.")
    if a.has_measures:
        typer = fmt_list([TYPE_NAVN[t].lower() for t in a.types]) or "ingen"
        txt = (f"Banen med tiltak trekker fra beregnet reduksjon for {typer} tiltak i "
               f"klimabudsjettet for {a.measure_budget_year}, utover det tiltakene alt ga i "
               "siste år med utslippstall.")
        if a.long_term_after_table:
            txt += " Etter siste år i tiltakstabellen brukes tiltakets langsiktige reduksjon."
        else:
            txt += " Etter siste år i tiltakstabellen regnes ingen reduksjon."
        if "indirekte" in a.types:
            txt += (" Indirekte tiltak kutter utslipp utenfor kommunen (f.eks. fra produksjon av "
                    "varer) og vil ikke synes i Miljødirektoratets tall, så banen med tiltak er "
                    "optimistisk.")
        parts.append(txt)
        wide = a.paths.pivot(index="aar", columns="bane", values="verdi")
        if {BANE_REFERANSE, BANE_TILTAK} <= set(wide.columns):
            end = wide[[BANE_REFERANSE, BANE_TILTAK]].dropna().iloc[-1]
            diff = end[BANE_REFERANSE] - end[BANE_TILTAK]
            if end[BANE_REFERANSE] and abs(diff) < 0.01 * end[BANE_REFERANSE]:
                parts.append(
                    f"I {int(end.name)} skiller banen med tiltak seg fra referansebanen med "
                    f"{_t(diff)} tonn ({fmt_pct(diff / end[BANE_REFERANSE] * 100, 2)}), så de "
                    "to linjene ligger nesten oppå hverandre.")
    else:
        parts.append(f"Det finnes ingen klimatiltak for {a.kommune.navn} i dataene, så banen "
                     "med tiltak mangler.")
    if a.target is not None:
        if a.gap.malnivaa is not None:
            parts.append(f"Målbanen går i rett linje fra siste kjente utslipp til målnivået i "
                         f"{a.target['maalaar']} ({fmt_pct(a.target['reduksjon_pst'], 0)} under "
                         f"{a.target['basisaar']}).")
        else:
            parts.append(f"Målbanen mangler fordi utslippet i basisåret {a.target['basisaar']} "
                         "ikke finnes i dataene.")
    return " ".join(parts)


def missing_data(a: Analysis) -> list[str]:
    """Plain statements of what the data lack, and how to add it (what the gap lacks is
    in ``a.gap.mangler``, shown with the gap)."""
    k = a.kommune
    out = []
    if a.emission_year is None:
        out.append(Note(
            f"Grunnlaget har ingen utslippstall for {k.navn}.",
            f"Ingen utslippstall for {k.navn} i `data/klima_utslipp.csv`. Legg inn "
            "Miljødirektoratets tall per sektor (kolonnene kommunenummer, aar, sektor, verdi i "
            "tonn CO2-ekvivalenter, datatype statistikk, kilde)."))
    else:
        yrs = years(a.data["klima_utslipp"], k.kommunenummer)
        if len(yrs) == 1:
            out.append(Note(
                f"Utslippstallene for {k.navn} i grunnlaget gjelder bare {yrs[0]}, så "
                "rapporten kan ikke vise historisk utvikling eller trend.",
                "Miljødirektoratet publiserer utslippsserien fra 2009; legg inn alle årene i "
                "`data/klima_utslipp.csv` for å få historisk utvikling, trend og målnivå."))
        missing_pc = [p for p in a.per_capita.itertuples(index=False)
                      if pd.isna(p.tonn_per_innbygger)]
        if missing_pc:
            names = _names(a)
            who = fmt_list([names[p.kommunenummer] for p in missing_pc])
            out.append(Note(
                f"Folketallet for {a.emission_year} er ikke med i grunnlaget for {who}, så "
                "utslipp per innbygger vises bare der folketallet er kjent.",
                f"Folketall for {a.emission_year} mangler for {who} i `data/folketall.csv`."))
        peers_missing = [p.navn for p in a.peers
                         if p.kommunenummer not in a.comparison.columns]
        if peers_missing:
            out.append(f"Utslippstall for {a.emission_year} mangler for "
                       f"{fmt_list(peers_missing)}.")
    if not a.has_measures:
        out.append(Note(
            f"Grunnlaget har ingen klimatiltak for {k.navn}.",
            f"Ingen klimatiltak for {k.navn} i `data/klima_tiltak.csv` og "
            "`data/klima_tiltak_reduksjon.csv`."))
    elif a.measure_budget_year != a.budsjettaar:
        out.append(f"Klimatiltakene for budsjettåret {a.budsjettaar} finnes ikke; rapporten viser "
                   f"tiltakene fra klimabudsjettet for {a.measure_budget_year}.")
    return out + a.notes


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    return [
        "Referansebanen velges med parameteren `referansebane_metode` (flat, endring eller "
        "trend; med `referansebane_endring_pst`, `referansebane_endring_alle_pst` og "
        "`referansebane_trendaar`); tiltakene som trekkes fra, med `tiltak_typer` og "
        "`langsiktig_etter_tabell`; målet med `mal`, og grafens siste år med `sluttaar`.",
    ]


def commentary(a: Analysis) -> str:
    """A few sentences generated from the figures."""
    k = a.kommune
    parts = []
    if a.emission_year is not None and not a.sectors.empty:
        s = a.sectors[a.sectors["sektor"] != TOTALT].sort_values("verdi", ascending=False)
        total = float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
        top = s.head(3)
        lead = (f"I {a.emission_year} var klimagassutslippene i {k.navn} "
                f"{_t(total)} tonn CO2-ekvivalenter. ")
        lead += (f"Den største sektoren var {top.iloc[0]['sektor'].lower()} med "
                 f"{fmt_pct(top.iloc[0]['andel_pst'])} av utslippene")
        if len(top) > 1:
            rest = [f"{r.sektor.lower()} ({fmt_pct(r.andel_pst)})"
                    for r in top.iloc[1:].itertuples(index=False)]
            lead += f", fulgt av {fmt_list(rest)}"
        parts.append(lead + ".")
        pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
        if not pd.isna(pc.get(k.kommunenummer)):
            parts.append(f"Det tilsvarer {fmt_number(pc[k.kommunenummer], 1)} tonn per "
                         "innbygger.")
        if len(a.comparison.columns) > 1:
            tot = a.comparison.loc[TOTALT].sort_values()
            rank = list(tot.index).index(k.kommunenummer) + 1
            parts.append(f"Av de {len(tot)} kommunene i sammenligningen har {k.navn} "
                         + ("lavest" if rank == 1 else "høyest" if rank == len(tot)
                            else "nest lavest" if rank == 2 else f"nummer {rank} lavest")
                         + " samlet utslipp.")
    if a.has_measures:
        c = measure_counts(a.measures, a.reductions).set_index("type")
        n, q = int(c.loc["totalt", "antall"]), int(c.loc["totalt", "kvantifisert"])
        txt = (f"Klimabudsjettet for {a.measure_budget_year} har {n} tiltak "
               f"({int(c.loc['direkte', 'antall'])} for direkte og "
               f"{int(c.loc['indirekte', 'antall'])} for indirekte utslipp). ")
        if q == 0:
            txt += "Ingen av dem har en beregnet utslippseffekt."
        else:
            kinds = [TYPE_NAVN[t].lower() for t in TILTAK_TYPER if c.loc[t, "kvantifisert"]]
            txt += (f"Bare {q} av dem har en beregnet utslippseffekt"
                    + (f", alle for {kinds[0]} utslipp" if len(kinds) == 1 else "") + ".")
        parts.append(txt)
        by = reductions_by_year(a.measures, a.reductions).set_index("aar")
        y = a.measure_budget_year
        lt = long_term_by_type(a.measures).set_index("type")
        if y in by.index and not pd.isna(by.loc[y, "totalt"]):
            total = (float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
                     if a.emission_year is not None and not a.sectors.empty else None)
            red = float(by.loc[y, "totalt"])
            long_term = lt.loc["totalt", "reduksjon_langsiktig"]
            # Each share is computed from the figure it stands beside.
            first = tonnes_with_share(red, total, a.emission_year, first=True)
            second = tonnes_with_share(long_term, total, a.emission_year)
            parts.append(f"Til sammen gir tiltakene {first} lavere utslipp i {y} og "
                         f"{second} lavere per år på lang sikt.")
        cost = lt.loc["totalt", "kostnad_planperiode"]
        if not pd.isna(cost) and cost == 0:
            parts.append("Ingen av tiltakene har kostnader ført opp i planperioden.")
        elif not pd.isna(cost):
            parts.append(f"Tiltakene har kostnader på {fmt_1000kr(cost)} (1000 kr) i "
                         "planperioden.")
    g = a.gap
    if g.known:
        if g.gap > 0:
            parts.append(
                f"For å nå målet om {fmt_pct(g.mal_reduksjon_pst, 0)} kutt fra {g.basisaar} "
                f"må utslippet i {g.maalaar} ned til {_t(g.malnivaa)} tonn. Med tiltakene "
                f"gjenstår et gap på **{_t(g.gap)} tonn** "
                f"({fmt_number(g.gap_pp, 1)} prosentpoeng).")
        else:
            parts.append(f"Med tiltakene ligger utslippet i {g.maalaar} "
                         f"{_t(-g.gap)} tonn under målnivået.")
    elif a.target is not None:
        parts.append(f"Hvor langt unna målet om {fmt_pct(a.target['reduksjon_pst'], 0)} kutt "
                     f"fra {a.target['basisaar']} til {a.target['maalaar']} kommunen er, kan "
                     f"ikke regnes ut før utslippet i {a.target['basisaar']} er lagt inn.")
    return " ".join(parts)


def emission_share_pst(tonnes: float | None, total: float | None) -> float | None:
    """``tonnes`` as a percentage of the total emissions (None when either is unknown or
    the total is not positive)."""
    if tonnes is None or total is None or pd.isna(tonnes) or pd.isna(total) or total <= 0:
        return None
    return float(tonnes) / float(total) * 100


def tonnes_with_share(tonnes: float, total: float | None, emission_year: int | None,
                      first: bool = False) -> str:
    """'5,3 tonn (0,02 % av utslippene i 2021)': the amount and its own share of the
    emissions. ``first`` names the year; later figures in the same sentence say 'av
    utslippene' only. Without a total, just the amount."""
    share = emission_share_pst(tonnes, total)
    text = f"{_t(tonnes)} tonn"
    if share is None:
        return text
    where = f"av utslippene i {emission_year}" if first else "av utslippene"
    return f"{text} ({fmt_pct(share, 2)} {where})"


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    items = []
    if not a.sectors.empty:
        total = float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
        items.append((_t(total), f"tonn CO2-ekv. i {a.emission_year}"))  # as in the text
        pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
        if not pd.isna(pc.get(a.kommune.kommunenummer)):
            items.append((fmt_number(pc[a.kommune.kommunenummer], 1), "tonn per innbygger"))
    if a.has_measures:
        c = measure_counts(a.measures, a.reductions).set_index("type")
        items.append((f"{int(c.loc['totalt', 'kvantifisert'])} av "
                      f"{int(c.loc['totalt', 'antall'])}", "tiltak med beregnet effekt"))
        lt = long_term_by_type(a.measures).set_index("type")
        items.append((_t(lt.loc["totalt", "reduksjon_langsiktig"]),
                      "tonn langsiktig reduksjon per år"))
    if a.gap.known:
        items.append((_t(a.gap.gap, 0), f"tonn gap mot målet i {a.gap.maalaar}"))
    return items


def report_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for the analysed municipality, its peers and parameters."""
    return key_figures(a.data, a.kommune.kommunenummer, a.peer_numbers,
                       a.measure_budget_year, a.method, a.types)
