"""Tests for the finans report's data and computations.

Figures marked «seed» are typed in from the printed tables of Røros kommune's HØP 2024–2027
(kommunedirektørens forslag), so the data files are checked against the source and not
against themselves. Arithmetic is tested on the small fixtures in tests/fixtures/finans/.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import DataError, load_data, load_file
from helpers.data.specs import all_specs
from helpers.presentation.nokkeltall import COLUMNS
from helpers.reports import finans as F

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIX = Path(__file__).resolve().parents[2] / "fixtures" / "finans"
KNR = "5025"
PLAN = [2024, 2025, 2026, 2027]

# seed: «Sum» row of each rammeområde's «Driftsbudsjett», columns Regnskap 2022, Budsjett
# 2023, Økonomiplan 2024–2027 (kap. Kommunens tjenesteområder).
SEED_FRAMES = {
    "Stab og støtte": [57466, 58395, 64977, 65401, 63716, 63406],
    "Oppvekst": [94521, 101784, 114928, 106516, 103825, 99173],
    "Helse og omsorg": [164067, 165261, 185450, 187004, 189504, 193555],
    "Næring": [0, 0, 0, 0, 0, 0],
    "Kultur": [20520, 21385, 23541, 22791, 22791, 23391],
    "Tekniske områder": [49564, 33612, 31869, 30662, 31984, 33592],
    "Kirkelig administrasjon": [3468, 3464, 3464, 3464, 3464, 3464],
    "Finans": [-389781, -383901, -424230, -415838, -415284, -416581],
}
# seed: «Ramme 2024-2027» in each unit's «Rammeoversikt».
SEED_UNIT_FRAMES = {
    ("Stab og støtte", ""): [64977, 65401, 63716, 63406],
    ("Oppvekst", "Skolene"): [67614, 60002, 58811, 54159],
    ("Oppvekst", "Barnehagene"): [31449, 30792, 29292, 29292],
    ("Oppvekst", "Røros lærings- og veiledningstjeneste"): [-55, -55, -55, -55],
    ("Oppvekst", "NAV"): [8448, 8448, 8448, 8448],
    ("Oppvekst", "Barneverntjenesten"): [7472, 7328, 7328, 7328],
    ("Helse og omsorg", "Institusjonsbaserte tjenester"): [73259, 77758, 79158, 83559],
    ("Helse og omsorg", "Helse"): [42810, 39865, 40965, 40615],
    ("Helse og omsorg", "Hjemmebaserte tjenester"): [69381, 69381, 69381, 69381],
    ("Kultur", "Kultur og fritid"): [23541, 22791, 22791, 23391],
    ("Tekniske områder", "Administrasjon, plan og landbruk"): [9388, 9388, 9388, 9388],
    ("Tekniske områder", "VAR - Selvkost"): [-1621, -1621, 201, 201],
    ("Tekniske områder", "Kommunalteknikk"): [1763, 1763, 1763, 1763],
    ("Tekniske områder", "Bygningsadministrasjon og drift"): [13516, 12416, 11916, 13416],
    ("Tekniske områder", "Brann"): [8824, 8716, 8716, 8824],
}
# Units whose printed frame differs by one from the sum of their printed (rounded) lines.
ROUNDED_BY_ONE = {("Oppvekst", "Røros lærings- og veiledningstjeneste"),
                  ("Oppvekst", "Barneverntjenesten")}


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_data(DATA)


@pytest.fixture(scope="module")
def frie(data):
    defl = F.deflators(data["finans_forutsetninger"], KNR)
    return F.free_income(data["okonomiplan"], KNR, 2024, deflator=defl)


# ---------------------------------------------------------------- data files


def test_finans_files_are_declared_optional_and_load(data):
    specs = all_specs()
    for stem in ("finans_rammer", "finans_driftsbudsjett", "finans_rammeendringer",
                 "finans_inntektsprognose", "finans_forutsetninger"):
        assert specs[stem].optional, stem
        assert stem in data and not data[stem].empty, stem
        assert (data[stem]["kilde"].str.len() > 20).all(), stem


def test_frames_match_seed_for_every_area_and_year(data):
    f = F.area_frames(data["finans_rammer"], KNR)
    got = {a: f[f["rammeomrade"] == a].sort_values("aar")["belop"].tolist()
           for a in SEED_FRAMES}
    assert got == {a: [float(v) for v in vals] for a, vals in SEED_FRAMES.items()}
    years = f.drop_duplicates("aar").set_index("aar")["datatype"].to_dict()
    assert years == {2022: "regnskap", 2023: "budsjett", 2024: "okonomiplan",
                     2025: "okonomiplan", 2026: "okonomiplan", 2027: "okonomiplan"}


def test_unit_frames_match_rammeoversikt(data):
    r = data["finans_rammer"]
    for (area, unit), vals in SEED_UNIT_FRAMES.items():
        sel = r[(r["rammeomrade"] == area) & (r["virksomhet"] == unit) & (r["aar"] >= 2024)]
        assert sel.sort_values("aar")["belop"].tolist() == vals, (area, unit)


def test_units_add_up_to_their_area_within_rounding(data):
    r = data["finans_rammer"]
    units = r[r["niva"] == "virksomhet"].groupby(["rammeomrade", "aar"])
    for (area, aar), g in units:
        area_value = r[(r["niva"] == "rammeomrade") & (r["rammeomrade"] == area)
                       & (r["aar"] == aar)]["belop"].iloc[0]
        assert abs(g["belop"].sum() - area_value) <= F.rounding_tolerance(len(g)), (area, aar)
    # seed: Oppvekst 2024 = 67 614 + 31 449 − 55 + 8 448 + 7 472 = 114 928 exactly
    oppv = r[(r["rammeomrade"] == "Oppvekst") & (r["niva"] == "virksomhet") & (r["aar"] == 2024)]
    assert oppv["belop"].sum() == 114928


def test_lines_by_art_add_up_to_printed_sum_within_rounding(data):
    d = data["finans_driftsbudsjett"]
    r = data["finans_rammer"].set_index(["rammeomrade", "virksomhet", "aar"])["belop"]
    for key, g in d.groupby(["rammeomrade", "virksomhet", "aar"]):
        assert abs(g["belop"].sum() - r[key]) <= F.rounding_tolerance(len(g)), key
    # seed: Finans 2024 «Finansutgifter» 115 221 and «Overføringsinntekter» −457 138
    fin = d[(d["rammeomrade"] == "Finans") & (d["aar"] == 2024)].set_index("art")["belop"]
    assert fin["finansutgifter"] == 115221
    assert fin["overforingsinntekter"] == -457138
    # seed: Helse og omsorg «Lønn» 2027 = 186 079
    hoo = d[(d["rammeomrade"] == "Helse og omsorg") & (d["virksomhet"] == "")
            & (d["aar"] == 2027) & (d["art"] == "lonn")]
    assert hoo["belop"].tolist() == [186079]


def test_finans_transfers_equal_sentrale_inntekter(data):
    """The Finans area's «Overføringsinntekter» equals «Sum sentrale inntekter» (seed)."""
    d = data["finans_driftsbudsjett"]
    fin = d[(d["rammeomrade"] == "Finans") & (d["art"] == "overforingsinntekter")
            & (d["aar"] >= 2023)].sort_values("aar")["belop"].tolist()
    assert fin == [-419227, -457138, -461108, -463416, -468356]


