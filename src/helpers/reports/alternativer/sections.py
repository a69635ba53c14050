"""What each section of the alternativer notebook shows, in order: tables with their
captions, charts, text and notices. The notebook shows a section with one
:func:`helpers.presentation.report.show` call and has no branches."""

from __future__ import annotations

from pathlib import Path

from helpers.presentation.blocks import notices
from helpers.presentation.table import Table
from helpers.reports.alternativer import tables, text
from helpers.reports.alternativer.analysis import MEASURES, Analysis, alternative_files
from helpers.reports.alternativer.charts import chart_measure


def files(data_dir: str | Path, names: list[str]) -> list[Path]:
    """The alternatives' YAML files: ``names`` (relative to the data folder unless
    absolute), or every ``*.yaml`` in the data folder's ``alternativer`` when empty."""
    chosen = [Path(data_dir) / f if not Path(f).is_absolute() else Path(f) for f in names]
    return chosen or alternative_files(Path(data_dir) / "alternativer")


def period(a: Analysis) -> str:
    """The period the report covers, for the running header."""
    return f"{a.years[0]}–{a.years[-1]}"


def summary(a: Analysis) -> list:
    """Breaches of the budget balance, then the summary."""
    return [notices(text.balance_warnings(a), "warning"), "\n\n".join(text.summary(a))]


def measure_charts(a: Analysis) -> list:
    """One chart per measure the alternatives are compared on."""
    return [chart_measure(a, measure) for measure in MEASURES]


def changes(a: Analysis) -> Table:
    return tables.changes_table(a)


def alternatives(a: Analysis) -> list:
    """For each alternative: a heading and its key figures and rules."""
    return [[f"### {navn}", tables.alternative_table(a, navn)] for navn in a.columns]
