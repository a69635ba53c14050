"""Load and validate the CSV files in a data folder.

Files may come straight from Norwegian Excel: semicolon separator with decimal comma,
spaces or no-break spaces as thousands separators, UTF-8 with or without BOM, or
Windows-1252. Comma-separated UTF-8 with '.' as decimal point (the project's own format)
loads too. Validation is done by pandera; every problem becomes one bokmål message that
names the file, line, column, value and what was expected.
"""

from __future__ import annotations

import errno
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import settings
from helpers.data import reads
from helpers.data.specs import Col, FileSpec, all_specs

YEAR_MIN, YEAR_MAX = 1990, 2060
_NUMBER_KINDS = {"int", "float", "year"}
# No figure in a municipality's budget comes near this (1e12 × 1000 kr); larger values are
# typing or export errors, and would overflow the decimal rounding later.
MAX_MAGNITUDE = 1e12
# Problems listed per file; the rest are counted (a huge file of bad rows stays readable).
MAX_PROBLEMS_PER_FILE = 20
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")


@dataclass(frozen=True)
class Problem:
    """One problem in one data file."""

    file: str
    line: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"linje {self.line}")
        if self.column is not None:
            parts.append(f"kolonne «{self.column}»")
        where = ", ".join(parts)
        if self.value is None or (isinstance(self.value, float) and pd.isna(self.value)):
            return f"{where}: {self.expected}"
        return f"{where}: verdien «{self.value}» er ikke gyldig – forventet {self.expected}"


class DataError(Exception):
    """Raised when a data folder has problems. ``problems`` lists every one found, or the
    first ones when there are very many; ``omitted`` counts those left out."""

    def __init__(self, problems: list[Problem], omitted: int = 0):
        self.problems = problems
        self.omitted = omitted
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.problems) + self.omitted
        head = "Feil i dataene:" if n == 1 else f"{n} feil i dataene:"
        return head + "\n" + "\n".join(f"- {p}" for p in self.problems)

    # IPython shows this instead of a Python traceback in notebooks.
    def _render_traceback_(self) -> list[str]:
        return [self.message()]


# ---------------------------------------------------------------- reading