# ---------------------------------------------------------------- frie inntekter


def test_free_income_from_seed(frie):
    fi = frie.set_index("aar")
    # seed: sentrale inntekter, skatt + ordinært rammetilskudd
    assert fi.loc[2022, "frie_inntekter"] == 181464 + 198546
    assert fi.loc[2023, "frie_inntekter"] == 198832 + 187094  # revidert budsjett
    assert fi.loc[2024, "frie_inntekter"] == 215334 + 204653
    assert fi.loc[2027, "frie_inntekter"] == 218334 + 212872
    assert fi.loc[2024, "endring"] == 419987 - 385926
    assert fi.loc[2024, "vekst_pst"] == pytest.approx(8.8258, abs=1e-3)
    assert fi.loc[2024, "deflator_pst"] == 4.3  # seed: deflator 2024
    assert fi.loc[2024, "realvekst_pst"] == pytest.approx((1.088258 / 1.043 - 1) * 100, abs=1e-3)
    assert math.isnan(fi.loc[2025, "realvekst_pst"])  # no deflator given for 2025


def test_free_income_on_original_budget(data):
    fi = F.free_income(data["okonomiplan"], KNR, 2024, "budsjett").set_index("aar")
    assert fi.loc[2023, "frie_inntekter"] == 198832 + 184494  # seed: Oppr. bud. 2023
    assert fi.loc[2024, "vekst_pst"] == pytest.approx((419987 / 383326 - 1) * 100)


