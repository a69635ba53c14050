"""The oppstillinger report (the statutory budget statements): the entry point its
notebook calls. Re-exports the report's parts (see :mod:`helpers.reports`)."""

from helpers.data.inputs import ReportInputs
from helpers.model.statements import (  # noqa: F401
    P_5_4_1,
    P_5_4_2,
    P_5_5_1,
    P_5_5_2,
    P_5_7,
    P_AVST,
)
from helpers.model.statements_art import PARAGRAF as P_5_6  # noqa: F401
from helpers.reports.common_text import SIGN_TEXT_5_6  # noqa: F401
from helpers.reports.oppstillinger.analysis import Analysis, analyse  # noqa: F401
from helpers.reports.oppstillinger.keys import NOKLER, RAPPORT, key_figures  # noqa: F401
from helpers.reports.oppstillinger.tables import (  # noqa: F401
    art_table,
    projects_frame,
    projects_table,
    rammer_frame,
    rammer_table,
    reconciliation_frame,
    reconciliation_table,
    statement_frame,
    statement_table,
)
from helpers.reports.oppstillinger.text import (  # noqa: F401
    SIGN_TEXT,
    SIGN_TEXT_5_5,
    SIGN_TEXT_5_7,
    SIGN_TEXT_PROSJEKTER,
    SIGN_TEXT_RAMMER,
    art_notes,
    art_sources_text,
    debt_text,
    incomplete,
    intro,
    keyfacts,
    maintainer_notes,
    no_data_text,
    notes_markdown,
    rammer_text,
    reconciliation_text,
    summary_text,
    unreconciled_warnings,
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
    bruker=(
        "investering_finansiering",
        "investering_summer",
        "investering_forutsetninger",
        "finans_driftsbudsjett",
        "budsjett",
        "regnskap",
        "kontoplan_art_5_6",
    ),
)
