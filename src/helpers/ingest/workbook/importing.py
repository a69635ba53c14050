"""``hop importer``: the workbook back to the data folder's CSV files.

The whole workbook is read and turned into CSV text first; the files are written to a
folder beside the data (``.grunnlag-import-*`` inside the data folder, so the final move is
a rename on the same disk) together with copies of the folder's other data files, and that
folder is validated by :func:`helpers.data.load.load_data` — the very loader the reports
use. Only when there is no error in a file that came from the workbook are the changed
files moved into place, one atomic rename each, after the previous versions have been
copied to ``.grunnlag-forrige/``. A journal in the import folder lets an interrupted swap be
finished by the next import. Other files in the data folder are never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from helpers.data.load import DataError, load_data
from helpers.data.specs import all_specs
from helpers.ingest.workbook.catalogue import Sheet, column_name, own_sheets
from helpers.ingest.workbook.cells import CellProblem, Dialect, cell_text, csv_bytes
from helpers.ingest.workbook.export import FORMAT_SHEET, LISTS_SHEET, README_SHEET

STAGING_PREFIX = ".grunnlag-import-"
BACKUP_DIR = ".grunnlag-forrige"
JOURNAL = "ENDRINGER.json"
LOCK_NAME = ".grunnlag.lock"
MAX_ERRORS = 50
# what a file that is not a workbook (or a damaged one) raises while it is read
_UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError)


@dataclass(frozen=True)
class CellError:
    """One problem in the workbook, located by sheet and cell (or row)."""

    sheet: str
    row: int | None
    column: str | None   # the header name
    letter: str | None   # the column letter
    value: object
    expected: str

    def location(self) -> str:
        if self.row is not None and self.letter:
            return f"{self.sheet}!{self.letter}{self.row}"
        if self.row is not None:
            return f"{self.sheet}, rad {self.row}"
        return f"arket «{self.sheet}»"

    def __str__(self) -> str:
        where = self.location()
        if self.column and self.letter:
            where += f" (kolonne «{self.column}»)"
        elif self.column:
            where += f", kolonne «{self.column}»"
        if self.value is None or self.value == "":
            return f"{where}: {self.expected}"
        return f"{where}: verdien «{self.value}» er ikke gyldig – forventet {self.expected}"


class WorkbookError(Exception):
    """The workbook has problems; nothing was written."""

    def __init__(self, errors: list[CellError | str], omitted: int = 0):
        self.errors = errors
        self.omitted = omitted
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.errors) + self.omitted
        head = "1 feil i arbeidsboken" if n == 1 else f"{n} feil i arbeidsboken"
        lines = [head + " – ingen filer er skrevet:"] + [f"- {e}" for e in self.errors]
        if self.omitted:
            lines.append(f"- og {self.omitted} feil til (de første {len(self.errors)} er vist)")
        return "\n".join(lines)


@dataclass
class ImportResult:
    """What an import did: per file ``ny``, ``endret``, ``uendret``, ``fjernet``, ``tom``
    (empty sheet, no file) or ``ikke i arbeidsboken``; and notes for the terminal."""

    files: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, file, status)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _s, _f, st in self.files if st == status)


@dataclass
class _SheetData:
    sheet: Sheet
    file: str
    header: list[str]
    letters: dict[str, str]
    rows: list[list[str]]
    sheet_rows: list[int]   # the sheet row of each CSV data line
    dialect: Dialect


# ---------------------------------------------------------------- reading the workbook


def _unreadable(path: Path, exc: BaseException) -> WorkbookError:
    hint = (" – den gamle .xls-formen kan ikke leses; lagre som «Excel-arbeidsbok (.xlsx)»"
            if path.suffix.lower() == ".xls" else
            " – forventet en Excel-arbeidsbok (.xlsx)")
    return WorkbookError([f"{path.name}: filen kan ikke leses som arbeidsbok{hint} "
                          f"({type(exc).__name__})"])


def _open(path: Path, data_only: bool = True):
    """The workbook opened for streaming (openpyxl's read-only mode: a sheet is parsed
    when it is read, and only the sheets read are parsed)."""
    if not path.exists():
        raise WorkbookError([f"{path}: filen finnes ikke"])
    if path.is_dir():
        raise WorkbookError([f"{path}: dette er en mappe – forventet en Excel-arbeidsbok (.xlsx)"])
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except _UNREADABLE as exc:
        raise _unreadable(path, exc) from None


class _Book:
    """The workbook's stored values, read once; its formulas are read only for the sheets
    where a cell in the file has no value (a formula Excel has not calculated, or only a
    format)."""

    def __init__(self, path: Path):
        self.path = path
        self.values = _open(path)
        self._formulas = None

    def formula_cells(self, title: str, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of ``cells`` (row, column) hold a formula."""
        if self._formulas is None:
            self._formulas = _open(self.path, data_only=False)
        ws = self._formulas[title]
        ws.reset_dimensions()
        first, last = min(r for r, _c in cells), max(r for r, _c in cells)
        found = set()
        for r, row in enumerate(ws.iter_rows(min_row=first, max_row=last), start=first):
            for c, cell in enumerate(row, start=1):
                if (r, c) in cells and cell.data_type == "f":
                    found.add((r, c))
        return found

    def close(self) -> None:
        for wb in (self.values, self._formulas):
            if wb is not None:
                wb.close()


