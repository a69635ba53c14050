"""What each section of the klimabudsjett notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from dataclasses import replace

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
    measures_all_zero,
    measures_description,
    measures_print,
    missing_data,
    path_assumptions,
)


def summary(a: Analysis) -> list:
    """Key facts, commentary, and what is missing."""
    return [Keyfacts(text.keyfacts(a)), text.commentary(a), notices(missing_data(a)),
            maintainer_notes(text.maintainer_notes(a))]


def targets(a: Analysis) -> Table:
    return tables.targets_table(a)


def sectors(a: Analysis) -> list:
    t = tables.sector_display(a)
    return [t] if t.is_empty else [t, charts.chart_sectors(a)]


def sources(a: Analysis) -> Table:
    """Emissions by source; nothing when the data have none."""
    return tables.source_display(a)


def comparison(a: Analysis) -> list:
    t = tables.comparison_display(a)
    if t.is_empty:
        return [t]
    return [t, charts.chart_comparison(a), charts.chart_comparison(a, per_innbygger=True)]


def comparison_share(a: Analysis) -> Table:
    return tables.comparison_share_display(a)


def counts(a: Analysis) -> Table | Notice:
    if not a.has_measures:
        return Notice(f"Grunnlaget har ingen klimatiltak for {a.kommune.navn}.")
    return tables.counts_display(a)


_NO_MEASURES = {"direkte": "Ingen tiltak for direkte utslipp i dataene.",
                "indirekte": "Ingen tiltak for indirekte utslipp i dataene."}


def measures(a: Analysis, typ: str) -> Notice | ScreenAndPrint:
    """One type's measures: the whole table on screen; in print the rows with numbers and
    a sentence naming the rest."""
    full = tables.measures_table(a, typ)
    if full.is_empty:
        return Notice(_NO_MEASURES[typ])
    _, zero_rows = measures_print(a, typ)
    zero = measures_all_zero(a, typ).to_numpy()
    shown = replace(full, frame=full.frame[~zero].reset_index(drop=True))
    return ScreenAndPrint(screen=[full], printed=[None if shown.is_empty else shown, zero_rows])


def reductions(a: Analysis) -> list:
    if not a.has_measures:
        return [Notice("Ingen tiltak å summere.")]
    return [tables.by_year_display(a), charts.chart_measures_by_year(a),
            tables.by_sector_display(a)]


def descriptions(a: Analysis) -> Table:
    tbl = measures_description(a)
    return Table(tbl, text_columns=list(tbl.columns), caption="Klimatiltakene med beskrivelse",
                 empty="Ingen tiltak med beskrivelse i dataene.")


def paths(a: Analysis) -> list:
    """The emission paths; in words instead when the lines would lie on top of each other
    (one year of emissions and measures too small to see)."""
    flat = text.flat_paths_text(a)
    chart = None if flat else charts.chart_paths(a)
    return [flat or (chart if chart is not None else
                     Notice("Det finnes ingen utslippstall å tegne banene fra.")),
            "*Forutsetninger:* " + path_assumptions(a, drawn=not flat)]


def gap(a: Analysis) -> list:
    """The gap arithmetic with only the lines that have a figure; what the data do not
    allow is said once, in words, under it (not as rows of «–»)."""
    t = tables.gap_display(a)
    if t.is_empty:
        return [t]
    known = t.frame.iloc[:, 1].notna().to_numpy()
    keep = [i for i, k in enumerate(known) if k]
    shown = replace(t, frame=t.frame[known].reset_index(drop=True),
                    row_formats={n: t.row_formats[i] for n, i in enumerate(keep)
                                 if i in t.row_formats})
    return [shown, notices(a.gap.mangler)]
