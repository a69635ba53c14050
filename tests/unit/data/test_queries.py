"""One query per concept (helpers.data.queries), on the project's data/."""

from __future__ import annotations

import pytest

from helpers.data import queries as q
from helpers.model import debt, rules


def test_kostra_series_for_roros_netto_lanegjeld(data):
    s = q.kostra_series(data, "5025", "netto_lanegjeld_pst")
    assert s.to_dict() == {2019: 85.2, 2020: 87.2, 2021: 100.6, 2022: 104.7}
    per = q.kostra_series(data, "5025", "netto_lanegjeld_per_innb")
    assert per.to_dict() == {2021: 116_179.0, 2022: 128_600.0}


def test_kostra_series_by_dimension_and_missing(data):
    assert q.kostra_series(data, "5025", "utgift_per_innb_korrigert", "Grunnskole")[2022] == 16798
    # "" is the total over the breakdowns, not any one of them
    assert q.kostra_series(data, "5025", "utgift_per_innb_korrigert").to_dict() == {2022: 78200}
    assert q.kostra_series(data, "5025", "ingen_slik_indikator").empty
    assert q.kostra_series({}, "5025", "netto_lanegjeld_pst").empty


def test_kostra_rows_across_municipalities(data):
    rows = q.kostra_rows(data["kostra"], "utgift_per_innb_korrigert", dimensjon=None,
                         aar=2022)
    grunnskole = rows[rows["dimensjon"] == "Grunnskole"].set_index("kommunenummer")["verdi"]
    assert grunnskole["5025"] == 16798 and grunnskole["3427"] == 16713
    totals = q.kostra_rows(data["kostra"], "utgift_per_innb_korrigert")
    assert len(totals) == 7 and (totals["dimensjon"] == "").all()  # 6 municipalities + EKG11
    assert totals.set_index("kommunenummer")["verdi"]["EKG11"] == 69774


def test_plan_series_by_datatype(data):
    plan = q.plan_series(data, "5025", "netto_driftsresultat_pst")
    assert plan.to_dict() == {2024: -4.2, 2025: -1.6, 2026: -0.7, 2027: 0.2}
    assert q.plan_series(data, "5025", "netto_driftsresultat_pst", "budsjett")[2023] == -1.3


def test_per_capita_total_is_kr_per_innbygger_times_folketall(data):
    debt_1000kr = q.per_capita_total(data, "5025", "netto_lanegjeld_per_innb")
    assert debt_1000kr[2022] == pytest.approx(128_600 * 5598 / 1000)  # 719,9 mill. kr
    assert debt_1000kr[2021] == pytest.approx(116_179 * 5572 / 1000)
    assert list(debt_1000kr.index) == [2021, 2022]
    # the model's figures are these queries
    assert debt.known_debt(data, "5025").equals(debt_1000kr)
    assert rules.brutto_driftsinntekter(data, "3427").empty  # no folketall for Tynset


def test_plan_years_and_labels():
    assert q.plan_years(2024) == [2024, 2025, 2026, 2027]
    assert len(q.plan_years(2030)) == q.PLAN_YEARS
    assert q.DATATYPE_NAVN["budsjett"] == "Budsjett"
    assert q.DATATYPE_NAVN_FINANS["budsjett"] == "Opprinnelig budsjett"
    assert q.DATATYPE_NAVN_FINANS["prognose"] == "Årsprognose"
    assert rules.DATATYPE_NAVN is q.DATATYPE_NAVN


def test_debt_assumptions_from_notebook_lists():
    a = debt.DebtAssumptions(utsett=["A"], dropp=["B"], ikke_lanefinansiert=None)
    assert a.utsett == ("A",) and a.dropp == ("B",) and a.ikke_lanefinansiert == ()
    assert a.has_scenario and not debt.DebtAssumptions().has_scenario
    assert a.financing().lan_pst == 100.0
