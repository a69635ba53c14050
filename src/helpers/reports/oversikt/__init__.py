"""The oversikt report: a set of municipalities (``gruppe.csv``) side by side on the
indicators behind the handlingsregler, with a screen for ROBEK risk and weak buffers. The
entry point its notebook calls; re-exports the report's parts (see
:mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.reports.oversikt import sections  # noqa: F401
from helpers.reports.oversikt.analysis import (  # noqa: F401
    INDICATORS,
    MERFORBRUK_GRENSE_PST,
    NORMS,
    SVAK_BUFFER_PST,
    Analysis,
    analyse,
    buffer_status,
    deficit_status,
    indicator_frame,
    members_of,
)
from helpers.reports.oversikt.charts import chart_panels, panels_frame  # noqa: F401
from helpers.reports.oversikt.keys import RAPPORT, key_figures  # noqa: F401
from helpers.reports.oversikt.tables import indicator_table, screen_table  # noqa: F401
from helpers.reports.oversikt.text import (  # noqa: F401
    INDICATOR_NAVN,
    screen_basis,
    source_line,
    summary,
)

# The data files the report reads (see helpers.data.inputs.ReportInputs): the group and
# the KOSTRA figures of its municipalities.
INPUTS = ReportInputs(RAPPORT, trenger=("gruppe", "kostra"), bruker=("folketall",))
