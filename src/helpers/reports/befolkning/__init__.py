"""The befolkning report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.befolkning.analysis import (  # noqa: F401
    Analysis,
    analyse,
    commentary_checks,
    intro_line,
    missing_data,
    projection_caption,
    ratio_mismatch,
)
from helpers.reports.befolkning.charts import (  # noqa: F401
    chart_age_index,
    chart_components,
    chart_cost,
    chart_population,
    chart_ratio,
    chart_service_groups,
    population_axis,
)
from helpers.reports.befolkning.keys import (  # noqa: F401
    analysis_key_figures,
    key_figures,
)
from helpers.reports.befolkning.population import (  # noqa: F401
    ALTERNATIV_NAVN,
    DEFAULT_ELDERLY,
    DEFAULT_WORKING_AGE,
    HISTORY_LABELS,
    RAPPORT,
    SERVICE_GROUPS,
    TOTAL,
    CostPressure,
    age_group_label,
    age_groups,
    aldersbaereevne,
    aldersbaereevne_comparison,
    demographic_cost,
    full_years,
    growth_index,
    history_checks,
    history_table,
    period_label,
    population_series,
    projection_base_check,
    projection_checks,
    projection_long,
    projection_wide,
    with_total,
)
from helpers.reports.befolkning.tables import (  # noqa: F401
    checks_display,
    cost_display,
    history_display,
    index_display,
    precision_words,
    projection_display,
    ratio_comparison_display,
    ratio_display,
    ratio_frame,
    service_groups_display,
    service_groups_frame,
)
from helpers.reports.befolkning.text import (  # noqa: F401
    commentary,
    commentary_cost,
    commentary_history,
    commentary_projection,
    commentary_ratio,
    cost_missing_text,
    keyfacts,
    rounding_interval,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=("befolkning_endringer", "befolkning_framskrivning"),
    bruker=("folketall", "befolkning_aldersbaereevne", "befolkning_kostnad_aldersgruppe"),
)
