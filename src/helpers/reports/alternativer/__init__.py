"""The alternativer report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.alternativer.analysis import (  # noqa: F401
    MAX_BYTES,
    MEASURES,
    PLAN_NAME,
    RULE_OF,
    Alternative,
    AlternativeError,
    Analysis,
    Change,
    alternative_files,
    analyse,
    compute,
    frie_inntekter_change,
    known_names,
    plan_balance,
    read_alternative,
    rule_status,
)
from helpers.reports.alternativer.charts import (  # noqa: F401
    MEASURE_NAMES,
    chart_measure,
)
from helpers.reports.alternativer.keys import (  # noqa: F401
    RAPPORT,
    key_figures,
)
from helpers.reports.alternativer.tables import (  # noqa: F401
    ROWS,
    alternative_table,
    changes_table,
    comparison_table,
)
from helpers.reports.alternativer.text import (  # noqa: F401
    assumptions_text,
    balance_warnings,
    balanced,
    intro,
    summary,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=(
        "okonomiplan",
        "finans_rammer",
        "investering_prosjekter",
        "investering",
        "kostra",
        "folketall",
        "plan_indikatorer",
        "handlingsregler",
    ),
    kommunens=("investering_prosjekter", "okonomiplan"),
    bruker=("finans_driftsbudsjett",),
)
