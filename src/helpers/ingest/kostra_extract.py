"""Reader for the KOSTRA accounts extract (the fixed-width file every municipality's
accounting system produces for SSB).

Record layout (48 characters per line), from SSB's kostra-kontrollprogram, file
description «Filbeskrivelse: Regnskap» (``kravspesifikasjon/file_description_Regnskap_2025.md``)
and ``RegnskapFieldDefinitions.kt``; positions are 1-based and inclusive:

=====================  ========  =====================================================
field                  columns   content
=====================  ========  =====================================================
skjema                 1–2       0A bevilgningsregnskap kommunekasse, 0B balanse
                                 kommunekasse, 0M konsolidert bevilgningsregnskap,
                                 0N konsolidert balanse (and the county/other forms)
aargang                3–6       the reporting year
kvartal                7         blank for the annual accounts, 1–4 for a quarter
region                 8–13      kommunenummer + «00» (six digits)
orgnr                  14–22     organisation number (optional)
foretaksnr             23–31     enterprise number (optional)
kontoklasse            32        0A: 1 drift, 0 investering; 0M: 3 drift, 4 investering;
                                 0B: 2, 0N: 5 (balance)
funksjon_kapittel      33–36     function (3 digits, left-aligned, padded with a space)
                                 or, in a balance form, the chapter
art_sektor             37–39     art or, in a balance form, the sector
belop                  40–48     amount in **1000 kr**, right-aligned; expenses positive,
                                 incomes negative (minus sign before the digits)
=====================  ========  =====================================================

:func:`read_extract` returns one row per record with those fields (``belop`` as float,
1000 kr) plus ``regnskap`` (``drift``, ``investering`` or ``balanse``) and ``linje`` (the
line number in the file). ``kommunenummer`` is the municipality's number today: a file for a
year before 2024 carries the number the municipality had then (``region``), and a number
changed on 1 January 2024 is translated (:mod:`helpers.ingest.kommunenummer`).

A quarterly file (``kvartal`` 1–4) holds the accounts from 1 January to the end of that
quarter, not a year's accounts: :func:`latest_period` prefers the annual accounts of a year
and :func:`period_label` names a quarter as «hittil i år». Every problem in the file is
collected and raised together as a :class:`KostraExtractError` whose message names the
file, the line, the columns, the value and what was expected (bokmål).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.ingest.kommunenummer import current

RECORD_LENGTH = 48

# name, first column, last column (1-based, inclusive)
FIELDS: list[tuple[str, int, int]] = [
    ("skjema", 1, 2), ("aargang", 3, 6), ("kvartal", 7, 7), ("region", 8, 13),
    ("orgnr", 14, 22), ("foretaksnr", 23, 31), ("kontoklasse", 32, 32),
    ("funksjon_kapittel", 33, 36), ("art_sektor", 37, 39), ("belop", 40, 48),
]

# kontoklasse → kind of accounts, per skjema (kontrollprogrammet, «Kontroll 009»)
KONTOKLASSER: dict[str, dict[str, str]] = {
    "0A": {"1": "drift", "0": "investering"},
    "0C": {"1": "drift", "0": "investering"},
    "0I": {"3": "drift", "4": "investering"},
    "0K": {"3": "drift", "4": "investering"},
    "0M": {"3": "drift", "4": "investering"},
    "0P": {"3": "drift", "4": "investering"},
    "0B": {"2": "balanse"}, "0D": {"2": "balanse"},
    "0J": {"5": "balanse"}, "0L": {"5": "balanse"},
    "0N": {"5": "balanse"}, "0Q": {"5": "balanse"},
}
BALANCE_FORMS = {"0B", "0D", "0J", "0L", "0N", "0Q"}

COLUMNS = ["skjema", "aar", "kvartal", "region", "kommunenummer", "orgnr", "foretaksnr",
           "kontoklasse", "regnskap", "funksjon", "art", "belop", "linje"]

_AMOUNT = re.compile(r"^\s*-?\d+$")  # as kontrollprogrammet's «Kontroll 014 : Beløp»


@dataclass(frozen=True)
class ExtractProblem:
    line: int
    columns: str
    value: str
    expected: str

    def text(self, name: str) -> str:
        return (f"{name}, linje {self.line}, kolonne {self.columns}: «{self.value}» – "
                f"{self.expected}")


class KostraExtractError(ValueError):
    """Every problem in one extract, in bokmål (no traceback in notebooks)."""

    def __init__(self, name: str, problems: list[ExtractProblem], limit: int = 20):
        self.name = name
        self.problems = problems
        shown = [p.text(name) for p in problems[:limit]]
        rest = len(problems) - len(shown)
        if rest:
            shown.append(f"… og {rest} feil til i {name}")
        super().__init__(f"KOSTRA-uttrekket {name} har {len(problems)} "
                         f"{'feil' if len(problems) != 1 else 'feil'}:\n" + "\n".join(shown))

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def _field(line: str, first: int, last: int) -> str:
    return line[first - 1:last]


def _cols(first: int, last: int) -> str:
    return f"{first}–{last}" if first != last else str(first)


def parse_lines(lines: list[str], name: str = "uttrekket") -> pd.DataFrame:
    """Parse the records in ``lines`` (without line endings); see the module doc."""
    problems: list[ExtractProblem] = []
    rows = []
    for nr, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue  # blank lines (often the last one) carry no record
        if len(line) != RECORD_LENGTH:
            problems.append(ExtractProblem(nr, f"1–{len(line)}", line.strip()[:60],
                                           f"forventet en post på nøyaktig {RECORD_LENGTH} "
                                           f"tegn, fant {len(line)}"))
            continue
        f = {n: _field(line, a, b) for n, a, b in FIELDS}
        bad = len(problems)
        skjema = f["skjema"]
        if skjema not in KONTOKLASSER:
            problems.append(ExtractProblem(nr, "1–2", skjema, "forventet et regnskapsskjema "
                                           "som 0A, 0B, 0M eller 0N"))
        if not re.fullmatch(r"\d{4}", f["aargang"]):
            problems.append(ExtractProblem(nr, "3–6", f["aargang"], "forventet et årstall "
                                           "med fire siffer"))
        if f["kvartal"] not in (" ", "1", "2", "3", "4"):
            problems.append(ExtractProblem(nr, "7", f["kvartal"], "forventet blank "
                                           "(årsregnskap) eller kvartal 1–4"))
        if not re.fullmatch(r"\d{6}", f["region"]):
            problems.append(ExtractProblem(nr, "8–13", f["region"], "forventet region med "
                                           "seks siffer (kommunenummer + 00)"))
        kinds = KONTOKLASSER.get(skjema, {})
        if skjema in KONTOKLASSER and f["kontoklasse"] not in kinds:
            problems.append(ExtractProblem(
                nr, "32", f["kontoklasse"],
                f"forventet kontoklasse {' eller '.join(sorted(kinds))} for skjema {skjema}"))
        funk = f["funksjon_kapittel"]
        art = f["art_sektor"]
        if skjema in BALANCE_FORMS:
            if not re.fullmatch(r"\d{2,4} {0,2}", funk):
                problems.append(ExtractProblem(nr, "33–36", funk, "forventet kapittel (2–4 "
                                               "siffer, venstrejustert)"))
        elif not re.fullmatch(r"\d{3} ", funk):
            problems.append(ExtractProblem(nr, "33–36", funk, "forventet funksjon med tre "
                                           "siffer fulgt av et mellomrom"))
        if not re.fullmatch(r"\d{3}", art):
            problems.append(ExtractProblem(nr, "37–39", art, "forventet "
                                           + ("sektor" if skjema in BALANCE_FORMS else "art")
                                           + " med tre siffer"))
        if not _AMOUNT.match(f["belop"]):
            problems.append(ExtractProblem(nr, "40–48", f["belop"], "forventet et helt beløp "
                                           "i 1000 kr, høyrejustert, med minustegn foran "
                                           "inntekter"))
        if len(problems) > bad:
            continue
        rows.append({
            "skjema": skjema, "aar": int(f["aargang"]), "kvartal": f["kvartal"].strip(),
            "region": f["region"], "kommunenummer": current(f["region"][:4]),
            "orgnr": f["orgnr"].strip(), "foretaksnr": f["foretaksnr"].strip(),
            "kontoklasse": f["kontoklasse"], "regnskap": kinds[f["kontoklasse"]],
            "funksjon": funk.strip(), "art": art, "belop": float(int(f["belop"])),
            "linje": nr,
        })
    if problems:
        raise KostraExtractError(name, problems)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["belop"] = out["belop"].astype(float)
    return out


def extract_path(kostra_fil: str, data_dir: str = "") -> str:
    """The extract's path for a report's ``kostra_fil`` parameter: as given when absolute
    or found from the working folder, otherwise in the data folder (as given when found
    nowhere: :func:`read_extract` names it); empty for none."""
    from helpers.data.paths import data_dir as find_data_dir

    if not kostra_fil:
        return ""
    p = Path(kostra_fil).expanduser()
    if p.is_absolute() or p.exists():
        return str(p)
    try:
        in_data = find_data_dir(data_dir or None) / p
    except FileNotFoundError:
        return str(p)
    return str(in_data) if in_data.exists() else str(p)


def read_extract(path: Path | str) -> pd.DataFrame:
    """Read a KOSTRA accounts extract (``.dat``/``.txt``) from ``path``.

    The files are plain text; SSB's tools read them as ISO-8859-1 as well as UTF-8, and
    the records hold digits and spaces only, so the bytes are decoded as latin-1.
    """
    p = Path(path)
    if not p.is_file():
        raise KostraExtractError(p.name, [ExtractProblem(0, "–", str(p), "filen finnes "
                                                        "ikke eller er ikke en fil")])
    from helpers.data import reads

    reads.record(p)  # a build is redone when the extract changes
    text = p.read_bytes().decode("latin-1")
    return parse_lines(text.splitlines(), p.name)


def operating(extract: pd.DataFrame, kommunenummer: str | None = None,
              aar: int | None = None, skjema: str = "0A", kvartal: str = "") -> pd.DataFrame:
    """The operating (drift) records of one form (``0A`` kommunekassen or ``0M``
    konsolidert), for one municipality and year when given; the annual accounts unless
    ``kvartal`` names a quarter («1»–«4»)."""
    sel = extract[(extract["skjema"] == skjema) & (extract["regnskap"] == "drift")
                  & (extract["kvartal"] == str(kvartal))]
    if kommunenummer is not None:
        sel = sel[sel["kommunenummer"] == kommunenummer]
    if aar is not None:
        sel = sel[sel["aar"] == int(aar)]
    return sel.reset_index(drop=True)


def latest_period(extract: pd.DataFrame, kommunenummer: str, skjema: str = "0A",
                  before: int | None = None) -> tuple[int, str] | None:
    """The latest period with drift records of ``skjema`` for the municipality, as
    (year, kvartal): the annual accounts (kvartal «») of the latest year when the file has
    them, otherwise that year's latest quarter; only years before ``before`` when given.
    None when there are none."""
    sel = extract[(extract["kommunenummer"] == kommunenummer) & (extract["skjema"] == skjema)
                  & (extract["regnskap"] == "drift")]
    if before is not None:
        sel = sel[sel["aar"] < int(before)]
    if sel.empty:
        return None
    year = int(sel["aar"].max())
    quarters = set(sel.loc[sel["aar"] == year, "kvartal"])
    return year, ("" if "" in quarters else max(quarters))


def period_label(aar: int, kvartal: str) -> str:
    """«2024» for the annual accounts, «hittil i år per 3. kvartal 2024» for a quarter."""
    return str(aar) if not kvartal else f"hittil i år per {kvartal}. kvartal {aar}"