def test_source_growth_and_deflator_give_real_growth():
    # seed: 6,5 % nominal growth against a deflator of 4,3 % for 2024
    assert F.real_growth_pct(6.5, 4.3) == pytest.approx(2.109, abs=1e-3)
    assert F.real_growth_pct(4.3, 4.3) == pytest.approx(0.0)


def test_free_income_arithmetic_on_fixture():
    okp = load_file(FIX / "okonomiplan_sentrale.csv", all_specs()["okonomiplan"])
    fi = F.free_income(okp, KNR, 2024, deflator={2024: 3.0}).set_index("aar")
    assert fi["frie_inntekter"].tolist()[:3] == [200000, 210000, 220500]
    assert fi.loc[2023, "vekst_pst"] == pytest.approx(5.0)
    assert fi.loc[2024, "endring"] == 10500
    assert fi.loc[2024, "vekst_pst"] == pytest.approx(5.0)
    assert fi.loc[2024, "realvekst_pst"] == pytest.approx((1.05 / 1.03 - 1) * 100)
    # 2025 has skatt but no rammetilskudd: missing, not counted as zero
    assert math.isnan(fi.loc[2025, "frie_inntekter"])
    assert math.isnan(fi.loc[2025, "vekst_pst"])
    orig = F.free_income(okp, KNR, 2024, "budsjett").set_index("aar")
    assert orig.loc[2024, "vekst_pst"] == pytest.approx(10.25)
    with pytest.raises(ValueError):
        F.free_income(okp, KNR, 2024, "regnskap")


# ---------------------------------------------------------------- finance items


def test_netto_finansutgifter_match_seed(data, frie):
    fin = F.finance_items(data["okonomiplan"], KNR, 2024, frie=frie).set_index("aar")
    # seed: «Netto finansinntekter/finansutgifter», Regnskap 2022, Rev. bud. 2023, plan years
    assert fin["netto_finansutgifter"].to_dict() == {
        2022: 34825, 2023: 43598, 2024: 64572, 2025: 59512, 2026: 56352, 2027: 53952}
    assert fin.loc[2024, "renteutgifter"] == 38822
    assert fin.loc[2026, "renteinntekter_utbytte"] == 10400
    assert fin.loc[2027, "avdrag"] == 34100
    assert fin.loc[2024, "andel_frie_inntekter_pst"] == pytest.approx(64572 / 419987 * 100)


def test_finance_items_arithmetic_on_fixture():
    okp = load_file(FIX / "okonomiplan_sentrale.csv", all_specs()["okonomiplan"])
    frie = F.free_income(okp, KNR, 2024)
    fin = F.finance_items(okp, KNR, 2024, frie=frie).set_index("aar")
    assert fin.loc[2024, "netto_finansutgifter"] == 10000 - 2000 + 14050
    assert fin.loc[2024, "andel_frie_inntekter_pst"] == pytest.approx(22050 / 220500 * 100)
    assert fin.loc[2023, "andel_frie_inntekter_pst"] == pytest.approx(20000 / 210000 * 100)


# ---------------------------------------------------------------- interest sensitivity


