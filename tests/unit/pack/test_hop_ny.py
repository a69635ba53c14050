"""issue 21: ``hop ny`` makes a complete, documented data folder; ``hop validate`` lists what
is still missing; a report without its data is a «mangler data» page, never a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hopcli import hop

from helpers.data.inputs import missing_inputs
from helpers.data.specs import all_specs
from helpers.pack.catalogue import report_inputs

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"




def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_hop_ny_writes_every_file_the_loader_requires(tmp_path):
    folder = tmp_path / "tynset"
    r = hop("ny", "3427", "--mappe", str(folder))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    kommuner = rows(folder / "kommuner.csv")
    assert [(k["kommunenummer"], k["navn"], k["type"]) for k in kommuner] == [
        ("3427", "Tynset", "kommune"), ("EAKUO", "Landet uten Oslo", "kommunegruppe")]
    assert all(k["kilde"] for k in kommuner)
    assert "KLASS 131" in kommuner[0]["kilde"]
    # Tynset's KOSTRA group is not in the list: said so, and no peers are made up
    assert "KOSTRA-gruppen til Tynset står ikke i kommunelisten" in r.stdout
    for stem, spec in all_specs().items():
        path = folder / spec.name
        if stem == "kontoplan_art_5_6":  # national reference data: the project's copy
            assert path.read_bytes() == (DATA / spec.name).read_bytes()
            continue
        if spec.optional:
            assert not path.exists(), spec.name  # optional: absent, as in the project data
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].split(",") == list(spec.columns), spec.name
        if stem != "kommuner":
            assert len(lines) == 1, f"{spec.name} skal bare ha overskriften"
    from openpyxl import load_workbook

    wb = load_workbook(folder / "grunnlag.xlsx")  # the own figures' workbook, empty
    assert "Les meg" in wb.sheetnames and len(wb.sheetnames) > 10
    readme = (folder / "LES-MEG.md").read_text(encoding="utf-8")
    for command in ("hop hent ssb", "hop hent miljo", "hop importer grunnlag.xlsx",
                    "hop validate", "Hent offentlige tall", "Grunnlagsarbeidsboken"):
        assert command in readme
    assert "`klima_utslipp.csv`" in readme.split("hop importer grunnlag.xlsx`")[0]
    assert (folder / "parametre.yaml").read_text(encoding="utf-8").startswith(
        'kommune: "3427"')
    assert [p.name for p in tmp_path.iterdir()] == ["tynset"]  # nothing left beside it


def test_hop_ny_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "okonomiplan.csv").write_text("mine tall\n", encoding="utf-8")
    r = hop("ny", "Tynset", "--mappe", str(folder))
    assert r.returncode == 2
    assert "finnes og er ikke tom" in r.stdout and "ingenting blir overskrevet" in r.stdout
    assert [p.name for p in folder.iterdir()] == ["okonomiplan.csv"]
    assert (folder / "okonomiplan.csv").read_text(encoding="utf-8") == "mine tall\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    empty = tmp_path / "tom"
    empty.mkdir()
    assert hop("ny", "Tynset", "--mappe", str(empty)).returncode == 0  # an empty one is fine
    assert (empty / "kommuner.csv").exists()


def test_default_peers_are_from_the_kostra_group_with_the_group_and_landet_uten_oslo(tmp_path):
    from helpers.ingest import kommuneliste as kl

    folder = tmp_path / "roros"
    r = hop("ny", "Røros", "--mappe", str(folder))
    assert r.returncode == 0, r.stdout + r.stderr
    kommuner = rows(folder / "kommuner.csv")
    peers = [k["kommunenummer"] for k in kommuner if k["type"] == "kommune"][1:]
    group = {k.kommunenummer for k in kl.medlemmer("EKG11")} - {"5025"}
    assert peers and set(peers) <= group
    assert peers == ["1508"]  # Ålesund: the only other member of group 11 the list knows
    assert [k["kommunenummer"] for k in kommuner if k["type"] == "kommunegruppe"] == [
        "EKG11", "EAKUO"]
    assert all(k["kostragruppe"] == "EKG11" for k in kommuner if k["type"] == "kommune")
    assert "kjenner 2 av 10 kommuner i KOSTRA-gruppe 11" in r.stdout
    assert hop("ny", "5025", "--mappe", str(tmp_path / "ingen"), "--maks-sammenligning",
               "0").returncode == 0
    assert [k["kommunenummer"] for k in rows(tmp_path / "ingen" / "kommuner.csv")] == [
        "5025", "EKG11", "EAKUO"]


def test_given_peers_old_numbers_and_ambiguous_names(tmp_path):
    r = hop("ny", "3001", "--sammenligning", "Sarpsborg,3002", "--sammenligning", "Halden",
            "--mappe", str(tmp_path / "halden"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3001 er nå 3101 Halden" in r.stdout and "3002 er nå 3103 Moss" in r.stdout
    kommuner = rows(tmp_path / "halden" / "kommuner.csv")
    assert [k["kommunenummer"] for k in kommuner] == ["3101", "3105", "3103", "EAKUO"]
    assert "oppgitt med hop ny --sammenligning" in kommuner[1]["kilde"]
    r = hop("ny", "Herøy", "--mappe", str(tmp_path / "heroy"))
    assert r.returncode == 2
    assert "Herøy (Møre og Romsdal) (1515)" in r.stdout and "Herøy (Nordland) (1818)" in r.stdout
    assert not (tmp_path / "heroy").exists()
    r = hop("ny", "Tynset", "--sammenligning", "Atlantis", "--mappe", str(tmp_path / "x"))
    assert r.returncode == 2 and "«Atlantis»" in r.stdout and not (tmp_path / "x").exists()


def test_hop_validate_lists_the_missing_inputs_and_what_fills_each(tmp_path):
    folder = tmp_path / "tynset"
    assert hop("ny", "3427", "--mappe", str(folder)).returncode == 0
    r = hop("validate", "--data", str(folder))
    out = r.stdout
    assert r.returncode == 0, out + r.stderr  # no errors: the figures are missing, not wrong
    assert "Traceback" not in out and "ingen datarader" not in out
    ssb = out.split("Fylles av «hop hent ssb»:")[1].split("Fylles av")[0]
    assert "kostra.csv" in ssb and "folketall.csv" in ssb and "okonomiplan.csv" not in ssb
    miljo = out.split("Fylles av «hop hent miljo»:")[1].split("Fylles av")[0]
    assert "klima_utslipp.csv" in miljo
    own = out.split("Fylles av «hop importer grunnlag.xlsx»:")[1].split("Fylles av")[0]
    assert "okonomiplan.csv" in own and "handlingsregler.csv" in own
    assert "Kan ikke bygges ennå: kostra (mangler kostra.csv)" in out
    assert "Kan bygges nå" not in out
    # KOSTRA rows for Tynset, but only the uncorrected expenditure per service area that
    # hop hent ssb gives: the KOSTRA report can be built (with the uncorrected figures), and
    # validate says what would give corrected ones
    with (folder / "kostra.csv").open("a", encoding="utf-8") as f:
        f.write("3427,2022,netto_lanegjeld_pst,,67.7,%,test\n"
                "3427,2022,utgift_per_innb,Barnehager,11550,kr per innbygger,test\n")
    out = hop("validate", "--data", str(folder)).stdout
    uncorrected = "Merk: kostra bygges med ukorrigerte utgifter per tjenesteområde"
    assert "Kan bygges nå: kostra" in out
    assert "Kan ikke bygges ennå: kostra" not in out
    assert uncorrected in out
    assert "kostra_utgiftsbehov.csv (indikator utgiftsbehov_indeks" in out
    assert "Kan ikke bygges ennå: handlingsregler (mangler okonomiplan.csv" in out
    # an index for that year and area: corrected figures, no note
    (folder / "kostra_utgiftsbehov.csv").write_text(
        "kommunenummer,aar,indikator,dimensjon,verdi,enhet,kilde\n"
        "3427,2022,utgiftsbehov_indeks,Barnehager,104.2,indeks,test\n", encoding="utf-8")
    out = hop("validate", "--data", str(folder)).stdout
    assert "Kan bygges nå: kostra" in out
    assert uncorrected not in out
    # ... and so with a corrected figure alone, for any year or area
    (folder / "kostra_utgiftsbehov.csv").unlink()
    assert uncorrected in hop("validate", "--data", str(folder)).stdout
    with (folder / "kostra.csv").open("a", encoding="utf-8") as f:
        f.write("3427,2021,utgift_per_innb_korrigert,Totalt,70100,kr per innbygger,test\n")
    out = hop("validate", "--data", str(folder)).stdout
    assert "Kan bygges nå: kostra" in out and uncorrected not in out


def test_validate_checks_the_subjects_own_rows_as_build_does(data_copy):
    """A file with rows for other municipalities only does not make a report buildable for
    the folder's subject (the first municipality in kommuner.csv), as for hop build."""
    # Røros first: everything but the group overview (gruppe.csv) and the tertial report,
    # whose ledger is an invented example kept in eksempler/tertial (issue 28)
    kept_apart = {"oversikt", "tertial"}
    assert "Kan bygges nå: " + ", ".join(n for n in report_inputs()
                                         if n not in kept_apart) in hop(
        "validate", "--data", str(data_copy)).stdout
    path = data_copy / "kommuner.csv"
    header, *lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    tynset = [line for line in lines if line.startswith("3427,")]
    path.write_text(header + "".join(tynset + [x for x in lines if x not in tynset]),
                    encoding="utf-8")
    out = hop("validate", "--data", str(data_copy)).stdout
    assert ("Kan ikke bygges ennå: investering (mangler investering_prosjekter.csv, "
            "investering.csv)") in out
    assert ("Kan ikke bygges ennå: tertial (mangler regnskap.csv, budsjett.csv, "
            "ansvar_rammeomrade.csv, periodisering.csv, prognose.csv)") in out


