"""The overview's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``): the three indicators per municipality and KOSTRA year, as the tables
show them (one decimal)."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.oversikt.analysis import Analysis

RAPPORT = "oversikt"


def key_figures(a: Analysis) -> pd.DataFrame:
    v = a.values.dropna(subset=["verdi"])
    return key_figure_frame([
        {"rapport": RAPPORT, "nokkel": r.indikator, "kommune": r.kommune, "aar": int(r.aar),
         "dimensjon": "", "verdi": r.verdi, "enhet": "%", "desimaler": 1}
        for r in v.itertuples()])