_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _encoding_problem(raw: bytes) -> str | None:
    """Why these bytes are not a CSV text file we can read (None when they may be)."""
    head = raw[:65536]
    if head.startswith(_UTF16_32_BOMS) or (
            len(head) >= 4 and head.count(b"\x00") * 3 >= len(head)
            and (head[1::2].count(0) * 4 >= len(head) or head[0::2].count(0) * 4 >= len(head))):
        return ("filen er lagret med tegnkodingen UTF-16 (Excels «Unicode-tekst») – lagre den "
                "som «CSV UTF-8» eller «CSV (semikolondelt)»")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("filen er et Excel-regneark eller en annen binærfil, ikke tekst – lagre den "
                "som «CSV UTF-8» eller «CSV (semikolondelt)»")
    controls = sum(head.count(b) for b in _CONTROL_BYTES)
    if b"\x00" in head or controls > max(8, len(head) // 100):
        return ("filen er ikke en tekstfil (binært innhold) – forventet en CSV-fil lagret som "
                "tekst (UTF-8 eller Windows-1252)")
    return None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; file-system trouble becomes a :class:`DataError` saying what it is."""
    def fail(text: str):
        raise DataError([Problem(path.name, None, None, None, text)])

    if path.is_symlink() and not path.exists():
        try:
            path.resolve(strict=True)
        except (RuntimeError, OSError) as exc:
            if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
                fail("filen er en symbolsk lenke som peker i ring (lenkeløkke) – erstatt "
                     "lenken med filen")
        fail(f"filen er en symbolsk lenke til «{os.readlink(path)}», som ikke finnes")
    if path.is_dir():
        fail("dette er en mappe, ikke en fil – forventet en CSV-fil")
    try:
        return path.read_bytes()
    except PermissionError:
        fail("filen kan ikke leses (mangler lesetilgang) – sjekk tilgangen til filen")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            fail("filen er en symbolsk lenke som peker i ring (lenkeløkke) – erstatt lenken "
                 "med filen")
        fail(f"filen kan ikke leses: {exc.strerror or exc}")
    raise AssertionError("unreachable")


def _sniff_separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","


def normalise_number(text: object, decimal: str) -> object:
    """Turn '1 234,5', '−24', '4,2 %' into '1234.5', '-24', '4.2' (left as text otherwise)."""
    if not isinstance(text, str):
        return text
    s = _SPACES.sub("", text).replace("\u2212", "-").replace("\u2013", "-")
    if s.endswith("%"):
        s = s[:-1]
    if decimal == ",":
        s = s.replace(",", ".")
    if s in {"", "-"} and text.strip() in {"", "-"}:
        return pd.NA if text.strip() == "" else text
    return s


def read_csv_file(path: Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV file as text columns. Returns the frame and the decimal mark in use."""
    raw = _read_bytes(path)
    if not raw.strip():
        raise DataError([Problem(path.name, None, None, None, "filen er tom")])
    trouble = _encoding_problem(raw)
    if trouble:
        raise DataError([Problem(path.name, None, None, None, trouble)])
    try:
        text = _decode(raw)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataError([Problem(path.name, line, None, None,
                                 f"tegnet (byte 0x{raw[exc.start]:02x}) kan ikke leses som "
                                 "UTF-8 eller Windows-1252 – lagre filen som «CSV UTF-8»")]
                        ) from None
    header = text[:1_000_000].lstrip("\ufeff").splitlines()[0]
    sep = _sniff_separator(header)
    if not any(c in header for c in ";,\t"):
        raise DataError([Problem(path.name, 1, None, None,
                                 "fant verken semikolon eller komma i overskriftslinjen – er "
                                 "skilletegnet riktig? Forventet semikolon (Excel) eller komma")])
    decimal = "," if sep == ";" else "."
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
            skip_blank_lines=True, quotechar='"',
        )
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        raise DataError([Problem(path.name, line, None, None,
                                 f"linjen har feil antall felt med {sep!r} som skilletegn – er "
                                 "skilletegnet riktig, og står tekst med skilletegn i "
                                 "anførselstegn?")]
                        ) from None
    df.columns = [c.strip() for c in df.columns]
    for c in df.columns:
        df[c] = df[c].str.strip()
    df = df.replace({"": pd.NA})
    return df, decimal


def normalise_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """:func:`normalise_number` for a whole column at once (fast on huge files): cells that
    already are plain numbers are left as they are, the others are normalised."""
    plain = pd.to_numeric(values, errors="coerce").notna()
    if plain.all():
        return values
    out = values.copy()
    rest = ~plain
    out[rest] = _normalise_text(values[rest], decimal)
    return out


def _normalise_text(values: pd.Series, decimal: str) -> pd.Series:
    text = values.astype("string")
    stripped = text.str.strip()
    s = (text.str.replace(_SPACES, "", regex=True).str.replace("\u2212", "-", regex=False)
         .str.replace("\u2013", "-", regex=False).str.removesuffix("%"))
    if decimal == ",":
        s = s.str.replace(",", ".", regex=False)
    s = s.mask(stripped == "", pd.NA).mask(stripped == "-", text)
    return s.astype(values.dtype)


_NAN_WORDS = {"nan", "+nan", "-nan"}


def _not_finite(values: pd.Series) -> pd.Series:
    """For each cell: '' when acceptable, otherwise what is wrong. ``inf``, ``nan`` and
    absurd magnitudes parse as floats but are not figures anyone meant."""
    out = pd.Series("", index=values.index, dtype=object)
    present = values.notna()
    if not present.any():
        return out
    num = pd.to_numeric(values.where(present, None), errors="coerce")
    words = values[present].astype(str).str.lower()
    out[words[words.isin(_NAN_WORDS)].index] = (
        "et tall – «nan» (ikke et tall) er ikke tillatt; la cellen stå tom om tallet mangler")
    out[num.index[np.isinf(num)]] = "et endelig tall – uendelig er ikke tillatt"
    digits = len(str(int(MAX_MAGNITUDE))) - 1
    out[num.index[np.isfinite(num) & (num.abs() > MAX_MAGNITUDE)]] = (
        f"et tall med høyst {digits} siffer før komma")
    return out


# ---------------------------------------------------------------- schemas


