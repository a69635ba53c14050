"""nokkeltall.xlsx holds the same rows and values as nokkeltall.csv, typed and documented."""

from __future__ import annotations

import math
import shutil
import time

import pandas as pd
import pytest
from conftest import DATA_DIR
from openpyxl import load_workbook

from helpers.data.nokkeltall_keys import describe, parse_key_table
from helpers.pack.nokkeltall_xlsx import write_key_figures_xlsx
from helpers.pack.runner import BuildResult, collect_outputs
from helpers.presentation.nokkeltall import COLUMNS, key_figure_frame, neutralise_formula


def _same(xlsx_rows: list[list], csv_rows: list[list]) -> bool:
    """Equal rows; numbers equal to Excel's precision (openpyxl writes 16 significant
    digits, Excel keeps 15), everything else exactly, with types."""
    assert len(xlsx_rows) == len(csv_rows)
    for a, b in zip(xlsx_rows, csv_rows, strict=True):
        assert [type(v) for v in a] == [type(v) for v in b], (a, b)
        for x, y in zip(a, b, strict=True):
            assert (math.isclose(x, y, rel_tol=1e-15) if isinstance(y, float) else x == y), \
                (a, b)
    return True


def _rows(ws) -> list[list]:
    """Data rows; a whole number in «verdi» is read back as int (Excel has one number
    type), so it is compared as float."""
    j = COLUMNS.index("verdi")
    return [[("" if v is None else float(v) if i == j and isinstance(v, int) else v)
             for i, v in enumerate(row)]
            for row in ws.iter_rows(min_row=2, values_only=True)]


def _guarded(rows: list[list]) -> list[list]:
    """Workbook rows with the CSV's formula guard applied, to compare with the CSV."""
    return [[neutralise_formula(v) if isinstance(v, str) else v for v in row] for row in rows]


def _csv_rows(df: pd.DataFrame) -> list[list]:
    out = []
    for rec in df[COLUMNS].itertuples(index=False):
        row = []
        for v in rec:
            if isinstance(v, float) and math.isnan(v):
                row.append("")
            else:
                row.append(v)
        out.append(row)
    return out


def test_text_stays_text_numbers_are_numbers(tmp_path):
    df = key_figure_frame([
        {"rapport": "finans", "nokkel": "ramme", "kommune": "'+47", "aar": 2024,
         "dimensjon": "=HYPERLINK(\"http://x\")", "verdi": 1234.5, "enhet": "1000 kr"},
        {"rapport": "handlingsregler", "nokkel": "netto_lanegjeld_pst", "kommune": "Røros",
         "aar": 2022, "dimensjon": "", "verdi": 104.7, "enhet": "%",
         "grunnlag": "statistikk", "kilde": "KOSTRA (SSB)"},
        {"rapport": "handlingsregler", "nokkel": "disposisjonsfond_pst", "kommune": "Røros",
         "aar": 2022, "dimensjon": "", "verdi": float("nan"), "enhet": "%"},
    ])
    path = tmp_path / "nokkeltall.xlsx"
    write_key_figures_xlsx(df, path, order=["handlingsregler", "finans"])
    wb = load_workbook(path)
    assert wb.sheetnames == ["Alle", "handlingsregler", "finans", "Nøkler"]
    ws = wb["finans"]
    dim = ws.cell(row=2, column=COLUMNS.index("dimensjon") + 1)
    assert dim.value == '=HYPERLINK("http://x")' and dim.data_type == "s"
    kommune = ws.cell(row=2, column=COLUMNS.index("kommune") + 1)
    assert kommune.value == "+47" and kommune.data_type == "s"  # written guarded as '+47
    verdi = ws.cell(row=2, column=COLUMNS.index("verdi") + 1)
    assert verdi.value == 1234.5 and verdi.data_type == "n"
    assert verdi.number_format == "#,##0.0##"  # Norwegian Excel: 1 234,5
    aar = ws.cell(row=2, column=COLUMNS.index("aar") + 1)
    assert aar.value == 2024 and aar.number_format == "0"  # never «2 024»
    hr = wb["handlingsregler"]
    assert hr.cell(row=2, column=COLUMNS.index("verdi") + 1).number_format == '#,##0.0##" %"'
    assert hr.cell(row=3, column=COLUMNS.index("verdi") + 1).value is None  # a gap, not 0
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert [c.value for c in wb["Alle"][1]] == COLUMNS
    # what a value rests on, as text beside it
    assert hr.cell(row=2, column=COLUMNS.index("grunnlag") + 1).value == "statistikk"
    assert hr.cell(row=2, column=COLUMNS.index("kilde") + 1).value == "KOSTRA (SSB)"
    assert [c.value for c in wb["Nøkler"][1]] == ["rapport", "nokkel", "enhet", "grunnlag",
                                                  "dimensjon", "innhold og fortegn", "rader"]
    keys = {r[1]: r for r in wb["Nøkler"].iter_rows(min_row=2, values_only=True)}
    assert keys["ramme"][2] == "1000 kr"
    assert keys["netto_lanegjeld_pst"][3] == "statistikk"
    assert keys["ramme"][5] == describe("finans", "ramme").beskrivelse
    assert "rammeområde" in keys["ramme"][5]  # from the table in data/README.md
    assert keys["ramme"][6] == 1


