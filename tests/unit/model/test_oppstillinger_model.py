"""The statutory budget statements (budsjett- og regnskapsforskriften §§ 5-4, 5-5, 5-7) from
the real data: the figures printed in HØP 2024–2027 for Røros, the statements' own
identities, agreement with the economy model, and that one changed data line moves exactly
the lines that depend on it. Line numbers as in :mod:`helpers.model.statements` (§ 5-4
første ledd 25 lines, § 5-5 første ledd 27 lines)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.model import statements as st
from helpers.model import statements_invest as si
from helpers.model.central_area import rammer
from helpers.model.economy import economy
from helpers.reports.oppstillinger.text import reconciliation_label

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
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
        "5-5-1": si.paragraf_5_5_1(data, KOMMUNE, AAR, e=eco),
        "5-5-2": si.paragraf_5_5_2(data, KOMMUNE, AAR, e=eco),
        "5-7": si.paragraf_5_7(data, KOMMUNE, AAR, e=eco),
    }


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """linje_nr × aar."""
    return frame.pivot(index="linje_nr", columns="aar", values="verdi")


def labels(avstemming: pd.DataFrame) -> list[str]:
    """The reconciliation's row labels, as the report prints them."""
    return [reconciliation_label(r.post, r.gjenstand, r.omrade)
            for r in avstemming.itertuples()]


def copy(data) -> dict[str, pd.DataFrame]:
    return {k: v.copy() for k, v in data.items()}


def all_statements(data) -> dict[str, pd.DataFrame]:
    e = economy(data, KOMMUNE, AAR)
    return {
        "5-4-1": wide(st.paragraf_5_4_1(data, KOMMUNE, AAR, e=e)),
        "5-4-2": st.paragraf_5_4_2(data, KOMMUNE, AAR, e=e)
        .set_index(["linje", "aar"])["verdi"].unstack(),
        "avst": wide(st.reconcile_5_4(data, KOMMUNE, AAR, e=e)),
        "5-5-1": wide(si.paragraf_5_5_1(data, KOMMUNE, AAR, e=e)),
        "5-5-2": wide(si.paragraf_5_5_2(data, KOMMUNE, AAR, e=e)),
        "5-7": wide(si.paragraf_5_7(data, KOMMUNE, AAR, e=e)),
    }


def changed(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple]:
    """(row, year) cells that differ (NaN equals NaN)."""
    diff = ~((before == after) | (before.isna() & after.isna()))
    return {(r, c) for r in diff.index for c in diff.columns if diff.loc[r, c]}


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol


# ---------------------------------------------------------------- shape


def test_columns_and_types(statements):
    for name, frame in statements.items():
        # the reconciliation's rows are codes (post) the report labels: no linje column
        cols = [c for c in st.COLUMNS if c != "linje"] if name == "avst" else st.COLUMNS
        assert list(frame.columns[:len(cols)]) == cols, name
        assert frame["verdi"].dtype == float, name
        assert frame["er_sum"].dtype == bool, name
        assert sorted(frame["aar"].unique()) == YEARS, name
    one = statements["5-4-1"][statements["5-4-1"]["aar"] == 2024]
    assert list(one["linje"]) == list(st.LINES_5_4_1.values())
    assert len(one) == 25
    one = statements["5-5-1"][statements["5-5-1"]["aar"] == 2024]
    assert list(one["linje"]) == list(st.LINES_5_5_1.values())
    assert len(one) == 27


def test_the_regulations_line_names_in_order():
    """The lines as the published statements number them (module doc names the sources)."""
    assert st.LINES_5_4_1[6] == "Sum bevilgninger drift, netto"
    assert st.LINES_5_4_1[17] == "Netto driftsresultat"
    assert [st.LINES_5_4_1[n] for n in (18, 19, 20, 21, 22, 23)] == [
        "Overføring til investering", "Avsetninger til bundne driftsfond",
        "Bruk av bundne driftsfond", "Avsetninger til disposisjonsfond",
        "Bruk av disposisjonsfond", "Dekning av tidligere års merforbruk"]
    assert st.LINES_5_4_1[25] == "Fremført til inndekning i senere år (merforbruk)"
    assert st.LINES_5_5_1[3] == "Investeringer i aksjer og andeler i selskaper"
    assert st.LINES_5_5_1[13] == "Bruk av lån"
    assert st.LINES_5_5_1[27] == "Fremført til inndekning i senere år (udekket beløp)"
    assert st.SUMS_5_4_1 == {5, 6, 8, 9, 15, 17, 24, 25}
    assert st.SUMS_5_5_1 == {6, 14, 19, 26, 27}