def test_interest_sensitivity_arithmetic():
    s = F.interest_sensitivity(100_000, 40, [-0.5, 1, 2.25], frie_inntekter=200_000)
    assert s["scenario"].tolist() == ["-0,5 pp", "+1,0 pp", "+2,2 pp"]
    assert s["rentekostnad_endring"].tolist() == pytest.approx([-200, 400, 900])
    assert s["andel_frie_inntekter_pst"].tolist() == pytest.approx([-0.1, 0.2, 0.45])
    assert F.interest_sensitivity(100_000, 0, [1])["rentekostnad_endring"].iloc[0] == 0
    with pytest.raises(ValueError):
        F.interest_sensitivity(100_000, 120, [1])


def test_default_debt_from_kostra_and_folketall(data):
    debt = F.default_debt(data["kostra"], data["folketall"], KNR)
    # seed: netto lånegjeld 128 600 kr per innbygger (2022), folketall 5 598 at 31.12.2022
    assert debt.aar == 2022
    assert debt.belop == pytest.approx(128600 * 5598 / 1000)
    assert F.default_debt(data["kostra"], data["folketall"], "EKG11") is None


# ---------------------------------------------------------------- balance


def test_budget_balances_in_every_plan_year(data):
    bal = F.budget_balance(data["finans_rammer"], KNR).set_index("aar")
    assert bal.loc[[2023, *PLAN], "i_balanse"].tolist() == [True] * 5
    assert bal.loc[[2023, *PLAN], "avvik"].tolist() == [0.0] * 5
    # The printed 2024 frames add up to −1 (rounding in the source), within the bound of 4
    assert bal.loc[2024, "sum"] == -1
    assert bal.loc[2024, "toleranse"] == 4.0
    # Accounts 2022 are shown but not judged
    assert not bal.loc[2022, "krav"] and bal.loc[2022, "i_balanse"] is None
    assert F.unbalanced_years(F.budget_balance(data["finans_rammer"], KNR)).empty


def test_unbalanced_data_set_is_reported_with_the_amount():
    rammer = load_file(FIX / "finans_rammer_ubalansert.csv", all_specs()["finans_rammer"])
    bal = F.budget_balance(rammer, KNR)
    bad = F.unbalanced_years(bal)
    assert bad["aar"].tolist() == [2025]
    assert bad["avvik"].tolist() == [2500]
    b = bal.set_index("aar")
    assert b.loc[2024, "i_balanse"] and b.loc[2024, "avvik"] == 0
    assert b.loc[2026, "sum"] == 1 and b.loc[2026, "i_balanse"]  # within 3 × 0.5
    assert b.loc[2025, "antall_rammeomrader"] == 3  # the unit row is not counted
    strict = F.budget_balance(rammer, KNR, toleranse=0).set_index("aar")
    assert not strict.loc[2026, "i_balanse"] and strict.loc[2026, "avvik"] == 1
    text = " ".join(F.commentary(pd.DataFrame(columns=["aar", "frie_inntekter"]),
                                 pd.DataFrame(columns=["aar"]), bal,
                                 pd.DataFrame(columns=["aar", "rammeomrade", "datatype",
                                                       "belop", "endring_fra_fjoraar"]),
                                 pd.DataFrame(columns=["endring_pp"]), 2024))
    assert "UBALANSE" in text and "2025 (+2\u00a0500 i 1000 kr)" in text
    kf = F.key_figures("Røros", pd.DataFrame(columns=["aar"]), pd.DataFrame(columns=["aar"]),
                       bal, F.frame_table(rammer, KNR, 2024),
                       F.interest_sensitivity(0, 0, []), 2024)
    kb = kf[kf["nokkel"] == "budsjettbalanse"].set_index("aar")["verdi"]
    # the frames add up to +2 500 in 2025: a deficit, written as a negative balance
    assert kb.to_dict() == {2024: 0.0, 2025: -2500.0, 2026: 0.0}


# ---------------------------------------------------------------- frame changes


