"""The handlingsregler report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.model import rules as hr
from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import fmt_number, fmt_pct
from helpers.reports.handlingsregler.analysis import Analysis
from helpers.reports.handlingsregler.tables import peer_frame


def series_frame(a: Analysis, indikator: str) -> pd.DataFrame:
    s = hr.indicator_series(a.data, a.kommune.kommunenummer, indikator)
    s["datatype_navn"] = s["datatype"].map(
        lambda d: "Regnskap (KOSTRA)" if d == "kostra" else "Budsjett/økonomiplan")
    return s


def chart_series(a: Analysis, regel: str, title: str) -> alt.LayerChart | None:
    rule = a.rules.get(regel)
    if rule is None:
        return None
    s = series_frame(a, rule.indikator)
    if s.empty:
        return None
    return charts.bars_vs_threshold(
        s, threshold=rule.terskel, threshold_label=f"Handlingsregel\n{fmt_pct(rule.terskel, 2)}"
        .replace(",00", ""), title=title, y_title="% av brutto driftsinntekter",
        subject=a.kommune.navn)


def chart_peers(a: Analysis, regel: str, title: str) -> alt.LayerChart | None:
    rule = a.rules.get(regel)
    df = peer_frame(a, rule.indikator) if rule else pd.DataFrame()
    if df.empty:
        return None
    return charts.lines_highlight(
        df, highlight=a.kommune.navn, threshold=rule.terskel,
        threshold_label=f"Handlingsregel\n{fmt_pct(rule.terskel, 0)}", title=title,
        y_title="% av brutto driftsinntekter")


def chart_set_aside(a: Analysis) -> alt.LayerChart | None:
    sa = a.set_aside
    if sa.empty:
        return None
    long = pd.concat([
        pd.DataFrame({"aar": sa["aar"], "serie": "Krav etter handlingsregelen",
                      "belop": sa["krav"] / 1000}),
        pd.DataFrame({"aar": sa["aar"], "serie": _judged_label(sa),
                      "belop": sa["vurdert"] / 1000}),
    ])
    series = list(dict.fromkeys(long["serie"]))
    bars = alt.Chart(long, title="Avsetning til disposisjonsfond: krav og plan").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        xOffset=alt.XOffset("serie:N", sort=series),
        y=alt.Y("belop:Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=["#b3b3b3", charts.HIGHLIGHT])),
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    chart = (bars + zero).properties(width=charts.WIDTH, height=charts.HEIGHT)
    return chartalt.describe(chart, set_aside_alt(a), chartalt.table_frame(
        long, index="aar", columns="serie", values="belop", decimals=1, index_title="År"))


def _judged_label(sa: pd.DataFrame) -> str:
    """The bar the rule is judged on, named after the rule's reading."""
    if not sa.empty and sa["lesing"].iloc[0] == "netto":
        return "Planlagt netto avsetning (+) / bruk (−)"
    return "Planlagt avsetning til fond"


def set_aside_alt(a: Analysis) -> str:
    """The set-aside chart's text alternative: the requirement and the plan per year."""
    sa = a.set_aside
    years = list(sa["aar"])
    krav, plan = sa["krav"] / 1000, sa["vurdert"] / 1000
    short = [y for y, k, p in zip(years, krav, plan, strict=True) if p < k]
    met = [y for y, k, p in zip(years, krav, plan, strict=True) if p >= k]
    return chartalt.sentence(
        f"Avsetning til disposisjonsfond for {a.kommune.navn}: krav og plan, "
        f"{chartalt.period_text(years)}.",
        "Grupperte søyler per år, lys grå: krav etter handlingsregelen, mørk blå: "
        + _judged_label(sa).lower() + ".",
        "Krav: " + "; ".join(f"{y} {fmt_number(k, 1)} mill. kr"
                             for y, k in zip(years, krav, strict=True)) + ".",
        "Planlagt: " + "; ".join(f"{y} {fmt_number(p, 1)} mill. kr"
                                 for y, p in zip(years, plan, strict=True)) + ".",
        f"Avsetningen når kravet i {chartalt.label_list(met)}." if met else "",
        f"Avsetningen er under kravet i {chartalt.label_list(short)}." if short else "")
