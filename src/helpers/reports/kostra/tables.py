"""The kostra report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_number
from helpers.presentation.table import TEXT, Table, number, percent, styler
from helpers.reports.kostra.analysis import (
    INDEX,
    TOTAL,
    UNCORRECTED,
    Comparison,
    _reference_phrase,
    correct_for_utgiftsbehov,
    correction_words,
)


def key_figure_table(kostra: pd.DataFrame, indikatorer: pd.DataFrame | None,
                     kommune: str, others: list[str], aar: int,
                     names: dict[str, str]) -> pd.DataFrame:
    """The key-figure table: the municipality's previous and current year side by side,
    then the other regions in ``aar``.

    Rows are the indicators with a place (``nokkeltabell``) in ``kostra_indikatorer.csv``,
    in that order; columns ``indikator, navn, enhet`` and one per region-year, named
    ``"Røros 2021"``, ``"Røros 2022"``, ``"Tynset"``. Empty without indicator metadata.
    """
    if indikatorer is None or indikatorer.empty:
        return pd.DataFrame()
    meta = indikatorer[indikatorer["nokkeltabell"].notna()].sort_values("nokkeltabell")
    rows = []
    for m in meta.itertuples():
        vals = kostra[(kostra["indikator"] == m.indikator) & (kostra["dimensjon"] == "")]
        lookup = {(r.kommunenummer, int(r.aar)): r.verdi for r in vals.itertuples()}
        row = {"indikator": m.indikator, "navn": m.navn, "enhet": m.enhet}
        for year in (aar - 1, aar):
            row[f"{names[kommune]} {year}"] = lookup.get((kommune, year), float("nan"))
        for code in others:
            row[names[code]] = lookup.get((code, aar), float("nan"))
        rows.append(row)
    return pd.DataFrame(rows)


_OWN_STYLE = {"font-weight": "bold", "background-color": "#e8eef5"}


def _keep_together(styler):
    """Ask the PDF renderer not to split a short table across pages."""
    styler = styler.set_table_attributes(
        'style="break-inside: avoid; page-break-inside: avoid;"')
    return styler.set_table_styles(
        [{"selector": "caption", "props": "break-after: avoid; page-break-after: avoid;"}],
        overwrite=False)


def reference_label(cmp: Comparison) -> str:
    """The reference as a column heading: 'Kostragruppe 11', 'Oppdal (referanse)'."""
    if cmp.reference.kind == "kommune":
        return f"{cmp.reference.navn} (referanse)"
    return cmp.reference.navn


def _columns(cmp: Comparison) -> list[tuple[str, pd.Series]]:
    """(heading, values) for the municipality, its peers and the reference."""
    cols = [(cmp.names[c], cmp.table[c]) for c in cmp.codes]
    cols.append((reference_label(cmp), cmp.reference_values))
    return cols


def expenditure_display(cmp: Comparison):
    """The service-area table (kr per innbygger), the municipality's column highlighted."""
    df = pd.DataFrame({"Tjenesteområde": list(cmp.table.index)})
    for heading, values in _columns(cmp):
        df[heading] = values.reindex(cmp.table.index).astype(float).to_numpy()
    styled = styler(Table(df, text_columns=["Tjenesteområde"], formats={"Tjenesteområde": TEXT},
                          sum_row=TOTAL in cmp.table.index,
                          caption=f"Kroner per innbygger i {cmp.aar}, {correction_words(cmp)}"))
    return _keep_together(styled.set_properties(subset=[cmp.kommune.navn], **_OWN_STYLE))


def difference_display(cmp: Comparison):
    """The differences against the reference, sorted, total last."""
    d = cmp.differences
    own = cmp.merknader[cmp.merknader["kommunenummer"] == cmp.kommune.kommunenummer] \
        if not cmp.merknader.empty else cmp.merknader
    marked = set(own["dimensjon"]) if not own.empty else set()
    diff = "Differanse, kr per innbygger"
    df = pd.DataFrame({
        "Tjenesteområde": [f"{a} *" if a in marked else a for a in d["dimensjon"]],
        cmp.kommune.navn: d["kommune"],
        reference_label(cmp): d["referanse"],
        diff: d["differanse_per_innb"],
    })
    formats = {"Tjenesteområde": TEXT, diff: number(sign=True)}
    if cmp.folketall is not None:
        df["Differanse, 1000\u00a0kr"] = d["merutgift"]
        formats["Differanse, 1000\u00a0kr"] = number(sign=True)
    return _keep_together(styler(Table(
        df.reset_index(drop=True), text_columns=["Tjenesteområde"], formats=formats,
        sum_row=bool((d["dimensjon"] == TOTAL).any()),
        caption=f"{cmp.kommune.navn} minus {_reference_phrase(cmp)}, "
                f"{cmp.aar}, {correction_words(cmp)}. Positivt tall: "
                f"{cmp.kommune.navn} bruker mer."
                + (" * Kilden sier at tallet er skjevt; se merknaden under."
                   if marked else ""))))


