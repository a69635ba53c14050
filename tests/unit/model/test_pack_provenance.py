"""What each figure of the default pack rests on (issue 28): the model's sources, the
estimates it makes, the key figures that carry them, and the statements, which must carry
none."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.model import economy as model
from helpers.model import statements as st
from helpers.model import statements_invest as si
from helpers.model.statement_provenance import line_kinds, statement_sources
from helpers.presentation.provenance import Grunnlag
from helpers.reports import finans, handlingsregler, investering, oppstillinger

PLAN = [2024, 2025, 2026, 2027]


@pytest.fixture(scope="module")
def e(data):
    return model.economy(data, "Røros", 2024)


def _kinds(e, column):
    return {int(y): (e.source(column, int(y)).grunnlag.value
                     if e.source(column, int(y)) else None) for y in e.table["aar"]}


def test_the_economy_lists_its_estimates(e):
    estimated = sorted((c, int(y)) for c in e.sources.columns for y in e.table["aar"]
                       if e.is_estimate(c, int(y)))
    assert estimated == sorted(
        # the amounts behind a KOSTRA or plan percentage with one decimal
        [("disposisjonsfond", y) for y in (2021, 2022, *PLAN)]
        + [("netto_driftsresultat", y) for y in (2021, 2022)]
        # the debt: KOSTRA's opening debt and loans the plan does not give
        + [(c, y) for c in ("nye_lan", "netto_lanegjeld", "netto_lanegjeld_pst")
           for y in PLAN])


def test_the_plans_own_figures_are_plan_and_history_is_statistics(e):
    kinds = _kinds(e, "avdrag")
    assert [kinds[y] for y in PLAN] == ["plan"] * 4
    assert [_kinds(e, "netto_driftsresultat")[y] for y in PLAN] == ["plan"] * 4
    assert [_kinds(e, "investering")[y] for y in PLAN] == ["plan"] * 4
    # brutto driftsinntekter: summed from the plan's income lines, not estimated
    assert [_kinds(e, "bdi")[y] for y in PLAN] == ["beregnet"] * 4
    assert _kinds(e, "bdi")[2022] == "statistikk"
    assert _kinds(e, "netto_lanegjeld_pst")[2022] == "statistikk"
    assert _kinds(e, "netto_lanegjeld")[2022] == "beregnet"  # kr per innbygger × folketall
    assert _kinds(e, "netto_driftsresultat_pst")[2023] == "plan"  # budsjett 2023
    assert _kinds(e, "bdi")[2023] is None  # no figure, no kind


def test_the_opening_debt_says_it_is_kostra_2022(e):
    src = e.source("netto_lanegjeld", 2024)
    assert src.grunnlag is Grunnlag.ANSLAG
    # 128 600 kr per innbygger × 5 598 innbyggere at the end of 2022, without 2023's loans
    assert "KOSTRAs netto lånegjeld 31.12.2022" in src.antar
    assert "uten lån og avdrag i årene etter" in src.antar
    assert "planen sier ikke hvordan investeringene finansieres" in src.antar
    assert e.investering.base.debt.loc[0, "inngaaende_gjeld"] == pytest.approx(
        128_600 * 5_598 / 1000)


def test_one_avdrag_the_plans(data, e):
    # § 5-4 prints the plan's «Avdrag på lån»; the debt path and § 5-7 repay the same
    d = e.investering.base.debt.set_index("aar")
    repaid = d["avdrag_eksisterende"] + d["avdrag_nye_lan"]
    assert repaid.round(6).to_dict() == {2024: 32_150, 2025: 32_800, 2026: 33_500,
                                         2027: 34_100}
    assert e.investering.base.avdrag_kilde == dict.fromkeys(PLAN, "plan")
    s57 = si.paragraf_5_7(data, "Røros", 2024, e=e)
    line4 = s57[s57["linje_nr"] == 4].set_index("aar")["verdi"]
    s541 = st.paragraf_5_4_1(data, "Røros", 2024, e=e)
    avdrag_541 = s541[s541["linje"] == "Avdrag på lån"].set_index("aar")["verdi"]
    assert line4.to_dict() == avdrag_541.abs().to_dict() == repaid.round(6).to_dict()
    # debt: 719 902,8 + 34 743 − 32 150 = 722 495,8 at the end of 2024
    assert d.loc[2024, "utgaaende_gjeld"] == pytest.approx(722_495.8)
    assert d.loc[2025, "utgaaende_gjeld"] == pytest.approx(722_495.8 + 40_250 - 32_800)


def test_a_scenario_keeps_the_plans_repayment_on_todays_debt(data):
    from helpers.model.debt import DebtAssumptions, programme

    names = programme(data, "Røros", 2024).plan.projects["prosjekt"].tolist()
    p = programme(data, "Røros", 2024, DebtAssumptions(dropp=(names[0],)))
    base = p.base.debt.set_index("aar")["avdrag_eksisterende"]
    scen = p.scenario.debt.set_index("aar")["avdrag_eksisterende"]
    # only the new loans differ; the scenario's total is no longer the plan's figure
    assert scen.to_dict() == base.to_dict()
    assert p.scenario.debt["avdrag_nye_lan"].sum() < p.base.debt["avdrag_nye_lan"].sum()
    assert set(p.scenario.avdrag_kilde.values()) == {"anslag"}


def _default_key_figures(data):
    frames = [
        finans.report_key_figures(finans.analyse(data, "Røros", 2024)),
        handlingsregler.key_figures(handlingsregler.analyse(data, "Røros", 2024)),
        investering.analysis_key_figures(investering.analyse(data, "Røros", 2024)),
        oppstillinger.key_figures(oppstillinger.analyse(data, "Røros", 2024)),
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def keys(data):
    return _default_key_figures(data)


def test_key_figures_of_the_budget_case_list_their_estimates(keys):
    assert (keys["grunnlag"] != "").all()
    est = keys[keys["grunnlag"].isin(["anslag", "eksempel"])]
    # the estimates in nokkeltall.csv of the budget case (outside the statements): the
    # debt path and what rests on it, the amounts behind rounded percentages, and the
    # interest what-ifs
    outside = est[est["rapport"] != "oppstillinger"]
    assert sorted(set(zip(outside["rapport"], outside["nokkel"], strict=True))) == [
        ("finans", "rentekostnad_endring"),
        ("handlingsregler", "netto_lanegjeld_pst"),
        ("investering", "kapitalkostnad"),
        ("investering", "lanegjeld"),
        ("investering", "lanegjeld_pst"),
        ("investering", "laneopptak"),
        ("investering", "netto_lanegjeld_pst"),
    ]
    hr = outside[outside["rapport"] == "handlingsregler"]
    assert sorted(hr["aar"]) == PLAN and set(hr["kommune"]) == {"Røros"}
    # an estimate says what it assumes
    assert outside["kilde"].str.contains("anslått: ").all()
    # the plan's own figures are the plan's
    get = keys[keys["kommune"] == "Røros"].set_index(
        ["rapport", "nokkel", "aar", "dimensjon"])["grunnlag"]
    assert get[("finans", "avdrag", 2024, "")] == "plan"
    assert get[("finans", "avdrag", 2022, "")] == "regnskap"
    assert get[("investering", "investering", 2025, "totalt")] == "plan"
    assert get[("handlingsregler", "netto_lanegjeld_pst", 2022, "")] == "statistikk"


def test_no_statement_line_is_an_estimate(data, e):
    """The statements the council adopts carry the municipality's figures only: no line
    rests on an estimate, and the lines the plan does not give (Røros' plan has no
    financing plan and no opening debt from the accounts) are missing, not filled with
    the model's assumptions (0 % momskompensasjon, 100 % loans, KOSTRA debt × innbyggere)."""
    sources = statement_sources(e)
    frames = (st.paragraf_5_4_1(data, "Røros", 2024, e=e),
              si.paragraf_5_5_1(data, "Røros", 2024, e=e),
              si.paragraf_5_7(data, "Røros", 2024, e=e))
    found = []
    for frame in frames:
        kinds = line_kinds(frame, sources)
        for r, k in zip(frame.itertuples(index=False), kinds, strict=True):
            if k is not None and k.is_estimate:
                found.append(f"§ {r.paragraf} linje {r.linje_nr} {r.linje} {r.aar}")
    assert found == []
    s551, s57 = frames[1].set_index(["linje_nr", "aar"])["verdi"], frames[2].set_index(
        ["linje_nr", "aar"])["verdi"]
    for y in PLAN:
        assert all(pd.isna(s551[(nr, y)]) for nr in (*si.FINANCING_LINES, 14, 26, 27))
        assert pd.isna(s57[(1, y)]) and pd.isna(s57[(2, y)]) and pd.isna(s57[(6, y)])
    # the investment expenses are the plan's: 2024's programme, ordinary 26 693 + selvkost 9 800
    assert s551[(6, 2024)] == pytest.approx(36_493)
    # an estimate in a statement is found: the model's assumed loans put on line 13
    s_bad = frames[1].copy()
    s_bad["grunnlag"] = ""
    s_bad.loc[s_bad["linje_nr"] == 13, ["verdi", "grunnlag"]] = [34_743, "anslag"]
    assert line_kinds(s_bad, sources)[s_bad["linje_nr"] == 13].map(
        lambda k: k.is_estimate).all()


def test_the_debt_sentence_says_anslatt_only_for_an_estimate(e):
    from dataclasses import replace

    from helpers.presentation.provenance import Kilde
    from helpers.reports import common_text

    assert common_text.debt_basis_text(e).startswith(
        "Gjelden i planårene er anslått ut fra netto lånegjeld ved utgangen av 2022")
    # the same economy with its debt given by the accounts: no «anslått»
    known = e.sources.copy()
    known["netto_lanegjeld"] = [Kilde(Grunnlag.REGNSKAP)] * len(known)
    text = common_text.debt_basis_text(replace(e, sources=known))
    assert text.startswith("Gjelden i planårene er beregnet fra netto lånegjeld")
    assert "anslått" not in text
