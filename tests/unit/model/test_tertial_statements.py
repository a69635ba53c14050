"""§§ 5-4, 5-5 and 5-6 in the tertial report: adopted and revised budget, accounts to date,
forecast and the change the forecast requires, per line; the identities, the example's
figures (Røros 2024, example data whose central lines are the seed's figures), and the
built PDF read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.model.statements import Finding
from helpers.model.statements_tertial import (
    COLUMNS_TERTIAL,
    line_5_4,
    paragraf_5_4_1_tertial,
    paragraf_5_5_1_tertial,
)
from helpers.reports import tertial as tt
from helpers.reports.common_text import art_note
from helpers.reports.tertial.statements import statement_key_figures, statements
from helpers.reports.tertial.text import statement_note

# issue 28: the tertial example's invented ledger is kept apart in eksempler/tertial
EXAMPLE = Path(__file__).resolve().parents[3] / "eksempler" / "tertial"
SUMS = {5: (1, 2, 3, 4), 8: (6, 7), 24: (18, 19, 20, 21, 22, 23)}


@pytest.fixture(scope="module")
def data():
    return load_data(EXAMPLE)


@pytest.fixture(scope="module")
def t2(data):
    return tt.analyse(data, "Røros", 2024, 2)


@pytest.fixture(scope="module")
def s2(data, t2):
    return statements(t2, data)


def _col(frame: pd.DataFrame, col: str) -> dict[int, float]:
    return dict(zip(frame["linje_nr"], frame[col], strict=True))


def _identities(frame: pd.DataFrame, col: str) -> int:
    """Check every sum whose parts are known; return how many were checked."""
    v = _col(frame, col)
    checks = {
        5: v[1] + v[2] + v[3] + v[4], 8: v[6] + v[7], 9: v[5] - v[8],
        15: v[10] + v[11] + v[12] - v[13] - v[14], 17: v[9] + v[15] + v[16],
        24: v[18] + v[19] + v[20] + v[21] + v[22] + v[23], 25: v[24] - v[17],
    }
    n = 0
    for nr, expected in checks.items():
        if not pd.isna(expected):
            assert v[nr] == pytest.approx(expected, abs=1e-6), (col, nr)
            n += 1
    return n


# ---------------------------------------------------------------- line placement


@pytest.mark.parametrize("art,funksjon,line", [
    ("800", "840", 1), ("870", "800", 2), ("874", "800", 3), ("875", "800", 3),
    ("810", "840", 4), ("877", "800", 4), ("810", "253", 6), ("010", "253", 6),
    ("590", "253", 7), ("900", "870", 10), ("905", "870", 11), ("909", "870", 12),
    ("509", "870", 12), ("500", "870", 13), ("510", "870", 14), ("990", "860", 16),
    ("570", "880", 18), ("950", "880", 20), ("550", "253", 19), ("940", "880", 22),
    ("540", "880", 21), ("548", "880", 21), ("530", "880", 23), ("270", "180", 6),
])
def test_line_of_a_row(art, funksjon, line):
    assert line_5_4(art, funksjon) == line


def test_same_lines_as_the_budget_statements(data, s2):
    """One layout: the tertial's §§ 5-4 and 5-5 have the oppstillinger report's lines, in
    its order, with its names (25 and 27 lines, fund lines gross)."""
    from helpers.model.statements import paragraf_5_4_1
    from helpers.model.statements_invest import paragraf_5_5_1

    for tertial, plan, n in ((s2.drift, paragraf_5_4_1(data, "Røros", 2024), 25),
                             (s2.investering, paragraf_5_5_1(data, "Røros", 2024), 27)):
        p = plan[plan["aar"] == 2024]
        assert list(zip(tertial["linje_nr"], tertial["linje"], strict=True)) == \
            list(zip(p["linje_nr"], p["linje"], strict=True))
        assert len(tertial) == n
        assert list(tertial["er_sum"]) == list(p["er_sum"])
    names = dict(zip(s2.drift["linje_nr"], s2.drift["linje"], strict=True))
    assert (names[20], names[22], names[25]) == (
        "Bruk av bundne driftsfond", "Bruk av disposisjonsfond",
        "Fremført til inndekning i senere år (merforbruk)")


# ---------------------------------------------------------------- the example (Røros 2024)


def test_adopted_budget_carries_the_seed_figures(s2):
    v = _col(s2.drift, "opprinnelig")
    # the seed's «Hovedtallene i budsjettforslaget» 2024, as the example budget holds them
    assert (v[2], v[1], v[3], v[4]) == (215334, 204653, 35150, 2000)
    assert v[5] == 215334 + 204653 + 35150 + 2000  # the seed prints 457 138 (rounding)
    assert v[15] == -64572  # netto finansutgifter 64 572: negative, costs exceed income
    assert v[13] == 38822 and v[14] == 32150 and v[10] == 6400
    # uses of funds are negative, on the bruk lines; the budget has no set-asides
    assert v[22] == -24444 and v[20] == -4542 and v[19] == v[21] == 0
    # netto driftsresultat −28 986 in the plan; the example budget sums to −1 (rounding)
    assert v[17] == -28985 and v[25] == -1


def test_every_column_obeys_the_identities(s2):
    checked = {c: _identities(s2.drift, c) for c in COLUMNS_TERTIAL}
    assert checked["opprinnelig"] == checked["revidert"] == 7
    assert checked["regnskap_hittil"] == 7
    # forecast: line 8 = 6 + 7 is the one sum whose parts are all known in the example
    assert checked["prognose"] >= 1 and checked["endring"] >= 1


def test_change_is_forecast_minus_revised_on_every_line(s2):
    d = s2.drift
    both = d["prognose"].notna()
    assert both.sum() >= 8
    assert (d.loc[both, "endring"]
            == d.loc[both, "prognose"] - d.loc[both, "revidert"]).all()
    assert (d["prognose"].isna() == d["endring"].isna()).all()


def test_forecasts_land_on_the_right_lines(data, s2, t2):
    p = data["prognose"]
    p = p[(p["aar"] == 2024) & (p["tertial"] == 2)]
    services = float(p.loc[p["rammeomrade"] != "Finans", "prognose_avvik"].sum())
    total = float(p["prognose_avvik"].sum())
    e = _col(s2.drift, "endring")
    assert e[6] == services == 6700  # the service areas' deviations, merforbruk positive
    assert e[8] == services
    assert e[17] == -total == -5200  # netto driftsresultat falls by the total deviation
    for nr in (1, 2, 3, 4, 5, 9, 10, 13, 14, 15, 16, 20, 22, 24, 25):
        assert pd.isna(e[nr]), nr  # Finans' −1 500 is not split over its lines
    for nr in (7, 11, 12, 18, 19, 21, 23):
        assert e[nr] == 0, nr  # no area has rows there
    # the report's own «netto driftsresultat med prognosen» (economy model) agrees
    prog17 = _col(s2.drift, "prognose")[17]
    assert abs(prog17 - t2.effect["ndr_prognose"]) <= 1  # the budget's rounding (−1)
    assert any("Finans" in n and "1\u00a0500" in n for n in s2.notes_drift)


def test_accounts_to_date_are_the_export_summed(data, s2):
    acc = data["regnskap"]
    acc = acc[(acc["aar"] == 2024) & (acc["periode"] <= 8)]
    v = _col(s2.drift, "regnskap_hittil")
    assert v[2] == pytest.approx(-acc.loc[acc["art"] == "870", "belop"].sum() / 1000)
    assert v[25] == pytest.approx(acc["belop"].sum() / 1000)  # every row on one line


def test_one_budget_line_moves_only_its_dependants(data, t2):
    lines = t2.lines.copy()
    forecasts = t2.frames[t2.frames["rammeomrade"] != tt.TOTAL]
    base = paragraf_5_4_1_tertial(lines, forecasts, False)
    sel = lines["art"] == "874"
    lines.loc[sel, "budsjett_revidert"] -= 100.0  # 100 more eiendomsskatt (income: −)
    moved = paragraf_5_4_1_tertial(lines, forecasts, False)
    diff = (moved["revidert"] - base["revidert"]).fillna(0)
    changed = dict(zip(moved["linje_nr"][diff != 0], diff[diff != 0], strict=True))
    assert changed == {3: 100.0, 5: 100.0, 9: 100.0, 17: 100.0, 25: -100.0}
    assert (moved["opprinnelig"] == base["opprinnelig"]).all()


def test_plan_differences_are_named(s2):
    note = [n for n in s2.notes_drift if "økonomiplanen for 2024" in n]
    assert len(note) == 1
    assert "avskrivninger (linje 7: 0 i budsjettet, 44\u00a0249 i økonomiplanen)" in note[0]


def test_investment_statement(s2):
    v = _col(s2.investering, "opprinnelig")
    assert v[6] == 36493  # the seed: 26 693 ordinary + 9 800 selvkost
    assert v[1] + v[3] == v[6]
    for c in ("revidert", "regnskap_hittil", "prognose", "endring"):
        assert s2.investering[c].isna().all()  # 8 of 18 projects: no totals
    note = s2.notes_investering[0]
    assert "8 av 18 prosjekter" in note and "28\u00a0250 av 36\u00a0493" in note


def test_investment_statement_when_every_project_has_status():
    adopted = pd.DataFrame({"aar": [2024] * 6, "linje_nr": [1, 2, 3, 4, 5, 6],
                            "verdi": [300.0, 0, 0, 0, 0, 300.0]})
    programme = pd.DataFrame({"prosjekt": ["A", "B"], "belop": [100.0, 200.0]})
    status = pd.DataFrame({"prosjekt": ["A", "B"], "budsjett_aar": [120.0, 200.0],
                           "regnskap_hittil": [30.0, 50.0], "prognose_aar": [120.0, 150.0]})
    out = paragraf_5_5_1_tertial(adopted, status, programme, 2024)
    r = out.set_index("linje_nr")
    assert tuple(r.loc[1, COLUMNS_TERTIAL]) == (300.0, 320.0, 80.0, 270.0, -50.0)
    assert tuple(r.loc[6, COLUMNS_TERTIAL]) == (300.0, 320.0, 80.0, 270.0, -50.0)
    assert r.loc[13, ["revidert", "prognose"]].isna().all()  # financing: not in the data


def test_year_end_forecast_is_the_accounts():
    lines = pd.DataFrame({
        "ansvar": ["1", "1", "9"], "art": ["010", "600", "870"],
        "funksjon": ["253", "253", "800"], "rammeomrade": ["Helse", "Helse", "Finans"],
        "regnskap_hittil": [110.0, -20.0, -95.0], "budsjett_opprinnelig": [100.0, -20, -80],
        "budsjett_revidert": [100.0, -20.0, -80.0]})
    fc = pd.DataFrame({"rammeomrade": ["Helse", "Finans"], "aarsprognose_avvik": [10.0, -15.0]})
    out = paragraf_5_4_1_tertial(lines, fc, True).set_index("linje_nr")
    assert (out["prognose"] == out["regnskap_hittil"]).all()
    assert out.loc[2, "endring"] == 15.0  # 15 more tax (income shown positive)
    assert out.loc[6, "endring"] == 10.0
    assert out.loc[17, "endring"] == 5.0 and out.loc[25, "endring"] == -5.0


def test_missing_forecast_is_missing_not_zero():
    lines = pd.DataFrame({
        "ansvar": ["1", "2"], "art": ["010", "010"], "funksjon": ["253", "202"],
        "rammeomrade": ["Helse", "Oppvekst"], "regnskap_hittil": [50.0, 40.0],
        "budsjett_opprinnelig": [100.0, 80.0], "budsjett_revidert": [100.0, 80.0]})
    fc = pd.DataFrame({"rammeomrade": ["Helse", "Oppvekst"],
                       "aarsprognose_avvik": [10.0, float("nan")]})
    out = paragraf_5_4_1_tertial(lines, fc, False)
    v = _col(out, "endring")
    assert pd.isna(v[6]) and pd.isna(v[17])
    assert Finding("uten_prognose", {"omrader": ["Oppvekst"]}) in out.attrs["merknader"]
    assert any(statement_note(n) == "Oppvekst har ikke levert prognose; linjene rammeområdet "
               "har budsjett eller regnskap på, står uten prognose."
               for n in out.attrs["merknader"])
    fc.loc[1, "aarsprognose_avvik"] = 0.0
    v = _col(paragraf_5_4_1_tertial(lines, fc, False), "endring")
    assert v[6] == 10.0 and v[17] == -10.0 and v[25] == 10.0


def test_art_statement_in_the_tertial(s2):
    a = s2.art.set_index("linje_nr")
    assert a.loc[2, "opprinnelig"] == 215334 and a.loc[1, "revidert"] == 204653
    assert a.loc[24, "opprinnelig"] == -28985  # same netto driftsresultat as § 5-4
    assert a.loc[24, "regnskap_hittil"] == pytest.approx(
        s2.drift.set_index("linje_nr").loc[17, "regnskap_hittil"])
    assert "kostra" not in s2.art  # no extract given


def test_key_figures(s2, t2):
    kf = statement_key_figures(s2, t2)
    assert set(kf["rapport"]) == {"tertial"} and set(kf["enhet"]) == {"1000 kr"}
    row = kf[(kf["nokkel"] == "paragraf_5_4_1_endring")
             & (kf["dimensjon"] == "Netto driftsresultat")]
    assert row["verdi"].tolist() == [-5200.0]
    assert not ((kf["nokkel"] == "paragraf_5_4_1_prognose")
                & (kf["dimensjon"] == "Rammetilskudd")).any()  # missing: not written
    assert kf["verdi"].notna().all()


# ---------------------------------------------------------------- the built report


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler mangler")
def test_built_pdf_and_key_figures_show_the_statements(tmp_path):
    from pathlib import Path

    from conftest import build_report

    extract = Path(__file__).resolve().parents[2] / "fixtures" / "kostra_uttrekk" / \
        "0A_5025_2024_konstruert.dat"
    _, folder = build_report("tertial", tmp_path, EXAMPLE, aar=2024, tertial=2,
                             kostra_fil=str(extract))
    text = subprocess.run(["pdftotext", "-layout", str(folder / "tertial.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = text.replace("\u00a0", " ").replace("\u2212", "-")
    rows = [" ".join(line.split()) for line in text.splitlines()]

    def row(start: str, last: bool = False) -> str:
        """The first (or last) printed row that starts with ``start``."""
        hits = [r for r in rows if r.startswith(start)]
        assert hits, start
        return hits[-1] if last else hits[0]

    assert "Bevilgningsoversikt drift (§ 5-4 første ledd) 2. tertial 2024 (1000 kr)" in text
    assert "Bevilgningsoversikt investering (§ 5-5 første ledd)" in text
    assert "Økonomisk oversikt etter art – drift (§ 5-6)" in text
    # § 5-4: adopted, revised, to date, forecast, change
    assert row("2 Inntekts- og formuesskatt").endswith("215 334 215 334 139 881 – –")
    assert row("17 Netto driftsresultat").endswith("-28 985 -28 985 -35 517 -34 185 -5 200")
    assert row("6 Sum bevilgninger drift,").endswith("433 929 6 700")
    assert row("15 Netto finansutgifter").endswith("-64 572 -64 572 -38 984 – –")
    assert row("6 Sum investeringsutgifter").endswith("36 493 – – – –")
    # § 5-6 with the constructed extract's column (its figures:
    # tests/unit/model/test_statements_art)
    assert row("2 Inntekts- og formuesskatt", last=True).endswith(
        "215 334 215 334 139 881 215 334")
    assert row("16 Brutto driftsresultat").endswith("29 908 29 908 3 467 171 488")
    assert "(KOSTRA)" in text  # the header «Regnskap 2024 (KOSTRA)», wrapped
    # no file names or parameters in the PDF
    assert "kostra_fil" not in text and ".dat" not in text and ".csv" not in text
    kf = pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False)
    k = kf[kf["nokkel"].str.startswith("paragraf_")].set_index(["nokkel", "dimensjon"])
    assert k.loc[("paragraf_5_4_1_endring", "Netto driftsresultat"), "verdi"] == -5200
    assert k.loc[("paragraf_5_4_1_prognose", "Sum bevilgninger drift, netto"), "verdi"] \
        == 433929
    assert k.loc[("paragraf_5_5_1_opprinnelig", "Sum investeringsutgifter"), "verdi"] == 36493
    assert k.loc[("paragraf_5_6_kostra", "Brutto driftsresultat"), "verdi"] == 171488
    assert (kf[kf["nokkel"] == "paragraf_5_6_kostra"]["aar"] == 2024).all()


def test_without_the_mapping_the_art_statement_is_left_out_and_the_maintainer_told(data, t2):
    d = {k: v for k, v in data.items() if k != "kontoplan_art_5_6"}
    s = statements(t2, d)
    assert s.art is None
    assert s.notes_art == ["Koblingen fra art til linje i den økonomiske oversikten mangler "
                           "for 2024, så oversikten etter art vises ikke."]
    assert "kontoplan_art_5_6.csv" in s.maintainer[0]
    assert s.drift["opprinnelig"].notna().all()  # §§ 5-4 and 5-5 do not need it


def test_service_area_with_depreciation_still_goes_on_line_6():
    lines = pd.DataFrame({
        "ansvar": ["1", "1", "9", "9"], "art": ["010", "590", "990", "870"],
        "funksjon": ["253", "253", "860", "800"],
        "rammeomrade": ["Helse", "Helse", "Finans", "Finans"],
        "regnskap_hittil": [60.0, 0.0, 0.0, -50.0],
        "budsjett_opprinnelig": [100.0, 10.0, -10.0, -100.0],
        "budsjett_revidert": [100.0, 10.0, -10.0, -100.0]})
    fc = pd.DataFrame({"rammeomrade": ["Helse", "Finans"], "aarsprognose_avvik": [4.0, 0.0]})
    out = paragraf_5_4_1_tertial(lines, fc, False)
    v = _col(out, "endring")
    assert v[6] == 4.0 and v[7] == 0.0  # Helse's deviation is its net appropriation
    assert pd.isna(v[2]) and pd.isna(v[16])  # Finans' lines: not said, even at 0
    assert v[17] == -4.0
    r = _col(out, "revidert")
    assert (r[6], r[7], r[16], r[2], r[17], r[25]) == (100.0, 10.0, 10.0, 100.0, 0.0, 0.0)


def test_budget_per_rammeomrade_only_is_missing_not_line_6(data):
    from helpers.model.statements_art import paragraf_5_6, records_from_budget

    lines = pd.DataFrame({
        "ansvar": ["", "", "1"], "art": ["", "", "010"], "funksjon": ["", "", "253"],
        "rammeomrade": ["Helse", "Finans", "Helse"],
        "regnskap_hittil": [0.0, 0.0, 70.0], "budsjett_opprinnelig": [100.0, -100.0, 0.0],
        "budsjett_revidert": [110.0, -100.0, 0.0]})
    fc = pd.DataFrame({"rammeomrade": ["Helse", "Finans"], "aarsprognose_avvik": [5.0, 0.0]})
    out = paragraf_5_4_1_tertial(lines, fc, False).set_index("linje_nr")
    assert out["opprinnelig"].drop(25).isna().all() and out.loc[25, "opprinnelig"] == 0
    assert out.loc[25, "revidert"] == 10.0  # an unbalanced revision: 10 more to Helse
    assert out.loc[6, "regnskap_hittil"] == 70.0  # the accounts have arts
    assert out.attrs["merknader"][-1] == Finding(
        "budsjett_uten_art", {"versjoner": ["opprinnelig", "revidert"], "linje": 25})
    assert statement_note(out.attrs["merknader"][-1]).startswith(
        "Det vedtatte og det reviderte budsjettet finnes bare per rammeområde")
    bud = data["budsjett"].copy()
    bud.loc[bud.index[0], "art"] = ""
    rec = records_from_budget({"budsjett": bud}, "5025", 2024)
    f = paragraf_5_6(rec, data["kontoplan_art_5_6"], 2024, source="vedtatt budsjett")
    assert f["verdi"].isna().all()
    assert f.attrs["merknader"] == [Finding("bare_rammeomrade", {"aar": 2024})]
    assert "bare per rammeområde" in art_note(f.attrs["merknader"][0])
