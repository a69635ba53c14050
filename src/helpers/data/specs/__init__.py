"""Declarations of every data file the reports read.

Each module in this package defines ``FILES: list[FileSpec]``. The loader in
:mod:`helpers.data` discovers all modules here, so a report adds its data files by
adding a module, without editing a central list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Col:
    """One column of a data file.

    kind: ``"str"``, ``"int"``, ``"float"`` or ``"year"`` (an int between 1990 and 2060).
    allowed: the values the column may take (``None`` = any).
    kommune: the value must be a kommunenummer (or group code) listed in ``kommuner.csv``.
    aliases: other header names the column may have in an export (e.g. ``"Beløp"`` for
    ``belop``); matched without regard to case or surrounding spaces.
    """

    kind: str
    description: str = ""
    nullable: bool = False
    allowed: tuple | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    kommune: bool = False
    unit: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    """One CSV file in the data folder."""

    name: str
    description: str
    columns: dict[str, Col]
    key: tuple[str, ...]
    optional: bool = False
    # Columns that may be missing from the file (filled with empty values).
    optional_columns: tuple[str, ...] = field(default_factory=tuple)
    # Checks across rows or files, run after every file has loaded: each is called with
    # (this file's validated frame, all loaded frames by stem) and returns problems as
    # (line, column, value, expected) tuples.
    checks: tuple[Callable, ...] = field(default_factory=tuple)

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")


def all_specs() -> dict[str, FileSpec]:
    """Every declared data file, keyed by file stem (``"kostra"`` for ``kostra.csv``)."""
    specs: dict[str, FileSpec] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for spec in getattr(module, "FILES", []):
            if spec.stem in specs:
                raise RuntimeError(f"Datafilen {spec.name} er deklarert to ganger")
            specs[spec.stem] = spec
    return specs


# Shared column declarations, so every file spells them the same way.
KOMMUNENUMMER = Col(
    "str",
    "Kommunenummer (4 siffer) eller kode for kommunegruppe (f.eks. EKG11)",
    kommune=True,
)
AAR = Col("year", "Året tallet gjelder")
KILDE = Col("str", "Hvor tallet kommer fra: dokument, kapittel og tabell")
DATATYPE = Col(
    "str",
    "Hva slags tall: regnskap, budsjett, revidert_budsjett, prognose, okonomiplan, kostra",
    allowed=(
        "regnskap",
        "budsjett",
        "revidert_budsjett",
        "prognose",
        "okonomiplan",
        "kostra",
        "statistikk",
        "framskrivning",
    ),
)
