"""The statements report's key figures for ``nokkeltall.csv`` (documented in the key table
of ``data/README.md``): every line of every statement, per plan year, in 1000 kr, rounded
as the tables show it, with the statements' sign convention. A missing line is not
written, nor a line whose amount is in another line (``inngaar_i``)."""

from __future__ import annotations

import pandas as pd

from helpers.model import statements as st
from helpers.model.statement_provenance import statement_sources
from helpers.model.statements_art import PARAGRAF as P_5_6
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.presentation.provenance import Grunnlag, Kilde
from helpers.reports.oppstillinger.analysis import Analysis

RAPPORT = "oppstillinger"
# the statement → nokkel (§ 5-6: only the years with figures, the accounts year included)
NOKLER = {st.P_5_4_1: "paragraf_5_4_1", st.P_5_4_2: "paragraf_5_4_2",
          st.P_5_5_1: "paragraf_5_5_1", st.P_5_5_2: "paragraf_5_5_2",
          P_5_6: "paragraf_5_6", st.P_5_7: "paragraf_5_7"}


def key_figures(a: Analysis) -> pd.DataFrame:
    recs = []
    for paragraf, nokkel in NOKLER.items():
        for r in a.statement(paragraf).itertuples():
            if pd.isna(r.verdi) or getattr(r, "inngaar_i", 0):
                continue
            recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": a.kommune.navn,
                         "aar": int(r.aar), "dimensjon": r.linje, "verdi": float(r.verdi),
                         "enhet": "1000 kr", "desimaler": 0, "paragraf": paragraf,
                         "linje_nr": int(r.linje_nr)})
    # the statements carry the municipality's own figures; a line the model estimates
    # says so (helpers.model.provenance.statement_sources)
    sources = statement_sources(a.economy) if getattr(a, "economy", None) else {}
    for r in recs:
        src = sources.get((r.pop("paragraf"), r.pop("linje_nr"), r["aar"]))
        r["source"] = src or Kilde(Grunnlag.PLAN, "økonomiplanen")
    return key_figure_frame(recs)
