"""Read an accounting system's ledger export (CSV or Excel) into ledger lines.

The formats exports come in are understood: a byte-order mark, ``;`` or ``,`` or tab,
UTF-8 or Windows-1252, title lines above the header, amounts as «1 234 567», «-1 234,50»,
«1.234.567», «(1 234)» or «-» for zero, income negative, Nynorsk or bokmål headers,
alphanumeric ansvar codes, a five-digit tjeneste (KOSTRA funksjon and two local digits),
art codes with a kontoklasse digit in front, periods as 3, 03, 202403 or 2024-03, sum lines
and blank lines at the end. Every refusal names the file, line, column and value.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from helpers.data.load import Problem
from helpers.ingest.ledger.profile import Profile

MAX_PROBLEMS = 30
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+$")
_SUM_WORDS = ("sum", "total", "totalt", "samla", "samlet")
_THOUSANDS = re.compile(r"(1\s?000|tusen|tkr|t\.kr|kr\s?1000)", re.IGNORECASE)


class LedgerError(Exception):
    """The export cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem | str], omitted: int = 0):
        self.problems = problems
        self.omitted = omitted
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.problems) + self.omitted
        head = "1 feil i eksporten" if n == 1 else f"{n} feil i eksporten"
        lines = [head + " – ingen filer er skrevet:"] + [f"- {p}" for p in self.problems]
        if self.omitted:
            lines.append(f"- og {self.omitted} feil til (de første {len(self.problems)} er vist)")
        return "\n".join(lines)


@dataclass(frozen=True)
class Cell:
    value: object   # str from CSV; str, int, float or None from Excel
    column: str     # header name as in the file (with the column letter for Excel)


@dataclass
class Export:
    """The export's header and data rows, each row with its line (CSV) or row (Excel)."""

    file: str
    header: list[str]
    labels: list[str]          # how a column is named in messages
    rows: list[tuple[int, list[object]]]
    skipped: list[str]         # notes about lines left out (sum lines)


@dataclass
class Line:
    """One ledger line, amounts in the export's unit with the accounts' sign."""

    line: int
    aar: int | None
    periode: int | None
    ansvar: str
    art: str
    funksjon: str
    prosjekt: str
    klasse: str        # "drift" or "investering"
    belop: float
    kommunenummer: str | None = None


