"""The handlingsregler report: the entry point its notebook calls.

Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.model.economy import (  # noqa: F401
    status_table,
)
from helpers.model.rules import (  # noqa: F401
    DATATYPE_NAVN,
    PLAN_DATATYPES,
    Rule,
    brutto_driftsinntekter,
    budget_lines,
    debt_rule_of_thumb,
    disposisjonsfond_net_of_premieavvik,
    frie_inntekter,
    indicator_series,
    peer_values,
    premieavvik_rule,
    robek_signals,
    rules_for,
    rules_source,
    set_aside_rule,
)
from helpers.reports.handlingsregler.analysis import (  # noqa: F401
    REGEL_NAVN,
    SET_ASIDE_BASIS,
    Analysis,
    analyse,
    missing_data,
    premieavvik_missing,
    set_aside_basis,
    source_remarks,
    status_overview,
)
from helpers.reports.handlingsregler.charts import (  # noqa: F401
    chart_peers,
    chart_series,
    chart_set_aside,
    series_frame,
)
from helpers.reports.handlingsregler.keys import (  # noqa: F401
    RAPPORT,
    key_figures,
    rule_key_figures,
)
from helpers.reports.handlingsregler.tables import (  # noqa: F401
    MAALT_MOT,
    STATUS_NAVN,
    peer_frame,
    peer_table,
    premieavvik_table,
    robek_table,
    rule_wording,
    rules_table,
    set_aside_table,
)
from helpers.reports.handlingsregler.text import (  # noqa: F401
    bdi_basis_text,
    commentary,
    maintainer_notes,
    rule_of_thumb_text,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs).
INPUTS = ReportInputs(
    RAPPORT,
    trenger=("kostra", "okonomiplan", "plan_indikatorer", "handlingsregler"),
    kommunens=("kostra",),
    bruker=("folketall", "premieavvik", "kildemerknader", "finans_driftsbudsjett"),
)
