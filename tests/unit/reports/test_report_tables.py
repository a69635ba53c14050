"""Every report's tables hold figures, not text: the frame has the numbers (NaN where a
figure is missing, never 0) and the Table's formats write them when shown. Checked with
Røros's figures from data/, both the values in the frame and the text the reader sees."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data
from helpers.presentation.table import Table, render

NBSP = "\u00a0"
MINUS = "\u2212"


EXAMPLES = Path(__file__).resolve().parents[3] / "eksempler"


@pytest.fixture(scope="module")
def data():
    return load_data("")


def _cells(html: str) -> list[str]:
    return re.findall(r"<td [^>]*>([^<]*)</td>", html)


def _numeric(t: Table, skip: int = 1) -> None:
    """The value columns after the first ``skip`` are numbers, not text."""
    for c in t.frame.columns[skip:]:
        assert pd.api.types.is_numeric_dtype(t.frame[c]), c


def test_finans_frames_sum_row_and_sensitivity(data):
    from helpers.reports import finans

    a = finans.analyse(data, "Røros", 2024)
    t = finans.frames_table(a)
    _numeric(t)
    row = t.frame.set_index("Rammeområde").loc["Oppvekst"]
    assert (row["2024"], row["Endring 2023–2027"]) == (114928.0, -2611.0)
    shown = t.shown().set_index("Rammeområde")
    assert shown.loc["Oppvekst", "Endring 2023–2027"] == f"{MINUS}2{NBSP}611"
    # the sum row has a sign and no change (blank, not a dash)
    assert list(shown.loc["Sum (skal være 0)", ["2024", "Endring 2023–2024"]]) == [
        f"{MINUS}1", ""]
    s = finans.sensitivity_table(a)
    assert s.frame["Renteendring"].tolist() == [-1.0, 1.0, 2.0, 3.0]
    assert list(s.shown().iloc[0]) == [f"{MINUS}1,0 pp", f"{MINUS}7{NBSP}199",
                                       f"{MINUS}7,2{NBSP}mill.{NBSP}kr", f"{MINUS}1,71{NBSP}%"]


def test_handlingsregler_status_and_set_aside(data):
    from helpers.reports import handlingsregler as hr
    from helpers.reports.handlingsregler import tables

    a = hr.analyse(data, "Røros", 2024, [], terskler={})
    t = tables.status_display(a)
    first = t.frame.iloc[0]
    # Røros' rule is read gross (what is set aside): 9 000 of 380 010 = 2,37 % in 2022,
    # 2 349,825 above the requirement of 6 650,175 (read net it was 5 226, 1,38 %, «Nei»)
    assert first["År"] == 2022 and round(first["Verdi"], 4) == 2.3684
    assert first["Terskel"] == 1.75 and round(first["Avstand (1000 kr)"], 3) == 2349.825
    assert list(t.shown().iloc[0, 3:]) == [f"2,4{NBSP}%", f"≥{NBSP}1,75{NBSP}%", "Ja",
                                           "+0,6\u00a0pp", f"+2{NBSP}350"]
    s = tables.set_aside_table(a)
    assert s.frame.iloc[0]["Netto endring (1000 kr)"] == 5226.0
    assert s.shown().iloc[0]["Netto endring (1000 kr)"] == f"+5{NBSP}226"
    assert f"{MINUS}754" in _cells(render(s))  # 2023: 6 000 set aside against 6 753,7


def test_befolkning_service_groups(data):
    from helpers.reports import befolkning as bef

    a = bef.analyse(data, "Røros")
    t = bef.service_groups_display(a)
    row = t.frame.iloc[0]
    assert (row["2023"], row["2033"], row["Endring"]) == (265, 210, -55)
    assert round(row["Endring %"], 3) == -20.755
    assert list(t.shown().iloc[0, 4:]) == [f"{MINUS}55", f"{MINUS}20,8{NBSP}%"]


def test_klima_sectors(data):
    from helpers.reports import klima

    a = klima.analyse(data, "Røros", 2024, [], 4)
    t = klima.sector_display(a)
    row = t.frame.set_index("Sektor").loc["Oppvarming"]
    assert row["Utslipp (tonn CO2-ekv.)"] == pytest.approx(1292.1)
    assert t.shown().set_index("Sektor").loc["Oppvarming"].tolist() == [
        f"1{NBSP}292,1", f"5,8{NBSP}%"]


def test_investering_debt_rows_in_amounts_and_percent(data):
    from helpers.reports import investering as inv

    a = inv.analyse(data, "Røros", 2024, inv.DebtAssumptions())
    t = inv.debt_display(a.base)
    _numeric(t)
    values = t.frame.set_index("1000 kr")
    assert values.loc["+ nye lån", "2025"] == 40250.0
    # 729 945,8 / 688 234 (the plan's income lines; not 108,9 % over a back-calculated base)
    assert round(values.loc["Lånegjeld i % av brutto driftsinntekter", "2025"], 2) == 106.06
    shown = t.shown().set_index("1000 kr")
    # estimates marked as text: the loans are the tool's assumption, the base is the plan's
    assert shown.loc["+ nye lån", "2025"] == f"40{NBSP}250*"
    assert shown.loc["Lånegjeld i % av brutto driftsinntekter", "2025"] == f"106,1{NBSP}%*"
    assert shown.loc["Brutto driftsinntekter", "2025"] == f"688{NBSP}234"
    assert t.notes[-1].startswith("\\* Anslått: gjelden ved inngangen til planperioden er "
                                  "KOSTRAs netto lånegjeld 31.12.2022")


def test_alternativer_value_with_its_change_from_the_plan(data):
    from helpers.reports import alternativer as alt
    from helpers.reports.alternativer import sections

    # issue 28: the invented alternatives are kept apart in eksempler/alternativer
    example = load_data(EXAMPLES / "alternativer")
    a = alt.analyse(example, "Røros", 2024,
                    sections.files(str(EXAMPLES / "alternativer"), []))
    navn = list(a.columns)[1]
    t = alt.alternative_table(a, navn)
    values = t.frame.set_index("Mål")
    assert values.loc["Netto driftsresultat (1000 kr)", "2025"] == -16707.0
    shown = t.shown().set_index("Mål")
    assert shown.loc["Netto driftsresultat (1000 kr)", "2025"] == (
        f"{MINUS}16{NBSP}707 ({MINUS}6{NBSP}000)")
    # −16 707 / (688 234 + 4 000 more eiendomsskatt) = −2,41 %, against the plan's −1,6 %
    assert shown.loc["Netto driftsresultat (%)", "2025"] == (
        f"{MINUS}2,4{NBSP}% ({MINUS}0,8{NBSP}pp)")
    assert shown.iloc[-1].tolist() == ["Ikke oppfylt"] * 4


def test_tertial_projects_share_used():
    from helpers.reports import tertial as tt
    from helpers.reports.tertial import tables

    # issue 28: the invented tertial ledger is kept apart in eksempler/tertial
    t = tables.projects_table(tt.analyse(load_data(EXAMPLES / "tertial"), "Røros", 2024, 2))
    row = t.frame.set_index("Prosjekt").loc["Utbygging legesenter"]
    assert (row["Årsbudsjett"], row["Brukt hittil"], row["Avvik prognose"]) == (
        7000.0, 3099.0, -3000.0)
    assert t.shown().set_index("Prosjekt").loc["Utbygging legesenter", "Brukt %"] == (
        f"44{NBSP}%")


def test_oppstillinger_and_kostra_styled_tables_from_values(data):
    from helpers.reports import kostra
    from helpers.reports import oppstillinger as op

    o = op.analyse(data, "Røros", 2024, "", "")
    df, _ = op.rammer_frame(o)
    assert df.iloc[0, 1:].tolist() == [64977.0, 65401.0, 63716.0, 63406.0]
    # the sum is første ledd's line 6, and Finans is its rest (issue 28)
    assert df.iloc[-1]["2024"] == 421_550.0 == o.value(op.P_5_4_1, 6, 2024)
    cells = _cells(op.rammer_table(o).to_html())
    assert cells[:5] == ["Stab og støtte", f"64{NBSP}977", f"65{NBSP}401", f"63{NBSP}716",
                         f"63{NBSP}406"]
    assert f"{MINUS}7{NBSP}221" in cells
    k = kostra.compare(data, "Røros", [], "kostragruppe", None)
    assert k.table.loc["Grunnskole"].iloc[0] == 16798.0
    assert _cells(kostra.expenditure_display(k).to_html())[:3] == [
        "Grunnskole", f"16{NBSP}798", f"16{NBSP}713"]


def test_a_missing_figure_is_not_zero():
    from helpers.presentation.table import number

    t = Table(pd.DataFrame({"Post": ["a", "b"], "Beløp": [0.0, math.nan]}),
              formats={"Beløp": number(sign=True)})
    assert t.shown()["Beløp"].tolist() == ["0", "–"]
