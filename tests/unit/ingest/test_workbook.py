"""The own-figures workbook: ``hop eksporter`` and ``hop importer`` (issue 21)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers.data import DataError, load_data, validate_frame
from helpers.data.specs import all_specs
from helpers.ingest.workbook import WorkbookError, export_workbook, import_workbook, importing
from helpers.ingest.workbook.catalogue import (
    PUBLIC_FILES,
    SHEETS,
    is_public,
    own_sheets,
    unplaced,
)
from helpers.ingest.workbook.cells import cell_text, number_text

ROOT = Path(__file__).resolve().parents[3]
# issue 28: the example folder holds data/ and the tertial files the workbook has sheets for
DATA = ROOT / "eksempler" / "tertial"
OWN = [spec.name for _s, spec in own_sheets()]
OWN_PRESENT = [n for n in OWN if (DATA / n).exists()]
PUBLIC_PRESENT = [n for n in PUBLIC_FILES if (DATA / n).exists()]


def _copy(tmp_path: Path, name: str = "data") -> Path:
    dst = tmp_path / name
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("*.md"))
    return dst


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # no lock file left


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """Today's Røros data exported once."""
    path = tmp_path_factory.mktemp("wb") / "grunnlag.xlsx"
    export_workbook(DATA, path)
    return path


@pytest.fixture(scope="module")
def book(exported) -> openpyxl.Workbook:
    """The exported workbook opened once: read by the tests, edited only by :func:`_edit`,
    which puts every cell back."""
    return openpyxl.load_workbook(exported)


def _edit(book: openpyxl.Workbook, dst: Path, edits: dict[str, dict[str, object]]) -> Path:
    """``book`` with ``edits`` (sheet → cell → value) saved as ``dst``; ``book`` itself is
    left as it was."""
    old = []
    try:
        for sheet, cells in edits.items():
            for ref, value in cells.items():
                cell = book[sheet][ref]
                old.append((cell, cell.value, cell.data_type, cell.number_format))
                cell.value = value  # a date also gets a date format
        book.save(dst)
    finally:
        for cell, value, data_type, number_format in reversed(old):
            cell.value = value
            cell.data_type = data_type
            cell.number_format = number_format
    return dst


def _column_letter(ws, name: str) -> str:
    for cell in ws[1]:
        if str(cell.value).split(" (")[0] == name:
            return cell.column_letter
    raise AssertionError(f"fant ikke kolonnen {name} i {ws.title}")


# ---------------------------------------------------------------- which files


def test_own_and_public_files_split_every_spec():
    specs = {spec.name for spec in all_specs().values()}
    assert unplaced() == []  # a new data file must say what fills it
    assert set(OWN) | {n for n in specs if is_public(n)} == specs
    assert not {n for n in OWN if is_public(n)}
    assert is_public("kostra.csv") and not is_public("okonomiplan.csv")
    assert not is_public("kostra_utgiftsbehov.csv")  # named like KOSTRA, typed from Grønt hefte
    assert "kostra.csv" not in OWN and "kommuner.csv" not in OWN
    assert {"okonomiplan.csv", "finans_rammer.csv", "investering.csv", "handlingsregler.csv",
            "regnskap.csv", "klima_tiltak.csv"} <= set(OWN)


def test_sheet_titles_fit_excel_and_examples_are_valid_rows():
    titles = [s.title for s in SHEETS]
    assert len(set(titles)) == len(titles)
    specs = all_specs()
    for sheet in SHEETS:
        assert len(sheet.title) <= 31, sheet.title
        spec = specs[sheet.stem]
        assert set(sheet.example) <= set(spec.columns), sheet.stem
        row = pd.DataFrame([{k: (v or pd.NA) for k, v in sheet.example.items()}], dtype=object)
        validate_frame(spec, row)  # raises with the problem if the example is not a valid row


# ---------------------------------------------------------------- round trip


