"""``hop hent --kommuner SPEC --gruppe MAPPE``: one fetch for a whole county, no network.

The answers are the recorded fixtures of ``fixtures/hent/`` behind the fake transport of
``tests/hent_fake.py``, which records every request.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import unquote

import pytest
from hent_fake import TABLES, CountyTransport, fetch_set, use_in_hent

from helpers.ingest import kommuneliste as kl
from helpers.ingest.sources import many, ssb
from helpers.pack import cli
from helpers.pack.commands import hent_many


@pytest.fixture
def transport():
    t = CountyTransport()
    restore = use_in_hent(t)
    yield t
    restore()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TRONDELAG = [k for k in kl.kommuner() if k.fylkesnummer == "50"]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """``hop hent --kommuner fylke:50``: Trøndelag's 38 municipalities in one fetch."""
    root = tmp_path_factory.mktemp("many") / "trondelag"
    code, t = fetch_set("fylke:50", root)
    return code, root, t


@pytest.mark.slow  # 38 hop ny folders (one workbook each): about 40 s
def test_a_county_is_fetched_with_one_query_per_table(county):
    code, root, t = county
    assert code == 0
    assert len(TRONDELAG) == 38
    assert sorted(t.data_requests()) == sorted(TABLES)  # one each, not 38 each
    assert sum("miljodirektoratet" in url for _, url in t.calls) == 1
    trondelag = {k.kommunenummer for k in TRONDELAG}
    # Every table asked for the whole county at once, the subject-only tables too.
    for table in TABLES:
        assert trondelag <= t.regions_asked(table), table
    # The comparison groups of the folders are in the KOSTRA tables' one query.
    assert {"EKG11", "EAKUO"} <= t.regions_asked("12143")


@pytest.mark.slow  # 38 hop ny folders (one workbook each): about 40 s
def test_each_municipality_gets_its_folder_and_the_raw_answers_are_kept_once(county):
    _, root, _ = county
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert folders == sorted([*(hent_many.folder_name(k) for k in TRONDELAG), "kilder",
                              "oversikt"])
    assert "5025-roros" in folders
    raws = sorted(p.name for p in (root / "kilder" / "ssb").glob("*.json")
                  if not p.name.endswith(("query.json", "metadata.json")))
    assert [r.split("-")[0] for r in raws] == sorted(TABLES)
    assert not (root / "5025-roros" / "kilder" / "ssb").exists()
    # Røros' folder is a hop ny folder: Røros, its KOSTRA group peer, EKG11, Landet uten Oslo.
    kommuner = [r["kommunenummer"] for r in rows(root / "5025-roros" / "kommuner.csv")]
    assert kommuner == ["5025", "1508", "EKG11", "EAKUO"]


@pytest.mark.slow  # 38 hop ny folders (one workbook each): about 40 s
def test_rorors_figures_land_in_its_folder_with_the_raw_file_one_level_up(county):
    _, root, _ = county
    folder = root / "5025-roros"
    # Fixture: Røros' netto driftsresultat 2022 in % of brutto driftsinntekter (12143).
    ndr = [r for r in rows(folder / "kostra.csv") if r["kommunenummer"] == "5025"
           and r["aar"] == "2022" and r["indikator"] == "netto_driftsresultat_pst"]
    assert len(ndr) == 1
    assert "rådata ../kilder/ssb/12143-" in ndr[0]["kilde"]
    assert (folder / ndr[0]["kilde"].split("rådata ")[1].split(".json")[0]
            ).with_suffix(".json").is_file()
    # Tynset (3427) is in the answer but in no Trøndelag folder.
    assert not [r for r in rows(folder / "kostra.csv") if r["kommunenummer"] == "3427"]
    # A municipality SSB gave no figures for: the header only, missing, never zero.
    assert rows(root / "5001-trondheim" / "folketall.csv") == []
    assert rows(root / "5001-trondheim" / "befolkning_framskrivning.csv") == []


@pytest.mark.slow  # 38 hop ny folders (one workbook each): about 40 s
def test_one_by_one_gives_the_same_files(county, tmp_path, transport):
    """Røros fetched alone (hop ny, then hop hent) gives the same rows as in the county.

    The fake transport answers with every region of the fixture whatever was asked (SSB
    answers with those asked), so the lone fetch is compared on Røros' own regions."""
    _, root, _ = county
    single = tmp_path / "roros"
    assert cli.main(["ny", "5025", "--mappe", str(single), "--uten-nett"]) == 0
    assert cli.main(["hent", "--data", str(single)]) == 0
    ours = {"5025", "1508", "EKG11", "EAKUO"}
    for name in ("kostra.csv", "folketall.csv", "befolkning_framskrivning.csv",
                 "befolkning_endringer.csv", "klima_utslipp.csv"):
        lines = (single / name).read_text(encoding="utf-8").splitlines()
        alone = [ln for ln in lines if ln.split(",")[0] in ours]
        together = (root / "5025-roros" / name).read_text(encoding="utf-8")
        assert together.replace("../kilder/", "kilder/").splitlines() == [lines[0], *alone]
        assert len(alone) > 1, name


