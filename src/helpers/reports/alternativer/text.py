"""The alternativer report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_1000kr, fmt_list, fmt_number
from helpers.reports.alternativer.analysis import Analysis
from helpers.reports.alternativer.tables import _rule_label
from helpers.reports.common_text import bdi_basis_text


def balanced(col: pd.DataFrame, tolerance: float = 0.5) -> pd.Series:
    """True where the year is in balance (within rounding)."""
    return col["budsjettbalanse"].abs() <= tolerance


def summary(a: Analysis) -> list[str]:
    """Which alternatives balance every year, and which rules each meets or breaks."""
    out = []
    rules = a.economy.rules
    for n, c in a.columns.items():
        bad = c[~balanced(c)]
        if bad.empty:
            text = f"**{n}** er i balanse i alle planår"
        else:
            parts = [f"{int(r.aar)} ({fmt_1000kr(r.budsjettbalanse, sign=True)} i 1000 kr)"
                     for r in bad.itertuples()]
            text = (f"**{n}** er IKKE i balanse i {fmt_list(parts)} – kommuneloven § 14-4 "
                    "krever balanse i hvert år")
        st = a.status[n]
        met, broken = [], []
        for rule_key, rule in rules.items():
            if rule_key not in st:
                continue
            vals = st[rule_key]
            label = _rule_label(rule_key, rule)
            if vals.isna().all():
                continue
            if vals.fillna(False).all():
                met.append(label)
            else:
                years = [str(int(y)) for y, v in zip(st["aar"], vals, strict=True) if v is False]
                broken.append(f"{label} ({fmt_list(years)})")
        if met:
            text += f"; oppfyller {fmt_list(met)} i alle år"
        if broken:
            text += f"; bryter {fmt_list(broken)}"
        out.append(text + ".")
    return out


def assumptions_text(a: Analysis) -> str:
    return (
        "Planens tall er de samme som i de andre rapportene. For et alternativ endres netto "
        "driftsresultat med inntektene minus rammene og minus endringen i renter og avdrag på "
        "nye lån; bruk av disposisjonsfond endrer ikke resultatet, men balansen og fondet. "
        "Økte inntekter øker også brutto driftsinntekter. Budsjettbalansen er planens balanse "
        "pluss inntekter og bruk av fond minus rammer og endrede kapitalkostnader: et negativt "
        "tall er et underskudd som ikke er finansiert, et positivt tall et beløp som ikke er "
        "disponert. " + bdi_basis_text(a.economy))


def intro(a: Analysis) -> str:
    y = a.years
    n = len(a.alternatives)
    return (f"# Alternative budsjetter – {a.kommune.visningsnavn}\n\n"
            f"Økonomiplan {y[0]}–{y[-1]} og {fmt_number(n)} "
            f"{'alternativ' if n == 1 else 'alternativer'}: budsjettbalanse, resultat, "
            "disposisjonsfond og gjeld side om side, målt mot handlingsreglene.")


def balance_warnings(a: Analysis) -> list[str]:
    """A loud line per alternative that is not in balance, with the amounts."""
    out = []
    for n, c in a.columns.items():
        bad = c[~balanced(c)]
        if bad.empty:
            continue
        parts = [f"{int(r.aar)}: {fmt_1000kr(r.budsjettbalanse, sign=True)} (1000 kr)"
                 for r in bad.itertuples()]
        out.append(f"**{n} er ikke i balanse** – {'; '.join(parts)}. Et negativt beløp er et "
                   "underskudd uten finansiering, et positivt et beløp som ikke er disponert. "
                   "Kommuneloven § 14-4 krever at årsbudsjett og økonomiplan er i balanse i "
                   "hvert år.")
    return out