# ---------------------------------------------------------------- raw rows


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _csv_rows(path: Path) -> list[tuple[int, list[object]]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LedgerError([Problem(path.name, None, None, None,
                                   "filen er lagret som UTF-16 (Excels «Unicode-tekst») – "
                                   "forventet CSV i UTF-8 eller Windows-1252, eller .xlsx")])
    text = _decode(raw).lstrip("\ufeff")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
    # the header line decides; a title line above it has no separators worth counting
    for ln in lines[:30]:
        c = {sep: ln.count(sep) for sep in (";", "\t", ",")}
        if max(c.values()) > max(counts.values()):
            counts = c
    sep = max(counts, key=lambda s: counts[s]) if max(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"')
    out = []
    start = 1
    for fields in reader:
        out.append((start, [f.strip() for f in fields]))
        start = reader.line_num + 1
    return out


def _xlsx_rows(path: Path, sheet: str | None) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise LedgerError([Problem(path.name, None, None, None,
                                   "filen kan ikke leses som Excel-arbeidsbok – forventet "
                                   f".xlsx eller CSV ({type(exc).__name__})")]) from None
    if sheet is not None and sheet not in wb.sheetnames:
        raise LedgerError([Problem(path.name, None, None, sheet,
                                   "et ark som finnes i arbeidsboken: "
                                   + ", ".join(wb.sheetnames))])
    ws = wb[sheet] if sheet else wb.worksheets[0]
    out = []
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        out.append((r, [v.strip() if isinstance(v, str) else v for v in values]))
    wb.close()
    return out


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


_UNIT_SUFFIX = re.compile(r"\s*(\([^)]*\)|,?\s+(i\s+)?(hele\s+)?(1\s?000\s?kr|tusen(\s?kr)?|kr|"
                          r"nok|tkr))$", re.IGNORECASE)


def _norm(name: object) -> str:
    """A header for matching: spaces and case do not matter, nor a unit after the name
    («Beløp (1000 kr)», «Budsjett i hele tusen», «Beløp NOK» match «Beløp», «Budsjett»)."""
    text = re.sub(r"\s+", " ", str(name or "")).strip()
    return _UNIT_SUFFIX.sub("", text).strip().casefold()


def read_export(path: Path | str, profile: Profile) -> Export:
    """The export's header row (found among the first lines: the row that has the profile's
    art and amount columns) and its data rows; blank rows and sum lines left out."""
    path = Path(path)
    if not path.exists():
        raise LedgerError([f"{path}: filen finnes ikke"])
    if path.is_dir():
        raise LedgerError([f"{path}: dette er en mappe – forventet eksporten (CSV eller .xlsx)"])
    excel = path.suffix.lower() in (".xlsx", ".xlsm")
    if path.suffix.lower() == ".xls":
        raise LedgerError([Problem(path.name, None, None, None,
                                   "den gamle .xls-formen kan ikke leses – lagre eksporten som "
                                   "«Excel-arbeidsbok (.xlsx)» eller CSV")])
    rows = _xlsx_rows(path, profile.sheet) if excel else _csv_rows(path)
    wanted = {_norm(h) for h in profile.headers("art")}, {_norm(h) for h in
                                                            profile.headers("belop")}
    head_at = None
    for i, (_n, values) in enumerate(rows[:30]):
        names = {_norm(v) for v in values}
        if names & wanted[0] and names & wanted[1]:
            head_at = i
            break
    if head_at is None:
        raise LedgerError([Problem(path.name, None, None, None,
                                   "fant ingen overskriftslinje med kolonnene for art ("
                                   + ", ".join(profile.headers("art")) + ") og beløp ("
                                   + ", ".join(profile.headers("belop"))
                                   + f") blant de første linjene – er profilen «{profile.name}» "
                                   "riktig for denne eksporten?")])
    header = ["" if _blank(v) else str(v).strip() for v in rows[head_at][1]]
    while header and not header[-1]:
        header.pop()
    if excel:
        from openpyxl.utils import get_column_letter

        labels = [f"{h} ({get_column_letter(j + 1)})" for j, h in enumerate(header)]
    else:
        labels = list(header)
    data, skipped = [], []
    for n, values in rows[head_at + 1:]:
        values = list(values[:len(header)]) + [None] * (len(header) - len(values))
        if all(_blank(v) for v in values):
            continue
        texts = [str(v).strip().casefold() for v in values if not _blank(v)]
        if texts and isinstance(texts[0], str) and texts[0].split(" ")[0].rstrip(":") \
                in _SUM_WORDS:
            skipped.append(f"{'rad' if excel else 'linje'} {n} ser ut som en sumlinje "
                           f"(«{texts[0]}») og er ikke tatt med")
            continue
        data.append((n, values))
    return Export(path.name, header, labels, data, skipped)


# ---------------------------------------------------------------- values


class _Bad(ValueError):
    pass


def parse_amount(value: object, decimal: str = ",") -> float:
    """An amount as exports write it: «1 234 567», «-1 234,50», «1.234.567», «(1 234)»,
    «1234-», «−12», «-» or «-   » (zero, Excel's accounting format); numbers from Excel as
    they are. Raises ValueError for anything else."""
    if isinstance(value, bool):
        raise _Bad("en sannhetsverdi")
    if isinstance(value, int | float):
        return float(value)
    s = _SPACES.sub("", str(value)).replace("\u2212", "-").replace("\u2013", "-")
    s = s.removesuffix("kr").removeprefix("kr")
    if s in ("", "-"):
        return 0.0 if s == "-" else float("nan")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.endswith("-") and not s.startswith("-"):
        negative, s = True, s[:-1]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    other = "." if decimal == "," else ","
    if other in s:
        grouped = _GROUPED_DOTS if other == "." else _GROUPED_COMMAS
        whole = s.split(decimal)[0]
        if not grouped.match(whole):
            raise _Bad(s)
        s = s.replace(other, "")
    s = s.replace(decimal, ".")
    if not re.fullmatch(r"\d+(\.\d+)?", s):
        raise _Bad(s)
    out = float(s)
    return -out if negative else out


def decimals_of(value: object, decimal: str = ",") -> int:
    """How many decimals an amount was written with (0 for Excel integers)."""
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        return 0 if value.is_integer() else len(repr(value).split(".")[1])
    s = _SPACES.sub("", str(value)).rstrip("-)")
    return len(s.split(decimal)[1]) if decimal in s else 0


def unit_in_header(name: str) -> str | None:
    """«Beløp (1000 kr)», «Budsjett i hele tusen» → «1000 kr»; None when the header does
    not say."""
    return "1000 kr" if _THOUSANDS.search(name) else None


def code_text(value: object) -> str:
    """A code cell as text: Excel numbers without «.0»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if _blank(value) else str(value).strip()


def parse_period(value: object) -> tuple[int | None, int]:
    """(year or None, period) from 3, «03», «202403», «2024-03», «2024/3», «03.2024»."""
    s = code_text(value)
    if re.fullmatch(r"\d{1,2}", s):
        return None, int(s)
    m = (re.fullmatch(r"(\d{4})(\d{2})", s) or re.fullmatch(r"(\d{4})[-/.](\d{1,2})", s))
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", s)
    if m:
        return int(m.group(2)), int(m.group(1))
    raise _Bad(s)