def _formats(wb) -> dict[str, tuple[str, Dialect]]:
    """Sheet title → (file name, CSV dialect) from the hidden «Filformat» sheet."""
    out = {}
    if FORMAT_SHEET in wb.sheetnames:
        ws = wb[FORMAT_SHEET]
        ws.reset_dimensions()
        for row in ws.iter_rows(min_row=2, values_only=True):
            if row and row[0] and len(row) >= 3:
                out[str(row[0])] = (str(row[1] or ""), Dialect.decode(row[2]))
    return out


def _find_sheet(wb, title: str):
    if title in wb.sheetnames:
        return wb[title]
    for name in wb.sheetnames:
        if name.strip().casefold() == title.casefold():
            return wb[name]
    return None


def _read_sheet(ws, book: _Book, sheet: Sheet, spec, dialect: Dialect, errors: list
                ) -> _SheetData | None:
    title = ws.title
    ws.reset_dimensions()  # the cells in the file, whatever size the file says it has
    grid = [tuple(cells) for cells in ws.iter_rows()]  # rows as long as their last cell
    if not grid:
        return _SheetData(sheet, spec.name, [], {}, [], [], dialect)
    head_cells = list(grid[0])
    while head_cells and head_cells[-1].value in (None, ""):
        head_cells.pop()
    header, letters = [], {}
    for j, cell in enumerate(head_cells, start=1):
        name = column_name(cell.value) if cell.value not in (None, "") else ""
        letter = get_column_letter(j)
        if not name:
            errors.append(CellError(title, 1, None, letter, None,
                                    "overskriften er tom – forventet navnet på kolonnen"))
        elif name in letters:
            errors.append(CellError(title, 1, name, letter, None,
                                    f"kolonnen «{name}» står to ganger i overskriften"))
        header.append(name)
        letters.setdefault(name, letter)
    kinds = [spec.columns[h].kind if h in spec.columns else _alias_kind(spec, h) for h in header]
    width = len(header)
    lines = [(r, cells) for r, cells in enumerate(grid[1:], start=2)
             if not all(c.value in (None, "") for c in cells)]
    # a cell the file holds without a value: a formula never calculated, or only a format
    valueless = {(r, j) for r, cells in lines for j, c in enumerate(cells[:width], start=1)
                 if c.value is None and not isinstance(c, EmptyCell)}
    formulas = book.formula_cells(title, valueless) if valueless else set()
    rows, sheet_rows = [], []
    for r, cells in lines:
        for c, cell in enumerate(cells[width:], start=width + 1):
            if cell.value not in (None, ""):
                errors.append(CellError(title, r, None, get_column_letter(c), cell.value,
                                        "en celle under en overskrift – kolonnen har ingen "
                                        "overskrift i rad 1"))
        fields = []
        for j in range(width):
            cell = cells[j] if j < len(cells) else None
            value = cell.value if cell is not None else None
            if value is None and (r, j + 1) in formulas:
                errors.append(CellError(title, r, header[j], get_column_letter(j + 1),
                                        None, "cellen har en formel uten lagret verdi – "
                                        "åpne arbeidsboken i Excel og lagre den, eller "
                                        "skriv inn verdien"))
                fields.append("")
                continue
            try:
                if cell is not None and cell.data_type == "e":
                    raise CellProblem(f"en feilverdi fra en formel ({value})")
                text = cell_text(value, cell.number_format if cell is not None else None,
                                 kinds[j], dialect.decimal)
            except CellProblem as exc:
                errors.append(CellError(title, r, header[j], get_column_letter(j + 1), None,
                                        f"cellen inneholder {exc} – forventet "
                                        + ("et tall" if kinds[j] != "str" else "tekst")))
                text = ""
            fields.append(text.strip())
        rows.append(fields)
        sheet_rows.append(r)
    return _SheetData(sheet, spec.name, header, letters, rows, sheet_rows, dialect)


