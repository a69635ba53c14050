"""The befolkning report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import fmt_number
from helpers.reports.befolkning.analysis import Analysis
from helpers.reports.befolkning.population import (
    SERVICE_GROUPS,
    TOTAL,
    age_group_label,
    period_label,
)
from helpers.reports.befolkning.tables import precision_words, ratio_frame
from helpers.reports.befolkning.text import rounding_interval


def chart_components(a: Analysis) -> alt.LayerChart:
    """Births surplus and net migration per period as stacked bars, folkevekst as points."""
    h = a.history
    labels = [period_label(int(y), int(q)) for y, q in zip(h["aar"], h["til_kvartal"],
                                                           strict=True)]
    parts = {"Fødselsoverskudd": "fodselsoverskudd",
             "Netto innvandring": "netto_innvandring",
             "Netto innenlands flytting": "netto_innenlands"}
    long = pd.concat([pd.DataFrame({"periode": labels, "komponent": name,
                                    "personer": h[col].to_numpy()})
                      for name, col in parts.items()], ignore_index=True)
    order = list(parts)
    # Part-year periods get their note on a second axis line.
    axis = alt.Axis(labelExpr="split(replace(datum.label, ' (', '|('), '|')")
    bars = alt.Chart(long, title="Befolkningsendring etter årsak").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("periode:N", title=None, sort=labels, axis=axis),
        y=alt.Y("personer:Q", title="Personer", axis=alt.Axis(format=",.0f")),
        color=alt.Color("komponent:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[charts.HIGHLIGHT,
                                                             charts.HIGHLIGHT_LIGHT,
                                                             "#d9d9d9"])),
        order=alt.Order("rekkefolge:Q"),
        tooltip=["periode:N", "komponent:N", alt.Tooltip("personer:Q", format=",.0f")],
    ).transform_calculate(rekkefolge=f"indexof({order!r}, datum.komponent)")
    growth = pd.DataFrame({"periode": labels, "personer": h["folkevekst"].to_numpy(),
                           "serie": "Folkevekst"})
    points = alt.Chart(growth).mark_point(shape="diamond", size=70, filled=True,
                                          color="#1a1a1a").encode(
        x=alt.X("periode:N", sort=labels), y="personer:Q",
        shape=alt.Shape("serie:N", title=None, scale=alt.Scale(range=["diamond"])),
        tooltip=["periode:N", alt.Tooltip("personer:Q", title="Folkevekst", format=",.0f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    chart = (bars + zero + points).resolve_scale(shape="independent").properties(
        width=charts.WIDTH, height=charts.HEIGHT)
    sums = {name: float(h[col].sum()) for name, col in parts.items()}
    text = chartalt.sentence(
        f"Befolkningsendring etter årsak i {a.kommune.navn}, {chartalt.period_text(labels)}, "
        "personer.", "Stablede søyler per periode: fødselsoverskudd (mørk blå), netto "
        "innvandring (lys blå) og netto innenlands flytting (lys grå); en svart rute viser "
        "folkeveksten.",
        "Folkevekst: " + chartalt.lower_first(chartalt.extremes(
            labels, list(h["folkevekst"]), 0, "personer")),
        f"Sum for perioden: folkevekst {fmt_number(float(h['folkevekst'].sum()), 0, sign=True)}"
        ", " + ", ".join(f"{n.lower()} {fmt_number(v, 0, sign=True)}" for n, v in sums.items())
        + ".")
    table = chartalt.table_frame(pd.concat([long, growth.rename(columns={"serie": "komponent"})]),
                                 index="periode", columns="komponent", values="personer",
                                 decimals=0, index_title="Periode")
    return chartalt.describe(chart, text, table)


def population_axis(folketall: pd.Series) -> tuple[float, float]:
    """The folketall axis: the values with a margin of 30 % of their span (at least 20
    people), widened to whole hundreds; it starts at zero only if the margin reaches it."""
    import math

    lo, hi = float(folketall.min()), float(folketall.max())
    pad = max(20.0, (hi - lo) * 0.3)
    return max(0.0, math.floor((lo - pad) / 100) * 100), math.ceil((hi + pad) / 100) * 100


def chart_population(a: Analysis) -> alt.LayerChart:
    """Registered and projected population (31.12), projection dashed and lighter."""
    s = a.series.copy()
    s["serie"] = s["type"].map({"registrert": "Registrert", "framskrevet": "Framskrevet"})
    # Let the projected line start where the registered one ends.
    reg = s[s["type"] == "registrert"]
    if not reg.empty and (s["type"] == "framskrevet").any():
        bridge = reg.iloc[[-1]].assign(serie="Framskrevet")
        s = pd.concat([s, bridge], ignore_index=True).sort_values(["serie", "aar"])
    order = ["Registrert", "Framskrevet"]
    lo, hi = population_axis(s["folketall"])
    # The change is small beside the level, so the axis does not start at zero; the chart
    # says so in its subtitle (a quantity axis not starting at zero must say it).
    title = alt.TitleParams("Folketall 31.12", subtitle=(
        f"Aksen starter på {fmt_number(lo)} innbyggere, ikke på null." if lo > 0 else ""))
    base = alt.Chart(s, title=title).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("folketall:Q", title="Innbyggere", axis=alt.Axis(format=",.0f"),
                scale=alt.Scale(domain=[lo, hi], zero=False, nice=False)),
        color=alt.Color("serie:N", title=None, sort=order,
                        scale=alt.Scale(domain=order,
                                        range=[charts.HIGHLIGHT, charts.HIGHLIGHT_MID])),
        strokeDash=alt.StrokeDash("serie:N", title=None, sort=order,
                                  scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]])),
        tooltip=[alt.Tooltip("tidspunkt:N", title="Tidspunkt"),
                 alt.Tooltip("folketall:Q", format=",.0f")],
    )
    chart = (base.mark_line(strokeWidth=3) + base.mark_point(filled=True, size=40)).properties(
        width=charts.WIDTH, height=charts.HEIGHT)
    src = a.series.assign(serie=a.series["type"].map({"registrert": "Registrert",
                                                       "framskrevet": "Framskrevet"}))
    parts = []
    for name, look in (("Registrert", "mørk blå heltrukken linje"),
                       ("Framskrevet", "lysere blå stiplet linje")):
        q = src[src["serie"] == name]
        if not q.empty:
            parts.append(f"{name} ({look}): " + chartalt.lower_first(
                chartalt.trend(list(q["aar"]), list(q["folketall"]), 0, "innbyggere")
                or f"{fmt_number(q['folketall'].iloc[0], 0)} innbyggere i {q['aar'].iloc[0]}."))
    text = chartalt.sentence(
        f"Folketall 31.12 i {a.kommune.navn}, {chartalt.period_text(list(src['aar']))}.",
        *parts, chartalt.extremes(list(src["aar"]), list(src["folketall"]), 0, "innbyggere"),
        f"Aksen starter på {fmt_number(lo)} innbyggere, ikke på null." if lo > 0 else "")
    return chartalt.describe(chart, text, chartalt.table_frame(
        src, index="aar", columns="serie", values="folketall", decimals=0, index_title="År"))


def chart_age_index(a: Analysis) -> alt.LayerChart:
    """Each age group indexed to the first year; service groups dark, others grey."""
    idx = a.index.drop(columns=[TOTAL])
    long = idx.reset_index().melt(id_vars="aar", var_name="gruppe", value_name="indeks")
    long["Aldersgruppe"] = long["gruppe"].map(age_group_label)
    names = [age_group_label(g) for g in idx.columns]
    service = [age_group_label(g) for g in SERVICE_GROUPS if g in idx.columns]
    others = [n for n in names if n not in service]
    domain = service + others
    service_colors = [charts.HIGHLIGHT, "#2e7d32", "#b22222", "#8a5a00"]
    colors = service_colors[:len(service)] + [charts.PEER_SHADES[i % 7]
                                              for i in range(len(others))]
    shape_list = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
                  "triangle-right", "triangle-left"]
    shapes = [shape_list[i % len(shape_list)] for i in range(len(domain))]
    long["_tjeneste"] = long["Aldersgruppe"].isin(service)
    base = alt.Chart(long, title=f"Aldersgruppene i forhold til {a.start} (= 100)").encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("indeks:Q", title="Indeks", scale=alt.Scale(zero=False),
                axis=alt.Axis(format=",.0f")),
        color=alt.Color("Aldersgruppe:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=colors)),
        shape=alt.Shape("Aldersgruppe:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=shapes)),
        tooltip=["Aldersgruppe:N", alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("indeks:Q", format=",.1f")],
    )
    lines = base.mark_line().encode(
        strokeWidth=alt.condition("datum._tjeneste", alt.value(3), alt.value(1.2)),
        strokeDash=alt.condition("datum._tjeneste", alt.value([1, 0]), alt.value([4, 2])),
    )
    ref = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(color="#666666").encode(y="y:Q")
    chart = (ref + lines + base.mark_point(size=35)).properties(
        width=charts.WIDTH, height=charts.HEIGHT + 40)
    years = [int(y) for y in idx.index]
    last = long[long["aar"] == idx.index[-1]]
    text = chartalt.sentence(
        f"Aldersgruppene i {a.kommune.navn} i forhold til {a.start} (= 100), "
        f"{chartalt.period_text(years)}.",
        f"Linjediagram med én linje og punktform per aldersgruppe; de tjenestedrivende "
        f"gruppene ({chartalt.label_list(service)}) som tykke heltrukne linjer i farger, "
        "de andre som tynne stiplede grå linjer; en grå linje ved 100.",
        f"I {years[-1]}: "
        f"{chartalt.ranking(list(last['Aldersgruppe']), list(last['indeks']), 0, limit=20)}.")
    return chartalt.describe(chart, text, chartalt.table_frame(
        long, index="aar", columns="Aldersgruppe", values="indeks", decimals=1,
        index_title="År"))


def chart_service_groups(a: Analysis) -> alt.Chart:
    """Persons per service-driving age group per year, one small panel each."""
    groups = [g for g in SERVICE_GROUPS if g in a.wide.columns]
    long = a.wide[groups].reset_index().melt(id_vars="aar", var_name="gruppe",
                                             value_name="personer")
    long["Aldersgruppe"] = long["gruppe"].map(
        lambda g: f"{age_group_label(g)} ({SERVICE_GROUPS[g].split(' (')[0]})")
    order = list(dict.fromkeys(long["Aldersgruppe"]))
    years = [int(y) for y in a.wide.index]
    step = 1 if len(years) <= 6 else 2
    chart = alt.Chart(long).mark_bar(color=charts.HIGHLIGHT).encode(
        x=alt.X("aar:O", title=None, axis=alt.Axis(values=years[::step])),
        y=alt.Y("personer:Q", title="Personer", axis=alt.Axis(format=",.0f")),
        tooltip=["Aldersgruppe:N", alt.Tooltip("aar:O", title="År"), "personer:Q"],
    ).properties(width=charts.WIDTH // 2 - 40, height=130).facet(
        facet=alt.Facet("Aldersgruppe:N", title=None, sort=order), columns=2,
    ).resolve_scale(y="independent")
    parts = []
    for g in order:
        q = long[long["Aldersgruppe"] == g]
        parts.append(f"{g}: " + chartalt.lower_first(chartalt.trend(
            list(q["aar"]), list(q["personer"]), 0, "personer")))
    text = chartalt.sentence(
        f"Personer i de tjenestedrivende aldersgruppene i {a.kommune.navn}, "
        f"{chartalt.period_text(years)}.", "Ett søylediagram per aldersgruppe, hver med sin "
        "egen skala.", *parts)
    return chartalt.describe(chart, text, chartalt.table_frame(
        long, index="aar", columns="Aldersgruppe", values="personer", decimals=0,
        index_title="År"))


def chart_ratio(a: Analysis) -> alt.LayerChart:
    """Aldersbæreevne per projection year, with published figures as points."""
    r = ratio_frame(a).assign(serie="Beregnet fra framskrivningen")
    title = "Aldersbæreevne: personer i arbeidsfør alder per eldre"
    base = alt.Chart(r, title=title).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("aldersbaereevne:Q", title="Forholdstall", scale=alt.Scale(zero=True),
                axis=alt.Axis(format=",.1f")),
        tooltip=[alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("aldersbaereevne:Q", format=",.2f")],
    )
    line = base.mark_line(strokeWidth=3).encode(
        color=alt.Color("serie:N", title=None, scale=alt.Scale(range=[charts.HIGHLIGHT])))
    points = base.mark_point(filled=True, size=40, color=charts.HIGHLIGHT)
    labels = base.mark_text(dy=-10, fontSize=10, color="#222222").encode(
        text=alt.Text("aldersbaereevne:Q", format=",.2f"))
    chart = line + points + labels
    pub = a.ratio_comparison
    pub = pub[pub["aar"].isin(r["aar"])]
    if not pub.empty:
        # A published figure is drawn at its precision: a point where it has two decimals
        # (as the computed line), a bar over every value it can stand for where the source
        # rounded more (2 as a whole number covers 1,5–2,5), labelled as written.
        p = pub.assign(serie="Publisert (SSB / økonomiplanen)")
        p["fra"], p["til"] = zip(*[rounding_interval(v, d) for v, d in
                                   zip(p["publisert"], p["desimaler"], strict=True)],
                                 strict=True)
        p["etikett"] = [f"Publisert: {fmt_number(v, int(d))} (avrundet til "
                        f"{precision_words(d)})"
                        for v, d in zip(p["publisert"], p["desimaler"], strict=True)]
        exact = p[p["desimaler"] >= 2]
        rounded = p[p["desimaler"] < 2]
        tooltip = [alt.Tooltip("aar:O", title="År"), alt.Tooltip("etikett:N", title="Publisert")]
        if not exact.empty:
            chart = chart + alt.Chart(exact).mark_point(
                size=90, filled=False, strokeWidth=2, color=charts.THRESHOLD).encode(
                x=alt.X("aar:O"), y="publisert:Q",
                shape=alt.Shape("serie:N", title=None, scale=alt.Scale(range=["square"])),
                tooltip=tooltip)
        if not rounded.empty:
            band = alt.Chart(rounded).encode(x=alt.X("aar:O"), tooltip=tooltip)
            chart = (chart
                     + band.mark_bar(size=14, opacity=0.25, color=charts.THRESHOLD,
                                     stroke=charts.THRESHOLD, strokeWidth=1.5).encode(
                         y="fra:Q", y2="til:Q")
                     + band.mark_text(dx=-12, dy=-4, align="right", baseline="bottom",
                                      fontSize=10, color=charts.THRESHOLD).encode(
                         y="fra:Q", text=alt.Text("etikett:N")))
    chart = chart.properties(width=charts.WIDTH, height=charts.HEIGHT)
    years, vals = list(r["aar"]), list(r["aldersbaereevne"])
    published = ("Publiserte tall (rød firkant eller rødt felt for avrundede tall): "
                 + "; ".join(f"{y} {e.split(': ', 1)[1]}" for y, e in
                             zip(p["aar"], p["etikett"], strict=True)) + "."
                 if not pub.empty else "")
    text = chartalt.sentence(
        f"{title} i {a.kommune.navn}, {chartalt.period_text(years)}.",
        "Linje med punkter og tall: beregnet fra framskrivningen.",
        chartalt.trend(years, vals, 2), chartalt.extremes(years, vals, 2), published)
    table = r[["aar", "aldersbaereevne"]].assign(serie="Beregnet")
    if not pub.empty:
        table = pd.concat([table, pub.rename(columns={"publisert": "aldersbaereevne"})[
            ["aar", "aldersbaereevne"]].assign(serie="Publisert")])
    return chartalt.describe(chart, text, chartalt.table_frame(
        table, index="aar", columns="serie", values="aldersbaereevne", decimals=2,
        index_title="År"))


def chart_cost(a: Analysis) -> alt.LayerChart:
    """Change in cost against the first year, 1000 kr, as bars."""
    py = a.cost.per_year.copy()
    bars = alt.Chart(py, title=f"Endring i kostnad fra {a.start}, faste priser").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("endring_fra_start_1000kr:Q", title="1000 kr", axis=alt.Axis(format=",.0f")),
        color=alt.condition("datum.endring_fra_start_1000kr > 0", alt.value(charts.NEGATIVE),
                            alt.value("#b3b3b3")),
        tooltip=[alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("endring_fra_start_1000kr:Q", title="1000 kr", format=",.0f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    chart = (bars + zero).properties(width=charts.WIDTH, height=charts.HEIGHT)
    years, vals = list(py["aar"]), list(py["endring_fra_start_1000kr"])
    up = [y for y, v in zip(years, vals, strict=True) if v > 0]
    text = chartalt.sentence(
        f"Endring i kostnad fra {a.start} i {a.kommune.navn}, faste priser, "
        f"{chartalt.period_text(years)}, 1000 kr.",
        "Søyler per år: økt kostnad mørk rød, lavere kostnad lys grå.",
        chartalt.extremes(years, vals, 0, "1000 kr"),
        f"I {years[-1]}: {fmt_number(vals[-1], 0, sign=True)} tusen kr." if years else "",
        f"Høyere enn i {a.start} i {chartalt.label_list(up)}." if up else "")
    return chartalt.describe(chart, text, chartalt.table_frame(
        py, index="aar", columns=None, values="endring_fra_start_1000kr", decimals=0,
        index_title="År", unit="Endring fra start, 1000 kr"))
