"""The befolkning report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.data.kommuner import resolve
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.befolkning.analysis import Analysis
from helpers.reports.befolkning.population import (
    DEFAULT_ELDERLY,
    DEFAULT_WORKING_AGE,
    RAPPORT,
    aldersbaereevne,
    demographic_cost,
    full_years,
    growth_index,
    history_table,
    population_series,
    projection_long,
    projection_wide,
    with_total,
)

# What the key figures rest on (``grunnlag`` statistikk in nokkeltall.csv).
KILDE = "SSB (befolkning og befolkningsframskrivinger)"


def key_figures(endringer: pd.DataFrame, framskrivning: pd.DataFrame,
                kommuner: pd.DataFrame, kommune: str, start: int | None = None,
                end: int | None = None, working: tuple[str, ...] = DEFAULT_WORKING_AGE,
                elderly: tuple[str, ...] = DEFAULT_ELDERLY, alternativ: str | None = None,
                costs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The befolkning report's key figures (see helpers.nokkeltall).

    folketall (31.12 of aar; dimensjon ``registrert`` for registered whole years, then
    ``framskrevet`` for the projection), folkevekst,
    fodselsoverskudd and netto_innvandring_flytting per whole history year;
    aldersgruppe_antall, aldersgruppe_indeks (first projection year = 100) and
    aldersgruppe_vekst_pst (index − 100) per projection year with dimensjon the age group
    (``alle`` for the total); aldersbaereevne per projection year; and, when ``costs`` are
    given, demografisk_kostnad_endring (1000 kr against the first projection year).
    Part-year history periods are left out. Values are rounded as the report shows them
    (persons and 1000 kr whole, index and % to one decimal, aldersbaereevne to two).
    """
    chosen = resolve(kommuner, kommune)
    knr, navn = chosen.kommunenummer, chosen.navn
    records: list[dict] = []

    def add(nokkel: str, aar: int, verdi: float, enhet: str, dimensjon: str = "",
            desimaler: int = 0) -> None:
        records.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": navn, "aar": int(aar),
                        "dimensjon": dimensjon, "verdi": float(verdi), "enhet": enhet,
                        "desimaler": desimaler})

    history = history_table(endringer, knr)
    proj = projection_long(framskrivning, knr, alternativ, start, end)
    wide = projection_wide(proj)
    for _, r in population_series(history, wide).iterrows():
        add("folketall", r["aar"], r["folketall"], "antall", r["type"])
    for _, r in full_years(history).iterrows():
        add("folkevekst", r["aar"], r["folkevekst"], "antall")
        add("fodselsoverskudd", r["aar"], r["fodselsoverskudd"], "antall")
        add("netto_innvandring_flytting", r["aar"], r["netto_innvandring_flytting"], "antall")
    total = with_total(wide)
    index = growth_index(total)
    for y in total.index:
        for g in total.columns:
            add("aldersgruppe_antall", y, total.loc[y, g], "antall", g)
            add("aldersgruppe_indeks", y, index.loc[y, g], "indeks", g, 1)
            add("aldersgruppe_vekst_pst", y, index.loc[y, g] - 100, "%", g, 1)
    for y, v in aldersbaereevne(wide, working, elderly).items():
        add("aldersbaereevne", y, v, "forhold", desimaler=2)
    if costs is not None and not costs[costs["kommunenummer"] == knr].empty:
        cp = demographic_cost(proj, costs, knr)
        for _, r in cp.per_year.iterrows():
            add("demografisk_kostnad_endring", r["aar"], r["endring_fra_start_1000kr"],
                "1000 kr")
    return key_figure_frame(records, grunnlag="statistikk", kilde=KILDE)


def analysis_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for an analysis (empty when the data lack history or projection)."""
    if a.history is None or a.projection is None:
        return key_figure_frame([])
    return key_figures(a.data["befolkning_endringer"], a.data["befolkning_framskrivning"],
                       a.data["kommuner"], a.kommune.kommunenummer, a.start, a.end,
                       a.working, a.elderly, a.alternativ,
                       a.data.get("befolkning_kostnad_aldersgruppe"))
