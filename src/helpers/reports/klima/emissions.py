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
  is non-zero: the measure tables print 0,0 both for "no effect" and "not calculated"."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.data.specs.klima import TILTAK_TYPER, TOTALT, UTSLIPP_SEKTORER

RAPPORT = "klimabudsjett"


UNIT = "tonn CO2e"


REFERENCE_METHODS = ("flat", "endring", "trend")


BANE_HISTORIE = "Historiske utslipp"


BANE_REFERANSE = "Referansebane"


BANE_TILTAK = "Med tiltak"


BANE_MAL = "Målbane"


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
