"""Cells and CSV text: how a CSV field becomes a workbook cell and back, so that an export
followed by an import gives the same bytes.

- Numbers are stored as numbers with a number format that shows as many decimals as the
  CSV text had (``13574.0`` → ``#,##0.0``); on import the number is written with that many
  decimals when that loses nothing, else in full (a typed ``12.345`` in a whole-number
  column stays ``12.345``). Excel's 15 significant digits are respected (``0.1+0.2`` is
  written ``0.3``).
- Text stays text; an empty cell is an empty field (missing, never zero).
- Each file's CSV dialect (separator, line ending, byte-order mark, encoding) is recorded
  at export and used at import. A new file gets the project's own format: comma, UTF-8,
  ``\\n``, decimal point.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass

NUMBER_KINDS = ("int", "float", "year")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.(\d+))?$")
_LEADING_ZERO = re.compile(r"^-?0\d")


@dataclass(frozen=True)
class Dialect:
    """How one CSV file is written."""

    sep: str = ","
    eol: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"

    @property
    def decimal(self) -> str:
        return "," if self.sep == ";" else "."

    def encode(self) -> str:
        """A short text form, stored in the workbook."""
        eol = {"\n": "lf", "\r\n": "crlf"}.get(self.eol, "lf")
        sep = {";": "semikolon", "\t": "tab"}.get(self.sep, "komma")
        return f"sep={sep};eol={eol};bom={'ja' if self.bom else 'nei'};enc={self.encoding}"

    @classmethod
    def decode(cls, text: object) -> Dialect:
        parts = dict(p.split("=", 1) for p in str(text or "").split(";") if "=" in p)
        return cls(
            sep={"semikolon": ";", "tab": "\t"}.get(parts.get("sep", ""), ","),
            eol="\r\n" if parts.get("eol") == "crlf" else "\n",
            bom=parts.get("bom") == "ja",
            encoding="cp1252" if parts.get("enc") == "cp1252" else "utf-8",
        )


def sniff_dialect(raw: bytes) -> Dialect:
    """The dialect of an existing CSV file (as the loader reads it)."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        encoding = "cp1252"
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    sep = max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","
    eol = "\r\n" if first.endswith("\r") else "\n"
    return Dialect(sep=sep, eol=eol, bom=bom, encoding=encoding)


# ---------------------------------------------------------------- CSV text → cell


def number_format(decimals: int, kind: str) -> str:
    if kind == "year":
        return "0"
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def to_cell(text: str | None, kind: str) -> tuple[object, str | None]:
    """The value and number format of the cell for one CSV field. A number column's field
    that is not a plain number (a typing error in the file) stays text, so the import
    reports it."""
    if text is None or text == "":
        return None, None
    if kind in NUMBER_KINDS:
        m = _PLAIN_NUMBER.match(text)
        if m and len(text.lstrip("-").split(".")[0]) <= 15 and not _LEADING_ZERO.match(text):
            decimals = len(m.group(2) or "")
            value = float(text) if decimals else int(text)
            if not decimals and value == 0 and text.startswith("-"):
                return text, "@"
            return value, number_format(decimals, kind)
        return text, "@"
    return text, "@"


# ---------------------------------------------------------------- cell → CSV text


class CellProblem(ValueError):
    """A cell whose content cannot be a CSV field (a date, a formula without a value …)."""


def decimals_of(fmt: str | None) -> int | None:
    """Decimals a number format shows (``#,##0.00`` → 2); None for General/text."""
    if not fmt or fmt in ("General", "@"):
        return None
    section = fmt.split(";", 1)[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    if "." not in section:
        return 0 if "0" in section or "#" in section else None
    tail = section.split(".", 1)[1]
    m = re.match(r"[0#?]*", tail)
    return len(m.group(0)) if m else 0


def _shortest(value: float) -> str:
    """The shortest text for a float, at Excel's precision (15 significant digits)."""
    value = float(f"{value:.15g}")
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def number_text(value: float | int, fmt: str | None, decimal: str = ".") -> str:
    """The CSV text of a number cell: with the decimals its format shows when that loses
    nothing, else the shortest exact form."""
    if isinstance(value, bool):
        raise CellProblem("en sannhetsverdi (SANN/USANN)")
    if isinstance(value, float) and not math.isfinite(value):
        raise CellProblem("et tall som ikke er endelig")
    short = _shortest(value)
    d = decimals_of(fmt)
    text = short
    if d is not None:
        fixed = f"{float(short):.{d}f}"
        if float(fixed) == float(short):
            text = fixed
    if text in ("-0", "-0.0") or re.fullmatch(r"-0\.0+", text):
        text = text[1:]
    return text.replace(".", decimal) if decimal != "." else text


def cell_text(value: object, fmt: str | None, kind: str, decimal: str = ".") -> str:
    """The CSV field for a cell value (``""`` for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise CellProblem("en dato eller et klokkeslett (Excel har trolig gjort teksten om til "
                          "en dato – formater cellen som tekst og skriv verdien på nytt)")
    if isinstance(value, bool):
        raise CellProblem("en sannhetsverdi (SANN/USANN)")
    if isinstance(value, (int, float)):
        if kind in NUMBER_KINDS:
            return number_text(value, fmt, decimal)
        return number_text(value, None)  # a code typed as a number: 1100, not 1 100
    text = str(value)
    return text


# ---------------------------------------------------------------- CSV writing


def csv_bytes(header: list[str], rows: list[list[str]], dialect: Dialect) -> bytes:
    """The file's bytes: minimal quoting, the dialect's separator and line ending."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=dialect.sep, lineterminator=dialect.eol,
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    try:
        data = text.encode(dialect.encoding)
    except UnicodeEncodeError:  # a character Windows-1252 lacks: the file becomes UTF-8
        data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if dialect.bom else data
