"""``hop eksporter``: the data folder's own figures as one workbook (``grunnlag.xlsx``).

One sheet per file, in the order of :data:`catalogue.SHEETS`, each with a frozen header row
(column name, unit and sign convention), a comment per header cell (what the column holds,
the allowed values and the worked example), list validation where the specs or the data
give the values, whole-number/decimal validation where numbers go, and column widths. A
«Les meg» sheet comes first; two hidden sheets hold the validation lists («Lister») and
each file's CSV format («Filformat», so an import writes the same bytes).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import IllegalCharacterError
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from helpers.data.files import save_workbook
from helpers.data.load import (
    MAX_MAGNITUDE,
    YEAR_MAX,
    YEAR_MIN,
    DataError,
    Problem,
    normalise_number,
    read_csv_file,
)
from helpers.data.specs import Col, FileSpec
from helpers.ingest.workbook import readme
from helpers.ingest.workbook.catalogue import Sheet, header_text, own_sheets
from helpers.ingest.workbook.cells import NUMBER_KINDS, Dialect, sniff_dialect, to_cell

LISTS_SHEET = "Lister"
FORMAT_SHEET = "Filformat"
README_SHEET = "Les meg"
MAX_ROWS = 1_048_576  # Excel's last row: validation covers rows the user adds
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
# Lines the reports know in okonomiplan.csv (data/README.md); offered with the data's own.
OKONOMIPLAN_POSTS = (
    "skatt_inntekt_formue", "rammetilskudd", "eiendomsskatt", "andre_statstilskudd",
    "avskrivninger", "renteutgifter", "renteinntekter_utbytte", "avdrag",
    "finansutgifter_tjenesteomrader", "til_ubundne_avsetninger", "bruk_ubundne_avsetninger",
    "avsetninger_tjenesteomrader",
)
# Free-text columns offered as a list of the values the data already use (a warning, not
# a stop, when another value is typed: a new municipality has names of its own).
DATA_LIST_COLUMNS = ("rammeomrade", "rammeomraade", "post", "tabell", "indikator", "regel",
                     "prosjekt", "ansvar", "parameter", "nokkel", "tiltak_id", "virksomhet",
                     "tema")
_SAME_LIST = {"rammeomraade": "rammeomrade"}


def _read(path: Path, spec: FileSpec) -> tuple[list[str], list[list[str | None]], Dialect]:
    """A file's header and fields as text (number fields with '.' as decimal mark)."""
    raw = path.read_bytes()
    df, decimal = read_csv_file(path)
    rows = []
    kinds = {c: spec.columns[c].kind if c in spec.columns else "str" for c in df.columns}
    for record in df.itertuples(index=False):
        row = []
        for c, v in zip(df.columns, record, strict=True):
            text = None if v is pd.NA or v is None or (isinstance(v, float) and v != v) \
                else str(v)
            if text is not None and kinds[c] in NUMBER_KINDS and decimal == ",":
                text = str(normalise_number(text, decimal))
            row.append(text)
        rows.append(row)
    return list(df.columns), rows, sniff_dialect(raw)


def _col_for(spec: FileSpec, name: str) -> Col | None:
    if name in spec.columns:
        return spec.columns[name]
    for cname, col in spec.columns.items():
        if name.strip().casefold() in {a.casefold() for a in (cname, *col.aliases)}:
            return col
    return None


def _comment(name: str, col: Col | None, sheet: Sheet, first: bool) -> str:
    lines = [col.description if col and col.description else name]
    if col is not None:
        if col.unit:
            lines.append(f"Enhet: {col.unit}.")
        if name in sheet.signs:
            lines.append(f"Fortegn: {sheet.signs[name]}.")
        if col.allowed:
            lines.append("Tillatt: " + ", ".join(map(str, col.allowed)) + ".")
        lines.append("Kan stå tom (mangler)." if col.nullable else "Må fylles ut.")
    example = sheet.example.get(name)
    if example not in (None, ""):
        lines.append(f"Eksempel: {example}")
    if first and sheet.example:
        lines.append("")
        lines.append("Et utfylt eksempel på en hel rad:")
        lines += [f"  {k}: {v}" for k, v in sheet.example.items() if v != ""]
    return "\n".join(lines)


