"""What each section of the oversikt notebook shows, in order: text, tables with their
source lines, charts and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Notice, maintainer_notes, notices
from helpers.reports.oversikt import charts, tables, text
from helpers.reports.oversikt.analysis import Analysis


def period(a: Analysis) -> str:
    """The KOSTRA years shown, for the running header ('' without any)."""
    if not a.years:
        return ""
    first, last = a.years[0], a.years[-1]
    return f"KOSTRA {first}–{last}" if first != last else f"KOSTRA {last}"


def summary(a: Analysis) -> list:
    return [text.summary(a), notices(text.missing_notes(a)),
            maintainer_notes(text.maintainer_notes(a))]


def indicator(a: Analysis, ind: str) -> list:
    """The small multiples and the table of one indicator."""
    chart = charts.chart_panels(a, ind)
    missing = Notice(f"Ingen KOSTRA-tall for {text.INDICATOR_NAVN[ind].lower()} i "
                     "grunnlaget for disse kommunene.")
    return [chart if chart is not None else missing, tables.indicator_table(a, ind)]


def screen(a: Analysis) -> list:
    return [text.screen_basis(a), tables.screen_table(a)]
