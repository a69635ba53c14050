"""The investering report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import pandas as pd

from helpers.model.investment import (
    KATEGORIER,
    Plan,
    by_area_and_year,
    largest_projects,
    totals_by_year,
)
from helpers.presentation import chartalt
from helpers.presentation.formatting import fmt_number, fmt_pct
from helpers.reports.investering.analysis import Analysis, compare

SELVKOST_COLOUR = "#8c8c8c"


def chart_programme(a: Analysis, plan: Plan | None = None, title: str | None = None):
    """Stacked bars per year: the ordinary investments by rammeområde (blues) and the
    selvkost investments (grey), with the year's total above each bar."""
    import altair as alt

    from helpers.presentation import charts

    plan = plan or a.plan
    parts = []
    areas = []
    for kat in KATEGORIER:
        df = by_area_and_year(plan, kat)
        label = (df["rammeomrade"] if kat == "ordinær"
                 else "Selvkost: " + df["rammeomrade"])
        df = df.assign(serie=label)
        parts.append(df)
        areas += list(dict.fromkeys(df["serie"]))
    long = pd.concat(parts, ignore_index=True)
    long["mill"] = long["belop"] / 1000
    long = long[long["belop"] != 0]
    colours = []
    n_ord = 0
    for s in areas:
        if s.startswith("Selvkost"):
            colours.append(SELVKOST_COLOUR if colours.count(SELVKOST_COLOUR) == 0 else "#b3b3b3")
        else:
            # colour-blind safe and distinct in greyscale print: the shared palette
            colours.append(charts.CATEGORICAL[n_ord % len(charts.CATEGORICAL)])
            n_ord += 1
    long["orden"] = long["serie"].map({s: i for i, s in enumerate(areas)})
    bars = alt.Chart(long, title=title or f"Investeringer per år og rammeområde "
                     f"{plan.period_label}").mark_bar(size=46, stroke=charts.OUTLINE,
                                                      strokeWidth=0.6).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(mill):Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=areas,
                        scale=alt.Scale(domain=areas, range=colours),
                        legend=alt.Legend(columns=2)),
        order=alt.Order("orden:Q", sort="ascending"),
        tooltip=["serie:N", alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("mill:Q", format=",.1f", title="mill. kr")],
    )
    totals = (totals_by_year(plan).assign(mill=lambda d: d["totalt"] / 1000))
    labels = alt.Chart(totals).mark_text(dy=-7, fontSize=10, color="#222222").encode(
        x="aar:O", y="mill:Q", text=alt.Text("mill:Q", format=",.1f"))
    chart = (bars + labels).properties(width=charts.WIDTH, height=charts.HEIGHT)
    ttl = title or f"Investeringer per år og rammeområde {plan.period_label}"
    years = list(totals["aar"])
    per_area = long.groupby("serie", sort=False)["mill"].sum()
    text = chartalt.sentence(
        f"{ttl}, mill. kr.", "Stablede søyler per år, ett felt per rammeområde (selvkost i "
        "grått), med årets sum over søylen.",
        "Sum per år: " + "; ".join(f"{y} {fmt_number(v, 1)}" for y, v in
                                   zip(years, totals["mill"], strict=True)) + ".",
        chartalt.extremes(years, list(totals["mill"]), 1, "mill. kr"),
        f"Over hele perioden: {chartalt.ranking(list(per_area.index), list(per_area), 1)}.")
    table = chartalt.table_frame(
        pd.concat([long, totals.assign(serie="Sum")]), index="aar", columns="serie",
        values="mill", decimals=1, index_title="År")
    return chartalt.describe(chart, text, table)


