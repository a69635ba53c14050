"""Municipality history before 2018: the Sandefjord merger of 1.1.2017 (0706 Sandefjord,
0719 Andebu and 0720 Stokke became 0710 Sandefjord, which became 3804 in 2020 and 3907 in
2024). The change is SSB's KLASS 131 change list between the 2013 and 2017 versions as
gardenberg/kommunekoder keeps it (see helpers/ingest/kommuneliste/LES-MEG.md); it is the only
number change between 2013 and 2018. The default 07459 query (``top(11)``: 1.1.2016 onwards)
reaches it. The population figures in the frame are constructed.
"""

from __future__ import annotations

import pandas as pd

from helpers.ingest.kommuneliste import finn, tidligere_endringer
from helpers.ingest.sources.ssb_history import (
    History,
    all_old,
    earliest_year,
    join,
    mark_kilde,
    old_numbers,
    trim,
)


def _eras(h: History) -> list[tuple[tuple[str, ...], int | None, int]]:
    return [(e.old, e.first_year, e.last_year) for e in h.eras()]


def _population(cells: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(region, Tid, persons) as 07459 comes decoded: one row per cell."""
    return pd.DataFrame({
        "Region": [c[0] for c in cells], "Region_tekst": [c[0] for c in cells],
        "ContentsCode": ["Personer1"] * len(cells),
        "ContentsCode_tekst": ["Personer"] * len(cells),
        "Tid": [c[1] for c in cells], "Tid_tekst": [c[1] for c in cells],
        "verdi": [c[2] for c in cells], "status": [""] * len(cells)})


def test_shipped_list_holds_the_2017_merger():
    rows = [e for e in tidligere_endringer() if e.gyldig_til == "2016-12-31"]
    assert sorted((e.gammelt_nummer, e.nytt_nummer, e.endring) for e in rows) == [
        ("0706", "0710", "sammenslåing"), ("0719", "0710", "sammenslåing"),
        ("0720", "0710", "sammenslåing")]
    assert all("kommuner_med_endringer_fra2013_til2017.csv" in e.kilde for e in rows)


def test_sandefjord_goes_back_through_three_changes():
    hist, notes = old_numbers(["3907", "3101"])
    assert notes == []
    assert _eras(hist["3907"]) == [(("3804",), 2020, 2023), (("0710",), 2017, 2019),
                                   (("0706", "0719", "0720"), None, 2016)]
    # a number that did not change in 2017 keeps its open-ended oldest period
    assert _eras(hist["3101"]) == [(("3001",), 2020, 2023), (("0101",), None, 2019)]


def test_default_07459_query_asks_for_the_2016_numbers_and_kostra_does_not():
    hist, _ = old_numbers(["3907"])
    times = [str(y) for y in range(1986, 2027)]
    offered = dict.fromkeys(["3907", "3804", "0710", "0706", "0719", "0720"], "")
    kept, notes = trim(hist, offered, "07459", earliest=earliest_year(["top(11)"], times))
    assert notes == [] and all_old(kept) == ["0706", "0710", "0719", "0720", "3804"]
    kept, _ = trim(hist, offered, "12362",
                   earliest=earliest_year(["top(5)"], [str(y) for y in range(2015, 2026)]))
    assert all_old(kept) == ["3804"]  # 2021– only


def test_population_before_2017_is_the_sum_of_the_three():
    hist, _ = old_numbers(["3907"])
    cells = [("0706", "2016", 45_000.0), ("0719", "2016", 5_300.0), ("0720", "2016", 11_500.0),
             ("0710", "2016", float("nan")),  # SSB has no 0710 before 2017
             ("0710", "2017", 62_000.0), ("3804", "2020", 64_000.0),
             ("3907", "2024", 65_000.0), ("3907", "2016", float("nan"))]
    j = join(_population(cells), "Region", hist, lambda cell: True, "07459")
    assert set(j.frame["Region"]) == {"3907"}
    got = dict(zip(j.frame["Tid"], j.frame["verdi"], strict=True))
    assert got == {"2016": 61_800.0, "2017": 62_000.0, "2020": 64_000.0, "2024": 65_000.0}
    rows = [{"kommunenummer": "3907", "aar": str(int(t) - 1), "kilde": "SSB 07459"}
            for t in ("2016", "2017", "2024")]
    mark_kilde(rows, j.used, lambda tid: str(int(tid) - 1))
    # «tallet for» names SSB's period (Tid 2016 = 1.1.2016); the merger is named with the
    # number it made (0710), not today's (3907 did not exist in 2017)
    assert rows[0]["kilde"] == ("SSB 07459; tallet for 2016 er hentet under summen av "
                                "kommunenummer 0706 + 0719 + 0720 (slått sammen til 0710 "
                                "1.1.2017, i dag 3907)")
    assert rows[1]["kilde"].endswith("tidligere kommunenummer 0710 (nummeret gjaldt til og "
                                     "med 2019)")
    assert rows[2]["kilde"] == "SSB 07459"


def test_hop_ny_with_a_number_from_before_2017_names_todays_municipality():
    hit = finn("0719")
    assert hit.kommune.kommunenummer == "3907"
    assert hit.merknad.startswith("0719 er nå 3907 Sandefjord")


def test_a_2020_merger_into_a_number_changed_in_2024_names_both():
    hist, _ = old_numbers(["3118"])  # Indre Østfold: five into 3014 in 2020, 3118 in 2024
    olds = ("0122", "0123", "0124", "0125", "0138")
    cells = [(o, "2019", 1000.0 + i) for i, o in enumerate(olds)]
    cells += [("3014", "2019", float("nan")), ("3118", "2019", float("nan"))]  # SSB: «..»
    j = join(_population(cells), "Region", hist, lambda cell: True, "07459")
    assert j.frame["verdi"].tolist() == [5010.0]
    rows = [{"kommunenummer": "3118", "aar": "2019", "kilde": "SSB 07459"}]
    mark_kilde(rows, j.used, str)
    assert rows[0]["kilde"].endswith("summen av kommunenummer 0122 + 0123 + 0124 + 0125 + "
                                     "0138 (slått sammen til 3014 1.1.2020, i dag 3118)")
