"""The finans report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import chartalt, charts
from helpers.reports.finans.analysis import Analysis
from helpers.reports.finans.tables import _year_labels


def _is_plan(d: str) -> bool:
    return d == "okonomiplan"


def _year_kind(d: str) -> str:
    return "Økonomiplan" if _is_plan(d) else "Regnskap og budsjett"


def chart_free_income(a: Analysis) -> alt.LayerChart | None:
    f = a.frie.dropna(subset=["frie_inntekter"])
    if f.empty:
        return None
    df = pd.DataFrame({"aar": f["aar"].astype(str), "verdi": f["frie_inntekter"] / 1000,
                       "datatype_navn": f["datatype"].map(_year_kind)})
    return charts.bars_vs_threshold(df, title="Frie inntekter (skatt og rammetilskudd)",
                                    y_title="mill. kr", y_format=",.1f",
                                    subject=a.kommune.navn)


def chart_finance(a: Analysis) -> alt.LayerChart | None:
    f = a.finans.dropna(subset=["netto_finansutgifter"])
    if f.empty:
        return None
    parts = [("Renteutgifter", f["renteutgifter"]), ("Avdrag", f["avdrag"]),
             ("Renteinntekter og utbytte (trekkes fra)", -f["renteinntekter_utbytte"])]
    long = pd.concat([pd.DataFrame({"aar": f["aar"].astype(str), "post": name,
                                    "belop": values / 1000}) for name, values in parts])
    order = [p[0] for p in parts]
    title = alt.Title("Finansutgifter per år", subtitle="Søylene viser renteutgifter og avdrag "
                      "over null og renteinntekter under null; ruten er netto finansutgifter.")
    bars = alt.Chart(long, title=title).mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5, size=28).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(belop):Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("post:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[charts.HIGHLIGHT,
                                                             charts.HIGHLIGHT_LIGHT, "#d9d9d9"])),
        order=alt.Order("post_rekkefolge:Q"),
        tooltip=["post:N", alt.Tooltip("belop:Q", format=",.1f")],
    ).transform_calculate(post_rekkefolge="indexof(" + str(order) + ", datum.post)")
    net = pd.DataFrame({"aar": f["aar"].astype(str), "netto": f["netto_finansutgifter"] / 1000})
    points = alt.Chart(net).mark_point(shape="diamond", size=70, filled=True,
                                       color="#1a1a1a").encode(x="aar:O", y="netto:Q")
    labels = alt.Chart(net).mark_text(align="left", dx=7, fontSize=10, color="#1a1a1a").encode(
        x="aar:O", y="netto:Q", text=alt.Text("netto:Q", format=",.1f"))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    chart = (bars + zero + points + labels).properties(width=charts.WIDTH, height=charts.HEIGHT)
    years = list(net["aar"])
    text = chartalt.sentence(
        f"Finansutgifter per år for {a.kommune.navn}, {chartalt.period_text(years)}, mill. kr.",
        "Stablede søyler: renteutgifter (mørk blå) og avdrag (lys blå) over null, "
        "renteinntekter og utbytte (lys grå) under null; en svart rute med tall viser netto "
        "finansutgifter.",
        "Netto finansutgifter: " + chartalt.lower_first(
            chartalt.extremes(years, list(net["netto"]), 1, "mill. kr")),
        chartalt.trend(years, list(net["netto"]), 1, "mill. kr"))
    table = chartalt.table_frame(
        pd.concat([long, net.rename(columns={"netto": "belop"}).assign(
            post="Netto finansutgifter")]), index="aar", columns="post", values="belop",
        decimals=1, index_title="År")
    return chartalt.describe(chart, text, table)


def chart_finance_share(a: Analysis) -> alt.LayerChart | None:
    f = a.finans
    if f.empty or "andel_frie_inntekter_pst" not in f:
        return None
    f = f.dropna(subset=["andel_frie_inntekter_pst"])
    if f.empty:
        return None
    df = pd.DataFrame({"aar": f["aar"].astype(str), "verdi": f["andel_frie_inntekter_pst"],
                       "datatype_navn": f["datatype"].map(_year_kind)})
    return charts.bars_vs_threshold(df, title="Netto finansutgifter i % av frie inntekter",
                                    y_title="% av frie inntekter", y_format=",.1f",
                                    subject=a.kommune.navn)


def chart_sensitivity(a: Analysis) -> alt.LayerChart | None:
    s = a.sensitivity
    if s.empty:
        return None
    df = pd.DataFrame({"Renteendring": s["scenario"].str.replace("-", "\u2212", regex=False),
                       "mill": s["rentekostnad_endring"] / 1000})
    return charts.diverging_bars(df, category="Renteendring", value="mill",
                                 title="Endring i årlige renteutgifter",
                                 x_title="mill. kr per år", x_format=",.1f")


def chart_frame_change(a: Analysis) -> alt.LayerChart | None:
    f = a.frames
    if f.empty:
        return None
    sel = f[(f["aar"] == a.budsjettaar) & f["endring_fra_fjoraar"].notna()
            & (f["rammeomrade"] != "Finans")]
    if sel.empty:
        return None
    df = pd.DataFrame({"Rammeområde": sel["rammeomrade"],
                       "mill": sel["endring_fra_fjoraar"] / 1000})
    prev = _year_labels(f, a.budsjettaar).get(a.budsjettaar - 1, str(a.budsjettaar - 1))
    return charts.diverging_bars(
        df, category="Rammeområde", value="mill",
        title=f"Endring i ramme fra {prev[0].lower() + prev[1:]} til {a.budsjettaar}",
        x_title="mill. kr", x_format=",.0f")