def rank_display(cmp: Comparison) -> pd.DataFrame:
    """Rank per service area with the highest and lowest region, as text: each cell is a
    phrase («3 av 12», «Tynset: 12 345»), not a figure, so :func:`rank_table` shows every
    column as text."""
    rows = []
    for r in cmp.ranks.itertuples() if cmp.ranked else ():
        vals = cmp.table.loc[r.dimensjon, cmp.rank_codes].dropna()
        hi, lo = vals.idxmax(), vals.idxmin()
        rows.append({
            "Tjenesteområde": r.dimensjon,
            "Plass": "–" if pd.isna(r.rang) else f"{r.rang} av {r.antall}",
            "Høyest": f"{cmp.names[hi]}: {fmt_number(vals[hi])}",
            "Lavest": f"{cmp.names[lo]}: {fmt_number(vals[lo])}",
        })
    return pd.DataFrame(rows, columns=["Tjenesteområde", "Plass", "Høyest", "Lavest"])


def correction_table(cmp: Comparison) -> Table:
    """Uncorrected figure, index and corrected figure where the report computed the
    correction itself (empty when every figure was corrected in the source)."""
    u = cmp.data.get("kostra_utgiftsbehov")
    caption = "Korrigeringen regnet ut i rapporten"
    if u is None or u.empty:
        return Table(pd.DataFrame(), caption=caption)
    k = cmp.data["kostra"]
    raw = k[(k["indikator"] == UNCORRECTED) & (k["aar"] == cmp.aar)]
    idx = u[(u["indikator"] == INDEX) & (u["aar"] == cmp.aar)]
    c = correct_for_utgiftsbehov(raw, idx)
    c = c[c["kommunenummer"].isin(cmp.table.columns)]
    used = cmp.grunnlag[cmp.grunnlag["grunnlag"] == "beregnet"]
    c = c.merge(used[["kommunenummer", "dimensjon"]], on=["kommunenummer", "dimensjon"])
    if c.empty:
        return Table(pd.DataFrame(), caption=caption)
    return Table(pd.DataFrame({
        "Kommune": c["kommunenummer"].map(cmp.names),
        "Tjenesteområde": c["dimensjon"].replace({"": TOTAL}),
        "Ukorrigert, kr per innbygger": c["ukorrigert"],
        "Indeks": c["indeks"],
        "Korrigert, kr per innbygger": c["verdi"],
    }), caption=caption, formats={"Kommune": TEXT, "Tjenesteområde": TEXT, "Indeks": number(1)})


def _key_table(cmp: Comparison) -> tuple[pd.DataFrame, list[str]]:
    """The key-figure table for the municipality, its peers and the reference (when that is
    a region with figures), and the names of regions left out for lack of figures."""
    others = [p.kommunenummer for p in cmp.peers]
    if cmp.reference.kommunenummer is not None:
        others.append(cmp.reference.kommunenummer)
    t = key_figure_table(cmp.data["kostra"], cmp.data.get("kostra_indikatorer"),
                         cmp.kommune.kommunenummer, others, cmp.aar, cmp.names)
    if t.empty:
        return t, []
    empty = [cmp.names[c] for c in others if t[cmp.names[c]].isna().all()]
    return t.drop(columns=empty), empty


def key_table_display(cmp: Comparison):
    """The key-figure table with Norwegian labels, the municipality's two years bold.
    None when the indicator descriptions (kostra_indikatorer.csv) are missing."""
    t, _ = _key_table(cmp)
    if t.empty:
        return None
    value_cols = [c for c in t.columns if c not in ("indikator", "navn", "enhet")]
    df = pd.DataFrame({"Nøkkeltall": t["navn"]})
    for col in value_cols:
        df[col] = t[col].astype(float)
    df = df.reset_index(drop=True)
    own = [c for c in value_cols if c.startswith(f"{cmp.kommune.navn} ")]
    styled = styler(Table(
        df, text_columns=["Nøkkeltall"], formats={"Nøkkeltall": TEXT},
        row_formats={i: dict.fromkeys(value_cols, percent(1) if unit == "%" else number(0))
                     for i, unit in enumerate(t["enhet"])},
        caption=f"Økonomiske nøkkeltall (KOSTRA, konserntall). "
                f"{cmp.kommune.navn} i {cmp.aar - 1} og {cmp.aar}, de andre i {cmp.aar}."))
    return _keep_together(styled.set_properties(subset=own, **_OWN_STYLE))


def rank_table(cmp: Comparison):
    """:func:`rank_display` as a table kept on one page; ``None`` (nothing shown) when there
    is no other municipality to rank against (:func:`~.text.rank_text` says so)."""
    if not cmp.ranked:
        return None
    ranks = rank_display(cmp)
    return _keep_together(styler(Table(
        ranks, text_columns=list(ranks.columns) or None,
        formats=dict.fromkeys(ranks.columns, TEXT),
        caption=f"Plass blant {len(cmp.rank_codes)} kommuner i {cmp.aar} "
                "(1 = høyest utgift per innbygger)")))
