"""The investering report's analysis: what the report shows, computed once from the
data and the shared economic model (:mod:`helpers.model.economy`, whose debt path is
:func:`helpers.model.debt.programme`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from helpers.model.debt import DebtAssumptions, Result, known_debt_ratio
from helpers.model.economy import Economy, economy
from helpers.model.investment import Plan, check_printed_sums, check_project_totals


@dataclass
class Analysis:
    """Everything the investment report shows, computed once."""

    kommune: object  # helpers.data.kommuner.Kommune
    plan: Plan
    base: Result
    scenario: Result | None
    changes: pd.DataFrame
    checks: pd.DataFrame
    project_checks: pd.DataFrame
    tommelfingerregel_pst: float | None
    kostra_ratio: pd.Series
    terms_basis: str
    economy: Economy = field(repr=False)
    data: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
            assumptions: DebtAssumptions | None = None, **fields) -> Analysis:
    """The plan and (when ``assumptions`` postpone or drop projects) a scenario, read from
    the shared economic model. ``fields`` override single assumptions
    (``analyse(data, "Røros", 2024, dropp=["…"])``). An error in the investment data stops
    the report (:class:`helpers.model.investment.InvesteringError`)."""
    a = replace(assumptions or DebtAssumptions(), **fields)
    e = economy(data, kommune, budsjettaar, strict=True,
                terskler={"netto_lanegjeld": a.lanegjeld_tak_pst}, assumptions=a)
    p = e.investering
    if p is None:  # no investment data at all
        from helpers.model.debt import programme

        p = programme(data, kommune, budsjettaar, a)
    return Analysis(
        kommune=p.kommune, plan=p.plan, base=p.base, scenario=p.scenario, changes=p.changes,
        checks=check_printed_sums(p.plan, data.get("investering_summer")),
        project_checks=check_project_totals(p.plan),
        tommelfingerregel_pst=p.tommelfingerregel_pst,
        kostra_ratio=known_debt_ratio(data, p.kommune.kommunenummer),
        terms_basis=p.terms_basis, economy=e, data=data)


def repayment_check(result: Result) -> pd.DataFrame:
    """The model's repayments (existing + new loans) against the plan's budgeted «Avdrag
    på lån», per year: aar, avdrag_plan, avdrag_modell, avvik (modell − plan)."""
    d = result.debt.set_index("aar")
    lines = result.plan_lines.set_index("aar")
    rows = []
    for y in result.years:
        model = float(d.loc[y, "avdrag_eksisterende"] + d.loc[y, "avdrag_nye_lan"])
        plan = float(lines.loc[y, "avdrag"]) if y in lines.index else float("nan")
        rows.append({"aar": y, "avdrag_plan": plan, "avdrag_modell": model,
                     "avvik": model - plan})
    return pd.DataFrame(rows)


def compare(base: Result, scen: Result) -> pd.DataFrame:
    """Plan and scenario side by side per year: for each measure (investering, laneopptak,
    kapitalkostnad, lanegjeld, lanegjeld_pst) the columns plan, scenario and endring."""
    rows = []
    measures = {
        "investering": lambda r: r.totals.set_index("aar")["totalt"],
        "laneopptak": lambda r: r.borrowing.set_index("aar")["totalt"],
        "kapitalkostnad": lambda r: r.capital_cost.set_index("aar")["totalt"],
        "lanegjeld": lambda r: r.debt.set_index("aar")["utgaaende_gjeld"],
        "lanegjeld_pst": lambda r: r.debt.set_index("aar")["lanegjeld_pst"],
    }
    for name, get in measures.items():
        p, s = get(base), get(scen)
        for y in base.years:
            rows.append({"maal": name, "aar": y, "plan": float(p.get(y, float("nan"))),
                         "scenario": float(s.get(y, float("nan")))})
    out = pd.DataFrame(rows)
    out["endring"] = out["scenario"] - out["plan"]
    return out
