"""What each figure of the economic model rests on (:class:`helpers.presentation.provenance.Kilde`):
the plan, the accounts, a statistic, an exact calculation, an estimate (with what it
assumes) or an example.

:func:`economy_sources` gives a frame aligned with :attr:`helpers.model.economy.Economy.table`
(same rows, one column per value column); :func:`debt_sources` one aligned with a debt
path (:attr:`helpers.model.debt.Result.debt`). Sums carry the weakest kind of their parts
(:func:`helpers.presentation.provenance.combine`): the debt at the end of a plan year is an
estimate as long as its opening debt or its new loans are.

The assumptions are short bokmål clauses (:data:`helpers.model.labels.ASSUMES`, with the
source references), read after «Anslått:» in a table's legend and in ``nokkeltall.csv``'s
``kilde`` column.
"""

from __future__ import annotations

import pandas as pd

from helpers.model.labels import (
    ASSUMES,
    DRIFT_REF,
    FIN_REF,
    INV_REF,
    KOSTRA_PCT_REF,
    KOSTRA_REF,
    PLAN_REF,
)
from helpers.presentation.formatting import fmt_list, fmt_pct
from helpers.presentation.provenance import Grunnlag, Kilde, combine_sources

P, R, S, B, A = (Grunnlag.PLAN, Grunnlag.REGNSKAP, Grunnlag.STATISTIKK, Grunnlag.BEREGNET,
                 Grunnlag.ANSLAG)

# The columns of the economy's table that hold values (the others say how they were found).
VALUE_COLUMNS = ("bdi", "netto_driftsresultat", "netto_driftsresultat_pst", "til_fond",
                 "bruk_fond", "netto_avsetning_fond", "disposisjonsfond",
                 "disposisjonsfond_pst", "investering", "nye_lan", "netto_lanegjeld",
                 "netto_lanegjeld_pst", "renteutgifter", "avdrag")


def _k(kind: Grunnlag, ref: str = "", code: str = "", **fmt: object) -> Kilde:
    return Kilde(kind, ref, ASSUMES[code].format(**fmt) if code else "")


def _bdi_source(grunnlag: object, kilde: object) -> Kilde | None:
    g = str(grunnlag)
    if g == "kostra":
        return _k(S, KOSTRA_REF)
    if g == "rad":
        return _k(P, PLAN_REF)
    if g == "planlinjer":
        return _k(B, DRIFT_REF)
    if g in ("utledet", "framskrevet_sentrale", "framskrevet_vekst"):
        return _k(A, PLAN_REF, f"bdi_{g}")
    return None


def loan_assumption(financing: object) -> str:
    """The clause saying how new loans were found (:class:`helpers.model.investment.Financing`
    or :class:`helpers.model.debt.DebtAssumptions`)."""
    shares = [(getattr(financing, "momskompensasjon_pst", 0.0), "momskompensasjon"),
              (getattr(financing, "tilskudd_pst", 0.0), "tilskudd"),
              (getattr(financing, "salg_pst", 0.0), "salg"),
              (getattr(financing, "egenkapital_pst", 0.0), "egenkapital")]
    given = [f"{name} {fmt_pct(v, 0 if float(v).is_integer() else 1)}"
             for v, name in shares if v]
    if not given:
        return ASSUMES["nye_lan"].format(andeler=ASSUMES["nye_lan_alt"].format(
            null=fmt_pct(0, 0)))
    return ASSUMES["nye_lan"].format(andeler=fmt_list(given))


def _start_source(start: object) -> Kilde:
    kilde = getattr(start, "kilde", "")
    if kilde == "kostra":
        return _k(A, KOSTRA_REF, "startgjeld_kostra", aar=getattr(start, "aar", ""))
    return _k(A, "", "startgjeld_oppgitt")


def debt_sources(result: object) -> pd.DataFrame:
    """Sources of a debt path (:attr:`helpers.model.debt.Result.debt`), aligned with it:
    inngaaende_gjeld, nye_lan, avdrag (the total repayment: the plan's where it has one),
    avdrag_eksisterende and avdrag_nye_lan (the model's split of it), utgaaende_gjeld,
    bdi, lanegjeld_pst and lanegjeld_uten_selvkost_pst."""
    debt = result.debt  # type: ignore[attr-defined]
    loans = Kilde(A, INV_REF, loan_assumption(result.financing))  # type: ignore[attr-defined]
    opening = _start_source(result.startgjeld)  # type: ignore[attr-defined]
    kinds = getattr(result, "avdrag_kilde", {})
    bdi = result.bdi.set_index("aar")  # type: ignore[attr-defined]
    rows = []
    for y in debt["aar"]:
        if kinds.get(int(y)) == "plan":
            repay, split = _k(P, FIN_REF), _k(A, FIN_REF, "avdrag_fordelt")
        else:
            repay = split = _k(A, FIN_REF, "avdrag_anslag")
        nye = loans
        closing = combine_sources(opening, nye, repay)
        b = (_bdi_source(bdi.loc[y, "grunnlag"], bdi.loc[y, "kilde"]) if y in bdi.index
             else None)
        rows.append({"inngaaende_gjeld": opening, "nye_lan": nye, "avdrag": repay,
                     "avdrag_eksisterende": split, "avdrag_nye_lan": split,
                     "utgaaende_gjeld": closing, "bdi": b,
                     "lanegjeld_pst": combine_sources(closing, b),
                     "lanegjeld_uten_selvkost_pst": combine_sources(closing, b)})
        opening = closing
    return pd.DataFrame(rows, index=debt.index)


def economy_sources(table: pd.DataFrame, result: object | None) -> pd.DataFrame:
    """Sources of the economy's yearly table, aligned with it (see the module doc).
    ``result``: the plan's debt path (:class:`helpers.model.debt.Result`), or None."""
    debt = None
    if result is not None:
        d = debt_sources(result)
        d.index = result.debt["aar"].astype(int)  # type: ignore[attr-defined]
        debt = d
    rows = []
    for r in table.itertuples(index=False):
        y, dt = int(r.aar), r.datatype
        src: dict[str, Kilde | None] = {}
        bdi = _bdi_source(r.bdi_grunnlag, r.bdi_kilde) if pd.notna(r.bdi) else None
        src["bdi"] = bdi
        pct = _k(S, KOSTRA_PCT_REF) if dt == "kostra" else _k(P, PLAN_REF)
        for c in ("netto_driftsresultat_pst", "disposisjonsfond_pst", "netto_lanegjeld_pst"):
            src[c] = pct
        from_pct = combine_sources(bdi, _k(A, "", "pst_belop"))
        src["disposisjonsfond"] = from_pct
        if dt == "okonomiplan":
            for c in ("netto_driftsresultat", "til_fond", "bruk_fond", "netto_avsetning_fond",
                      "renteutgifter", "avdrag"):
                src[c] = _k(P, PLAN_REF)
            src["investering"] = _k(P, INV_REF)
            if debt is not None and y in debt.index:
                src["nye_lan"] = debt.loc[y, "nye_lan"]
                src["netto_lanegjeld"] = debt.loc[y, "utgaaende_gjeld"]
                src["netto_lanegjeld_pst"] = debt.loc[y, "lanegjeld_pst"]
        else:
            src["netto_driftsresultat"] = from_pct
            src["netto_lanegjeld"] = _k(B, KOSTRA_REF)
        rows.append({c: (src.get(c) if pd.notna(getattr(r, c)) else None)
                     for c in VALUE_COLUMNS if c in table.columns})
    return pd.DataFrame(rows, index=table.index)
