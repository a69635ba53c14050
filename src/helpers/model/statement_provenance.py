"""What each line of the statements (:mod:`helpers.model.statements`) rests on, so that a
test, the key figures and the report can tell a statement line that is the municipality's
own figure from one the model estimates — which a statement the council adopts must not
carry (issue 28).

:func:`statement_sources` follows where :mod:`helpers.model.statements` takes each line
from: § 5-4 from the plan's own lines, § 5-5 from the plan's investment programme and the
model's financing (an assumption while the plan gives no financing), § 5-7 from the
model's debt path (:func:`helpers.model.provenance.debt_sources`). Sum lines combine their
parts (:func:`helpers.presentation.provenance.combine_sources`). A statement frame with
its own ``grunnlag`` column wins over this (:func:`line_kinds`).
"""

from __future__ import annotations

import pandas as pd

from helpers.model.economy import Economy
from helpers.model.labels import P_5_5_1, P_5_7
from helpers.model.provenance import INV_REF, debt_sources, loan_assumption
from helpers.model.statements import SUM_PARTS_5_5_1
from helpers.presentation.provenance import Grunnlag, Kilde, combine_sources

# § 5-5 første ledd: the financing lines the model fills from its assumptions
FINANCING_LINES = (7, 8, 9, 10, 11, 12, 13, 20, 21, 22, 23, 24, 25)
# § 5-7 line → column of the debt path's sources (line 3: the total repayment)
DEBT_LINES = {1: "inngaaende_gjeld", 2: "nye_lan", 3: "avdrag", 4: "utgaaende_gjeld"}

Key = tuple[str, int, int]  # (paragraf, linje_nr, aar)


def statement_sources(e: Economy) -> dict[Key, Kilde]:
    """(paragraf, linje_nr, aar) → source, for the lines the model does not take from the
    plan's own lines (the others are the plan's)."""
    out: dict[Key, Kilde] = {}
    a = e.investering
    if a is None:
        return out
    base = a.base
    assumed = Kilde(Grunnlag.ANSLAG, INV_REF, loan_assumption(base.financing))
    plan = Kilde(Grunnlag.PLAN, INV_REF)
    debt = debt_sources(base)
    debt.index = base.debt["aar"].astype(int)
    for y in e.plan_years:
        lines: dict[int, Kilde | None] = {nr: plan for nr in (1, 2, 3, 4, 5)}
        lines.update({nr: assumed for nr in FINANCING_LINES})
        for nr, terms in SUM_PARTS_5_5_1.items():
            lines[nr] = combine_sources(*(lines.get(t) for _, t in terms))
        for nr, src in lines.items():
            if src is not None:
                out[(P_5_5_1, nr, int(y))] = src
        if y in debt.index:
            for nr, col in DEBT_LINES.items():
                out[(P_5_7, nr, int(y))] = debt.loc[y, col]
    return out


def line_kinds(statement: pd.DataFrame, sources: dict[Key, Kilde]) -> pd.Series:
    """The kind of each line of a statement frame (columns paragraf, linje_nr, aar,
    verdi): its own ``grunnlag`` column when it has one, else :func:`statement_sources`,
    else the plan's. A missing value has no kind (None)."""
    kinds = []
    own = "grunnlag" in statement.columns
    for r in statement.itertuples(index=False):
        if pd.isna(r.verdi):
            kinds.append(None)
        elif own and Grunnlag.parse(r.grunnlag) is not None:
            kinds.append(Grunnlag.parse(r.grunnlag))
        else:
            src = sources.get((r.paragraf, int(r.linje_nr), int(r.aar)))
            kinds.append(src.grunnlag if src else Grunnlag.PLAN)
    return pd.Series(kinds, index=statement.index, dtype=object)