# ---------------------------------------------------------------- the seed's figures


def test_seed_general_incomes_2024(statements):
    w = wide(statements["5-4-1"])
    assert w.loc[1, 2024] == 204_653
    assert w.loc[2, 2024] == 215_334
    assert w.loc[3, 2024] == 35_150
    assert w.loc[4, 2024] == 2_000
    # the source prints 457 138; its rounded lines add up to 457 137, and the statement
    # sums its lines
    assert w.loc[5, 2024] == 457_137
    assert SUM_SENTRALE_INNTEKTER[2024] - w.loc[5, 2024] == 1


@pytest.mark.parametrize("aar", YEARS)
def test_seed_figures_every_plan_year(statements, aar):
    w = wide(statements["5-4-1"])
    assert abs(w.loc[5, aar] - SUM_SENTRALE_INNTEKTER[aar]) <= 1
    assert w.loc[7, aar] == AVSKRIVNINGER
    assert w.loc[16, aar] == AVSKRIVNINGER
    assert w.loc[15, aar] == -NETTO_FINANSUTGIFTER[aar]
    assert w.loc[17, aar] == TOTALE_AVSETNINGER[aar]
    assert w.loc[25, aar] == 0
    inv = wide(statements["5-5-1"])
    assert inv.loc[6, aar] == INVESTERING_ORDINAER[aar] + INVESTERING_SELVKOST[aar]
    assert inv.loc[1, aar] + inv.loc[3, aar] == inv.loc[6, aar]


def test_seed_investments_by_category(eco):
    totals = eco.investering.base.totals.set_index("aar")
    for aar in YEARS:
        assert totals.loc[aar, "ordinær"] == INVESTERING_ORDINAER[aar]
        assert totals.loc[aar, "selvkost"] == INVESTERING_SELVKOST[aar]


def test_shares_are_not_fixed_assets(statements):
    """The 36 493 of 2024 (ordinary 26 693 + selvkost 9 800) are the investment expenses
    (line 6); the ordinary table holds «Kjøp/salg aksjer/andeler» 1 750, which the data mark
    as shares (investeringstype), so line 1 is 34 743 and line 3 is 1 750."""
    inv = wide(statements["5-5-1"])
    assert inv.loc[6, 2024] == 36_493
    assert inv.loc[3, 2024] == 1_750 and inv.loc[3, 2025] == 1_750
    assert inv.loc[1, 2024] == 34_743
    assert inv.loc[3, 2026] == 0


def test_share_line_comes_from_the_data_column_not_the_name(data):
    d = copy(data)
    p = d["investering_prosjekter"]
    p.loc[p["prosjekt"] == "Kirkemurer", "investeringstype"] = "tilskudd_til_andre"
    p.loc[p["prosjekt"] == "Kjøp/salg aksjer/andeler", "investeringstype"] = \
        "varige_driftsmidler"
    inv = all_statements(d)["5-5-1"]
    assert inv.loc[2, 2024] == 2_500 and inv.loc[2, 2025] == 2_500
    assert inv.loc[3, 2024] == 0
    assert inv.loc[1, 2024] == 36_493 - 2_500
    assert inv.loc[6, 2024] == 36_493


def test_without_the_column_every_project_is_a_fixed_asset(data):
    d = copy(data)
    d["investering_prosjekter"] = d["investering_prosjekter"].drop(
        columns=["investeringstype"])
    e = economy(d, KOMMUNE, AAR)
    inv = wide(si.paragraf_5_5_1(d, KOMMUNE, AAR, e=e))
    assert inv.loc[1, 2024] == 36_493 and inv.loc[3, 2024] == 0
    assert not e.investering.base.plan.projects["investeringstype_oppgitt"].any()


