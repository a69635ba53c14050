"""The tertial report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt

from helpers.presentation import charts
from helpers.reports.tertial.analysis import TOTAL, Tertial


def chart_deviation(t: Tertial) -> alt.LayerChart:
    f = t.frames[t.frames["rammeomrade"] != TOTAL]
    return charts.diverging_bars(
        f.assign(avvik=f["avvik_hittil"]), category="rammeomrade", value="avvik",
        title=f"Avvik mot periodisert budsjett per {t.date_text} (1000 kr)",
        x_title="Merforbruk (+) / mindreforbruk (−), 1000 kr")


def chart_history(t: Tertial) -> alt.LayerChart | None:
    """The forecast per rammeområde at each tertial (and the actual result at year-end)."""
    h = t.history
    if h.empty or h["tidspunkt"].nunique() < 2:
        return None  # one forecast is no development; the table shows it
    moving = h.groupby("rammeomrade")["prognose_avvik"].apply(lambda s: (s != 0).any())
    h = h[h["rammeomrade"].isin(moving[moving].index)]
    if h.empty:
        return None
    latest = h[h["tidspunkt"] == h["tidspunkt"].max()]
    top = latest.loc[latest["prognose_avvik"].abs().idxmax(), "rammeomrade"]
    return charts.lines_highlight(
        h, highlight=top, x="tidspunkt", y="prognose_avvik", series="rammeomrade",
        title="Prognosert avvik ved årsslutt, slik det ble meldt (1000 kr)",
        y_title="Merforbruk (+) / mindreforbruk (−)", y_format=",.0f", unit="1000 kr")
