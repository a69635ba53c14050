"""Klimabudsjett: the reference path, the target path and the gap to the target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data.specs.klima import TILTAK_TYPER, TOTALT
from helpers.presentation.formatting import fmt_pct
from helpers.presentation.merknad import Note
from helpers.reports.klima.emissions import (
    BANE_HISTORIE,
    BANE_MAL,
    BANE_REFERANSE,
    BANE_TILTAK,
    REFERENCE_METHODS,
    _sector_order,
    measures_effect,
    sector_emissions,
    total_emissions,
    years,
)


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
