"""The kostra report's charts (Altair, the shared theme of
:mod:`helpers.presentation.charts`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import chartalt
from helpers.presentation.formatting import fmt_number
from helpers.reports.kostra.analysis import (
    TOTAL,
    Comparison,
    _reference_phrase,
    correction_words,
)
from helpers.reports.kostra.tables import _columns

_REF_COLOR = "#6e6e6e"


_PEER_COLOR = "#b3b3b3"


_LESS_COLOR = "#d0d0d0"


def _area_names(cmp: Comparison) -> dict[str, str]:
    t = cmp.data.get("kostra_tjenesteomrader")
    short = {} if t is None else dict(zip(t["dimensjon"], t["kortnavn"], strict=True))
    return {d: short.get(d, d) for d in cmp.table.index}


def expenditure_chart(cmp: Comparison) -> alt.FacetChart:
    """Small multiples, one panel per service area: a bar per region (the municipality
    dark blue, peers light grey, the reference mid grey) and a dashed line at the
    reference's level. Each panel has its own scale so small areas can be read too."""
    import altair as alt

    from helpers.presentation import charts

    names = _area_names(cmp)
    rows = []
    cols = _columns(cmp)
    for i, (heading, values) in enumerate(cols):
        role = "kommune" if i == 0 else ("referanse" if i == len(cols) - 1 else "sammenligning")
        for dim, v in values.items():
            if dim != TOTAL and pd.notna(v):
                rows.append({"omrade": names[dim], "region": heading, "verdi": float(v),
                             "rolle": role})
    df = pd.DataFrame(rows)
    order = [h for h, _ in cols]
    areas = [names[d] for d in cmp.table.index if d != TOTAL]
    roles = ["kommune", "sammenligning", "referanse"]
    colors = [charts.HIGHLIGHT, _PEER_COLOR, _REF_COLOR]
    step = 9
    bars = alt.Chart().mark_bar(height=7, stroke="#1a1a1a", strokeWidth=0.3).encode(
        y=alt.Y("region:N", sort=order, title=None,
                axis=alt.Axis(labelFontSize=9, ticks=False, domain=False)),
        x=alt.X("verdi:Q", title=None, axis=alt.Axis(format=",.0f", tickCount=2,
                                                     labelFontSize=9, labelOverlap="greedy")),
        color=alt.Color("rolle:N", scale=alt.Scale(domain=roles, range=colors), legend=None),
        tooltip=["region:N", alt.Tooltip("verdi:Q", format=",.0f")],
    )
    rule = alt.Chart().mark_rule(color=charts.THRESHOLD, strokeDash=[4, 3],
                                 strokeWidth=1.3).encode(x="verdi:Q").transform_filter(
        "datum.rolle == 'referanse'")
    layer = alt.layer(bars, rule, data=df).properties(width=140, height=step * len(order))
    chart = layer.facet(
        facet=alt.Facet("omrade:N", sort=areas, title=None,
                        header=alt.Header(labelFontSize=10, labelFontWeight="bold",
                                          labelAnchor="start", labelPadding=1)),
        columns=3, spacing={"row": 4, "column": 12},
        title=alt.TitleParams(f"Kroner per innbygger per tjenesteområde, {cmp.aar}",
                              subtitle=[f"{correction_words(cmp).capitalize()}. Mørk blå: "
                                        f"{cmp.kommune.navn}. Stiplet linje og mørk grå: "
                                        f"{_reference_phrase(cmp)}.",
                                        "Hvert felt har sin egen skala."]),
    ).resolve_scale(x="independent")
    own, ref = order[0], order[-1]
    parts = []
    for area in areas:
        q = df[df["omrade"] == area]
        v = dict(zip(q["region"], q["verdi"], strict=True))
        if own not in v:
            continue
        rank = sorted(v.values(), reverse=True).index(v[own]) + 1
        parts.append(f"{area}: {fmt_number(v[own], 0)} kr"
                     + (f" mot {fmt_number(v[ref], 0)} kr" if ref in v and ref != own else "")
                     + f", nummer {rank} av {len(v)}")
    text = " ".join(p for p in [
        f"Kroner per innbygger per tjenesteområde i {cmp.aar}, {correction_words(cmp)}.",
        f"Ett felt per tjenesteområde med én liggende søyle per kommune: {cmp.kommune.navn} "
        f"mørk blå og øverst, sammenligningskommunene lys grå, {_reference_phrase(cmp)} "
        "mørk grå og som stiplet rød linje. Hvert felt har sin egen skala.",
        f"{cmp.kommune.navn} mot {_reference_phrase(cmp)} (rangert fra høyest): "
        + "; ".join(parts) + "." if parts else ""] if p)
    table = chartalt.table_frame(df, index="omrade", columns="region", values="verdi",
                                 decimals=0, index_title="Tjenesteområde")
    return chartalt.describe(chart, text, table)


