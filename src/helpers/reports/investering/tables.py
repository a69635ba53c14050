"""The investering report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.model.debt import Result
from helpers.model.investment import (
    FINANCING_SOURCES,
    KATEGORI_NAVN,
    KATEGORIER,
    Plan,
    programme_table,
    summary_table,
)
from helpers.model.provenance import debt_sources
from helpers.presentation.formatting import fmt_years
from helpers.presentation.table import TEXT, YEAR, Table, number, percent, pp, styler
from helpers.reports.investering.analysis import Analysis, compare, repayment_check
from helpers.reports.investering.text import change_text

BLANK = number(missing="")  # an empty cell where the source gives no figure


def period_column(years: tuple[int, ...]) -> str:
    return f"Sum {years[0]}–{str(years[-1])[-2:]}"


def programme_display(a: Analysis, kategori: str, plan: Plan | None = None):
    """The HØP table for one category as a styled table: area headings in bold, «Sum» rows
    bold with a rule. Empty cells where the source gives no figure."""
    plan = plan or a.plan
    t = programme_table(plan, kategori)
    years = plan.years
    out = pd.DataFrame({"Investeringsprosjekter": t["tekst"]})
    out["Tidligere bevilget"] = t["tidligere_bevilget"].astype(float)
    out["Netto prosjektutgift"] = t["netto_prosjektutgift"].astype(float)
    for y in years:
        out[str(y)] = t[y].astype(float)
    out[period_column(years)] = t["sum_periode"].astype(float)
    head = t["radtype"] == "omrade"
    out.loc[head, out.columns[1:]] = float("nan")
    styled = styler(Table(out, text_columns=["Investeringsprosjekter"],
                          formats={"Investeringsprosjekter": TEXT}
                          | dict.fromkeys(out.columns[1:], BLANK),
                          caption=f"{KATEGORI_NAVN[kategori]} (1000 kr)"))
    kinds = t["radtype"].tolist()

    def style_row(row):
        kind = kinds[row.name]
        if kind == "omrade":
            return ["font-weight: bold; font-style: italic; border-bottom: none;"] * len(row)
        if kind in ("sum_omrade", "sum"):
            top = "1pt" if kind == "sum" else "0.6pt"
            return [f"font-weight: bold; border-top: {top} solid #1a1a1a;"] * len(row)
        return [""] * len(row)

    return styled.apply(style_row, axis=1)


def summary_display(a: Analysis) -> Table:
    """Ordinary and selvkost apart and together (1000 kr)."""
    t = summary_table(a.plan)
    out = pd.DataFrame({"": t["tekst"]})
    for y in a.years:
        out[str(y)] = t[y].astype(float)
    out[period_column(a.years)] = t["sum_periode"].astype(float)
    return Table(out, text_columns=[""], sum_row=True, formats={"": TEXT},
                 caption="Investeringer per år (1000 kr)")


def financing_display(r: Result) -> Table:
    """Financing per year, ordinary and selvkost together (1000 kr)."""
    f = r.finance.groupby("aar")[["investering", *FINANCING_SOURCES]].sum()
    b = r.borrowing.set_index("aar")
    rows = {
        "Investeringer": f["investering"],
        "Momskompensasjon": f["momskompensasjon"],
        "Tilskudd": f["tilskudd"],
        "Salg": f["salg"],
        "Egenkapital (drift/fond)": f["egenkapital"],
        "Nye lån, ordinære": b["ordinær"],
        "Nye lån, selvkost": b["selvkost"],
        "Nye lån i alt": b["totalt"],
    }
    out = pd.DataFrame({"": list(rows)})
    for y in r.plan.years:
        out[str(y)] = [float(s.get(y, 0.0)) for s in rows.values()]
    out[period_column(r.plan.years)] = [float(s.sum()) for s in rows.values()]
    return Table(out, text_columns=[""], formats={"": TEXT},
                 caption="Finansiering per år (1000 kr)")


def debt_display(r: Result) -> Table:
    """The debt path per year, one row per line item (1000 kr; the debt ratio in
    percent)."""
    d = r.debt.set_index("aar")
    items = [
        ("Lånegjeld 1.1.", d["inngaaende_gjeld"], number()),
        ("+ nye lån", d["nye_lan"], number()),
        ("− avdrag på eksisterende gjeld", d["avdrag_eksisterende"], number()),
        ("− avdrag på nye lån", d["avdrag_nye_lan"], number()),
        ("Lånegjeld 31.12.", d["utgaaende_gjeld"], number()),
        ("herav nye selvkostlån", d["herav_selvkost"], number()),
        ("Brutto driftsinntekter", d["bdi"], number()),
        ("Lånegjeld i % av brutto driftsinntekter", d["lanegjeld_pst"], percent()),
        ("… uten nye selvkostlån", d["lanegjeld_uten_selvkost_pst"], percent()),
    ]
    out = pd.DataFrame({"1000 kr": [i[0] for i in items]})
    years = [str(y) for y in r.plan.years]
    for y in r.plan.years:
        out[str(y)] = [float(s[y]) for _, s, _ in items]
    # each figure marked where it is an estimate, with the legend under the table
    src = debt_sources(r)
    src.index = r.debt["aar"].astype(int)
    source_cols = ("inngaaende_gjeld", "nye_lan", "avdrag_eksisterende", "avdrag_nye_lan",
                   "utgaaende_gjeld", "nye_lan", "bdi", "lanegjeld_pst",
                   "lanegjeld_uten_selvkost_pst")
    marks = pd.DataFrame({str(y): [src.loc[y, c] for c in source_cols]
                          for y in r.plan.years}, index=out.index)
    return Table(out, text_columns=["1000 kr"], formats={"1000 kr": TEXT},
                 row_formats={i: dict.fromkeys(years, fmt) for i, (_, _, fmt) in enumerate(items)
                              if fmt.kind != "number"},
                 caption="Lånegjeld gjennom perioden", provenance=marks)


def capital_cost_display(r: Result) -> Table:
    """Interest and repayments on the new loans per year, ordinary and selvkost apart."""
    s = r.schedule
    rows = []
    for kat in KATEGORIER:
        k = s[s["kategori"] == kat].set_index("aar")
        rows.append((f"Renter, {kat}", k["renter"]))
        rows.append((f"Avdrag, {kat}", k["avdrag"]))
    cc = r.capital_cost.set_index("aar")
    rows.append(("Sum ordinære (belaster frie inntekter)", cc["ordinær"]))
    rows.append(("Sum selvkost (dekkes av gebyrer)", cc["selvkost"]))
    rows.append(("Sum renter og avdrag på nye lån", cc["totalt"]))
    out = pd.DataFrame({"1000 kr": [r_[0] for r_ in rows]})
    for y in r.plan.years:
        out[str(y)] = [float(v[y]) for _, v in rows]
    return Table(out, text_columns=["1000 kr"], formats={"1000 kr": TEXT},
                 caption="Renter og avdrag på nye lån (1000 kr)")


def repayment_display(r: Result) -> Table:
    c = repayment_check(r)
    frame = pd.DataFrame({
        "År": c["aar"],
        "Avdrag i økonomiplanen": c["avdrag_plan"],
        "Avdrag i rapportens beregning": c["avdrag_modell"],
        "Forskjell": c["avvik"],
    })
    return Table(frame, text_columns=["År"], formats={"År": YEAR, "Forskjell": number(sign=True)},
                 caption=f"Avdrag i økonomiplanen og i rapportens beregning {fmt_years(r.years)}"
                         " (1000 kr)")


def changes_display(a: Analysis) -> Table:
    c = a.changes
    frame = pd.DataFrame({
        "Prosjekt": c["prosjekt"],
        "Endring": [change_text(t, n)
                    for t, n in zip(c["tiltak"], c["utsett_aar"], strict=True)],
        f"I planen {a.plan.period_label}": c["plan"],
        f"I scenarioet {a.plan.period_label}": c["scenario"],
        "Forskjell": c["endring_belop"],
    })
    return Table(frame, text_columns=["Prosjekt", "Endring"],
                 formats={"Prosjekt": TEXT, "Endring": TEXT, "Forskjell": number(sign=True)},
                 caption="Endringer i scenarioet (1000 kr)")


MAAL_NAVN = {
    "investering": ("Investeringer (1000 kr)", number()),
    "laneopptak": ("Nye lån (1000 kr)", number()),
    "kapitalkostnad": ("Renter og avdrag på nye lån (1000 kr)", number()),
    "lanegjeld": ("Lånegjeld 31.12. (1000 kr)", number()),
    "lanegjeld_pst": ("Lånegjeld i % av brutto driftsinntekter", percent()),
}


def compare_display(a: Analysis) -> Table:
    """Plan and scenario side by side: one row per measure and variant; the change in
    percentage points for the debt ratio, in 1000 kr with a sign for the others."""
    c = compare(a.base, a.scenario)
    rows, row_formats = [], {}
    years = [str(y) for y in a.years]
    for maal, (label, fmt) in MAAL_NAVN.items():
        sel = c[c["maal"] == maal].set_index("aar")
        for col, name in (("plan", "plan"), ("scenario", "scenario"), ("endring", "endring")):
            r = {"Mål": label if col == "plan" else "", "": name}
            for y in a.years:
                r[str(y)] = float(sel.loc[y, col])
            if col == "endring":
                fmt_row = pp() if maal == "lanegjeld_pst" else number(sign=True)
            else:
                fmt_row = fmt
            row_formats[len(rows)] = dict.fromkeys(years, fmt_row)
            rows.append(r)
    return Table(pd.DataFrame(rows), text_columns=["Mål", ""], formats={"Mål": TEXT, "": TEXT},
                 row_formats=row_formats, caption="Plan og scenario")
