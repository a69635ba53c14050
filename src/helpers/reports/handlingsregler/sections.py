"""What each section of the handlingsregler notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Notice, maintainer_notes, notices
from helpers.presentation.table import Table
from helpers.reports.handlingsregler import charts, tables, text
from helpers.reports.handlingsregler.analysis import (
    Analysis,
    missing_data,
    premieavvik_missing,
    set_aside_basis,
    source_remarks,
)


def summary(a: Analysis) -> list:
    """Commentary, the basis for brutto driftsinntekter, and what is missing."""
    return [text.commentary(a), text.bdi_basis_text(a), notices(missing_data(a)),
            maintainer_notes(text.maintainer_notes(a))]


def rules(a: Analysis) -> Table:
    return tables.rules_table(a)


def status(a: Analysis) -> Table:
    return tables.status_display(a)


_SERIES = {
    "netto_driftsresultat": ("Netto driftsresultat i % av brutto driftsinntekter",
                             "Ingen tall for netto driftsresultat i dataene."),
    "disposisjonsfond": ("Disposisjonsfond i % av brutto driftsinntekter",
                         "Ingen tall for disposisjonsfond i dataene."),
}


def series(a: Analysis, measure: str) -> list:
    """A rule's measure over the years (``netto_driftsresultat`` or ``disposisjonsfond``),
    and what the source says about it."""
    title, missing = _SERIES[measure]
    chart = charts.chart_series(a, measure, title)
    return [chart if chart is not None else Notice(missing),
            notices(source_remarks(a, f"{measure}_pst"), "note")]


def premieavvik(a: Analysis) -> Table | Notice:
    if a.premieavvik.empty:
        return Notice(premieavvik_missing())
    return tables.premieavvik_table(a)


def peers(a: Analysis, indicator: str) -> Table:
    """The municipality beside its peers for a KOSTRA indicator."""
    return tables.peer_table(a, indicator)


def debt_chart(a: Analysis):
    """Net debt beside the peers, or that the data have no KOSTRA figures for it."""
    chart = charts.chart_peers(a, "netto_lanegjeld",
                               "Netto lånegjeld i % av brutto driftsinntekter")
    if chart is None:
        return Notice("Ingen KOSTRA-tall for netto lånegjeld i dataene.")
    return chart


def set_aside(a: Analysis) -> list:
    t = tables.set_aside_table(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_set_aside(a), set_aside_basis(a)]


def robek(a: Analysis) -> Table:
    return tables.robek_table(a)
