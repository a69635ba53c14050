"""The handlingsregler report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.data.kommuner import Kommune, name_of
from helpers.model.rules import indicator_series
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.presentation.provenance import Grunnlag, of_datatype
from helpers.reports.handlingsregler.analysis import Analysis

RAPPORT = "handlingsregler"


def rule_key_figures(data: dict[str, pd.DataFrame], kommune: Kommune,
                     set_aside: pd.DataFrame, table: pd.DataFrame | None = None,
                     sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The report's rows for nokkeltall.csv: the three percentage series for every year and
    municipality in the data — for the subject municipality from the economy's ``table``
    (so plan years' netto lånegjeld is the model's, the same as in investering) — and the
    set-aside rule per plan year (1000 kr): requirement, gross set-aside, use of the fund and
    the net change (``avsetning_planlagt``). ``sources``: where each value of ``table``
    comes from (:attr:`helpers.model.economy.Economy.sources`); the other municipalities'
    figures are KOSTRA statistics or their plans'."""
    names = name_of(data["kommuner"])
    recs = []
    inds = ("netto_driftsresultat_pst", "disposisjonsfond_pst", "netto_lanegjeld_pst")
    for ind in inds:
        for knr in sorted(set(data["kostra"]["kommunenummer"])
                          | set(data.get("plan_indikatorer", pd.DataFrame(
                              columns=["kommunenummer"]))["kommunenummer"])):
            if knr == kommune.kommunenummer and table is not None:
                s = table[["aar", ind]].rename(columns={ind: "verdi"})
                s["source"] = (sources[ind] if sources is not None and ind in sources
                               else None)
                s["grunnlag"] = [of_datatype(d) for d in table["datatype"]]
                s = s.dropna(subset=["verdi"])
            else:
                s = indicator_series(data, knr, ind)
                s["source"] = None
                s["grunnlag"] = [of_datatype(d) for d in s["datatype"]]
                s["kilde"] = s["kilde"].fillna("")
            for r in s.itertuples():
                recs.append({"rapport": RAPPORT, "nokkel": ind, "kommune": names[knr],
                             "aar": int(r.aar), "dimensjon": "", "verdi": round(r.verdi, 1),
                             "enhet": "%", "source": r.source, "grunnlag": r.grunnlag,
                             "kilde": getattr(r, "kilde", None)})
    plan = set_aside[set_aside["datatype"] == "okonomiplan"]
    for r in plan.itertuples():
        for nokkel, v in (("avsetning_krav", round(r.krav, 1)),
                          ("avsetning_til_fond", r.til_fond),
                          ("avsetning_bruk_av_fond", r.bruk_fond),
                          ("avsetning_planlagt", r.planlagt)):
            if pd.notna(v):
                # the requirement is calculated from the plan's income; the rest is the plan's
                kind = Grunnlag.PLAN if nokkel != "avsetning_krav" else Grunnlag.BEREGNET
                recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": kommune.navn,
                             "aar": r.aar, "dimensjon": "", "verdi": v, "enhet": "1000 kr",
                             "grunnlag": kind})
    return key_figure_frame(recs)


def key_figures(a: Analysis) -> pd.DataFrame:
    return rule_key_figures(a.data, a.kommune, a.set_aside, a.economy.table,
                            a.economy.sources)