def _alias_kind(spec, name: str) -> str:
    for cname, col in spec.columns.items():
        if name.strip().casefold() in {a.casefold() for a in (cname, *col.aliases)}:
            return col.kind
    return "str"


def read_workbook(path: Path | str) -> tuple[dict[str, _SheetData], list[str]]:
    """Every own-figure sheet as CSV rows, keyed by file stem, and notes. Raises
    :class:`WorkbookError` for cells that cannot be CSV fields."""
    path = Path(path)
    book = _Book(path)
    try:
        return _read_book(book)
    except (zipfile.BadZipFile, OSError) as exc:  # a damaged sheet, found when it is read
        raise _unreadable(path, exc) from None
    finally:
        book.close()


def _read_book(book: _Book) -> tuple[dict[str, _SheetData], list[str]]:
    values = book.values
    formats = _formats(values)
    errors: list = []
    notes: list[str] = []
    out: dict[str, _SheetData] = {}
    for sheet, spec in own_sheets():
        ws = _find_sheet(values, sheet.title)
        if ws is None:
            notes.append(f"Arket «{sheet.title}» finnes ikke i arbeidsboken – {spec.name} er "
                         "ikke endret.")
            continue
        dialect = formats.get(ws.title, (spec.name, Dialect()))[1]
        data = _read_sheet(ws, book, sheet, spec, dialect, errors)
        out[spec.stem] = data
    known = {s.title.casefold() for s, _ in own_sheets()} | {
        n.casefold() for n in (README_SHEET, LISTS_SHEET, FORMAT_SHEET)}
    for name in values.sheetnames:
        if name.strip().casefold() not in known:
            notes.append(f"Arket «{name}» hører ikke til noen datafil og er ikke lest.")
    if errors:
        raise WorkbookError(errors[:MAX_ERRORS], max(0, len(errors) - MAX_ERRORS))
    return out, notes


# ---------------------------------------------------------------- validating


def _map_problem(p, by_file: dict[str, _SheetData]) -> CellError | None:
    """A loader problem in a file that came from the workbook, located in its sheet."""
    name = Path(p.file).name
    data = by_file.get(name)
    if data is None:
        return None
    title = data.sheet.title
    row = None
    if p.line is not None:
        idx = p.line - 2
        row = 1 if p.line == 1 else data.sheet_rows[idx] if 0 <= idx < len(data.sheet_rows) \
            else None
    column = p.column
    letter = data.letters.get(column) if column else None
    expected = p.expected
    if p.line == 1 and "kolonnen mangler" in p.expected:
        expected = (f"kolonnen «{column}» mangler i overskriften (rad 1) – forventet "
                    "kolonnene: " + ", ".join(all_specs()[data.file.removesuffix('.csv')]
                                              .columns))
        column = None
    return CellError(title, row, column, letter, p.value, _sheet_words(expected))


def _sheet_words(text: str) -> str:
    """«står i ansvar_rammeomrade.csv» → «står i arket «Ansvar» (ansvar_rammeomrade.csv)»."""
    for sheet, spec in sorted(own_sheets(), key=lambda s: -len(s[1].name)):
        text = re.sub(rf"(?<![\w«]){re.escape(spec.name)}(?!\w)",
                      f"arket «{sheet.title}» ({spec.name})", text)
    for line, row in _ROW_WORDS:  # a sheet has rows, not lines
        text = re.sub(rf"\b{line}\b", row, text)
    return text


_ROW_WORDS = (("linjene", "radene"), ("linjer", "rader"), ("linje", "rad"))


def _validate(stage: Path, by_file: dict[str, _SheetData], result: ImportResult) -> None:
    try:
        load_data(stage)
    except DataError as err:
        errors: list = []
        missing = []
        for p in err.problems:
            mapped = _map_problem(p, by_file)
            if mapped is not None:
                errors.append(mapped)
                continue
            name = Path(p.file).name
            if p.expected.startswith("filen mangler"):
                missing.append(name)
            else:
                result.notes.append(f"Annen fil i mappen: {name}: "
                                    + str(p).split(": ", 1)[-1])
        if missing:
            result.notes.append(f"{len(missing)} {'fil' if len(missing) == 1 else 'filer'} "
                                "som rapportene trenger, mangler ennå: " + ", ".join(missing)
                                + " («hop validate» viser alt som mangler).")
        if errors:
            raise WorkbookError(errors[:MAX_ERRORS],
                                max(0, len(errors) - MAX_ERRORS)) from None


