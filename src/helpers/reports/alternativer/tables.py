"""The alternativer report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.model import rules as hr
from helpers.presentation.formatting import fmt_1000kr, fmt_number, fmt_pct, fmt_years
from helpers.presentation.table import TEXT, Format, Table, number, percent
from helpers.reports.alternativer.analysis import PLAN_NAME, Analysis

ROWS = [
    ("budsjettbalanse", "Budsjettbalanse (1000 kr)", "kr"),
    ("netto_driftsresultat", "Netto driftsresultat (1000 kr)", "kr"),
    ("netto_driftsresultat_pst", "Netto driftsresultat (%)", "pct"),
    ("disposisjonsfond", "Disposisjonsfond ved årets slutt (1000 kr)", "kr"),
    ("disposisjonsfond_pst", "Disposisjonsfond (%)", "pct"),
    ("nye_lan", "Nye lån (1000 kr)", "kr"),
    ("netto_lanegjeld_pst", "Netto lånegjeld (%)", "pct"),
    ("renteutgifter", "Renteutgifter (1000 kr)", "kr"),
    ("avdrag", "Avdrag (1000 kr)", "kr"),
]


def _format(kind: str, sign: bool = False) -> Format:
    return percent(sign=sign) if kind == "pct" else number(sign=sign)


def _met(v: object) -> str:
    """A rule's status: met, not met, or «–» when it cannot be judged."""
    return "–" if v is None or pd.isna(v) else ("Oppfylt" if v else "Ikke oppfylt")


def _change(kind: str):
    """A change from the plan: '0' when there is none, percentage points for a share."""
    def text(v: float) -> str:
        if not abs(v) > 1e-9:  # no change (or none to compute)
            return "0"
        return fmt_pct(v, sign=True).replace("\u00a0%", "\u00a0pp") if kind == "pct" \
            else fmt_1000kr(v, sign=True)
    return text


def comparison_table(a: Analysis, aar: int) -> Table:
    """One year: a row per measure, a column per alternative (the plan first), and each
    alternative's difference from the plan; then a row per rule, met or not. The rows
    are different measures, so each row has its own format."""
    rows, row_formats = [], {}
    plan = a.columns[PLAN_NAME].set_index("aar")
    for key, label, kind in ROWS:
        row = {"Mål": label, PLAN_NAME: plan.loc[aar, key]}
        fmts = {PLAN_NAME: _format(kind)}
        for n, c in a.columns.items():
            if n == PLAN_NAME:
                continue
            v = c.set_index("aar").loc[aar, key]
            row[n] = v
            row[f"{n}: endring"] = v - plan.loc[aar, key]
            fmts |= {n: _format(kind), f"{n}: endring": _change(kind)}
        row_formats[len(rows)] = fmts
        rows.append(row)
    for rule_key, label in (("netto_driftsresultat", "Regel: netto driftsresultat"),
                            ("disposisjonsfond", "Regel: disposisjonsfond"),
                            ("netto_lanegjeld", "Regel: netto lånegjeld"),
                            ("avsetning_disposisjonsfond", "Regel: årlig avsetning")):
        if rule_key not in a.status[PLAN_NAME]:
            continue
        row, fmts = {"Mål": label}, {}
        for n, s in a.status.items():
            row[n] = s.set_index("aar").loc[aar, rule_key]
            fmts[n] = _met
            if n != PLAN_NAME:
                row[f"{n}: endring"] = ""
        row_formats[len(rows)] = fmts
        rows.append(row)
    return Table(pd.DataFrame(rows), text_columns=["Mål"], formats={"Mål": TEXT},
                 row_formats=row_formats)


def _rule_label(key: str, rule: hr.Rule) -> str:
    word = "minst" if rule.krav == "minst" else "høyst"
    th = fmt_pct(rule.terskel, 2).replace(",00", "")
    return {"netto_driftsresultat": f"netto driftsresultat {word} {th}",
            "disposisjonsfond": f"disposisjonsfond {word} {th}",
            "netto_lanegjeld": f"netto lånegjeld {word} {th}",
            "avsetning_disposisjonsfond": f"årlig avsetning {word} {th}"}.get(key, key)


def changes_table(a: Analysis) -> Table:
    """What each alternative changes, line by line. «År» is text on purpose: a year, a
    number of years («2 år») or «–»."""
    rows = []
    for alt_ in a.alternatives:
        for kind, label in (("rammer", "Ramme"), ("inntekter", "Inntekt"),
                            ("fond", "Bruk av disposisjonsfond")):
            for c in getattr(alt_, kind):
                rows.append({"Alternativ": alt_.navn, "Endring": label,
                             "Gjelder": c.navn or "–", "År": str(c.aar),
                             "Beløp (1000 kr)": float(c.belop)})
        for p in alt_.utsett:
            rows.append({"Alternativ": alt_.navn, "Endring": "Investering utsatt",
                         "Gjelder": p, "År": f"{alt_.utsett_aar} år",
                         "Beløp (1000 kr)": float("nan")})
        for p in alt_.dropp:
            rows.append({"Alternativ": alt_.navn, "Endring": "Investering tatt ut",
                         "Gjelder": p, "År": "–", "Beløp (1000 kr)": float("nan")})
    cols = ["Alternativ", "Endring", "Gjelder", "År"]
    return Table(pd.DataFrame(rows, columns=[*cols, "Beløp (1000 kr)"]), text_columns=cols,
                 formats=dict.fromkeys(cols, TEXT) | {"Beløp (1000 kr)": number(sign=True)},
                 caption="Alternativenes endringer fra økonomiplanen",
                 empty="Ingen alternativer er lagt inn; rapporten viser bare økonomiplanen.",
                 empty_kind="note")


def _with_change(kind: str, diff: float | None):
    """The value, and in brackets its change from the plan when there is one to speak of."""
    base = _format(kind)
    if diff is None or pd.isna(diff) or abs(diff) < (0.05 if kind == "pct" else 0.5):
        return base
    d = (fmt_number(diff, 1, sign=True) + "\u00a0pp" if kind == "pct"
         else fmt_1000kr(diff, sign=True))
    return lambda v: f"{base(v)} ({d})"


def alternative_table(a: Analysis, navn: str) -> Table:
    """One alternative (or the plan): a row per measure and rule, a column per plan year.
    For an alternative each cell shows the value and, in brackets, the change from the
    plan (the frame holds the value; the change is part of the cell's format)."""
    col = a.columns[navn].set_index("aar")
    plan = a.columns[PLAN_NAME].set_index("aar")
    rows, row_formats = [], {}
    for key, label, kind in ROWS:
        row, fmts = {"Mål": label}, {}
        for y in a.years:
            v = col.loc[y, key]
            row[str(y)] = v
            diff = v - plan.loc[y, key] if navn != PLAN_NAME else None
            fmts[str(y)] = _with_change(kind, diff)
        row_formats[len(rows)] = fmts
        rows.append(row)
    st = a.status[navn].set_index("aar")
    for rule_key, rule in a.economy.rules.items():
        if rule_key not in st:
            continue
        row = {"Mål": "Regel: " + _rule_label(rule_key, rule)}
        for y in a.years:
            row[str(y)] = st.loc[y, rule_key]
        row_formats[len(rows)] = {str(y): _met for y in a.years}
        rows.append(row)
    return Table(pd.DataFrame(rows), text_columns=["Mål"], formats={"Mål": TEXT},
                 row_formats=row_formats,
                 caption=f"{navn}: nøkkeltall og handlingsregler {fmt_years(a.years)}")
