"""The finans report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import math

import pandas as pd

from helpers.presentation.formatting import (
    round_half_up,
)
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.presentation.provenance import Grunnlag, Kilde, of_datatype
from helpers.reports.finans.analysis import Analysis
from helpers.reports.finans.budget import BUDGET_DATATYPES, RAPPORT


def key_figures(kommune_navn: str, frie: pd.DataFrame, finans: pd.DataFrame,
                balance: pd.DataFrame, frames: pd.DataFrame, sensitivity: pd.DataFrame,
                budsjettaar: int) -> pd.DataFrame:
    """The report's rows for nokkeltall.csv (rapport «finans»).

    frie_inntekter, frie_inntekter_vekst (1000 kr) and frie_inntekter_vekst_pst per year,
    frie_inntekter_realvekst_pst where a deflator is known; renteutgifter,
    renteinntekter_utbytte, avdrag, netto_finansutgifter (1000 kr, positive) and
    netto_finansutgifter_pst_frie_inntekter per year; budsjettbalanse per budget/plan year
    (1000 kr; 0 when balanced within rounding, otherwise minus the sum of the frames: a
    deficit is negative); ramme per rammeområde (dimensjon) per budget/plan year and
    ramme_endring_fra_fjoraar for the plan years;
    rentekostnad_endring per scenario (dimensjon, aar = budsjettaar).

    ``grunnlag``: the plan's or the accounts' by the row's datatype; growth, shares and
    the balance are calculated from them (beregnet); the interest scenarios are what-ifs
    (anslag).
    """
    recs: list[dict] = []
    calc = Kilde(Grunnlag.BEREGNET, "økonomiplanen")
    whatif = Kilde(Grunnlag.ANSLAG, "økonomiplanen",
                   "en tenkt renteendring på all rentebærende gjeld")

    def add(nokkel, aar, verdi, enhet, dimensjon="", datatype=None, source=None):
        if verdi is None or (isinstance(verdi, float) and math.isnan(verdi)):
            return
        kind = of_datatype(datatype)
        recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": kommune_navn,
                     "aar": int(aar), "dimensjon": dimensjon, "verdi": float(verdi),
                     "enhet": enhet,
                     "source": source or (Kilde(kind, "økonomiplanen") if kind else calc)})

    for r in frie.itertuples():
        add("frie_inntekter", r.aar, r.frie_inntekter, "1000 kr", datatype=r.datatype)
        add("frie_inntekter_vekst", r.aar, r.endring, "1000 kr", source=calc)
        add("frie_inntekter_vekst_pst", r.aar, round_half_up(r.vekst_pst, 2), "%",
            source=calc)
        add("frie_inntekter_realvekst_pst", r.aar, round_half_up(r.realvekst_pst, 2), "%",
            source=calc)
    for r in finans.itertuples():
        dt = r.datatype
        add("renteutgifter", r.aar, r.renteutgifter, "1000 kr", datatype=dt)
        add("renteinntekter_utbytte", r.aar, r.renteinntekter_utbytte, "1000 kr", datatype=dt)
        add("avdrag", r.aar, r.avdrag, "1000 kr", datatype=dt)
        add("netto_finansutgifter", r.aar, r.netto_finansutgifter, "1000 kr", datatype=dt)
        if "andel_frie_inntekter_pst" in finans:
            add("netto_finansutgifter_pst_frie_inntekter", r.aar,
                round_half_up(r.andel_frie_inntekter_pst, 2), "%", source=calc)
    for r in balance[balance["krav"]].itertuples():
        add("budsjettbalanse", r.aar, -r.avvik + 0.0, "1000 kr",  # deficit negative
            source=calc)
    plan = frames[frames["datatype"].isin(BUDGET_DATATYPES)]
    for r in plan.itertuples():
        add("ramme", r.aar, r.belop, "1000 kr", r.rammeomrade, datatype=r.datatype)
        if r.aar >= budsjettaar:
            add("ramme_endring_fra_fjoraar", r.aar, r.endring_fra_fjoraar, "1000 kr",
                r.rammeomrade, source=calc)
    for r in sensitivity.itertuples():
        add("rentekostnad_endring", budsjettaar, round(r.rentekostnad_endring, 1), "1000 kr",
            r.scenario, source=whatif)
    return key_figure_frame(recs)


def report_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for nokkeltall.csv from an :class:`Analysis`."""
    frames = a.frames[a.frames["aar"] >= a.budsjettaar - 1] if not a.frames.empty else a.frames
    return key_figures(a.kommune.navn, a.frie, a.finans, a.balance, frames, a.sensitivity,
                       a.budsjettaar)