@pytest.mark.slow
def test_build_level_xlsx_matches_the_csv(tmp_path, built_defaults):
    results = []
    for name, folder in built_defaults.items():
        (tmp_path / name).mkdir()
        shutil.copy(folder / "nokkeltall.csv", tmp_path / name / "nokkeltall.csv")
        results.append(BuildResult(name, ok=True))
    collect_outputs(tmp_path, results, DATA_DIR, time.perf_counter(), 0.0)
    csv = pd.read_csv(tmp_path / "nokkeltall.csv", dtype={"dimensjon": str},
                      keep_default_na=False, na_values=[""])
    wb = load_workbook(tmp_path / "nokkeltall.xlsx")
    assert wb.sheetnames == ["Alle", *built_defaults, "Nøkler"]
    assert [c.value for c in wb["Alle"][1]] == COLUMNS
    assert _same(_guarded(_rows(wb["Alle"])), _csv_rows(csv))
    assert len(csv) > 500
    for name in built_defaults:
        part = csv[csv["rapport"] == name]
        assert len(part) > 0, name
        assert _same(_guarded(_rows(wb[name])), _csv_rows(part)), name
    head = [c.value for c in wb["Nøkler"][1]]
    docs = [dict(zip(head, r, strict=True))
            for r in wb["Nøkler"].iter_rows(min_row=2, values_only=True)]
    assert {(r["rapport"], r["nokkel"]) for r in docs} == set(
        zip(csv["rapport"], csv["nokkel"], strict=True))
    undocumented = [(r["rapport"], r["nokkel"]) for r in docs
                    if r["innhold og fortegn"] == "ikke beskrevet"]
    assert not undocumented, f"nøkler uten beskrivelse i data/README.md: {undocumented}"
    for r in docs:
        assert r["enhet"] == describe(r["rapport"], r["nokkel"]).enhet, r
        rows = csv[(csv["rapport"] == r["rapport"]) & (csv["nokkel"] == r["nokkel"])]
        assert r["rader"] == len(rows), r
        kinds = ", ".join(dict.fromkeys(k for k in rows["grunnlag"].fillna("") if k))
        assert (r["grunnlag"] or "") == kinds, r


