"""What each section of the finans notebook shows, in order: tables with their captions,
charts, text and the notices for missing data. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Keyfacts, Notice, maintainer_notes, notices
from helpers.presentation.table import Table
from helpers.reports.finans import charts, tables, text
from helpers.reports.finans.analysis import Analysis, waterfall


def summary(a: Analysis) -> list:
    """Key facts, breaches of the budget balance, the summary and what is missing."""
    return [Keyfacts(text.key_facts(a)), notices(text.balance_warnings(a), "warning"),
            text.summary_text(a), notices(a.missing), maintainer_notes(text.maintainer_notes(a))]


def free_income(a: Analysis) -> list:
    t = tables.free_income_table(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_free_income(a), text.growth_note(a)]


def ks_forecast(a: Analysis) -> Table:
    return tables.ks_display_table(a)


def finance(a: Analysis) -> list:
    t = tables.finance_table(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_finance(a), charts.chart_finance_share(a)]


def sensitivity(a: Analysis) -> list:
    t = tables.sensitivity_params_table(a)
    if t.is_empty:
        return [t]
    return [t, tables.sensitivity_table(a), charts.chart_sensitivity(a)]


def balance(a: Analysis) -> list:
    return [tables.balance_table(a), notices(text.balance_warnings(a), "warning")]


def frames(a: Analysis) -> list:
    t = tables.frames_table(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_frame_change(a)]


def bridge(a: Analysis) -> list:
    chart = waterfall(a.bridge)
    if chart is None:
        return [Notice("Ingen rammeoversikt for budsjettåret i dataene.")]
    return [chart, tables.bridge_table(a)]


def measures(a: Analysis) -> Table:
    return tables.measures_table(a)


def data_notes(a: Analysis) -> str:
    """The data notes as a Markdown list, or that there is nothing beyond rounding."""
    notes = text.data_notes(a)
    if notes:
        return "\n".join(f"- {n}" for n in notes)
    return "Ingen avvik utover avrunding."