def _plain(x: float) -> str:
    """A bound as Excel reads it in a formula: no exponent (1000000000000, 0.5)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _number_validation(col: Col) -> DataValidation:
    if col.kind == "year":
        lo, hi, kind, what = YEAR_MIN, YEAR_MAX, "whole", f"et årstall mellom {YEAR_MIN} og " \
                                                        f"{YEAR_MAX}"
    else:
        lo = col.min if col.min is not None else -MAX_MAGNITUDE
        hi = col.max if col.max is not None else MAX_MAGNITUDE
        kind = "whole" if col.kind == "int" else "decimal"
        what = "et heltall" if kind == "whole" else "et tall"
        if col.min is not None or col.max is not None:
            what += f" mellom {lo:g} og {hi:g}"
    dv = DataValidation(type=kind, operator="between", formula1=_plain(lo), formula2=_plain(hi),
                        allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="Ugyldig tall", error=f"Forventet {what}.")
    return dv


class _Lists:
    """The hidden sheet of validation lists: one column per list."""

    def __init__(self, ws):
        self.ws = ws
        self.refs: dict[tuple, str] = {}

    def ref(self, values: list[str]) -> str | None:
        values = [v for v in dict.fromkeys(values) if v not in (None, "")]
        if not values:
            return None
        key = tuple(values)
        if key not in self.refs:
            n = len(self.refs) + 1
            letter = get_column_letter(n)
            for i, v in enumerate(values, start=1):
                self.ws.cell(row=i, column=n, value=v).number_format = "@"
            self.refs[key] = f"{quote_sheetname(self.ws.title)}!${letter}$1:${letter}${len(values)}"
        return self.refs[key]


def _list_values(stem: str, name: str, col: Col | None, seen: dict[str, dict[str, list]],
                 kommuner: list[str]) -> tuple[list[str], str] | None:
    """The values for a column's list validation and its style (stop/warning)."""
    if col is not None and col.allowed:
        return [str(a) for a in col.allowed], "stop"
    if col is not None and col.kommune and kommuner:
        return kommuner, "stop"
    if name in DATA_LIST_COLUMNS:
        key = _SAME_LIST.get(name, name)
        if key in ("rammeomrade", "prosjekt", "ansvar", "tiltak_id"):  # shared across files
            values = [v for per in seen.values() for v in per.get(key, [])]
        else:
            values = list(seen.get(stem, {}).get(name, []))
        if stem == "okonomiplan" and name == "post":
            values += list(OKONOMIPLAN_POSTS)
        values = sorted(set(values), key=str.casefold)
        return (values, "warning") if values else None
    return None


