"""issue 28: one document per council case, and example data kept apart.

A report notebook names its case in ``metadata.hop.case`` (:data:`META_CASE`; the budget
case «hop» when absent). Each case is its own council document: ``vedlegg.pdf`` for the
budget case (the statements and the analyses), ``tertialrapport.pdf``, ``alternativer.pdf``
and ``oversikt.pdf``, each with its own cover, contents, bookmarks and page numbers
(:mod:`helpers.pack.appendix` lays them out). A case is made only when its data exist: at
least one of its reports built with figures (not a «mangler data» page, issue 21) and the
files the case needs besides its reports' CSV inputs (:attr:`Case.needs`). Otherwise
``merknader.md`` says why (:func:`not_built_notes`).

A data folder holding invented figures declares it once, with the file
:data:`EXAMPLE_MARKER` at its top (``eksempler/tertial/eksempel.txt``). Every build from
such a folder says :data:`EXAMPLE_TEXT` on every page (the running header of every PDF
page, the cover, a banner in the HTML) and in the exports (a column of
``nokkeltall.csv``/``.xlsx``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

META_CASE = "case"  # a report notebook's metadata.hop.case
DEFAULT_CASE = "hop"
EXAMPLE_MARKER = "eksempel.txt"
EXAMPLE_TEXT = "Eksempel – oppdiktede tall"
EXAMPLE_COLUMN = "eksempel"  # the column nokkeltall.csv/.xlsx get in an example build


@dataclass(frozen=True)
class Case:
    name: str
    pdf: str  # the document's file name at the top of the output folder
    title: str  # the document's title; the period follows it
    # files in the data folder the case needs besides its reports' CSV inputs (globs)
    needs: tuple[str, ...] = ()
    needs_text: str = ""  # what those files are, for merknader.md


CASES: dict[str, Case] = {c.name: c for c in (
    Case("hop", "vedlegg.pdf", "Økonomiske analyser – vedlegg til handlings- og økonomiplan"),
    Case("tertial", "tertialrapport.pdf", "Tertialrapport"),
    Case("alternativer", "alternativer.pdf", "Alternative budsjetter",
         ("alternativer/*.yaml",), "ingen alternative budsjetter (alternativer/*.yaml)"),
    Case("oversikt", "oversikt.pdf", "Oversikt"),
)}


def case(name: str) -> Case:
    """The case called ``name`` (an unknown name is a case of its own, «<name>.pdf»)."""
    return CASES.get(name) or Case(name, f"{name}.pdf", name.capitalize())


def group(names: list[str], case_of: dict[str, str]) -> dict[str, list[str]]:
    """``names`` by case (``case_of``: report → case), the cases in :data:`CASES` order
    and the reports in the order given."""
    out: dict[str, list[str]] = {}
    order = list(CASES)
    for n in names:
        out.setdefault(case_of.get(n, DEFAULT_CASE), []).append(n)
    return dict(sorted(out.items(), key=lambda kv: (
        order.index(kv[0]) if kv[0] in order else len(order), kv[0])))


def missing_case_files(name: str, data_dir: Path) -> list[str]:
    """The globs of :attr:`Case.needs` that match no file in ``data_dir``."""
    return [g for g in case(name).needs if not any(Path(data_dir).glob(g))]


def document_title(name: str, period: str) -> str:
    """«Tertialrapport 2. tertial 2024»; without a period the title's first part."""
    title = case(name).title
    return f"{title} {period}" if period else title.split(" – ")[0]


def is_example(data_dir: Path | str | None) -> bool:
    """True when ``data_dir`` declares that its figures are invented (:data:`EXAMPLE_MARKER`)."""
    return data_dir is not None and (Path(data_dir) / EXAMPLE_MARKER).is_file()


def example_banner(data_dir: Path | str | None) -> str:
    """The HTML banner an example build shows at the top of each page ("" otherwise)."""
    if not is_example(data_dir):
        return ""
    return f'<p class="eksempel-banner">{html.escape(EXAMPLE_TEXT)}</p>\n'


def mark_key_figures(frame, data_dir: Path | str | None):
    """The key figures with the :data:`EXAMPLE_COLUMN` column first in an example build
    (``frame`` unchanged otherwise)."""
    if not is_example(data_dir):
        return frame
    out = frame.copy()
    out.insert(0, EXAMPLE_COLUMN, EXAMPLE_TEXT)
    return out


def mark_key_figure_file(path: Path, data_dir: Path | str | None) -> None:
    """Add the :data:`EXAMPLE_COLUMN` to a report's own ``nokkeltall.csv`` in an example
    build (nothing otherwise, or when the report wrote none)."""
    if not is_example(data_dir) or not Path(path).is_file():
        return
    import pandas as pd

    frame = pd.read_csv(path, dtype={"dimensjon": str}, keep_default_na=False, na_values=[""])
    if EXAMPLE_COLUMN not in frame.columns:
        mark_key_figures(frame, data_dir).to_csv(path, index=False)


def mark_key_figure_xlsx(path: Path, data_dir: Path | str | None) -> None:
    """Put the :data:`EXAMPLE_COLUMN` first on every sheet of key figures in
    ``nokkeltall.xlsx`` in an example build (the sheet of keys describes them, and stays)."""
    if not is_example(data_dir) or not Path(path).is_file():
        return
    from copy import copy

    from openpyxl import load_workbook

    from helpers.pack.nokkeltall_xlsx import KEYS_SHEET

    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == KEYS_SHEET or ws.cell(1, 1).value == EXAMPLE_COLUMN:
            continue
        rows = ws.max_row
        ws.insert_cols(1)
        ws.cell(1, 1, EXAMPLE_COLUMN).font = copy(ws.cell(1, 2).font)
        for r in range(2, rows + 1):
            ws.cell(r, 1, EXAMPLE_TEXT)
        ws.column_dimensions["A"].width = 28
        if ws.auto_filter.ref:
            ws.auto_filter.ref = ws.dimensions
    wb.save(path)


def not_built_notes(case_of: dict[str, str], with_data: set[str], reports: dict,
                    data_dir: Path) -> list[str]:
    """For ``merknader.md``: each case with reports in this folder that has no document,
    and why. ``with_data``: the reports built with figures; ``reports``: the manifest's
    entries (their ``mangler``)."""
    out = []
    for name, members in group([n for n in reports if n in case_of], case_of).items():
        files = missing_case_files(name, data_dir)
        if any(m in with_data for m in members) and not files:
            continue
        why = []
        for m in members:
            lacks = reports.get(m, {}).get("mangler") or []
            if lacks:
                why.append(f"rapporten {m} mangler {', '.join(f'{s}.csv' for s in lacks)}")
        if files:
            why.append(f"datamappen har {case(name).needs_text}")
        out.append(f"{case(name).pdf} er ikke laget: "
                   + ("; ".join(why) if why else "ingen av rapportene ble bygget") + ".")
    return out