# ---------------------------------------------------------------- identities


@pytest.mark.parametrize("aar", YEARS)
def test_5_4_1_lines_sum_to_their_sums(data, statements, aar):
    w = wide(statements["5-4-1"])[aar]
    assert close(w[5], w[1] + w[2] + w[3] + w[4])
    assert close(w[8], w[6] + w[7])
    assert close(w[9], w[5] - w[8])
    # renter and utbytte are one figure in the data: on line 10, line 11 folded into it;
    # the plan's finance table has no gains or losses (line 12 is 0); 15 adds up
    f = statements["5-4-1"]
    fold = f[f["aar"] == aar].set_index("linje_nr")["inngaar_i"]
    assert fold[11] == 10 and w[11] == 0 and w[12] == 0
    assert close(w[15], w[10] + w[11] + w[12] - w[13] - w[14])
    # 19 and 20 are one net figure in the plan (a net use at Røros): on line 20
    okp = data["okonomiplan"]
    net = okp[(okp["post"] == "avsetninger_tjenesteomrader") & (okp["aar"] == aar)
              & (okp["datatype"] == "okonomiplan")]["belop"].sum()
    assert net < 0 and w[20] == net and w[19] == 0 and fold[19] == 20 and fold[20] == 0
    assert close(w[24], w[18] + w[19] + w[20] + w[21] + w[22] + w[23])
    assert close(w[25], w[24] - w[17])
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
    # the plan gives no financing: every financing line is missing, never the tool's
    # assumption (the issue's «Bruk av lån 34 743» came from 100 % loans by default)
    assert all(math.isnan(w[i]) for i in range(7, 28))


def test_the_financing_is_never_the_models(data, statements, eco):
    inv = wide(statements["5-5-1"])
    assert inv.loc[7:27].isna().all().all()
    # the model still has its assumed loans (for the analyses); the statement does not
    assert eco.value("nye_lan", 2024) > 0 and math.isnan(inv.loc[13, 2024])


@pytest.mark.parametrize("aar", YEARS)
def test_5_5_2_projects_sum_to_the_first_paragraph(statements, aar):
    two = statements["5-5-2"]
    two = two[two["aar"] == aar]
    projects = two[~two["er_sum"]]
    groups = two[two["er_sum"] & (two["linje"] != st.SUM_5_5_2)]
    total = two[two["linje"] == st.SUM_5_5_2]["verdi"].iloc[0]
    assert len(projects) == 19 and len(groups) == 5
    assert close(projects["verdi"].sum(), total)
    assert close(groups["verdi"].sum(), total)
    for g, part in projects.groupby("gruppe"):
        assert close(part["verdi"].sum(),
                     groups[groups["linje"] == f"Sum {g}"]["verdi"].iloc[0]), g
    assert close(total, wide(statements["5-5-1"]).loc[6, aar])


def test_5_5_2_gross_per_project(statements):
    two = statements["5-5-2"].set_index(["linje", "aar"])["verdi"]
    assert two[("Kommunale veier", 2024)] == 5_200
    assert two[("Barnehager Røros sentrum", 2025)] == 30_000
    assert two[("Sum Tekniske områder (selvkost)", 2024)] == 9_800
    assert two[(st.SUM_5_5_2, 2024)] == 36_493


def test_5_7_avdrag_are_the_plans_and_the_rest_is_missing(statements):
    """One figure, one source: § 5-7's avdrag are § 5-4 line 14 (the plan's 32 150 …), not
    the debt model's 33 729 …; without the accounts' opening debt and a financing plan
    the debt is missing, not KOSTRA per innbygger × innbyggere (719 903)."""
    w, drift = wide(statements["5-7"]), wide(statements["5-4-1"])
    assert list(w.loc[4]) == [32_150, 32_800, 33_500, 34_100] == list(drift.loc[14])
    for line in (1, 2, 3, 5, 6):
        assert w.loc[line].isna().all(), line


# ---------------------------------------------------------------- reconciliation


