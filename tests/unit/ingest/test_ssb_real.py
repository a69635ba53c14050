"""``hop hent ssb`` with data as municipalities have it (issue 29): metadata before data,
history across the 2024 renumbering, tables SSB replaces, refusals that say what to do.

Real public copies: ``fixtures/ssb/05810-v2-metadata-en.json`` and
``fixtures/ssb/v2-tables-search-en.json`` (SSB's answers as printed in the PxWebApi 2 user
guide), ``fixtures/ssb/07221-v0-post-query.json`` (a real saved query) and
``fixtures/ssb/07459-statistikkbanken-query.json`` (a query saved from Statistikkbanken).
Everything else is made from the constructed responses in ``fixtures/hent/`` (see the READMEs
there).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_hent  # noqa: E402
from test_hent import FIX, Transport, client, response  # noqa: E402

from helpers.ingest.kommuneliste import Endring  # noqa: E402
from helpers.ingest.sources import fetch, ssb, ssb_history  # noqa: E402
from helpers.ingest.sources.jsonstat import SsbError, decode  # noqa: E402

SSB_FIX = Path(__file__).resolve().parents[2] / "fixtures" / "ssb"


@pytest.fixture
def data(tmp_path) -> Path:
    return test_hent.data.__wrapped__(tmp_path)


def test_real_v2_metadata_is_read():
    meta = ssb.parse_metadata((SSB_FIX / "05810-v2-metadata-en.json").read_bytes(), "05810")
    assert meta.table == "05810" and meta.discontinued is None
    assert list(meta.dims) == ["Kjonn", "Alder", "ContentsCode", "Tid"]
    assert meta.dims["Kjonn"] == {"0": "Both sexes", "1": "Males", "2": "Females"}
    assert meta.eliminable == {"Kjonn", "Alder"}  # ContentsCode and Tid must be chosen
    assert meta.notes[0].startswith("Until 1990 the figures correspond per 31 Desember")
    assert meta.successors() == []


def test_real_v2_table_search_is_read():
    tables = json.loads((SSB_FIX / "v2-tables-search-en.json").read_text())["tables"]
    assert [t["id"] for t in tables] == ["13760", "14483", "13618"]


def test_json_stat_1_is_refused_with_what_to_do():
    doc = {"dataset": {"dimension": {"id": ["Region"], "size": [1], "Region": {
        "category": {"index": {"5025": 0}}}}, "label": "x", "value": [1]}}  # constructed (1.x)
    with pytest.raises(SsbError, match="JSON-stat 1.*Lagre som JSON-stat2 fra Statistikkbanken"):
        decode(doc, "07459")


def test_a_saved_query_is_refused_as_a_query():
    with pytest.raises(SsbError, match="filen er en spørring.*ikke et svar med tall"):
        decode((SSB_FIX / "07221-v0-post-query.json").read_bytes(), "07221")


def test_a_query_saved_from_statistikkbanken_is_refused_as_a_query():
    """Real: Statistikkbanken's «API-spørring» file for 07459 (queryObj, tableIdForQuery,
    postUrl), as janbrus/ssb-api-python-examples keeps it; it said «feltet «id» mangler»."""
    with pytest.raises(SsbError) as err:
        decode((SSB_FIX / "07459-statistikkbanken-query.json").read_bytes())
    assert str(err.value).startswith("SSB: filen er en spørring lagret fra Statistikkbanken "
                                     "for tabell 07459 (feltene «queryObj» og «postUrl»), "
                                     "ikke et svar med tall.")
    assert "Send spørringen til adressen i «postUrl» og lagre svaret" in str(err.value)


def _region_codes(doc: dict, var: str, rename: dict[str, str]) -> dict:
    cat = doc["dimension"][var]["category"]
    cat["index"] = {rename.get(k, k): v for k, v in cat["index"].items()}
    cat["label"] = {rename.get(k, k): v for k, v in cat["label"].items()}
    return doc


def test_renumbered_2024_history_comes_from_the_old_number(data):
    """Tynset is made a municipality renumbered in 2024 (3427 ← old 0437, as the real 5025
    ← 5025 never was): its 2021–2022 KOSTRA figures are under the old number in the table,
    and land under the current one, with the old number in the kilde."""
    doc = _region_codes(json.loads(response("12143")), "KOKkommuneregion0000", {"3427": "0437"})
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    changes = [Endring("0437", "2023-12-31", "3427", "Tynset", "nytt_nummer", "test")]
    orig = ssb_history.old_numbers
    ssb_history_old = lambda kommuner, changes_=None: orig(kommuner, changes)  # noqa: E731
    import helpers.ingest.sources.ssb_source as src
    src.old_numbers = ssb_history_old
    try:
        c = fetch.collect(data, "ssb", client=client(t))
    finally:
        src.old_numbers = orig
    (u,) = [u for _, u in t.calls if "/tables/12143/data" in u]
    assert u.split("valueCodes[KOKkommuneregion0000]=")[1].split("&")[0].endswith(",EKG11,0437")
    rows = [r for r in c.updates["kostra.csv"].rows if r["kommunenummer"] == "3427"
            and r["aar"] == "2022" and r["indikator"] == "netto_driftsresultat_pst"]
    (r,) = rows
    assert r["verdi"] == "1.1"  # Tynset's 2022 figure, found under 0437
    assert "hentet under tidligere kommunenummer 0437" in r["kilde"]
    assert not [r for r in c.updates["kostra.csv"].rows if r["kommunenummer"] == "0437"]


def test_merger_sums_amounts_and_leaves_ratios_missing():
    import pandas as pd
    frame = pd.DataFrame({
        "KOKkommuneregion0000": ["0001", "0002", "0001", "0002"],
        "KOKkommuneregion0000_tekst": ["A", "B", "A", "B"],
        "ContentsCode": ["KOSbelop0000", "KOSbelop0000", "KOSbelopbrinv0000",
                         "KOSbelopbrinv0000"],
        "ContentsCode_tekst": ["1000 kr"] * 2 + ["%"] * 2,
        "Tid": ["2023"] * 4, "Tid_tekst": ["2023"] * 4,
        "verdi": [100.0, 250.0, 5.0, 7.0], "status": [""] * 4})
    h = {"0003": ssb_history.History("0003", ("0001", "0002"), 2023)}
    j = ssb_history.join(frame, "KOKkommuneregion0000", h,
                         lambda cell: cell["ContentsCode"] == "KOSbelop0000", "12143")
    got = dict(zip(j.frame["ContentsCode"], j.frame["verdi"], strict=True))
    assert got["KOSbelop0000"] == 350.0 and pd.isna(got["KOSbelopbrinv0000"])
    assert set(j.frame["KOKkommuneregion0000"]) == {"0003"}
    assert "slått sammen av 0001, 0002" in j.notes[0]


def test_split_municipality_says_its_history_is_the_old_ones():
    hist, notes = ssb_history.old_numbers(["1580", "5025"])
    assert "1580" not in hist and "1507 ble delt 2024" in notes[0] and "1580" in notes[0]
    # Røros was 1640 in Sør-Trøndelag until 2017 (the Trøndelag merger of 1.1.2018)
    assert hist["5025"].eras() == (ssb_history.History("5025", ("1640",), 2017),)


def test_shipped_list_gives_the_old_number_of_a_2024_renumbering():
    hist, _ = ssb_history.old_numbers(["3101"])  # Halden, 3001 until 2023
    assert hist["3101"].old == ("3001",) and hist["3101"].last_year == 2023


def test_discontinued_table_is_reported_with_its_successor(data):
    meta = json.loads(response("12362"))
    meta["extension"]["discontinued"] = True
    meta["note"] = ["Tabellen er avsluttet. Se tabell 13017 for tall fra 2024."]  # constructed
    t = Transport({"12362/metadata": ssb.HttpResponse(200, json.dumps(meta).encode())})
    c = fetch.collect(data, "ssb", client=client(t))
    (why,) = c.failures
    assert "12362" in why and "avsluttet" in why and "viser til tabell 13017" in why
    assert not [u for _, u in t.calls if "/tables/12362/data" in u]
    assert [r for r in c.updates["kostra.csv"].rows if "SSB tabell 12143" in r["kilde"]]


def test_newest_projection_is_found_by_search(data):
    search = json.loads((FIX / "search-framskrevet-folkemengde.json").read_text())
    newer = dict(search["tables"][0], id="14746", updated="2026-06-11T06:00:00Z",
                 label=search["tables"][0]["label"].replace("14288", "14746")
                 .replace("2024-2050", "2026-2050"))
    search["tables"].append(newer)
    doc = json.loads(response("14288"))
    doc["extension"]["px"]["tableid"] = "14746"
    body = json.dumps(doc).encode()
    t = Transport({"search": ssb.HttpResponse(200, json.dumps(search).encode()),
                   "14746": ssb.HttpResponse(200, body)})
    c = fetch.collect(data, "ssb", client=client(t))
    assert [u for _, u in t.calls if "/tables/14746/data" in u]
    assert not [u for _, u in t.calls if "/tables/14288/" in u]
    rows = c.updates["befolkning_framskrivning.csv"].rows
    assert [r for r in rows if "SSB tabell 14746" in r["kilde"]]
    assert any("den nyeste tabellen" in n and "14746" in n for n in c.notes)


def test_population_before_the_2018_change_comes_from_the_old_number(data):
    """Røros was 1640 until 2017 (shipped list of earlier changes). 07459 with the figures
    of 1.1.2017 and 1.1.2018 under 1640 (codes of the fixture renamed; constructed): the
    query asks for 1640 too, 1.1.2017 lands on 5025 as 31.12.2016 with 1640 in the kilde,
    and 1640's figure for 2018 (after the change) is not taken."""
    doc = _region_codes(json.loads(response("07459")), "Region", {"5025": "1640"})
    tid = doc["dimension"]["Tid"]["category"]
    tid["index"], tid["label"] = {"2017": 0, "2018": 1}, {"2017": "2017", "2018": "2018"}
    meta = test_hent.metadata("07459", json.loads(json.dumps(doc)))  # it widens a copy
    t = Transport({"07459/metadata": ssb.HttpResponse(200, meta),
                   "07459/data": ssb.HttpResponse(200, json.dumps(doc).encode())})
    c = fetch.collect(data, "ssb", client=client(t))
    (u,) = [u for _, u in t.calls if "/tables/07459/data" in u]
    assert "1640" in u.split("valueCodes[Region]=")[1].split("&")[0].split(",")
    rows = [r for r in c.updates["folketall.csv"].rows if r["kommunenummer"] == "5025"
            and r["aar"] in ("2016", "2017")]
    r, r2017 = sorted(rows, key=lambda r: r["aar"])
    assert r["aar"] == "2016" and r["folketall"] == "5572"
    assert r2017["kilde"].startswith("HØP")  # not 1640's figure of 1.1.2018
    assert "tallet for 2017 er hentet under tidligere kommunenummer 1640 (nummeret gjaldt " \
           "til og med 2017)" in r["kilde"]
    assert not [r for r in c.updates["folketall.csv"].rows if r["kommunenummer"] == "1640"]