def test_missing_inputs_on_the_project_data_and_per_municipality():
    found = missing_inputs(DATA, report_inputs().values())
    # data/ is one municipality's budget folder: the group overview's gruppe.csv and the
    # tertial ledger (an invented example, kept in eksempler/tertial since issue 28) are
    # missing
    tertial = ["regnskap", "budsjett", "ansvar_rammeomrade", "periodisering", "prognose"]
    assert found.missing == ["gruppe", *tertial]
    assert found.blocked == {"tertial": tertial, "oversikt": ["gruppe"]}
    assert found.buildable == [n for n in report_inputs() if n not in ("oversikt", "tertial")]
    tynset = missing_inputs(DATA, report_inputs().values(), kommunenummer="3427")
    # the project data have no investment programme or accounts for Tynset
    assert tynset.blocked["investering"] == ["investering_prosjekter", "investering"]
    assert tynset.blocked["tertial"] == ["regnskap", "budsjett", "ansvar_rammeomrade",
                                         "periodisering", "prognose"]
    assert "handlingsregler" in tynset.buildable and "kostra" in tynset.buildable


def test_an_empty_file_is_still_an_error_to_the_strict_loader(tmp_path):
    from conftest import problems_for

    folder = tmp_path / "tynset"
    assert hop("ny", "3427", "--mappe", str(folder)).returncode == 0
    assert any("kostra.csv: filen har ingen datarader" in p for p in problems_for(folder))
    from helpers.data import load_data

    data = load_data(folder, empty_as_missing=True)
    assert data["kostra"].empty and list(data["kostra"].columns)[:3] == [
        "kommunenummer", "aar", "indikator"]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() for p in PdfReader(path).pages)


