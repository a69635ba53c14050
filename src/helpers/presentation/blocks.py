"""What a report function returns for the notebook to show, besides tables and text.

A report's section function returns a list of blocks (a
:class:`helpers.presentation.table.Table`, Markdown text, a chart, one of the values
here, or None for what does not apply), and the notebook shows them with one call to
:func:`helpers.presentation.report.show`: the choices live in tested functions, the
notebook has no branches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """A boxed notice: ``missing`` (data not available), ``warning`` or ``note``."""

    text: str
    kind: str = "missing"


@dataclass(frozen=True)
class Maintainer:
    """A note for whoever maintains the data (see :func:`report.maintainer`)."""

    text: str


@dataclass(frozen=True)
class Keyfacts:
    """A row of boxed key facts: (formatted value, label)."""

    items: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class ScreenAndPrint:
    """One output with a screen version and a print version (see
    :func:`report.screen_and_print`); each a sequence of tables and Markdown text."""

    screen: Sequence[object]
    printed: Sequence[object]


def notices(lines, kind: str = "missing") -> list[Notice]:
    """One notice per line."""
    return [Notice(line, kind) for line in lines]


def maintainer_notes(lines) -> list[Maintainer]:
    """One maintainer note per line."""
    return [Maintainer(line) for line in lines]
