"""One query per concept: the selections every layer above makes from the loaded data.

- :func:`kostra_series`: one KOSTRA indicator for one municipality, per year;
- :func:`kostra_rows`: one KOSTRA indicator across municipalities (peer comparisons);
- :func:`plan_series`: one plan indicator (``plan_indikatorer.csv``) for one municipality
  and one datatype, per year;
- :func:`folketall_series`: the population at 31.12 per year;
- :func:`per_capita_total`: a KOSTRA «kr per innbygger» indicator × folketall, in 1000 kr;
- :func:`plan_years`: the years of the plan period that starts in ``budsjettaar``
  (:data:`helpers.settings.PLAN_YEARS` long, re-exported here);
- :data:`DATATYPE_NAVN`: the labels the reports print for a ``datatype``.

``data`` is the dict :func:`helpers.data.load_data` returns. A file that is not in it gives
an empty series, so a report can say what is missing rather than stop.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.settings import PLAN_YEARS, plan_years  # noqa: F401 - re-exported

DATATYPE_NAVN: dict[str, str] = {
    "kostra": "KOSTRA (regnskap)",
    "regnskap": "Regnskap",
    "budsjett": "Budsjett",
    "revidert_budsjett": "Revidert budsjett",
    "prognose": "Prognose",
    "okonomiplan": "Økonomiplan",
}
"""What the reports call each ``datatype`` (the key figures and the handlingsregler report).

The finans report prints two of them longer, because there the original budget stands next
to the revised one and the forecast is for the whole year: see
:data:`DATATYPE_NAVN_FINANS`. Both tables live here so the labels are declared once."""

DATATYPE_NAVN_FINANS: dict[str, str] = {
    **{k: v for k, v in DATATYPE_NAVN.items() if k != "kostra"},
    "budsjett": "Opprinnelig budsjett",
    "prognose": "Årsprognose",
}
"""The finans report's labels: «Opprinnelig budsjett» and «Årsprognose» where the other
reports say «Budsjett» and «Prognose» (the finans tables show budget, revised budget and
forecast side by side, so the longer names tell them apart)."""


def _by_year(sel: pd.DataFrame, value: str = "verdi") -> pd.Series:
    s = sel.set_index("aar")[value].astype(float)
    s.index = s.index.astype(int)
    return s.sort_index()


def kostra_series(data: dict[str, pd.DataFrame], kommunenummer: str, indikator: str,
                  dimensjon: str = "") -> pd.Series:
    """One KOSTRA indicator for one municipality: value per year (int index, sorted).

    ``dimensjon`` ``""`` is the indicator's total (the row without a breakdown). The file's
    key (kommunenummer, aar, indikator, dimensjon) makes each year unique."""
    k = data.get("kostra")
    if k is None:
        return pd.Series(dtype=float)
    sel = k[(k["kommunenummer"] == kommunenummer) & (k["indikator"] == indikator)
            & (k["dimensjon"] == dimensjon)]
    return _by_year(sel)


def kostra_rows(kostra: pd.DataFrame, indikator: str, *, dimensjon: str | None = "",
                aar: int | None = None,
                kommunenumre: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of one KOSTRA indicator across municipalities: every municipality in
    ``kostra`` (the frame, since some reports pass a subset), or those in
    ``kommunenumre``. ``dimensjon`` ``None``: every breakdown; ``aar`` ``None``: every
    year."""
    sel = kostra["indikator"] == indikator
    if kommunenumre is not None:
        sel &= kostra["kommunenummer"].isin(list(kommunenumre))
    if dimensjon is not None:
        sel &= kostra["dimensjon"] == dimensjon
    if aar is not None:
        sel &= kostra["aar"] == aar
    return kostra[sel]


def plan_series(data: dict[str, pd.DataFrame], kommunenummer: str, indikator: str,
                datatype: str = "okonomiplan") -> pd.Series:
    """One plan indicator (``plan_indikatorer.csv``) for one municipality and datatype:
    value per year (int index, sorted); empty when the file or the rows are missing."""
    p = data.get("plan_indikatorer")
    if p is None:
        return pd.Series(dtype=float)
    sel = p[(p["kommunenummer"] == kommunenummer) & (p["indikator"] == indikator)
            & (p["datatype"] == datatype)]
    return _by_year(sel)


def folketall_series(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """The population at 31.12 per year (float, int index, sorted)."""
    f = data.get("folketall")
    if f is None:
        return pd.Series(dtype=float)
    return _by_year(f[f["kommunenummer"] == kommunenummer], "folketall")


def per_capita_total(data: dict[str, pd.DataFrame], kommunenummer: str,
                     indikator: str) -> pd.Series:
    """A KOSTRA «kr per innbygger» indicator × folketall 31.12 ÷ 1000 = 1000 kr, for the
    years that have both."""
    per = kostra_series(data, kommunenummer, indikator)
    if per.empty:
        return pd.Series(dtype=float)
    pop = folketall_series(data, kommunenummer)
    return (per * pop.reindex(per.index) / 1000).dropna()
