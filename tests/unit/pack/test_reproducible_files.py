"""The files ``hop`` writes are the same bytes from the same inputs, whatever the clock says:
the workbooks (grunnlag.xlsx, nokkeltall.xlsx: zip entries and core properties) and the
report PDFs (the file identifier). ``$SOURCE_DATE_EPOCH`` sets the date inside the workbooks.

The clock is moved with monkeypatch (``time.time`` for the zip entries, openpyxl's
``datetime`` for the core properties); only the PDF test waits a second, for qpdf's clock."""

from __future__ import annotations

import datetime as dt
import io
import time
import types
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.packaging.core
import openpyxl.writer.excel
import pytest

from helpers import settings
from helpers.data.files import save_workbook
from helpers.ingest.workbook import export_workbook
from helpers.pack.nokkeltall_xlsx import write_key_figures_xlsx
from helpers.presentation.nokkeltall import key_figure_frame

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
MONDAY = dt.datetime(2026, 3, 2, 9, 15, 7, tzinfo=dt.UTC)
A_YEAR_ON = dt.datetime(2027, 6, 30, 23, 59, 58, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """``clock(when)``: from now on the time of day is ``when`` for the zip module and
    openpyxl."""

    def set_to(when: dt.datetime) -> None:
        class Frozen(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return when.astimezone(tz) if tz else when.replace(tzinfo=None)

        fake = types.SimpleNamespace(**{**vars(dt), "datetime": Frozen})
        for module in (openpyxl.writer.excel, openpyxl.packaging.core):
            monkeypatch.setattr(module, "datetime", fake)
        monkeypatch.setattr(time, "time", lambda: when.timestamp())

    monkeypatch.delenv(settings.SOURCE_DATE_ENV, raising=False)
    return set_to


def _dates(xlsx: bytes) -> tuple[set[tuple], openpyxl.packaging.core.DocumentProperties]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        stamps = {i.date_time for i in z.infolist()}
    return stamps, openpyxl.load_workbook(io.BytesIO(xlsx)).properties


def _small_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.active.append(["kommune", "aar", "verdi"])
    wb.active.append(["Røros", 2024, 1234.5])
    return wb


def test_the_clock_does_reach_a_plain_openpyxl_save(clock, tmp_path):
    """The check can fail: openpyxl alone writes the clock's time into the file."""
    clock(MONDAY)
    _small_workbook().save(tmp_path / "a.xlsx")
    clock(A_YEAR_ON)
    _small_workbook().save(tmp_path / "b.xlsx")
    a, b = (tmp_path / "a.xlsx").read_bytes(), (tmp_path / "b.xlsx").read_bytes()
    assert a != b
    assert _dates(a)[1].modified == MONDAY.replace(tzinfo=None)
    # zip stores local time (the sheets are dated by their temporary file, so by the clock
    # too, but not by this fake one)
    assert time.localtime(A_YEAR_ON.timestamp())[:6] in _dates(b)[0]


def test_save_workbook_writes_the_same_bytes_at_another_time(clock, tmp_path):
    clock(MONDAY)
    save_workbook(_small_workbook(), tmp_path / "a.xlsx")
    clock(A_YEAR_ON)
    save_workbook(_small_workbook(), tmp_path / "b.xlsx")
    a = (tmp_path / "a.xlsx").read_bytes()
    assert a == (tmp_path / "b.xlsx").read_bytes()
    stamps, props = _dates(a)
    assert stamps == {(2000, 1, 1, 0, 0, 0)}
    assert props.created == props.modified == dt.datetime(2000, 1, 1)
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").active["C2"].value == 1234.5


def test_source_date_epoch_dates_the_workbook(clock, monkeypatch, tmp_path):
    clock(MONDAY)
    monkeypatch.setenv(settings.SOURCE_DATE_ENV, str(int(dt.datetime(
        2025, 10, 1, 12, 30, 4, tzinfo=dt.UTC).timestamp())))
    save_workbook(_small_workbook(), tmp_path / "a.xlsx")
    stamps, props = _dates((tmp_path / "a.xlsx").read_bytes())
    assert stamps == {(2025, 10, 1, 12, 30, 4)}
    assert props.created == props.modified == dt.datetime(2025, 10, 1, 12, 30, 4)
    monkeypatch.setenv(settings.SOURCE_DATE_ENV, "0")  # zip cannot go before 1980
    assert settings.file_date() == dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setenv(settings.SOURCE_DATE_ENV, "i går")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH må være et heltall"):
        settings.file_date()


def test_grunnlag_xlsx_is_the_same_bytes_at_another_time(clock, tmp_path):
    clock(MONDAY)
    export_workbook(DATA, tmp_path / "a" / "grunnlag.xlsx")
    clock(A_YEAR_ON)
    export_workbook(DATA, tmp_path / "b" / "grunnlag.xlsx")
    a = (tmp_path / "a" / "grunnlag.xlsx").read_bytes()
    assert a == (tmp_path / "b" / "grunnlag.xlsx").read_bytes()
    assert _dates(a)[0] == {(2000, 1, 1, 0, 0, 0)}
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["grunnlag.xlsx"]  # no leftovers


def test_nokkeltall_xlsx_is_the_same_bytes_at_another_time(clock, tmp_path):
    df = key_figure_frame([
        {"rapport": "finans", "nokkel": "ramme", "kommune": "Røros", "aar": 2024,
         "dimensjon": "Oppvekst", "verdi": 1234.5, "enhet": "1000 kr"},
        {"rapport": "handlingsregler", "nokkel": "netto_lanegjeld_pst", "kommune": "Røros",
         "aar": 2022, "dimensjon": "", "verdi": 104.7, "enhet": "%"},
    ])
    clock(MONDAY)
    write_key_figures_xlsx(df, tmp_path / "a.xlsx", order=["handlingsregler", "finans"])
    clock(A_YEAR_ON)
    write_key_figures_xlsx(df, tmp_path / "b.xlsx", order=["handlingsregler", "finans"])
    a = (tmp_path / "a.xlsx").read_bytes()
    assert a == (tmp_path / "b.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == [
        "Alle", "handlingsregler", "finans", "Nøkler"]


def test_a_report_pdf_is_the_same_bytes_twice(tmp_path):
    """WeasyPrint's PDF is the same each time; pikepdf's rewrite (tagging) gave it a new
    random file identifier until it was asked for one from the content."""
    import pikepdf

    from helpers.pack.export import page_html, write_pdf

    html = page_html("<h1>Røros kommune</h1><p>Netto driftsresultat 1,9 prosent.</p>"
                     "<table><tr><th>År</th><th>Prosent</th></tr><tr><td>2024</td>"
                     "<td>1,9</td></tr></table>", title="Prøve", header="Røros · prøve")
    write_pdf(html, tmp_path / "a.pdf", tmp_path)
    # qpdf (under pikepdf) takes the time from C, out of monkeypatch's reach, and a random
    # identifier differs only from one second to the next: let one pass
    time.sleep(1.1)
    write_pdf(html, tmp_path / "b.pdf", tmp_path)
    a = (tmp_path / "a.pdf").read_bytes()
    assert a == (tmp_path / "b.pdf").read_bytes()
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
        assert pdf.Root.get("/StructTreeRoot") is not None  # the tagged path was taken
