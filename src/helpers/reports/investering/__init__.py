"""The investering report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.model.debt import (  # noqa: F401
    DebtAssumptions,
    Known,
    LoanTerms,
    Programme,
    Result,
    borrowing_by_year,
    compute,
    debt_ceiling,
    debt_path,
    default_repayment,
    implied_loan_terms,
    known_bdi,
    known_debt,
    known_debt_ratio,
    loan_schedule,
    plan_finance_lines,
    programme,
    project_bdi,
    rule_of_thumb,
    schedule_by_year,
    sentrale_inntekter,
    starting_debt,
)
from helpers.model.investment import (  # noqa: F401
    DEBT_RULE,
    FINANCING_SOURCES,
    KATEGORI_NAVN,
    KATEGORIER,
    Financing,
    InvesteringError,
    Plan,
    UnknownProject,
    apply_scenario,
    available_plans,
    by_area_and_year,
    check_printed_sums,
    check_project_totals,
    financing,
    largest_projects,
    load_plan,
    period_totals,
    programme_table,
    project_names,
    resolve_projects,
    scenario_changes,
    summary_table,
    totals_by_year,
)
from helpers.reports.investering.analysis import (  # noqa: F401
    Analysis,
    analyse,
    compare,
    repayment_check,
)
from helpers.reports.investering.charts import (  # noqa: F401
    SELVKOST_COLOUR,
    chart_capital_cost,
    chart_debt_ratio,
    chart_largest,
    chart_programme,
    chart_scenario,
    debt_ratio_frame,
)
from helpers.reports.investering.keys import (  # noqa: F401
    RAPPORT,
    analysis_key_figures,
    key_figures,
)
from helpers.reports.investering.tables import (  # noqa: F401
    MAAL_NAVN,
    capital_cost_display,
    changes_display,
    compare_display,
    debt_display,
    financing_display,
    period_column,
    programme_display,
    repayment_display,
    summary_display,
)
from helpers.reports.investering.text import (  # noqa: F401
    assumptions_text,
    commentary,
    data_notes,
    intro,
    keyfacts,
    maintainer_notes,
    notes,
    scenario_text,
    summary_text,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=(
        "investering_prosjekter",
        "investering",
        "okonomiplan",
        "kostra",
        "folketall",
        "handlingsregler",
    ),
    kommunens=("investering_prosjekter", "investering"),
    bruker=("investering_summer", "investering_forutsetninger", "plan_indikatorer",
            "finans_driftsbudsjett"),
)
