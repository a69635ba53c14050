"""Brutto driftsinntekter (1000 kr) per year: the base every «% av brutto driftsinntekter»
figure in the pack is measured against.

Order of preference for a year:

1. KOSTRA: kr per innbygger × folketall 31.12 (accounts);
2. an explicit row in ``okonomiplan.csv`` (``tabell`` ``hovedtall``, ``post``
   ``brutto_driftsinntekter``, income negative as in the accounts);
3. the plan's own lines: the sum of the income arts (salgsinntekter, refusjoner,
   overføringsinntekter — skatt and rammetilskudd are overføringsinntekter; not
   finansinntekter, as in KOSTRA) over the rammeområder in ``finans_driftsbudsjett.csv``;
4. implied by the plan itself: netto driftsresultat in 1000 kr (the plan's «Totale
   avsetninger», which a balanced budget equals) divided by netto driftsresultat in % —
   used only where the printed percentage is precise enough (its rounding moves the result
   by at most ``precision_limit_pct``);
5. projected from the nearest year found by 1–4, in step with the plan's «Sum sentrale
   inntekter» (or a constant growth ``vekst_pst``), and labelled as projected.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.queries import per_capita_total, plan_series

PLAN_DATATYPE = "okonomiplan"
# How far the rounding of a printed percentage (half a unit of its last digit) may move an
# implied brutto driftsinntekter before we call it too imprecise to use, in percent.
PRECISION_LIMIT_PCT = 5.0

# How a year's figure was found (column ``grunnlag`` of :func:`bdi_path`; the reports word
# it, :func:`helpers.reports.common_text.bdi_grunnlag_text`): 1–4 of the module doc, then
# projected with a constant growth or with sentrale inntekter (from the year ``fra_aar``).
GRUNNLAG = ("kostra", "rad", "planlinjer", "utledet", "framskrevet_vekst",
            "framskrevet_sentrale", "ukjent")

# The arts of the plan's «Driftsbudsjett» that are brutto driftsinntekter (incomes negative).
INCOME_ARTS = ("salgsinntekter", "refusjoner", "overforingsinntekter")


def plan_line_bdi(data: dict[str, pd.DataFrame], kommunenummer: str,
                  datatype: str = PLAN_DATATYPE) -> pd.Series:
    """Brutto driftsinntekter (1000 kr, positive) per plan year as the sum of the plan's
    income arts over its rammeområder (``finans_driftsbudsjett.csv``, ``niva``
    ``rammeomrade``); a year is left out unless it has all three income arts."""
    d = data.get("finans_driftsbudsjett")
    if d is None or d.empty:
        return pd.Series(dtype=float)
    sel = d[(d["kommunenummer"] == kommunenummer) & (d["datatype"] == datatype)
            & (d["niva"] == "rammeomrade") & d["art"].isin(INCOME_ARTS)]
    if sel.empty:
        return pd.Series(dtype=float)
    complete = sel.groupby("aar")["art"].nunique() == len(INCOME_ARTS)
    sums = -sel.groupby("aar")["belop"].sum().astype(float)
    out = sums[complete.reindex(sums.index, fill_value=False)]
    out.index = out.index.astype(int)
    return out.sort_index()


def _series(df: pd.DataFrame, value: str = "verdi") -> pd.Series:
    s = df.set_index("aar")[value].astype(float)
    s.index = s.index.astype(int)
    return s.sort_index()


def kostra_bdi(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """KOSTRA's brutto driftsinntekter per innbygger × folketall 31.12 ÷ 1000, per year."""
    return per_capita_total(data, kommunenummer, "brutto_driftsinntekter_per_innb")


def plan_netto_driftsresultat(okonomiplan: pd.DataFrame | None, kommunenummer: str,
                              datatype: str = PLAN_DATATYPE) -> pd.Series:
    """Netto driftsresultat in 1000 kr per plan year, as the plan's «Totale avsetninger»
    (to fund minus use of fund, also in the service areas): a balanced budget's result is
    what it sets aside. Positive = surplus."""
    if okonomiplan is None:
        return pd.Series(dtype=float)
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == "avsetninger")
                      & (okonomiplan["datatype"] == datatype)]
    if sel.empty:
        return pd.Series(dtype=float)
    return _series(sel.groupby("aar", as_index=False)["belop"].sum(), "belop")


def plan_percent(data: dict[str, pd.DataFrame], kommunenummer: str, indikator: str,
                 datatype: str = PLAN_DATATYPE) -> pd.Series:
    return plan_series(data, kommunenummer, indikator, datatype)


