"""The statutory budget statements (budsjett- og regnskapsforskriften §§ 5-4, 5-5, 5-7) from
the real data: the figures printed in HØP 2024–2027 for Røros, the statements' own
identities, agreement with the economy model, and that one changed data line moves exactly
the lines that depend on it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.model import statements as st
from helpers.model.economy import economy

DATA_DIR = Path(__file__).parents[1] / "data"
KOMMUNE, AAR = "Røros", 2024
YEARS = [2024, 2025, 2026, 2027]

# HØP 2024–2027, kap. «Hovedtallene i budsjettforslaget» (1000 kr, the plan's own signs
# turned to the regulation's: incomes positive)
SUM_SENTRALE_INNTEKTER = {2024: 457_138, 2025: 461_108, 2026: 463_416, 2027: 468_356}
NETTO_FINANSUTGIFTER = {2024: 64_572, 2025: 59_512, 2026: 56_352, 2027: 53_952}
TOTALE_AVSETNINGER = {2024: -28_986, 2025: -10_707, 2026: -4_686, 2027: 1_357}
AVSKRIVNINGER = 44_249
# kap. «Investeringer i økonomiplanen», tables «Investeringer» and «Selvkostinvesteringer»
INVESTERING_ORDINAER = {2024: 26_693, 2025: 37_000, 2026: 2_000, 2027: 2_000}
INVESTERING_SELVKOST = {2024: 9_800, 2025: 5_000, 2026: 5_000, 2027: 5_000}


@pytest.fixture(scope="module")
def data():
    return load_data(DATA_DIR)


@pytest.fixture(scope="module")
def eco(data):
    return economy(data, KOMMUNE, AAR)


@pytest.fixture(scope="module")
def statements(data, eco):
    return {
        "5-4-1": st.paragraf_5_4_1(data, KOMMUNE, AAR, e=eco),
        "5-4-2": st.paragraf_5_4_2(data, KOMMUNE, AAR, e=eco),
        "avst": st.reconcile_5_4(data, KOMMUNE, AAR, e=eco),
        "5-5-1": st.paragraf_5_5_1(data, KOMMUNE, AAR, e=eco),
        "5-7": st.paragraf_5_7(data, KOMMUNE, AAR, e=eco),
    }


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """linje_nr × aar."""
    return frame.pivot(index="linje_nr", columns="aar", values="verdi")


def copy(data) -> dict[str, pd.DataFrame]:
    return {k: v.copy() for k, v in data.items()}


def all_statements(data) -> dict[str, pd.DataFrame]:
    e = economy(data, KOMMUNE, AAR)
    return {
        "5-4-1": wide(st.paragraf_5_4_1(data, KOMMUNE, AAR, e=e)),
        "5-4-2": st.paragraf_5_4_2(data, KOMMUNE, AAR, e=e)
        .set_index(["linje", "aar"])["verdi"].unstack(),
        "avst": wide(st.reconcile_5_4(data, KOMMUNE, AAR, e=e)),
        "5-5-1": wide(st.paragraf_5_5_1(data, KOMMUNE, AAR, e=e)),
        "5-7": wide(st.paragraf_5_7(data, KOMMUNE, AAR, e=e)),
    }


def changed(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple]:
    """(row, year) cells that differ (NaN equals NaN)."""
    diff = ~((before == after) | (before.isna() & after.isna()))
    return {(r, c) for r in diff.index for c in diff.columns if diff.loc[r, c]}


# ---------------------------------------------------------------- shape


def test_columns_and_types(statements):
    for name, frame in statements.items():
        assert list(frame.columns[:6]) == st.COLUMNS, name
        assert frame["verdi"].dtype == float, name
        assert frame["er_sum"].dtype == bool, name
        assert sorted(frame["aar"].unique()) == YEARS, name
    one = statements["5-4-1"][statements["5-4-1"]["aar"] == 2024]
    assert list(one["linje"]) == list(st.LINES_5_4_1.values())
    one = statements["5-5-1"][statements["5-5-1"]["aar"] == 2024]
    assert list(one["linje"]) == list(st.LINES_5_5_1.values())


# ---------------------------------------------------------------- the seed's figures


def test_seed_general_incomes_2024(statements):
    w = wide(statements["5-4-1"])
    assert w.loc[1, 2024] == 204_653
    assert w.loc[2, 2024] == 215_334
    assert w.loc[3, 2024] == 35_150
    assert w.loc[4, 2024] == 2_000
    # the source prints 457 138; its rounded lines add up to 457 137
    assert w.loc[5, 2024] == 457_137


@pytest.mark.parametrize("aar", YEARS)
def test_seed_figures_every_plan_year(statements, aar):
    w = wide(statements["5-4-1"])
    assert abs(w.loc[5, aar] - SUM_SENTRALE_INNTEKTER[aar]) <= 1
    assert w.loc[7, aar] == AVSKRIVNINGER
    assert w.loc[16, aar] == AVSKRIVNINGER
    assert w.loc[15, aar] == -NETTO_FINANSUTGIFTER[aar]
    assert w.loc[17, aar] == TOTALE_AVSETNINGER[aar]
    inv = wide(statements["5-5-1"])
    assert inv.loc[6, aar] == INVESTERING_ORDINAER[aar] + INVESTERING_SELVKOST[aar]
    assert inv.loc[1, aar] + inv.loc[3, aar] == inv.loc[6, aar]


def test_seed_investments_by_category(eco):
    totals = eco.investering.base.totals.set_index("aar")
    for aar in YEARS:
        assert totals.loc[aar, "ordinær"] == INVESTERING_ORDINAER[aar]
        assert totals.loc[aar, "selvkost"] == INVESTERING_SELVKOST[aar]


def test_shares_are_not_fixed_assets(statements):
    inv = wide(statements["5-5-1"])
    # «Kjøp/salg aksjer/andeler» 1 750 in 2024 and 2025 goes on line 3
    assert inv.loc[3, 2024] == 1_750 and inv.loc[3, 2025] == 1_750
    assert inv.loc[1, 2024] == 36_493 - 1_750
    assert inv.loc[3, 2026] == 0


# ---------------------------------------------------------------- identities


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol


@pytest.mark.parametrize("aar", YEARS)
def test_5_4_1_lines_sum_to_their_sums(statements, aar):
    w = wide(statements["5-4-1"])[aar]
    assert close(w[5], w[1] + w[2] + w[3] + w[4])
    assert close(w[8], w[6] + w[7])
    assert close(w[9], w[5] - w[8])
    # lines 10–12 are not in the data separately: 15 uses their combined figure
    assert all(math.isnan(w[i]) for i in (10, 11, 12))
    assert close(w[22], w[18] + w[19] + w[20] + w[21])
    assert close(w[23], w[22] - w[17])
    # netto driftsresultat from the lines equals the model's within the source's rounding
    assert abs((w[9] + w[15] + w[16]) - w[17]) <= 2


def test_5_4_1_finance_line_uses_the_plan(data, statements):
    w = wide(statements["5-4-1"])
    okp = data["okonomiplan"]
    for aar in YEARS:
        sel = okp[(okp["tabell"] == "finans") & (okp["datatype"] == "okonomiplan")
                  & (okp["aar"] == aar)].set_index("post")["belop"]
        assert close(w.loc[15, aar], -(sel["renteutgifter"] + sel["avdrag"]
                                       + sel["renteinntekter_utbytte"]))


@pytest.mark.parametrize("aar", YEARS)
def test_5_5_1_lines_sum_to_their_sums(statements, aar):
    w = wide(statements["5-5-1"])[aar]
    assert close(w[6], sum(w[i] for i in range(1, 6)))
    assert close(w[14], sum(w[i] for i in range(7, 14)))
    assert close(w[24], w[20] - w[21] - w[22] - w[23])
    # videreutlån is not in the data, so neither is the carried-forward line
    assert all(math.isnan(w[i]) for i in range(15, 20))
    assert math.isnan(w[25])


@pytest.mark.parametrize("aar", YEARS)
def test_financing_equals_investment(statements, aar):
    w = wide(statements["5-5-1"])[aar]
    assert close(w[14] + w[24], w[6])


def test_transfer_is_the_same_on_both_sides(statements):
    drift, inv = wide(statements["5-4-1"]), wide(statements["5-5-1"])
    for aar in YEARS:
        assert close(drift.loc[18, aar], inv.loc[20, aar])


@pytest.mark.parametrize("aar", YEARS)
def test_5_7_lines(statements, aar):
    w = wide(statements["5-7"])[aar]
    assert close(w[4], w[1] + w[2] - w[3], 1e-3)


def test_debt_continues_from_year_to_year(statements):
    w = wide(statements["5-7"])
    for a, b in zip(YEARS, YEARS[1:], strict=False):
        assert close(w.loc[4, a], w.loc[1, b], 1e-6)


# ---------------------------------------------------------------- reconciliation


@pytest.mark.parametrize("aar", YEARS)
def test_andre_ledd_reconciles_with_forste_ledd(statements, aar):
    andre = statements["5-4-2"]
    andre = andre[andre["aar"] == aar]
    parts = andre[~andre["er_sum"]]["verdi"].sum()
    total = andre[andre["er_sum"]]["verdi"].iloc[0]
    assert close(total, parts)
    avst = statements["avst"]
    avst = avst[avst["aar"] == aar].set_index("linje")
    first = wide(statements["5-4-1"])[aar]
    assert close(avst.loc["Sum andre ledd", "verdi"], total)
    line6 = avst.loc["Sum bevilgninger drift, netto (linje 6)", "verdi"]
    assert close(line6, first[6])
    moved = avst[avst.index.str.startswith("Flyttet ut:")]
    assert len(moved) == 8 and (moved["til_linje"] != "").all()
    diff = avst.loc["Differanse linje 6 − sum andre ledd", "verdi"]
    assert close(diff, line6 - total)
    assert close(diff, moved["verdi"].sum())
    # the only imbalance is the rounding of the printed rammer (sum −1 in 2024)
    imbalance = avst.loc["Avvik netto driftsresultat (ubalanse i rammene)", "verdi"]
    assert close(imbalance, -total)
    assert abs(imbalance) <= 2


def test_finans_rest_is_reported_not_hidden(statements):
    avst = statements["avst"]
    rest = avst[avst["linje"].str.startswith("Finans: resten")].set_index("aar")["verdi"]
    # the Finans ramme holds 7–8 mill. kr of net income that is no line of the plan's
    # central tables; it stays in line 6 and is shown
    assert rest[2024] == -7_221
    assert (rest < 0).all()


# ---------------------------------------------------------------- the model's numbers


def test_netto_driftsresultat_and_debt_from_the_economy_model(statements, eco):
    drift, debt = wide(statements["5-4-1"]), wide(statements["5-7"])
    for aar in YEARS:
        assert drift.loc[17, aar] == eco.value("netto_driftsresultat", aar)
        assert debt.loc[4, aar] == eco.value("netto_lanegjeld", aar)
        assert debt.loc[2, aar] == eco.value("nye_lan", aar)
        assert close(drift.loc[20, aar], eco.value("netto_avsetning_fond", aar))


# ---------------------------------------------------------------- carried forward


def test_carried_forward_is_the_unfunded_transfer(statements):
    w = wide(statements["5-4-1"])
    for aar in YEARS:
        # the plan's dispositions equal netto driftsresultat; what the model finances with
        # own funds (the shares, which may not be loan-financed) is not among them
        assert close(w.loc[23, aar], w.loc[18, aar])
        assert (w.loc[23, aar] == 0) == (w.loc[18, aar] == 0)
    assert w.loc[23, 2024] == 1_750 and w.loc[23, 2026] == 0


def test_carried_forward_is_zero_when_the_budget_balances(data):
    d = copy(data)
    p = d["investering_prosjekter"]
    p.loc[p["prosjekt"].str.contains("aksje", case=False), "lanefinansieres"] = "ja"
    s = all_statements(d)
    w = s["5-4-1"]
    assert (w.loc[18] == 0).all() and (w.loc[23] == 0).all()
    assert (s["avst"].loc[15].abs() <= 2).all()
    inv = s["5-5-1"]
    assert ((inv.loc[14] + inv.loc[24]) == inv.loc[6]).all()


def test_changing_a_set_aside_moves_its_lines(data, base):
    d = copy(data)
    okp = d["okonomiplan"]
    sel = ((okp["post"] == "til_ubundne_avsetninger") & (okp["aar"] == 2027)
           & (okp["datatype"] == "okonomiplan"))
    okp.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    # the model's netto driftsresultat follows the dispositions; nothing is carried forward
    assert changed(base["5-4-1"], after["5-4-1"]) == {(6, 2027), (8, 2027), (9, 2027),
                                                      (17, 2027), (20, 2027), (22, 2027)}
    assert after["5-4-1"].loc[17, 2027] == 2_357
    assert after["5-4-1"].loc[23, 2027] == 0
    # the Finans ramme is unchanged, so the data say its unitemised rest pays for the
    # set-aside: the reconciliation shows it, the balance check stays at 0
    assert after["avst"].loc[12, 2027] - base["avst"].loc[12, 2027] == -1_000
    assert after["avst"].loc[15, 2027] == base["avst"].loc[15, 2027]
    for k in ("5-4-2", "5-5-1", "5-7"):
        assert not changed(base[k], after[k]), k


# ---------------------------------------------------------------- one change, its lines


@pytest.fixture(scope="module")
def base(data):
    return all_statements(data)


def test_changing_eiendomsskatt_moves_its_lines(data, base):
    d = copy(data)
    okp = d["okonomiplan"]
    sel = ((okp["post"] == "eiendomsskatt") & (okp["aar"] == 2025)
           & (okp["datatype"] == "okonomiplan"))
    okp.loc[sel, "belop"] -= 1_000  # 1 mill. kr more income (income negative in the data)
    after = all_statements(d)
    # the ramme of Finans is unchanged, so the extra income stays in line 6 (Finans's rest)
    assert changed(base["5-4-1"], after["5-4-1"]) == {(3, 2025), (5, 2025), (6, 2025),
                                                      (8, 2025)}
    assert after["5-4-1"].loc[3, 2025] - base["5-4-1"].loc[3, 2025] == 1_000
    assert changed(base["avst"], after["avst"]) == {(2, 2025), (10, 2025), (11, 2025),
                                                    (12, 2025)}
    for k in ("5-4-2", "5-5-1", "5-7"):
        assert not changed(base[k], after[k]), k


def test_changing_a_ramme_moves_its_lines(data, base):
    d = copy(data)
    r = d["finans_rammer"]
    sel = ((r["rammeomrade"] == "Kultur") & (r["niva"] == "rammeomrade") & (r["aar"] == 2026)
           & (r["datatype"] == "okonomiplan"))
    r.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    assert changed(base["5-4-2"], after["5-4-2"]) == {("Kultur", 2026), (st.SUM_5_4_2, 2026)}
    assert changed(base["5-4-1"], after["5-4-1"]) == {(6, 2026), (8, 2026), (9, 2026)}
    assert after["5-4-1"].loc[9, 2026] - base["5-4-1"].loc[9, 2026] == -1_000
    # the model's netto driftsresultat is the plan's dispositions: the gap is reported
    assert after["avst"].loc[15, 2026] - base["avst"].loc[15, 2026] == -1_000
    for k in ("5-5-1", "5-7"):
        assert not changed(base[k], after[k]), k


def test_changing_a_project_moves_its_lines(data, base):
    d = copy(data)
    inv = d["investering"]
    sel = ((inv["prosjekt"] == "Kommunale veier") & (inv["aar"] == 2024)
           & (inv["datatype"] == "okonomiplan"))
    assert sel.sum() == 1
    inv.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    assert changed(base["5-5-1"], after["5-5-1"]) == {(1, 2024), (6, 2024), (13, 2024),
                                                      (14, 2024)}
    assert after["5-5-1"].loc[13, 2024] - base["5-5-1"].loc[13, 2024] == 1_000
    debt = changed(base["5-7"], after["5-7"])
    assert (2, 2024) in debt and (4, 2024) in debt
    assert all(line != 2 or aar == 2024 for line, aar in debt)
    for k in ("5-4-1", "5-4-2", "avst"):
        assert not changed(base[k], after[k]), k
