"""Which data files are the municipality's own figures, and how each looks as a sheet.

The own figures are the files a finance department keeps itself (økonomiplan lines, frames,
the investment programme, rules, climate measures, tertial accounts …): the files whose
declaration (:class:`helpers.data.specs.FileSpec`) says the workbook fills them
(``source=WORKBOOK``), with the sheet it declares (:class:`helpers.data.specs.Sheet`).
Public statistics fetched by ``hop hent`` (KOSTRA, population, emissions) and the files
``hop ny`` writes (``kommuner.csv``, national reference tables) are not in the workbook.

Each sheet has a bokmål title (≤ 31 characters, Excel's limit), the sign convention of its
amount columns and one worked example row (figures from Røros' HØP 2024–2027, shortened
``kilde``), shown as a comment on the header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.data.specs import WORKBOOK, Col, FileSpec, all_specs


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: the data file it holds and how it is presented."""

    stem: str
    title: str
    signs: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)


def _sheets() -> tuple[Sheet, ...]:
    declared = [(spec.sheet.order, Sheet(stem, spec.sheet.title, spec.sheet.signs,
                                         spec.sheet.example))
                for stem, spec in all_specs().items() if spec.sheet is not None]
    return tuple(sheet for _order, sheet in sorted(declared, key=lambda d: d[0]))


#: The workbook's sheets, in workbook order (from the files' declarations).
SHEETS: tuple[Sheet, ...] = _sheets()
#: Files not in the workbook: public figures ``hop hent`` fetches and what ``hop ny`` writes.
PUBLIC_FILES: tuple[str, ...] = tuple(spec.name for spec in all_specs().values()
                                      if spec.source and spec.source != WORKBOOK)


def is_public(name: str) -> bool:
    """Whether a declared data file holds public or reference figures (not in the
    workbook)."""
    return name in PUBLIC_FILES


def unplaced() -> list[str]:
    """Declared data files that say nothing about what fills them.
    ``tests/unit/ingest/test_workbook``
    fails on any: a new file must say whether the workbook fills it."""
    return sorted(spec.name for spec in all_specs().values() if not spec.source)


def own_sheets() -> list[tuple[Sheet, FileSpec]]:
    """The workbook's sheets with their file specs, in workbook order. A file the workbook
    fills that declares no sheet gets a plain sheet at the end rather than being left out
    of the workbook."""
    specs = all_specs()
    out = [(s, specs[s.stem]) for s in SHEETS]
    listed = {s.stem for s in SHEETS}
    for stem, spec in specs.items():
        if spec.source == WORKBOOK and stem not in listed:
            out.append((Sheet(stem, stem[:31]), spec))
    return out


def header_text(name: str, col: Col | None, sheet: Sheet) -> str:
    """The header cell: the column name, then unit and sign convention in brackets."""
    extra = [x for x in ((col.unit if col else ""), sheet.signs.get(name, "")) if x]
    if col is not None and col.kind == "year" and not extra:
        extra = ["årstall"]
    return f"{name} ({'; '.join(extra)})" if extra else name


def column_name(header: object) -> str:
    """The column name a header cell stands for (the text before « (»)."""
    return str(header).split(" (", 1)[0].strip()
