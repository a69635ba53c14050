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
from helpers.presentation.formatting import fmt_number, fmt_pct, fmt_pp
from helpers.reports.investering.analysis import Analysis, compare, repayment_check
from helpers.reports.investering.text import change_text


def _fmt_cell(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else fmt_number(v)


def period_column(years: tuple[int, ...]) -> str:
    return f"Sum {years[0]}–{str(years[-1])[-2:]}"


def programme_display(a: Analysis, kategori: str, plan: Plan | None = None):
    """The HØP table for one category as a styled table: area headings in bold, «Sum» rows
    bold with a rule. Empty cells where the source gives no figure."""
    from helpers.presentation import report

    plan = plan or a.plan
    t = programme_table(plan, kategori)
    years = plan.years
    out = pd.DataFrame({"Investeringsprosjekter": t["tekst"]})
    out["Tidligere bevilget"] = t["tidligere_bevilget"].map(_fmt_cell)
    out["Netto prosjektutgift"] = t["netto_prosjektutgift"].map(_fmt_cell)
    for y in years:
        out[str(y)] = t[y].map(_fmt_cell)
    out[period_column(years)] = t["sum_periode"].map(_fmt_cell)
    head = t["radtype"] == "omrade"
    out.loc[head, out.columns[1:]] = ""
    styler = report.table(out, text_columns=["Investeringsprosjekter"],
                          caption=f"{KATEGORI_NAVN[kategori]} (1000 kr)")
    kinds = t["radtype"].tolist()

    def style_row(row):
        kind = kinds[row.name]
        if kind == "omrade":
            return ["font-weight: bold; font-style: italic; border-bottom: none;"] * len(row)
        if kind in ("sum_omrade", "sum"):
            top = "1pt" if kind == "sum" else "0.6pt"
            return [f"font-weight: bold; border-top: {top} solid #1a1a1a;"] * len(row)
        return [""] * len(row)

    return styler.apply(style_row, axis=1)


def summary_display(a: Analysis) -> pd.DataFrame:
    """Ordinary and selvkost apart and together, formatted."""
    t = summary_table(a.plan)
    out = pd.DataFrame({"": t["tekst"]})
    for y in a.years:
        out[str(y)] = t[y].map(fmt_number)
    out[period_column(a.years)] = t["sum_periode"].map(fmt_number)
    return out


def financing_display(r: Result) -> pd.DataFrame:
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
        out[str(y)] = [fmt_number(s.get(y, 0.0)) for s in rows.values()]
    out[period_column(r.plan.years)] = [fmt_number(s.sum()) for s in rows.values()]
    return out


def debt_display(r: Result) -> pd.DataFrame:
    """The debt path per year, formatted, one row per line item."""
    d = r.debt.set_index("aar")
    items = [
        ("Lånegjeld 1.1.", d["inngaaende_gjeld"], fmt_number),
        ("+ nye lån", d["nye_lan"], fmt_number),
        ("− avdrag på eksisterende gjeld", d["avdrag_eksisterende"], fmt_number),
        ("− avdrag på nye lån", d["avdrag_nye_lan"], fmt_number),
        ("Lånegjeld 31.12.", d["utgaaende_gjeld"], fmt_number),
        ("herav nye selvkostlån", d["herav_selvkost"], fmt_number),
        ("Brutto driftsinntekter", d["bdi"], fmt_number),
        ("Lånegjeld i % av brutto driftsinntekter", d["lanegjeld_pst"], fmt_pct),
        ("… uten nye selvkostlån", d["lanegjeld_uten_selvkost_pst"], fmt_pct),
    ]
    out = pd.DataFrame({"1000 kr": [i[0] for i in items]})
    for y in r.plan.years:
        out[str(y)] = [fmt(s[y]) for _, s, fmt in items]
    return out


def capital_cost_display(r: Result) -> pd.DataFrame:
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
        out[str(y)] = [fmt_number(v[y]) for _, v in rows]
    return out


def repayment_display(r: Result) -> pd.DataFrame:
    c = repayment_check(r)
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Avdrag i økonomiplanen": c["avdrag_plan"].map(fmt_number),
        "Avdrag i rapportens beregning": c["avdrag_modell"].map(fmt_number),
        "Forskjell": c["avvik"].map(lambda v: fmt_number(v, sign=True)),
    })


def changes_display(a: Analysis) -> pd.DataFrame:
    c = a.changes
    return pd.DataFrame({
        "Prosjekt": c["prosjekt"],
        "Endring": [change_text(t, n)
                    for t, n in zip(c["tiltak"], c["utsett_aar"], strict=True)],
        f"I planen {a.plan.period_label}": c["plan"].map(fmt_number),
        f"I scenarioet {a.plan.period_label}": c["scenario"].map(fmt_number),
        "Forskjell": c["endring_belop"].map(lambda v: fmt_number(v, sign=True)),
    })


MAAL_NAVN = {
    "investering": ("Investeringer (1000 kr)", fmt_number),
    "laneopptak": ("Nye lån (1000 kr)", fmt_number),
    "kapitalkostnad": ("Renter og avdrag på nye lån (1000 kr)", fmt_number),
    "lanegjeld": ("Lånegjeld 31.12. (1000 kr)", fmt_number),
    "lanegjeld_pst": ("Lånegjeld i % av brutto driftsinntekter", fmt_pct),
}


def compare_display(a: Analysis) -> pd.DataFrame:
    """Plan and scenario side by side: one row per measure and variant."""
    c = compare(a.base, a.scenario)
    rows = []
    for maal, (label, fmt) in MAAL_NAVN.items():
        sel = c[c["maal"] == maal].set_index("aar")
        for col, name in (("plan", "plan"), ("scenario", "scenario"), ("endring", "endring")):
            r = {"Mål": label if col == "plan" else "", "": name}
            for y in a.years:
                v = sel.loc[y, col]
                if col == "endring":
                    r[str(y)] = fmt_pp(v) if maal == "lanegjeld_pst" else fmt_number(v, sign=True)
                else:
                    r[str(y)] = fmt(v)
            rows.append(r)
    return pd.DataFrame(rows)