def test_key_table_is_read_from_data_readme():
    table = parse_key_table("""# x

## Nøkkeltallene (`nokkeltall.csv`)

| Rapport | Nøkkel | Enhet | `dimensjon` | Innhold og fortegn |
|---|---|---|---|---|
| `finans` | `ramme` | 1000 kr | rammeområde | Ramme per **rammeområde**. Netto utgift positiv. |
| `a` | `b\\|c` | % | tom | Med \\| i teksten |

## Neste
| `x` | `y` | % | tom | ikke med |
""")
    assert table == {
        ("finans", "ramme"): ("1000 kr", "rammeområde",
                              "Ramme per rammeområde. Netto utgift positiv."),
        ("a", "b|c"): ("%", "tom", "Med | i teksten"),
    }
    assert describe("handlingsregler", "netto_driftsresultat_pst").enhet == "%"


def test_the_workbook_is_written_again_only_when_what_it_shows_changed(
        tmp_path, built_defaults, monkeypatch):
    """issue 30: a build whose key figures are as before leaves nokkeltall.xlsx as it is
    (it would be the same bytes); one changed figure writes it again, with that figure."""
    import json

    import helpers.pack.nokkeltall_xlsx as xlsx_module

    def build(value: float | None = None) -> None:
        results = []
        for name, folder in built_defaults.items():
            (tmp_path / name).mkdir(exist_ok=True)
            kf = pd.read_csv(folder / "nokkeltall.csv", dtype={"dimensjon": str},
                             keep_default_na=False, na_values=[""])
            if value is not None and name == "kostra":
                kf.loc[0, "verdi"] = value
            kf.to_csv(tmp_path / name / "nokkeltall.csv", index=False)
            results.append(BuildResult(name, ok=True))
        manifest = tmp_path / "manifest.json"
        if manifest.exists():  # collect_outputs keeps what it does not write
            assert json.loads(manifest.read_text())["nokkeltall_xlsx_sha256"]
        collect_outputs(tmp_path, results, DATA_DIR, time.perf_counter(), 0.0)

    written: list[int] = []
    real = xlsx_module.write_key_figures_xlsx

    def counting(*args, **kwargs):
        written.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(xlsx_module, "write_key_figures_xlsx", counting)
    import multiprocessing as mp

    from helpers.pack import engine

    # written in this process (not beside the documents), so the calls are counted here
    monkeypatch.setattr(engine, "pool_context", lambda: mp.get_context("spawn"))
    build()
    assert len(written) == 1
    build()
    assert len(written) == 1, "the same figures wrote the workbook again"
    build(value=123456.5)
    assert len(written) == 2
    wb = load_workbook(tmp_path / "nokkeltall.xlsx", read_only=True)
    values = [r[COLUMNS.index("verdi")] for r in wb["kostra"].iter_rows(min_row=2,
                                                                         values_only=True)]
    assert 123456.5 in values
    (tmp_path / "nokkeltall.xlsx").unlink()
    build(value=123456.5)
    assert len(written) == 3, "a workbook that is gone must be written again"


def test_the_workbook_is_written_beside_the_documents_and_its_error_still_raised(
        tmp_path, monkeypatch):
    """issue 30: the workbook is written in a forked process while the documents are
    merged; waiting for it means it is written, and an error in it is raised in the build's
    own process, as when it was written there."""
    import multiprocessing as mp
    import os

    from helpers.pack import engine
    from helpers.pack.engine import run_beside as _beside

    monkeypatch.setattr(engine, "pool_context", lambda: mp.get_context("fork"))
    pids = []

    def write() -> None:
        pids.append(os.getpid())
        (tmp_path / "bok.txt").write_text(str(os.getpid()), encoding="utf-8")

    wait = _beside(write)
    wait()
    assert int((tmp_path / "bok.txt").read_text(encoding="utf-8")) != os.getpid()
    assert pids == []  # it ran in the other process only

    def broken() -> None:
        raise PermissionError("nokkeltall.xlsx er åpen i Excel")

    wait = _beside(broken)
    with pytest.raises(PermissionError, match="åpen i Excel"):
        wait()
    _beside(broken)(again=False)  # a build that is stopping only waits: no second try
    assert _beside(None)() is None  # nothing to write: nothing started
