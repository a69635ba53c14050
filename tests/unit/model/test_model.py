"""The one economic model every report reads (helpers.model)."""

from __future__ import annotations

import pytest

from helpers.model import bdi as mbdi
from helpers.model import economy as model
from helpers.reports import common_text
from helpers.reports import handlingsregler as hrr
from helpers.reports import investering as inv


@pytest.fixture(scope="module")
def e(data):
    return model.economy(data, "Røros", 2024)


def test_implied_bdi_and_its_precision():
    value, unc = mbdi.implied_bdi(-28_986, -4.2)
    assert value == pytest.approx(690_142.857, abs=0.001)
    assert unc == pytest.approx(0.05 / 4.2 * 100)
    # 0,2 % printed with one decimal may be anything from 0,15 to 0,25: 25 % uncertain
    assert mbdi.implied_bdi(1_357, 0.2)[1] == pytest.approx(25.0)


def test_precision_limit_decides_between_implied_and_projected(data):
    # without the plan's art lines, brutto driftsinntekter come from the rounded percentages
    data = {k: v for k, v in data.items() if k != "finans_driftsbudsjett"}
    strict = mbdi.bdi_path(data, "5025", [2024, 2025], precision_limit_pct=2.0)
    s = strict.set_index("aar")
    assert s.loc[2024, "kilde"] == "plan"          # 1,2 % uncertain: used
    assert s.loc[2025, "kilde"] == "framskrevet"    # 3,1 % uncertain: not used at 2 %
    # the four lines of «Sentrale inntekter» 2024 add up to 457 137 (printed sum: 457 138)
    assert s.loc[2025, "bdi"] == pytest.approx(28_986 / 0.042 * 461_108 / 457_137)


def test_bdi_basis_in_words(e):
    from helpers.reports.common_text import bdi_basis_text, bdi_grunnlag_text

    assert bdi_grunnlag_text("framskrevet_vekst", 2025, 2.5) == (
        "framskrevet fra 2025 med 2,5\u00a0% vekst per år")
    assert bdi_grunnlag_text("kostra") == "KOSTRA (regnskap)"
    assert bdi_basis_text(e) == (
        "Brutto driftsinntekter i planårene (grunnlaget for prosentene): 2024, 2025, 2026 "
        "og 2027 summen av økonomiplanens driftsinntekter (salgsinntekter, refusjoner og "
        "overføringsinntekter, med skatt og rammetilskudd) i driftsbudsjettet.")


def test_economy_table_plan_years(e):
    t = e.table.set_index("aar")
    assert e.plan_years == [2024, 2025, 2026, 2027]
    assert t.loc[2024, "netto_driftsresultat"] == -28_986
    assert t.loc[2027, "netto_driftsresultat"] == 1_357
    assert t.loc[2024, "netto_driftsresultat_pst"] == -4.2
    # gross set-aside, use of the fund and the net change
    assert t.loc[2027, "til_fond"] == 6_043 and t.loc[2027, "bruk_fond"] == 0
    assert t.loc[2024, "bruk_fond"] == -24_444
    assert t.loc[2024, "netto_avsetning_fond"] == -24_444
    # disposisjonsfond 2,0 % of the plan's 682 695 (its income lines)
    assert t.loc[2024, "disposisjonsfond"] == pytest.approx(0.02 * 682_695)
    assert t.loc[2024, "renteutgifter"] == 38_822 and t.loc[2027, "avdrag"] == 34_100
    assert t.loc[2025, "investering"] == 42_000


def test_history_is_kostra_and_missing_stays_missing(e):
    t = e.table.set_index("aar")
    assert t.loc[2022, "datatype"] == "kostra"
    assert t.loc[2022, "bdi"] == pytest.approx(122_777 * 5_598 / 1000)
    assert t.loc[2022, "netto_lanegjeld_pst"] == 104.7
    # 2019: the source has no netto driftsresultat (a 0,0 in a chart table)
    assert t.loc[2019, "netto_driftsresultat_pst"] != t.loc[2019, "netto_driftsresultat_pst"]
    assert t.loc[2023, "datatype"] == "budsjett"
    assert t.loc[2023, "netto_driftsresultat_pst"] == -1.3


