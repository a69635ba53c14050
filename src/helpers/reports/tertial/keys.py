"""The tertial report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.nokkeltall import key_figure_frame
from helpers.presentation.provenance import Grunnlag
from helpers.reports.tertial.analysis import Tertial

# What each key rests on: the accounts, the budget, a calculation from them, and the
# municipality's own forecast (an estimate). Built from example data (Tertial.example:
# «Eksempeldata» in the files' kilde), every row is eksempel.
GRUNNLAG = {"regnskap_hittil": Grunnlag.REGNSKAP,
            "budsjett_periodisert_hittil": Grunnlag.BEREGNET,
            "avvik_hittil": Grunnlag.BEREGNET, "budsjett_aar": Grunnlag.PLAN,
            "aarsprognose_avvik": Grunnlag.ANSLAG}


def report_key_figures(t: Tertial) -> pd.DataFrame:
    """rapport=tertial: regnskap_hittil, budsjett_periodisert_hittil, avvik_hittil,
    budsjett_aar (revidert) and aarsprognose_avvik per rammeområde and Totalt (1000 kr,
    net expense with the accounts' sign; an avvik is positive for merforbruk). A missing
    forecast is left out, not written as zero."""
    recs = []
    cols = {"regnskap_hittil": "regnskap_hittil",
            "budsjett_periodisert_hittil": "budsjett_periodisert_hittil",
            "avvik_hittil": "avvik_hittil", "budsjett_aar": "budsjett_revidert",
            "aarsprognose_avvik": "aarsprognose_avvik"}
    for r in t.frames.itertuples():
        for key, col in cols.items():
            v = getattr(r, col)
            if pd.isna(v):
                continue
            recs.append({"rapport": "tertial", "nokkel": key, "kommune": t.kommune.navn,
                         "aar": t.aar, "dimensjon": r.rammeomrade, "verdi": round(float(v), 3),
                         "enhet": "1000 kr", "grunnlag": GRUNNLAG[key],
                         "kilde": ("kommunens prognose for året" if key == "aarsprognose_avvik"
                                   else "")})
    return key_figure_frame(recs, eksempel=bool(getattr(t, "example", False)))