def _decimals(value: float) -> int:
    """Decimals a printed figure was given with (1 for -4.2, 0 for 2.0 stored as 2.0 is
    taken as 1: the plan tables print one decimal)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return max(len(text.split(".")[1]) if "." in text else 0, 1)


def implied_bdi(amount: float, pct: float) -> tuple[float, float]:
    """Brutto driftsinntekter implied by an amount and its printed percentage, and the
    relative uncertainty (in %) that the percentage's rounding gives."""
    if pct == 0:
        return float("nan"), float("inf")
    half = 0.5 * 10 ** -_decimals(pct)
    return amount / pct * 100, half / abs(pct) * 100


def sentrale_inntekter(okonomiplan: pd.DataFrame | None, kommunenummer: str) -> pd.Series:
    """«Sum sentrale inntekter» as a positive amount per plan year (1000 kr)."""
    if okonomiplan is None:
        return pd.Series(dtype=float)
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == "sentrale_inntekter")]
    out = {}
    for dt in (PLAN_DATATYPE, "regnskap"):
        part = sel[sel["datatype"] == dt].groupby("aar")["belop"].sum()
        for y, v in part.items():
            out.setdefault(int(y), -float(v))
    return pd.Series(out, dtype=float).sort_index()


def bdi_path(data: dict[str, pd.DataFrame], kommunenummer: str,
             years: list[int] | tuple[int, ...], vekst_pst: float | None = None,
             precision_limit_pct: float = PRECISION_LIMIT_PCT) -> pd.DataFrame:
    """Brutto driftsinntekter for ``years``: aar, bdi (1000 kr), kilde (``kostra``,
    ``plan``, ``framskrevet`` or ``ukjent``), grunnlag (how, a code of :data:`GRUNNLAG`),
    fra_aar (the year a projection starts from) and vekst_pst (its constant growth, NaN
    when it follows sentrale inntekter)."""
    years = [int(y) for y in years]
    known: dict[int, tuple[float, str, str]] = {}
    for y, v in kostra_bdi(data, kommunenummer).items():
        known[int(y)] = (float(v), "kostra", "kostra")
    okp = data.get("okonomiplan")
    if okp is not None:
        rows = okp[(okp["kommunenummer"] == kommunenummer) & (okp["tabell"] == "hovedtall")
                   & (okp["post"] == "brutto_driftsinntekter")
                   & (okp["datatype"] == PLAN_DATATYPE)]
        for r in rows.itertuples():
            known.setdefault(int(r.aar), (abs(float(r.belop)), "plan", "rad"))
    for y, v in plan_line_bdi(data, kommunenummer).items():
        if v > 0:
            known.setdefault(int(y), (float(v), "plan", "planlinjer"))
    ndr = plan_netto_driftsresultat(okp, kommunenummer)
    pct = plan_percent(data, kommunenummer, "netto_driftsresultat_pst")
    for y in sorted(set(ndr.index) & set(pct.index)):
        value, uncertainty = implied_bdi(float(ndr[y]), float(pct[y]))
        if uncertainty <= precision_limit_pct and value > 0:
            known.setdefault(int(y), (value, "plan", "utledet"))
    si = sentrale_inntekter(okp, kommunenummer)
    out = []
    nan = float("nan")
    for y in years:
        if y in known:
            v, kind, how = known[y]
            out.append({"aar": y, "bdi": v, "kilde": kind, "grunnlag": how, "fra_aar": nan,
                        "vekst_pst": nan})
            continue
        # the nearest anchor, earlier years first at equal distance; plan anchors before
        # KOSTRA when the year is a plan year
        anchors = sorted(known, key=lambda a: (abs(a - y), a > y))
        done = False
        for a in anchors:
            base = known[a][0]
            if vekst_pst is not None:
                v = base * (1 + vekst_pst / 100) ** (y - a)
                how = "framskrevet_vekst"
            elif a in si.index and y in si.index and si[a]:
                v = base * float(si[y]) / float(si[a])
                how = "framskrevet_sentrale"
            else:
                continue
            out.append({"aar": y, "bdi": v, "kilde": "framskrevet", "grunnlag": how,
                        "fra_aar": a,
                        "vekst_pst": float(vekst_pst) if vekst_pst is not None else nan})
            done = True
            break
        if not done:
            out.append({"aar": y, "bdi": nan, "kilde": "ukjent", "grunnlag": "ukjent",
                        "fra_aar": nan, "vekst_pst": nan})
    return pd.DataFrame(out, columns=["aar", "bdi", "kilde", "grunnlag", "fra_aar",
                                      "vekst_pst"])
