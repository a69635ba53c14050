"""Miljødirektoratet's emissions with every sector it publishes, and files given to
``hop hent --fra-fil`` recognised by their content, not their extension.

The workbooks here are **constructed** in the test (no public copy of the current file with
«Produkter med fluorgasser» is in reach offline): the layout is that of
tests/fixtures/hent/utslippsstatistikk_alle_kommuner.xlsx (see its README); the figures are
made up, and only their sums are asserted.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from helpers.ingest.sources.miljo import SECTORS, SHEET, parse, recognises
from helpers.ingest.sources.registry import HentError, source_for_file

HEADER = ["Fylke", "Kommunenummer", "Kommune", "År", "Sektor", "Utslippskilde", "Klimagass",
          "Utslipp (tonn CO2-ekvivalenter)"]


def _workbook(path: Path, rows: list[list], sheet: str = SHEET) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_the_tenth_sector_is_kept_with_its_name(tmp_path):
    rows = [["Trøndelag", "5025", "Røros", 2024, "Produkter med fluorgasser", "Kuldeanlegg",
             "HFK", 600.5],
            ["Trøndelag", "5025", "Røros", 2024, "Produkter med fluorgasser", "Annet", "HFK",
             25.0],
            ["Trøndelag", "5025", "Røros", 2024, "Veitrafikk", "Personbiler", "CO2", 9000.0],
            ["Trøndelag", "5025", "Røros", 2024, "Skog og arealbruk", "Skog", "CO2", -500.0]]
    raw = _workbook(tmp_path / "u.xlsx", rows).read_bytes()
    parsed = parse(raw, ["5025"], None, "test")
    got = {r["sektor"]: r["verdi"] for r in parsed.rows}
    assert got == {"Veitrafikk": "9000.0", "Produkter med fluorgasser": "625.5"}
    assert len(SECTORS) == 10 and parsed.skipped_sectors == {"Skog og arealbruk": 1}


def test_a_file_is_recognised_by_its_content_not_its_extension(tmp_path):
    miljo = _workbook(tmp_path / "hva-som-helst.xlsx", [])
    other = _workbook(tmp_path / "utslipp.xlsx", [], sheet="Statistikkbanken")
    assert recognises(miljo) and not recognises(other)
    assert source_for_file(miljo).name == "miljo"
    assert source_for_file(other).name == "ssb"  # SSB's reader then says what it expected
    with pytest.raises(HentError, match="ikke en fil fra «miljo».*hop hent ssb"):
        source_for_file(other, "miljo")
    csv = tmp_path / "klima.csv"
    csv.write_text("Kommunenummer;År;Sektor;Utslipp\n5025;2024;Veitrafikk;9000\n")
    with pytest.raises(HentError, match="klima.csv er ikke en fil fra «miljo»"):
        source_for_file(csv, "miljo")
    assert source_for_file(miljo, "alt").name == "miljo"
