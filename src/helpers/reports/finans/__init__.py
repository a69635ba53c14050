"""The finans report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.finans.analysis import (  # noqa: F401
    DEFAULT_SCENARIER_PP,
    Analysis,
    analyse,
    balance_status_class,
    price_basis,
    waterfall,
)
from helpers.reports.finans.budget import (  # noqa: F401
    BUDGET_DATATYPES,
    GRUNNLAG_FJORAAR,
    KATEGORI_KORT,
    KATEGORI_NAVN,
    KS_RAMMETILSKUDD_POSTER,
    RAPPORT,
    REALENDRINGER,
    SAMLEPOSTER,
    DebtBasis,
    area_frames,
    assumption,
    bridge_check,
    budget_balance,
    default_debt,
    deflators,
    finance_items,
    frame_bridge,
    frame_table,
    free_income,
    interest_sensitivity,
    ks_check,
    ks_table,
    largest_measures,
    model_debt,
    pick_year_basis,
    real_growth_pct,
    require,
    rounding_tolerance,
    scenario_label,
    unbalanced_years,
)
from helpers.reports.finans.charts import (  # noqa: F401
    chart_finance,
    chart_finance_share,
    chart_frame_change,
    chart_free_income,
    chart_sensitivity,
)
from helpers.reports.finans.keys import (  # noqa: F401
    key_figures,
    report_key_figures,
)
from helpers.reports.finans.tables import (  # noqa: F401
    DATATYPE_NAVN,
    balance_table,
    bridge_table,
    finance_table,
    frames_table,
    free_income_table,
    ks_display_table,
    measures_table,
    sensitivity_params_table,
    sensitivity_table,
)
from helpers.reports.finans.text import (  # noqa: F401
    balance_warnings,
    commentary,
    data_notes,
    growth_note,
    key_facts,
    maintainer_notes,
    price_basis_text,
    summary_text,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=("okonomiplan", "finans_rammer", "handlingsregler"),
    bruker=(
        "finans_inntektsprognose",
        "finans_rammeendringer",
        "finans_driftsbudsjett",
        "finans_forutsetninger",
        "kostra",
        "folketall",
    ),
)