@pytest.mark.parametrize("aar", YEARS)
def test_andre_ledd_reconciles_with_forste_ledd(data, statements, aar):
    andre = statements["5-4-2"]
    andre = andre[andre["aar"] == aar]
    parts = andre[~andre["er_sum"]]["verdi"].sum()
    total = andre[andre["er_sum"]]["verdi"].iloc[0]
    assert close(total, parts)
    first = wide(statements["5-4-1"])[aar]
    # as municipalities print it: andre ledd's sum is første ledd's line 6, same name
    assert total == first[6]
    assert andre[andre["er_sum"]]["linje"].iloc[0] == st.LINES_5_4_1[6]
    avst = statements["avst"]
    avst = avst[avst["aar"] == aar].set_index("post")
    total = rammer(data, "5025", aar).sum()  # the plan's rammer as printed
    assert close(avst.loc["sum_andre_ledd", "verdi"], total)
    line6 = avst.loc["linje_6", "verdi"]
    assert close(line6, first[6])
    moved = avst.loc[["flyttet_ut"]]
    assert list(moved["gjenstand"]) == list(st.MOVED_ITEMS)
    assert len(moved) == 8 and (moved["til_linje"] != "").all()
    diff = avst.loc["differanse", "verdi"]
    assert close(diff, line6 - total)
    assert close(diff, moved["verdi"].sum())
    # the only imbalance is the rounding of the printed rammer (sum −1 in 2024)
    imbalance = avst.loc["avvik", "verdi"]
    assert close(imbalance, -total)
    assert abs(imbalance) <= st.rounding(8) == 4
    assert st.unreconciled(statements["avst"]) == {}


def test_finans_rest_is_reported_not_hidden(statements):
    avst = statements["avst"]
    rest = st.rest_rows(avst).set_index("aar")["verdi"]
    assert set(st.rest_rows(avst)["omrade"]) == {"Finans"}
    assert {reconciliation_label(r.post, r.gjenstand, r.omrade)
            for r in st.rest_rows(avst).itertuples()} == {
        "Finans: resten av rammen (blir stående i linje 6)"}
    one = labels(avst[avst["aar"] == 2024])
    assert one[:3] == ["Sum rammer slik planen viser dem",
                                      "Flyttet ut: Generelle driftsinntekter (i Finans)",
                                      "Flyttet ut: Avskrivninger (i Finans)"]
    assert one[-3:] == ["Netto driftsresultat regnet fra linje 9, 15 og 16",
                                       "Netto driftsresultat etter planens disponeringer",
                                       "Avvik netto driftsresultat (ubalanse i rammene)"]
    # the Finans ramme holds 7–8 mill. kr of net income that is no line of the plan's
    # central tables; it stays in line 6 and is shown
    assert rest[2024] == -7_221
    assert (rest < 0).all()
    # andre ledd prints that rest as the Finans row
    andre = statements["5-4-2"].set_index(["post", "aar"])
    assert andre.loc[("rest", 2024), "linje"] == "Finans"
    assert andre.loc[("rest", 2024), "verdi"] == -7_221
    assert andre.loc[("fond", 2024), "verdi"] == 4_542


def test_the_central_area_is_found_by_its_net_income_not_by_the_name_finans(data, statements):
    """Another municipality calls the area «Sentrale inntekter og utgifter»: it is the only
    rammeområde with a net income, so the reconciliation names it and its rest is the same."""
    import pandas as pd

    fr = data["finans_rammer"].copy()
    fr["rammeomrade"] = fr["rammeomrade"].replace({"Finans": "Sentrale inntekter og utgifter"})
    renamed = {**data, "finans_rammer": fr}
    avst = st.reconcile_5_4(renamed, KOMMUNE, AAR)
    rows = st.rest_rows(avst).set_index("aar")["verdi"]
    assert set(labels(st.rest_rows(avst))) == {
        "Sentrale inntekter og utgifter: resten av rammen (blir stående i linje 6)"}
    before = st.rest_rows(statements["avst"]).set_index("aar")["verdi"]
    assert rows.to_dict() == before.to_dict()
    assert "Flyttet ut: Avdrag på lån (i Sentrale inntekter og utgifter)" in labels(avst)
    assert not any("Finans" in label for label in labels(avst))
    # two areas with a net income: no area is named, and no rest row is made up
    r = pd.Series({"A": -10.0, "B": -5.0, "C": 20.0})
    assert st.central_area(r) is None
    assert st.central_area(pd.Series({"finans": 3.0, "B": -5.0})) == "finans"


