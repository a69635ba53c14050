"""What each section of the klimabudsjett notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import (
    Keyfacts,
    Notice,
    ScreenAndPrint,
    maintainer_notes,
    notices,
)
from helpers.presentation.table import Table
from helpers.reports.klima import charts, tables, text
from helpers.reports.klima.analysis import (
    Analysis,
    measures_description,
    measures_display,
    measures_print,
    missing_data,
    path_assumptions,
)

MEASURES_CAPTION = "Kostnad i 1000 kr; reduksjon i tonn CO2-ekv. per år"


def summary(a: Analysis) -> list:
    """Key facts, commentary, and what is missing."""
    return [Keyfacts(text.keyfacts(a)), text.commentary(a), notices(missing_data(a)),
            maintainer_notes(text.maintainer_notes(a))]


def targets(a: Analysis) -> Table:
    tbl = tables.targets_table(a)
    return Table(tbl, text_columns=list(tbl.columns),
                 caption=f"Klimamålene for {a.kommune.navn}",
                 empty=f"Grunnlaget har ingen klimamål for {a.kommune.navn}.")


def sectors(a: Analysis) -> list:
    t = Table(tables.sector_display(a), sum_row=True, text_columns=["Sektor"],
              caption=f"Utslipp i {a.kommune.navn} {a.emission_year}",
              empty=f"Grunnlaget har ingen utslippstall for {a.kommune.navn}.")
    return [t] if t.is_empty else [t, charts.chart_sectors(a)]


def sources(a: Analysis) -> Table:
    """Emissions by source; nothing when the data have none."""
    return Table(tables.source_display(a), text_columns=["Sektor", "Utslippskilde"],
                 caption="Utslipp fordelt på utslippskilde")


def comparison(a: Analysis) -> list:
    t = Table(tables.comparison_display(a), text_columns=["Sektor"],
              caption=f"Utslipp etter sektor {a.emission_year} (tonn CO2-ekv.); siste rad er "
                      "utslipp per innbygger der folketallet er kjent",
              empty="Ingen utslippstall å sammenligne.")
    if t.is_empty:
        return [t]
    return [t, charts.chart_comparison(a), charts.chart_comparison(a, per_innbygger=True)]


def comparison_share(a: Analysis) -> Table:
    return Table(tables.comparison_share_display(a), text_columns=["Sektor"],
                 caption="Sektorenes andel av utslippene")


def counts(a: Analysis) -> Table | Notice:
    if not a.has_measures:
        return Notice(f"Grunnlaget har ingen klimatiltak for {a.kommune.navn}.")
    return Table(tables.counts_display(a), sum_row=True, text_columns=["Type"],
                 caption="Tiltak med og uten beregnet utslippseffekt, klimabudsjettet for "
                         f"{a.measure_budget_year}")


_NO_MEASURES = {"direkte": "Ingen tiltak for direkte utslipp i dataene.",
                "indirekte": "Ingen tiltak for indirekte utslipp i dataene."}


def measures(a: Analysis, typ: str) -> Notice | ScreenAndPrint:
    """One type's measures: the whole table on screen; in print the rows with numbers and
    a sentence naming the rest."""
    tbl = measures_display(a, typ)
    if tbl.empty:
        return Notice(_NO_MEASURES[typ])
    shown, zero_rows = measures_print(a, typ)
    cols = ["Tiltak", "Sektor"]
    return ScreenAndPrint(
        screen=[Table(tbl, text_columns=cols, caption=MEASURES_CAPTION)],
        printed=[None if shown.empty else Table(shown, text_columns=cols,
                                                 caption=MEASURES_CAPTION), zero_rows])


def reductions(a: Analysis) -> list:
    if not a.has_measures:
        return [Notice("Ingen tiltak å summere.")]
    return [Table(tables.by_year_display(a), text_columns=["År"],
                  caption="Beregnet reduksjon per år (tonn CO2-ekv.)"),
            charts.chart_measures_by_year(a),
            Table(tables.by_sector_display(a), text_columns=["Sektor"],
                  caption="Tiltak og reduksjon per sektor (tonn CO2-ekv.)")]


def descriptions(a: Analysis) -> Table:
    tbl = measures_description(a)
    return Table(tbl, text_columns=list(tbl.columns), caption="Klimatiltakene med beskrivelse",
                 empty="Ingen tiltak med beskrivelse i dataene.")


def paths(a: Analysis) -> list:
    chart = charts.chart_paths(a)
    return [chart if chart is not None else
            Notice("Det finnes ingen utslippstall å tegne banene fra."),
            "*Forutsetninger:* " + path_assumptions(a)]


def gap(a: Analysis) -> list:
    t = Table(tables.gap_display(a), text_columns=["Post"],
              caption=f"Gapet mot klimamålet for {a.gap.maalaar}",
              empty=f"{a.kommune.navn} har ikke noe mål med basisår og prosentvis kutt i "
                    "grunnlaget, så gapet kan ikke regnes ut.")
    return [t] if t.is_empty else [t, notices(a.gap.mangler)]
