"""What each section of the investering notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call (or :func:`report.table`) and has no
branches."""

from __future__ import annotations

from helpers.model.debt import Result
from helpers.presentation.blocks import Keyfacts, Maintainer, Notice, maintainer_notes, notices
from helpers.presentation.table import Table
from helpers.reports.investering import charts, tables, text
from helpers.reports.investering.analysis import Analysis


def summary(a: Analysis) -> list:
    """Key facts, the summary and the maintainer's notes."""
    return [Keyfacts(text.keyfacts(a)), text.summary_text(a),
            maintainer_notes(text.maintainer_notes(a))]


def investments(a: Analysis) -> Table:
    return tables.summary_display(a)


def financing(r: Result) -> Table:
    return tables.financing_display(r)


def debt(r: Result) -> Table:
    return tables.debt_display(r)


def debt_ratio(a: Analysis) -> list:
    chart = charts.chart_debt_ratio(a)
    if chart is not None:
        return [chart]
    return [Notice("Netto lånegjeld i prosent av brutto driftsinntekter kan ikke vises: "
                   "brutto driftsinntekter er ikke med i grunnlaget."),
            Maintainer("Brutto driftsinntekter trenger KOSTRA-indikatoren "
                       "`brutto_driftsinntekter_per_innb` i `data/kostra.csv` og folketall i "
                       "`data/folketall.csv`.")]


def capital_cost(r: Result) -> Table:
    return tables.capital_cost_display(r)


def repayment(r: Result) -> Table:
    return tables.repayment_display(r)


def scenario(a: Analysis) -> list:
    if a.scenario is None:
        return [Notice("Ingen prosjekter er valgt for scenarioet i denne utgaven av rapporten.",
                       "note")]
    return [text.scenario_text(a),
            tables.changes_display(a),
            tables.compare_display(a),
            charts.chart_scenario(a),
            charts.chart_programme(a, a.scenario.plan, "Investeringer per år i scenarioet")]


def data_notes(a: Analysis) -> list:
    return notices(text.data_notes(a))
