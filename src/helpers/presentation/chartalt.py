"""Text alternatives for charts: what a chart shows, in bokmål, from the chart's own data.

Each chart builder writes its text with the helpers here (the period, the subjects, the
highest and lowest values, the trend, the threshold and the years above and below it) and
attaches it with :func:`describe`, together with the table of the figures drawn. The text
goes into the Vega-Lite spec's top-level ``description`` and the table into its
``usermeta``; the SVG renderer (:mod:`helpers.presentation.charts`) puts the text in the
``<svg>`` as its ``<title>`` (the PDF's alternate text) and as ``aria-label`` with
``role="img"`` (the HTML's accessible name), and the table in a ``<details>`` below the
chart on screen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from helpers.presentation.formatting import fmt_list, fmt_number, fmt_pct

TABLE_KEY = "hop_tabell"
# The start of the screen-only table of a chart's figures (:func:`table_html`); the PDF
# leaves it out before layout (helpers.pack.export.print_html).
DATA_DETAILS = '<details class="hop-data bare-skjerm">'


def decimals_of(d3_format: str) -> int:
    """The number of decimals a d3 format such as ``",.1f"`` shows (0 if none)."""
    m = re.search(r"\.(\d+)", d3_format or "")
    return int(m.group(1)) if m else 0


def fmt_value(value: float, decimals: int, unit: str = "") -> str:
    """A value as the chart's labels show it, with its unit: ``4,2 %``, ``12,5 mill. kr``."""
    if unit == "%":
        return fmt_pct(value, decimals)
    text = fmt_number(value, decimals)
    unit = "tusen kr" if unit == "1000 kr" else unit  # «7 500 tusen kr», not «7 500 1000 kr»
    return f"{text} {unit}" if unit else text


def unit_of(axis_title: str) -> str:
    """The unit a value axis title names: ``%`` for «% av ...», else the title itself."""
    t = (axis_title or "").strip()
    return "%" if t.startswith("%") else t