@pytest.mark.slow  # 38 hop ny folders (one workbook each): about 40 s
def test_overview_folder_holds_the_set(county):
    _, root, _ = county
    ov = root / "oversikt"
    gruppe = rows(ov / "gruppe.csv")
    assert list(gruppe[0]) == ["knr", "navn", "fylke", "kostragruppe"]
    assert [g["knr"] for g in gruppe] == [k.kommunenummer for k in TRONDELAG]
    assert {"knr": "5025", "navn": "Røros - Rosse", "fylke": "Trøndelag",
            "kostragruppe": "EKG11"} in gruppe
    kommuner = [r["kommunenummer"] for r in rows(ov / "kommuner.csv")]
    assert kommuner[:38] == [k.kommunenummer for k in TRONDELAG]
    assert {"1508", "EKG11", "EAKUO"} <= set(kommuner[38:])
    kostra = rows(ov / "kostra.csv")
    assert {r["kommunenummer"] for r in kostra} == {"5025", "EKG11"}
    roros = {r["kilde"] for r in kostra if r["kommunenummer"] == "5025"}
    assert all("../kilder/" in k for k in roros)
    assert {r["kommunenummer"] for r in rows(ov / "folketall.csv")} == {"5025"}


def test_two_municipalities_one_query_per_table(tmp_path, transport):
    """Røros and Tynset (two counties): each table once for both, each folder its own."""
    root = tmp_path / "to"
    assert cli.main(["hent", "--kommuner", "5025,3427", "--gruppe", str(root),
                     "--uten-nett"]) == 0
    assert sorted(transport.data_requests()) == sorted(TABLES)
    assert {"5025", "3427"} <= transport.regions_asked("01222")
    tynset = rows(root / "3427-tynset" / "folketall.csv")
    assert tynset == [] or {r["kommunenummer"] for r in tynset} == {"3427"}
    roros = {r["kommunenummer"] for r in rows(root / "5025-roros" / "kostra.csv")}
    assert roros == {"5025", "EKG11"}  # not Tynset's figures, which are in the same answer
    assert {r["kommunenummer"] for r in rows(root / "3427-tynset" / "kostra.csv")} == {"3427"}
    assert [g["knr"] for g in rows(root / "oversikt" / "gruppe.csv")] == ["5025", "3427"]
    # The overview folder is a data folder the loader accepts, as each municipality's is.
    for folder in ("oversikt", "5025-roros", "3427-tynset"):
        assert cli.main(["validate", "--data", str(root / folder)]) == 0, folder


def test_the_sets(tmp_path):
    liste = kl.kommuner()
    assert [k.kommunenummer for k in hent_many.resolve("5025, Tynset", liste)] == [
        "5025", "3427"]
    assert len(hent_many.resolve("fylke:Trøndelag", liste)) == 38
    assert hent_many.resolve("fylke:50", liste) == hent_many.resolve("fylke:trondelag", liste)
    assert [k.kommunenummer for k in hent_many.resolve("kostragruppe:11", liste)] == [
        "1508", "5025"]
    assert len(hent_many.resolve("alle", liste)) == 357
    with pytest.raises(hent_many.ManyError, match="fylket «99»"):
        hent_many.resolve("fylke:99", liste)
    with pytest.raises(hent_many.ManyError, match="EKG05"):
        hent_many.resolve("kostragruppe:EKG05", liste)


def test_a_query_over_the_cell_limit_is_written_out_and_split():
    """The projection for every municipality (Alder=*, Tid=*) is over 800 000 cells: the
    expressions are written out from the metadata so the client can split on Region."""
    t = CountyTransport()
    client = ssb.SsbClient(transport=t, sleep=lambda s: None, max_retries=1, max_cells=5_000)
    wrapped = many.ExpandingClient(client)
    meta = wrapped.metadata("07459")
    sel = {"Region": [k.kommunenummer for k in TRONDELAG], "Kjonn": ["1", "2"],
           "Alder": ["*"], "ContentsCode": ["Personer1"], "Tid": ["top(1)"]}
    wrapped.fetch("07459", sel)
    ages = len(meta.dims["Alder"])
    per_region = 2 * ages * 1
    assert wrapped.requests == -(-38 // (5_000 // per_region)) > 1
    sent = [unquote(u) + (b or b"").decode()
            for (_, u), b in zip(t.calls, t.bodies, strict=True) if "/data?" in u]
    assert not any("top(" in q or "*" in q for q in sent)  # written out in codes
    first, *_, newest = list(meta.dims["Tid"])  # top(1): the newest period only
    assert all(newest in q.split("Tid")[-1] and first not in q.split("Tid")[-1] for q in sent)
    # Under the limit the query goes as it is: one request with the expressions.
    t.calls.clear()
    small = many.ExpandingClient(ssb.SsbClient(transport=t, sleep=lambda s: None))
    small.metadata("07459")
    small.fetch("07459", {**sel, "Region": ["5025"]})
    assert small.requests == 1
    assert "top(1)" in unquote(t.calls[-1][1])


def test_kommuner_needs_a_group_folder(capsys):
    assert cli.main(["hent", "--kommuner", "fylke:50"]) == 2
    assert "--gruppe" in capsys.readouterr().err
