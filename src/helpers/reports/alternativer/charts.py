"""The alternativer report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import charts
from helpers.presentation.formatting import fmt_pct
from helpers.reports.alternativer.analysis import PLAN_NAME, RULE_OF, Analysis

MEASURE_NAMES = {"netto_driftsresultat_pst": "Netto driftsresultat",
                 "disposisjonsfond_pst": "Disposisjonsfond",
                 "netto_lanegjeld_pst": "Netto lånegjeld"}


def chart_measure(a: Analysis, measure: str) -> alt.LayerChart:
    """One line per alternative over the plan years, with the rule's threshold."""
    frames = [c[["aar", measure]].rename(columns={measure: "verdi"}).assign(alternativ=n)
              for n, c in a.columns.items()]
    df = pd.concat(frames, ignore_index=True).dropna(subset=["verdi"])
    rule = a.economy.rules.get(RULE_OF[measure])
    return charts.lines_highlight(
        df, highlight=PLAN_NAME, series="alternativ",
        threshold=rule.terskel if rule else None,
        threshold_label=(f"Handlingsregel\n{fmt_pct(rule.terskel, 2).replace(',00', '')}"
                         if rule else ""),
        title=f"{MEASURE_NAMES[measure]} i % av brutto driftsinntekter",
        y_title="% av brutto driftsinntekter")
