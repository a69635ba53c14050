"""Tests for the investment report: the seed's figures (data/) and the arithmetic (fixture)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data, load_file
from helpers.data.specs import all_specs
from helpers.reports import investering as inv

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "investering"
YEARS = (2024, 2025, 2026, 2027)


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_data(DATA)


@pytest.fixture(scope="module")
def plan(data) -> inv.Plan:
    return inv.load_plan(data, "5025", 2024)


@pytest.fixture(scope="module")
def result(data, plan) -> inv.Result:
    return inv.compute(data, plan)


@pytest.fixture(scope="module")
def fixture_plan() -> inv.Plan:
    specs = all_specs()
    frames = {stem: load_file(FIXTURE / f"{stem}.csv", specs[stem])
              for stem in ("investering", "investering_prosjekter")}
    return inv.load_plan(frames, "5025", 2030)


# ---------------------------------------------------------------- the seed's figures


def test_plan_years_and_projects(plan):
    assert plan.years == YEARS
    assert len(plan.projects) == 19
    assert (plan.projects["kategori"] == "selvkost").sum() == 3


def test_ordinary_totals_per_year_and_period(plan):
    # «Investeringer», row «Sum»: 26 693, 37 000, 2 000, 2 000, sum 67 693
    t = inv.totals_by_year(plan).set_index("aar")
    assert list(t["ordinær"]) == [26693, 37000, 2000, 2000]
    assert inv.period_totals(plan)["ordinær"] == 67693


def test_selvkost_totals_per_year_and_period(plan):
    # «Selvkostinvesteringer», row «Sum»: 9 800, 5 000, 5 000, 5 000, sum 24 800
    t = inv.totals_by_year(plan).set_index("aar")
    assert list(t["selvkost"]) == [9800, 5000, 5000, 5000]
    assert inv.period_totals(plan)["selvkost"] == 24800


def test_total_2024_matches_text(plan):
    # The chapter text: about 36,5 mill. kr in 2024, of which 9,8 mill. kr selvkost.
    t = inv.totals_by_year(plan).set_index("aar")
    assert t.loc[2024, "totalt"] == 36493
    assert round(t.loc[2024, "totalt"] / 1000, 1) == 36.5
    assert round(t.loc[2024, "selvkost"] / 1000, 1) == 9.8
    assert inv.period_totals(plan)["totalt"] == 92493


def test_area_sums_match_printed_rows(plan):
    table = inv.programme_table(plan, "ordinær").set_index("tekst")
    assert table.loc["Sum Stab og støtte", "sum_periode"] == 8443
    assert table.loc["Sum Tekniske områder", 2025] == 30750
    assert table.loc["Sum Tekniske områder", "netto_prosjektutgift"] == 183675
    assert table.loc["Sum Kirkelig administrasjon", "sum_periode"] == 5000
    assert table.loc["Sum Finans", "sum_periode"] == 3500
    assert table.loc["Sum", "tidligere_bevilget"] == 162337
    assert table.loc["Sum", "netto_prosjektutgift"] == 222813
    assert table.loc["Barnehager Røros sentrum", 2025] == 30000


def test_every_printed_sum_checked_and_only_the_known_one_differs(data, plan):
    checks = inv.check_printed_sums(plan, data["investering_summer"])
    assert len(checks) == len(data["investering_summer"]) == 61
    bad = checks[checks["avvik"].abs() > 0.5]
    # The selvkost table prints 32 501 as total tidligere bevilget, but its project rows
    # show 0 and two empty cells.
    assert len(bad) == 1
    row = bad.iloc[0]
    assert (row["kategori"], row["rammeomrade"], row["post"]) == ("selvkost", "",
                                                                  "tidligere_bevilget")
    assert row["trykt"] == 32501 and row["beregnet"] == 0
    # The investment tables printed under Kirkelig administrasjon and Finans agree.
    area = checks[checks["tabell"] == "rammeomradets_tabell"]
    assert len(area) == 12 and (area["avvik"] == 0).all()


def test_project_total_inconsistency_is_found(plan):
    # Only «Kjøp/salg aksjer/andeler» has tidligere bevilget + plan ≠ netto prosjektutgift.
    bad = inv.check_project_totals(plan)
    assert list(bad["prosjekt"]) == ["Kjøp/salg aksjer/andeler"]
    assert bad.iloc[0]["avvik"] == 5150 - (8867 + 3500)


def test_missing_cells_stay_missing(plan):
    p = plan.projects.set_index("prosjekt")
    assert pd.isna(p.loc["Selvkost - utskifting vannledning", "tidligere_bevilget"])
    assert pd.isna(p.loc["Selvkost - utskifting avløpsledning", "netto_prosjektutgift"])


def test_largest_projects(plan):
    big = inv.largest_projects(plan, 3)
    assert list(big["prosjekt"]) == ["Barnehager Røros sentrum",
                                     "Selvkost - utskifting avløpsledning",
                                     "Selvkost - utskifting vannledning"]
    assert list(big["belop"]) == [30000, 11500, 10000]


def test_starting_debt_and_bdi_reproduce_kostra_ratio(data):
    start = inv.starting_debt(data, "5025")
    # 128 600 kr per innbygger × 5 598 innbyggere = 719 902,8 (1000 kr), 31.12.2022
    assert start.aar == 2022
    assert start.verdi == pytest.approx(128600 * 5598 / 1000)
    bdi = inv.known_bdi(data, "5025")
    ratio = start.verdi / bdi[2022] * 100
    assert ratio == pytest.approx(inv.known_debt_ratio(data, "5025")[2022], abs=0.05)


def test_defaults_derived_from_the_plan(result):
    assert result.avdrag_eksisterende.verdi == 32150  # «Avdrag på lån», Økonomiplan 2024
    # 38 822 / 719 902,8 = 5,39 % → 5,4 %; 719 902,8 / 32 150 = 22,4 → 22 years
    assert result.terms.rente_pst == 5.4
    assert result.terms.avdragstid_aar == 22
    assert result.ceiling == 90


def test_bdi_comes_from_the_plan_itself(result):
    b = result.bdi.set_index("aar")
    # The plan's «Driftsbudsjett» per rammeområde, income arts summed (salgsinntekter +
    # refusjoner + overføringsinntekter, skatt and rammetilskudd included), 2024:
    # 110 683 + 86 364 + 485 648 = 682 695; not the back-calculation from the rounded
    # −4,2 % (690 143), nor −1,6 % in 2025 (669 188, below 2024 while every income rises)
    assert b["bdi"].to_dict() == {2024: 682_695, 2025: 688_234, 2026: 690_542,
                                  2027: 695_482}
    assert b["bdi"].is_monotonic_increasing
    assert set(b["kilde"]) == {"plan"} and set(b["grunnlag"]) == {"planlinjer"}
    # the plan's own printed netto driftsresultat in % agrees with these amounts:
    # «Totale avsetninger» −28 986 / −10 707 / −4 686 / 1 357
    for y, ndr, printed in ((2024, -28_986, -4.2), (2025, -10_707, -1.6),
                            (2026, -4_686, -0.7), (2027, 1_357, 0.2)):
        assert round(ndr / b.loc[y, "bdi"] * 100, 1) == printed


def test_bdi_plan_lines_agree_with_kostra_for_the_accounts_year():
    from helpers.model.bdi import kostra_bdi, plan_line_bdi

    data = load_data(DATA)
    # 2022 from the plan's «Regnskap 2022» columns: 108 707 + 124 946 + 452 472 = 686 125;
    # KOSTRA's 122 777 kr per innbygger × 5 598 gives 687 306: 0,2 % apart
    accounts = plan_line_bdi(data, "5025", "regnskap")
    assert accounts[2022] == 686_125
    assert accounts[2022] / kostra_bdi(data, "5025")[2022] == pytest.approx(1, abs=0.002)


def test_bdi_falls_back_to_the_percentages_without_plan_lines():
    data = dict(load_data(DATA))
    data.pop("finans_driftsbudsjett")
    b = inv.project_bdi(data, "5025", [2024, 2025, 2026, 2027]).set_index("aar")
    assert b.loc[2024, "bdi"] == pytest.approx(28_986 / 0.042)
    assert b.loc[2025, "bdi"] == pytest.approx(10_707 / 0.016)
    # −0,7 % and 0,2 % are too coarse to divide by: projected from 2025 with sentrale inntekter
    assert b.loc[2027, "bdi"] == pytest.approx(10_707 / 0.016 * 468_356 / 461_108)
    assert b["grunnlag"].to_dict() == {2024: "utledet", 2025: "utledet",
                                       2026: "framskrevet_sentrale",
                                       2027: "framskrevet_sentrale"}
    assert b.loc[2027, "fra_aar"] == 2025 and pd.isna(b.loc[2027, "vekst_pst"])


def test_seed_financing_keeps_shares_out_of_loans(result):
    f = result.finance.set_index(["aar", "kategori"])
    # Kjøp/salg aksjer/andeler (1 750 in 2024) is marked lanefinansieres=nei.
    assert f.loc[(2024, "ordinær"), "lan"] == 26693 - 1750
    assert f.loc[(2024, "ordinær"), "egenkapital"] == 1750
    assert f.loc[(2024, "selvkost"), "lan"] == 9800


def test_key_figures(result):
    kf = inv.key_figures(result, "Røros")
    assert set(kf["rapport"]) == {"investering"}
    get = kf.set_index(["nokkel", "aar", "dimensjon"])["verdi"]
    assert get[("investering", 2025, "ordinær")] == 37000
    assert get[("investering", 2025, "selvkost")] == 5000
    assert get[("investering", 2025, "totalt")] == 42000
    assert get[("investering_periode", 2024, "ordinær")] == 67693
    assert get[("investering_periode", 2024, "selvkost")] == 24800
    assert get[("investering_periode", 2024, "totalt")] == 92493
    for nokkel in ("laneopptak", "kapitalkostnad"):
        for y in YEARS:
            assert (nokkel, y, "totalt") in get.index
    for y in YEARS:
        assert ("lanegjeld", y, "") in get.index
    assert get[("laneopptak", 2024, "totalt")] == 26693 - 1750 + 9800


def test_commentary_mentions_the_figures(result, plan):
    scen = inv.compute({**{}, **load_data(DATA)},
                       inv.apply_scenario(plan, dropp=["Barnehager Røros sentrum"]))
    text = " ".join(inv.commentary(result, scen, 8))
    assert "92,5\u00a0mill.\u00a0kr" in text
    assert "Barnehager Røros sentrum" in text
    assert "−30,0\u00a0mill.\u00a0kr" in text  # the scenario drops 30 000


def test_notes_state_the_inconsistencies(data, plan, result):
    n = " ".join(inv.notes(result, inv.check_printed_sums(plan, data["investering_summer"]),
                           inv.check_project_totals(plan)))
    assert "32\u00a0501" in n
    assert "Kjøp/salg aksjer/andeler" in n
    assert "2023" in n  # the year between the KOSTRA debt and the plan is not in the data


# ---------------------------------------------------------------- scenario


def test_scenario_unknown_project_lists_known_names(plan):
    with pytest.raises(inv.UnknownProject) as err:
        inv.apply_scenario(plan, dropp=["Svømmehall"])
    msg = str(err.value)
    assert "«Svømmehall»" in msg
    for name in inv.project_names(plan):
        assert name in msg


def test_scenario_names_are_case_insensitive(plan):
    s = inv.apply_scenario(plan, dropp=["  barnehager RØROS sentrum "])
    assert inv.period_totals(s)["ordinær"] == 67693 - 30000


def test_scenario_postpone_moves_amounts(plan):
    s = inv.apply_scenario(plan, utsett={"Utbygging legesenter": 1,
                                         "Selvkost - utskifting vannledning": 2})
    t = inv.totals_by_year(s).set_index("aar")
    assert t.loc[2024, "ordinær"] == 26693 - 7000
    assert t.loc[2025, "ordinær"] == 37000 + 7000
    # vannledning 2 500 a year, two years later: 2026 and 2027 get 2024's and 2025's
    assert list(t["selvkost"]) == [7300, 2500, 5000, 5000]
    assert s.outside_period()["belop"].sum() == 5000  # 2026 and 2027 pushed past 2027


def test_scenario_changes_are_codes_the_report_words(plan):
    from helpers.reports.investering.text import change_text

    c = inv.scenario_changes(plan, utsett={"Utbygging legesenter": 2},
                             dropp=["Barnehager Røros sentrum"]).set_index("prosjekt")
    assert c.loc["Barnehager Røros sentrum", ["tiltak", "utsett_aar"]].tolist() == ["dropp", 0]
    assert c.loc["Barnehager Røros sentrum", "plan"] == 30000
    assert c.loc["Barnehager Røros sentrum", "endring_belop"] == -30000
    assert c.loc["Utbygging legesenter", ["tiltak", "utsett_aar"]].tolist() == ["utsett", 2]
    assert [change_text(t, n) for t, n in zip(c["tiltak"], c["utsett_aar"], strict=True)] == [
        "tas ut av planen", "utsettes 2 år"]


def test_scenario_rejects_project_both_postponed_and_dropped(plan):
    with pytest.raises(inv.InvesteringError, match="både"):
        inv.apply_scenario(plan, utsett=["Kirkemurer"], dropp=["kirkemurer"])


# ---------------------------------------------------------------- arithmetic on the fixture


FIX_TERMS = inv.LoanTerms(rente_pst=5, avdragstid_aar=10, avdragstid_selvkost_aar=20)
FIX_FIN = inv.Financing(momskompensasjon_pst=20)


def test_fixture_files_validate(fixture_plan):
    assert fixture_plan.years == (2030, 2031, 2032)
    assert list(fixture_plan.projects["lanefinansieres"]) == ["ja", "ja", "nei", "ja"]


def test_fixture_financing(fixture_plan):
    f = inv.financing(fixture_plan, FIX_FIN).set_index(["aar", "kategori"])
    # 2030 ordinary: A 1 000 (20 % VAT compensation, 80 % loan) + C 200 (no loans)
    assert f.loc[(2030, "ordinær"), "momskompensasjon"] == 200
    assert f.loc[(2030, "ordinær"), "lan"] == 800
    assert f.loc[(2030, "ordinær"), "egenkapital"] == 200
    assert f.loc[(2031, "ordinær"), "lan"] == 400
    assert f.loc[(2030, "selvkost"), "lan"] == 400
    sources = f[list(inv.FINANCING_SOURCES)].sum(axis=1)
    assert (sources == f["investering"]).all()


def test_fixture_loan_schedule(fixture_plan):
    fin = inv.financing(fixture_plan, FIX_FIN)
    s = inv.loan_schedule(fin[["aar", "kategori", "lan"]], FIX_TERMS, fixture_plan.years)
    s = s.set_index(["aar", "kategori"])
    # ordinary: 800 (2030), 400 (2031), 400 (2032); 10 years, 5 %
    assert tuple(s.loc[(2030, "ordinær"), ["renter", "avdrag", "restgjeld"]]) == (0, 0, 800)
    assert tuple(s.loc[(2031, "ordinær"), ["renter", "avdrag", "restgjeld"]]) == (40, 80, 1120)
    assert s.loc[(2032, "ordinær"), "renter"] == pytest.approx(36 + 20)
    assert s.loc[(2032, "ordinær"), "avdrag"] == pytest.approx(80 + 40)
    assert s.loc[(2032, "ordinær"), "restgjeld"] == pytest.approx(640 + 360 + 400)
    # selvkost: 400 (2030), 400 (2031); 20 years
    assert s.loc[(2031, "selvkost"), "kapitalkostnad"] == pytest.approx(20 + 20)
    assert s.loc[(2032, "selvkost"), "renter"] == pytest.approx(19 + 20)
    assert s.loc[(2032, "selvkost"), "restgjeld"] == pytest.approx(360 + 380)


def test_fixture_interest_in_the_borrowing_year():
    borrowing = pd.DataFrame({"aar": [2030], "kategori": ["ordinær"], "lan": [800.0]})
    terms = inv.LoanTerms(rente_pst=5, avdragstid_aar=10, andel_rente_laneaaret=0.5)
    s = inv.loan_schedule(borrowing, terms, [2030]).set_index("kategori")
    assert s.loc["ordinær", "renter"] == 20


def test_loan_is_fully_repaid():
    borrowing = pd.DataFrame({"aar": [2030], "kategori": ["ordinær"], "lan": [100.0]})
    terms = inv.LoanTerms(rente_pst=10, avdragstid_aar=2)
    s = inv.loan_schedule(borrowing, terms, [2030, 2031, 2032, 2033])
    o = s[s["kategori"] == "ordinær"].set_index("aar")
    assert list(o["avdrag"]) == [0, 50, 50, 0]
    assert list(o["renter"]) == [0, 10, 5, 0]
    assert list(o["restgjeld"]) == [100, 50, 0, 0]


def test_fixture_debt_path(fixture_plan):
    fin = inv.financing(fixture_plan, FIX_FIN)
    s = inv.loan_schedule(fin[["aar", "kategori", "lan"]], FIX_TERMS, fixture_plan.years)
    bdi = pd.DataFrame({"aar": [2030, 2031, 2032], "bdi": [10000.0, 10000.0, 10000.0]})
    d = inv.debt_path(10000, 500, s, fixture_plan.years, bdi).set_index("aar")
    assert list(d["nye_lan"]) == [1200, 800, 400]
    assert list(d["avdrag_eksisterende"]) == [500, 500, 500]
    assert list(d["avdrag_nye_lan"]) == pytest.approx([0, 100, 160])
    assert list(d["utgaaende_gjeld"]) == pytest.approx([10700, 10900, 10640])
    assert list(d["herav_selvkost"]) == pytest.approx([400, 780, 740])
    assert d.loc[2030, "lanegjeld_pst"] == pytest.approx(107.0)
    assert d.loc[2030, "lanegjeld_uten_selvkost_pst"] == pytest.approx(103.0)
    # opening balance each year is last year's closing balance
    assert d.loc[2031, "inngaaende_gjeld"] == d.loc[2030, "utgaaende_gjeld"]
    # the balance identity: in − repayments + new loans = out
    for y in fixture_plan.years:
        r = d.loc[y]
        assert r["inngaaende_gjeld"] + r["nye_lan"] - r["avdrag_eksisterende"] \
            - r["avdrag_nye_lan"] == pytest.approx(r["utgaaende_gjeld"])


def test_existing_debt_not_repaid_below_zero():
    empty = pd.DataFrame(columns=["aar", "kategori", "opptak", "avdrag", "restgjeld"])
    d = inv.debt_path(700, 500, empty, [2030, 2031, 2032])
    assert list(d["avdrag_eksisterende"]) == [500, 200, 0]
    assert list(d["utgaaende_gjeld"]) == [200, 0, 0]


def test_compute_on_fixture_with_scenario(fixture_plan):
    kwargs = dict(fin=FIX_FIN, terms=FIX_TERMS, startgjeld=10000, avdrag_eksisterende=500,
                  lanegjeld_tak_pst=90)
    base = inv.compute({}, fixture_plan, **kwargs)
    scen = inv.compute({}, inv.apply_scenario(fixture_plan, utsett=["Prosjekt A"]), **kwargs)
    cmp = inv.compare(base, scen).set_index(["maal", "aar"])
    assert cmp.loc[("investering", 2030), "endring"] == -1000
    assert cmp.loc[("investering", 2031), "endring"] == 1000
    assert cmp.loc[("laneopptak", 2030), "endring"] == -800
    # one year's interest + instalment on 800 at 5 % over 10 years disappears in 2031
    assert cmp.loc[("kapitalkostnad", 2031), "endring"] == pytest.approx(-(40 + 80))
    assert base.bdi["bdi"].isna().all()  # no KOSTRA data in this fixture: stays unknown
    assert base.debt["lanegjeld_pst"].isna().all()


def test_bdi_growth_parameter():
    data = {
        "kostra": pd.DataFrame({"kommunenummer": ["5025"], "aar": [2022],
                                "indikator": ["brutto_driftsinntekter_per_innb"],
                                "dimensjon": [""], "verdi": [100000.0]}),
        "folketall": pd.DataFrame({"kommunenummer": ["5025"], "aar": [2022],
                                   "folketall": [1000]}),
    }
    b = inv.project_bdi(data, "5025", [2022, 2024], vekst_pst=10).set_index("aar")
    assert b.loc[2022, "bdi"] == 100000
    assert b.loc[2024, "bdi"] == pytest.approx(121000)


def test_financing_shares_over_100_are_rejected(fixture_plan):
    with pytest.raises(inv.InvesteringError, match="100"):
        inv.financing(fixture_plan, inv.Financing(momskompensasjon_pst=60, tilskudd_pst=50))


def test_unknown_kommune_or_edition(data):
    with pytest.raises(inv.InvesteringError, match="ingen investeringsprosjekter"):
        inv.load_plan(data, "3427")
    with pytest.raises(inv.InvesteringError, match="Tilgjengelige budsjettår: 2024"):
        inv.load_plan(data, "5025", 2023)


# ---------------------------------------------------------------- the built report (slow)


@pytest.mark.slow
def test_build_with_scenario_and_assumptions(tmp_path):
    from conftest import build_report
    from pypdf import PdfReader

    _, folder = build_report("investering", tmp_path, utsett=["Utbygging legesenter"],
                             dropp=["Kommunale veier"], momskompensasjon_pst=20.0)
    kf = pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False, na_values=[""],
                     dtype={"dimensjon": str})
    get = kf.set_index(["nokkel", "aar", "dimensjon"])["verdi"]
    # key figures describe the plan: the seed's totals, loans after 20 % VAT compensation
    assert get[("investering", 2024, "ordinær")] == 26693
    assert get[("investering_periode", 2024, "selvkost")] == 24800
    assert get[("laneopptak", 2024, "ordinær")] == pytest.approx((26693 - 1750) * 0.8)
    assert get[("laneopptak", 2024, "selvkost")] == 9800
    text = " ".join(p.extract_text() for p in PdfReader(folder / "investering.pdf").pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Plan og scenario" in text
    assert "tas ut av planen" in text and "utsettes 1 år" in text
    assert "92 493" in text  # the period total in the programme table


@pytest.mark.slow
def test_build_with_unknown_project_fails_with_the_known_names(tmp_path):
    from helpers.pack.catalogue import available_reports
    from helpers.pack.runner import build_one

    result = build_one(available_reports()["investering"], {"dropp": ["Svømmehall"]},
                       tmp_path, DATA)
    assert not result.ok
    assert "Svømmehall" in result.error
    assert "Barnehager Røros sentrum" in result.error
