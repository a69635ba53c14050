"""The klima report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.data.specs.klima import TILTAK_TYPER, TOTALT
from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import fmt_number
from helpers.reports.klima.analysis import TYPE_NAVN, Analysis, _names
from helpers.reports.klima.emissions import (
    BANE_HISTORIE,
    BANE_MAL,
    BANE_REFERANSE,
    BANE_TILTAK,
    reductions_by_year,
)
from helpers.reports.klima.tables import UNIT_LABEL

BANE_ORDER = [BANE_HISTORIE, BANE_REFERANSE, BANE_TILTAK, BANE_MAL]


def chart_sectors(a: Analysis) -> alt.LayerChart | None:
    s = a.sectors
    if s.empty:
        return None
    df = s[(s["sektor"] != TOTALT)]
    bars = alt.Chart(
        df, title=f"Utslipp etter sektor i {a.kommune.navn} {a.emission_year} ({UNIT_LABEL})"
    ).mark_bar(height=16, color=charts.HIGHLIGHT).encode(
        y=alt.Y("sektor:N", title=None, sort="-x"),
        x=alt.X("verdi:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("sektor:N", title="Sektor"),
                 alt.Tooltip("verdi:Q", format=",.1f", title="Tonn")],
    )
    labels = bars.mark_text(align="left", dx=3, fontSize=10, color="#222222").encode(
        text=alt.Text("verdi:Q", format=",.0f"))
    chart = (bars + labels).properties(width=charts.WIDTH - 160, height=22 * len(df))
    total = s.loc[s["sektor"] == TOTALT, "verdi"]
    text = chartalt.sentence(
        f"Utslipp etter sektor i {a.kommune.navn} {a.emission_year}, {UNIT_LABEL}.",
        f"Liggende søyler, sortert: "
        f"{chartalt.ranking(list(df['sektor']), list(df['verdi']), 0, limit=20)}.",
        f"Til sammen {fmt_number(float(total.iloc[0]), 0)} {UNIT_LABEL}."
        if not total.empty and pd.notna(total.iloc[0]) else "")
    return chartalt.describe(chart, text, chartalt.table_frame(
        df, index="sektor", columns=None, values="verdi", decimals=1, index_title="Sektor",
        unit=UNIT_LABEL))


def chart_comparison(a: Analysis, per_innbygger: bool = False) -> alt.LayerChart | None:
    c = a.comparison
    if c.empty:
        return None
    names = _names(a)
    if per_innbygger:
        pc = a.per_capita.dropna(subset=["tonn_per_innbygger"])
        if len(pc) < 2:
            return None
        df = pd.DataFrame({"kommune": pc["kommunenummer"].map(names),
                           "verdi": pc["tonn_per_innbygger"]})
        title = f"Utslipp per innbygger {a.emission_year} (tonn CO2-ekv.)"
        fmt = ",.1f"
    else:
        df = pd.DataFrame({"kommune": [names[k] for k in c.columns],
                           "verdi": c.loc[TOTALT].to_numpy(float)})
        title = f"Samlet utslipp {a.emission_year} ({UNIT_LABEL})"
        fmt = ",.0f"
    # the numbers at the bars with one decimal, as in the tables and the text (issue 11:
    # one figure, one precision on a page); the axis in whole tonnes
    return charts.ranked_bars(df, category="kommune", value="verdi", highlight=a.kommune.navn,
                              title=title, x_title=UNIT_LABEL if not per_innbygger else
                              "tonn per innbygger", x_format=fmt, label_format=",.1f")


def chart_measures_by_year(a: Analysis) -> alt.Chart | None:
    if not a.has_measures:
        return None
    by = reductions_by_year(a.measures, a.reductions)
    long = by.melt(id_vars="aar", value_vars=list(TILTAK_TYPER), var_name="type",
                   value_name="reduksjon").dropna()
    long["type"] = long["type"].map(TYPE_NAVN)
    if (long["reduksjon"] == 0).all():
        return None
    domain = [TYPE_NAVN[t] for t in TILTAK_TYPER]
    chart = alt.Chart(long, title="Beregnet reduksjon fra tiltakene per år (tonn CO2-ekv.)"
                     ).mark_bar(stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("reduksjon:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.1f"),
                stack="zero"),
        color=alt.Color("type:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain,
                                        range=[charts.HIGHLIGHT, charts.HIGHLIGHT_LIGHT])),
        tooltip=[alt.Tooltip("aar:O", title="År"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("reduksjon:Q", format=",.1f", title="Tonn")],
    ).properties(width=charts.WIDTH, height=200)
    per_year = long.groupby("aar", sort=True)["reduksjon"].sum()
    years = list(per_year.index)
    types = list(dict.fromkeys(long["type"]))
    text = chartalt.sentence(
        f"Beregnet reduksjon fra tiltakene per år, {chartalt.period_text(years)}, "
        f"{UNIT_LABEL}.",
        f"Stablede søyler per år, mørk blå og lys blå for {chartalt.label_list(types).lower()}"
        f" reduksjon." if len(types) > 1 else "Søyler per år.",
        "Sum per år: " + "; ".join(f"{y} {fmt_number(v, 1)}" for y, v in per_year.items())
        + ".", chartalt.extremes(years, list(per_year), 1, UNIT_LABEL))
    return chartalt.describe(chart, text, chartalt.table_frame(
        long, index="aar", columns="type", values="reduksjon", decimals=1, index_title="År"))


def chart_paths(a: Analysis) -> alt.LayerChart | None:
    """The klimabudsjett chart: history, reference path, path with measures, target path."""
    p = a.paths
    if p.empty:
        return None
    present = [b for b in BANE_ORDER if b in set(p["bane"])]
    style = {
        BANE_HISTORIE: (charts.HIGHLIGHT, [1, 0], 3.0),
        BANE_REFERANSE: ("#737373", [6, 3], 2.0),
        BANE_TILTAK: (charts.HIGHLIGHT_MID, [2, 2], 2.5),
        BANE_MAL: (charts.THRESHOLD, [8, 4], 2.0),
    }
    colors = [style[b][0] for b in present]
    dashes = [style[b][1] for b in present]
    widths = [style[b][2] for b in present]
    base = alt.Chart(p, title=f"Klimagassutslipp i {a.kommune.navn} ({UNIT_LABEL})").encode(
        x=alt.X("aar:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("verdi:Q", title=UNIT_LABEL, axis=alt.Axis(format=",.0f"),
                scale=alt.Scale(zero=True)),
        color=alt.Color("bane:N", title=None, sort=present,
                        scale=alt.Scale(domain=present, range=colors),
                        legend=alt.Legend(symbolType="stroke", symbolSize=400)),
        tooltip=[alt.Tooltip("bane:N", title="Linje"), alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("verdi:Q", format=",.1f", title="Tonn")],
    )
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash("bane:N", sort=present, title=None,
                                  scale=alt.Scale(domain=present, range=dashes)),
        strokeWidth=alt.StrokeWidth("bane:N", sort=present, title=None,
                                    scale=alt.Scale(domain=present, range=widths)),
    )
    points = base.transform_filter(f"datum.bane == '{BANE_HISTORIE}'").mark_point(
        filled=True, size=50)
    chart = (lines + points).properties(width=charts.WIDTH, height=charts.HEIGHT)
    looks = {BANE_HISTORIE: "mørk blå heltrukken linje med punkter",
             BANE_REFERANSE: "grå stiplet linje", BANE_TILTAK: "lysere blå prikket linje",
             BANE_MAL: "rød langstiplet linje"}
    parts = []
    for b in present:
        q = p[p["bane"] == b].dropna(subset=["verdi"]).sort_values("aar")
        if q.empty:
            continue
        parts.append(f"{b} ({looks[b]}): "
                     + chartalt.lower_first(chartalt.trend(list(q["aar"].astype(int)),
                                                           list(q["verdi"]), 0, UNIT_LABEL)
                                            or f"{fmt_number(q['verdi'].iloc[0], 0)} "
                                               f"{UNIT_LABEL} i {int(q['aar'].iloc[0])}."))
    years = sorted(int(y) for y in p["aar"].unique())
    text = chartalt.sentence(
        f"Klimagassutslipp i {a.kommune.navn}, {chartalt.period_text(years)}, {UNIT_LABEL}.",
        *parts)
    table = chartalt.table_frame(p.assign(aar=p["aar"].astype(int)), index="aar",
                                 columns="bane", values="verdi", decimals=0, index_title="År")
    return chartalt.describe(chart, text, table)
