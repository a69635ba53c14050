"""The klima report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.data.specs.klima import TILTAK_TYPER, TOTALT
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.klima.analysis import Analysis
from helpers.reports.klima.emissions import (
    RAPPORT,
    UNIT,
    long_term_by_type,
    measure_counts,
    per_capita,
    reductions_by_year,
    sector_emissions,
    sector_table,
    select_measures,
    total_emissions,
    years,
)
from helpers.reports.klima.paths import ReferenceMethod, reduction_target, target_gap

# What the key figures rest on (``grunnlag`` statistikk in nokkeltall.csv).
KILDE = "Miljødirektoratets utslippsstatistikk og kommunens klimamål"


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
    return key_figure_frame(rec, grunnlag="statistikk", kilde=KILDE)


def report_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for the analysed municipality, its peers and parameters."""
    return key_figures(a.data, a.kommune.kommunenummer, a.peer_numbers,
                       a.measure_budget_year, a.method, a.types)