def test_rammeoversikt_adds_up_to_printed_frames(data):
    r = data["finans_rammeendringer"]
    for (area, unit), vals in SEED_UNIT_FRAMES.items():
        sel = r[(r["rammeomrade"] == area) & (r["virksomhet"] == unit)]
        calc = sel.groupby("aar")["belop"].sum().reindex(PLAN).tolist()
        if (area, unit) in ROUNDED_BY_ONE:
            assert [abs(c - v) for c, v in zip(calc, vals, strict=True)] == [1] * 4
        else:
            assert calc == vals, (area, unit)


def test_named_measures_from_seed(data):
    r = data["finans_rammeendringer"].set_index(["virksomhet", "kategori", "tiltak", "aar"])
    b = r["belop"]
    assert b[("Helse", "nye_tiltak", "Økte kostnader ROP brukere", 2024)] == 5500
    assert b[("Skolene", "befolkningsendring", "Reduksjon ramme oppvekst - demografi",
              2027)] == -9643
    assert b[("Bygningsadministrasjon og drift", "innsparingstiltak", "Rammejustering",
              2026)] == -5000
    assert b[("", "driftskonsekvens_investeringer",
              "Lisensendringer etter innføringsprosjekter", 2024)] == 1338
    assert b[("", "opprinnelig_budsjett", "Opprinnelig budsjett", 2024)] == 60645


def test_frame_bridge_for_stab_og_stotte(data):
    br = F.frame_bridge(data["finans_rammeendringer"], KNR, 2024)
    s = br[br["rammeomrade"] == "Stab og støtte"].set_index("steg")
    # seed: Rammeoversikt Stab og støtte 2024
    assert s.loc["opprinnelig_budsjett", "belop"] == 60645
    assert s.loc["tekniske_justeringer", "belop"] == 1361
    assert s.loc["endringer_vedtatt_okonomiplan", "belop"] == -250
    assert s.loc["driftskonsekvens_investeringer", "belop"] == 1338
    assert s.loc["innsparingstiltak", "belop"] == -100
    assert s.loc["nye_tiltak", "belop"] == 1983
    assert s.loc["ramme", "belop"] == 64977
    assert s.loc["nye_tiltak", "start"] == 62994 and s.loc["nye_tiltak", "slutt"] == 64977
    chk = F.bridge_check(br, data["finans_rammer"], KNR, 2024).set_index("rammeomrade")
    # The Rammeoversikt starts from 60 645, the Driftsbudsjett's 2023 column says 58 395
    assert chk.loc["Stab og støtte", "avvik_start"] == 2250
    assert chk.loc["Helse og omsorg", "avvik_start"] == 0
    assert chk.loc["Helse og omsorg", "avvik_ramme"] == 0
    assert (chk["avvik_ramme"].abs() <= 2).all()


def test_largest_measures(data):
    top = F.largest_measures(data["finans_rammeendringer"], KNR, 2024, n=3)
    assert top["tiltak"].tolist() == ["Økte kostnader ROP brukere", "Rammejustering",
                                      "Rammejustering for helårseffekt av tiltak for å nå "
                                      "lærernorm"]
    assert top["belop"].tolist() == [5500, -3500, 3200]
    every = F.largest_measures(data["finans_rammeendringer"], KNR, 2024, n=100,
                               uten_samleposter=False)
    assert "Andre tiltak" in set(every["tiltak"])  # Stab og støtte, nye tiltak, 3 100
    assert (every["belop"] != 0).all()


def test_frame_table_change_from_last_years_budget(data):
    t = F.frame_table(data["finans_rammer"], KNR, 2024)
    t = t.set_index(["rammeomrade", "aar"])
    assert t.loc[("Helse og omsorg", 2024), "endring_fra_fjoraar"] == 185450 - 165261
    # the change from the year before: 2026 in the plan for 2027
    assert t.loc[("Oppvekst", 2027), "endring_fra_fjoraar"] == 99173 - 103825
    assert t.loc[("Oppvekst", 2025), "endring_fra_fjoraar"] == 106516 - 114928
    # and from the budget of the year before the budget year (2023)
    assert t.loc[("Oppvekst", 2027), "endring_fra_budsjett_fjoraar"] == 99173 - 101784
    assert math.isnan(t.loc[("Oppvekst", 2022), "endring_fra_fjoraar"])


