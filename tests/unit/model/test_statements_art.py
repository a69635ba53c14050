"""KOSTRA accounts extract (fixed-width 0A/0M records) and § 5-6 økonomisk oversikt etter
art – drift.

The extract fixture ``tests/fixtures/kostra_uttrekk/0A_5025_2024_konstruert.dat`` is
**constructed** (not a real municipality's file) in the exact record layout of SSB's
kostra-kontrollprogram (48 characters: skjema 1–2, årgang 3–6, kvartal 7, region 8–13,
orgnr 14–22, foretaksnr 23–31, kontoklasse 32, funksjon 33–36, art 37–39, beløp 40–48 in
1000 kr, CRLF line ends). Its drift records have known figures per § 5-6 line (below)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from constructed_extract import EXPECTED, EXTRACT

from helpers.data import load_data
from helpers.ingest.kostra_extract import (
    KostraExtractError,
    operating,
    parse_lines,
    read_extract,
)
from helpers.model.statements import Finding
from helpers.model.statements_art import (
    LINES_5_6,
    MappingError,
    line_of,
    mapping_for,
    paragraf_5_6,
    plan_years_missing,
    records_from_accounts,
    records_from_budget,
    records_from_extract,
)
from helpers.reports.common_text import NO_ART_BUDGET, art_note

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "kostra_uttrekk"
# issue 28: the budget and accounts per art are the tertial report's invented example
EXAMPLE = Path(__file__).resolve().parents[3] / "eksempler" / "tertial"


@pytest.fixture(scope="module")
def example():
    return load_data(EXAMPLE)
@pytest.fixture(scope="module")
def data():
    return load_data("")


@pytest.fixture(scope="module")
def mapping(data):
    return data["kontoplan_art_5_6"]


def _by_line(frame: pd.DataFrame) -> dict[int, float]:
    return dict(zip(frame["linje_nr"], frame["verdi"], strict=True))


# ---------------------------------------------------------------- the extract reader


def test_extract_fields_and_kinds():
    x = read_extract(EXTRACT)
    assert len(x) == 29
    first = x.iloc[0]
    assert (first["skjema"], first["aar"], first["kvartal"], first["region"],
            first["kommunenummer"], first["kontoklasse"], first["regnskap"],
            first["funksjon"], first["art"], first["belop"], first["linje"]) == (
        "0A", 2024, "", "502500", "5025", "1", "drift", "840", "800", -204653.0, 1)
    assert x.groupby(["skjema", "regnskap"]).size().to_dict() == {
        ("0A", "drift"): 26, ("0A", "investering"): 1, ("0B", "balanse"): 1,
        ("0M", "drift"): 1}
    bal = x[x["skjema"] == "0B"].iloc[0]
    assert (bal["funksjon"], bal["art"], bal["belop"]) == ("13", "000", 5000.0)


def test_operating_selects_one_form_and_drift_only():
    x = read_extract(EXTRACT)
    a = operating(x, "5025", 2024, "0A")
    assert len(a) == 26 and set(a["regnskap"]) == {"drift"}
    assert "230" not in set(a["art"])  # the investment record
    m = operating(x, "5025", 2024, "0M")
    assert list(m["belop"]) == [160000.0]
    assert operating(x, "5025", 2023, "0A").empty
    assert operating(x, "3401", 2024, "0A").empty


def test_extract_errors_name_line_columns_value_and_expectation():
    with pytest.raises(KostraExtractError) as err:
        read_extract(FIX / "feil_konstruert.dat")
    msg = str(err.value)
    assert "feil_konstruert.dat, linje 2, kolonne 40–48: «   12x45 »" in msg
    assert "helt beløp i 1000 kr" in msg
    assert "linje 3, kolonne 32: «7» – forventet kontoklasse 0 eller 1 for skjema 0A" in msg
    assert "linje 4, kolonne 1–47" in msg and "nøyaktig 48 tegn, fant 47" in msg
    assert "linje 5, kolonne 1–2: «0Z»" in msg
    assert len(err.value.problems) == 4  # line 1 is a valid record


def test_extract_bad_function_and_region():
    good = "0A2024 502500                  1253 010   150000"
    assert len(parse_lines([good])) == 1
    with pytest.raises(KostraExtractError, match="kolonne 33–36: «25a »"):
        parse_lines([good[:32] + "25a " + good[36:]])
    with pytest.raises(KostraExtractError, match="kolonne 8–13: «5025  »"):
        parse_lines([good[:7] + "5025  " + good[13:]])


def test_missing_extract_file(tmp_path):
    with pytest.raises(KostraExtractError, match="finnes ikke"):
        read_extract(tmp_path / "borte.dat")


# ---------------------------------------------------------------- mapping


def test_mapping_validates_and_places_every_drift_art_of_the_example(example, mapping):
    m = mapping_for(mapping, 2024)
    arts = pd.Series(sorted(set(example["regnskap"]["art"]) | set(example["budsjett"]["art"])))
    placed = line_of(arts, m)
    assert placed.notna().all(), list(arts[placed.isna()])
    assert m["aar"].eq(2023).all()  # the kontoplan of 2023 holds for 2024 too
    assert mapping_for(mapping, 2026)["aar"].eq(2025).all()  # latest plan not after 2026
    with pytest.raises(MappingError, match="ingen kontoplan for 2019"):
        mapping_for(mapping, 2019)


@pytest.mark.parametrize("art,line", [
    ("800", 1), ("870", 2), ("874", 3), ("875", 3), ("877", 4), ("700", 5), ("810", 5),
    ("770", 6), ("850", 6), ("600", 7), ("630", 8), ("010", 10), ("089", 10), ("090", 11),
    ("099", 11), ("120", 12), ("370", 12), ("470", 13), ("590", 14), ("900", 17),
    ("905", 18), ("909", 19), ("509", 19), ("500", 20), ("510", 21), ("990", 23),
    ("570", 25), ("550", 26), ("950", 27), ("540", 28), ("940", 29), ("530", 30),
])
def test_each_line_from_one_constructed_record(mapping, art, line):
    """One record of 1 000 on one art moves exactly its line (and the sums above it)."""
    sign = -1.0 if art >= "600" else 1.0  # accounts' sign: incomes negative
    out = _by_line(paragraf_5_6(pd.DataFrame({"art": [art], "belop": [sign * 1000]}),
                                mapping, 2024))
    details = {nr: v for nr, v in out.items() if nr not in {9, 15, 16, 22, 24, 31, 32}}
    moved = {nr for nr, v in details.items() if v != 0}
    assert moved == {line}
    # uses of funds are negative, and a loss (509) is a negative «gevinster og tap»
    expected = -1000.0 if line in (27, 29) or art == "509" else 1000.0
    assert details[line] == expected


def test_unplaced_art_is_named_not_counted(mapping):
    rec = pd.DataFrame({"art": ["010", "298"], "belop": [100.0, 40.0]})  # 298: Oslo only
    out = paragraf_5_6(rec, mapping, 2024, source="testkilden")
    v = _by_line(out)
    assert v[10] == 100 and v[15] == 100 and v[32] == 100  # 298 left out
    note = out.attrs["merknader"][0]
    assert note == Finding("arter_utenfor", {"aar": 2024, "kilde": "testkilden",
                                             "arter": {"298": 40.0}, "sum": 40.0})
    text = art_note(note)
    assert "298 (40)" in text and "i testkilden" in text and "til sammen 40 " in text


# ---------------------------------------------------------------- § 5-6 figures


def test_paragraf_5_6_from_constructed_extract(mapping):
    rec = records_from_extract(read_extract(EXTRACT), "5025", 2024, "0A")
    out = paragraf_5_6(rec, mapping, 2024, source="KOSTRA-uttrekket")
    assert list(out.columns) == ["paragraf", "linje_nr", "linje", "aar", "verdi", "er_sum"]
    assert list(out["linje"]) == list(LINES_5_6.values())
    assert _by_line(out) == {k: float(v) for k, v in EXPECTED.items()}
    assert out.attrs["merknader"] == []
    # line 32 is the sum of all drift records in the accounts' sign (0: the accounts balance)
    assert _by_line(out)[32] == rec["belop"].sum() == 0


def test_identities_on_a_published_statement(mapping):
    """Giske kommune, økonomisk oversikt drift, regnskap 2022 (1000 kr, as printed): fed as
    one record per line, the sums are Giske's printed sums to within the print's rounding
    (each printed line is rounded, so a sum may differ by 1)."""
    giske = {1: 262905, 2: 311009, 3: 28024, 4: 0, 5: 24894, 6: 94095, 7: 19787, 8: 62683,
             10: 365756, 11: 86448, 12: 223985, 13: 29479, 14: 40650, 17: 2518, 18: 93,
             19: -3901, 20: 26055, 21: 37790, 23: 40650, 25: 1500, 26: 4406, 27: -6043,
             28: 33829, 29: -1097, 30: 0}
    printed = {9: 803398, 15: 746318, 16: 57080, 22: -65136, 24: 32595, 31: 32595}
    art_of = {1: "800", 2: "870", 3: "874", 4: "877", 5: "810", 6: "880", 7: "600", 8: "630",
              10: "010", 11: "099", 12: "120", 13: "470", 14: "590", 17: "900", 18: "905",
              19: "909", 20: "500", 21: "510", 23: "990", 25: "570", 26: "550", 27: "950",
              28: "540", 29: "940", 30: "530"}
    negated = {1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 23}
    rec = pd.DataFrame({"art": [art_of[n] for n in giske],
                        "belop": [-v if n in negated else v for n, v in giske.items()]})
    v = _by_line(paragraf_5_6(rec, mapping, 2022 + 2))  # the 2024 plan holds these arts
    for nr, value in giske.items():
        assert v[nr] == value
    for nr, value in printed.items():
        assert abs(v[nr] - value) <= 1, (nr, v[nr], value)
    assert v[16] == v[9] - v[15]
    assert v[22] == v[17] + v[18] + v[19] - v[20] - v[21]
    assert v[24] == v[16] + v[22] + v[23]
    assert abs(v[32]) <= 1  # Giske's accounts balance: nothing carried forward


def test_paragraf_5_6_from_accounts_and_budget(example, mapping):
    data = example
    acc = records_from_accounts(data, "5025", 2024, periode=8)
    raw = data["regnskap"]
    sel = raw[(raw["aar"] == 2024) & (raw["periode"] <= 8)]
    out = _by_line(paragraf_5_6(acc, mapping, 2024))
    # regnskap.csv is in kroner: rammetilskudd (art 800) to August, as 1000 kr
    assert out[1] == pytest.approx(-sel.loc[sel["art"] == "800", "belop"].sum() / 1000)
    assert out[32] == pytest.approx(sel["belop"].sum() / 1000)
    bud = _by_line(paragraf_5_6(records_from_budget(data, "5025", 2024), mapping, 2024))
    # the seed's figures, which the example budget carries on arts 870, 800, 874 and 810
    assert (bud[2], bud[1], bud[3]) == (215334, 204653, 35150)
    assert bud[5] >= 2000  # andre generelle statstilskudd (810 on function 840) is there
    assert (bud[20], bud[21], bud[29], bud[27]) == (38822, 32150, -24444, -4542)
    assert abs(bud[32]) <= 1  # the adopted example budget balances (to rounding)


def test_plan_years_are_missing_with_the_reason():
    out = plan_years_missing([2025, 2026, 2027])
    assert out["verdi"].isna().all() and sorted(set(out["aar"])) == [2025, 2026, 2027]
    assert out.attrs["merknader"] == [Finding("ingen_art_budsjett")]
    assert art_note(out.attrs["merknader"][0]) == NO_ART_BUDGET
    assert len(out) == 3 * len(LINES_5_6)


def test_empty_source_is_missing_not_zero(mapping):
    out = paragraf_5_6(pd.DataFrame(columns=["art", "belop"]), mapping, 2024, source="x")
    assert out["verdi"].isna().all()
    assert out.attrs["merknader"] == [Finding("ingen_linjer", {"aar": 2024, "kilde": "x"})]
    assert art_note(out.attrs["merknader"][0]) == "Kilden (x) har ingen linjer for 2024."


def test_statement_for_a_budget_appendix(data, example):
    from helpers.model.statements_art import statement_5_6

    x = read_extract(EXTRACT)  # constructed accounts for 2024, the year before this plan
    out, notes = statement_5_6(data, "5025", [2025, 2026, 2027], extract=x)
    assert out.attrs["kilder"] == {2024: "regnskap"}
    v = out.set_index(["aar", "linje_nr"])["verdi"]
    assert v[(2024, 16)] == EXPECTED[16] and v[(2024, 32)] == 0
    assert out[out["aar"] > 2024]["verdi"].isna().all()
    assert notes == [Finding("ingen_art_budsjett", {"aar": (2025, 2026, 2027)})]
    assert [art_note(n) for n in notes] == [f"2025, 2026, 2027: {NO_ART_BUDGET}"]
    # the budget year from budsjett.csv per art; the plan years missing
    out, notes = statement_5_6(data, "5025", [2024, 2025])
    assert out.attrs["kilder"] == {}  # data/ has no budget per art: every year missing
    assert out["verdi"].isna().all()
    out, notes = statement_5_6(example, "5025", [2024, 2025])
    assert out.attrs["kilder"] == {2024: "budsjett"}
    v = out.set_index(["aar", "linje_nr"])["verdi"]
    assert v[(2024, 2)] == 215334 and pd.isna(v[(2025, 2)])
    # an extract year without a kontoplan in the mapping: missing, with the reason
    old = x.assign(aar=2019)
    out, notes = statement_5_6(data, "5025", [2025], extract=old)
    assert out[out["aar"] == 2019]["verdi"].isna().all()
    assert notes[0].kode == "regnskap_feil" and notes[0].verdier["aar"] == 2019
    assert art_note(notes[0]).startswith("Regnskapet 2019 kan ikke stilles opp: Koblingen")
    assert ".csv" not in art_note(notes[0])


def test_extract_path_is_found_in_the_data_folder(tmp_path):
    from helpers.reports.tertial.statements import extract_path

    (tmp_path / "uttrekk.dat").write_text("x")
    assert extract_path("uttrekk.dat", str(tmp_path)) == str(tmp_path / "uttrekk.dat")
    assert extract_path(str(EXTRACT)) == str(EXTRACT)
    assert extract_path("") == ""
    assert extract_path("finnes-ikke.dat", str(tmp_path)) == "finnes-ikke.dat"


def test_overlapping_mapping_is_named_by_validation(data_copy):
    from helpers.data import validate_dir

    path = data_copy / "kontoplan_art_5_6.csv"
    added = len(path.read_text(encoding="utf-8").splitlines()) + 2  # the second row added
    with path.open("a", encoding="utf-8") as f:
        f.write("2023,595,599,14,Avskrivninger,ja,test\n")
        f.write("2023,050,060,11,Lønnsutgifter,ja,test\n")  # overlaps 010–089, wrong name
    problems = [str(p) for p in validate_dir(data_copy)]
    assert len(problems) == 2, problems
    assert any(f"kontoplan_art_5_6.csv, linje {added}, kolonne «art_fra»" in p
               and "overlapper" in p and "010–089" in p for p in problems), problems
    assert any(f"linje {added}" in p and "linje 11 har også navnet «Sosiale utgifter»" in p
               for p in problems), problems
