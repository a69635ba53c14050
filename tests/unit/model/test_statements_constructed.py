"""The statements on a constructed budget where every line is known (issue 28): Røros' plan
with a financing plan, the accounts' opening debt and an adopted budget per art added, and
the Finans ramme set so the rammer balance exactly. Every line of §§ 5-4, 5-5, 5-6 and 5-7
is then a figure, and the statements must add up line by line, andre ledd must sum to
første ledd's line 6, the financing must equal the investments, § 5-7 must take its avdrag
and loans from §§ 5-4 and 5-5, and § 5-6 must give the same results as § 5-4."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.model import statements as st
from helpers.model import statements_invest as si
from helpers.model.central_area import rammer
from helpers.reports.oppstillinger import analyse, key_figures
from helpers.reports.oppstillinger import text as op_text
from helpers.reports.oppstillinger.tables import statement_frame

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
KNR, KOMMUNE, AAR = "5025", "Røros", 2024
YEARS = [2024, 2025, 2026, 2027]
OPENING = 850_000.0
# the financing plan's posts every year (1000 kr, positive); bruk_av_lan closes the gap
FIXED = {"kompensasjon_merverdiavgift": 3_000, "tilskudd_fra_andre": 1_000,
         "salg_varige_driftsmidler": 500, "mottatte_avdrag_utlan": 200,
         "videreutlan": 5_000, "bruk_av_lan_videreutlan": 5_000,
         "avdrag_lan_videreutlan": 800, "mottatte_avdrag_videreutlan": 800,
         "avsetning_bundne_investeringsfond": 100, "bruk_bundne_investeringsfond": 300,
         "bruk_ubundet_investeringsfond": 1_750}
INVESTMENTS = {2024: 36_493, 2025: 42_000, 2026: 7_000, 2027: 7_000}  # HØP 2024–2027
# incomes from the financing: 3 000 + 1 000 + 500 + 200; funds: −100 + 300 + 1 750
LOANS = {y: v - 4_700 - 1_950 for y, v in INVESTMENTS.items()}


def _financing() -> pd.DataFrame:
    rows = [(y, post, float(v)) for y in YEARS for post, v in FIXED.items()]
    rows += [(y, "bruk_av_lan", float(LOANS[y])) for y in YEARS]
    rows.append((2024, "lanegjeld_inngaende", OPENING))
    return pd.DataFrame([{"kommunenummer": KNR, "budsjettaar": AAR, "aar": y, "post": p,
                          "belop": b, "kilde": "konstruert"} for y, p, b in rows])


# an adopted 2024 budget per art (accounts' sign, 1000 kr) built so that its lines are
# those of § 5-4 for 2024: general incomes, the service areas' net 421 551 (line 6 with
# the rammer balanced), depreciation, finance, and the fund movements
ART_2024 = {"800": -204_653, "870": -215_334, "871": -35_150, "810": -2_000,
            "010": 300_000, "090": 80_000, "100": 100_000, "400": 30_000,
            "600": -40_000, "700": -48_449, "590": 44_249, "990": -44_249,
            "900": -6_400, "500": 38_822, "510": 32_150, "950": -4_542, "940": -24_444}


@pytest.fixture(scope="module")
def data():
    d = {k: v.copy() for k, v in load_data(DATA_DIR).items()}
    d["investering_finansiering"] = _financing()
    # the Finans ramme takes the printed rammer's rounding, so the plan balances exactly
    fr = d["finans_rammer"]
    for y in YEARS:
        off = rammer(d, KNR, y).sum()
        sel = ((fr["rammeomrade"] == "Finans") & (fr["niva"] == "rammeomrade")
               & (fr["aar"] == y) & (fr["datatype"] == "okonomiplan"))
        fr.loc[sel, "belop"] -= off
    art = pd.DataFrame([{"kommunenummer": KNR, "aar": 2024, "versjon": "opprinnelig",
                         "ansvar": "1", "art": a, "funksjon": "100", "belop": float(b),
                         "enhet": "1000 kr", "kilde": "konstruert"}
                        for a, b in ART_2024.items()])
    # data/ has no budget per art since the invented one moved to eksempler/ (issue 28)
    d["budsjett"] = art
    return d


@pytest.fixture(scope="module")
def a(data):
    return analyse(data, KOMMUNE, AAR)


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.pivot(index="linje_nr", columns="aar", values="verdi")


def test_every_line_is_known(a):
    for p in (st.P_5_4_1, st.P_5_5_1, st.P_5_7, st.P_5_4_2):
        assert a.statement(p)["verdi"].notna().all(), p
    assert sorted(a.s_5_6["aar"].unique()) == [2024]
    assert a.s_5_6["verdi"].notna().all()
    # nothing is missing but § 5-6 for the plan years without a budget per art
    assert a.years_5_6_missing == [2025, 2026, 2027]
    (sentence,) = op_text.incomplete(a)
    assert "§ 5-6" in sentence and "§ 5-5" not in sentence and "§ 5-7" not in sentence


@pytest.mark.parametrize("paragraf,parts", [(st.P_5_4_1, st.SUM_PARTS_5_4_1),
                                            (st.P_5_5_1, st.SUM_PARTS_5_5_1)])
def test_every_sum_is_the_sum_of_its_printed_lines(a, paragraf, parts):
    """Line by line, from the figures as printed (a folded line counts as 0: its amount
    is in the line it names)."""
    w = wide(a.statement(paragraf))
    for y in YEARS:
        for line, terms in parts.items():
            assert w.loc[line, y] == sum(sign * w.loc[i, y] for sign, i in terms), (line, y)


def test_andre_ledd_sums_to_line_6(a):
    f = a.s_5_4_2
    line6 = wide(a.s_5_4_1).loc[6]
    for y in YEARS:
        part = f[f["aar"] == y]
        total = part.loc[part["er_sum"], "verdi"].iloc[0]
        assert total == part.loc[~part["er_sum"], "verdi"].sum() == line6[y]
    # and the reconciliation finds nothing out of balance
    assert a.unreconciled == {} and (a.avstemming.query("post == 'avvik'")["verdi"] == 0).all()


def test_financing_equals_investments(a):
    w = wide(a.s_5_5_1)
    for y in YEARS:
        assert w.loc[6, y] == INVESTMENTS[y]
        assert w.loc[14, y] + w.loc[26, y] - w.loc[19, y] == w.loc[6, y]
        assert w.loc[27, y] == 0
        assert w.loc[13, y] == LOANS[y]
    # one sign convention in § 5-5: a use of a fund finances (+), a set-aside takes (−),
    # and line 26 is their plain sum
    assert w.loc[24, 2024] == 1_750 and w.loc[22, 2024] == 300 and w.loc[21, 2024] == -100
    assert w.loc[26, 2024] == 1_950
    # the transfer from operations is the same figure on both sides
    assert (w.loc[20] == wide(a.s_5_4_1).loc[18]).all()


def test_5_7_takes_avdrag_and_loans_from_the_statements(a):
    debt, drift, inv = wide(a.s_5_7), wide(a.s_5_4_1), wide(a.s_5_5_1)
    assert debt.loc[1, 2024] == OPENING
    for y in YEARS:
        assert debt.loc[4, y] == drift.loc[14, y]
        assert debt.loc[2, y] == inv.loc[13, y] and debt.loc[3, y] == inv.loc[16, y]
        assert debt.loc[5, y] == inv.loc[5, y] + inv.loc[17, y] == 800
        assert debt.loc[6, y] == (debt.loc[1, y] + debt.loc[2, y] + debt.loc[3, y]
                                  - debt.loc[4, y] - debt.loc[5, y])
    for y0, y1 in zip(YEARS, YEARS[1:], strict=False):
        assert debt.loc[1, y1] == debt.loc[6, y0]
    assert debt.loc[6, 2024] == OPENING + LOANS[2024] + 5_000 - 32_150 - 800


def test_5_6_gives_the_results_of_5_4(a):
    art = a.s_5_6.set_index("linje_nr")["verdi"]
    drift = wide(a.s_5_4_1)[2024]
    assert art[16] == drift[9]          # brutto driftsresultat
    assert art[22] == drift[15]         # netto finansutgifter
    assert art[24] == drift[17]         # netto driftsresultat
    assert art[31] == drift[24] and art[32] == 0
    assert art[9] - art[15] == art[16]


def test_one_figure_one_source(a):
    kf = key_figures(a)
    assert not kf.duplicated(["nokkel", "dimensjon", "aar"]).any()
    # the statements print the plan's avdrag once, in § 5-4 and § 5-7 alike
    av = kf[((kf["nokkel"] == "paragraf_5_4_1") & (kf["dimensjon"] == st.LINES_5_4_1[14]))
            | ((kf["nokkel"] == "paragraf_5_7") & (kf["dimensjon"] == st.LINES_5_7[4]))]
    assert len(av) == 8
    assert av.groupby("aar")["verdi"].nunique().max() == 1


def test_folded_lines_are_printed_as_in_another_line(a):
    df, _ = statement_frame(a, st.P_5_4_1)
    row = df[df["Nr"] == "11"].iloc[0]
    assert row["2024"] == "i linje 10"
    kf = key_figures(a)
    assert not ((kf["nokkel"] == "paragraf_5_4_1") & (kf["dimensjon"] == "Utbytter")).any()


def test_without_the_financing_plan_the_lines_are_missing_not_assumed(data):
    d = {**data}
    d.pop("investering_finansiering")
    w = wide(si.paragraf_5_5_1(d, KOMMUNE, AAR))
    assert w.loc[[7, 13, 20, 24, 26, 27]].isna().all().all()
    assert (w.loc[6] == pd.Series(INVESTMENTS)).all()
