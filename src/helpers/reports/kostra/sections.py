"""What each section of the kostra notebook shows, in order: tables with their captions,
text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from helpers.presentation.blocks import Keyfacts, Notice, notices
from helpers.reports.kostra import tables, text
from helpers.reports.kostra.analysis import Comparison, remark_lines, summary_facts


def summary(k: Comparison) -> list:
    """Introduction, key facts, commentary and the comparison's notes."""
    return [text.intro_text(k), Keyfacts(summary_facts(k)), "\n\n".join(text.commentary(k)),
            notices(k.notes)]


def correction(k: Comparison) -> list:
    """How the figures are corrected for expenditure needs, and the correction the report
    computed itself."""
    note = text.missing_correction_notice(k)
    return [text.correction_text(k),
            tables.correction_table(k),
            Notice(note) if note else None]


def differences(k: Comparison) -> list:
    """The differences against the reference, and what the source remarks about them."""
    said = " ".join(text.commentary(k))
    lines = []
    for line, r in zip(remark_lines(k), k.merknader.itertuples(), strict=True):
        if r.merknad.strip() in said:
            # worded in full in the summary already: point to it, do not print it twice
            line = line[: -len(r.merknad.strip())] + "se merknaden i sammendraget."
        lines.append("*Merknad fra kilden.* " + line)
    return [text.difference_intro(k), tables.difference_display(k), notices(lines, "note")]


def key_table(k: Comparison) -> list:
    """The key-figure table (when the indicator descriptions are there) and what it lacks."""
    return [tables.key_table_display(k), notices(text.key_table_notes(k))]
