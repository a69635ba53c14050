"""Municipality history through the changes of 2018, 2020 and 2024 (issue 29, point 2).

The earlier changes come from SSB's KLASS 131 change lists as a public repository keeps
them (gardenberg/kommunekoder, see helpers/ingest/kommuneliste/LES-MEG.md); the figures in
the frames below are constructed."""

from __future__ import annotations

import math

import pandas as pd

from helpers.ingest.kommuneliste import tidligere_endringer
from helpers.ingest.sources.ssb_history import History, join, mark_kilde, old_numbers, trim

REGION = "KOKkommuneregion0000"


def _eras(h: History) -> list[tuple[tuple[str, ...], int | None, int]]:
    return [(e.old, e.first_year, e.last_year) for e in h.eras()]


def test_shipped_earlier_changes_hold_the_2020_reform():
    rows = tidligere_endringer()
    by_old = {(e.gammelt_nummer, e.gyldig_til[:4]): e for e in rows}
    assert by_old[("5030", "2019")].nytt_nummer == "5001"  # Klæbu into Trondheim
    assert by_old[("5001", "2019")].endring == "sammenslåing"  # Trondheim kept its number
    assert by_old[("1601", "2017")].nytt_nummer == "5001"  # Trøndelag, 1.1.2018
    assert by_old[("0101", "2019")].nytt_nummer == "3001"  # Viken, 1.1.2020
    # Checked against the 2024 list (another source): the numbers of 2020–2023 are today's
    # without the 2024 numbers, with the old ones; every 2020 target is among them.
    from helpers.ingest.kommuneliste import endringer, kommuner
    in_2024 = endringer()
    numbers_2020 = ({k.kommunenummer for k in kommuner()} - {e.nytt_nummer for e in in_2024}
                    | {e.gammelt_nummer for e in in_2024})
    assert len(numbers_2020) == 356  # the 2020 division
    targets = {e.nytt_nummer for e in rows if e.gyldig_til == "2019-12-31"}
    assert targets <= numbers_2020 and len(targets) == 245
    assert all("KLASS 131" in e.kilde and "gardenberg/kommunekoder" in e.kilde for e in rows)


def test_eras_follow_a_number_through_2020_and_2024():
    hist, notes = old_numbers(["3101", "5001", "3118", "5059"])
    assert _eras(hist["3101"]) == [(("3001",), 2020, 2023), (("0101",), None, 2019)]  # Halden
    assert _eras(hist["5001"]) == [(("5001", "5030"), 2018, 2019),  # Trondheim + Klæbu
                                   (("1601", "1662"), None, 2017)]
    assert _eras(hist["3118"]) == [(("3014",), 2020, 2023),  # Indre Østfold, five in 2020
                                   (("0122", "0123", "0124", "0125", "0138"), None, 2019)]
    # Orkland got part of Snillfjord, which was split in three: no history to sum
    assert "5059" not in hist
    assert notes == ["Merk: 5059 Orkland fikk del av 5012 da 5012 ble delt 2020; tall til og "
                     "med 2019 gjelder den gamle inndelingen og hentes ikke for 5059."]


