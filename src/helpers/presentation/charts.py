"""One Altair look for every report, and chart builders that return ``alt.Chart``.

The look is made for print: the chosen municipality in a dark, thick line or bar, its
peers in greys with different point shapes (so they read in black and white), rule
thresholds as dashed dark-red rules with a label, plan years told apart from history
by a lighter fill. Charts render as SVG (vector in the PDF, no JavaScript or network).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.presentation import chartalt
from helpers.presentation.chartalt import fmt_value
from helpers.presentation.formatting import VEGA_FORMAT_LOCALE, fmt_list, fmt_number

FONT = "Liberation Sans, Arial, sans-serif"
HIGHLIGHT = "#1f4e79"  # the municipality the report is about
HIGHLIGHT_LIGHT = "#8fb3d9"  # the same, for plan/budget years (bar fills, with an outline)
HIGHLIGHT_MID = "#5a8ac0"  # a lighter blue for a line or point (3,6:1 on white)
PEER = "#8c8c8c"
# Peer lines and points: each at least 3:1 against white (WCAG 1.4.11), told apart by
# point shape and dash as well (tests/unit/presentation/test_chart_access.py).
PEER_SHADES = ["#4d4d4d", "#737373", "#8f8f8f", "#595959", "#808080", "#666666", "#404040"]
OUTLINE = "#1a1a1a"  # the outline that gives light bar fills their contrast
BACKGROUND = "#ffffff"
# Colours drawn as lines, points, rules or text on the white background (≥ 3:1), and light
# fills that are only ever drawn with OUTLINE around them.
LINE_COLOURS = [HIGHLIGHT, HIGHLIGHT_MID, PEER, *PEER_SHADES, "#2e7d32", "#b22222", "#8a5a00",
                "#222222", "#666666", OUTLINE]
OUTLINED_FILLS = [HIGHLIGHT_LIGHT, "#b3b3b3", "#d9d9d9", "#d0d0d0", "#bfbfbf"]
THRESHOLD = "#b22222"
# Categories that are not "us against them" (e.g. rammeområder in a stacked bar): the
# Okabe–Ito colours, safe for colour-blind readers, ordered so that neighbours also differ
# in lightness when printed in greyscale (see tests/unit/pack/test_appendix.py).
CATEGORICAL = ["#1f4e79", "#e69f00", "#009e73", "#f0e442", "#cc79a7", "#56b4e9"]
POSITIVE = "#2e7d32"
NEGATIVE = "#b22222"
WIDTH = 520
HEIGHT = 260
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]

TIME_FORMAT_LOCALE = "nb-NO"


def theme() -> dict:
    """The Vega-Lite config used by every report."""
    return {
        "config": {
            "font": FONT,
            # No ARIA attributes on every mark: the whole SVG is one image whose name is
            # the chart's text alternative (chartalt), and the table sits below it.
            "aria": False,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"fontSize": 13, "anchor": "start", "fontWeight": "bold", "offset": 10},
            "axis": {
                "labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                "gridColor": "#e0e0e0", "domainColor": "#666666", "tickColor": "#666666",
                "labelColor": "#222222", "titleColor": "#222222",
            },
            "axisX": {"labelAngle": 0},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom",
                       "titleFontWeight": "normal", "symbolStrokeWidth": 2,
                       "labelLimit": 420},
            "line": {"strokeWidth": 2},
            "point": {"size": 45, "filled": True},
            "bar": {"color": HIGHLIGHT},
            "range": {"category": [HIGHLIGHT] + PEER_SHADES},
        }
    }


SPEC_KEY = "hop_vegalite"
TABLE_HTML_KEY = "hop_tabell_html"  # the chart's figures as a <details> table (screen only)
RENDERER = "hop-svg"
SVG = "image/svg+xml"


def svg_with_spec_renderer(spec: dict, **metadata):
    """Altair renderer: Altair's offline SVG, plus the spec in the output's metadata.

    The spec's ``description`` (the chart's text alternative, :mod:`chartalt`) becomes the
    SVG's ``<title>`` (first child) and ``aria-label`` with ``role="img"``; the table of the
    chart's figures (``usermeta``) goes to the metadata as HTML for the page template."""
    try:
        from altair.vegalite.v6.display import svg_renderer
    except ImportError:  # altair 5
        from altair.vegalite.v5.display import svg_renderer

    bundle = svg_renderer(spec, **metadata)
    text = str(spec.get("description") or "")
    bundle[SVG] = chartalt.svg_with_alt(bundle[SVG], text)
    meta = {SPEC_KEY: spec}
    table = chartalt.table_html(spec.get("usermeta") or {}, title=text.split(". ")[0])
    if table:
        meta[TABLE_HTML_KEY] = table
    return bundle, {SVG: meta}