# ---------------------------------------------------------------- KS prognosis


def test_ks_prognosis_and_its_inconsistencies(data):
    t = F.ks_table(data["finans_inntektsprognose"], KNR).set_index("post")
    # seed: KS inntektsprognose (income positive as printed)
    assert t.loc["innbyggertilskudd", 2024] == 168788
    assert t.loc["netto_inntektsutjevning", 2027] == 24947
    assert t.loc["skatt_inntekt_formue", 2025] == 187948
    assert t.loc["overgangsordning_ingar", 2024] == -413
    assert math.isnan(t.loc["overgangsordning_ingar", 2025])  # printed as «-»
    chk = F.ks_check(data["finans_inntektsprognose"], KNR)
    bad = chk[chk["avvik"].abs() > chk["toleranse"]].set_index(["aar", "post"])["avvik"]
    assert bad.to_dict() == {
        (2024, "sum_rammetilskudd_uten_inntektsutjevning"): 457.0,
        (2025, "sum_skatt_rammetilskudd_avrundet"): -1900.0,
        (2027, "sum_rammetilskudd_uten_inntektsutjevning"): -3.0,
        (2027, "sum_rammetilskudd"): -11.0,
    }


# ---------------------------------------------------------------- key figures, commentary


def test_key_figures(data, frie):
    fin = F.finance_items(data["okonomiplan"], KNR, 2024, frie=frie)
    bal = F.budget_balance(data["finans_rammer"], KNR)
    frames = F.frame_table(data["finans_rammer"], KNR, 2024)
    sens = F.interest_sensitivity(700_000, 50, [-1.0, 1.0, 2.0])
    kf = F.key_figures("Røros", frie, fin, bal, frames, sens, 2024)
    assert list(kf.columns) == COLUMNS and set(kf["rapport"]) == {"finans"}

    def get(nokkel, aar, dim=""):
        sel = kf[(kf["nokkel"] == nokkel) & (kf["aar"] == aar) & (kf["dimensjon"] == dim)]
        assert len(sel) == 1, (nokkel, aar, dim)
        return sel["verdi"].iloc[0]

    assert get("frie_inntekter", 2024) == 419987
    assert get("frie_inntekter_vekst_pst", 2024) == pytest.approx(8.83)
    assert get("netto_finansutgifter", 2025) == 59512
    for aar in PLAN:
        assert get("budsjettbalanse", aar) == 0
    assert get("ramme", 2024, "Oppvekst") == 114928
    assert get("ramme", 2027, "Finans") == -416581
    assert get("rentekostnad_endring", 2024, "+1,0 pp") == 3500
    assert get("rentekostnad_endring", 2024, "-1,0 pp") == -3500
    assert set(kf["enhet"]) <= {"1000 kr", "%"}


def test_commentary_describes_the_figures(data, frie):
    fin = F.finance_items(data["okonomiplan"], KNR, 2024, frie=frie)
    bal = F.budget_balance(data["finans_rammer"], KNR)
    frames = F.frame_table(data["finans_rammer"], KNR, 2024)
    sens = F.interest_sensitivity(700_000, 50, [1.0])
    text = "\n".join(F.commentary(frie, fin, bal, frames, sens, 2024, 6.5, 50))
    assert "420,0\u00a0mill.\u00a0kr i 2024" in text
    assert "64,6\u00a0mill.\u00a0kr i 2024" in text
    assert "+2,1\u00a0%" in text  # real growth from the source's 6,5 % and 4,3 %
    assert "i balanse i alle år (2023–2027)" in text
    assert "Helse og omsorg" in text
    assert "UBALANSE" not in text


def test_require_names_missing_files(data):
    with pytest.raises(DataError) as err:
        F.require({"okonomiplan": data["okonomiplan"]}, ["okonomiplan", "finans_rammer"])
    assert "finans_rammer.csv" in str(err.value)


