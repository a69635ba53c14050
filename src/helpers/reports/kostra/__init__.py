"""The kostra report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.kostra.analysis import (  # noqa: F401
    CORRECTED,
    INDEX,
    MEAN_LABEL,
    REF_GROUP,
    REF_MEAN,
    TOTAL,
    UNCORRECTED,
    Comparison,
    KostraError,
    Reference,
    compare,
    correct_for_utgiftsbehov,
    corrected_expenditure,
    correction_words,
    differences,
    expenditure_table,
    population,
    ranks,
    reference_values,
    remark_lines,
    remarks,
    resolve_reference,
    summary_facts,
    title_line,
    uncorrected_expenditure,
)
from helpers.reports.kostra.charts import (  # noqa: F401
    difference_chart,
    expenditure_chart,
)
from helpers.reports.kostra.keys import (  # noqa: F401
    RAPPORT,
    key_figures,
)
from helpers.reports.kostra.tables import (  # noqa: F401
    correction_table,
    difference_display,
    expenditure_display,
    key_figure_table,
    key_table_display,
    rank_display,
    rank_table,
    reference_label,
)
from helpers.reports.kostra.text import (  # noqa: F401
    commentary,
    correction_text,
    difference_intro,
    intro_text,
    key_table_notes,
    missing_correction_notice,
    rank_text,
    remark_sentence,
    sources_text,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=("kostra",),
    kommunens=("kostra",),
    bruker=(
        "kostra_utgiftsbehov",
        "folketall",
        "kostra_indikatorer",
        "kostra_tjenesteomrader",
        "kostra_merknader",
    ),
)
