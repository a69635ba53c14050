"""issue 21, end to end: a new municipality (Tynset, 3427) from nothing to a built appendix,
through the commands a user runs and nothing else.

``hop ny`` makes the folder; ``hop hent --fra-fil`` fills the public files from the SSB and
Miljødirektoratet answers in ``fixtures/hent/`` through the real decoder; the own figures
are Røros' example exported with ``hop eksporter``, re-keyed to 3427 in the workbook's
cells (openpyxl) and read back with ``hop importer``; then ``hop validate`` and ``hop
build``. The test writes no CSV file: every CSV in the folder is written by a command.

What the fixtures cannot give: the KOSTRA report prefers expenditure per service area
*corrected* for utgiftsbehov, and ``hop hent ssb`` fetches only the uncorrected figures
(table 12362); the index per service area comes from the inntektssystem, not from SSB
(``docs/bruk/hent.md``), and Røros' example workbook has the total index only. So
for a new municipality the KOSTRA report compares the uncorrected figures and says so, and
the test asserts exactly that.
"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_report, tool_missing
from hopcli import hop

from helpers.pack.catalogue import available_reports

pytestmark = pytest.mark.slow

FIX = ROOT / "tests" / "fixtures" / "hent"
SSB_FILES = ("12143-response.json", "12137-response.json", "12362-response.json",
             "07459-response.json", "07459-3427-response.json", "14288-3427-response.json",
             "01222-3427-response.json")
MILJO_FILE = "utslippsstatistikk_alle_kommuner.xlsx"
# Every report of the municipality's budget case can be built from public + workbook
# sources (KOSTRA uncorrected, see the module docstring); the overview of a group needs a
# group folder's gruppe.csv, which a municipality's own folder does not have; the tertial
# report needs the year's ledger (regnskap.csv and its companions, from «hop hovedbok» or
# the workbook's ledger sheets), which Røros' budget example in data/ does not hold (the
# invented ledger is an example of its own, eksempler/tertial).
LEDGER = ["regnskap", "budsjett", "ansvar_rammeomrade", "periodisering", "prognose"]
NOT_BUILDABLE: dict[str, list[str]] = {"tertial": LEDGER, "oversikt": ["gruppe"]}




def ok(r: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert r.returncode == 0, f"{r.args}\n{r.stdout}\n{r.stderr}"
    return r


def csv_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.csv")}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def jsonstat_value(path: Path, **codes: str) -> float:
    """One cell of a JSON-stat2 answer, found by its codes (row-major, last id fastest)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    flat = 0
    for dim_id, size in zip(doc["id"], doc["size"], strict=True):
        flat = flat * size + doc["dimension"][dim_id]["category"]["index"][codes[dim_id]]
    return doc["value"][flat]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The whole walk-through once: {"dir", "out", "validate", "build", "written"}."""
    base = tmp_path_factory.mktemp("ny_kommune")
    folder, out = base / "tynset", base / "out"
    ok(hop("ny", "3427", "--mappe", str(folder), "--sammenligning", "5025", cwd=base))
    written: dict[str, set[str]] = {}  # which command wrote which CSV file

    def run(step: str, *args: str) -> subprocess.CompletedProcess:
        before = csv_files(folder)
        r = ok(hop(*args, cwd=base))
        after = csv_files(folder)
        written[step] = {n for n in after if before.get(n) != after[n]}
        return r

    for name in SSB_FILES:
        run(f"hent {name}", "hent", "ssb", "--data", str(folder), "--fra-fil",
            str(FIX / name))
    run("hent miljo", "hent", "miljo", "--data", str(folder), "--fra-fil",
        str(FIX / MILJO_FILE))

    # The own figures: Røros' example as a workbook, every cell 5025 made 3427 (also the
    # lists the validation uses), saved as the folder's grunnlag.xlsx. Only cells change.
    import openpyxl

    example = base / "roros.xlsx"
    ok(hop("eksporter", "--data", str(ROOT / "data"), str(example), cwd=base))
    wb = openpyxl.load_workbook(example)
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in ("5025", 5025):
                    cell.value = "3427" if isinstance(cell.value, str) else 3427
                    changed += 1
    assert changed > 1000  # every sheet's rows are keyed by kommunenummer
    wb.save(folder / "grunnlag.xlsx")
    run("importer", "importer", str(folder / "grunnlag.xlsx"), "--data", str(folder))

    validate = ok(hop("validate", "--data", str(folder), cwd=base))
    build = hop("build", "--data", str(folder), "--params", str(folder / "parametre.yaml"),
                "--out", str(out), "--jobs", "1", cwd=base)
    return {"dir": folder, "out": out, "validate": validate, "build": build,
            "written": written}


def test_every_csv_file_was_written_by_a_command(walk):
    folder, written = walk["dir"], walk["written"]
    assert set().union(*written.values()) >= {
        "kostra.csv", "folketall.csv", "befolkning_endringer.csv",
        "befolkning_framskrivning.csv", "klima_utslipp.csv", "okonomiplan.csv",
        "finans_rammer.csv", "investering.csv"}
    assert "klima_utslipp.csv" in written["hent miljo"]
    assert "kostra.csv" in written["hent 12143-response.json"]
    assert "folketall.csv" in written["hent 07459-3427-response.json"]
    assert "okonomiplan.csv" in written["importer"]
    # the own figures are Tynset's only: the import left no row for Røros
    for name in ("okonomiplan.csv", "finans_rammer.csv", "investering_prosjekter.csv",
                 "handlingsregler.csv"):
        numbers = {r["kommunenummer"] for r in rows(folder / name)}
        assert numbers == {"3427"}, name
    # no command made up a ledger: the budget workbook has none
    assert not any((folder / f"{stem}.csv").exists() for stem in LEDGER)


def test_validate_notes_only_the_kostra_correction(walk):
    out = walk["validate"].stdout
    assert "er gyldige" in out
    # no required input is missing any more, but the group overview's gruppe.csv and the
    # tertial report's ledger
    assert f"Mangler {1 + len(LEDGER)} inndata" in out and "gruppe.csv" in out
    assert sorted(line for line in out.splitlines()
                  if line.startswith("Kan ikke bygges ennå")) == [
        "Kan ikke bygges ennå: oversikt (mangler gruppe.csv)",
        "Kan ikke bygges ennå: tertial (mangler "
        + ", ".join(f"{s}.csv" for s in LEDGER) + ")"]
    assert "Merk: kostra bygges med ukorrigerte utgifter per tjenesteområde" in out
    can = next(line for line in out.splitlines() if line.startswith("Kan bygges nå: "))
    assert set(can.removeprefix("Kan bygges nå: ").split(", ")) == (
        set(available_reports()) - set(NOT_BUILDABLE))


def test_build_succeeds_and_every_report_has_content(walk):
    build = walk["build"]
    assert build.returncode == 0, build.stdout + build.stderr
    manifest = json.loads((walk["out"] / "manifest.json").read_text(encoding="utf-8"))
    reports = manifest["rapporter"]
    assert set(reports) == set(available_reports())
    assert {n: r["mangler"] for n, r in reports.items() if r["mangler"]} == NOT_BUILDABLE
    assert manifest["siste_bygging"].get("feilet", []) == []
    # The appendix is the budget case's document: its reports, all built. The other cases'
    # documents are not made, each with its reason: no ledger, no alternative budgets (a
    # new folder has no alternativer/*.yaml; the report itself builds), no group.
    budget_case = {n for n, info in available_reports().items() if info.case == "hop"}
    assert sorted(manifest["vedlegg"]["rapporter"]) == sorted(
        budget_case - set(NOT_BUILDABLE))
    assert set(manifest["dokumenter"]) == {"hop"}
    assert {line.split()[0] for line in manifest["ikke_laget"]} == {
        "tertialrapport.pdf", "alternativer.pdf", "oversikt.pdf"}
    for name in set(available_reports()) - set(NOT_BUILDABLE):
        assert (walk["out"] / name / f"{name}.pdf").stat().st_size > 0, name
    # the kostra report says why its figures are uncorrected, in words for the council
    page = (walk["out"] / "kostra" / "kostra.html").read_text(encoding="utf-8")
    assert "indeks for beregnet utgiftsbehov per tjenesteområde for Tynset" in page
    assert "kostra_utgiftsbehov.csv" not in page
    notes = (walk["out"] / "merknader.md").read_text(encoding="utf-8")
    assert "`data/kostra_utgiftsbehov.csv`" in notes and "`utgift_per_innb_korrigert`" in notes


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils mangler")
def test_kostra_shows_ssbs_uncorrected_figure_and_says_so(walk):
    from helpers.presentation.formatting import fmt_number

    # Tynset's net operating expenditure per innbygger on barnehage (FGK7) in 2022, as the
    # answer from SSB table 12362 has it
    value = jsonstat_value(FIX / "12362-response.json", KOKkommuneregion0000="3427",
                           KOKfunksjon0000="FGK7", KOKart0000="AGD2",
                           ContentsCode="KOSbelopinnbygge0000", Tid="2022")
    shown = " ".join(fmt_number(value).split())
    assert value >= 1000 and shown == f"{int(value) // 1000} {int(value) % 1000:03d}"
    text = " ".join(pdf_text(walk["out"] / "kostra" / "kostra.pdf").split())
    assert f"Barnehage {shown} " in text
    assert ("Netto driftsutgifter per innbygger i 2022, ukorrigert (ikke korrigert for "
            "utgiftsbehov).") in text
    assert "Tallene er ikke korrigert for utgiftsbehov." in text
    assert "korrigert for utgiftsbehov allerede i kilden" not in text
    (row,) = [r for r in rows(walk["out"] / "nokkeltall.csv")
              if (r["rapport"], r["nokkel"], r["kommune"], r["dimensjon"])
              == ("kostra", "utgift_per_innb", "Tynset", "Barnehage")]
    assert float(row["verdi"]) == value
    assert not [r for r in rows(walk["out"] / "nokkeltall.csv")
                if r["rapport"] == "kostra" and r["nokkel"].endswith("_korrigert")]


@pytest.mark.skipif(tool_missing("pdfinfo") or tool_missing("pdftotext"),
                    reason="poppler-utils mangler")
def test_appendix_is_tynsets(walk):
    out = walk["out"]
    info = subprocess.run(["pdfinfo", str(out / "vedlegg.pdf")], capture_output=True,
                          text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages > 10
    for name in set(available_reports()) - set(NOT_BUILDABLE):
        text = pdf_text(out / name / f"{name}.pdf")
        first = next(line.strip() for line in text.splitlines() if line.strip())
        assert first.startswith("Tynset kommune · "), (name, first)
        assert "Røros kommune ·" not in text, name


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils mangler")
def test_a_public_figure_from_the_ssb_answer_reaches_pdf_and_key_figures(walk):
    # Tynset's netto lånegjeld 2022 in % of brutto driftsinntekter, as SSB's answer has it
    value = jsonstat_value(FIX / "12143-response.json", KOKkommuneregion0000="3427",
                           KOKartkap0000="KG31", ContentsCode="KOSbelopbrinv0000", Tid="2022")
    shown = f"{value:.1f}".replace(".", ",") + " %"
    text = " ".join(pdf_text(walk["out"] / "handlingsregler" / "handlingsregler.pdf").split())
    assert f"Netto lånegjeld var {shown} av brutto driftsinntekter i 2022" in text
    (row,) = [r for r in rows(walk["out"] / "nokkeltall.csv")
              if (r["rapport"], r["nokkel"], r["kommune"], r["aar"])
              == ("handlingsregler", "netto_lanegjeld_pst", "Tynset", "2022")]
    assert float(row["verdi"]) == value


def test_own_figures_give_the_same_statement_as_rorose_default_build(walk, tmp_path):
    """§ 5-4 (bevilgningsoversikt drift) from the re-keyed workbook equals Røros' own: the
    same plan figures, only the kommunenummer changed."""
    _, roros = build_report("oppstillinger", tmp_path / "roros")

    def statement(path: Path, kommune: str) -> dict[tuple[str, str], float]:
        return {(r["aar"], r["dimensjon"]): float(r["verdi"]) for r in rows(path)
                if r["nokkel"] == "paragraf_5_4_1" and r["kommune"] == kommune}

    tynset = statement(walk["out"] / "oppstillinger" / "nokkeltall.csv", "Tynset")
    expected = statement(roros / "nokkeltall.csv", "Røros")
    assert tynset == expected
    assert tynset[("2024", "Sum generelle driftsinntekter")] > 0
    # the same sum straight from the imported plan: tax, rammetilskudd, property tax and the
    # other general income (income is negative in okonomiplan.csv)
    plan = [r for r in rows(walk["dir"] / "okonomiplan.csv")
            if r["aar"] == "2024" and r["tabell"] == "sentrale_inntekter"]
    assert len(plan) == 4
    general = -sum(float(r["belop"]) for r in plan)
    assert tynset[("2024", "Sum generelle driftsinntekter")] == pytest.approx(general)


def test_no_test_wrote_a_csv_file(walk):
    """Every CSV file in the folder is the output of ``hop ny``, ``hop hent`` or ``hop
    importer``; the copy of the project's reference file is the one ``hop ny`` made."""
    folder = walk["dir"]
    from_commands = set().union(*walk["written"].values())
    made_by_ny = {p.name for p in folder.glob("*.csv")} - from_commands
    # what hop ny writes and nothing later changed: the municipality list, the national
    # chart of accounts and the header-only files nothing filled (optional ones)
    assert {"kommuner.csv", "kontoplan_art_5_6.csv"} <= made_by_ny
    for name in made_by_ny - {"kommuner.csv", "kontoplan_art_5_6.csv"}:
        assert rows(folder / name) == [], name