# ---------------------------------------------------------------- the built report


@pytest.mark.slow
def test_build_finans_with_own_assumptions(tmp_path):
    from conftest import build_report
    from pypdf import PdfReader

    _, folder = build_report("finans", tmp_path, gjeld_1000kr=500000.0,
                             andel_flytende_pst=40.0, rentescenarier_pp=[1.5, -0.5],
                             grunnlag_fjoraar="budsjett", deflator_pst={2025: 3.0})
    kf = pd.read_csv(folder / "nokkeltall.csv", dtype={"dimensjon": str},
                     keep_default_na=False)
    kf = kf[kf["rapport"] == "finans"]
    rk = kf[kf["nokkel"] == "rentekostnad_endring"].set_index("dimensjon")["verdi"]
    # 500 000 × 40 % × pp; labels starting with + or - carry the apostrophe that keeps a
    # spreadsheet from reading them as formulas.
    assert rk.to_dict() == {"'+1,5 pp": 3000.0, "'-0,5 pp": -1000.0}
    growth = kf[(kf["nokkel"] == "frie_inntekter_vekst_pst") & (kf["aar"] == 2024)]
    assert growth["verdi"].iloc[0] == pytest.approx(9.56, abs=0.01)  # against Oppr. bud. 2023
    real = kf[kf["nokkel"] == "frie_inntekter_realvekst_pst"].set_index("aar")["verdi"]
    assert sorted(real.index) == [2024, 2025]  # 2025 from the parameter
    bal = kf[kf["nokkel"] == "budsjettbalanse"].set_index("aar")["verdi"]
    assert bal.to_dict() == {2023: 0.0, 2024: 0.0, 2025: 0.0, 2026: 0.0, 2027: 0.0}
    text = " ".join(p.extract_text() for p in PdfReader(folder / "finans.pdf").pages)
    assert "Finans – Røros kommune" in text
    assert "200,0 mill. kr" in text.replace("\u00a0", " ")  # floating-rate debt 500 000 × 40 %
    assert "I balanse" in text


def test_price_basis_is_said_only_when_the_data_declare_it(data):
    a = F.analyse(data, "Røros", 2024)
    assert a.prisnivaa is None  # the source does not say which prices the plan is in
    text = F.summary_text(a)
    assert "i alt i økonomiplanen." in text
    assert "løpende" not in text and "faste" not in text
    assert F.price_basis_text(2024) == ", i faste 2024-priser"
    assert F.price_basis_text(0) == ", i løpende priser"


def test_key_figure_frame_change_is_from_the_year_before(data):
    a = F.analyse(data, "Røros", 2024)
    kf = F.report_key_figures(a)
    ch = kf[(kf["nokkel"] == "ramme_endring_fra_fjoraar") & (kf["dimensjon"] == "Oppvekst")]
    assert ch.set_index("aar")["verdi"].to_dict() == {
        2024: 114928 - 101784, 2025: 106516 - 114928, 2026: 103825 - 106516,
        2027: 99173 - 103825}


def test_sensitivity_debt_is_the_models(data):
    from helpers.model.economy import economy

    a = F.analyse(data, "Røros", 2024)
    e = economy(data, "Røros", 2024)
    assert a.debt.belop == pytest.approx(e.investering.base.debt.iloc[0]["inngaaende_gjeld"])
    assert a.debt.belop == pytest.approx(128_600 * 5_598 / 1000)


def test_partly_covered_plan_years_are_said_and_uncovered_stop(data):
    from helpers.data.coverage import CoverageError

    a = F.analyse(data, "Røros", 2025)
    assert a.missing_years == [2028]
    assert any("har ingen tall for 2028" in m for m in a.missing)
    labels = list(F.frames_table(a).frame.columns)
    assert "Budsjett 2024" not in labels and "Økonomiplan 2024" in labels
    with pytest.raises(CoverageError, match="budsjettaar er 2030.*2024–2027"):
        F.analyse(data, "Røros", 2030)