@pytest.mark.slow
def test_a_report_without_its_data_is_a_mangler_data_page(tmp_path):
    folder = tmp_path / "tynset"
    out = tmp_path / "ut"
    assert hop("ny", "3427", "--mappe", str(folder)).returncode == 0
    r = hop("build", "kostra", "--data", str(folder), "--params",
            str(folder / "parametre.yaml"), "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert "kostra: mangler data" in r.stdout and "kostra.csv er tom" in r.stdout
    text = " ".join(_pdf_text(out / "kostra" / "kostra.pdf").split())
    assert "Denne rapporten er ikke laget ennå, fordi tallene den bygger på, mangler" in text
    assert "KOSTRA-tall fra SSB" in text
    assert "Tynset kommune" in text
    assert ".csv" not in text and "hop " not in text  # no file names or commands for the council
    notes = (out / "merknader.md").read_text(encoding="utf-8")
    assert "kostra.csv er tom eller finnes ikke (fylles av «hop hent ssb»)" in notes
    assert not (out / "vedlegg.pdf").exists()  # the council appendix holds no empty report


@pytest.mark.slow
def test_another_municipality_without_its_own_figures_gets_the_page_not_an_error(tmp_path):
    out = tmp_path / "ut"
    r = hop("build", "investering", "--set", "kommune=Tynset", "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "investering: mangler data" in r.stdout
    assert "investering_prosjekter.csv har ingen rader for kommunenummer 3427" in r.stdout
    text = " ".join(_pdf_text(out / "investering" / "investering.pdf").split())
    assert "investeringsprogrammets prosjekter" in text and "0,0" not in text


@pytest.mark.slow
def test_the_appendix_is_built_from_the_reports_that_have_data(data_copy, tmp_path):
    import json

    for name in ("klima_tiltak.csv", "klima_tiltak_reduksjon.csv"):  # header only
        path = data_copy / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n",
                        encoding="utf-8")
    out = tmp_path / "ut"
    for _ in range(2):  # built, then reused: the page stays out of the appendix both times
        r = hop("build", "befolkning", "klimabudsjett", "--data", str(data_copy),
                "--out", str(out))
        assert r.returncode == 0, r.stdout + r.stderr
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["vedlegg"]["rapporter"] == ["befolkning"]
        assert manifest["rapporter"]["klimabudsjett"]["mangler"] == [
            "klima_tiltak", "klima_tiltak_reduksjon"]
    assert "Mangler data: klimabudsjett" in hop(
        "build", "befolkning", "klimabudsjett", "--data", str(data_copy), "--out", str(out),
        "--force").stdout
    text = " ".join(_pdf_text(out / "vedlegg.pdf").split())
    assert "klimatiltakene i klimabudsjettet" not in text
    assert "klimatiltakene i klimabudsjettet" in " ".join(
        _pdf_text(out / "klimabudsjett" / "klimabudsjett.pdf").split())


def test_kostra_groups_from_a_klass_file_choose_the_peers(tmp_path):
    klass = ROOT / "tests" / "fixtures" / "klass" / "131-112-correspondsAt-utdrag.json"
    r = hop("ny", "Haram", "--kostragrupper", str(klass), "--mappe", str(tmp_path / "haram"))
    assert r.returncode == 0, r.stdout + r.stderr
    kommuner = rows(tmp_path / "haram" / "kommuner.csv")
    assert [(k["kommunenummer"], k["kostragruppe"]) for k in kommuner] == [
        ("1580", "EKG01"), ("EKG01", ""), ("EAKUO", "")]
    assert "131-112-correspondsAt-utdrag.json" in kommuner[0]["kilde"]
    assert "kjenner 1 av 40 kommuner i KOSTRA-gruppe 1" in r.stdout
    bad = tmp_path / "feil.json"
    bad.write_text('{"codes": []}', encoding="utf-8")
    r = hop("ny", "Haram", "--kostragrupper", str(bad), "--mappe", str(tmp_path / "x"))
    assert r.returncode == 2 and "forventet en korrespondanse fra KLASS" in r.stdout
    assert not (tmp_path / "x").exists()


def test_every_report_that_measures_against_the_rules_waits_for_them(data_copy):
    """Without rules the model cannot measure the plan (an IndexError before issue 21's
    check): the reports that use it get the «mangler data» page; the others build."""
    path = data_copy / "handlingsregler.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    found = missing_inputs(data_copy, report_inputs().values())
    assert found.missing == ["handlingsregler", "gruppe", "regnskap", "budsjett",
                             "ansvar_rammeomrade", "periodisering", "prognose"]
    assert set(found.blocked) == {"handlingsregler", "finans", "investering", "tertial",
                                  "alternativer", "oppstillinger", "oversikt"}
    assert found.buildable == ["kostra", "klimabudsjett", "befolkning"]


def test_every_data_file_and_every_report_says_what_fills_it_and_what_it_needs():
    from helpers.data.inputs import INPUTS
    from helpers.pack.catalogue import available_reports

    specs = all_specs()
    assert set(INPUTS) == set(specs)
    declared = report_inputs()
    assert set(declared) == set(available_reports())
    for report, wants in declared.items():
        assert set(wants.files) <= set(specs), report
        assert set(wants.kommunens) <= set(wants.trenger), report


def test_kostra_is_built_uncorrected_and_rebuilt_when_corrected_figures_arrive(tmp_path):
    """With SSB's uncorrected figures only (table 12362), the KOSTRA report is built with
    them and says so; a corrected figure in kostra.csv makes it stale."""
    folder, out = tmp_path / "tynset", tmp_path / "ut"
    fixture = ROOT / "tests" / "fixtures" / "hent" / "12362-response.json"
    assert hop("ny", "3427", "--mappe", str(folder), "--sammenligning", "5025").returncode == 0
    r = hop("hent", "ssb", "--data", str(folder), "--fra-fil", str(fixture))
    assert r.returncode == 0, r.stdout + r.stderr
    r = hop("build", "kostra", "--data", str(folder), "--params",
            str(folder / "parametre.yaml"), "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "mangler data" not in r.stdout and "✓ kostra" in r.stdout
    html = (out / "kostra" / "kostra.html").read_text(encoding="utf-8")
    assert "ukorrigert (ikke korrigert for utgiftsbehov)" in html
    notes = (out / "merknader.md").read_text(encoding="utf-8")
    assert "`data/kostra_utgiftsbehov.csv`" in notes and "`utgift_per_innb_korrigert`" in notes
    dry = ("build", "kostra", "--data", str(folder), "--params", str(folder / "parametre.yaml"),
           "--out", str(out), "--dry-run")
    assert "Uendret, gjenbrukes: kostra" in hop(*dry).stdout  # nothing changed yet
    with (folder / "kostra.csv").open("a", encoding="utf-8") as f:
        f.write("3427,2022,utgift_per_innb_korrigert,Barnehager,11550,kr per innbygger,test\n")
    assert "kostra: datafilen kostra.csv er endret" in hop(*dry).stdout
