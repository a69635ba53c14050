"""The klima report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.data.specs.klima import TOTALT
from helpers.presentation.formatting import fmt_number, fmt_pct
from helpers.reports.klima.analysis import TYPE_NAVN, Analysis, _names, _t
from helpers.reports.klima.emissions import (
    long_term_by_type,
    measure_counts,
    quantified,
    reductions_by_sector,
    reductions_by_year,
)

MAL_TYPE_NAVN = {"reduksjon": "Kutt mot basisår", "klimanoytral": "Klimanøytral",
                 "lavutslippssamfunn": "Lavutslippssamfunn"}


UNIT_LABEL = "tonn CO2-ekv."


def targets_table(a: Analysis) -> pd.DataFrame:
    """The adopted climate targets, ready for display."""
    m = a.targets
    if m.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Mål": m["formulering"],
        "Type": m["type"].map(MAL_TYPE_NAVN),
        "Basisår": m["basisaar"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
        "Målår": m["maalaar"].astype(int).astype(str),
        "Kutt": m["reduksjon_pst"].map(lambda v: fmt_pct(v, 0)),
        "Plan": m["plan"] + m["vedtatt_aar"].map(lambda v: "" if pd.isna(v)
                                                 else f" ({int(v)})"),
    })


def sector_display(a: Analysis) -> pd.DataFrame:
    """Emissions by sector in the latest year: tonnes and share."""
    s = a.sectors
    if s.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Sektor": s["sektor"],
        f"Utslipp ({UNIT_LABEL})": s["verdi"].map(_t),
        "Andel": s["andel_pst"].map(fmt_pct),
    })


def source_display(a: Analysis) -> pd.DataFrame:
    s = a.sources
    if s.empty:
        return pd.DataFrame()
    return pd.DataFrame({"Sektor": s["sektor"], "Utslippskilde": s["utslippskilde"],
                         f"Utslipp ({UNIT_LABEL})": s["verdi"].map(_t)})


def comparison_display(a: Analysis) -> pd.DataFrame:
    """Sectors (rows) × municipalities (columns) in tonnes, with a per-inhabitant row."""
    c = a.comparison
    if c.empty:
        return pd.DataFrame()
    names = _names(a)
    out = c.map(_t)
    pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
    out.loc["Tonn per innbygger"] = [_t(pc.get(k), 1) for k in c.columns]
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    return out.reset_index()


def comparison_share_display(a: Analysis) -> pd.DataFrame:
    """Each municipality's sector shares in percent."""
    c = a.comparison
    if c.empty:
        return pd.DataFrame()
    names = _names(a)
    sec = c.drop(index=TOTALT, errors="ignore")
    shares = sec / sec.sum() * 100
    out = shares.map(fmt_pct)
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    return out.reset_index()


def by_year_display(a: Analysis) -> pd.DataFrame:
    by = reductions_by_year(a.measures, a.reductions)
    if by.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": by["aar"].astype(str),
        "Direkte": by["direkte"].map(_t),
        "Indirekte": by["indirekte"].map(_t),
        "Totalt": by["totalt"].map(_t),
    })


def by_sector_display(a: Analysis) -> pd.DataFrame:
    if not a.has_measures:
        return pd.DataFrame()
    sec = reductions_by_sector(a.measures, a.reductions)
    q = quantified(a.measures, a.reductions)
    kv = (a.measures.assign(k=a.measures["tiltak_id"].map(q)).groupby("sektor")["k"].sum())
    y = a.measure_budget_year
    out = pd.DataFrame({
        "Sektor": sec["sektor"],
        "Tiltak": sec["antall"].map(lambda v: fmt_number(v, 0)),
        "Med beregnet effekt": sec["sektor"].map(kv).map(lambda v: fmt_number(v, 0)),
        f"Reduksjon {y}": (sec[y].map(_t) if y in sec.columns else "–"),
        "Langsiktig": sec["reduksjon_langsiktig"].map(_t),
    })
    return out


def counts_display(a: Analysis) -> pd.DataFrame:
    c = measure_counts(a.measures, a.reductions)
    lt = long_term_by_type(a.measures).set_index("type")
    return pd.DataFrame({
        "Type": c["type"].map(TYPE_NAVN),
        "Tiltak": c["antall"].map(lambda v: fmt_number(v, 0)),
        "Med beregnet effekt": c["kvantifisert"].map(lambda v: fmt_number(v, 0)),
        "Uten beregnet effekt": c["ikke_kvantifisert"].map(lambda v: fmt_number(v, 0)),
        "Andel med effekt": [fmt_pct(k / n * 100 if n else None, 0)
                             for k, n in zip(c["kvantifisert"], c["antall"], strict=True)],
        "Kostnad i planperioden (1000 kr)": c["type"].map(
            lambda t: fmt_number(lt.loc[t, "kostnad_planperiode"], 0)),
    })


def gap_display(a: Analysis) -> pd.DataFrame:
    """The gap arithmetic line by line (only the lines the data allow)."""
    g = a.gap
    if g.mal is None:
        return pd.DataFrame()
    rows = [
        (f"Utslipp i basisåret {g.basisaar}", _t(g.basisutslipp)),
        (f"Målnivå i {g.maalaar} ({fmt_pct(g.mal_reduksjon_pst, 0)} under {g.basisaar})",
         _t(g.malnivaa)),
        (f"Siste kjente utslipp ({g.siste_aar})", _t(g.siste_utslipp)),
        (f"Referansebanen i {g.maalaar}", _t(g.referanse_maalaar)),
        (f"Påkrevd reduksjon i {g.maalaar} (referansebane − målnivå)",
         _t(g.paakrevd_reduksjon)),
        (f"Tiltakenes reduksjon i {g.maalaar}", _t(g.tiltak_maalaar)),
        ("Gap (påkrevd reduksjon − tiltakene)", _t(g.gap)),
        ("Tiltakene dekker av påkrevd reduksjon", fmt_pct(g.tiltak_dekker_pst)),
        (f"Kutt fra {g.basisaar} med tiltakene", fmt_pct(g.kutt_med_tiltak_pst)),
        ("Gap i prosentpoeng (målet − kutt med tiltakene)",
         "–" if g.gap_pp is None else fmt_number(g.gap_pp, 1) + "\u00a0pp"),
    ]
    return pd.DataFrame(rows, columns=["Post", f"Verdi ({UNIT_LABEL} / %)"])
