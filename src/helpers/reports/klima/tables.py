"""The klima report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.data.specs.klima import TOTALT
from helpers.presentation.formatting import fmt_pct
from helpers.presentation.table import TEXT, YEAR, Table, number, percent, pp
from helpers.reports.klima.analysis import TYPE_NAVN, Analysis, _names
from helpers.reports.klima.emissions import (
    long_term_by_type,
    measure_counts,
    measure_table,
    quantified,
    reductions_by_sector,
    reductions_by_year,
)

MAL_TYPE_NAVN = {"reduksjon": "Kutt mot basisår", "klimanoytral": "Klimanøytral",
                 "lavutslippssamfunn": "Lavutslippssamfunn"}


UNIT_LABEL = "tonn CO2-ekv."
MEASURES_CAPTION = "Kostnad i 1000 kr; reduksjon i tonn CO2-ekv. per år"


TONNES = number(1)  # tonnes CO2-ekv. with one decimal


def targets_table(a: Analysis) -> Table:
    """The adopted climate targets: wording, type, base and target year, the cut in
    percent and the plan that adopted them."""
    m = a.targets
    caption = f"Klimamålene for {a.kommune.navn}"
    empty = f"Grunnlaget har ingen klimamål for {a.kommune.navn}."
    if m.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    frame = pd.DataFrame({
        "Mål": m["formulering"],
        "Type": m["type"].map(MAL_TYPE_NAVN),
        "Basisår": m["basisaar"],
        "Målår": m["maalaar"],
        "Kutt": m["reduksjon_pst"],
        "Plan": m["plan"] + m["vedtatt_aar"].map(lambda v: "" if pd.isna(v)
                                                 else f" ({int(v)})"),
    })
    return Table(frame, text_columns=list(frame.columns), caption=caption, empty=empty,
                 formats={"Mål": TEXT, "Type": TEXT, "Basisår": YEAR, "Målår": YEAR,
                          "Kutt": percent(0), "Plan": TEXT})


def sector_display(a: Analysis) -> Table:
    """Emissions by sector in the latest year: tonnes and share."""
    s = a.sectors
    col = f"Utslipp ({UNIT_LABEL})"
    frame = pd.DataFrame() if s.empty else pd.DataFrame({
        "Sektor": s["sektor"], col: s["verdi"], "Andel": s["andel_pst"]})
    return Table(frame, sum_row=True, text_columns=["Sektor"],
                 formats={"Sektor": TEXT, col: TONNES, "Andel": percent()},
                 caption=f"Utslipp i {a.kommune.navn} {a.emission_year}",
                 empty=f"Grunnlaget har ingen utslippstall for {a.kommune.navn}.")


def source_display(a: Analysis) -> Table:
    s = a.sources
    col = f"Utslipp ({UNIT_LABEL})"
    frame = pd.DataFrame() if s.empty else pd.DataFrame({
        "Sektor": s["sektor"], "Utslippskilde": s["utslippskilde"], col: s["verdi"]})
    return Table(frame, text_columns=["Sektor", "Utslippskilde"],
                 formats={"Sektor": TEXT, "Utslippskilde": TEXT, col: TONNES},
                 caption="Utslipp fordelt på utslippskilde")


def comparison_display(a: Analysis) -> Table:
    """Sectors (rows) × municipalities (columns) in tonnes, with a per-inhabitant row."""
    c = a.comparison
    caption = (f"Utslipp etter sektor {a.emission_year} (tonn CO2-ekv.); siste rad er "
               "utslipp per innbygger der folketallet er kjent")
    empty = "Ingen utslippstall å sammenligne."
    if c.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    names = _names(a)
    out = c.astype(float)
    pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
    out.loc["Tonn per innbygger"] = [pc.get(k, float("nan")) for k in c.columns]
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    out = out.reset_index()
    return Table(out, text_columns=["Sektor"], caption=caption, empty=empty,
                 formats={"Sektor": TEXT} | dict.fromkeys(out.columns[1:], TONNES))


def comparison_share_display(a: Analysis) -> Table:
    """Each municipality's sector shares in percent."""
    c = a.comparison
    caption = "Sektorenes andel av utslippene"
    if c.empty:
        return Table(pd.DataFrame(), caption=caption)
    names = _names(a)
    sec = c.drop(index=TOTALT, errors="ignore")
    out = sec / sec.sum() * 100
    out.columns = [names[k] for k in c.columns]
    out.index.name = "Sektor"
    out = out.reset_index()
    return Table(out, text_columns=["Sektor"], caption=caption,
                 formats={"Sektor": TEXT} | dict.fromkeys(out.columns[1:], percent()))


def by_year_display(a: Analysis) -> Table:
    by = reductions_by_year(a.measures, a.reductions)
    frame = pd.DataFrame() if by.empty else pd.DataFrame({
        "År": by["aar"], "Direkte": by["direkte"], "Indirekte": by["indirekte"],
        "Totalt": by["totalt"]})
    return Table(frame, text_columns=["År"], caption="Beregnet reduksjon per år (tonn CO2-ekv.)",
                 formats={"År": YEAR, "Direkte": TONNES, "Indirekte": TONNES,
                          "Totalt": TONNES})


