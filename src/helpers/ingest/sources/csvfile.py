"""A CSV file saved from Statistikkbanken or PxWebApi v2 (``outputFormat=csv``) → the same
tidy frame as :func:`.jsonstat.decode`, for ``hop hent --fra-fil``.

PxWebApi v2 writes CSV with codes by default (``UseCodes``) or as «kode - tekst» in one cell
(``UseCodesAndTexts``), with ``,`` or ``;`` (``SeparatorSemicolon``), in Latin-1, and
either wide (the stub variables as columns, one column per combination of the heading
variables, typically ``ContentsCode`` and ``Tid``) or long (every variable in the stub, one
value column). The file does not say which column is which variable, so each column is
matched to a variable of the query by its codes: a column whose every cell is a code of one
variable is that variable; the remaining columns are values, and their header must name
the codes of the remaining variables. A CSV with texts only (``UseTexts``) cannot be
matched and gives a bokmål error asking for codes or JSON-stat2.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .jsonstat import LABEL_SUFFIX, MISSING_SYMBOLS, SsbError

_EXPRESSIONS = {
    "Tid": re.compile(r"^\d{4}(K[1-4])?$"),
    "Alder": re.compile(r"^\d{3}\+?$"),
}


def _split(cell: str) -> tuple[str, str]:
    """``"5025 - Røros"`` → (``"5025"``, ``"Røros"``); ``"5025"`` → (``"5025"``, ``"5025"``)."""
    cell = cell.strip()
    if " - " in cell:
        code, text = cell.split(" - ", 1)
        return code.strip(), text.strip()
    return cell, cell


_KOSTRA_CODE = re.compile(r"^[A-Za-z]*\d+[A-Za-z]?$")
_REGION = re.compile(r"^(\d{4}|E[A-Z]+\d*)$")


def _matcher(var: str, codes: Sequence[str]):
    literal = {c.lower() for c in codes if not any(ch in c for ch in "*?(")}
    if var in ("Region", "KOKkommuneregion0000"):
        # The file may hold more municipalities than the query; the caller filters.
        return lambda code: bool(_REGION.match(code)) or code.lower() in literal
    pattern = _EXPRESSIONS.get(var)
    if pattern is not None:  # periods and ages: the file may hold more than asked for
        return lambda code: bool(pattern.match(code))
    if len(literal) < len(codes):  # «*» for a KOSTRA dimension: any KOSTRA-like code
        return lambda code: bool(_KOSTRA_CODE.match(code))
    return lambda code: code.lower() in literal


def _text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _number(cell: str) -> tuple[float, str]:
    s = cell.strip().replace("\u00a0", "").replace(" ", "")
    if s in MISSING_SYMBOLS or s == "":
        return math.nan, s
    if s == "-":
        return 0.0, s  # SSB: «-» = the figure is exactly 0
    try:
        return float(s.replace(",", ".")), ""
    except ValueError:
        raise SsbError(f"«{cell}» er verken et tall eller et av SSBs symboler.") from None


def decode_coded_csv(raw: bytes, table: str, selection: Mapping[str, Sequence[str]]
                     ) -> pd.DataFrame:
    """The CSV's bytes → a frame with a code and a ``_tekst`` column per variable."""
    lines = [ln for ln in _text(raw).splitlines() if ln.strip()]
    if not lines:
        raise SsbError("CSV-filen er tom.", table)
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:5]), delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    widest = max(len(r) for r in rows)
    while rows and len(rows[0]) < widest:  # title lines (IncludeTitle)
        rows.pop(0)
    header, body = rows[0], rows[1:]
    if not body:
        raise SsbError("CSV-filen har ingen rader med tall.", table)
    matchers = {v: _matcher(v, codes) for v, codes in selection.items()}
    dim_cols: dict[int, str] = {}
    for j in range(len(header)):
        cells = [_split(r[j])[0] for r in body if j < len(r)]
        for var, match in matchers.items():
            if var in dim_cols.values() or match is None:
                continue
            if cells and all(match(c) for c in cells):
                dim_cols[j] = var
                break
    rest = [v for v in selection if v not in dim_cols.values()]
    value_cols = [j for j in range(len(header)) if j not in dim_cols]
    if not value_cols:
        raise SsbError("fant ingen kolonne med tall i CSV-filen.", table)
    heading: dict[int, dict[str, tuple[str, str]]] = {}
    for j in value_cols:
        found: dict[str, tuple[str, str]] = {}
        tokens = [t for t in re.split(r"[\s;,]+", header[j]) if t]
        for var in rest:
            match = matchers[var]
            # The last hit: a year in a text («… 1000 kr 2021») comes before the period.
            hits = [t for t in tokens if match is not None and match(t)]
            hit = hits[-1] if hits else None
            if hit is not None:
                found[var] = (hit, hit)
        if len(found) != len(rest):
            missing = ", ".join(f"«{v}»" for v in rest if v not in found)
            raise SsbError(
                f"CSV-filen har ikke kodene for {missing} (kolonnen «{header[j]}»). Lagre "
                "tabellen med koder (eller «kode - tekst»), eller som JSON-stat2.", table)
        heading[j] = found
    records: dict[str, list] = {}
    for var in selection:
        records[var] = []
        records[var + LABEL_SUFFIX] = []
    records["verdi"], records["status"] = [], []
    for line_no, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise SsbError(f"CSV-linje {line_no} har {len(r)} felt, men overskriften har "
                           f"{len(header)}.", table)
        for j in value_cols:
            for jj, var in dim_cols.items():
                code, text = _split(r[jj])
                records[var].append(code)
                records[var + LABEL_SUFFIX].append(text)
            for var, (code, text) in heading[j].items():
                records[var].append(code)
                records[var + LABEL_SUFFIX].append(text)
            value, status = _number(r[j])
            records["verdi"].append(value)
            records["status"].append(status)
    import pandas as pd

    frame = pd.DataFrame(records)
    frame["verdi"] = frame["verdi"].astype("float64")
    frame.attrs.update({"tabell": table})
    return frame
