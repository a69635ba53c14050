"""What each section of the finans notebook shows, in order: tables with their captions,
charts, text and the notices for missing data. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Keyfacts, Notice, maintainer_notes, notices
from helpers.presentation.table import Table
from helpers.reports.finans import charts, tables, text
from helpers.reports.finans.analysis import Analysis, balance_status_class, waterfall


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
    return Table(tables.ks_display_table(a), caption="KS-prognose (1000 kr)",
                 empty="Ingen KS-prognose i dataene.")


def finance(a: Analysis) -> list:
    t = tables.finance_table(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_finance(a), charts.chart_finance_share(a)]


def sensitivity(a: Analysis) -> list:
    t = Table(tables.sensitivity_params_table(a), caption="Forutsetninger for rentefølsomheten",
              text_columns=["Størrelse", "Verdi", "Kilde"],
              empty="Rentefølsomheten kan ikke regnes ut uten gjeld.")
    if t.is_empty:
        return [t]
    return [t, Table(tables.sensitivity_table(a), caption="Endring i årlige renteutgifter"),
            charts.chart_sensitivity(a)]


def balance(a: Analysis) -> list:
    return [Table(tables.balance_table(a), caption="Sum av rammeområdene og Finans per år",
                  css_classes={"Status": balance_status_class},
                  empty="Ingen rammer å kontrollere."),
            notices(text.balance_warnings(a), "warning")]


def frames(a: Analysis) -> list:
    t = Table(tables.frames_table(a), caption="Netto rammer (1000 kr)", sum_row=True,
              empty="Ingen rammer å vise.")
    if t.is_empty:
        return [t]
    return [t, charts.chart_frame_change(a)]


def bridge(a: Analysis) -> list:
    chart = waterfall(a.bridge)
    if chart is None:
        return [Notice("Ingen rammeoversikt for budsjettåret i dataene.")]
    return [chart, Table(tables.bridge_table(a),
                         caption=f"Rammeendringer {a.budsjettaar} per rammeområde (1000 kr)")]


def measures(a: Analysis) -> Table:
    return Table(tables.measures_table(a), caption=f"De største tiltakene i {a.budsjettaar}",
                 empty="Ingen navngitte tiltak i dataene for budsjettåret.")


def data_notes(a: Analysis) -> str:
    """The data notes as a Markdown list, or that there is nothing beyond rounding."""
    notes = text.data_notes(a)
    if notes:
        return "\n".join(f"- {n}" for n in notes)
    return "Ingen avvik utover avrunding."