# ---------------------------------------------------------------- the model's numbers


def test_netto_driftsresultat_funds_and_debt_from_the_economy_model(statements, eco):
    drift, debt = wide(statements["5-4-1"]), wide(statements["5-7"])
    for aar in YEARS:
        assert drift.loc[17, aar] == eco.value("netto_driftsresultat", aar)
        assert drift.loc[21, aar] == eco.value("til_fond", aar)
        assert drift.loc[22, aar] == eco.value("bruk_fond", aar)
        assert close(drift.loc[21, aar] + drift.loc[22, aar],
                     eco.value("netto_avsetning_fond", aar))
        assert math.isnan(debt.loc[6, aar])


# ---------------------------------------------------------------- carried forward


@pytest.fixture(scope="module")
def base(data):
    return all_statements(data)


def test_carried_forward_is_zero_when_the_budget_balances(base):
    w = base["5-4-1"]
    assert (w.loc[25] == 0).all()
    assert (base["avst"].loc[15].abs() <= st.rounding(8)).all()


def test_carried_forward_is_the_gap_when_the_budget_does_not_balance(data, base):
    """A ramme raised without financing: the plan is out of balance by that amount; line 17
    is then the result the appropriations give, and line 25 carries the gap forward."""
    d = copy(data)
    r = d["finans_rammer"]
    sel = ((r["rammeomrade"] == "Kultur") & (r["niva"] == "rammeomrade") & (r["aar"] == 2026)
           & (r["datatype"] == "okonomiplan"))
    r.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    assert changed(base["5-4-2"], after["5-4-2"]) == {("Kultur", 2026), (st.SUM_5_4_2, 2026)}
    assert changed(base["5-4-1"], after["5-4-1"]) == {(6, 2026), (8, 2026), (9, 2026),
                                                      (17, 2026), (25, 2026)}
    assert after["5-4-1"].loc[17, 2026] - base["5-4-1"].loc[17, 2026] == -1_000
    assert after["5-4-1"].loc[25, 2026] == 1_000
    assert (after["5-4-1"].loc[25].drop(2026) == 0).all()
    # the reconciliation shows the gap against the plan's dispositions
    assert after["avst"].loc[15, 2026] - base["avst"].loc[15, 2026] == -1_000
    e = economy(d, KOMMUNE, AAR)
    assert st.unreconciled(st.reconcile_5_4(d, KOMMUNE, AAR, e=e)) == {2026: -1_000}
    for k in ("5-5-1", "5-5-2", "5-7"):
        assert not changed(base[k], after[k]), k


# ---------------------------------------------------------------- one change, its lines


def test_changing_a_set_aside_moves_its_lines(data, base):
    d = copy(data)
    okp = d["okonomiplan"]
    sel = ((okp["post"] == "til_ubundne_avsetninger") & (okp["aar"] == 2027)
           & (okp["datatype"] == "okonomiplan"))
    okp.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    # the model's netto driftsresultat follows the dispositions; nothing is carried forward
    assert changed(base["5-4-1"], after["5-4-1"]) == {(6, 2027), (8, 2027), (9, 2027),
                                                      (17, 2027), (21, 2027), (24, 2027)}
    assert after["5-4-1"].loc[17, 2027] == 2_357
    assert after["5-4-1"].loc[21, 2027] == 7_043
    assert after["5-4-1"].loc[25, 2027] == 0
    # the Finans ramme is unchanged, so the data say its unitemised rest pays for the
    # set-aside: the reconciliation shows it, the balance check stays at 0
    assert after["avst"].loc[12, 2027] - base["avst"].loc[12, 2027] == -1_000
    assert after["avst"].loc[15, 2027] == base["avst"].loc[15, 2027]
    # andre ledd prints that rest as the Finans row, and its sum stays line 6
    assert changed(base["5-4-2"], after["5-4-2"]) == {("Finans", 2027),
                                                      (st.SUM_5_4_2, 2027)}
    assert after["5-4-2"].loc[st.SUM_5_4_2, 2027] == after["5-4-1"].loc[6, 2027]
    for k in ("5-5-1", "5-5-2", "5-7"):
        assert not changed(base[k], after[k]), k


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
    assert changed(base["5-4-2"], after["5-4-2"]) == {("Finans", 2025),
                                                      (st.SUM_5_4_2, 2025)}
    for k in ("5-5-1", "5-5-2", "5-7"):
        assert not changed(base[k], after[k]), k


