"""The art-to-line mapping of økonomisk oversikt etter art – drift (§ 5-6 of
FOR-2019-06-07-714): which KOSTRA arts go on which line, per kontoplan year.

The mapping is data, not code: a new year's account plan is new rows with that ``aar``.
Checks: ``art_fra`` ≤ ``art_til``; the ranges of one year do not overlap (an art on two
lines would be counted twice); one line number has one name within a year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from helpers.data.specs import KILDE, NY, Col, FileSpec

ART3 = r"^\d{3}$"


def _line(idx) -> int:
    return int(idx) + 2


def _check_ranges(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    out: list[tuple] = []
    for idx, r in df.iterrows():
        if r["art_fra"] > r["art_til"]:
            out.append((_line(idx), "art_til", r["art_til"],
                        f"art_til er lavere enn art_fra ({r['art_fra']}) – forventet et "
                        "intervall fra lav til høy art"))
    for _aar, grp in df.groupby("aar"):
        g = grp.sort_values("art_fra")
        prev = None
        for idx, r in g.iterrows():
            if prev is not None and r["art_fra"] <= prev[1]["art_til"]:
                out.append((_line(idx), "art_fra", r["art_fra"],
                            f"artene {r['art_fra']}–{r['art_til']} overlapper med "
                            f"{prev[1]['art_fra']}–{prev[1]['art_til']} på linje "
                            f"{_line(prev[0])} – forventet at hver art står på én linje"))
            if prev is None or r["art_til"] > prev[1]["art_til"]:
                prev = (idx, r)
        names = grp.groupby("linje_nr")["linje"].unique()
        for nr, vals in names.items():
            if len(vals) > 1:
                first = grp[grp["linje_nr"] == nr].index[1]
                out.append((_line(first), "linje", vals[1],
                            f"linje {nr} har også navnet «{vals[0]}» – forventet samme "
                            "navn på samme linjenummer"))
    return out


FILES = [
    FileSpec(
        name="kontoplan_art_5_6.csv",
        description="KOSTRA-arter → linje i økonomisk oversikt etter art – drift (§ 5-6), "
                    "per kontoplanår",
        columns={
            "aar": Col("year", "Året kontoplanen gjelder for"),
            "art_fra": Col("str", "Første art i intervallet (tre siffer)", pattern=ART3),
            "art_til": Col("str", "Siste art i intervallet (tre siffer, til og med)",
                           pattern=ART3),
            "linje_nr": Col("int", "Linjenummeret i § 5-6-oppstillingen", min=1, max=32),
            "linje": Col("str", "Linjens navn slik oppstillingen skriver det"),
            "sikker": Col("str", "ja: artens nummerserie og navn gir linjen entydig; nei: "
                                 "arten kan høre til to linjer, og plasseringen er ikke "
                                 "bekreftet mot veilederens koblingstabell",
                          allowed=("ja", "nei")),
            "kilde": KILDE,
        },
        key=("aar", "art_fra"),
        optional=True,
        checks=(_check_ranges,),
        source=NY,
        holds="koblingen fra KOSTRA-art til linje i økonomisk oversikt "
                                   "etter art",
    ),
]
