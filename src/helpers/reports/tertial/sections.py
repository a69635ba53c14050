"""What each section of the tertial notebook shows, in order: tables with their captions,
charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Keyfacts, Notice, maintainer_notes, notices
from helpers.presentation.table import Table
from helpers.reports.tertial import charts, statements, tables, text
from helpers.reports.tertial.analysis import Tertial, comments


def period(t: Tertial) -> str:
    """The period for the running header (an example build is marked by the pack)."""
    return t.period_text


def title(t: Tertial) -> list:
    """Title and introduction, and the warning when the figures are invented."""
    return [f"# Tertialrapport {t.period_text} – {t.kommune.visningsnavn}"
            + (" (eksempeldata)" if t.example else "") + "\n\n"
            f"Driftsregnskapet per {t.date_text} mot periodisert budsjett, årsprognosen per "
            "rammeområde og hva den betyr for netto driftsresultat og disposisjonsfond, "
            "sentrale inntekter og finansposter, og investeringsprosjektene. Beløp i 1000 kr "
            "der ikke annet står.",
            Notice(text.example_notice(t), "warning") if t.example else None]


def summary(t: Tertial) -> list:
    return [Keyfacts(text.key_facts(t)), text.summary(t), notices(t.notes)]


def frames_to_date(t: Tertial) -> list:
    return [tables.frames_to_date_table(t), charts.chart_deviation(t)]


def frames_year(t: Tertial) -> list:
    """The year's budget with the forecast (or, at year-end, the accounts), and the
    rammeområder's comments."""
    final = t.tertial == 3
    if final:
        intro = "Årsbudsjettet og årets regnskap. Avviket er regnskap minus revidert budsjett."
    else:
        intro = ("Årsbudsjettet og prognosen for året. Prognosen er rammeområdenes eget anslag "
                 "for avviket fra revidert budsjett ved årsslutt; positivt tall er merforbruk.")
    lines = comments(t)
    return [intro,
            tables.frames_year_table(t),
            "**Rammeområdenes kommentarer**\n\n" + "\n".join(f"- {x}" for x in lines)
            if lines else None]


def income(t: Tertial) -> Table:
    return tables.income_table(t)


def finance(t: Tertial) -> list:
    return ["Finansposter hittil i år som i regnskapet: utgifter positive og inntekter negative, "
            "så et positivt avvik betyr høyere netto finansutgifter enn budsjettert.",
            tables.finance_table(t)]


def projects(t: Tertial) -> Table:
    return tables.projects_table(t)


def history(t: Tertial) -> list:
    """How the forecasts changed from tertial to tertial."""
    if t.history.empty:
        return [Notice("Ingen prognoser å vise ennå.")]
    chart = charts.chart_history(t)
    return [chart if chart is not None else
            "Dette er årets første prognose. Fra neste tertial viser et diagram hvordan "
            "prognosene endrer seg.",
            tables.history_table(t)]


def operating_statement(s: statements.Statements, t: Tertial) -> list:
    """§ 5-4 first paragraph for the period, with the maintainer's notes first."""
    return [maintainer_notes(s.maintainer),
            statements.statement_table(s.drift, "Bevilgningsoversikt drift (§ 5-4 første ledd) "
                                       f"{t.period_text.lower()} (1000 kr)"),
            statements.SIGN_TEXT, notices(s.notes_drift)]


def investment_statement(s: statements.Statements, t: Tertial) -> list:
    """§ 5-5 first paragraph for the period."""
    return [statements.statement_table(s.investering, "Bevilgningsoversikt investering "
                                       f"(§ 5-5 første ledd) {t.period_text.lower()} (1000 kr)"),
            statements.SIGN_TEXT_5_5, notices(s.notes_investering)]


def art_statement(s: statements.Statements, t: Tertial) -> list:
    """§ 5-6 for the period, or only the notes saying why it is missing."""
    if s.art is None:
        return notices(s.notes_art)
    cols, heads = statements.art_columns(s, t)
    return [statements.statement_table(s.art, "Økonomisk oversikt etter art – drift (§ 5-6) "
                                       f"{t.period_text.lower()} (1000 kr)", cols, heads),
            statements.SIGN_TEXT_5_6, notices(s.notes_art)]