def test_changing_a_project_moves_its_lines(data, base):
    d = copy(data)
    inv = d["investering"]
    sel = ((inv["prosjekt"] == "Kommunale veier") & (inv["aar"] == 2024)
           & (inv["datatype"] == "okonomiplan"))
    assert sel.sum() == 1
    inv.loc[sel, "belop"] += 1_000
    after = all_statements(d)
    # the expense lines only: without a financing plan no loan follows the project
    assert changed(base["5-5-1"], after["5-5-1"]) == {(1, 2024), (6, 2024)}
    # andre ledd: the project, its group's sum and the total
    rows = {r for r, _ in changed(base["5-5-2"], after["5-5-2"])}
    two = si.paragraf_5_5_2(d, KOMMUNE, AAR)
    names = dict(zip(two["linje_nr"], two["linje"], strict=False))
    assert {names[r] for r in rows} == {"Kommunale veier", "Sum Tekniske områder",
                                         st.SUM_5_5_2}
    for k in ("5-4-1", "5-4-2", "avst", "5-7"):
        assert not changed(base[k], after[k]), k


# ---------------------------------------------------------------- other municipalities, years


def test_a_municipality_without_a_plan_gets_empty_statements(data):
    e = economy(data, "Tynset", AAR)
    for f in (st.paragraf_5_4_1, st.paragraf_5_4_2, st.reconcile_5_4, si.paragraf_5_5_1,
              si.paragraf_5_5_2, si.paragraf_5_7):
        assert f(data, "Tynset", AAR, e=e).empty


def test_budget_year_2025_without_an_investment_plan_leaves_5_5_missing(data):
    e = economy(data, KOMMUNE, 2025)
    drift = wide(st.paragraf_5_4_1(data, KOMMUNE, 2025, e=e))
    assert list(drift.columns) == [2025, 2026, 2027]
    assert drift.loc[17, 2025] == TOTALE_AVSETNINGER[2025]
    inv = si.paragraf_5_5_1(data, KOMMUNE, 2025, e=e)
    assert inv["verdi"].isna().all() and len(inv) == 27 * 3
    assert si.paragraf_5_5_2(data, KOMMUNE, 2025, e=e).empty


def test_plan_lines_sum_their_rows_and_leave_an_absent_line_missing():
    # issue 30: one selection of okonomiplan.csv per year, summed per (tabell, post)
    rows = [
        ("5025", "sentrale_inntekter", "rammetilskudd", 2024, "okonomiplan", -100.0),
        ("5025", "sentrale_inntekter", "rammetilskudd", 2024, "okonomiplan", -20.0),
        ("5025", "finans", "avdrag", 2024, "okonomiplan", 30.0),
        ("5025", "finans", "avdrag", 2025, "okonomiplan", 999.0),  # another year
        ("5025", "finans", "renteutgifter", 2024, "budsjett", 999.0),  # another datatype
        ("9999", "finans", "renteutgifter", 2024, "okonomiplan", 999.0),  # another kommune
    ]
    okp = pd.DataFrame(rows, columns=["kommunenummer", "tabell", "post", "aar", "datatype",
                                      "belop"])
    p = st._plan_lines({"okonomiplan": okp}, "5025", 2024)
    assert p["rammetilskudd"] == 120.0  # both rows, income turned positive
    assert p["avdrag"] == 30.0
    assert math.isnan(p["renteutgifter"])  # not in the plan for this year: missing, not 0
    assert math.isnan(p["eiendomsskatt"])
    assert all(math.isnan(v) for v in st._plan_lines({}, "5025", 2024).values())