def chart_largest(a: Analysis, n: int = 8):
    """The largest projects in the period as ranked horizontal bars (mill. kr)."""
    from helpers.presentation import charts

    big = largest_projects(a.plan, n).assign(mill=lambda d: d["belop"] / 1000)
    big["prosjekt"] = [p if k == "ordinær" else f"{p} (selvkost)"
                       for p, k in zip(big["prosjekt"], big["kategori"], strict=True)]
    chart = charts.ranked_bars(big, category="prosjekt", value="mill",
                               highlight=big["prosjekt"].iloc[0] if len(big) else None,
                               title=f"De største prosjektene {a.plan.period_label}",
                               x_title="mill. kr", x_format=",.1f")
    return chart.properties(width=charts.WIDTH - 230).configure_axisY(labelLimit=300)


def debt_ratio_frame(a: Analysis) -> pd.DataFrame:
    """KOSTRA history and the report's projection of netto lånegjeld in % of brutto
    driftsinntekter: aar, verdi, datatype_navn."""
    hist = a.kostra_ratio
    rows = [{"aar": int(y), "verdi": float(v), "datatype_navn": "Regnskap (KOSTRA)"}
            for y, v in hist.items() if y < a.years[0]]
    for r in a.base.debt.itertuples():
        if pd.notna(r.lanegjeld_pst):
            rows.append({"aar": int(r.aar), "verdi": float(r.lanegjeld_pst),
                         "datatype_navn": "Beregnet for planårene"})
    return pd.DataFrame(rows, columns=["aar", "verdi", "datatype_navn"])


def chart_debt_ratio(a: Analysis):
    """Netto lånegjeld in % of brutto driftsinntekter, history and plan, against the
    ceiling (``None`` when nothing is known)."""
    from helpers.presentation import charts

    df = debt_ratio_frame(a)
    if df.empty:
        return None
    ceiling = a.base.ceiling
    return charts.bars_vs_threshold(
        df, threshold=ceiling,
        threshold_label=f"Handlingsregel {fmt_pct(ceiling, 0)}" if ceiling else "",
        title="Netto lånegjeld i % av brutto driftsinntekter",
        y_title="% av brutto driftsinntekter", subject=str(getattr(a.kommune, "navn", "")))


def chart_capital_cost(a: Analysis):
    """Interest and repayments on the new loans per year: ordinary (dark) and selvkost
    (grey) stacked."""
    import altair as alt

    from helpers.presentation import charts

    cc = a.base.capital_cost
    long = pd.concat([
        pd.DataFrame({"aar": cc["aar"], "serie": "Ordinære (frie inntekter)",
                      "mill": cc["ordinær"] / 1000}),
        pd.DataFrame({"aar": cc["aar"], "serie": "Selvkost (gebyrer)",
                      "mill": cc["selvkost"] / 1000}),
    ])
    series = list(dict.fromkeys(long["serie"]))
    bars = alt.Chart(long, title="Renter og avdrag på nye lån (driftskonsekvens)").mark_bar(
        size=46, stroke=charts.OUTLINE, strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(mill):Q", title="mill. kr", axis=alt.Axis(format=",.1f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=[charts.HIGHLIGHT,
                                                              "#b3b3b3"])),
        order=alt.Order("serie:N", sort="ascending"),
    )
    tot = cc.assign(mill=cc["totalt"] / 1000)
    labels = alt.Chart(tot).mark_text(dy=-7, fontSize=10, color="#222222").encode(
        x="aar:O", y="mill:Q", text=alt.Text("mill:Q", format=",.1f"))
    chart = (bars + labels).properties(width=charts.WIDTH, height=charts.HEIGHT - 40)
    years = list(tot["aar"])
    text = chartalt.sentence(
        f"Renter og avdrag på nye lån (driftskonsekvens), {chartalt.period_text(years)}, "
        "mill. kr.", "Stablede søyler per år: ordinære lån (mørk blå, betales av frie "
        "inntekter) og selvkostlån (lys grå, betales av gebyrer), med summen over søylen.",
        "Sum per år: " + "; ".join(f"{y} {fmt_number(v, 1)}" for y, v in
                                   zip(years, tot["mill"], strict=True)) + ".",
        "Ordinære: " + chartalt.lower_first(chartalt.trend(
            years, list(cc["ordinær"] / 1000), 1, "mill. kr")))
    table = chartalt.table_frame(pd.concat([long, tot.assign(serie="Sum")]), index="aar",
                                 columns="serie", values="mill", decimals=1, index_title="År")
    return chartalt.describe(chart, text, table)