def _expected_text(col: Col) -> str:
    if col.kind == "year":
        return f"et årstall mellom {YEAR_MIN} og {YEAR_MAX}"
    if col.kind == "int":
        return "et heltall"
    if col.kind == "float":
        return "et tall (desimalkomma eller -punktum)"
    return "tekst"


def _pandera_column(name: str, col: Col, known_kommuner: set[str] | None) -> pa.Column:
    checks = []
    if col.kind == "year":
        dtype = "Int64"
        checks.append(pa.Check.in_range(YEAR_MIN, YEAR_MAX,
                                        error=f"et årstall mellom {YEAR_MIN} og {YEAR_MAX}"))
    elif col.kind == "int":
        dtype = "Int64"
    elif col.kind == "float":
        dtype = "float64"
    else:
        dtype = "str"
    if col.min is not None:
        checks.append(pa.Check.ge(col.min, error=f"et tall som er minst {col.min:g}"))
    if col.max is not None:
        checks.append(pa.Check.le(col.max, error=f"et tall som er høyst {col.max:g}"))
    if col.allowed is not None:
        checks.append(pa.Check.isin(list(col.allowed),
                                    error="en av: " + ", ".join(map(str, col.allowed))))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(col.pattern, error=f"formatet {col.pattern}"))
    if col.kommune and known_kommuner is not None:
        checks.append(pa.Check.isin(sorted(known_kommuner),
                                    error="en kommune eller kommunegruppe som står i kommuner.csv"))
    return pa.Column(dtype, checks=checks, nullable=col.nullable, coerce=True, name=name)


def build_schema(spec: FileSpec, known_kommuner: set[str] | None = None) -> pa.DataFrameSchema:
    """The pandera schema for one data file."""
    return pa.DataFrameSchema(
        {name: _pandera_column(name, col, known_kommuner) for name, col in spec.columns.items()},
        unique=list(spec.key) if len(spec.key) > 1 else None,
        strict=False,
        name=spec.name,
    )


# ---------------------------------------------------------------- validation


_UNIQUENESS = {"multiple_fields_uniqueness", "field_uniqueness"}


def _problems_from_pandera(spec: FileSpec, df: pd.DataFrame, err: pa.errors.SchemaErrors,
                           limit: int) -> tuple[list[Problem], int]:
    """The first ``limit`` problems pandera found (duplicate keys spelled out), and how many
    more there are. Filtering is done on whole columns so huge files stay fast."""
    fc = err.failure_cases
    fc = fc[~fc["check"].astype(str).isin(_UNIQUENESS)]  # spelled out below, with the key
    check = fc["check"].astype(str)
    line = pd.to_numeric(fc["index"], errors="coerce") + 2
    is_dtype = check.str.startswith(("coerce_dtype", "dtype"))
    known_col = fc["column"].isin(list(spec.columns))
    keep = ~(is_dtype & line.isna())  # the per-row coercion failures carry the detail
    keep &= ~(line.isna() & fc["failure_case"].notna() & known_col & ~(check == "not_nullable"))
    fc = fc[keep].assign(line_=line[keep], check_=check[keep])
    fc = fc.drop_duplicates(subset=["column", "check_", "line_", "failure_case"])
    problems: list[Problem] = []
    for row in fc.iloc[:limit].itertuples(index=False):
        column = row.column
        col = spec.columns.get(column) if isinstance(column, str) else None
        ln = None if pd.isna(row.line_) else int(row.line_)
        value = row.failure_case
        if row.check_.startswith(("coerce_dtype", "dtype")):
            expected = _expected_text(col) if col else "riktig type"
        elif row.check_ == "not_nullable":
            value = None
            expected = f"cellen er tom – forventet {_expected_text(col) if col else 'en verdi'}"
        else:
            expected = row.check_
        problems.append(Problem(spec.name, ln, column, value, expected))
    problems = list(dict.fromkeys(problems))  # pandera may report a cell twice
    more = max(0, len(fc) - limit)
    # Duplicate keys: spelled out once per duplicated row.
    key = list(spec.key)
    if all(k in df.columns for k in key):
        dup = df[df.duplicated(subset=key, keep="first")]
        room = max(0, limit - len(problems))
        for idx, row in dup.iloc[:room].iterrows():
            values = ", ".join(f"{k}={'' if pd.isna(row[k]) else row[k]}" for k in key)
            problems.append(Problem(spec.name, int(idx) + 2, ", ".join(key), None,
                                    f"nøkkelen ({values}) finnes allerede på en tidligere linje "
                                    "– forventet én rad per nøkkel"))
        more += len(dup) - min(room, len(dup))
    return problems, more


