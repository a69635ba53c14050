"""The tertial report's display tables: the analysis's figures (1000 kr) with how they
are written, formatted when shown."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.table import TEXT, Table, percent
from helpers.reports.tertial.analysis import Tertial, _pct


def frames_to_date_table(t: Tertial) -> Table:
    f = t.frames
    return Table(pd.DataFrame({
        "Rammeområde": f["rammeomrade"],
        "Regnskap hittil": f["regnskap_hittil"],
        "Periodisert budsjett hittil": f["budsjett_periodisert_hittil"],
        "Avvik": f["avvik_hittil"],
        "Avvik %": f["avvik_pst"],
    }), formats={"Rammeområde": TEXT, "Avvik %": percent(1, sign=True)},
        caption=f"Regnskap og periodisert budsjett per {t.date_text} (1000 kr)", sum_row=True)


def frames_year_table(t: Tertial) -> Table:
    f = t.frames
    final = t.tertial == 3
    label = "Regnskap" if final else "Årsprognose"
    return Table(pd.DataFrame({
        "Rammeområde": f["rammeomrade"],
        "Opprinnelig budsjett": f["budsjett_opprinnelig"],
        "Revidert budsjett": f["budsjett_revidert"],
        label: f["aarsprognose"],
        "Avvik fra revidert": f["aarsprognose_avvik"],
    }), formats={"Rammeområde": TEXT}, sum_row=True,
        caption=f"Årsbudsjett og {'regnskap' if final else 'årsprognose'} {t.aar} (1000 kr)")


def income_table(t: Tertial) -> Table:
    """Central incomes, shown positive (a positive avvik is merinntekt)."""
    c = t.central[t.central["har_linjer"]]
    return Table(pd.DataFrame({
        "Inntekt": c["post"],
        "Regnskap hittil": -c["regnskap_hittil"],
        "Periodisert budsjett hittil": -c["budsjett_periodisert_hittil"],
        "Merinntekt (+) / mindreinntekt (−)": -c["avvik_hittil"],
        "Revidert årsbudsjett": -c["budsjett_revidert"],
    }), formats={"Inntekt": TEXT}, caption=f"Sentrale inntekter per {t.date_text} (1000 kr)",
        empty="Regnskapet har ingen linjer for skatt, rammetilskudd eller eiendomsskatt.")


def finance_table(t: Tertial) -> Table:
    """Finance items as in the accounts: expenses positive, incomes negative."""
    c = t.finance[t.finance["har_linjer"]]
    return Table(pd.DataFrame({
        "Post": c["post"],
        "Regnskap hittil": c["regnskap_hittil"],
        "Periodisert budsjett hittil": c["budsjett_periodisert_hittil"],
        "Avvik": c["avvik_hittil"],
        "Revidert årsbudsjett": c["budsjett_revidert"],
    }), formats={"Post": TEXT}, caption=f"Finansposter per {t.date_text} (1000 kr)",
        empty="Regnskapet har ingen linjer for renter, avdrag eller utbytte.")


def projects_table(t: Tertial) -> Table:
    p = t.projects
    caption = f"Investeringsprosjekter per {t.date_text} (1000 kr)"
    empty = "Grunnlaget har ingen status for investeringsprosjektene i dette tertialet."
    if p.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    p = p.sort_values("budsjett_aar", ascending=False)
    return Table(pd.DataFrame({
        "Prosjekt": p["prosjekt"],
        "Årsbudsjett": p["budsjett_aar"],
        "Brukt hittil": p["regnskap_hittil"],
        "Brukt %": [_pct(a, b) for a, b in zip(p["regnskap_hittil"], p["budsjett_aar"],
                                                strict=True)],
        "Årsprognose": p["prognose_aar"],
        "Avvik prognose": p["prognose_aar"] - p["budsjett_aar"],
        "Status": p["status"],
    }), formats={"Prosjekt": TEXT, "Brukt %": percent(0), "Status": TEXT}, caption=caption,
        empty=empty)


def history_table(t: Tertial) -> Table:
    """The forecasts as a table: one row per rammeområde, one column per tertial."""
    h = t.history
    caption = "Prognosert avvik ved årsslutt per tertial (1000 kr)"
    if h.empty:
        return Table(pd.DataFrame(), caption=caption)
    w = h.pivot_table(index="rammeomrade", columns="tidspunkt", values="prognose_avvik",
                      aggfunc="sum")
    order = [r for r in t.frames["rammeomrade"] if r in w.index]
    w = w.loc[order].reset_index().rename(columns={"rammeomrade": "Rammeområde"})
    w.columns.name = None
    return Table(w, formats={"Rammeområde": TEXT}, caption=caption)
