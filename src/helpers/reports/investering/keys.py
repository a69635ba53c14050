"""The investering report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.model.debt import Result
from helpers.model.investment import KATEGORIER, period_totals
from helpers.model.provenance import INV_REF, debt_sources
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.presentation.provenance import Grunnlag, Kilde
from helpers.reports.investering.analysis import Analysis

RAPPORT = "investering"


def key_figures(result: Result, kommune_navn: str) -> pd.DataFrame:
    """The report's key figures for the plan (not a scenario).

    ``investering``, ``laneopptak`` and ``kapitalkostnad`` (interest + repayments on the
    new loans) per plan year with dimensjon ordinær/selvkost/totalt; ``investering_periode``
    for the whole period with the same dimensions (aar = the plan's first year);
    ``lanegjeld`` (netto lånegjeld at the end of the year) and ``lanegjeld_pst`` (in % of
    brutto driftsinntekter, where known or projected). All in 1000 kr except the percent.
    Each with its source (:func:`helpers.model.provenance.debt_sources`): the investments
    are the plan's, loans, capital costs and debt estimates while the plan gives no
    financing and the opening debt is KOSTRA's.
    """
    recs = []
    sources = debt_sources(result)
    sources.index = result.debt["aar"].astype(int)
    plan = Kilde(Grunnlag.PLAN, INV_REF)

    def add(nokkel, aar, dim, verdi, enhet="1000 kr", source=plan):
        if verdi is None or verdi != verdi:
            return
        recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": kommune_navn,
                     "aar": int(aar), "dimensjon": dim, "verdi": float(verdi),
                     "enhet": enhet, "source": source})

    dims = (*KATEGORIER, "totalt")
    for frame, nokkel in ((result.totals, "investering"), (result.borrowing, "laneopptak"),
                          (result.capital_cost, "kapitalkostnad")):
        for _, row in frame.iterrows():
            y = int(row["aar"])
            source = plan if nokkel == "investering" else sources.loc[y, "nye_lan"]
            for d in dims:
                add(nokkel, y, d, row[d], source=source)
    for d, v in period_totals(result.plan).items():
        add("investering_periode", result.plan.budsjettaar, d, v)
    for r in result.debt.itertuples():
        src = sources.loc[int(r.aar)]
        add("lanegjeld", r.aar, "", round(r.utgaaende_gjeld), source=src["utgaaende_gjeld"])
        add("lanegjeld_pst", r.aar, "", round(r.lanegjeld_pst, 1), "%",
            source=src["lanegjeld_pst"])
        # the same figure under the name the handlingsregler report uses
        add("netto_lanegjeld_pst", r.aar, "", round(r.lanegjeld_pst, 1), "%",
            source=src["lanegjeld_pst"])
    return key_figure_frame(recs)


def analysis_key_figures(a: Analysis) -> pd.DataFrame:
    """The report's key figures (for the plan, under the report's assumptions)."""
    return key_figures(a.base, a.kommune.navn)
