"""What each section of the oppstillinger notebook shows, in order: the statements with
their captions, sign conventions, notes and notices. The notebook shows a section with
one :func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.model.statements import P_5_4_1, P_5_5_1, P_5_5_2, P_5_7
from helpers.presentation.blocks import Keyfacts, Notice, maintainer_notes, notices
from helpers.reports.common_text import SIGN_TEXT_5_6
from helpers.reports.oppstillinger import tables, text
from helpers.reports.oppstillinger.analysis import Analysis

NO_PLAN = "Mangler data: oppstillingen kan ikke lages uten økonomiplanen."


def summary(a: Analysis) -> list:
    """Introduction; key facts, summary and warnings, or why there is nothing to show."""
    if not a.has_data:
        body = [Notice(text.no_data_text(a))]
    else:
        body = [Keyfacts(text.keyfacts(a)), text.summary_text(a),
                notices(text.unreconciled_warnings(a), "warning")]
    return [text.intro(a), body, maintainer_notes(text.maintainer_notes(a))]


def operating(a: Analysis) -> list:
    """§ 5-4 first paragraph."""
    if not a.has_data:
        return [Notice(NO_PLAN)]
    return [tables.statement_table(a, P_5_4_1, "Bevilgningsoversikt drift (1000 kr)"),
            text.SIGN_TEXT, text.notes_markdown(a, P_5_4_1)]


def frames(a: Analysis) -> list:
    if not a.has_data:
        return [Notice("Mangler data: rammene for planårene er ikke med i grunnlaget.")]
    return [tables.rammer_table(a), text.SIGN_TEXT_RAMMER]


def reconciliation(a: Analysis) -> list:
    if not a.has_data:
        return [Notice("Mangler data: avstemmingen kan ikke lages.")]
    return [tables.reconciliation_table(a), text.reconciliation_text(a),
            notices(text.unreconciled_warnings(a), "warning")]


def investment(a: Analysis) -> list:
    """§ 5-5 first paragraph."""
    if not a.has_data:
        return [Notice("Mangler data: investeringsprogrammet er ikke med i grunnlaget.")]
    return [tables.statement_table(a, P_5_5_1, "Bevilgningsoversikt investering (1000 kr)"),
            text.SIGN_TEXT_SAME, text.notes_markdown(a, P_5_5_1)]


def projects(a: Analysis) -> list:
    """§ 5-5 second paragraph: the projects, then the notes to it."""
    if a.has_data and not a.s_5_5_2.empty:
        body = [tables.projects_table(a), text.SIGN_TEXT_PROSJEKTER]
    else:
        body = [Notice("Mangler data: investeringsprosjektene for planen er ikke med i "
                       "grunnlaget.")]
    return [body, text.notes_markdown(a, P_5_5_2)]


def art(a: Analysis) -> list:
    """§ 5-6: the operating budget by type, or why it is missing."""
    if not a.has_data:
        body = [Notice(NO_PLAN)]
    elif a.s_5_6.empty:
        body = [Notice(text.art_sources_text(a))]
    else:
        body = [tables.art_table(a), SIGN_TEXT_5_6, text.art_sources_text(a)]
    return [body, notices(text.art_notes(a))]


def debt(a: Analysis) -> list:
    """§ 5-7: net debt."""
    if not a.has_data:
        body = [Notice("Mangler data: gjelden kan ikke beregnes uten økonomiplanen.")]
    else:
        body = [tables.statement_table(a, P_5_7, "Netto lånegjeld (1000 kr)"),
                text.SIGN_TEXT_SAME, text.notes_markdown(a, P_5_7)]
    return [text.debt_text(a), body]