def chart_scenario(a: Analysis):
    """Plan and scenario side by side per year: lånegjeld in % of brutto driftsinntekter
    where known, otherwise in mill. kr."""
    import altair as alt

    from helpers.presentation import charts

    if a.scenario is None:
        return None
    c = compare(a.base, a.scenario)
    use_pct = c.loc[c["maal"] == "lanegjeld_pst", "plan"].notna().all()
    maal = "lanegjeld_pst" if use_pct else "lanegjeld"
    sel = c[c["maal"] == maal]
    scale = 1 if use_pct else 1 / 1000
    long = pd.concat([
        pd.DataFrame({"aar": sel["aar"], "serie": "Plan", "verdi": sel["plan"] * scale}),
        pd.DataFrame({"aar": sel["aar"], "serie": "Scenario", "verdi": sel["scenario"] * scale}),
    ])
    series = ["Plan", "Scenario"]
    y_title = "% av brutto driftsinntekter" if use_pct else "mill. kr"
    bars = alt.Chart(long, title="Netto lånegjeld: plan og scenario").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        xOffset=alt.XOffset("serie:N", sort=series),
        y=alt.Y("verdi:Q", title=y_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=["#b3b3b3", charts.HIGHLIGHT])),
    )
    labels = alt.Chart(long).mark_text(dy=-6, fontSize=9, color="#222222").encode(
        x="aar:O", xOffset=alt.XOffset("serie:N", sort=series), y="verdi:Q",
        text=alt.Text("verdi:Q", format=",.1f"))
    chart = bars + labels
    if use_pct and a.base.ceiling is not None:
        chart = chart + _ceiling_layer(a.base.ceiling,
                                       f"Handlingsregel {fmt_pct(a.base.ceiling, 0)}")
    chart = chart.properties(width=charts.WIDTH, height=charts.HEIGHT)
    unit = "%" if use_pct else "mill. kr"
    years = list(sel["aar"])
    plan, scen = list(sel["plan"] * scale), list(sel["scenario"] * scale)
    text = chartalt.sentence(
        f"Netto lånegjeld: plan og scenario, {chartalt.period_text(years)}"
        f"{', i % av brutto driftsinntekter' if use_pct else ', mill. kr'}.",
        "Grupperte søyler per år, lys grå: plan, mørk blå: scenario med utsatte prosjekter.",
        "Plan: " + chartalt.lower_first(chartalt.trend(years, plan, 1, unit)),
        "Scenario: " + chartalt.lower_first(chartalt.trend(years, scen, 1, unit)),
        chartalt.threshold_text(years, scen, a.base.ceiling, 1, unit,
                                "Handlingsregelen (for scenarioet)")
        if use_pct and a.base.ceiling is not None else "")
    return chartalt.describe(chart, text, chartalt.table_frame(
        long, index="aar", columns="serie", values="verdi", decimals=1, index_title="År"))


def _ceiling_layer(value: float, label: str):
    """A dashed rule with a label for the debt ceiling (the shared threshold look)."""
    import altair as alt

    from helpers.presentation import charts

    df = pd.DataFrame({"terskel": [value], "etikett": [label]})
    rule = alt.Chart(df).mark_rule(color=charts.THRESHOLD, strokeDash=[6, 4],
                                   strokeWidth=1.5).encode(y="terskel:Q")
    text = alt.Chart(df).mark_text(align="right", baseline="bottom", dy=-3, x="width",
                                   color=charts.THRESHOLD, fontSize=11).encode(
        y="terskel:Q", text="etikett:N")
    return rule + text
