"""Load and validate the CSV files in a data folder.

Files may come straight from Norwegian Excel: semicolon separator with decimal comma,
spaces or no-break spaces as thousands separators, UTF-8 with or without BOM, or
Windows-1252. Comma-separated UTF-8 with '.' as decimal point (the project's own format)
loads too. Validation is done by pandera; every problem becomes one bokmål message that
names the file, line, column, value and what was expected.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import reads
from .specs import Col, FileSpec, all_specs

YEAR_MIN, YEAR_MAX = 1990, 2060
_NUMBER_KINDS = {"int", "float", "year"}
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
    """Raised when a data folder has problems. ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.problems)
        head = "Feil i dataene:" if n == 1 else f"{n} feil i dataene:"
        return head + "\n" + "\n".join(f"- {p}" for p in self.problems)

    # IPython shows this instead of a Python traceback in notebooks.
    def _render_traceback_(self) -> list[str]:
        return [self.message()]


# ---------------------------------------------------------------- reading


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


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
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(path.name, None, None, None, "filen er tom")])
    text = _decode(raw)
    header = text.lstrip("\ufeff").splitlines()[0]
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
    df = df.map(lambda v: v.strip() if isinstance(v, str) else v)
    df = df.replace({"": pd.NA})
    return df, decimal


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


def _problems_from_pandera(spec: FileSpec, df: pd.DataFrame,
                           err: pa.errors.SchemaErrors) -> list[Problem]:
    problems: list[Problem] = []
    fc = err.failure_cases
    for _, row in fc.iterrows():
        column = row.get("column")
        check = str(row.get("check"))
        idx = row.get("index")
        line = int(idx) + 2 if idx is not None and not pd.isna(idx) else None
        value = row.get("failure_case")
        col = spec.columns.get(column) if isinstance(column, str) else None
        if check.startswith("coerce_dtype") or check.startswith("dtype"):
            if line is None:
                continue  # the per-row coercion failures carry the detail
            expected = _expected_text(col) if col else "riktig type"
        elif check == "not_nullable":
            value = None
            expected = f"cellen er tom – forventet {_expected_text(col) if col else 'en verdi'}"
        elif check in {"multiple_fields_uniqueness", "field_uniqueness"}:
            continue  # reported below with the key spelled out
        else:
            expected = check
        if line is None and value is not None and col is not None:
            continue
        problems.append(Problem(spec.name, line, column, value, expected))
    problems = list(dict.fromkeys(problems))  # pandera may report a cell twice
    # Duplicate keys: spelled out once per duplicated row.
    key = list(spec.key)
    if all(k in df.columns for k in key):
        dup = df[df.duplicated(subset=key, keep="first")]
        for idx, row in dup.iterrows():
            values = ", ".join(f"{k}={'' if pd.isna(row[k]) else row[k]}" for k in key)
            problems.append(Problem(spec.name, int(idx) + 2, ", ".join(key), None,
                                    f"nøkkelen ({values}) finnes allerede på en tidligere linje "
                                    "– forventet én rad per nøkkel"))
    return problems


def validate_frame(spec: FileSpec, df: pd.DataFrame, decimal: str = ".",
                   known_kommuner: set[str] | None = None) -> pd.DataFrame:
    """Validate and type one file's text frame. Raises DataError listing every problem."""
    df = df.copy()
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
    if df.empty:
        raise DataError([Problem(spec.name, None, None, None,
                                 "filen har ingen datarader – forventet minst én rad")])
    for name, col in spec.columns.items():
        if col.kind in _NUMBER_KINDS:
            df[name] = df[name].map(lambda v: normalise_number(v, decimal))
    schema = build_schema(spec, known_kommuner)
    try:
        out = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = _problems_from_pandera(spec, df, err)
        if not problems:
            problems = [Problem(spec.name, None, None, None, str(err).splitlines()[0])]
        raise DataError(problems) from None
    # Optional text columns: keep missing values as empty strings for easy filtering.
    for name, col in spec.columns.items():
        if col.kind == "str":
            out[name] = out[name].astype("string").fillna("").astype(str)
    return out[list(spec.columns) + [c for c in out.columns if c not in spec.columns]]


def load_file(path: Path | str, spec: FileSpec,
              known_kommuner: set[str] | None = None) -> pd.DataFrame:
    """Read and validate one file."""
    path = Path(path)
    df, decimal = read_csv_file(path)
    return validate_frame(spec, df, decimal, known_kommuner)


def _relname(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def load_data(data_dir: Path | str = "data", only: list[str] | None = None
              ) -> dict[str, pd.DataFrame]:
    """Load every declared file in ``data_dir`` (or those in ``only``), validated.

    Returns a dict keyed by file stem (``"kostra"``). Optional files that are absent are
    left out. Raises :class:`DataError` listing every problem in every file. The dict notes
    which files a report looks up, and validated frames are cached per process by content
    (:mod:`helpers.reads`).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, None, None,
                                 "datamappen finnes ikke")])
    specs = all_specs()
    paths = {stem: data_dir / spec.name for stem, spec in specs.items()}
    key = reads.cache_key(data_dir, only, [spec.name for spec in specs.values()])
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
        if not path.exists():
            if not spec.optional:
                problems.append(Problem(_relname(path), None, None, None,
                                        "filen mangler – den trengs av rapportene"))
            continue
        try:
            df = load_file(path, spec, known)
        except DataError as err:
            for p in err.problems:
                problems.append(Problem(_relname(path), p.line, p.column, p.value, p.expected))
            continue
        frames[stem] = df
        if stem == "kommuner":
            known = set(df["kommunenummer"])
    if problems:
        raise DataError(problems)
    reads.store(key, frames)
    return reads.TrackedData(frames, paths)


def validate_dir(data_dir: Path | str = "data") -> list[Problem]:
    """Every problem in a data folder (empty list when it is fine)."""
    try:
        load_data(data_dir)
    except DataError as err:
        return err.problems
    return []
