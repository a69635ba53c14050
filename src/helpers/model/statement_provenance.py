"""What each line of the statements (:mod:`helpers.model.statements`,
:mod:`helpers.model.statements_invest`) rests on, so that a test, the key figures and the
report can tell a statement line that is the municipality's own figure from one the model
estimates — which a statement the council adopts must not carry (issue 28).

:func:`statement_sources` follows where the statement modules take each line from: § 5-4
from the plan's own lines; § 5-5 lines 1–4 from the plan's investment programme and every
financing line from the municipality's financing plan (``investering_finansiering.csv``);
§ 5-7's opening debt from the accounts' balance, its loans and avdrag from § 5-5 and § 5-4,
its closing debt calculated from those. Sum lines combine their parts
(:func:`helpers.presentation.provenance.combine_sources`). A statement frame with its own
``grunnlag`` column wins over this (:func:`line_kinds`).
"""

from __future__ import annotations

import pandas as pd

from helpers.model.economy import Economy
from helpers.model.labels import AVDRAG_REF, FINANCING_REF, OPENING_DEBT_REF, P_5_5_1, P_5_7
from helpers.model.provenance import INV_REF
from helpers.model.statements import SUM_PARTS_5_5_1
from helpers.model.statements_invest import FINANCING_LINES
from helpers.presentation.provenance import Grunnlag, Kilde, combine_sources

# § 5-7 line → what it rests on (helpers.model.statements_invest.paragraf_5_7)
DEBT_LINES = {1: Kilde(Grunnlag.REGNSKAP, OPENING_DEBT_REF),
              2: Kilde(Grunnlag.PLAN, FINANCING_REF),
              3: Kilde(Grunnlag.PLAN, FINANCING_REF),
              4: Kilde(Grunnlag.PLAN, AVDRAG_REF),
              5: Kilde(Grunnlag.PLAN, FINANCING_REF)}

Key = tuple[str, int, int]  # (paragraf, linje_nr, aar)


def statement_sources(e: Economy) -> dict[Key, Kilde]:
    """(paragraf, linje_nr, aar) → source, for the lines of § 5-5 første ledd and § 5-7
    (the other lines are the plan's)."""
    out: dict[Key, Kilde] = {}
    plan = Kilde(Grunnlag.PLAN, INV_REF)
    financing = Kilde(Grunnlag.PLAN, FINANCING_REF)
    for y in e.plan_years:
        lines: dict[int, Kilde | None] = {nr: plan for nr in (1, 2, 3, 4)}
        lines[5] = financing
        lines.update({nr: financing for nr in FINANCING_LINES})
        for nr, terms in SUM_PARTS_5_5_1.items():
            lines[nr] = combine_sources(*(lines.get(t) for _, t in terms))
        for nr, src in lines.items():
            if src is not None:
                out[(P_5_5_1, nr, int(y))] = src
        debt = dict(DEBT_LINES)
        debt[6] = combine_sources(*debt.values())
        for nr, src in debt.items():
            out[(P_5_7, nr, int(y))] = src
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
