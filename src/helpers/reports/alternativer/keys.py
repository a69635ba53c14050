"""The alternativer report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.alternativer.analysis import Analysis

RAPPORT = "alternativer"


def key_figures(a: Analysis) -> pd.DataFrame:
    recs = []
    for n, c in a.columns.items():
        for r in c.itertuples():
            for key, unit, dec in (("budsjettbalanse", "1000 kr", 0),
                                   ("netto_driftsresultat_pst", "%", 1),
                                   ("disposisjonsfond_pst", "%", 1),
                                   ("netto_lanegjeld_pst", "%", 1)):
                v = getattr(r, key)
                if pd.isna(v):
                    continue
                recs.append({"rapport": RAPPORT, "nokkel": key, "kommune": a.kommune.navn,
                             "aar": int(r.aar), "dimensjon": n,
                             "verdi": round(float(v), dec) + 0.0, "enhet": unit})
    # an alternative is the plan with a party's changes: calculated, except the debt (the
    # model's debt path, an estimate while the plan gives no financing); an alternative
    # that names itself an example («(eksempel)», as the files in data/alternativer do) is
    # invented
    return key_figure_frame([{**r, "grunnlag": _kind(r)} for r in recs])


def _kind(rec: dict) -> str:
    if "eksempel" in str(rec["dimensjon"]).casefold():
        return "eksempel"
    return "anslag" if rec["nokkel"] == "netto_lanegjeld_pst" else "beregnet"
