"""``hop hent``: SSB and Miljødirektoratet into the data folder, without network.

The responses in ``fixtures/hent/`` have the exact shape of SSB's JSON-stat2 (modelled on the
real recorded response in ``fixtures/ssb/``) with constructed figures; see the README there.
Every HTTP call goes through a fake transport.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

# The fake SSB and Miljødirektoratet (test_ssb_real.py imports them from here too).
from hent_fake import FIX, XLSX, Transport, client, metadata, response  # noqa: F401

from helpers.ingest.sources import fetch, miljo, ssb
from helpers.ingest.sources.jsonstat import SsbError
from helpers.pack.commands import hent

ROOT = Path(__file__).resolve().parents[3]
FILES = ("kommuner.csv", "kostra.csv", "folketall.csv", "befolkning_endringer.csv",
         "befolkning_framskrivning.csv", "klima_utslipp.csv")


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in FILES:
        shutil.copyfile(ROOT / "data" / name, folder / name)
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def find(path: Path, **key) -> list[dict[str, str]]:
    return [r for r in rows(path) if all(r[k] == v for k, v in key.items())]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fetch_all(data, transport=None, **kw):
    transport = transport or Transport()
    collected = fetch.collect(data, "alt", client=client(transport), miljo_transport=transport,
                              **kw)
    fetch.apply(collected, data)
    return collected, transport


# -- KOSTRA ---------------------------------------------------------------------------------


def test_roros_2022_lands_in_the_right_row_and_column_of_kostra_csv(data):
    before = find(data / "kostra.csv", kommunenummer="5025", aar="2022",
                  indikator="netto_lanegjeld_pst")
    assert [r["verdi"] for r in before] == ["104.7"]  # typed from the HØP
    fetch_all(data)
    kostra = data / "kostra.csv"
    (pst,) = find(kostra, kommunenummer="5025", aar="2022", indikator="netto_lanegjeld_pst")
    assert (pst["verdi"], pst["enhet"]) == ("105.1", "%")
    assert "SSB tabell 12143" in pst["kilde"] and "KOKartkap0000=KG31" in pst["kilde"]
    assert "ContentsCode=KOSbelopbrinv0000" in pst["kilde"]
    assert "kilder/ssb/12143-" in pst["kilde"]
    # The amount of the same concept, in the other ContentsCode, is a separate indicator.
    (kr,) = find(kostra, kommunenummer="5025", aar="2022", indikator="netto_lanegjeld")
    assert (kr["verdi"], kr["enhet"]) == ("719900", "1000 kr")
    # Tynset 2022 netto driftsresultat is 1.1 (not Røros' −0.3, not 2021's 2.4).
    (nd,) = find(kostra, kommunenummer="3427", aar="2022", indikator="netto_driftsresultat_pst")
    assert nd["verdi"] == "1.1"
    (grp,) = find(kostra, kommunenummer="EKG11", aar="2021", indikator="disposisjonsfond_pst")
    assert grp["verdi"] == "9.8"
    # 12137: per innbygger.
    (fi,) = find(kostra, kommunenummer="5025", aar="2022", indikator="frie_inntekter_per_innb")
    assert (fi["verdi"], fi["enhet"]) == ("68190", "kr per innbygger")
    assert "SSB tabell 12137" in fi["kilde"] and "KOSbelopprinnb0000" in fi["kilde"]
    # A figure the fetch does not cover stays as typed.
    (sl,) = find(kostra, kommunenummer="5025", aar="2022", indikator="salgs_leieinntekter_pst")
    assert sl["verdi"] == "15.9" and sl["kilde"].startswith("HØP")


def test_status_symbols_become_missing_never_zero(data):
    kostra = data / "kostra.csv"
    key = {"kommunenummer": "3427", "aar": "2021", "indikator": "disposisjonsfond_pst"}
    (typed,) = find(kostra, **key)
    fetch_all(data)
    # «..» for Tynset's disposisjonsfond 2021: the HØP figure stays, not replaced by 0.
    assert find(kostra, **key) == [typed] and typed["kilde"].startswith("HØP")
    assert find(kostra, kommunenummer="3427", aar="2021", indikator="disposisjonsfond") == []
    # «.» (not applicable) for the group's amounts: no rows at all.
    assert find(kostra, kommunenummer="EKG11", indikator="netto_lanegjeld") == []
    assert all(r["verdi"] not in ("0", "0.0") for r in rows(kostra)
               if "SSB tabell" in r["kilde"])


def test_12362_service_areas_per_innbygger(data):
    fetch_all(data)
    kostra = data / "kostra.csv"
    got = {r["dimensjon"]: r["verdi"] for r in
           find(kostra, kommunenummer="5025", aar="2022", indikator="utgift_per_innb")}
    assert got["Grunnskole"] == str(round(17000 * 1.04))
    assert got["Adm. styring og fellesutgifter"] == str(round(900 * 1.04) + round(5200 * 1.04)
                                                        + round(400 * 1.04))
    tynset = {r["dimensjon"] for r in
              find(kostra, kommunenummer="3427", aar="2022", indikator="utgift_per_innb")}
    assert "Barnevern" not in tynset and "Grunnskole" in tynset  # «:» → no figure
    # The HØP's corrected figures stay as typed.
    assert find(kostra, kommunenummer="5025", aar="2022", indikator="utgift_per_innb_korrigert",
                dimensjon="Grunnskole")[0]["kilde"].startswith("HØP")


def test_queries_are_recorded_with_url_and_raw_response(data):
    collected, transport = fetch_all(data, years=[2021, 2022])
    urls = [u for _, u in transport.calls]
    (u12143,) = [u for u in urls if "/tables/12143/data" in u]
    assert "valueCodes[KOKkommuneregion0000]=5025,3427,5021,5027,3430,5026,EKG11" in u12143
    assert "valueCodes[KOKartkap0000]=*&" in u12143
    assert "valueCodes[Tid]=2021,2022" in u12143
    # The metadata says 01222 (this fixture) has only 2023K1–K2: no data query, and why.
    assert not [u for u in urls if "/tables/01222/data" in u]
    (why,) = [f for f in collected.failures if "01222" in f]
    assert "ingen av periodene 2021K1, 2021K2" in why and "2023K1–2023K2" in why
    raw = sorted((data / "kilder" / "ssb").glob("12143-*.json"))
    body = [p for p in raw if not p.name.endswith((".query.json", "-metadata.json"))]
    assert [p for p in raw if p.name.endswith("-metadata.json")]  # the metadata is kept too
    assert body[0].read_bytes() == response("12143")
    query = json.loads(next(p for p in raw if p.name.endswith(".query.json")).read_text())
    assert query["kall"][0]["url"] == u12143 and query["kall"][0]["method"] == "GET"


def test_default_years_use_top_expression(data):
    _, transport = fetch_all(data)
    (u,) = [u for _, u in transport.calls if "/tables/12137/data" in u]
    assert "valueCodes[Tid]=top(5)" in u


# -- Population ------------------------------------------------------------------------------


def test_07459_sums_ages_and_sexes_and_gives_31_december(data):
    doc = json.loads(response("07459"))
    collected, _ = fetch_all(data)
    (r2022,) = find(data / "folketall.csv", kommunenummer="5025", aar="2022")
    # 1.1.2023 (Tid 2023) is 31.12.2022; the constructed ages sum to today's 5 598.
    assert r2022["folketall"] == "5598" and "Tid=2023" in r2022["kilde"]
    tid = doc["id"].index("Tid")
    assert tid == len(doc["id"]) - 1
    per_year = [sum(doc["value"][i::2]) for i in range(2)]
    assert per_year == [5572, 5598]
    assert collected.updates["folketall.csv"].changes == []  # same figures, only kilde changes


def test_07459_one_missing_age_drops_the_year(data):
    doc = json.loads(response("07459"))
    doc["value"][1] = None  # Tid 2023, menn, alder 000
    doc["status"] = {"1": ":"}
    transport = Transport({"07459": ssb.HttpResponse(200, json.dumps(doc).encode())})
    collected = fetch.collect(data, "ssb", client=client(transport))
    new = [c for c in collected.updates["folketall.csv"].changes]
    assert new == []
    fetch.apply(collected, data)
    (r2022,) = find(data / "folketall.csv", kommunenummer="5025", aar="2022")
    assert r2022["kilde"].startswith("HØP")  # not replaced by a partial sum
    (r2021,) = find(data / "folketall.csv", kommunenummer="5025", aar="2021")
    assert "07459" in r2021["kilde"]


def test_14288_main_alternative_in_the_files_age_groups(data):
    doc = json.loads(response("14288"))
    ages = list(doc["dimension"]["Alder"]["category"]["index"])
    n_age, n_tid = len(ages), 2
    old90 = sum(doc["value"][(k * n_age + a) * n_tid + 0]
                for k in range(2) for a in range(n_age) if int(ages[a][:3]) >= 90)
    fetch_all(data)
    path = data / "befolkning_framskrivning.csv"
    new = find(path, alternativ="hovedalternativ", aar="2024")
    assert [r["aldersgruppe"] for r in new] == ["0", "1-5", "6-15", "16-19", "20-66", "67-79",
                                                 "80-89", "90+"]
    assert sum(int(r["verdi"]) for r in new) == 5640
    (g90,) = [r for r in new if r["aldersgruppe"] == "90+"]
    assert int(g90["verdi"]) == old90 and g90["alder_til"] == ""
    assert len(find(path, alternativ="sterk_aldring")) == 88  # the HØP's alternative stays


def test_01222_quarters_summed_into_the_year(data):
    collected, _ = fetch_all(data)
    path = data / "befolkning_endringer.csv"
    got = {r["komponent"]: (r["verdi"], r["til_kvartal"]) for r in
           find(path, kommunenummer="5025", aar="2023")}
    assert got["fodte"] == ("22", "2")            # 10 + 12
    assert got["folketall_start"] == ("5598", "2")  # 1. kvartal's start
    assert got["folketall_slutt"] == ("5655", "2")  # 2. kvartal's end
    assert got["innflytting_innenlands"] == ("163", "2")
    assert collected.updates["befolkning_endringer.csv"].changes == []


# -- Miljødirektoratet ----------------------------------------------------------------------


def test_miljo_workbook_summed_per_sector(data):
    t = Transport()
    collected = fetch.collect(data, "miljo", miljo_transport=t)
    assert t.headers[0]["User-Agent"] == ssb.USER_AGENT
    fetch.apply(collected, data)
    path = data / "klima_utslipp.csv"
    (jb,) = find(path, kommunenummer="5025", aar="2021", sektor="Jordbruk")
    assert jb["verdi"] == "10506.4" and "Miljødirektoratet" in jb["kilde"]  # CH4 + N2O
    (ef,) = find(path, kommunenummer="5025", aar="2021", sektor="Energiforsyning")
    assert ef["verdi"] == "0.0" and "Miljødirektoratet" in ef["kilde"]  # a real zero
    (sj,) = find(path, kommunenummer="5025", aar="2021", sektor="Sjøfart")
    assert sj["kilde"].startswith("HØP")  # empty cell: the old figure is not overwritten
    assert find(path, kommunenummer="5025", aar="2021", sektor="Totalt") == []
    assert find(path, kommunenummer="0301") == []
    assert any("Skog og arealbruk" in n for n in collected.notes)


def test_miljo_http_error_in_bokmal():
    t = Transport({"miljo": ssb.HttpResponse(404, b"")})
    with pytest.raises(SsbError, match="HTTP 404.*--fra-fil"):
        miljo.download(t, sleep=lambda s: None)
    assert [u for _, u in t.calls] == [miljo.URL, *miljo.ALTERNATIVE_URLS]  # both addresses
    t = Transport({"miljo": ssb.HttpResponse(403, b"")})
    with pytest.raises(SsbError, match="HTTP 403"):
        miljo.download(t, sleep=lambda s: None)
    assert len(t.calls) == 1


def test_miljo_moved_file_found_at_the_other_address():
    class Moved(Transport):
        def __call__(self, method, url, *, headers, body, timeout):
            self.calls.append((method, url))
            if url == miljo.URL:
                return ssb.HttpResponse(404, b"")
            return ssb.HttpResponse(200, XLSX.read_bytes())
    raw, url = miljo.download(Moved(), sleep=lambda s: None)
    assert raw == XLSX.read_bytes() and url == miljo.ALTERNATIVE_URLS[0]


def test_miljo_missing_sheet_in_bokmal(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Noe annet"
    p = tmp_path / "x.xlsx"
    wb.save(p)
    with pytest.raises(SsbError, match="arket «Oversikt - detaljert» finnes ikke"):
        miljo.parse(p.read_bytes(), ["5025"], None, "k")


# -- Failure never replaces good data ---------------------------------------------------------


@pytest.mark.parametrize("failure, message", [
    (ssb.HttpResponse(503, b""), "HTTP 503"),
    (ssb.HttpResponse(400, b'{"type":"Parameter error","title":"Non-existent value",'
                           b'"status":400}'), "ukjent kode"),
    (ConnectionError("Name or service not known"), "får ikke kontakt med SSB"),
    (ssb.HttpResponse(200, response("12137")[:500]), "avkortet"),
])
def test_one_table_failing_among_six_the_others_are_imported(data, failure, message, capsys):
    """12137 fails; 12143, 12362, 07459, the projection and 01222 are imported, 12137's
    figures in kostra.csv stay as they were, and the exit code says not everything worked."""
    kostra = data / "kostra.csv"
    before_12137 = find(kostra, kommunenummer="5025", aar="2022",
                        indikator="frie_inntekter_per_innb")
    transport = Transport({"12137/data": failure})
    hent.client_factory = lambda: client(transport)
    hent.miljo_transport = transport
    try:
        code = hent.run(args(data))
    finally:
        hent.client_factory, hent.miljo_transport = ssb.SsbClient, None
    err = capsys.readouterr().err
    assert code == 1 and message in err and "ikke hentet — SSB-tabell 12137" in err
    assert find(kostra, kommunenummer="5025", aar="2022",
                indikator="frie_inntekter_per_innb") == before_12137
    (pst,) = find(kostra, kommunenummer="5025", aar="2022", indikator="netto_lanegjeld_pst")
    assert pst["verdi"] == "105.1" and "SSB tabell 12143" in pst["kilde"]  # written
    assert not list((data / "kilder" / "ssb").glob("12137-*"))  # no partial raw file
    assert list((data / "kilder" / "ssb").glob("12362-*.json"))


def args(data, *extra):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd")
    hent.add_parser(sub, argparse.HelpFormatter)
    return parser.parse_args(["hent", "--data", str(data), *extra])


def test_dry_run_names_the_changed_figure_and_writes_nothing(data, capsys):
    before = snapshot(data)
    transport = Transport()
    hent.client_factory = lambda: client(transport)
    hent.miljo_transport = transport
    try:
        code = hent.run(args(data, "--dry-run"))
    finally:
        hent.client_factory, hent.miljo_transport = ssb.SsbClient, None
    out = capsys.readouterr().out
    assert code == 0
    assert "endret  5025 2022 netto_lanegjeld_pst: 104,7 → 105,1" in out
    assert "fjernet 5025 2021 Totalt: 22\u00a0122,5" in out
    assert "folketall.csv: 0 endret, 0 nye, 0 fjernet, 2 uendret" in out
    assert snapshot(data) == before


def test_changed_structure_dimension_missing(data):
    doc = json.loads(response("12143"))
    doc["id"][1] = "KOKartkap0001"
    doc["dimension"]["KOKartkap0001"] = doc["dimension"].pop("KOKartkap0000")
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    c = fetch.collect(data, "ssb", client=client(t))
    (why,) = c.failures
    assert re.search("12143.*endret struktur.*«KOKartkap0000» finnes ikke", why)


def test_changed_meaning_of_a_code_is_caught(data):
    doc = json.loads(response("12143"))
    doc["dimension"]["KOKartkap0000"]["category"]["label"]["KG31"] = "Bundne driftsfond"
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    (why,) = fetch.collect(data, "ssb", client=client(t)).failures
    assert re.search("koden «KG31».*heter nå «Bundne driftsfond»", why)


def test_disposisjonsfond_is_found_by_its_label_whatever_its_code(data):
    doc = json.loads(response("12143"))
    cat = doc["dimension"]["KOKartkap0000"]["category"]
    cat["index"] = {("KG21" if k == "56" else k): v for k, v in cat["index"].items()}
    cat["label"] = {("KG21" if k == "56" else k): v for k, v in cat["label"].items()}
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    fetch.apply(fetch.collect(data, "ssb", client=client(t)), data)
    (r,) = find(data / "kostra.csv", kommunenummer="EKG11", aar="2022",
                indikator="disposisjonsfond_pst")
    assert r["verdi"] == "10.1" and "KOKartkap0000=KG21" in r["kilde"]


def test_no_disposisjonsfond_label_is_a_changed_structure(data):
    doc = json.loads(response("12143"))
    doc["dimension"]["KOKartkap0000"]["category"]["label"]["56"] = "Bundne driftsfond"
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    c = fetch.collect(data, "ssb", client=client(t))
    # One doubtful code costs only that line: the rest of 12143 and the other tables come in.
    assert c.failures == []
    (note,) = [n for n in c.notes if "disposisjonsfond ble ikke hentet" in n]
    assert "ingen kode i «KOKartkap0000» har en tekst som begynner med «disposisjonsfond" in note
    new = {(r["kommunenummer"], r["aar"], r["indikator"]) for r in c.updates["kostra.csv"].rows
           if "SSB tabell 12143" in r["kilde"]}
    assert ("5025", "2022", "netto_lanegjeld_pst") in new
    assert not [k for k in new if k[2].startswith("disposisjonsfond")]


# -- --fra-fil -------------------------------------------------------------------------------


def test_fra_fil_gives_the_same_csv_as_the_api(tmp_path, data):
    api = tmp_path / "api"
    shutil.copytree(data, api)
    fetch_all(api)
    for table in ("12143", "12137", "12362", "07459", "14288", "01222"):
        saved = tmp_path / f"lagret-{table}.json"  # no table number in the name
        saved.write_bytes(response(table))
        c = fetch.collect(data, "ssb", from_file=saved)
        fetch.apply(c, data)
    fetch.apply(fetch.collect(data, "miljo", from_file=XLSX), data)

    def strip(path):
        return [{k: v for k, v in r.items() if k != "kilde"} for r in rows(path)]
    for name in FILES:
        assert strip(data / name) == strip(api / name), name
    (r,) = find(data / "kostra.csv", kommunenummer="5025", aar="2022",
                indikator="netto_lanegjeld_pst")
    assert "SSB tabell 12143" in r["kilde"] and "lest fra fil" in r["kilde"]


def test_fra_fil_without_the_folders_municipalities_says_so(data):
    """A file saved for another municipality (Tynset's projection, Røros' folder) adds no
    rows, and the terminal says which regions the file lacks instead of a silent «0 nye»."""
    before = (data / "befolkning_framskrivning.csv").read_bytes()
    c = fetch.collect(data, "ssb", from_file=FIX / "14288-3427-response.json")
    assert any("har ingen tall for 5025 fra kommuner.csv; ingen av dem" in n for n in c.notes)
    fetch.apply(c, data)
    assert (data / "befolkning_framskrivning.csv").read_bytes() == before
    # the whole file for the folder's regions: no such note
    c = fetch.collect(data, "ssb", from_file=FIX / "14288-response.json")
    assert not [n for n in c.notes if "har ingen tall for" in n]


def test_fra_fil_unknown_table_in_bokmal(tmp_path, data):
    doc = json.loads((ROOT / "tests" / "fixtures" / "ssb" /
                      "07221-v0-post-response-jsonstat2.json").read_text())
    p = tmp_path / "x.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(SsbError, match="tabell «07221» er ikke en av tabellene"):
        fetch.collect(data, "ssb", from_file=p)


def cells_12143():
    """(region, art, contents, tid, value-as-SSB-writes-it, labels) from the JSON fixture."""
    doc = json.loads(response("12143"))
    import itertools
    dims = [list(doc["dimension"][d]["category"]["index"]) for d in doc["id"]]
    labels = [doc["dimension"][d]["category"]["label"] for d in doc["id"]]
    out = []
    for i, combo in enumerate(itertools.product(*dims)):
        v = doc["value"][i]
        out.append((*combo, doc["status"].get(str(i), "") if v is None else v, labels))
    return out


def kostra_without_kilde(path):
    return [{k: v for k, v in r.items() if k != "kilde"} for r in rows(path)]


def test_fra_fil_csv_wide_and_long_give_the_same_rows_as_json(tmp_path, data):
    ref = tmp_path / "ref"
    shutil.copytree(data, ref)
    j = tmp_path / "a.json"
    j.write_bytes(response("12143"))
    fetch.apply(fetch.collect(ref, "ssb", from_file=j), ref)
    cells = cells_12143()
    # Wide, «kode - tekst», semicolon, Latin-1, title line (UseCodesAndTexts, IncludeTitle).
    lab = cells[0][-1]
    heads = [(c, t) for c in ("KOSbelopbrinv0000", "KOSbelop0000") for t in ("2021", "2022")]
    lines = ['"12143: Finansielle nøkkeltall (K)"',
             ";".join(['"region"', '"regnskapsbegrep"'] +
                      [f'"{c} - {lab[2][c]} {t} - {t}"' for c, t in heads])]
    by = {(r, a, c, t): v for r, a, c, t, v, _ in cells}
    for r in lab[0]:
        for a in lab[1]:
            vals = [str(by[(r, a, c, t)]) for c, t in heads]
            lines.append(";".join([f'"{r} - {lab[0][r]}"', f'"{a} - {lab[1][a]}"'] + vals))
    wide = tmp_path / "12143-bred.csv"
    wide.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    w = tmp_path / "w"
    shutil.copytree(data, w)
    fetch.apply(fetch.collect(w, "ssb", from_file=wide), w)
    assert kostra_without_kilde(w / "kostra.csv") == kostra_without_kilde(ref / "kostra.csv")
    # Long, codes only, comma (UseCodes, every variable in the stub).
    long_lines = ["KOKkommuneregion0000,KOKartkap0000,ContentsCode,Tid,value"]
    long_lines += [f"{r},{a},{c},{t},{v}" for r, a, c, t, v, _ in cells]
    long = tmp_path / "lang.csv"
    long.write_text("\n".join(long_lines) + "\n", encoding="utf-8")
    lg = tmp_path / "lg"
    shutil.copytree(data, lg)
    fetch.apply(fetch.collect(lg, "ssb", from_file=long, table="12143"), lg)
    assert kostra_without_kilde(lg / "kostra.csv") == kostra_without_kilde(ref / "kostra.csv")
    (r,) = find(lg / "kostra.csv", kommunenummer="5025", aar="2022",
                indikator="netto_lanegjeld_pst")
    assert r["verdi"] == "105.1" and "lest fra fil" in r["kilde"]


def test_fra_fil_csv_with_texts_only_in_bokmal(tmp_path, data):
    c = tmp_path / "12143-tekst.csv"
    c.write_text('"region";"regnskapsbegrep";"Andel 2022"\n"Røros";"Netto lånegjeld";105.1\n',
                 encoding="utf-8")
    with pytest.raises(SsbError, match="har ikke kodene for"):
        fetch.collect(data, "ssb", from_file=c)
    nameless = tmp_path / "tabell.csv"
    nameless.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(SsbError, match="Oppgi tabellen med --tabell"):
        fetch.collect(data, "ssb", from_file=nameless)


def test_parse_years():
    assert hent.parse_years(["2019-2021", "2023"]) == [2019, 2020, 2021, 2023]
    assert hent.parse_years(None) is None
    with pytest.raises(SsbError, match="baklengs"):
        hent.parse_years(["2022-2019"])


def test_429_with_retry_after_waits_and_then_writes(data):
    sleeps: list[float] = []
    answers = {"n": 0}

    class Busy(Transport):
        def __call__(self, method, url, *, headers, body, timeout):
            if "/tables/12137/data" in url and answers["n"] == 0:
                answers["n"] += 1
                self.calls.append((method, url))
                return ssb.HttpResponse(429, b"", {"Retry-After": "7"})
            return super().__call__(method, url, headers=headers, body=body, timeout=timeout)

    t = Busy()
    c = ssb.SsbClient(transport=t, sleep=sleeps.append, max_retries=2)
    fetch.apply(fetch.collect(data, "ssb", client=c), data)
    assert 7.0 in sleeps
    assert len([u for _, u in t.calls if "/tables/12137/data" in u]) == 2
    (fi,) = find(data / "kostra.csv", kommunenummer="5025", aar="2022",
                 indikator="frie_inntekter_per_innb")
    assert "12137" in fi["kilde"]
    assert all(h["User-Agent"] == ssb.USER_AGENT for h in t.headers)  # a clear user agent


def test_missing_kommuner_csv_in_bokmal(tmp_path):
    with pytest.raises(SsbError, match="fant ikke .*kommuner.csv.*hop ny"):
        fetch.collect(tmp_path, "ssb", client=client(Transport()))


def test_miljo_missing_column_in_bokmal(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Oversikt - detaljert"
    ws.append(["Fylke", "Kommunenummer", "År", "Sektor", "Utslipp (kilotonn)"])
    p = tmp_path / "x.xlsx"
    wb.save(p)
    with pytest.raises(SsbError, match="kolonnen «Utslipp \\(tonn CO2-ekvivalenter\\)» mangler"):
        miljo.parse(p.read_bytes(), ["5025"], None, "k")


def test_code_missing_from_the_response_is_an_unknown_code(data):
    doc = json.loads(response("12143"))
    cat = doc["dimension"]["KOKartkap0000"]["category"]
    cat["index"] = {("KG3" if k == "KG31" else k): v for k, v in cat["index"].items()}
    cat["label"] = {("KG3" if k == "KG31" else k): v for k, v in cat["label"].items()}
    t = Transport({"12143": ssb.HttpResponse(200, json.dumps(doc).encode())})
    (why,) = fetch.collect(data, "ssb", client=client(t)).failures
    # All unknown codes at once, with what the table offers.
    assert "ukjente koder i «KOKartkap0000»: KG31 — tabellen har" in why
    assert "KG3 «" in why


def test_a_new_folder_with_only_kommuner_csv_for_tynset(tmp_path):
    folder = tmp_path / "tynset"
    folder.mkdir()
    (folder / "kommuner.csv").write_text(
        "kommunenummer,navn,type,kostragruppe,alias,kilde\n"
        "3427,Tynset,kommune,EKG11,,SSB\n5025,Røros,kommune,EKG11,,SSB\n"
        "EKG11,Kostragruppe 11,kommunegruppe,,,SSB\n", encoding="utf-8")
    t = Transport()
    fetch.apply(fetch.collect(folder, "alt", client=client(t), miljo_transport=t), folder)
    for name in FILES[1:]:
        assert (folder / name).exists(), name
    header = (folder / "kostra.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "kommunenummer,aar,indikator,dimensjon,verdi,enhet,kilde"
    (r,) = find(folder / "kostra.csv", kommunenummer="3427", aar="2022",
                indikator="netto_lanegjeld_pst")
    assert r["verdi"] == "67.7"
    # Population change and projection are asked for the subject (Tynset) only.
    (u,) = [u for _, u in t.calls if "/tables/01222/data" in u]
    assert "valueCodes[Region]=3427&" in u
    (m,) = find(folder / "klima_utslipp.csv", kommunenummer="3427", sektor="Veitrafikk")
    assert m["verdi"] == "9000.0"


def test_befolkning_report_uses_the_main_alternative_among_several(data):
    from helpers.reports.befolkning import population
    fetch_all(data)
    import pandas as pd
    proj = pd.read_csv(data / "befolkning_framskrivning.csv", dtype={"kommunenummer": str})
    assert set(proj["alternativ"]) == {"sterk_aldring", "hovedalternativ"}
    got = population.projection_long(proj, "5025")
    assert set(got["alternativ"]) == {"hovedalternativ"}
    assert int(got.loc[got["aar"] == 2024, "verdi"].sum()) == 5640
    assert set(population.projection_long(proj, "5025", "sterk_aldring")["alternativ"]) == {
        "sterk_aldring"}


def test_miljo_5xx_then_success_and_network_error():
    class Flaky(Transport):
        def __call__(self, method, url, *, headers, body, timeout):
            self.calls.append((method, url))
            if len(self.calls) == 1:
                return ssb.HttpResponse(503, b"")
            return ssb.HttpResponse(200, XLSX.read_bytes())
    waits: list[float] = []
    raw, _ = miljo.download(Flaky(), sleep=waits.append)
    assert raw == XLSX.read_bytes() and waits == [1.0]
    t = Transport({"miljo": ConnectionError("Name or service not known")})
    with pytest.raises(SsbError, match="får ikke kontakt med Miljødirektoratet"):
        miljo.download(t, sleep=lambda s: None, retries=1)
