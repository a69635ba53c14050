"""The klima report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.klima.analysis import (  # noqa: F401
    METODE_NAVN,
    TYPE_NAVN,
    Analysis,
    analyse,
    make_method,
    measures_all_zero,
    measures_description,
    measures_display,
    measures_print,
    missing_data,
    path_assumptions,
)
from helpers.reports.klima.charts import (  # noqa: F401
    BANE_ORDER,
    chart_comparison,
    chart_measures_by_year,
    chart_paths,
    chart_sectors,
)
from helpers.reports.klima.emissions import (  # noqa: F401
    BANE_HISTORIE,
    BANE_MAL,
    BANE_REFERANSE,
    BANE_TILTAK,
    RAPPORT,
    REFERENCE_METHODS,
    UNIT,
    budget_for_year,
    budget_years,
    comparison_table,
    long_term_by_type,
    measure_counts,
    measure_table,
    measures_effect,
    per_capita,
    plan_years_covered,
    quantified,
    reductions_by_sector,
    reductions_by_year,
    sector_emissions,
    sector_table,
    select_measures,
    source_table,
    total_emissions,
    total_mismatches,
    years,
)
from helpers.reports.klima.keys import (  # noqa: F401
    key_figures,
    report_key_figures,
)
from helpers.reports.klima.paths import (  # noqa: F401
    Gap,
    ReferenceMethod,
    baseline,
    emission_paths,
    reduction_target,
    reference_path,
    target_gap,
    target_path,
)
from helpers.reports.klima.tables import (  # noqa: F401
    MAL_TYPE_NAVN,
    UNIT_LABEL,
    by_sector_display,
    by_year_display,
    comparison_display,
    comparison_share_display,
    counts_display,
    gap_display,
    sector_display,
    source_display,
    targets_table,
)
from helpers.reports.klima.text import (  # noqa: F401
    commentary,
    emission_share_pst,
    keyfacts,
    maintainer_notes,
    tonnes_with_share,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=("klima_utslipp", "klima_tiltak", "klima_tiltak_reduksjon", "klima_mal"),
    kommunens=("klima_utslipp",),
    bruker=("folketall",),
)
