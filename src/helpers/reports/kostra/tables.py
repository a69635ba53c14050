"""The kostra report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_number, fmt_pct
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
    from helpers.presentation import report

    df = pd.DataFrame({"Tjenesteområde": list(cmp.table.index)})
    for heading, values in _columns(cmp):
        df[heading] = [fmt_number(v) for v in values.reindex(cmp.table.index)]
    styler = report.table(df, text_columns=["Tjenesteområde"], sum_row=TOTAL in cmp.table.index,
                          caption=f"Kroner per innbygger i {cmp.aar}, "
                                  f"{correction_words(cmp)}")
    return _keep_together(styler.set_properties(subset=[cmp.kommune.navn], **_OWN_STYLE))


def difference_display(cmp: Comparison):
    """The differences against the reference, sorted, total last."""
    from helpers.presentation import report

    d = cmp.differences
    own = cmp.merknader[cmp.merknader["kommunenummer"] == cmp.kommune.kommunenummer] \
        if not cmp.merknader.empty else cmp.merknader
    marked = set(own["dimensjon"]) if not own.empty else set()
    df = pd.DataFrame({
        "Tjenesteområde": [f"{a} *" if a in marked else a for a in d["dimensjon"]],
        cmp.kommune.navn: d["kommune"].map(fmt_number),
        reference_label(cmp): d["referanse"].map(fmt_number),
        "Differanse, kr per innbygger": d["differanse_per_innb"].map(
            lambda v: fmt_number(v, sign=True)),
    })
    if cmp.folketall is not None:
        df["Differanse, 1000\u00a0kr"] = d["merutgift"].map(lambda v: fmt_number(v, sign=True))
    styler = report.table(df, text_columns=["Tjenesteområde"],
                          sum_row=bool((d["dimensjon"] == TOTAL).any()),
                          caption=f"{cmp.kommune.navn} minus {_reference_phrase(cmp)}, "
                                  f"{cmp.aar}, {correction_words(cmp)}. Positivt tall: "
                                  f"{cmp.kommune.navn} bruker mer."
                                  + (" * Kilden sier at tallet er skjevt; se merknaden under."
                                     if marked else ""))
    return _keep_together(styler)


def rank_display(cmp: Comparison) -> pd.DataFrame:
    """Rank per service area with the highest and lowest region, as text."""
    rows = []
    for r in cmp.ranks.itertuples():
        vals = cmp.table.loc[r.dimensjon, cmp.rank_codes].dropna()
        hi, lo = vals.idxmax(), vals.idxmin()
        rows.append({
            "Tjenesteområde": r.dimensjon,
            "Plass": "–" if pd.isna(r.rang) else f"{r.rang} av {r.antall}",
            "Høyest": f"{cmp.names[hi]}: {fmt_number(vals[hi])}",
            "Lavest": f"{cmp.names[lo]}: {fmt_number(vals[lo])}",
        })
    return pd.DataFrame(rows)


def correction_table(cmp: Comparison) -> pd.DataFrame:
    """Uncorrected figure, index and corrected figure where the report computed the
    correction itself (empty when every figure was corrected in the source)."""
    u = cmp.data.get("kostra_utgiftsbehov")
    if u is None or u.empty:
        return pd.DataFrame()
    k = cmp.data["kostra"]
    raw = k[(k["indikator"] == UNCORRECTED) & (k["aar"] == cmp.aar)]
    idx = u[(u["indikator"] == INDEX) & (u["aar"] == cmp.aar)]
    c = correct_for_utgiftsbehov(raw, idx)
    c = c[c["kommunenummer"].isin(cmp.table.columns)]
    used = cmp.grunnlag[cmp.grunnlag["grunnlag"] == "beregnet"]
    c = c.merge(used[["kommunenummer", "dimensjon"]], on=["kommunenummer", "dimensjon"])
    if c.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Kommune": c["kommunenummer"].map(cmp.names),
        "Tjenesteområde": c["dimensjon"].replace({"": TOTAL}),
        "Ukorrigert, kr per innbygger": c["ukorrigert"].map(fmt_number),
        "Indeks": c["indeks"].map(lambda v: fmt_number(v, 1)),
        "Korrigert, kr per innbygger": c["verdi"].map(fmt_number),
    })


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
    from helpers.presentation import report

    t, _ = _key_table(cmp)
    if t.empty:
        return None
    value_cols = [c for c in t.columns if c not in ("indikator", "navn", "enhet")]
    df = pd.DataFrame({"Nøkkeltall": t["navn"]})
    for col in value_cols:
        df[col] = [fmt_pct(v, 1) if unit == "%" else fmt_number(v, 0)
                   for v, unit in zip(t[col], t["enhet"], strict=True)]
    own = [c for c in value_cols if c.startswith(f"{cmp.kommune.navn} ")]
    styler = report.table(df, text_columns=["Nøkkeltall"],
                          caption=f"Økonomiske nøkkeltall (KOSTRA, konserntall). "
                                  f"{cmp.kommune.navn} i {cmp.aar - 1} og {cmp.aar}, de "
                                  f"andre i {cmp.aar}.")
    return _keep_together(styler.set_properties(subset=own, **_OWN_STYLE))


def rank_table(cmp: Comparison):
    """:func:`rank_display` as a table kept on one page."""
    from helpers.presentation import report

    return _keep_together(report.table(
        rank_display(cmp), text_columns=["Tjenesteområde", "Plass", "Høyest", "Lavest"],
        caption=f"Plass blant {len(cmp.rank_codes)} kommuner i {cmp.aar} "
                "(1 = høyest utgift per innbygger)"))