def difference_chart(cmp: Comparison) -> alt.LayerChart:
    """Sorted horizontal bars of the difference per service area, labelled, zero line.

    In mill. kr for the whole municipality when the population is known, otherwise in kr
    per innbygger. Dark bars: the municipality spends more; light bars: less.
    """
    import altair as alt

    from helpers.presentation import charts

    names = _area_names(cmp)
    d = cmp.differences[(cmp.differences["dimensjon"] != TOTAL)
                        & cmp.differences["differanse_per_innb"].notna()].copy()
    in_money = cmp.folketall is not None
    if in_money:
        d["verdi"] = d["merutgift"] / 1000
        label = d["verdi"].map(lambda v: fmt_number(v, 1, sign=True))
        unit = "mill. kr for hele kommunen"
    else:
        d["verdi"] = d["differanse_per_innb"]
        label = d["verdi"].map(lambda v: fmt_number(v, 0, sign=True))
        unit = "kr per innbygger"
    d["omrade"] = d["dimensjon"].map(names)
    d["etikett"] = label
    d["mer"] = d["verdi"] > 0
    order = list(d.sort_values("verdi", ascending=False)["omrade"])
    lo, hi = min(d["verdi"].min(), 0), max(d["verdi"].max(), 0)
    pad = (hi - lo) * 0.14 or 1
    scale = alt.Scale(domain=[lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)],
                      nice=True)
    fmt = ",.0f"
    base = alt.Chart(d).encode(y=alt.Y("omrade:N", sort=order, title=None,
                                       axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar(height=15, stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("verdi:Q", title=unit, scale=scale, axis=alt.Axis(format=fmt)),
        color=alt.condition("datum.mer", alt.value(charts.HIGHLIGHT), alt.value(_LESS_COLOR)),
        tooltip=["omrade:N", alt.Tooltip("verdi:Q", format=",.1f")],
    )
    right = base.mark_text(align="left", dx=3, fontSize=10, color="#222222").encode(
        x="verdi:Q", text="etikett:N").transform_filter("datum.verdi >= 0")
    left = base.mark_text(align="right", dx=-3, fontSize=10, color="#222222").encode(
        x="verdi:Q", text="etikett:N").transform_filter("datum.verdi < 0")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#1a1a1a").encode(x="x:Q")
    title = alt.TitleParams(
        f"Forskjell mot {_reference_phrase(cmp)} per tjenesteområde, {cmp.aar}",
        subtitle=f"Mørke søyler: {cmp.kommune.navn} bruker mer; lyse: mindre. Enhet: {unit}."
        + ("" if cmp.korrigert else " Ukorrigert (ikke korrigert for utgiftsbehov)."))
    chart = (bars + right + left + zero).properties(
        title=title, width=charts.WIDTH - 190, height=22 * len(d))
    what = (f"Forskjell mot {_reference_phrase(cmp)} per tjenesteområde for "
            f"{cmp.kommune.navn}, {cmp.aar}"
            + ("" if cmp.korrigert else ", ukorrigert (ikke korrigert for utgiftsbehov)"))
    text = charts.diverging_alt(
        d, "omrade", "verdi", what, unit, 1 if in_money else 0,
        above=f"mørk blå, {cmp.kommune.navn} bruker mer", below="lys grå, bruker mindre")
    return chartalt.describe(chart, text, chartalt.table_frame(
        d, index="omrade", columns=None, values="verdi", decimals=1 if in_money else 0,
        index_title="Tjenesteområde", unit=unit))