def test_round_trip_on_todays_data_is_byte_identical(tmp_path, exported):
    folder = _copy(tmp_path)
    for name in OWN_PRESENT:  # written afresh, not found equal and skipped
        (folder / name).unlink()
    public_before = {n: (folder / n).stat().st_mtime_ns for n in PUBLIC_PRESENT}
    result = import_workbook(exported, folder)
    for name in OWN_PRESENT:
        assert (folder / name).read_bytes() == (DATA / name).read_bytes(), name
    assert {f for _s, f, st in result.files if st == "ny"} == set(OWN_PRESENT)
    assert not (folder / "premieavvik.csv").exists()  # empty sheet: still missing
    assert {n: (folder / n).stat().st_mtime_ns for n in PUBLIC_PRESENT} == public_before
    assert not list(folder.glob(importing.STAGING_PREFIX + "*"))


def test_unchanged_workbook_changes_nothing(tmp_path, exported):
    folder = _copy(tmp_path)
    before = _snapshot(folder)
    result = import_workbook(exported, folder)
    assert result.count("uendret") == len(OWN_PRESENT)
    assert _snapshot(folder) == before


def test_text_with_commas_quotes_newlines_and_other_dialects_round_trip(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "kildemerknader.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][3] = 'Tabellen «A», kolonne "B";\nandre linje, med komma'
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    # a file saved from Norwegian Excel: semicolons, decimal comma, CRLF, byte-order mark
    (folder / "prognose.csv").write_bytes(
        "\ufeffkommunenummer;aar;tertial;rammeomrade;prognose_avvik;kommentar;kilde\r\n"
        "5025;2024;1;Oppvekst;-1250,5;Færre barn; mindre behov;Tertialrapport\r\n"
        "5025;2024;2;Oppvekst;0,25;;Tertialrapport\r\n".replace("Færre barn; mindre behov",
                                                             '"Færre barn; mindre behov"')
        .encode("utf-8"))
    before = {n: (folder / n).read_bytes() for n in ("kildemerknader.csv", "prognose.csv")}
    xlsx = tmp_path / "g.xlsx"
    export_workbook(folder, xlsx)
    for name in before:
        (folder / name).unlink()
    import_workbook(xlsx, folder)
    for name, raw in before.items():
        assert (folder / name).read_bytes() == raw, name
    assert load_data(folder)["prognose"]["prognose_avvik"].tolist() == [-1250.5, 0.25]


def test_number_cells_keep_their_decimals_and_never_lose_digits():
    assert number_text(13574.0, "#,##0.0") == "13574.0"
    assert number_text(0.0815, "#,##0.0000") == "0.0815"
    assert number_text(85.2, "General") == "85.2"
    assert number_text(12.345, "#,##0") == "12.345"  # shown as 12, written in full
    assert number_text(0.1 + 0.2, None) == "0.3"  # Excel's 15 digits
    assert number_text(-1250.5, "#,##0.0", ",") == "-1250,5"
    assert cell_text(1100, "General", "str") == "1100"  # a code typed as a number
    assert cell_text(None, "General", "float") == ""


# ---------------------------------------------------------------- errors


def test_wrong_cells_name_sheet_and_cell_and_write_nothing(tmp_path, book):
    folder = _copy(tmp_path)
    belop = _column_letter(book["Investering"], "belop")
    bad = _edit(book, tmp_path / "feil.xlsx", {
        "Investering": {f"{belop}7": "mye"},
        "Prognose": {"D3": "Ukjent område"},
        "Klimatiltak": {"F4": "Ukjent"},
    })
    before = _snapshot(folder)
    with pytest.raises(WorkbookError) as exc:
        import_workbook(bad, folder)
    text = exc.value.message()
    assert "ingen filer er skrevet" in text
    assert (f"Investering!{belop}7 (kolonne «belop»): verdien «mye» er ikke gyldig – "
            "forventet et tall") in text
    assert ("Prognose!D3 (kolonne «rammeomrade»): verdien «Ukjent område» er ikke gyldig – "
            "forventet et rammeområde som står i arket «Ansvar» (ansvar_rammeomrade.csv)"
            in text)
    assert "Klimatiltak!F4 (kolonne «rammeomraade»): verdien «Ukjent»" in text
    assert len(exc.value.errors) == 3
    assert _snapshot(folder) == before


def test_a_row_below_a_blank_row_is_named_by_its_sheet_row(tmp_path, exported):
    folder = _copy(tmp_path)
    wb = openpyxl.load_workbook(exported)
    ws = wb["Handlingsregler"]
    ws.insert_rows(3)  # a blank row 3: the CSV skips it, the message must not
    ws["D5"] = "ni"
    wb.save(tmp_path / "blank.xlsx")
    with pytest.raises(WorkbookError) as exc:
        import_workbook(tmp_path / "blank.xlsx", folder)
    assert [e.location() for e in exc.value.errors] == ["Handlingsregler!D5"]


def test_a_date_and_a_duplicate_key_are_explained(tmp_path, book):
    folder = _copy(tmp_path)
    bad = _edit(book, tmp_path / "dato.xlsx",
                {"Handlingsregler": {"B3": dt.datetime(2024, 5, 1)}})
    with pytest.raises(WorkbookError) as exc:
        import_workbook(bad, folder)
    assert "Handlingsregler!B3" in exc.value.message()
    assert "dato" in exc.value.message()
    na = _edit(book, tmp_path / "na.xlsx", {"Handlingsregler": {"I2": "#N/A"}})
    with pytest.raises(WorkbookError) as exc:
        import_workbook(na, folder)
    assert [str(e) for e in exc.value.errors] == [
        "Handlingsregler!I2 (kolonne «formulering»): cellen inneholder en feilverdi fra en "
        "formel (#N/A) – forventet tekst"]
    ws = book["Handlingsregler"]
    dup = _edit(book, tmp_path / "dup.xlsx",
                {"Handlingsregler": {"B3": ws["B2"].value}})
    with pytest.raises(WorkbookError) as exc:
        import_workbook(dup, folder)
    assert "Handlingsregler, rad 3" in exc.value.message()
    assert "tidligere rad" in exc.value.message()


def _with_stored_value(src: Path, dst: Path, formula: str, value: str) -> Path:
    """``src`` with the stored result ``value`` added to the cell holding ``formula``, as
    Excel saves a formula (openpyxl writes a formula without one)."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rf"<f>{re.escape(formula)}</f>\s*(<v\s*/>|<v>\s*</v>)?".encode(),
                              f"<f>{formula}</f><v>{value}</v>".encode(), data)
            zout.writestr(info, data)
    return dst


def test_a_formula_gives_its_stored_value_and_one_without_is_named(tmp_path, book):
    folder = _copy(tmp_path)
    bad = _edit(book, tmp_path / "formel.xlsx", {"Handlingsregler": {"D3": "=40*2"}})
    with pytest.raises(WorkbookError) as exc:
        import_workbook(bad, folder)
    assert [str(e) for e in exc.value.errors] == [
        "Handlingsregler!D3 (kolonne «terskel»): cellen har en formel uten lagret verdi – "
        "åpne arbeidsboken i Excel og lagre den, eller skriv inn verdien"]
    saved = _with_stored_value(bad, tmp_path / "lagret.xlsx", "40*2", "80")
    result = import_workbook(saved, folder)
    assert ("Handlingsregler", "handlingsregler.csv", "endret") in result.files
    assert (folder / "handlingsregler.csv").read_bytes() == \
        (DATA / "handlingsregler.csv").read_bytes().replace(b",90,%", b",80,%")


def test_cli_reports_errors_in_bokmal_and_exits_1(tmp_path, book):
    folder = _copy(tmp_path)
    bad = _edit(book, tmp_path / "feil.xlsx", {"Handlingsregler": {"D2": "ni"}})
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "importer", str(bad),
                        "--data", str(folder)], capture_output=True, text=True, env=env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Handlingsregler!D2 (kolonne «terskel»): verdien «ni» er ikke gyldig" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


# ---------------------------------------------------------------- the exported sheets


def _validations(ws, letter: str):
    return [dv for dv in ws.data_validations.dataValidation
            if any(str(rng).startswith(f"{letter}2:") for rng in dv.sqref.ranges)]


def _list_values(wb, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    rng = wb[sheet.strip("'")][cells.replace("$", "")]
    return [row[0].value for row in rng]


def test_validation_lists_and_number_validation_are_in_the_sheets(book):
    wb = book
    ws = wb["Prognose"]
    (ramme,) = _validations(ws, _column_letter(ws, "rammeomrade"))
    assert ramme.type == "list"
    assert {"Stab og støtte", "Oppvekst", "Helse og omsorg"} <= set(
        _list_values(wb, ramme.formula1))
    ws = wb["Økonomiplan"]
    (post,) = _validations(ws, _column_letter(ws, "post"))
    assert {"skatt_inntekt_formue", "rammetilskudd", "avdrag"} <= set(
        _list_values(wb, post.formula1))
    (datatype,) = _validations(ws, _column_letter(ws, "datatype"))
    assert datatype.errorStyle == "stop"
    assert "okonomiplan" in _list_values(wb, datatype.formula1)
    (belop,) = _validations(ws, _column_letter(ws, "belop"))
    assert (belop.type, belop.operator) == ("decimal", "between")
    (aar,) = _validations(ws, _column_letter(ws, "aar"))
    assert (aar.type, aar.formula1, aar.formula2) == ("whole", "1990", "2060")
    ws = wb["Periodisering"]
    (andel,) = _validations(ws, _column_letter(ws, "andel"))
    assert (andel.type, andel.formula1, andel.formula2) == ("decimal", "0", "1")
    assert ws.freeze_panes == "A2"


def test_headers_have_unit_sign_and_a_worked_example(book):
    wb = book
    ws = wb["Økonomiplan"]
    header = ws[f"{_column_letter(ws, 'belop')}1"]
    assert header.value.startswith("belop (1000 kr; regnskapets fortegn: inntekt negativ")
    assert "Eksempel: -181464" in header.comment.text
    assert "Et utfylt eksempel på en hel rad" in ws["A1"].comment.text
    assert ws.column_dimensions["A"].width >= 9
    # numbers are numbers, codes are text
    ws = wb["Regnskap"]
    art = ws[f"{_column_letter(ws, 'art')}2"]
    assert (art.value, art.data_type) == ("010", "s")
    assert isinstance(ws[f"{_column_letter(ws, 'belop')}2"].value, int)


def test_les_meg_sheet_explains_sheets_and_import(book):
    wb = book
    assert wb.sheetnames[0] == "Les meg"
    text = "\n".join(str(c.value) for row in wb["Les meg"].iter_rows() for c in row if c.value)
    assert "hop importer" in text and "1000 kr" in text and "inntekter negative" in text
    for sheet in SHEETS:
        assert sheet.title in text
    assert wb["Lister"].sheet_state == "hidden"


# ---------------------------------------------------------------- empty cells and sheets


def test_an_empty_cell_stays_missing_after_import(tmp_path, book):
    folder = _copy(tmp_path)
    ws = book["Investeringsprosjekter"]
    col = _column_letter(ws, "tidligere_bevilget")
    prosjekt = ws[f"{_column_letter(ws, 'prosjekt')}2"].value
    assert ws[f"{col}2"].value is not None
    edited = _edit(book, tmp_path / "tom.xlsx", {"Investeringsprosjekter": {f"{col}2": None}})
    import_workbook(edited, folder)
    df = load_data(folder)["investering_prosjekter"]
    value = df.loc[df["prosjekt"] == prosjekt, "tidligere_bevilget"].iloc[0]
    assert pd.isna(value)
    line = (folder / "investering_prosjekter.csv").read_text(encoding="utf-8").splitlines()[1]
    assert f",{prosjekt},," in line


def test_emptying_a_sheet_removes_the_file_and_keeps_the_previous(tmp_path, exported):
    folder = _copy(tmp_path)
    wb = openpyxl.load_workbook(exported)
    wb["Kildemerknader"].delete_rows(2, wb["Kildemerknader"].max_row)
    wb.save(tmp_path / "uten.xlsx")
    result = import_workbook(tmp_path / "uten.xlsx", folder)
    assert ("Kildemerknader", "kildemerknader.csv", "fjernet") in result.files
    assert not (folder / "kildemerknader.csv").exists()
    assert (folder / importing.BACKUP_DIR / "kildemerknader.csv").read_bytes() == \
        (DATA / "kildemerknader.csv").read_bytes()


def test_an_interrupted_swap_is_finished_by_the_next_import(tmp_path, book, monkeypatch):
    folder = _copy(tmp_path)
    ws = book["Handlingsregler"]
    edited = _edit(book, tmp_path / "ny.xlsx",
                   {"Handlingsregler": {f"{_column_letter(ws, 'terskel')}3": 85}})
    expected = (DATA / "handlingsregler.csv").read_bytes().replace(b",90,%", b",85,%")
    real = importing.os.replace

    def interrupted(src, dst):  # Ctrl-C at the swap into the data folder, nowhere else
        if Path(dst).parent == folder:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(importing.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_workbook(edited, folder)
    assert (folder / "handlingsregler.csv").read_bytes() == \
        (DATA / "handlingsregler.csv").read_bytes()  # not yet swapped
    monkeypatch.setattr(importing.os, "replace", real)
    assert importing.recover(folder)  # the journal is carried out
    assert (folder / "handlingsregler.csv").read_bytes() == expected
    assert not list(folder.glob(importing.STAGING_PREFIX + "*"))


# ---------------------------------------------------------------- the reports


@pytest.mark.slow
def test_key_figures_built_from_the_imported_folder_are_todays(tmp_path, exported):
    from helpers.pack.catalogue import available_reports
    from helpers.pack.runner import execute_one

    folder = _copy(tmp_path, "importert")
    for name in OWN_PRESENT:
        (folder / name).unlink()
    import_workbook(exported, folder)
    out: dict[str, dict[str, bytes]] = {}
    for label, data_dir in (("i_dag", DATA), ("importert", folder)):
        for report in ("handlingsregler", "investering"):
            # the notebook run writes the key figures; no PDF is needed to compare them
            result = execute_one(available_reports()[report], {}, tmp_path / label, data_dir)
            assert result.ok, result.error
            out.setdefault(label, {})[report] = (Path(result.tmp) / "nokkeltall.csv").read_bytes()
    assert out["importert"] == out["i_dag"]
    assert b"netto_lanegjeld_pst" in out["i_dag"]["handlingsregler"]


def test_dry_run_writes_nothing_and_a_deleted_sheet_leaves_its_file(tmp_path, exported):
    folder = _copy(tmp_path)
    wb = openpyxl.load_workbook(exported)
    ws = wb["Handlingsregler"]
    ws[f"{_column_letter(ws, 'terskel')}3"] = 85
    del wb["Klimamål"]
    wb.save(tmp_path / "endret.xlsx")
    before = _snapshot(folder)
    result = import_workbook(tmp_path / "endret.xlsx", folder, dry_run=True)
    assert ("Handlingsregler", "handlingsregler.csv", "endret") in result.files
    assert _snapshot(folder) == before
    result = import_workbook(tmp_path / "endret.xlsx", folder)
    assert ("Klimamål", "klima_mal.csv", "ikke i arbeidsboken") in result.files
    assert (folder / "klima_mal.csv").read_bytes() == (DATA / "klima_mal.csv").read_bytes()
    assert load_data(folder)["handlingsregler"].set_index("regel").loc[
        "netto_lanegjeld", "terskel"] == 85


def test_a_control_character_stops_the_export_with_file_line_and_column(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "prognose.csv"
    path.write_bytes(path.read_bytes().replace(b"Ingen vesentlige", b"Ingen\x01vesentlige", 1))
    target = tmp_path / "g.xlsx"
    with pytest.raises(DataError) as exc:
        export_workbook(folder, target)
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == ("prognose.csv", 2, "kommentar")
    assert "kontrolltegn" in str(problem)
    assert not target.exists()