def apply_aliases(spec: FileSpec, df: pd.DataFrame) -> pd.DataFrame:
    """Rename header names an export may use (``Col.aliases``, e.g. «Beløp») to the
    spec's column names; case and surrounding spaces do not matter."""
    names: dict[str, str] = {}
    for name, col in spec.columns.items():
        for alias in (name, *col.aliases):
            names.setdefault(alias.strip().casefold(), name)
    rename = {}
    for c in df.columns:
        target = names.get(str(c).strip().casefold())
        if target is not None and c != target and target not in df.columns \
                and target not in rename.values():
            rename[c] = target
    return df.rename(columns=rename) if rename else df


def validate_frame(spec: FileSpec, df: pd.DataFrame, decimal: str = ".",
                   known_kommuner: set[str] | None = None,
                   limit: int = MAX_PROBLEMS_PER_FILE,
                   allow_empty: bool = False) -> pd.DataFrame:
    """Validate and type one file's text frame. Raises DataError listing the first ``limit``
    problems and counting the rest. ``allow_empty``: a header without rows is an empty
    frame (its figures are missing), not an error."""
    df = apply_aliases(spec, df.copy())
    missing = [c for c in spec.columns if c not in df.columns and c not in spec.optional_columns]
    if missing:
        hint = ""
        if len(df.columns) == 1:
            hint = " (fant bare én kolonne – er skilletegnet riktig? bruk semikolon eller komma)"
        return_problems = [
            Problem(spec.name, 1, c, None,
                    f"kolonnen mangler{hint}; forventet kolonnene: {', '.join(spec.columns)}")
            for c in missing
        ]
        raise DataError(return_problems)
    for c in spec.optional_columns:
        if c not in df.columns:
            df[c] = pd.NA
    if df.empty and not allow_empty:
        raise DataError([Problem(spec.name, None, None, None,
                                 "filen har ingen datarader – forventet minst én rad")])
    bad_numbers: list[Problem] = []
    n_bad_numbers = 0
    for name, col in spec.columns.items():
        if col.kind in _NUMBER_KINDS:
            df[name] = normalise_numbers(df[name], decimal)
            what = _not_finite(df[name])
            bad = what[what != ""]
            n_bad_numbers += len(bad)
            for idx, text in bad.iloc[:max(0, limit - len(bad_numbers))].items():
                bad_numbers.append(Problem(spec.name, int(idx) + 2, name, df.at[idx, name],
                                           text))
            df.loc[bad.index, name] = "0"  # reported above; pandera need not report it again
    omitted = n_bad_numbers - len(bad_numbers)
    schema = build_schema(spec, known_kommuner)
    try:
        out = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems, more = _problems_from_pandera(spec, df, err, max(0, limit - len(bad_numbers)))
        problems = bad_numbers + problems
        if not problems and not more:
            problems = [Problem(spec.name, None, None, None, str(err).splitlines()[0])]
        raise DataError(problems, omitted + more) from None
    if bad_numbers:
        raise DataError(bad_numbers, omitted)
    # Optional text columns: keep missing values as empty strings for easy filtering.
    for name, col in spec.columns.items():
        if col.kind == "str":
            out[name] = out[name].astype("string").fillna("").astype(str)
    return out[list(spec.columns) + [c for c in out.columns if c not in spec.columns]]


def load_file(path: Path | str, spec: FileSpec,
              known_kommuner: set[str] | None = None,
              allow_empty: bool = False) -> pd.DataFrame:
    """Read and validate one file."""
    path = Path(path)
    df, decimal = read_csv_file(path)
    return validate_frame(spec, df, decimal, known_kommuner, allow_empty=allow_empty)


# issue 21: while this is "mangler" (``hop build`` sets it for itself and the notebooks'
# kernels), a data file with a header and no rows loads as an empty frame: its figures are
# missing, and the report that needs them says so instead of the whole build stopping.
EMPTY_ENV = settings.EMPTY_ENV


