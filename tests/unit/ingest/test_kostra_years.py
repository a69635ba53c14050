"""KOSTRA accounts files of any year since 2020, annual or quarterly: the art → line mapping
of § 5-6 per year (checked against the valid drift arts of SSB's control program for each
year), municipality numbers from before 2024, and a quarterly file labelled as the accounts
so far that year.

Fixtures (sources in tests/fixtures/kostra_uttrekk/README.md): the real quarterly test file
of SSB's control program (Kongsvinger, 4th quarter 2019) and, for 2020 and 2023, files
**constructed** here from the constructed 2024 extract by changing the year and the region.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.ingest.kommunenummer import current, former
from helpers.ingest.kostra_extract import latest_period, period_label, read_extract
from helpers.model.statements_art import (
    MappingError,
    line_of,
    mapping_for,
    paragraf_5_6,
    records_from_extract,
    statement_5_6,
)

FIX = Path(__file__).resolve().parents[2] / "fixtures"
ARTS = pd.read_csv(FIX / "kostra_arter" / "gyldige_driftsarter.csv", dtype=str)
EXTRACT_2024 = FIX / "kostra_uttrekk" / "0A_5025_2024_konstruert.dat"
QUARTERLY = FIX / "kostra_uttrekk" / "0A_V2019_K4_R040200_OK.dat"
# § 5-6 of the constructed extract (see tests/test_statements_art.py)
LINE_16, LINE_24, LINE_3 = 171488, 151465, 35150


@pytest.fixture(scope="module")
def mapping():
    return load_data("")["kontoplan_art_5_6"]


@pytest.mark.parametrize("aar", [2020, 2021, 2022, 2023, 2024, 2025])
def test_every_valid_drift_art_of_the_year_is_on_one_line(mapping, aar):
    arts = ARTS.loc[ARTS["aar"] == str(aar), "art"].reset_index(drop=True)
    assert len(arts) > 95
    lines = line_of(arts, mapping_for(mapping, aar))
    assert lines.notna().all(), list(arts[lines.isna()])


def test_the_five_arts_the_2024_mapping_lacked_are_placed(mapping):
    m = mapping_for(mapping, 2024)
    lines = line_of(pd.Series(["520", "589", "920", "980", "989"]), m)
    assert list(lines) == [13.0, 13.0, 6.0, 6.0, 6.0]


@pytest.mark.parametrize("aar,art,line", [
    (2021, "874", 3), (2021, "877", 4),   # eiendomsskatt annen eiendom before 2023
    (2023, "871", 3), (2023, "876", 3),   # the new eiendomsskatt arts of 2023
    (2023, "877", 4), (2025, "878", 3), (2020, "930", 29),
])
def test_eiendomsskatt_and_other_arts_follow_the_years_kontoplan(mapping, aar, art, line):
    assert line_of(pd.Series([art]), mapping_for(mapping, aar)).iloc[0] == line


def _constructed(tmp_path: Path, aar: int, region: str) -> Path:
    """The constructed 2024 extract with another year and region (constructed, not real)."""
    text = EXTRACT_2024.read_bytes().decode("latin-1")
    out = tmp_path / f"0A_{region}_{aar}_konstruert.dat"
    for form in ("0A", "0B", "0M"):
        text = text.replace(f"{form}2024 502500", f"{form}{aar} {region}")
    out.write_bytes(text.encode("latin-1"))
    return out


@pytest.mark.parametrize("aar", [2020, 2023])
def test_an_annual_file_of_2020_or_2023_gives_the_statement(tmp_path, mapping, aar):
    x = read_extract(_constructed(tmp_path, aar, "502500"))
    assert latest_period(x, "5025") == (aar, "")
    v = paragraf_5_6(records_from_extract(x, "5025", aar), mapping, aar).set_index(
        "linje_nr")["verdi"]
    assert (v[3], v[16], v[24], v[32]) == (LINE_3, LINE_16, LINE_24, 0)


def test_a_2023_file_with_the_old_municipality_number_is_understood(tmp_path, mapping):
    assert current("3001") == "3101" and former("3101") == "3001"
    assert current("5025") == "5025" and former("5025") is None
    x = read_extract(_constructed(tmp_path, 2023, "300100"))  # Halden before 2024
    assert set(x["region"]) == {"300100"} and set(x["kommunenummer"]) == {"3101"}
    data = load_data("")
    out, notes = statement_5_6(data, "3101", [2024, 2025], extract=x)
    assert out.attrs["kilder"].get(2023) == "regnskap" and out.attrs["kvartal"] == {}
    v = out.set_index(["aar", "linje_nr"])["verdi"]
    assert v[(2023, 24)] == LINE_24


def test_the_real_quarterly_file_is_the_accounts_so_far(mapping):
    x = read_extract(QUARTERLY)
    assert len(x) == 1644 and set(x["kvartal"]) == {"4"} and set(x["aar"]) == {2019}
    assert set(x["kommunenummer"]) == {"0402"}  # renumbered in 2020, before the 2024 table
    assert latest_period(x, "0402") == (2019, "4")
    assert period_label(2019, "4") == "hittil i år per 4. kvartal 2019"
    assert period_label(2023, "") == "2023"
    rec = records_from_extract(x, "0402", 2019, kvartal="4")
    assert len(rec) == len(x[x["regnskap"] == "drift"]) > 1000
    assert records_from_extract(x, "0402", 2019).empty  # not a year's accounts
    # 2019 is before the new regulation's kontoplan: the reason, not figures
    with pytest.raises(MappingError, match="ingen kontoplan for 2019"):
        paragraf_5_6(rec, mapping, 2019)


def test_a_quarterly_file_is_labelled_in_the_budget_appendix(tmp_path):
    text = EXTRACT_2024.read_bytes().decode("latin-1").replace("0A2024 502500", "0A20243502500")
    path = tmp_path / "0A_5025_2024_K3_konstruert.dat"
    path.write_bytes(text.encode("latin-1"))
    x = read_extract(path)
    out, _ = statement_5_6(load_data(""), "5025", [2025, 2026], extract=x)
    assert out.attrs["kilder"][2024] == "regnskap" and out.attrs["kvartal"] == {2024: "3"}
