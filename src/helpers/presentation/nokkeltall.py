"""The key-figures contract shared by every report.

Each report emits a frame with the columns in :data:`COLUMNS`; ``hop build`` collects them
into ``nokkeltall.csv`` (UTF-8, comma-separated, '.' as decimal point). Income and expense
amounts are positive; a set-aside to a fund is positive and a use of a fund negative;
results are signed. ``dimensjon`` is empty or names a breakdown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.presentation.formatting import round_half_up

COLUMNS = ["rapport", "nokkel", "kommune", "aar", "dimensjon", "verdi", "enhet"]
UNITS = {"%", "pp", "1000 kr", "kr per innbygger", "kr", "antall", "tonn CO2e",
         "tonn CO2e per innbygger", "indeks", "forhold"}


def key_figure_frame(records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A validated key-figure frame from records with the contract's columns.

    A record may carry ``desimaler``: the number of decimals the report shows the value
    with; the value is then rounded to that precision (half away from zero), so the file
    holds what the reader sees. Records without it are kept as they are.
    """
    df = pd.DataFrame(records)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    if "desimaler" in df:
        df = df.copy()
        df["verdi"] = [v if pd.isna(d) or pd.isna(v) else round_half_up(float(v), int(d))
                       for v, d in zip(df["verdi"], df["desimaler"], strict=True)]
    if "dimensjon" not in df:
        df["dimensjon"] = ""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"Nøkkeltall mangler kolonnene {missing}")
    df = df[COLUMNS].copy()
    df["dimensjon"] = df["dimensjon"].fillna("").astype(str)
    df["aar"] = pd.to_numeric(df["aar"]).astype("Int64")
    df["verdi"] = pd.to_numeric(df["verdi"], errors="raise").astype(float)
    bad = sorted(set(df["enhet"]) - UNITS)
    if bad:
        raise ValueError(f"Ukjent enhet i nøkkeltall: {bad}")
    dup = df.duplicated(["rapport", "nokkel", "kommune", "aar", "dimensjon"])
    if dup.any():
        raise ValueError(f"Dupliserte nøkkeltall: {df[dup].head().to_dict('records')}")
    return df.reset_index(drop=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return) gets a leading apostrophe, as OWASP recommends against
    CSV injection. Numbers (and text that already starts with the apostrophe) are left
    as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell passed through :func:`neutralise_formula`;
    numeric columns are not touched."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_formula)
    return out


def write_key_figures(df: pd.DataFrame, path: str | Path | None) -> None:
    """Write a report's key figures where the runner asked for them (no-op when empty).
    Text cells are neutralised against formula injection."""
    if not path:
        return
    neutralise_formulas(key_figure_frame(df)).to_csv(Path(path), index=False, encoding="utf-8")


def merge_key_figures(existing: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Replace the rows of the reports in ``new`` and keep the other reports' rows."""
    if existing is None or existing.empty:
        out = new
    else:
        keep = existing[~existing["rapport"].isin(set(new["rapport"]))]
        out = pd.concat([keep, new], ignore_index=True)
    return out.sort_values(["rapport", "nokkel", "kommune", "aar", "dimensjon"],
                           kind="stable").reset_index(drop=True)