# ---------------------------------------------------------------- writing and swapping


def _finish(data_dir: Path, stage: Path) -> None:
    """Carry out a journal: copy the previous versions aside, then move each new file into
    place (one atomic rename each) or remove it. Safe to run again after an interruption."""
    journal = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
    backup = data_dir / BACKUP_DIR
    backup.mkdir(exist_ok=True)
    for op in journal:
        target = data_dir / op["fil"]
        if op["handling"] in ("endret", "fjernet") and not op.get("kopiert"):
            if target.exists():
                shutil.copy2(target, backup / op["fil"])
    for op in journal:
        target, new = data_dir / op["fil"], stage / op["fil"]
        if op["handling"] == "fjernet":
            if target.exists():
                target.unlink()
        elif new.exists():
            os.replace(new, target)
    shutil.rmtree(stage, ignore_errors=True)


def recover(data_dir: Path) -> list[str]:
    """Finish an import that was interrupted after it was validated, and remove import
    folders that never got that far. Returns what was done (for the terminal)."""
    done = []
    for stage in sorted(Path(data_dir).glob(STAGING_PREFIX + "*")):
        if (stage / JOURNAL).exists():
            _finish(Path(data_dir), stage)
            done.append(f"Fullførte en avbrutt import ({stage.name}).")
        else:
            shutil.rmtree(stage, ignore_errors=True)
    return done


def import_workbook(xlsx: Path | str, data_dir: Path | str, dry_run: bool = False
                    ) -> ImportResult:
    """Import the workbook into ``data_dir``: validate all of it, then write the changed
    files (nothing at all when there is an error, or with ``dry_run``)."""
    from helpers.data.folderlock import folder_lock

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise WorkbookError([f"{data_dir}: datamappen finnes ikke – lag den med «hop ny» "
                             "eller oppgi en mappe med --data"])
    result = ImportResult()
    sheets, notes = read_workbook(xlsx)
    result.notes += notes
    with folder_lock(data_dir / LOCK_NAME):
        result.notes += recover(data_dir)
        stage = data_dir / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        try:
            ops = _stage(data_dir, stage, sheets, result)
            by_file = {d.file: d for d in sheets.values() if d.rows}
            _validate(stage, by_file, result)
            if dry_run or not ops:
                shutil.rmtree(stage, ignore_errors=True)
                return result
            (stage / JOURNAL).write_text(json.dumps(ops, ensure_ascii=False), encoding="utf-8")
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _finish(data_dir, stage)
    return result


def _stage(data_dir: Path, stage: Path, sheets: dict[str, _SheetData], result: ImportResult
           ) -> list[dict]:
    """Write the new files and copies of the folder's other data files into ``stage``;
    return the journal of changes."""
    specs = all_specs()
    own = {spec.name for _s, spec in own_sheets()}
    from_workbook = {d.file for d in sheets.values()}
    for spec in specs.values():  # the rest of the folder, so cross-file checks see it
        src = data_dir / spec.name
        if spec.name not in from_workbook and (src.exists() or src.is_symlink()):
            try:
                shutil.copy2(src, stage / spec.name)
            except OSError:
                pass  # the loader reports the unreadable original below
    ops = []
    for sheet, spec in own_sheets():
        data = sheets.get(spec.stem)
        target = data_dir / spec.name
        if data is None:
            result.files.append((sheet.title, spec.name, "ikke i arbeidsboken"))
            continue
        if not data.rows:
            if target.exists():
                ops.append({"fil": spec.name, "handling": "fjernet"})
                result.files.append((sheet.title, spec.name, "fjernet"))
                result.notes.append(f"Arket «{sheet.title}» er tomt: {spec.name} fjernes "
                                    f"(forrige utgave legges i {BACKUP_DIR}/).")
            else:
                result.files.append((sheet.title, spec.name, "tom"))
            continue
        content = csv_bytes(data.header, data.rows, data.dialect)
        (stage / spec.name).write_bytes(content)
        if target.exists() and target.read_bytes() == content:
            result.files.append((sheet.title, spec.name, "uendret"))
            continue
        status = "endret" if target.exists() else "ny"
        ops.append({"fil": spec.name, "handling": status})
        result.files.append((sheet.title, spec.name, status))
    assert all(op["fil"] in own for op in ops)
    return ops
