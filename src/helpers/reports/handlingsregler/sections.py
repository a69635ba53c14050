"""What each section of the handlingsregler notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Notice, maintainer_notes, notices
from helpers.presentation.formatting import fmt_years
from helpers.presentation.report import status_class
from helpers.presentation.table import Table
from helpers.reports.handlingsregler import charts, tables, text
from helpers.reports.handlingsregler.analysis import (
    SET_ASIDE_BASIS,
    Analysis,
    missing_data,
    premieavvik_missing,
    source_remarks,
    status_overview,
)


def summary(a: Analysis) -> list:
    """Commentary, the basis for brutto driftsinntekter, and what is missing."""
    return [text.commentary(a), text.bdi_basis_text(a), notices(missing_data(a)),
            maintainer_notes(text.maintainer_notes(a))]


def rules(a: Analysis) -> Table:
    return Table(tables.rules_table(a),
                 text_columns=["Regel", "Krav", "Målt mot", "Status", "Innhold"],
                 caption="Handlingsreglene med krav og status")


def status(a: Analysis) -> Table:
    return Table(status_overview(a), css_classes={"Oppfylt": status_class},
                 caption=f"Status per regel og år {fmt_years(a.status['aar'])}")


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
    return Table(tables.premieavvik_table(a), caption="Disposisjonsfond fratrukket premieavvik "
                 f"{fmt_years(a.premieavvik['aar'])}")


_PEERS = {
    "disposisjonsfond_pst": "Disposisjonsfond i % av brutto driftsinntekter (KOSTRA)",
    "netto_lanegjeld_pst": "Netto lånegjeld i % av brutto driftsinntekter (KOSTRA)",
}


def peers(a: Analysis, indicator: str) -> Table:
    """The municipality beside its peers for a KOSTRA indicator."""
    return Table(tables.peer_table(a, indicator), caption=_PEERS[indicator])


def debt_chart(a: Analysis):
    """Net debt beside the peers, or that the data have no KOSTRA figures for it."""
    chart = charts.chart_peers(a, "netto_lanegjeld",
                               "Netto lånegjeld i % av brutto driftsinntekter")
    if chart is None:
        return Notice("Ingen KOSTRA-tall for netto lånegjeld i dataene.")
    return chart


def set_aside(a: Analysis) -> list:
    t = Table(tables.set_aside_table(a), css_classes={"Oppfylt": status_class},
              caption=f"Avsetning til disposisjonsfond mot kravet {fmt_years(a.set_aside['aar'])}",
              empty="Budsjett- og økonomiplantallene for kommunen er ikke med i grunnlaget.")
    if t.is_empty:
        return [t]
    return [t, charts.chart_set_aside(a), SET_ASIDE_BASIS]


def robek(a: Analysis) -> Table:
    return Table(tables.robek_table(a), text_columns=["Tegn", "Status", "Forklaring"],
                 css_classes={"Status": status_class},
                 caption=f"Varsellamper for ROBEK {fmt_years(a.robek['aar'])}")