def _frame(cells: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame({
        REGION: [c[0] for c in cells], f"{REGION}_tekst": [c[0] for c in cells],
        "ContentsCode": [c[1] for c in cells], "ContentsCode_tekst": [c[1] for c in cells],
        "Tid": [c[2] for c in cells], "Tid_tekst": [c[2] for c in cells],
        "verdi": [c[3] for c in cells], "status": [""] * len(cells)})


def _amounts(cell) -> bool:
    return cell["ContentsCode"] == "belop"


def test_merger_that_kept_a_number_sums_both_and_leaves_ratios_missing():
    hist, _ = old_numbers(["5001"])
    frame = _frame([
        ("5001", "belop", "2019", 1000.0), ("5030", "belop", "2019", 60.0),
        ("5001", "pst", "2019", 2.0), ("5030", "pst", "2019", 3.0),
        ("5001", "belop", "2021", 1100.0), ("5001", "pst", "2021", 2.5),
        ("1601", "belop", "2017", 900.0), ("1662", "belop", "2017", 50.0),
        ("5001", "belop", "2017", math.nan)])
    j = join(frame, REGION, hist, _amounts, "12134")
    got = {(t, c): v for t, c, v in j.frame[[
        "Tid", "ContentsCode", "verdi"]].itertuples(index=False)}
    assert set(j.frame[REGION]) == {"5001"}
    assert got[("2019", "belop")] == 1060.0  # old Trondheim's 1000 is only a part: summed
    assert math.isnan(got[("2019", "pst")])  # a ratio is not summed
    assert got[("2021", "belop")] == 1100.0 and got[("2021", "pst")] == 2.5
    assert got[("2017", "belop")] == 950.0  # 1601 + 1662 before the 2018 renumbering
    assert len(j.frame) == 5
    assert j.notes == ["Merk: 5001 ble slått sammen av 5001, 5030; i tabell 12134 er andeler "
                       "og tall per innbygger for årene til og med 2019 ikke summert og står "
                       "som manglende."]
    rows = [{"kommunenummer": "5001", "aar": a, "kilde": "SSB 12134"}
            for a in ("2017", "2019", "2021")]
    mark_kilde(rows, j.used, str)
    # 1601 and 1662 became 5001 and 5030 in 2018 and were merged only in 2020
    assert rows[0]["kilde"] == ("SSB 12134; tallet for 2017 er hentet under summen av "
                                "kommunenummer 1601 + 1662 (numrene gjaldt til og med 2017; "
                                "i dag er dette kommune 5001)")
    assert rows[1]["kilde"].endswith("summen av kommunenummer 5001 + 5030 (slått sammen til "
                                     "5001 1.1.2020)")
    assert rows[2]["kilde"] == "SSB 12134"


def test_renumbered_twice_takes_each_year_from_its_own_number():
    hist, _ = old_numbers(["3101"])
    frame = _frame([("0101", "belop", "2019", 19.0), ("3001", "belop", "2019", 99.0),
                    ("3001", "belop", "2022", 22.0), ("3101", "belop", "2022", math.nan),
                    ("3101", "belop", "2024", 24.0)])
    j = join(frame, REGION, hist, _amounts, "12134")
    got = dict(zip(j.frame["Tid"], j.frame["verdi"], strict=True))
    assert got == {"2019": 19.0, "2022": 22.0, "2024": 24.0}  # 2019 is 0101's, not 3001's
    rows = [{"kommunenummer": "3101", "aar": "2019", "kilde": "SSB"}]
    mark_kilde(rows, j.used, str)
    assert rows[0]["kilde"] == ("SSB; tallet for 2019 er hentet under tidligere "
                                "kommunenummer 0101 (nummeret gjaldt til og med 2019)")


def test_a_table_without_the_oldest_numbers_keeps_the_newer_period():
    hist, _ = old_numbers(["3101"])
    kept, notes = trim(hist, {"3101": "Halden", "3001": "Halden"}, "12134")
    assert _eras(kept["3101"]) == [(("3001",), 2020, 2023)]
    assert notes == ["Merk: tabell 12134 har ikke det tidligere kommunenummeret 0101 for "
                     "3101; årene til og med 2019 mangler for 3101."]


def test_periods_before_the_years_asked_for_are_not_asked_for():
    from helpers.ingest.sources.ssb_history import all_old, earliest_year

    times = [str(y) for y in range(2015, 2026)]
    assert earliest_year(["top(5)"], times) == 2021
    assert earliest_year(["top(11)"], times) == 2015
    assert earliest_year(["2019", "2023"], times) == 2019
    assert earliest_year(["*"], times) is None
    hist, _ = old_numbers(["3101", "5001"])
    recent, notes = trim(hist, {}, "12134", earliest=2021)  # only 2021– asked: 3001 only
    assert notes[0].startswith("Merk: tabell 12134 har ikke det tidligere kommunenummeret "
                               "3001 for 3101")
    assert recent == {} and len(notes) == 1  # Trondheim's 2018/2020 changes not asked about
    offered = dict.fromkeys(["3001", "0101", "5030", "5001", "1601", "1662"], "")
    kept, notes = trim(hist, offered, "07459", earliest=2019)
    assert notes == [] and all_old(kept) == ["0101", "3001", "5030"]
    assert _eras(kept["5001"]) == [(("5001", "5030"), 2018, 2019)]
