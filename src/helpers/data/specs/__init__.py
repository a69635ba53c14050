"""Declarations of every data file the reports read.

Each module in this package defines ``FILES: list[FileSpec]``. The loader in
:mod:`helpers.data` discovers all modules here, so a report adds its data files by
adding a module, without editing a central list.

A :class:`FileSpec` is the one declaration of its file: the columns, types, units and key
(validation), what fills it (:attr:`FileSpec.source`: ``hop ny``, a public source ``hop
hent`` knows, or a sheet of the workbook, :attr:`FileSpec.sheet`), and what it holds in
words a council understands (:attr:`FileSpec.holds`). ``hop validate``'s list of missing
inputs (:mod:`helpers.data.inputs`), ``hop hent``'s files, the workbook
(:mod:`helpers.ingest.workbook.catalogue`) and the documentation table
(:func:`documentation_table`) are derived from it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
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


# What fills a data file (FileSpec.source). A public source's name is the one ``hop hent``
# takes (``hop hent ssb``); its module in helpers.ingest.sources declares the same name.
NY = "ny"  # hop ny writes it (the municipality list, national reference tables)
SSB = "ssb"  # SSB's statistics bank: hop hent ssb
MILJO = "miljo"  # Miljødirektoratet's emission statistics: hop hent miljo
WORKBOOK = "arbeidsbok"  # a sheet of the workbook grunnlag.xlsx: hop importer
GRUPPE = "gruppe"  # a group folder's set: hop hent --kommuner … --gruppe MAPPE

#: The command that fills a file, by source (a public source: ``hop hent <source>``).
NY_COMMAND = "hop ny"
IMPORT_COMMAND = "hop importer grunnlag.xlsx"
GRUPPE_COMMAND = "hop hent --kommuner SPEC --gruppe MAPPE"


def fill_command(source: str) -> str:
    """The command that fills a file from ``source`` («hop hent ssb» for ``"ssb"``)."""
    if source == NY:
        return NY_COMMAND
    if source == WORKBOOK:
        return IMPORT_COMMAND
    if source == GRUPPE:
        return GRUPPE_COMMAND
    return f"hop hent {source}"


@dataclass(frozen=True)
class Sheet:
    """A file's sheet in the workbook ``grunnlag.xlsx`` (files the municipality fills).

    title: the sheet's name (≤ 31 characters, Excel's limit);
    order: its place among the sheets (1 first);
    signs: the sign convention of amount columns, shown in their header;
    example: one worked example row (figures from Røros' HØP 2024–2027, shortened
    ``kilde``), shown as a comment on the header.
    """

    title: str
    order: int
    signs: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSpec:
    """One CSV file in the data folder.

    source: what fills it: :data:`NY`, :data:`WORKBOOK` (then ``sheet`` says how it looks
    in the workbook), :data:`GRUPPE` (a group folder's set) or the name of a public source
    ``hop hent`` knows (:data:`SSB`, :data:`MILJO`).
    holds: what it holds, in words for the council (no file names; the «mangler data» page
    and ``hop validate`` show it).
    """

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
    source: str = ""
    holds: str = ""
    sheet: Sheet | None = None

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")

    @property
    def fylles_av(self) -> str:
        """The command that fills the file («hop importer grunnlag.xlsx»)."""
        return fill_command(self.source)


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


# Shared parts of the workbook's examples and sign conventions.
HOP_EXAMPLE = "HØP 2024–2027 (Røros), kap. "
ACCOUNTING_SIGNS = "regnskapets fortegn: inntekt negativ, utgift positiv"

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


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def documentation_table(reads: Mapping[str, tuple[Iterable[str], Iterable[str]]]) -> str:
    """Every declared data file as a Markdown table (bokmål): the file, what it holds, the
    units and signs of its figures, what fills it and which reports read it.

    ``reads``: per report, the files it needs and the files it uses besides (stems), as
    the reports declare them (:func:`helpers.pack.catalogue.report_inputs`; this layer
    cannot import the reports). Written to ``docs/bruk/datafiler.md`` by
    ``scripts/generate_docs.py``.
    """
    needed: dict[str, list[str]] = {}
    used: dict[str, list[str]] = {}
    for report, (trenger, bruker) in reads.items():
        for stem in trenger:
            needed.setdefault(stem, []).append(report)
        for stem in bruker:
            if report not in needed.get(stem, []):
                used.setdefault(stem, []).append(report)
    lines = [
        "| Fil | Innhold | Enhet og fortegn | Fylles av | Leses av |",
        "|---|---|---|---|---|",
    ]
    for stem, spec in all_specs().items():
        signs = spec.sheet.signs if spec.sheet else {}
        units = []
        for name, col in spec.columns.items():
            said = "; ".join(x for x in (col.unit, signs.get(name, "")) if x)
            if said:
                units.append(f"`{name}`: {said}")
        filler = f"`{spec.fylles_av}`" if spec.source else "ikke oppgitt"
        if spec.sheet is not None:
            filler += f" (arket «{spec.sheet.title}»)"
        readers = []
        if needed.get(stem):
            readers.append("trengs av " + ", ".join(needed[stem]))
        if used.get(stem):
            readers.append("brukes av " + ", ".join(used[stem]))
        optional = " Valgfri." if spec.optional and not spec.description.startswith("Valgfri") \
            else ""
        lines.append(" | ".join((
            f"| `{spec.name}`", _cell(spec.description + optional), _cell("; ".join(units)),
            _cell(filler), _cell("; ".join(readers) or "ingen rapport") + " |")))
    return "\n".join(lines) + "\n"