def by_sector_display(a: Analysis) -> Table:
    caption = "Tiltak og reduksjon per sektor (tonn CO2-ekv.)"
    if not a.has_measures:
        return Table(pd.DataFrame(), caption=caption)
    sec = reductions_by_sector(a.measures, a.reductions)
    q = quantified(a.measures, a.reductions)
    kv = (a.measures.assign(k=a.measures["tiltak_id"].map(q)).groupby("sektor")["k"].sum())
    y = a.measure_budget_year
    reduction = f"Reduksjon {y}"
    out = pd.DataFrame({
        "Sektor": sec["sektor"],
        "Tiltak": sec["antall"],
        "Med beregnet effekt": sec["sektor"].map(kv),
        reduction: sec[y] if y in sec.columns else float("nan"),
        "Langsiktig": sec["reduksjon_langsiktig"],
    })
    return Table(out, text_columns=["Sektor"], caption=caption,
                 formats={"Sektor": TEXT, "Tiltak": number(0), "Med beregnet effekt": number(0),
                          reduction: TONNES, "Langsiktig": TONNES})


def counts_display(a: Analysis) -> Table:
    c = measure_counts(a.measures, a.reductions)
    lt = long_term_by_type(a.measures).set_index("type")
    frame = pd.DataFrame({
        "Type": c["type"].map(TYPE_NAVN),
        "Tiltak": c["antall"],
        "Med beregnet effekt": c["kvantifisert"],
        "Uten beregnet effekt": c["ikke_kvantifisert"],
        "Andel med effekt": [k / n * 100 if n else float("nan")
                             for k, n in zip(c["kvantifisert"], c["antall"], strict=True)],
        "Kostnad i planperioden (1000 kr)": c["type"].map(
            lambda t: lt.loc[t, "kostnad_planperiode"]),
    })
    return Table(frame, sum_row=True, text_columns=["Type"],
                 formats={"Type": TEXT, "Andel med effekt": percent(0)},
                 caption="Tiltak med og uten beregnet utslippseffekt, klimabudsjettet for "
                         f"{a.measure_budget_year}")


def measures_table(a: Analysis, typ: str) -> Table:
    """One type's measures: costs (1000 kr) and reduction per plan year (tonnes); the
    same rows as :func:`helpers.reports.klima.analysis.measures_display`."""
    tab = measure_table(a.measures, a.reductions, typ)
    cols = ["Tiltak", "Sektor"]
    if tab.empty:
        return Table(pd.DataFrame(), text_columns=cols, caption=MEASURES_CAPTION)
    y0 = a.measure_budget_year or a.budsjettaar
    p_end = y0 + len(a.plan_years) - 1
    years_ = [y for y in a.plan_years if y in tab.columns]
    out = pd.DataFrame({
        "Tiltak": tab["tiltak"],
        "Sektor": tab["sektor"],
        f"Kostnad {y0}": tab["kostnad_budsjettaar"],
        f"Kostnad {y0}–{p_end}": tab["kostnad_planperiode"],
    })
    for y in years_:
        out[str(y)] = tab[y]
    out["Langsiktig"] = tab["reduksjon_langsiktig"]
    return Table(out.reset_index(drop=True), text_columns=cols, caption=MEASURES_CAPTION,
                 formats={"Tiltak": TEXT, "Sektor": TEXT}
                 | {str(y): TONNES for y in years_} | {"Langsiktig": TONNES})


def gap_display(a: Analysis) -> Table:
    """The gap arithmetic line by line (only the lines the data allow): tonnes, then the
    coverage and the cut in percent, and the gap in percentage points."""
    g = a.gap
    caption = f"Gapet mot klimamålet for {g.maalaar}"
    empty = (f"{a.kommune.navn} har ikke noe mål med basisår og prosentvis kutt i "
             "grunnlaget, så gapet kan ikke regnes ut.")
    if g.mal is None:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    value = f"Verdi ({UNIT_LABEL} / %)"
    rows = [
        (f"Utslipp i basisåret {g.basisaar}", g.basisutslipp, TONNES),
        (f"Målnivå i {g.maalaar} ({fmt_pct(g.mal_reduksjon_pst, 0)} under {g.basisaar})",
         g.malnivaa, TONNES),
        (f"Siste kjente utslipp ({g.siste_aar})", g.siste_utslipp, TONNES),
        (f"Referansebanen i {g.maalaar}", g.referanse_maalaar, TONNES),
        (f"Påkrevd reduksjon i {g.maalaar} (referansebane − målnivå)",
         g.paakrevd_reduksjon, TONNES),
        (f"Tiltakenes reduksjon i {g.maalaar}", g.tiltak_maalaar, TONNES),
        ("Gap (påkrevd reduksjon − tiltakene)", g.gap, TONNES),
        ("Tiltakene dekker av påkrevd reduksjon", g.tiltak_dekker_pst, percent()),
        (f"Kutt fra {g.basisaar} med tiltakene", g.kutt_med_tiltak_pst, percent()),
        ("Gap i prosentpoeng (målet − kutt med tiltakene)", g.gap_pp, pp(1, sign=False)),
    ]
    frame = pd.DataFrame({"Post": [r[0] for r in rows],
                          value: [float("nan") if r[1] is None else float(r[1]) for r in rows]})
    return Table(frame, text_columns=["Post"], caption=caption, empty=empty,
                 formats={"Post": TEXT},
                 row_formats={i: {value: r[2]} for i, r in enumerate(rows)})
