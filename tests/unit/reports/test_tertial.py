"""The tertial report: arithmetic on a hand-made fixture and on the example data, the link
to the shared economic model, validation of the accounting files, and the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import problems_for

from helpers.data import load_data, load_file
from helpers.data.specs import all_specs
from helpers.model.economy import economy
from helpers.reports import tertial as tt

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "eksempler" / "tertial"  # issue 28: the invented example, kept apart


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the tertial example folder, named data/ as in the messages."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("*.md", "*.txt"))
    return dst


# ---------------------------------------------------------------- hand-made fixture


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture
def small():
    """Two ansvar in two rammeområder, four months; the answers are worked out by hand."""
    acc = _frame(
        [(m, "A1", "010", "100", 10.0, "1000 kr") for m in (1, 2, 3, 4)]
        + [(2, "A1", "600", "100", -5.0, "1000 kr")]
        + [(m, "B1", "120", "200", 3000.0, "") for m in (1, 2, 3, 4)]  # kroner
        + [(5, "B1", "120", "200", 100000.0, "")],  # after the period: left out
        ["periode", "ansvar", "art", "funksjon", "belop", "enhet"])
    cols = ["ansvar", "rammeomrade", "art", "funksjon", "belop", "enhet"]
    revised = _frame([("A1", "", "010", "100", 120.0, "1000 kr"),
                      ("A1", "", "600", "100", -60.0, "1000 kr"),
                      ("B1", "", "120", "200", 36.0, "1000 kr")], cols)
    original = _frame([("A1", "", "010", "100", 110.0, "1000 kr"),
                       ("A1", "", "600", "100", -60.0, "1000 kr"),
                       ("B1", "", "120", "200", 36.0, "1000 kr")], cols)
    shares = [0.08] * 5 + [0.12] + [0.08] * 6  # salaries: holiday pay in June
    keys = _frame([("lonn", "010", "089", m, s) for m, s in enumerate(shares, 1)],
                  ["nokkel", "art_fra", "art_til", "periode", "andel"])
    mapping = _frame([("A1", "X"), ("B1", "Y")], ["ansvar", "rammeomrade"])
    return acc, revised, original, keys, mapping


def test_line_arithmetic_on_hand_made_fixture(small):
    acc, revised, original, keys, mapping = small
    lines = tt.line_table(acc, revised, original, keys, mapping, periode=4)
    got = lines.set_index(["ansvar", "art"])
    # salaries: 4 × 0,08 of 120 = 38,4 (not 120 × 4/12 = 40); income 1/12 a month: −20
    assert got.loc[("A1", "010"), "budsjett_periodisert_hittil"] == pytest.approx(38.4)
    assert got.loc[("A1", "010"), "regnskap_hittil"] == pytest.approx(40.0)
    assert got.loc[("A1", "010"), "avvik_hittil"] == pytest.approx(1.6)
    assert got.loc[("A1", "600"), "budsjett_periodisert_hittil"] == pytest.approx(-20.0)
    assert got.loc[("A1", "600"), "avvik_hittil"] == pytest.approx(15.0)  # −5 − (−20)
    # kroner become 1000 kr; May is after the period
    assert got.loc[("B1", "120"), "regnskap_hittil"] == pytest.approx(12.0)
    assert got.loc[("B1", "120"), "avvik_hittil"] == pytest.approx(0.0)
    assert got.loc[("A1", "010"), "budsjett_opprinnelig"] == 110.0
    assert got.loc[("A1", "010"), "budsjett_revidert"] == 120.0

    fc = _frame([("X", 50.0, "Mer lønn")], ["rammeomrade", "prognose_avvik", "kommentar"])
    frames = tt.frame_table(lines, fc, ["Y", "X"], year_end=False).set_index("rammeomrade")
    assert list(frames.index) == ["Y", "X", "Totalt"]
    assert frames.loc["X", "regnskap_hittil"] == pytest.approx(35.0)
    assert frames.loc["X", "budsjett_periodisert_hittil"] == pytest.approx(18.4)
    assert frames.loc["X", "avvik_hittil"] == pytest.approx(16.6)
    assert frames.loc["X", "avvik_pst"] == pytest.approx(16.6 / 18.4 * 100)
    assert frames.loc["Totalt", "regnskap_hittil"] == pytest.approx(47.0)
    assert frames.loc["Totalt", "avvik_hittil"] == pytest.approx(16.6)
    assert frames.loc["X", "aarsprognose"] == pytest.approx(110.0)  # 60 revised + 50
    # Y gave no forecast: a gap, not a zero; the total covers X only
    assert pd.isna(frames.loc["Y", "aarsprognose_avvik"])
    assert frames.loc["Totalt", "aarsprognose_avvik"] == pytest.approx(50.0)


def test_year_end_uses_the_actual_deviation(small):
    acc, revised, original, keys, mapping = small
    lines = tt.line_table(acc, revised, original, keys, mapping, periode=12)
    frames = tt.frame_table(lines, None, ["X", "Y"], year_end=True).set_index("rammeomrade")
    # B1: 12 + 100 = 112 spent against 36 for the year
    assert frames.loc["Y", "aarsprognose_avvik"] == pytest.approx(76.0)
    assert frames.loc["Y", "aarsprognose"] == pytest.approx(112.0)


def test_budget_per_rammeomrade_only(small):
    acc, _, _, keys, mapping = small
    cols = ["ansvar", "rammeomrade", "art", "funksjon", "belop", "enhet"]
    per_area = _frame([("", "X", "", "", 60.0, "1000 kr"), ("", "Y", "", "", 36.0, "1000 kr")],
                      cols)
    lines = tt.line_table(acc, per_area, per_area, keys, mapping, periode=4)
    frames = tt.frame_table(lines, None, ["X", "Y"], year_end=False).set_index("rammeomrade")
    # no arts: 1/12 a month, so 4/12 of 60 and of 36
    assert frames.loc["X", "budsjett_periodisert_hittil"] == pytest.approx(20.0)
    assert frames.loc["X", "regnskap_hittil"] == pytest.approx(35.0)
    assert frames.loc["X", "avvik_hittil"] == pytest.approx(15.0)
    assert frames.loc["Y", "avvik_hittil"] == pytest.approx(0.0)


def test_history_ends_with_the_actual_result(small):
    acc, revised, original, keys, mapping = small
    lines = tt.line_table(acc, revised, original, keys, mapping, periode=12)
    frames = tt.frame_table(lines, None, ["X", "Y"], year_end=True)
    prog = _frame([(1, "Y", 10.0), (2, "Y", 40.0), (1, "X", 0.0), (2, "X", 5.0)],
                  ["tertial", "rammeomrade", "prognose_avvik"])
    h = tt.forecast_history(prog, frames, 3).set_index(["rammeomrade", "tidspunkt"])
    assert h.loc[("Y", "1. tertial"), "prognose_avvik"] == 10.0
    assert h.loc[("Y", "2. tertial"), "prognose_avvik"] == 40.0
    assert h.loc[("Y", "Regnskap"), "prognose_avvik"] == pytest.approx(76.0)
    # at 1. tertial only the first forecast is shown
    assert len(tt.forecast_history(prog, frames, 1)) == 2


def test_example_label_comes_from_the_kilde_column():
    marked = {"regnskap": pd.DataFrame({"kilde": ["Eksempeldata (oppdiktet): …"]})}
    real = {"regnskap": pd.DataFrame({"kilde": ["Eksport fra økonomisystemet 2.5.2024"]})}
    assert tt.is_example(marked) and not tt.is_example(real)


def test_month_shares_default_is_a_twelfth(small):
    _, _, _, keys, _ = small
    assert tt.month_shares(keys, "120").tolist() == pytest.approx([1 / 12] * 12)
    assert tt.month_shares(keys, "050")[5] == pytest.approx(0.12)
    assert tt.month_shares(None, "010").sum() == pytest.approx(1.0)


# ---------------------------------------------------------------- example data


@pytest.fixture(scope="module")
def example():
    return load_data(DATA)


@pytest.mark.parametrize("tertial,periode", [(1, 4), (2, 8)])
def test_example_arithmetic_holds(example, tertial, periode):
    t = tt.analyse(example, "Røros", 2024, tertial)
    assert t.periode == periode and t.example
    lines = t.lines
    np.testing.assert_allclose(lines["avvik_hittil"],
                               lines["regnskap_hittil"] - lines["budsjett_periodisert_hittil"])
    f = t.frames.set_index("rammeomrade")
    areas = f.drop(index="Totalt")
    for col in ("regnskap_hittil", "budsjett_periodisert_hittil", "avvik_hittil",
                "budsjett_revidert", "aarsprognose_avvik"):
        assert areas[col].sum() == pytest.approx(f.loc["Totalt", col])
    # the accounts to date, summed straight from the file (kroner → 1000 kr)
    raw = pd.read_csv(DATA / "regnskap.csv")
    assert f.loc["Totalt", "regnskap_hittil"] == pytest.approx(
        raw[raw["periode"] <= periode]["belop"].sum() / 1000)


def test_example_budget_equals_the_plans_frames(example):
    t = tt.analyse(example, "Røros", 2024, 1)
    f = t.frames.set_index("rammeomrade")
    assert f.loc["Helse og omsorg", "budsjett_opprinnelig"] == 185450
    assert f.loc["Oppvekst", "budsjett_opprinnelig"] == 114928
    r = example["finans_rammer"]
    plan = r[(r["aar"] == 2024) & (r["niva"] == "rammeomrade")].set_index("rammeomrade")["belop"]
    for area, amount in plan.items():
        assert f.loc[area, "budsjett_opprinnelig"] == pytest.approx(amount), area
    # the revision moved the central reserve to two areas: 2 000 and 1 000
    assert f.loc["Helse og omsorg", "budsjett_revidert"] == 187450
    assert f.loc["Oppvekst", "budsjett_revidert"] == 115928


def test_every_key_sums_to_one_and_spreads_unevenly(example):
    k = example["periodisering"]
    sums = k.groupby(["aar", "nokkel"])["andel"].sum()
    assert np.allclose(sums, 1.0) and len(sums) == 5
    # salaries to 31.8: seven ordinary months and June's holiday pay, not 8/12
    t = tt.analyse(example, "Røros", 2024, 2)
    sal = t.lines[(t.lines["ansvar"] == "3100") & (t.lines["art"] == "010")].iloc[0]
    assert sal["budsjett_periodisert_hittil"] == pytest.approx(
        sal["budsjett_revidert"] * (7 * 0.0815 + 0.1035))
    assert sal["budsjett_periodisert_hittil"] > sal["budsjett_revidert"] * 8 / 12


def test_forecast_effect_comes_from_the_model(example):
    t = tt.analyse(example, "Røros", 2024, 2)
    e = economy(example, "Røros", 2024)
    ndr, bdi, fund = (e.value(c, 2024) for c in ("netto_driftsresultat", "bdi",
                                                 "disposisjonsfond"))
    assert ndr == -28986  # the plan's netto driftsresultat for 2024
    fx = t.effect
    assert fx["prognose"] == pytest.approx(5200)  # 7 500 − 1 200 − 200 + 600 − 1 500
    assert fx["ndr_prognose"] == pytest.approx(ndr - 5200)  # a merforbruk lowers it
    assert fx["ndr_prognose_pst"] == pytest.approx((ndr - 5200) / bdi * 100)
    assert fx["fond_prognose"] == pytest.approx(fund - 5200)
    assert fx["netto_driftsresultat_terskel"] == 1.75
    text = tt.summary(t).replace("\u00a0", " ")
    assert "−34,2 mill. kr" in text and "1,75 %" in text and "under måltallet" in text
    assert "Helse og omsorg (7,5 mill. kr)" in text


def test_forecast_history_and_key_figures(example):
    t = tt.analyse(example, "Røros", 2024, 2)
    h = t.history.set_index(["rammeomrade", "tidspunkt"])["prognose_avvik"]
    assert h[("Helse og omsorg", "1. tertial")] == 4500
    assert h[("Helse og omsorg", "2. tertial")] == 7500
    assert tt.chart_history(t) is not None
    assert tt.chart_history(tt.analyse(example, "Røros", 2024, 1)) is None  # one point only
    kf = tt.report_key_figures(t)
    assert set(kf["nokkel"]) == {"regnskap_hittil", "budsjett_periodisert_hittil",
                                 "avvik_hittil", "budsjett_aar", "aarsprognose_avvik"}
    v = kf.set_index(["nokkel", "dimensjon"])["verdi"]
    assert v[("budsjett_aar", "Helse og omsorg")] == 187450
    assert v[("aarsprognose_avvik", "Totalt")] == 5200
    assert v[("avvik_hittil", "Totalt")] == pytest.approx(
        v[("regnskap_hittil", "Totalt")] - v[("budsjett_periodisert_hittil", "Totalt")],
        abs=0.01)
    assert set(kf["aar"]) == {2024} and set(kf["rapport"]) == {"tertial"}


def test_tertial_beyond_the_accounts_is_refused(example):
    with pytest.raises(tt.TertialError, match="bare til og med august"):
        tt.analyse(example, "Røros", 2024, 3)


# ---------------------------------------------------------------- validation




def test_unbalanced_key_is_named(data_copy):
    path = data_copy / "periodisering.csv"
    df = pd.read_csv(path, dtype=str)
    row = df.index[(df["nokkel"] == "lonn") & (df["periode"] == "6")][0]
    df.loc[row, "andel"] = "0.0535"  # June's holiday pay halved: the key sums to 0,95
    df.to_csv(path, index=False)
    first = int(df.index[df["nokkel"] == "lonn"][0]) + 2
    msgs = problems_for(data_copy)
    assert msgs == [f"data/periodisering.csv, linje {first}, kolonne «andel»: andelene i "
                    "nøkkelen «lonn» for 2024 summerer til 0,9500 – forventet at de 12 "
                    "månedene summerer til 1"]


def test_month_13_is_named(data_copy):
    path = data_copy / "regnskap.csv"
    df = pd.read_csv(path, dtype=str)
    df.loc[7, "periode"] = "13"
    df.to_csv(path, index=False)
    assert problems_for(data_copy) == [
        "data/regnskap.csv, linje 9, kolonne «periode»: verdien «13» er ikke gyldig – "
        "forventet et tall som er høyst 12"]


def test_unknown_ansvar_is_named(data_copy):
    path = data_copy / "regnskap.csv"
    df = pd.read_csv(path, dtype=str)
    df.loc[4, "ansvar"] = "9999"
    df.loc[30, "ansvar"] = "9999"
    df.to_csv(path, index=False)
    assert problems_for(data_copy) == [
        "data/regnskap.csv, linje 6, kolonne «ansvar»: ansvaret «9999» har ikke noe "
        "rammeområde i ansvar_rammeomrade.csv (og 1 linje til) – forventet et ansvar som "
        "står der med rammeområde"]


def test_ansvar_without_rammeomrade_is_named(data_copy):
    path = data_copy / "ansvar_rammeomrade.csv"
    df = pd.read_csv(path, dtype=str)
    df.loc[df["ansvar"] == "3300", "rammeomrade"] = ""
    df.to_csv(path, index=False)
    msgs = problems_for(data_copy)
    line = int(df.index[df["ansvar"] == "3300"][0]) + 2
    assert (f"data/ansvar_rammeomrade.csv, linje {line}, kolonne «rammeomrade»: ansvaret "
            "«3300» har ikke noe rammeområde – forventet rammeområdet ansvaret hører til"
            ) in msgs
    # the accounts on that ansvar are named too
    assert any("regnskap.csv" in m and "«3300»" in m for m in msgs)


def test_accounting_export_with_common_headers_loads(tmp_path):
    """An export as the accounting systems write it: Norwegian headers, semicolons,
    decimal comma, thousands separators, amounts in kroner, no kilde."""
    text = ("Kommunenr;År;Periode;Ansvar;Art;Funksjon;Beløp\n"
            "5025;2024;1;3100;010;253;1 234 567,50\n"
            "5025;2024;2;3100;600;253;\u221212 000,00\n")
    path = tmp_path / "regnskap.csv"
    path.write_text(text, encoding="utf-8")
    df = load_file(path, all_specs()["regnskap"])
    assert list(df["ansvar"]) == ["3100", "3100"]
    assert list(df["periode"]) == [1, 2]
    assert tt.to_1000kr(df).tolist() == pytest.approx([1234.5675, -12.0])


# ---------------------------------------------------------------- build


def test_a_build_never_replaces_another_tertial(tmp_path):
    from helpers.pack.catalogue import available_reports
    from helpers.pack.runner import build_one

    info = available_reports()["tertial"]
    assert info.keep_apart == ("aar", "tertial")
    folder = tmp_path / "tertial"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"aar": 2024, "tertial": 1}}
    nbformat.write(nb, folder / "tertial.ipynb")
    (folder / "tertial.pdf").write_bytes(b"%PDF T1")
    r = build_one(info, {"tertial": 2}, tmp_path, DATA)
    assert not r.ok
    assert "aar=2024, tertial=1" in r.error and "aar=2024, tertial=2" in r.error
    assert (folder / "tertial.pdf").read_bytes() == b"%PDF T1"
    assert not list(tmp_path.glob(".tmp-*"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler mangler")
def test_first_tertial_builds_with_example_label_on_every_page(tmp_path):
    import subprocess

    from conftest import build_report

    result, folder = build_report("tertial", tmp_path, DATA, aar=2024, tertial=1)
    assert result.parameters["tertial"] == 1
    pdf = folder / "tertial.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for p in pages:
        assert ("Eksempel – oppdiktede tall · Røros kommune · Tertialrapport · "
                "1. tertial 2024") in p
    text = " ".join(" ".join(pages).replace("\u00a0", " ").split())
    assert "Tertialrapport 1. tertial 2024 – Røros kommune (eksempeldata)" in text
    assert "30. april 2024" in text and "4 500" in text
    kf = pd.read_csv(folder / "nokkeltall.csv")
    assert (kf["eksempel"] == "Eksempel – oppdiktede tall").all()
    tot = kf[(kf["nokkel"] == "aarsprognose_avvik") & (kf["dimensjon"] == "Totalt")]
    assert tot["verdi"].tolist() == [4000.0]
