"""``nokkeltall.xlsx``: the build's key figures for spreadsheets (openpyxl).

The same rows and values as ``nokkeltall.csv``: one sheet with all of them («Alle»), one
per report (each row with its ``grunnlag`` — plan, regnskap, statistikk, beregnet, anslag
or eksempel — and ``kilde``), and «Nøkler» documenting each key (unit, kinds of source,
breakdown, content and sign) from the key table in ``data/README.md``
(:mod:`helpers.nokkeltall_keys`). Numbers are stored as numbers with a display format
that Norwegian Excel shows as «1 234,5» (a format code's ``,`` and ``.`` are the locale's
thousands and decimal separators); years without separators. Every header row is frozen
and has a filter. Text is always written as text: a value like ``=1+1`` or ``+47`` stays
a string and never becomes a formula, so the CSV's guarding apostrophe is left out here.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from helpers.data.files import save_workbook
from helpers.data.nokkeltall_keys import describe
from helpers.presentation.nokkeltall import COLUMNS, FORMULA_STARTS

ALL_SHEET = "Alle"
KEYS_SHEET = "Nøkler"
HEADERS = {"rapport": "rapport", "nokkel": "nokkel", "kommune": "kommune", "aar": "aar",
           "dimensjon": "dimensjon", "verdi": "verdi", "enhet": "enhet",
           "grunnlag": "grunnlag", "kilde": "kilde"}
NUMBER_FORMATS = {  # by unit; values keep full precision, only the display is rounded
    "%": '#,##0.0##" %"',
    "pp": '#,##0.0##" pp"',
    "1000 kr": "#,##0.0##",
    "kr": "#,##0.##",
    "kr per innbygger": "#,##0.##",
    "antall": "#,##0.##",
    "tonn CO2e": "#,##0.0##",
    "tonn CO2e per innbygger": "#,##0.000",
    "indeks": "#,##0.0##",
    "forhold": "#,##0.00#",
}
DEFAULT_FORMAT = "#,##0.0##"
YEAR_FORMAT = "0"
WIDTHS = {"rapport": 16, "nokkel": 34, "kommune": 18, "aar": 7, "dimensjon": 30,
          "verdi": 14, "enhet": 22}
_FORBIDDEN = set('[]:*?/\\')


def _sheet_name(name: str, taken: set[str]) -> str:
    clean = "".join("_" if ch in _FORBIDDEN else ch for ch in name)[:31] or "rapport"
    out, n = clean, 2
    while out.lower() in {t.lower() for t in taken}:
        out = f"{clean[:28]}_{n}"
        n += 1
    return out


def unguard(value: str) -> str:
    """The text without the apostrophe ``nokkeltall.csv`` puts before a formula-like start
    (:func:`helpers.nokkeltall.neutralise_formula`): a typed text cell needs no guard, and
    in a workbook the apostrophe would show."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _put_text(ws, row: int, col: int, value) -> None:
    """Write a text cell as a string, never as a formula ('' leaves the cell empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return
    cell = ws.cell(row=row, column=col)
    cell.value = unguard(str(value))
    cell.data_type = "s"  # openpyxl reads '=…' as a formula; this keeps it text


def _header(ws, names: list[str], widths: dict[str, float]) -> None:
    bold = Font(bold=True)
    for j, name in enumerate(names, start=1):
        _put_text(ws, 1, j, name)
        ws.cell(row=1, column=j).font = bold
        ws.column_dimensions[get_column_letter(j)].width = widths.get(name, 20)
    ws.freeze_panes = "A2"


def _finish(ws, n_cols: int, n_rows: int) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{max(n_rows, 1) + 1}"


def _figures_sheet(ws, df: pd.DataFrame) -> None:
    _header(ws, [HEADERS[c] for c in COLUMNS], WIDTHS)
    col = {c: j for j, c in enumerate(COLUMNS, start=1)}
    for i, rec in enumerate(df[COLUMNS].itertuples(index=False), start=2):
        rec = rec._asdict()
        for name in ("rapport", "nokkel", "kommune", "dimensjon", "enhet", "grunnlag",
                     "kilde"):
            _put_text(ws, i, col[name], rec[name])
        aar = rec["aar"]
        if aar is not None and not pd.isna(aar):
            c = ws.cell(row=i, column=col["aar"], value=int(aar))
            c.number_format = YEAR_FORMAT
        verdi = rec["verdi"]
        if verdi is not None and not pd.isna(verdi):  # a gap stays an empty cell
            c = ws.cell(row=i, column=col["verdi"], value=float(verdi))
            c.number_format = NUMBER_FORMATS.get(rec["enhet"], DEFAULT_FORMAT)
    _finish(ws, len(COLUMNS), len(df))


def key_documentation(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (rapport, nokkel) in ``df``: the units and the kinds of source
    (``grunnlag``) it has in the data, and the breakdown, content and sign from the key
    table (:mod:`helpers.nokkeltall_keys`)."""
    rows = []
    for (rapport, nokkel), part in df.groupby(["rapport", "nokkel"], sort=False):
        doc = describe(rapport, nokkel)
        units = ", ".join(dict.fromkeys(part["enhet"].astype(str)))
        kinds = (", ".join(k for k in dict.fromkeys(part["grunnlag"].fillna("").astype(str))
                           if k) if "grunnlag" in part else "")
        rows.append({"rapport": rapport, "nokkel": nokkel, "enhet": units, "grunnlag": kinds,
                     "dimensjon": doc.dimensjon if doc else "",
                     "innhold og fortegn": doc.beskrivelse if doc else "ikke beskrevet",
                     "rader": len(part)})
    return pd.DataFrame(rows, columns=["rapport", "nokkel", "enhet", "grunnlag", "dimensjon",
                                       "innhold og fortegn", "rader"])


def _keys_sheet(ws, df: pd.DataFrame) -> None:
    docs = key_documentation(df)
    names = list(docs.columns)
    _header(ws, names, {"rapport": 16, "nokkel": 34, "enhet": 22, "grunnlag": 24,
                        "dimensjon": 30,
                        "innhold og fortegn": 100, "rader": 8})
    for i, rec in enumerate(docs.itertuples(index=False), start=2):
        for j, name in enumerate(names, start=1):
            value = rec[j - 1]
            if name == "rader":
                ws.cell(row=i, column=j, value=int(value)).number_format = "#,##0"
            else:
                _put_text(ws, i, j, value)
    _finish(ws, len(names), len(docs))


def write_key_figures_xlsx(df: pd.DataFrame, path: Path, order: list[str] | None = None
                           ) -> None:
    """Write ``df`` (the rows of ``nokkeltall.csv``) to ``path``, replacing it atomically.
    ``order`` gives the order of the report sheets (others follow alphabetically)."""
    path = Path(path)
    reports = list(dict.fromkeys(df["rapport"]))
    order = order or []
    reports = [r for r in order if r in reports] + sorted(r for r in reports if r not in order)
    wb = Workbook()
    ws = wb.active
    ws.title = ALL_SHEET
    _figures_sheet(ws, df)
    taken = {ALL_SHEET, KEYS_SHEET}
    for rapport in reports:
        name = _sheet_name(str(rapport), taken)
        taken.add(name)
        _figures_sheet(wb.create_sheet(name), df[df["rapport"] == rapport])
    _keys_sheet(wb.create_sheet(KEYS_SHEET), df)
    save_workbook(wb, path)  # atomically, and the same bytes from the same figures
