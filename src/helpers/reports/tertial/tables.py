"""The tertial report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.reports.tertial.analysis import Tertial, _pct


def frames_to_date_table(t: Tertial) -> pd.DataFrame:
    f = t.frames
    return pd.DataFrame({
        "Rammeområde": f["rammeomrade"],
        "Regnskap hittil": f["regnskap_hittil"],
        "Periodisert budsjett hittil": f["budsjett_periodisert_hittil"],
        "Avvik": f["avvik_hittil"],
        "Avvik %": f["avvik_pst"],
    })


def frames_year_table(t: Tertial) -> pd.DataFrame:
    f = t.frames
    label = "Regnskap" if t.tertial == 3 else "Årsprognose"
    return pd.DataFrame({
        "Rammeområde": f["rammeomrade"],
        "Opprinnelig budsjett": f["budsjett_opprinnelig"],
        "Revidert budsjett": f["budsjett_revidert"],
        label: f["aarsprognose"],
        "Avvik fra revidert": f["aarsprognose_avvik"],
    })


def income_table(t: Tertial) -> pd.DataFrame:
    """Central incomes, shown positive (a positive avvik is merinntekt)."""
    c = t.central[t.central["har_linjer"]]
    return pd.DataFrame({
        "Inntekt": c["post"],
        "Regnskap hittil": -c["regnskap_hittil"],
        "Periodisert budsjett hittil": -c["budsjett_periodisert_hittil"],
        "Merinntekt (+) / mindreinntekt (−)": -c["avvik_hittil"],
        "Revidert årsbudsjett": -c["budsjett_revidert"],
    })


def finance_table(t: Tertial) -> pd.DataFrame:
    """Finance items as in the accounts: expenses positive, incomes negative."""
    c = t.finance[t.finance["har_linjer"]]
    return pd.DataFrame({
        "Post": c["post"],
        "Regnskap hittil": c["regnskap_hittil"],
        "Periodisert budsjett hittil": c["budsjett_periodisert_hittil"],
        "Avvik": c["avvik_hittil"],
        "Revidert årsbudsjett": c["budsjett_revidert"],
    })


def projects_table(t: Tertial) -> pd.DataFrame:
    p = t.projects
    if p.empty:
        return pd.DataFrame()
    p = p.sort_values("budsjett_aar", ascending=False)
    return pd.DataFrame({
        "Prosjekt": p["prosjekt"],
        "Årsbudsjett": p["budsjett_aar"],
        "Brukt hittil": p["regnskap_hittil"],
        "Brukt %": [_pct(a, b) for a, b in zip(p["regnskap_hittil"], p["budsjett_aar"],
                                                strict=True)],
        "Årsprognose": p["prognose_aar"],
        "Avvik prognose": p["prognose_aar"] - p["budsjett_aar"],
        "Status": p["status"],
    })


def history_table(t: Tertial) -> pd.DataFrame:
    """The forecasts as a table: one row per rammeområde, one column per tertial."""
    h = t.history
    if h.empty:
        return pd.DataFrame()
    w = h.pivot_table(index="rammeomrade", columns="tidspunkt", values="prognose_avvik",
                      aggfunc="sum")
    order = [r for r in t.frames["rammeomrade"] if r in w.index]
    w = w.loc[order].reset_index().rename(columns={"rammeomrade": "Rammeområde"})
    w.columns.name = None
    return w
