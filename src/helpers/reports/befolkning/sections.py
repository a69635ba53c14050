"""What each section of the befolkning notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Keyfacts, Maintainer, Notice, notices
from helpers.presentation.table import Table
from helpers.reports.befolkning import charts, tables, text
from helpers.reports.befolkning.analysis import (
    Analysis,
    commentary_checks,
    missing_data,
    ratio_mismatch,
)


def period(a: Analysis) -> str:
    """The projection period for the running header ('' without a projection)."""
    return f"{a.start}–{a.end}" if a.start else ""


def summary(a: Analysis) -> list:
    """Key facts, commentary, what is missing, and which parameters choose the period."""
    return [Keyfacts(text.keyfacts(a)), text.commentary(a), notices(missing_data(a)),
            Maintainer("Perioden og aldersgruppene velges med parameterne `framskriving_fra`, "
                       "`framskriving_til`, `arbeidsfor_alder` og `eldre`; "
                       "framskrivingsalternativet med `alternativ`.")]


def components(a: Analysis) -> list:
    """Population change by cause: chart and table."""
    if a.history is None:
        return [Notice("Befolkningsendringene etter årsak er ikke med i grunnlaget.")]
    return [charts.chart_components(a),
            tables.history_display(a)]


def checks(a: Analysis) -> list:
    """How well components and totals agree, and the years where they do not."""
    if a.history is None:
        return []
    return [commentary_checks(a),
            None if a.checks.empty else
            tables.checks_display(a)]


def population(a: Analysis) -> list:
    return [] if a.series.empty else [charts.chart_population(a)]


def projection(a: Analysis) -> Table | Notice:
    if a.wide is None:
        return Notice("Befolkningsframskrivningen er ikke med i grunnlaget.")
    return tables.projection_display(a)


def age_index(a: Analysis) -> list:
    if a.wide is None:
        return []
    return [charts.chart_age_index(a),
            tables.index_display(a)]


def service_groups(a: Analysis) -> list:
    if a.wide is None:
        return []
    return [tables.service_groups_display(a), charts.chart_service_groups(a)]


def ratio(a: Analysis) -> list:
    """Aldersbæreevne: commentary, chart, table, and the check against published figures."""
    if a.ratio is None:
        return [Notice("Aldersbæreevnen regnes ut fra framskrivningen, som mangler for kommunen.")]
    out = [text.commentary_ratio(a), charts.chart_ratio(a),
           tables.ratio_display(a)]
    if not a.ratio_comparison.empty:
        out.append(tables.ratio_comparison_display(a))
        if ratio_mismatch(a):
            out.append(Notice(ratio_mismatch(a), "warning"))
    return out


def cost(a: Analysis) -> list:
    """Demographic cost, or why it is missing when there is a projection."""
    if a.cost is not None:
        return [text.commentary_cost(a), charts.chart_cost(a),
                tables.cost_display(a)]
    if a.wide is not None:
        return [Notice(text.cost_missing_text(a))]
    return []
