"""The key-figures contract shared by every report.

Each report emits a frame with the columns in :data:`COLUMNS`; ``hop build`` collects them
into ``nokkeltall.csv`` (UTF-8, comma-separated, '.' as decimal point). Income and expense
amounts are positive; a set-aside to a fund is positive and a use of a fund negative;
results are signed. ``dimensjon`` is empty or names a breakdown. ``grunnlag`` says what
the value rests on (a code of :class:`helpers.presentation.provenance.Grunnlag`: plan,
regnskap, statistikk, beregnet, anslag or eksempel) and ``kilde`` names the source, and for
an estimate what it assumes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.presentation.formatting import round_half_up
from helpers.presentation.provenance import Grunnlag, Kilde

COLUMNS = ["rapport", "nokkel", "kommune", "aar", "dimensjon", "verdi", "enhet", "grunnlag",
           "kilde"]
KINDS = {g.value for g in Grunnlag}
UNITS = {"%", "pp", "1000 kr", "kr per innbygger", "kr", "antall", "tonn CO2e",
         "tonn CO2e per innbygger", "indeks", "forhold"}


def _provenance(df: pd.DataFrame, grunnlag: Grunnlag | str | None, kilde: str
                ) -> pd.DataFrame:
    """Fill ``grunnlag`` and ``kilde`` from a record's ``source`` (a
    :class:`~helpers.presentation.provenance.Kilde`), else from the defaults."""
    df = df.copy()
    if "grunnlag" not in df:
        df["grunnlag"] = None
    if "kilde" not in df:
        df["kilde"] = None
    if "source" in df:
        for i, src in df["source"].items():
            if isinstance(src, Kilde):
                df.at[i, "grunnlag"] = src.grunnlag.value
                df.at[i, "kilde"] = src.text()
    default = Grunnlag.parse(grunnlag).value if grunnlag is not None else ""
    df["grunnlag"] = [Grunnlag.parse(g).value if Grunnlag.parse(g) else
                      (default if g is None or pd.isna(g) or g == "" else str(g))
                      for g in df["grunnlag"]]
    df["kilde"] = [kilde if k is None or (isinstance(k, float) and pd.isna(k)) else str(k)
                   for k in df["kilde"]]
    bad = sorted(set(df["grunnlag"]) - KINDS - {""})
    if bad:
        raise ValueError(f"Ukjent grunnlag i nøkkeltall: {bad} (gyldige: {sorted(KINDS)})")
    return df


def key_figure_frame(records: list[dict] | pd.DataFrame, *,
                     grunnlag: Grunnlag | str | None = None, kilde: str = "",
                     eksempel: bool = False) -> pd.DataFrame:
    """A validated key-figure frame from records with the contract's columns.

    A record may carry ``desimaler``: the number of decimals the report shows the value
    with; the value is then rounded to that precision (half away from zero), so the file
    holds what the reader sees. Records without it are kept as they are.

    What a value rests on: a record's ``source`` (a
    :class:`~helpers.presentation.provenance.Kilde`) or its ``grunnlag`` and ``kilde``;
    ``grunnlag``/``kilde`` here are the defaults for records without them (a report of
    one kind, e.g. statistikk). An unknown ``grunnlag`` stops with an error; one left
    unknown is written empty. ``eksempel``: the figures come from example data, so every
    row is ``eksempel`` whatever else it rests on.
    """
    df = pd.DataFrame(records)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    df = _provenance(df, grunnlag, kilde)
    if eksempel:
        df["grunnlag"] = Grunnlag.EKSEMPEL.value
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
    new = new.reindex(columns=list(dict.fromkeys([*new.columns, *COLUMNS])))
    if existing is None or existing.empty:
        out = new
    else:
        # a file from before the provenance columns: they are unknown, not guessed
        existing = existing.reindex(columns=list(dict.fromkeys([*existing.columns,
                                                                *COLUMNS])))
        keep = existing[~existing["rapport"].isin(set(new["rapport"]))]
        out = pd.concat([keep, new], ignore_index=True)
    out = out.copy()
    for col in ("grunnlag", "kilde"):
        out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out.sort_values(["rapport", "nokkel", "kommune", "aar", "dimensjon"],
                           kind="stable").reset_index(drop=True)
