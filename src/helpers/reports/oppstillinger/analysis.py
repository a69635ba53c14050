"""The statutory budget statements (budsjett- og regnskapsforskriften kapittel 5) for one
municipality and plan: every figure from :mod:`helpers.model.statements` and the shared
economy model, computed once.

The report's sections follow the regulation: § 5-4 (første ledd, andre ledd and the
reconciliation between them), § 5-5 (første and andre ledd), § 5-7. The økonomisk
oversikt etter art (§ 5-6) belongs between § 5-5 and § 5-7; it is computed elsewhere (the
KOSTRA extract and the art mapping) and gets its own field here when it lands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune
from helpers.model import statements as st
from helpers.model.economy import Economy, check_budget_year, economy
from helpers.model.statement_notes import LineNote, line_notes


@dataclass
class Analysis:
    kommune: Kommune
    budsjettaar: int
    years: list[int]              # the plan years the data cover
    missing_years: list[int]      # plan years of the period the data do not cover
    economy: Economy = field(repr=False)
    s_5_4_1: pd.DataFrame = field(repr=False)
    s_5_4_2: pd.DataFrame = field(repr=False)
    avstemming: pd.DataFrame = field(repr=False)
    s_5_5_1: pd.DataFrame = field(repr=False)
    s_5_5_2: pd.DataFrame = field(repr=False)
    s_5_7: pd.DataFrame = field(repr=False)
    notes: list[LineNote] = field(default_factory=list)
    # year → netto driftsresultat from the lines minus the plan's (beyond rounding)
    unreconciled: dict[int, float] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return bool(self.years)

    def statement(self, paragraf: str) -> pd.DataFrame:
        return {st.P_5_4_1: self.s_5_4_1, st.P_5_4_2: self.s_5_4_2,
                st.P_AVST: self.avstemming, st.P_5_5_1: self.s_5_5_1,
                st.P_5_5_2: self.s_5_5_2, st.P_5_7: self.s_5_7}[paragraf]

    def notes_for(self, paragraf: str) -> list[LineNote]:
        return [n for n in self.notes if n.paragraf == paragraf]

    def value(self, paragraf: str, linje_nr: int, aar: int) -> float:
        f = self.statement(paragraf)
        sel = f[(f["linje_nr"] == linje_nr) & (f["aar"] == aar)]
        return float(sel["verdi"].iloc[0]) if not sel.empty else float("nan")


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int) -> Analysis:
    """The statements for ``kommune``'s plan starting in ``budsjettaar`` (the shared economy
    model with its default assumptions, as every report uses it). A budget year the data
    have no plan for stops with one line (:func:`check_budget_year`); a municipality
    without any plan gets empty statements (``has_data`` False)."""
    e = economy(data, kommune, budsjettaar)
    missing = check_budget_year(data, e.kommune, budsjettaar)
    s_5_4_1 = st.paragraf_5_4_1(data, kommune, budsjettaar, e=e)
    s_5_4_2 = st.paragraf_5_4_2(data, kommune, budsjettaar, e=e)
    avst = st.reconcile_5_4(data, kommune, budsjettaar, e=e)
    s_5_5_1 = st.paragraf_5_5_1(data, kommune, budsjettaar, e=e)
    s_5_5_2 = st.paragraf_5_5_2(data, kommune, budsjettaar, e=e)
    s_5_7 = st.paragraf_5_7(data, kommune, budsjettaar, e=e)
    notes = line_notes(data, e, s_5_4_1, s_5_5_1, s_5_5_2, s_5_7) if e.plan_years else []
    return Analysis(
        kommune=e.kommune, budsjettaar=int(budsjettaar), years=list(e.plan_years),
        missing_years=[y for y in missing if y not in e.plan_years], economy=e,
        s_5_4_1=s_5_4_1, s_5_4_2=s_5_4_2, avstemming=avst, s_5_5_1=s_5_5_1,
        s_5_5_2=s_5_5_2, s_5_7=s_5_7, notes=notes, unreconciled=st.unreconciled(avst))