def test_debt_ratio_uses_the_plans_bdi(e):
    t = e.table.set_index("aar")
    # debt at end of 2024 over the plan's own brutto driftsinntekter (682 695)
    bdi = t.loc[2024, "netto_lanegjeld"] / (t.loc[2024, "netto_lanegjeld_pst"] / 100)
    assert bdi == pytest.approx(682_695)
    # above the 90 % ceiling in every plan year, as the HØP says the debt will be
    assert (t.loc[2024:2027, "netto_lanegjeld_pst"] > 90).all()


def test_handlingsregler_and_investering_show_the_same_debt(data, e):
    a = hrr.analyse(data, "Røros", 2024)
    hk = hrr.key_figures(a)
    ik = inv.key_figures(model.economy(data, "Røros", 2024, strict=True).investering.base,
                         "Røros")
    h = hk[(hk["nokkel"] == "netto_lanegjeld_pst") & (hk["kommune"] == "Røros")
           & (hk["aar"] >= 2024)].set_index("aar")["verdi"]
    i = ik[ik["nokkel"] == "netto_lanegjeld_pst"].set_index("aar")["verdi"]
    assert list(h.index) == [2024, 2025, 2026, 2027]
    assert h.to_dict() == i.to_dict()
    lg = ik[ik["nokkel"] == "lanegjeld"].set_index("aar")["verdi"]
    lp = ik[ik["nokkel"] == "lanegjeld_pst"].set_index("aar")["verdi"]
    assert lg[2024] / lp[2024] * 100 == pytest.approx(682_695, rel=0.001)


def test_one_rule_of_thumb(data, e):
    a = hrr.analyse(data, "Røros", 2024)
    assert e.terms.rente_pst == 5.4 and e.terms.avdragstid_aar == 22
    assert a.rule_of_thumb["renter"] == pytest.approx(5_400)
    assert a.rule_of_thumb["avdrag"] == pytest.approx(100_000 / 22)
    text = hrr.rule_of_thumb_text(a)
    assert "5,4\u00a0% rente og 22 års avdragstid" in text
    inv_text = inv.summary_text(inv.analyse(data, "Røros", 2024))
    assert common_text.economy_rule_of_thumb_text(e) in inv_text  # the same sentence
    assert "5,4\u00a0% rente og 22 års avdragstid (utledet av planen" in inv_text
    assert e.investering.terms_basis == "utledet"


def test_debt_basis_says_what_is_left_out_and_the_bias(e):
    text = common_text.debt_basis_text(e)
    assert "utgangen av 2022 (719,9\u00a0mill.\u00a0kr)" in text.replace(" mill", "\u00a0mill") \
        or "utgangen av 2022" in text
    assert "2023" in text and "153,5" in text and "trekker gjelden opp" in text
    # with every earlier appropriation borrowed in 2024: (676 346 + 153 470) / 695 482
    assert "119,3\u00a0%" in text and "97,2\u00a0%" in text


def test_borrowed_rules_are_said_in_the_same_words(data):
    e2 = model.economy(data, "Tynset", 2024)
    notice = common_text.rules_notice(e2.kommune, e2.own_rules, e2.rules_from)
    assert notice == ("Tynset har ingen egne handlingsregler i grunnlaget. Tallene måles derfor "
                      "mot reglene som er vedtatt i Røros; de er ikke vedtatt for Tynset.")
    a = hrr.analyse(data, "Tynset")
    assert notice in hrr.missing_data(a)


def test_changed_threshold_changes_the_wording(data):
    a = hrr.analyse(data, "Røros", terskler={"netto_lanegjeld": 85})
    row = hrr.rules_table(a).frame.set_index("Regel").loc["Netto lånegjeld"]
    assert "høyst 85\u00a0%" in row["Innhold"]
    assert "vedtatt verdi er 90\u00a0%" in row["Innhold"]
    assert "90\u00a0% av" not in row["Innhold"].split("(")[0]
