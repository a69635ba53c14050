"""Tables as values: helpers.presentation.table.Table and its one renderer.

The renderer formats the numbers (Norwegian format) when it writes the HTML, so the
report functions hand over figures, not text; tested here on made-up frames and on the
finans report's tables with Røros's figures from data/."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.presentation import report
from helpers.presentation.table import TEXT, YEAR, Table, number, percent, pp, render
from helpers.reports import finans
from helpers.reports.finans import sections as finans_sections

NBSP = "\u00a0"


def _cells(html: str) -> list[tuple[str, str]]:
    """(class, text) of every body cell."""
    return [(m[1], m[2]) for m in re.finditer(r'<td [^>]*class="([^"]*)" >(.*?)</td>', html)]


def test_numbers_are_formatted_when_rendered():
    t = Table(pd.DataFrame({"Post": ["Skatt", "Avdrag", "Rente"],
                            "Beløp": [1234.5, -24444.0, float("nan")],
                            "Vekst": [4.2, -0.35, None]}),
              formats={"Beløp": number(1), "Vekst": percent()}, caption="Poster (1000 kr)")
    cells = _cells(render(t))
    assert [c[1] for c in cells] == [
        "Skatt", f"1{NBSP}234,5", f"4,2{NBSP}%",
        "Avdrag", f"\u221224{NBSP}444,0", f"\u22120,4{NBSP}%",  # real minus, half up
        "Rente", "–", "–"]
    # text left-aligned and marked for the tagged PDF's row headers; numbers not
    assert [c[0] for c in cells[:3]] == ["data row0 col0 tekst", "data row0 col1",
                                        "data row0 col2"]
    assert "<caption>Poster (1000 kr)</caption>" in render(t)
    # the frame still holds the figures
    assert t.frame["Beløp"].iloc[0] == 1234.5


def test_sign_year_and_text_formats():
    t = Table(pd.DataFrame({"År": [2024, 2025], "Endring": [5916.0, 0.0],
                            "Kode": ["1234", "5678"]}),
              formats={"År": YEAR, "Endring": number(sign=True), "Kode": TEXT})
    cells = _cells(render(t))
    assert [c[1] for c in cells] == ["2024", f"+5{NBSP}916", "1234", "2025", "0", "5678"]
    assert t.left_aligned() == ["Kode"]  # a number-like code declared as text


def test_text_from_data_is_escaped():
    t = Table(pd.DataFrame({"Tiltak": ["<b>Kutt</b> & spar"], "Beløp": [1.0]}),
              caption="A < B & C")
    html = render(t)
    assert "&lt;b&gt;Kutt&lt;/b&gt; &amp; spar" in html and "<b>" not in html
    assert "<caption>A &lt; B &amp; C</caption>" in html


def test_sum_row_and_status_classes():
    t = Table(pd.DataFrame({"Status": ["Oppfylt", "Ikke oppfylt"], "Sum": [1, 2]}),
              sum_row=True, css_classes={"Status": report.status_class})
    html = render(t)
    assert "font-weight: bold;" in html and "border-top: 1pt solid #1a1a1a;" in html
    assert "color: #2e7d32" in html and "color: #b22222" in html


def test_a_column_without_figures_reads_as_text():
    t = Table(pd.DataFrame({"Post": ["a", "b"], "Deflator": [float("nan")] * 2,
                            "Vekst": [1.0, float("nan")]}),
              formats={"Deflator": percent(), "Vekst": percent()})
    assert t.left_aligned() == ["Post", "Deflator"]


def test_text_is_never_read_as_numbers():
    """No guessing from text: a column of text that looks like numbers is text (left-
    aligned); numbers are right-aligned because they are numbers."""
    values = Table(pd.DataFrame({"År": [2023, 2024], "Vekst": [1.556801, 8.825785]}),
                   formats={"År": YEAR, "Vekst": percent(sign=True)}, caption="X")
    text = Table(pd.DataFrame({"År": ["2023", "2024"],
                               "Vekst": [f"+1,6{NBSP}%", f"+8,8{NBSP}%"]}), caption="X")
    assert [c[1] for c in _cells(render(values))] == [c[1] for c in _cells(render(text))]
    assert values.left_aligned() == []
    assert text.left_aligned() == ["År", "Vekst"]


def test_a_blank_for_missing_and_row_formats():
    """A format's own text for a missing value, and a row written differently from its
    column (a sum row with a sign, a row of percent among amounts)."""
    t = Table(pd.DataFrame({"Post": ["Lån", "Andel", "Sum"], "2024": [1234.0, 4.25, 3.0],
                            "Endring": [float("nan"), 0.5, float("nan")]}),
              formats={"Endring": number(sign=True, missing="")},
              row_formats={1: {"2024": percent(), "Endring": pp()},
                           2: {"2024": number(sign=True)}})
    assert [c[1] for c in _cells(render(t))] == [
        "Lån", f"1{NBSP}234", "", "Andel", f"4,3{NBSP}%", f"+0,5{NBSP}pp", "Sum", "+3", ""]
    assert t.cell_text("2024", 4.25, row=1) == f"4,3{NBSP}%"


def test_empty_table_shows_its_notice():
    t = Table(pd.DataFrame(), caption="X", empty="Ingen tall.")
    assert t.is_empty
    assert report.table(t) is None  # shown as a notice instead


@pytest.fixture(scope="module")
def roros():
    return finans.analyse(load_data(""), "Røros", 2024)


def test_finans_free_income_holds_figures(roros):
    t = finans.free_income_table(roros)
    assert t.caption == "Frie inntekter (1000 kr)"
    row = t.frame.set_index("År").loc[2024]
    assert (row["Skatt"], row["Rammetilskudd"], row["Frie inntekter"]) == (
        215334.0, 204653.0, 419987.0)
    assert row["Endring"] == 34061.0
    cells = [c[1] for c in _cells(render(t))]
    i = cells.index("2024")
    assert cells[i:i + 9] == ["2024", "Økonomiplan", f"215{NBSP}334", f"204{NBSP}653",
                              f"419{NBSP}987", f"+34{NBSP}061", f"+8,8{NBSP}%",
                              f"4,3{NBSP}%", f"+4,3{NBSP}%"]


def test_finans_finance_table_share_of_free_income(roros):
    t = finans.finance_table(roros)
    row = t.frame.set_index("År").loc[2024]
    assert row["Netto finansutgifter"] == 64572.0
    assert round(row["Andel av frie inntekter"], 2) == 15.37
    cells = [c[1] for c in _cells(render(t))]
    assert f"64{NBSP}572" in cells and f"15,4{NBSP}%" in cells


def test_finans_sections_choose_without_the_notebook(roros):
    blocks = finans_sections.free_income(roros)
    assert isinstance(blocks[0], Table) and len(blocks) == 3  # table, chart, growth note
    assert finans_sections.data_notes(roros).startswith(("- ", "Ingen avvik"))
    empty = finans_sections.measures(roros)
    assert empty.empty == "Ingen navngitte tiltak i dataene for budsjettåret."
