"""The overview's charts: small multiples, one panel per municipality in the group's order
(not a ranking), the same axis in every panel, the national norm as a dashed line where
there is one, and the municipality the report is for drawn dark and thick."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import fmt_number
from helpers.reports.oversikt import text
from helpers.reports.oversikt.analysis import Analysis, indicator_frame

PANEL_WIDTH = 150
PANEL_HEIGHT = 90
COLUMNS = 3


def panels_frame(a: Analysis, ind: str) -> pd.DataFrame:
    """The chart's data: kommune (marked when chosen), aar, verdi, and whether the row is
    the chosen municipality's."""
    df = indicator_frame(a, ind).dropna(subset=["verdi"])
    chosen = a.subject.navn if a.subject is not None else None
    return df.assign(kommune=[text.mark(n, a) for n in df["kommune"]],
                     valgt=df["kommune"] == chosen)


def chart_panels(a: Analysis, ind: str) -> alt.FacetChart | None:
    """Small multiples of one indicator; None when no municipality has figures."""
    df = panels_frame(a, ind)
    if df.empty:
        return None
    order = [text.mark(n, a) for n in a.names if text.mark(n, a) in set(df["kommune"])]
    norm = a.norms.get(ind)
    name = text.INDICATOR_NAVN[ind]
    colour = alt.condition("datum.valgt", alt.value(charts.HIGHLIGHT),
                           alt.value(charts.PEER_SHADES[0]))
    base = alt.Chart().encode(
        x=alt.X("aar:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("verdi:Q", title="% av brutto driftsinntekter",
                axis=alt.Axis(format=",.0f", tickCount=4), scale=alt.Scale(zero=True)),
    )
    layers = [
        base.mark_line().encode(
            color=colour,
            strokeWidth=alt.condition("datum.valgt", alt.value(3), alt.value(1.5))),
        base.mark_point(filled=True, size=30).encode(
            color=colour,
            shape=alt.condition("datum.valgt", alt.value("square"), alt.value("circle"))),
    ]
    if norm is not None:
        layers.append(alt.Chart().mark_rule(color=charts.THRESHOLD, strokeDash=[6, 4],
                                            strokeWidth=1.2).encode(y=alt.datum(norm)))
    chart = alt.layer(*layers, data=df).properties(
        width=PANEL_WIDTH, height=PANEL_HEIGHT).facet(
        facet=alt.Facet("kommune:N", title=None, sort=order,
                        header=alt.Header(labelFontSize=11, labelFontWeight="bold")),
        columns=COLUMNS,
        title=f"{name} i % av brutto driftsinntekter"
              + (f", norm {text.pct(norm)} (stiplet)" if norm is not None else ""))
    return chartalt.describe(chart, panels_alt(a, ind, df, order), chartalt.table_frame(
        df, index="aar", columns="kommune", values="verdi", decimals=1, index_title="År"))


def panels_alt(a: Analysis, ind: str, df: pd.DataFrame, order: list[str]) -> str:
    """The text alternative: the layout, each municipality's latest figure and, where
    there is a norm, who is below it in the latest year."""
    name = text.INDICATOR_NAVN[ind]
    years = sorted(set(df["aar"]))
    latest = []
    for k in order:
        s = df[df["kommune"] == k].sort_values("aar")
        latest.append(f"{k} {fmt_number(s['verdi'].iloc[-1], 1)} % i {s['aar'].iloc[-1]}")
    norm = a.norms.get(ind)
    below = []
    if norm is not None:
        for k in order:
            s = df[df["kommune"] == k].sort_values("aar")
            if s["verdi"].iloc[-1] < norm:
                below.append(k)
    chosen = (f" {a.subject.navn} er tegnet med tykk mørkeblå linje og firkanter."
              if a.subject is not None else "")
    return chartalt.sentence(
        f"{name} i % av brutto driftsinntekter, {chartalt.period_text(years)}.",
        f"Ett lite linjediagram per kommune, i samme rekkefølge som tabellen og med samme "
        f"akse.{chosen}",
        "Siste tall: " + "; ".join(latest) + ".",
        (f"Normen på {text.pct(norm)} er en stiplet linje; under normen i siste år: "
         f"{chartalt.label_list(below) if below else 'ingen'}.") if norm is not None else "")