def start_renderer_in_background():
    """Start the SVG engine (vl-convert, about 1 CPU-s the first time) in a thread of its
    own and return the thread. vl-convert lets go of Python's lock while it works, so a
    process that will draw charts soon starts it this way and goes on with other work
    (issue 30: a build's worker process, while it sets up the notebook; measured, Python
    code in the main thread ran at full speed meanwhile). A failure here is left to the
    first real chart to report."""
    import threading

    def warm() -> None:
        try:
            import vl_convert as vlc
            from altair.utils._importers import vl_version_for_vl_convert

            vlc.vegalite_to_svg({"data": {"values": [{"a": 1}]}, "mark": "bar",
                                 "encoding": {"x": {"field": "a", "type": "quantitative"}}},
                                vl_version=vl_version_for_vl_convert())
        except Exception:  # noqa: BLE001, S110 - the first chart says what is wrong
            pass

    thread = threading.Thread(target=warm, name="vl-convert-start", daemon=True)
    thread.start()
    return thread


class Shown:
    """A chart as :func:`helpers.presentation.report.show` displays it: the renderer gets
    the chart's spec without Altair's schema validation of the whole spec at each display
    (issue 30: a tenth of a report's run). The charts are built by this module, and the
    tests validate every one of them (``chart.to_dict()``)."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include=None, exclude=None):
        spec = self.chart.to_dict(validate=False, context={"pre_transform": False})
        return alt.renderers.get()(spec)


_ENABLED = False


def enable() -> None:
    """Register and enable the theme and the offline SVG renderer (idempotent)."""
    global _ENABLED
    if _ENABLED:
        return
    alt.theme.register("hop", enable=True)(theme)
    # Altair's offline SVG, with the spec kept in the output's metadata for --interaktiv.
    alt.renderers.register(RENDERER, svg_with_spec_renderer)
    alt.renderers.enable(
        RENDERER,
        embed_options={"formatLocale": VEGA_FORMAT_LOCALE,
                       "timeFormatLocale": TIME_FORMAT_LOCALE},
    )
    alt.data_transformers.disable_max_rows()
    _ENABLED = True


LABEL_ROOM = 16  # pixels above and below the bars for the value labels


def _threshold_layer(threshold: float, label: str) -> alt.LayerChart:
    df = pd.DataFrame({"terskel": [threshold], "etikett": [label]})
    rule = alt.Chart(df).mark_rule(color=THRESHOLD, strokeDash=[6, 4], strokeWidth=1.5).encode(
        y="terskel:Q"
    )
    # The label sits just right of the plot area, so it never covers bars or their labels.
    text = alt.Chart(df).mark_text(
        align="left", baseline="middle", dx=4, color=THRESHOLD, fontSize=11, x="width",
        lineBreak="\n",
    ).encode(y="terskel:Q", text="etikett:N")
    return rule + text


def label_heights(values: pd.Series, threshold: float | None,
                  share: float = 0.07) -> pd.Series:
    """Where each bar's value label stands (in data units): on the bar, or on the threshold
    line where the bar ends just below it (within ``share`` of the axis span), so the dashed
    line never runs through a label."""
    if threshold is None or values.dropna().empty:
        return values
    span = max(float(values.abs().max()), abs(threshold)) or 1.0
    near = (values <= threshold) & (threshold - values < share * span) & (values >= 0)
    return values.where(~near, threshold)


def bars_vs_threshold(
    df: pd.DataFrame,
    *,
    x: str = "aar",
    y: str = "verdi",
    kind: str = "datatype_navn",
    threshold: float | None = None,
    threshold_label: str = "",
    title: str = "",
    y_title: str = "",
    y_format: str = ",.1f",
    subject: str = "",
    threshold_name: str = "Handlingsregelen",
    unit: str | None = None,
) -> alt.LayerChart | alt.Chart:
    """One municipality's series per year as bars, history dark and plan years light,
    with the threshold as a dashed rule. ``kind`` names history/plan per row. ``subject``
    (the municipality) and ``threshold_name`` go into the text alternative."""
    kinds = list(dict.fromkeys(df[kind]))
    colors = [HIGHLIGHT if i == 0 else HIGHLIGHT_LIGHT for i, _ in enumerate(kinds)]
    bars = alt.Chart(df, title=title).mark_bar(size=28, stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X(f"{x}:O", title=None),
        # room above and below the bars for their value labels, so no label sits on the
        # x axis or the axis line
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format),
                scale=alt.Scale(padding=LABEL_ROOM)),
        color=alt.Color(f"{kind}:N", title=None, scale=alt.Scale(domain=kinds, range=colors)),
        tooltip=[alt.Tooltip(f"{x}:O", title="År"), alt.Tooltip(f"{y}:Q", format=y_format)],
    )
    # a label that the threshold line would cross is lifted to just above the line
    placed = df.assign(_etikett_y=label_heights(df[y], threshold))
    labels = alt.Chart(placed).mark_text(dy=-7, fontSize=10, color="#222222").encode(
        x=f"{x}:O", y=alt.Y("_etikett_y:Q"), text=alt.Text(f"{y}:Q", format=y_format),
    ).transform_filter(f"datum.{y} >= 0")
    labels_neg = alt.Chart(df).mark_text(dy=9, fontSize=10, color="#222222").encode(
        x=f"{x}:O", y=alt.Y(f"{y}:Q"), text=alt.Text(f"{y}:Q", format=y_format),
    ).transform_filter(f"datum.{y} < 0")
    chart = bars + labels + labels_neg
    if threshold is not None:
        chart = chart + _threshold_layer(threshold, threshold_label)
    chart = chart.properties(width=WIDTH, height=HEIGHT)
    return chartalt.describe(chart, _bars_alt(df, x, y, kind, kinds, threshold, title,
                                              y_title if unit is None else unit, y_format,
                                              subject, threshold_name),
                             chartalt.table_frame(df, index=x, columns=None, values=y,
                                                  decimals=chartalt.decimals_of(y_format),
                                                  index_title="År", unit=y_title).assign(
                                 Tall=list(df.drop_duplicates(subset=[x])[kind])))


def _bars_alt(df, x, y, kind, kinds, threshold, title, y_title, y_format, subject,
              threshold_name) -> str:
    dec, unit = chartalt.decimals_of(y_format), chartalt.unit_of(y_title)
    labels, values = list(df[x]), list(df[y])
    shades = ["mørke", "lyse"]
    kinds_text = "; ".join(
        f"{shades[min(i, 1)]} søyler: {k} ({chartalt.label_list(list(df.loc[df[kind] == k, x]))})"
        for i, k in enumerate(kinds))
    head = f"{title}{f' for {subject}' if subject else ''}, {chartalt.period_text(labels)}."
    return chartalt.sentence(
        head, f"Søylediagram; {kinds_text}." if kinds_text else "",
        chartalt.extremes(labels, values, dec, unit), chartalt.trend(labels, values, dec, unit),
        chartalt.threshold_text(labels, values, threshold, dec, unit, threshold_name)
        if threshold is not None else "")


def lines_highlight(
    df: pd.DataFrame,
    *,
    highlight: str,
    x: str = "aar",
    y: str = "verdi",
    series: str = "kommune",
    threshold: float | None = None,
    threshold_label: str = "",
    title: str = "",
    y_title: str = "",
    y_format: str = ",.1f",
    threshold_name: str = "Handlingsregelen",
    unit: str | None = None,
) -> alt.LayerChart:
    """One line per municipality: the chosen one dark and thick, peers in greys with
    distinct point shapes, optional dashed threshold rule."""
    names = list(dict.fromkeys([highlight] + [s for s in df[series] if s != highlight]))
    colors = [HIGHLIGHT] + [PEER_SHADES[i % len(PEER_SHADES)] for i in range(len(names) - 1)]
    shapes = [SHAPES[i % len(SHAPES)] for i in range(len(names))]
    data = df.assign(_fremhevet=df[series] == highlight)
    base = alt.Chart(data, title=title).encode(
        x=alt.X(f"{x}:O", title=None),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format),
                scale=alt.Scale(zero=True)),
        color=alt.Color(f"{series}:N", title=None, scale=alt.Scale(domain=names, range=colors),
                        sort=names),
        shape=alt.Shape(f"{series}:N", title=None, scale=alt.Scale(domain=names, range=shapes),
                        sort=names),
        detail=f"{series}:N",
        tooltip=[f"{series}:N", alt.Tooltip(f"{x}:O", title="År"),
                 alt.Tooltip(f"{y}:Q", format=y_format)],
    )
    lines = base.mark_line().encode(
        strokeWidth=alt.condition("datum._fremhevet", alt.value(3.5), alt.value(1.4)),
        strokeDash=alt.condition("datum._fremhevet", alt.value([1, 0]), alt.value([4, 2])),
    )
    points = base.mark_point(filled=True, size=50)
    chart = lines + points
    if threshold is not None:
        chart = chart + _threshold_layer(threshold, threshold_label)
    chart = chart.properties(width=WIDTH, height=HEIGHT)
    return chartalt.describe(
        chart, _lines_alt(df, names, x, y, series, threshold, title,
                          y_title if unit is None else unit, y_format, threshold_name),
        chartalt.table_frame(df, index=x, columns=series, values=y,
                             decimals=chartalt.decimals_of(y_format), index_title="År"))


def _lines_alt(df, names, x, y, series, threshold, title, y_title, y_format,
               threshold_name) -> str:
    dec, unit = chartalt.decimals_of(y_format), chartalt.unit_of(y_title)
    xs = list(dict.fromkeys(df[x]))
    own = df[df[series] == names[0]]
    labels, values = list(own[x]), list(own[y])
    others = names[1:]
    who = (f"{names[0]} som tykk heltrukken linje"
           + (f", {chartalt.label_list(others)} som tynne stiplede linjer med hver sin "
              "punktform" if others else ""))
    last = df[df[x] == xs[-1]] if xs else df.iloc[0:0]
    at_end = (f"I {xs[-1]}: {chartalt.ranking(list(last[series]), list(last[y]), dec, unit)}."
              if others and not last.empty else "")
    return chartalt.sentence(
        f"{title}, {chartalt.period_text(xs)}.", f"Linjediagram, {who}.",
        f"{names[0]}: {chartalt.lower_first(chartalt.extremes(labels, values, dec, unit))}",
        chartalt.trend(labels, values, dec, unit), at_end,
        chartalt.threshold_text(labels, values, threshold, dec, unit,
                                f"{threshold_name} (for {names[0]})" if others else
                                threshold_name)
        if threshold is not None else "")


def ranked_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str = "verdi",
    highlight: str | None = None,
    threshold: float | None = None,
    threshold_label: str = "",
    title: str = "",
    x_title: str = "",
    x_format: str = ",.1f",
    sort_descending: bool = True,
    label_format: str | None = None,
) -> alt.LayerChart:
    """Horizontal bars sorted by value (one bar per municipality or service area), the
    highlighted category dark and the others grey; a dashed threshold if given.
    ``label_format``: the numbers at the bars, when they need another precision than the
    axis (default: ``x_format``)."""
    label_format = label_format or x_format
    data = df.assign(_fremhevet=(df[category] == highlight) if highlight else False)
    order = "-x" if sort_descending else "x"
    bars = alt.Chart(data, title=title).mark_bar(height=16).encode(
        y=alt.Y(f"{category}:N", title=None, sort=order),
        x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=x_format)),
        color=alt.condition("datum._fremhevet", alt.value(HIGHLIGHT), alt.value(PEER)),
        tooltip=[f"{category}:N", alt.Tooltip(f"{value}:Q", format=label_format)],
    )
    labels = bars.mark_text(align="left", dx=3, fontSize=10, color="#222222").encode(
        text=alt.Text(f"{value}:Q", format=label_format),
        color=alt.value("#222222"),
    )
    chart = bars + labels
    if threshold is not None:
        df_t = pd.DataFrame({"terskel": [threshold], "etikett": [threshold_label]})
        rule = alt.Chart(df_t).mark_rule(color=THRESHOLD, strokeDash=[6, 4],
                                         strokeWidth=1.5).encode(x="terskel:Q")
        text = alt.Chart(df_t).mark_text(align="left", dx=4, dy=-4, baseline="top", y=0,
                                         color=THRESHOLD, fontSize=11).encode(
            x="terskel:Q", text="etikett:N")
        chart = chart + rule + text
    n = data[category].nunique()
    chart = chart.properties(width=WIDTH - 120, height=max(60, 22 * n))
    dec, unit = chartalt.decimals_of(label_format), chartalt.unit_of(x_title)
    cats, vals = list(df[category]), list(df[value])
    pos = ""
    if highlight and highlight in cats:
        rank = sorted(vals, reverse=sort_descending).index(vals[cats.index(highlight)]) + 1
        pos = (f"{highlight} (mørk søyle) har {fmt_value(vals[cats.index(highlight)], dec, unit)},"
               f" nummer {rank} av {len(cats)}.")
    text = chartalt.sentence(
        f"{title}.", f"Liggende søyler, sortert: {chartalt.ranking(cats, vals, dec, unit)}.",
        pos, chartalt.threshold_text(cats, vals, threshold, dec, unit, "Grensen")
        if threshold is not None else "")
    return chartalt.describe(chart, text, chartalt.table_frame(
        df, index=category, columns=None, values=value, decimals=dec, unit=x_title))


def diverging_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str = "",
    x_title: str = "",
    x_format: str = ",.0f",
) -> alt.LayerChart:
    """Horizontal bars around zero (e.g. a difference against a reference): above zero
    dark red, below zero green, with hatch-free solid fills that stay distinct in grey."""
    data = df.assign(_positiv=df[value] > 0)
    bars = alt.Chart(data, title=title).mark_bar(height=16, stroke="#1a1a1a",
                                                  strokeWidth=0.5).encode(
        y=alt.Y(f"{category}:N", title=None, sort="-x"),
        x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=x_format)),
        color=alt.condition("datum._positiv", alt.value(NEGATIVE), alt.value("#d9d9d9")),
        tooltip=[f"{category}:N", alt.Tooltip(f"{value}:Q", format=x_format)],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#1a1a1a").encode(x="x:Q")
    n = data[category].nunique()
    chart = (bars + zero).properties(width=WIDTH - 160, height=max(60, 22 * n))
    return chartalt.describe(chart, diverging_alt(df, category, value, title, x_title,
                                                  chartalt.decimals_of(x_format)),
                             chartalt.table_frame(df, index=category, columns=None,
                                                  values=value, unit=x_title,
                                                  decimals=chartalt.decimals_of(x_format)))


def diverging_alt(df: pd.DataFrame, category: str, value: str, title: str, unit_title: str,
                  decimals: int, above: str = "mørk rød", below: str = "lys grå") -> str:
    """The text alternative of bars around zero: the categories above and below zero with
    their values, largest first."""
    pos = df[df[value] > 0]
    neg = df[df[value] < 0]
    zero = df[df[value] == 0]

    def signed(frame, desc):
        frame = frame.sort_values(value, ascending=not desc, key=abs)
        return fmt_list([f"{c} ({fmt_number(v, decimals, sign=True)})"
                         for c, v in zip(frame[category], frame[value], strict=True)])

    return chartalt.sentence(
        f"{title}.", f"Liggende søyler rundt null ({unit_title})." if unit_title else
        "Liggende søyler rundt null.",
        f"Over null ({above}): {signed(pos, True)}." if not pos.empty else "Ingen over null.",
        f"Under null ({below}): {signed(neg, True)}." if not neg.empty else "Ingen under null.",
        f"Null: {chartalt.label_list(list(zero[category]))}." if not zero.empty else "")