def test_population_changes_before_the_2018_change_come_from_the_old_number(data):
    """01222 too: Røros's quarters of 2017 are under 1640 (codes and periods of the fixture
    renamed; constructed figures). The query asks for 1640, and the year lands on 5025 in
    befolkning_endringer.csv with 1640 in the kilde. Without history the two quarters were
    missing for a renumbered municipality (every year before 2024 for the 115 of 2024)."""
    doc = _region_codes(json.loads(response("01222")), "Region", {"5025": "1640"})
    tid = doc["dimension"]["Tid"]["category"]
    tid["index"], tid["label"] = {"2017K1": 0, "2017K2": 1}, {"2017K1": "2017K1",
                                                              "2017K2": "2017K2"}
    meta = test_hent.metadata("01222", json.loads(json.dumps(doc)))
    t = Transport({"01222/metadata": ssb.HttpResponse(200, meta),
                   "01222/data": ssb.HttpResponse(200, json.dumps(doc).encode())})
    c = fetch.collect(data, "ssb", client=client(t))
    (u,) = [u for _, u in t.calls if "/tables/01222/data" in u]
    assert u.split("valueCodes[Region]=")[1].split("&")[0].split(",") == ["5025", "1640"]
    rows = {r["komponent"]: r for r in c.updates["befolkning_endringer.csv"].rows
            if r["kommunenummer"] == "5025" and r["aar"] == "2017"}
    assert rows["folketall_start"]["til_kvartal"] == "2"
    # the fixture's figures (its 2023 half-year, moved to 2017): 5 598 at the start
    assert rows["folketall_start"]["verdi"] == "5598"
    assert rows["fodte"]["kilde"].endswith(
        "tallet for 2017K2 er hentet under tidligere kommunenummer 1640 (nummeret gjaldt til "
        "og med 2017)")
    assert not [r for r in c.updates["befolkning_endringer.csv"].rows
                if r["kommunenummer"] == "1640"]
