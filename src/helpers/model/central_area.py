"""The rammeområder of § 5-4 andre ledd and which of them is the central one.

The central rammeområde holds the general incomes, the finance items and the fund
movements that § 5-4 første ledd shows on lines of their own (Røros calls it «Finans»).
It is found from the data, not assumed by name: see :func:`central_area`.
"""

from __future__ import annotations

import pandas as pd

FINANS = "Finans"  # the name Røros (and many others) give the central rammeområde


def rammer(data: dict[str, pd.DataFrame], knr: str, aar: int) -> pd.Series:
    """Net appropriation per rammeområde (accounts' sign = net expense positive)."""
    r = data.get("finans_rammer")
    if r is None:
        return pd.Series(dtype=float)
    sel = r[(r["kommunenummer"] == knr) & (r["niva"] == "rammeomrade")
            & (r["datatype"] == "okonomiplan") & (r["aar"] == aar)]
    return sel.groupby("rammeomrade", sort=False)["belop"].sum().astype(float)


def central_area(rammer: pd.Series) -> str | None:
    """The rammeområde that holds the general incomes, finance items and fund movements:
    the one called «Finans» if there is one (any case), else the only rammeområde with a net
    income (a negative ramme: the general incomes exceed what it spends); None when neither
    tells (then the reconciliation names no area and has no rest row)."""
    for name in rammer.index:
        if str(name).strip().casefold() == FINANS.casefold():
            return str(name)
    negative = [str(n) for n, v in rammer.items() if v < 0]
    return negative[0] if len(negative) == 1 else None

