"""The registries: each data file, report and public source is declared once, and the lists
that used to repeat them (hop validate's inputs, the workbook's sheets, hop hent's files and
choices, the warm-up, the documentation table) are derived from the declarations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.data.inputs import INPUTS, ReportInputs, describe
from helpers.data.specs import GRUPPE, NY, WORKBOOK, all_specs
from helpers.ingest.sources import fetch
from helpers.ingest.sources.registry import all_sources, source_for_file
from helpers.ingest.workbook.catalogue import PUBLIC_FILES, SHEETS, own_sheets
from helpers.pack.catalogue import (
    DATA_FILES_DOC,
    available_reports,
    data_files_markdown,
    report_inputs,
    report_packages,
)

ROOT = Path(__file__).resolve().parents[3]


def test_every_declared_file_says_what_fills_it_and_what_it_holds():
    sources = set(all_sources())
    for stem, spec in all_specs().items():
        assert spec.source in sources | {NY, WORKBOOK, GRUPPE}, stem
        assert spec.holds and "csv" not in spec.holds, stem  # council text names no files
    assert INPUTS["kostra"].fylles_av == "hop hent ssb"
    assert INPUTS["klima_utslipp"].fylles_av == "hop hent miljo"
    assert INPUTS["kommuner"].fylles_av == INPUTS["kontoplan_art_5_6"].fylles_av == "hop ny"
    # A group folder's set is written by the many-municipality fetch, not by hop ny.
    assert INPUTS["gruppe"].fylles_av == "hop hent --kommuner SPEC --gruppe MAPPE"
    assert INPUTS["regnskap"].innhold == "regnskapet hittil i år fra økonomisystemet"
    assert describe("okonomiplan") == (
        "okonomiplan.csv – økonomiplanens sentrale inntekter, utgifter, finansposter og "
        "avsetninger (fylles av «hop importer grunnlag.xlsx»)")


def test_the_workbook_sheets_are_the_files_the_workbook_fills():
    specs = all_specs()
    by_workbook = {stem for stem, spec in specs.items() if spec.source == WORKBOOK}
    with_sheet = {stem for stem, spec in specs.items() if spec.sheet is not None}
    assert with_sheet == by_workbook
    assert [s.stem for s, _spec in own_sheets()] == [s.stem for s in SHEETS]
    assert {s.stem for s in SHEETS} == by_workbook
    orders = [specs[s.stem].sheet.order for s in SHEETS]
    assert orders == sorted(set(orders))  # unique, and the workbook follows them
    assert SHEETS[0].title == "Økonomiplan" and SHEETS[-1].title == "Investering finansiering"
    assert len(SHEETS) == 27
    assert set(PUBLIC_FILES) == {spec.name for stem, spec in specs.items()
                                 if stem not in by_workbook}
    assert "kostra_utgiftsbehov.csv" not in PUBLIC_FILES  # typed from Grønt hefte


def test_every_report_reads_declared_files_and_has_a_notebook():
    specs = all_specs()
    declared = report_inputs()
    assert list(declared) == list(available_reports())  # appendix order
    assert list(declared)[:2] == ["oppstillinger", "handlingsregler"]
    assert len(declared) == len(report_packages())  # a package per notebook
    for name, needs in declared.items():
        assert isinstance(needs, ReportInputs) and needs.report == name
        assert needs.trenger, name
        assert set(needs.files) <= set(specs), name
        assert set(needs.kommunens) <= set(needs.trenger), name
    assert declared["klimabudsjett"].trenger == (
        "klima_utslipp", "klima_tiltak", "klima_tiltak_reduksjon", "klima_mal")
    assert declared["tertial"].kommunens == ("regnskap", "budsjett")


def test_every_public_source_writes_files_declared_as_its_own():
    specs = {spec.name: spec for spec in all_specs().values()}
    sources = all_sources()
    assert list(sources) == ["ssb", "miljo"]
    for name, source in sources.items():
        assert source.files, name
        for file in source.files:
            assert specs[file].source == name, file
    assert sources["ssb"].files == ("kostra.csv", "folketall.csv",
                                    "befolkning_framskrivning.csv", "befolkning_endringer.csv")
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    miljo = fixtures / "hent" / "utslippsstatistikk_alle_kommuner.xlsx"
    assert source_for_file(miljo).name == "miljo"  # by its sheet, not its suffix
    assert source_for_file(Path("12362-response.json")).name == "ssb"
    assert source_for_file(Path("12362.csv")).name == "ssb"


def test_hent_takes_key_and_header_from_the_declarations():
    assert fetch.file_format("kostra.csv") == (
        ("kommunenummer", "aar", "indikator", "dimensjon"), "verdi",
        ["kommunenummer", "aar", "indikator", "dimensjon", "verdi", "enhet", "kilde"])
    assert fetch.file_format("folketall.csv") == (
        ("kommunenummer", "aar"), "folketall",
        ["kommunenummer", "aar", "folketall", "datatype", "kilde"])
    assert fetch.file_format("befolkning_endringer.csv")[:2] == (
        ("kommunenummer", "aar", "komponent"), "verdi")


def test_hent_offers_the_registered_sources():
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "hent", "--help"],
                       capture_output=True, text=True, cwd=ROOT)
    assert "{ssb,miljo,alt}" in r.stdout, r.stdout + r.stderr


def test_the_warm_up_imports_every_report():
    code = ("import sys; from helpers.pack.engine import warm_up; warm_up(); "
            "from helpers.pack.catalogue import report_packages; "
            "print(all(p in sys.modules for p in report_packages()))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip().endswith("True"), r.stdout + r.stderr


def test_the_data_file_documentation_is_generated_from_the_declarations():
    text = data_files_markdown()
    assert DATA_FILES_DOC.read_text(encoding="utf-8") == text, (
        "docs/bruk/datafiler.md er ikke oppdatert: kjør python scripts/generate_docs.py")
    row = next(line for line in text.splitlines() if line.startswith("| `okonomiplan.csv`"))
    assert "`belop`: 1000 kr; regnskapets fortegn: inntekt negativ, utgift positiv; bruk av " \
           "fond negativ" in row
    assert "`hop importer grunnlag.xlsx` (arket «Økonomiplan»)" in row
    assert "trengs av oppstillinger, handlingsregler, finans, investering" in row
    kostra = next(line for line in text.splitlines() if line.startswith("| `kostra.csv`"))
    assert "`hop hent ssb`" in kostra
    assert len([line for line in text.splitlines() if line.startswith("| `")]) == len(
        all_specs())