def _write_sheet(ws, sheet: Sheet, spec: FileSpec, header: list[str],
                 rows: list[list[str | None]], lists: _Lists, seen, kommuner) -> None:
    cols = [_col_for(spec, h) for h in header]
    for j, (name, col) in enumerate(zip(header, cols, strict=True), start=1):
        cell = ws.cell(row=1, column=j, value=header_text(name, col, sheet))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(_comment(name, col, sheet, j == 1), "hop", width=360,
                               height=220 if j == 1 else 140)
    bad: list[Problem] = []
    for i, row in enumerate(rows, start=2):
        for j, (text, col) in enumerate(zip(row, cols, strict=True), start=1):
            value, fmt = to_cell(text, col.kind if col else "str")
            if value is None:
                continue
            try:
                cell = ws.cell(row=i, column=j, value=value)
            except IllegalCharacterError:
                bad.append(Problem(spec.name, i, header[j - 1], repr(text),
                                   "tekst uten kontrolltegn (Excel kan ikke lagre dem) – fjern "
                                   "tegnet fra filen"))
                continue
            if fmt:
                cell.number_format = fmt
    if bad:
        raise DataError(bad)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 45
    for j, (name, col) in enumerate(zip(header, cols, strict=True), start=1):
        letter = get_column_letter(j)
        longest = max([len(header_text(name, col, sheet)) // 2 + 2]
                      + [len(r[j - 1]) for r in rows[:2000] if r[j - 1]], default=10)
        ws.column_dimensions[letter].width = max(9, min(60, longest + 2))
        kind = col.kind if col else "str"
        ws.column_dimensions[letter].number_format = (
            "0" if kind == "year" else "General" if kind in NUMBER_KINDS else "@")
        area = f"{letter}2:{letter}{MAX_ROWS}"
        if kind in NUMBER_KINDS:
            dv = _number_validation(col)
        else:
            found = _list_values(spec.stem, name, col, seen, kommuner)
            ref = lists.ref(found[0]) if found else None
            if ref is None:
                continue
            style = found[1]
            dv = DataValidation(type="list", formula1=ref, allow_blank=True,
                                showErrorMessage=True, errorStyle=style,
                                errorTitle="Ukjent verdi",
                                error=("Velg en verdi fra listen." if style == "stop" else
                                       "Verdien står ikke i dataene fra før. Er navnet skrevet "
                                       "likt som ellers? Velg «Ja» for å beholde den."))
        dv.add(area)
        ws.add_data_validation(dv)


def build_workbook(data_dir: Path) -> tuple[Workbook, list[tuple[Sheet, FileSpec, int]]]:
    """The workbook for a data folder, and the sheets with their row counts."""
    data_dir = Path(data_dir)
    sheets = own_sheets()
    problems: list[Problem] = []
    contents = {}
    for _sheet, spec in sheets:
        path = data_dir / spec.name
        if path.exists():
            try:
                contents[spec.stem] = _read(path, spec)
            except DataError as err:
                problems += err.problems
        else:
            contents[spec.stem] = (list(spec.columns), [], Dialect())
    if problems:
        raise DataError(problems)
    seen: dict[str, dict[str, list]] = {}
    for stem, (header, rows, _d) in contents.items():
        per = seen.setdefault(stem, {})
        for j, name in enumerate(header):
            key = _SAME_LIST.get(name, name)
            if key in DATA_LIST_COLUMNS:
                per.setdefault(key, []).extend(r[j] for r in rows if r[j])
    kommuner: list[str] = []
    if (data_dir / "kommuner.csv").exists():
        try:
            kdf, _ = read_csv_file(data_dir / "kommuner.csv")
            kommuner = [str(k) for k in kdf["kommunenummer"].dropna()]
        except (DataError, KeyError):
            kommuner = []
    wb = Workbook()
    readme_ws = wb.active
    readme_ws.title = README_SHEET
    made = []
    worksheets = []
    for sheet, spec in sheets:
        header, rows, _d = contents[spec.stem]
        worksheets.append((wb.create_sheet(sheet.title), sheet, spec, header, rows))
    lists_ws = wb.create_sheet(LISTS_SHEET)
    lists_ws.sheet_state = "hidden"
    lists = _Lists(lists_ws)
    for ws, sheet, spec, header, rows in worksheets:
        try:
            _write_sheet(ws, sheet, spec, header, rows, lists, seen, kommuner)
        except DataError as err:
            problems += err.problems
        made.append((sheet, spec, len(rows)))
    if problems:
        raise DataError(problems)
    fmt = wb.create_sheet(FORMAT_SHEET)
    fmt.sheet_state = "hidden"
    fmt.append(["ark", "fil", "format"])
    for sheet, spec in sheets:
        fmt.append([sheet.title, spec.name, contents[spec.stem][2].encode()])
    readme.write(readme_ws, made)
    wb.active = 0
    return wb, made


def export_workbook(data_dir: Path | str, target: Path | str
                    ) -> list[tuple[Sheet, FileSpec, int]]:
    """Write the workbook to ``target`` (beside, then swapped in: never half a file; the
    same bytes from the same data: :func:`helpers.data.files.save_workbook`)."""
    wb, made = build_workbook(Path(data_dir))
    save_workbook(wb, target)
    return made
