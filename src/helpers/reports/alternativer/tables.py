"""The alternativer report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.model import rules as hr
from helpers.presentation.formatting import fmt_1000kr, fmt_number, fmt_pct
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


def _fmt(kind: str, v: float, sign: bool = False) -> str:
    if v is None or pd.isna(v):
        return "–"
    return fmt_pct(v, sign=sign) if kind == "pct" else fmt_1000kr(v, sign=sign)


def comparison_table(a: Analysis, aar: int) -> pd.DataFrame:
    """One year: a row per measure, a column per alternative (the plan first), and each
    alternative's difference from the plan."""
    rows = []
    plan = a.columns[PLAN_NAME].set_index("aar")
    for key, label, kind in ROWS:
        row = {"Mål": label, PLAN_NAME: _fmt(kind, plan.loc[aar, key])}
        for n, c in a.columns.items():
            if n == PLAN_NAME:
                continue
            v = c.set_index("aar").loc[aar, key]
            row[n] = _fmt(kind, v)
            diff = v - plan.loc[aar, key]
            row[f"{n}: endring"] = (_fmt(kind, diff, sign=True).replace("\u00a0%", "\u00a0pp")
                                    if abs(diff) > 1e-9 else "0")
        rows.append(row)
    for rule_key, label in (("netto_driftsresultat", "Regel: netto driftsresultat"),
                            ("disposisjonsfond", "Regel: disposisjonsfond"),
                            ("netto_lanegjeld", "Regel: netto lånegjeld"),
                            ("avsetning_disposisjonsfond", "Regel: årlig avsetning")):
        if rule_key not in a.status[PLAN_NAME]:
            continue
        row = {"Mål": label}
        for n, s in a.status.items():
            v = s.set_index("aar").loc[aar, rule_key]
            row[n] = "–" if v is None else ("Oppfylt" if v else "Ikke oppfylt")
            if n != PLAN_NAME:
                row[f"{n}: endring"] = ""
        rows.append(row)
    return pd.DataFrame(rows)


def _rule_label(key: str, rule: hr.Rule) -> str:
    word = "minst" if rule.krav == "minst" else "høyst"
    th = fmt_pct(rule.terskel, 2).replace(",00", "")
    return {"netto_driftsresultat": f"netto driftsresultat {word} {th}",
            "disposisjonsfond": f"disposisjonsfond {word} {th}",
            "netto_lanegjeld": f"netto lånegjeld {word} {th}",
            "avsetning_disposisjonsfond": f"årlig avsetning {word} {th}"}.get(key, key)


def changes_table(a: Analysis) -> pd.DataFrame:
    """What each alternative changes, line by line."""
    rows = []
    for alt_ in a.alternatives:
        for kind, label in (("rammer", "Ramme"), ("inntekter", "Inntekt"),
                            ("fond", "Bruk av disposisjonsfond")):
            for c in getattr(alt_, kind):
                rows.append({"Alternativ": alt_.navn, "Endring": label,
                             "Gjelder": c.navn or "–", "År": str(c.aar),
                             "Beløp (1000 kr)": fmt_1000kr(c.belop, sign=True)})
        for p in alt_.utsett:
            rows.append({"Alternativ": alt_.navn, "Endring": "Investering utsatt",
                         "Gjelder": p, "År": f"{alt_.utsett_aar} år", "Beløp (1000 kr)": "–"})
        for p in alt_.dropp:
            rows.append({"Alternativ": alt_.navn, "Endring": "Investering tatt ut",
                         "Gjelder": p, "År": "–", "Beløp (1000 kr)": "–"})
    return pd.DataFrame(rows, columns=["Alternativ", "Endring", "Gjelder", "År",
                                       "Beløp (1000 kr)"])


def alternative_table(a: Analysis, navn: str) -> pd.DataFrame:
    """One alternative (or the plan): a row per measure and rule, a column per plan year.
    For an alternative each cell shows the value and, in brackets, the change from the
    plan."""
    col = a.columns[navn].set_index("aar")
    plan = a.columns[PLAN_NAME].set_index("aar")
    rows = []
    for key, label, kind in ROWS:
        row = {"Mål": label}
        for y in a.years:
            v = col.loc[y, key]
            text = _fmt(kind, v)
            if navn != PLAN_NAME and pd.notna(v) and pd.notna(plan.loc[y, key]):
                diff = v - plan.loc[y, key]
                if abs(diff) >= (0.05 if kind == "pct" else 0.5):
                    d = (fmt_number(diff, 1, sign=True) + "\u00a0pp" if kind == "pct"
                         else fmt_1000kr(diff, sign=True))
                    text += f" ({d})"
            row[str(y)] = text
        rows.append(row)
    st = a.status[navn].set_index("aar")
    for rule_key, rule in a.economy.rules.items():
        if rule_key not in st:
            continue
        row = {"Mål": "Regel: " + _rule_label(rule_key, rule)}
        for y in a.years:
            v = st.loc[y, rule_key]
            row[str(y)] = "–" if v is None or pd.isna(v) else ("Oppfylt" if v else "Ikke oppfylt")
        rows.append(row)
    return pd.DataFrame(rows)