def _empty_as_missing(given: bool | None) -> bool:
    return given if given is not None else settings.empty_files_missing()


def _count(n: int) -> str:
    from helpers.presentation.formatting import fmt_number

    return fmt_number(n, 0)


def _relname(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def load_data(data_dir: Path | str | None = None, only: list[str] | None = None,
              empty_as_missing: bool | None = None) -> dict[str, pd.DataFrame]:
    """Load every declared file in ``data_dir`` (or those in ``only``), validated.

    Returns a dict keyed by file stem (``"kostra"``). Optional files that are absent are
    left out. Raises :class:`DataError` listing every problem in every file. ``None`` or
    ``""`` means the project's data folder, wherever this runs from (:mod:`helpers.paths`).
    The dict notes which files a report looks up, and validated frames are cached per
    process by content (:mod:`helpers.reads`). ``empty_as_missing``: a file with a header
    and no rows loads as an empty frame instead of being an error (default: whether
    :data:`EMPTY_ENV` is ``mangler``); :mod:`helpers.data.inputs` says what is missing.
    """
    empty_ok = _empty_as_missing(empty_as_missing)
    from helpers.data.paths import data_dir as _find_data_dir

    try:
        data_dir = _find_data_dir(data_dir)
    except FileNotFoundError as exc:
        raise DataError([Problem("data", None, None, None, str(exc))]) from None
    if not data_dir.is_dir():
        what = ("er en fil, ikke en mappe – forventet mappen med CSV-filene"
                if data_dir.exists() else "datamappen finnes ikke")
        raise DataError([Problem(str(data_dir), None, None, None, what)])
    specs = all_specs()
    paths = {stem: data_dir / spec.name for stem, spec in specs.items()}
    key = reads.cache_key(data_dir, only, [spec.name for spec in specs.values()])
    if key is not None and empty_ok:
        key = (*key, "tomme-filer-mangler")
    hit = reads.cached(key)
    if hit is not None:
        return reads.TrackedData(hit, paths)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    known: set[str] | None = None
    order = ["kommuner"] + [s for s in specs if s != "kommuner"]
    wanted = None if only is None else set(only) | {"kommuner"}
    for stem in order:
        if wanted is not None and stem not in wanted:
            continue
        spec = specs[stem]
        path = data_dir / spec.name
        if not path.exists() and not path.is_symlink():
            if not spec.optional:
                problems.append(Problem(_relname(path), None, None, None,
                                        "filen mangler – den trengs av rapportene"))
            continue
        kept = reads.validated_key(path, known, empty_ok)
        df = reads.validated(kept)
        try:
            if df is None:
                df = load_file(path, spec, known, allow_empty=empty_ok)
                reads.keep_validated(kept, df)
        except DataError as err:
            shown = err.problems[:MAX_PROBLEMS_PER_FILE]
            for p in shown:
                problems.append(Problem(_relname(path), p.line, p.column, p.value, p.expected))
            rest = len(err.problems) - len(shown) + err.omitted
            if rest:
                problems.append(Problem(_relname(path), None, None, None,
                                        f"og {_count(rest)} feil til i denne filen (de første "
                                        f"{len(shown)} er vist)"))
            continue
        frames[stem] = df
        if stem == "kommuner":
            known = set(df["kommunenummer"])
    for stem, df in list(frames.items()):  # checks across rows and files (FileSpec.checks)
        path = data_dir / specs[stem].name
        for check in specs[stem].checks:
            for line, column, value, expected in check(df, frames):
                problems.append(Problem(_relname(path), line, column, value, expected))
    if problems:
        raise DataError(problems)
    reads.store(key, frames)
    return reads.TrackedData(frames, paths)


def validate_dir(data_dir: Path | str | None = None,
                 empty_as_missing: bool = False) -> list[Problem]:
    """Every problem in a data folder (empty list when it is fine). ``empty_as_missing``:
    files with a header and no rows are not problems (``hop validate`` lists them as
    missing inputs, :func:`helpers.data.inputs.missing_inputs`)."""
    try:
        load_data(data_dir, empty_as_missing=empty_as_missing)
    except DataError as err:
        return err.problems
    return []
