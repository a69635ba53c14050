"""The tertial report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.tertial.analysis import (  # noqa: F401
    BELOW_RESULT,
    CENTRAL,
    EXAMPLE_MARK,
    FINANCE,
    FUND_ARTS,
    KEY_NAMES,
    MONTHS,
    TOTAL,
    Tertial,
    TertialError,
    analyse,
    comments,
    forecast_history,
    frame_table,
    group_table,
    in_ranges,
    is_example,
    line_table,
    month_shares,
    periodise,
    result_effect,
    to_1000kr,
)
from helpers.reports.tertial.charts import (  # noqa: F401
    chart_deviation,
    chart_history,
)
from helpers.reports.tertial.keys import (  # noqa: F401
    report_key_figures,
)
from helpers.reports.tertial.tables import (  # noqa: F401
    finance_table,
    frames_to_date_table,
    frames_year_table,
    history_table,
    income_table,
    projects_table,
)
from helpers.reports.tertial.text import (  # noqa: F401
    central_areas,
    example_notice,
    key_facts,
    rules_text,
    summary,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    "tertial",
    trenger=(
        "regnskap",
        "budsjett",
        "ansvar_rammeomrade",
        "periodisering",
        "prognose",
        "finans_rammer",
        "handlingsregler",
    ),
    kommunens=("regnskap", "budsjett"),
    bruker=("investering_status", "kontoplan_art_5_6"),
)