def label_list(labels: Sequence[object]) -> str:
    """Labels joined in bokmål; runs of consecutive years as ``2024–2027``."""
    items = [str(x) for x in labels]
    if items and all(re.fullmatch(r"\d{4}", s) for s in items):
        years = [int(s) for s in items]
        runs: list[list[int]] = []
        for y in years:
            if runs and y == runs[-1][-1] + 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        items = [str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    return fmt_list(items)


def period_text(labels: Sequence[object]) -> str:
    """``2020–2027`` for the first to the last label (one label alone as itself)."""
    items = [str(x) for x in labels]
    if not items:
        return ""
    return items[0] if len(items) == 1 or items[0] == items[-1] else f"{items[0]}–{items[-1]}"


def _pairs(labels: Iterable[object], values: Iterable[float]) -> list[tuple[str, float]]:
    return [(str(k), float(v)) for k, v in zip(labels, values, strict=True) if pd.notna(v)]


def extremes(labels: Sequence[object], values: Sequence[float], decimals: int,
             unit: str = "", where: str = "i") -> str:
    """«Høyest i 2023 (12,3 %), lavest i 2020 (1,0 %).» (the first of equal values)."""
    pairs = _pairs(labels, values)
    if not pairs:
        return ""
    hi = max(pairs, key=lambda p: p[1])
    lo = min(pairs, key=lambda p: p[1])
    if len(pairs) == 1 or hi[1] == lo[1]:
        return f"{fmt_value(hi[1], decimals, unit)} {where} {label_list([p[0] for p in pairs])}."
    return (f"Høyest {where} {hi[0]} ({fmt_value(hi[1], decimals, unit)}), lavest {where} "
            f"{lo[0]} ({fmt_value(lo[1], decimals, unit)}).")


def trend(labels: Sequence[object], values: Sequence[float], decimals: int,
          unit: str = "") -> str:
    """«Fra 1,2 % i 2020 til 3,4 % i 2027.» (first and last value shown)."""
    pairs = _pairs(labels, values)
    if len(pairs) < 2:
        return ""
    (k0, v0), (k1, v1) = pairs[0], pairs[-1]
    return (f"Fra {fmt_value(v0, decimals, unit)} i {k0} til "
            f"{fmt_value(v1, decimals, unit)} i {k1}.")


def threshold_text(labels: Sequence[object], values: Sequence[float], threshold: float,
                   decimals: int, unit: str = "", name: str = "Grensen") -> str:
    """«Handlingsregelen på 1,75 % er vist som en stiplet linje. Over den i 2021 og 2022;
    under den i 2020 og 2023–2027.» Years exactly on the line count as above."""
    pairs = _pairs(labels, values)
    t_dec = next((d for d in range(3) if round(threshold, d) == threshold), 2)
    head = f"{name} på {fmt_value(threshold, t_dec, unit)} er vist som en stiplet linje."
    above = [k for k, v in pairs if v >= threshold]
    below = [k for k, v in pairs if v < threshold]
    parts = []
    if above:
        parts.append(f"på eller over den i {label_list(above)}")
    if below:
        parts.append(f"under den i {label_list(below)}")
    if not parts:
        return head
    tail = "; ".join(parts)
    return f"{head} {tail[0].upper()}{tail[1:]}."


def ranking(labels: Sequence[object], values: Sequence[float], decimals: int,
            unit: str = "", limit: int = 12) -> str:
    """«A 12,0, B 8,5 og C 1,0» from the largest down (at most ``limit`` items)."""
    pairs = sorted(_pairs(labels, values), key=lambda p: -p[1])
    shown = [f"{k} {fmt_value(v, decimals, unit)}" for k, v in pairs[:limit]]
    if len(pairs) > limit:
        shown.append(f"{len(pairs) - limit} til")
    return fmt_list(shown)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentence(*parts: str) -> str:
    """The parts joined with a space, empty parts dropped (and «kr..» as «kr.»)."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return re.sub(r"\.\.(?=\s|$|,|;)", ".", text)


def table_frame(df: pd.DataFrame, *, index: str, columns: str | None, values: str,
                decimals: int, index_title: str = "", unit: str = "") -> pd.DataFrame:
    """The figures drawn as a display table (strings): one row per ``index`` label and
    one column per ``columns`` label (or one column ``values``), in the chart's order,
    missing as «–»."""
    def fmt(v):
        return "–" if pd.isna(v) else fmt_number(float(v), decimals)

    if columns is None:
        t = df[[index, values]].drop_duplicates(subset=[index]).set_index(index)
        t.columns = [unit or "Verdi"]
    else:
        t = df.pivot_table(index=index, columns=columns, values=values, aggfunc="first",
                           sort=False)
        t = t.reindex(index=list(dict.fromkeys(df[index])),
                      columns=list(dict.fromkeys(df[columns])))
        t.columns = [str(c) for c in t.columns]
    t = t.map(fmt) if hasattr(t, "map") else t.applymap(fmt)
    t.index = [str(i) for i in t.index]
    t.index.name = index_title or ""
    return t


def describe(chart, text: str, table: pd.DataFrame | None = None, caption: str = ""):
    """The chart with its text alternative (and the table of its figures) attached."""
    meta = {}
    if table is not None and not table.empty:
        meta[TABLE_KEY] = {"index_title": str(table.index.name or ""),
                           "columns": [str(c) for c in table.columns],
                           "rows": [[str(i)] + [str(v) for v in row]
                                    for i, row in zip(table.index, table.to_numpy(),
                                                      strict=True)],
                           "caption": caption}
    chart = chart.properties(description=re.sub(r"\.\.(?=\s|$|,|;)", ".", text))
    if meta:
        chart = chart.properties(usermeta=meta)
    return chart


def table_html(meta: dict, title: str = "") -> str:
    """The ``<details>`` with the chart's figures as a data table (header cells with
    scope), shown on screen only (``bare-skjerm``); '' when there is no table."""
    t = (meta or {}).get(TABLE_KEY)
    if not t:
        return ""
    e = html.escape
    head = (f'<th scope="col">{e(t.get("index_title", ""))}</th>'
            + "".join(f'<th scope="col">{e(c)}</th>' for c in t["columns"]))
    body = "\n".join("<tr>" + f'<th scope="row">{e(r[0])}</th>'
                     + "".join(f"<td>{e(v)}</td>" for v in r[1:]) + "</tr>"
                     for r in t["rows"])
    caption = t.get("caption") or title
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return (f"{DATA_DETAILS}<summary>Tallene i diagrammet"
            f"</summary>\n<table>{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n"
            "</tbody></table></details>")


def svg_with_alt(svg: str, text: str) -> str:
    """The SVG with ``role="img"``, ``aria-label`` and a ``<title>`` as its first child
    (WeasyPrint reads a figure's alternate text only from there)."""
    if not text:
        return svg
    m = re.search(r"<svg\b[^>]*>", svg)
    if not m:
        return svg
    e = html.escape(text, quote=True)
    open_tag = m.group(0)[:-1].rstrip("/") + f' role="img" aria-label="{e}">'
    # Vega's own roles and labels on groups and marks go: the SVG is one image, named by
    # the text alternative (axe flags unnamed graphics-symbol roles inside it).
    inner = _TAG.sub(lambda t: _INNER_ARIA.sub("", t.group(0)), svg[m.end():])
    return svg[:m.start()] + open_tag + f"<title>{html.escape(text)}</title>" + inner


_TAG = re.compile(r"<[^<>]+>")  # attributes only inside tags, never in the chart's text
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def spec_title(spec: dict) -> str:
    """The chart's title text from a spec ('' if none)."""
    t = spec.get("title")
    if isinstance(t, dict):
        t = t.get("text", "")
    if isinstance(t, list):
        t = " ".join(map(str, t))
    return str(t or "")
