"""Charts for every reader: text alternatives, not by colour alone, contrast (WCAG 2.1).

Fast tests of the shared parts (:mod:`helpers.presentation.chartalt` and the palette of
:mod:`helpers.presentation.charts`); the built reports are checked in
``tests/e2e/test_html_access.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd
import pytest
from wcag import contrast

from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import fmt_pct

ROOT = Path(__file__).resolve().parents[3]
NBSP = "\u00a0"


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#ffffff") == pytest.approx(1.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the 4,5:1 grey
    assert contrast("#949494") == pytest.approx(3.03, abs=0.01)


def test_lines_points_and_rules_have_3_to_1_against_the_background():
    low = {c: round(contrast(c, charts.BACKGROUND), 2) for c in charts.LINE_COLOURS
           if contrast(c, charts.BACKGROUND) < 3}
    assert not low, f"under 3:1 mot hvit: {low}"
    # the theme's default series colours are lines and points too
    for c in charts.theme()["config"]["range"]["category"]:
        assert contrast(c) >= 3, c
    assert contrast(charts.THRESHOLD) >= 4.5  # also the colour of the threshold's label


def test_light_fills_get_their_contrast_from_the_outline():
    assert contrast(charts.OUTLINE, charts.BACKGROUND) >= 3
    for c in charts.OUTLINED_FILLS:
        assert contrast(c) < 3  # that is why they are outlined (else the list is stale)
        assert contrast(charts.OUTLINE, c) >= 3  # the outline shows on the fill too


def test_history_and_plan_bars_differ_in_lightness_not_only_hue():
    # the two kinds of year in bars_vs_threshold are told apart without colour vision
    assert contrast(charts.HIGHLIGHT, charts.HIGHLIGHT_LIGHT) >= 3
    assert contrast(charts.HIGHLIGHT, "#b3b3b3") >= 3  # krav/plan, plan/scenario, selvkost


def _css_text_colours(css: str) -> list[tuple[str, str]]:
    """(selector, colour) for every ``color:`` in the stylesheet, variables resolved."""
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for value in re.findall(r"(?<![-\w])color:\s*([^;]+)", body):
            value = value.strip()
            m = re.fullmatch(r"var\(--([\w-]+)\)", value)
            value = variables.get(m.group(1), value) if m else value
            if value.startswith("#"):
                out.append((selector.strip(), value))
    return out


@pytest.mark.parametrize("sheet", ["report.css", "appendix.css"])
def test_css_text_colours_have_4_5_to_1(sheet):
    css = (ROOT / "src/helpers/pack/templates" / sheet).read_text(encoding="utf-8")
    found = _css_text_colours(css)
    low = [(s, c, round(contrast(c), 2)) for s, c in found if contrast(c) < 4.5]
    assert not low, f"tekst under 4,5:1 mot hvit: {low}"
    if sheet == "report.css":
        assert len(found) >= 8  # the parser sees the stylesheet's colours


def test_index_page_text_colours_have_4_5_to_1():
    from datetime import datetime

    from helpers.pack.appendix import index_html

    page = index_html([], municipality="Røros", title="Økonomiske analyser",
                      built=datetime(2026, 1, 1), version="x", has_appendix=False)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    found = _css_text_colours(style)
    assert found and all(contrast(c) >= 4.5 for _, c in found), found


def test_status_words_are_text_not_only_colour():
    from helpers.presentation.report import status_class

    # the status class only colours a word that is already there
    assert status_class("Nei") == "status-brudd" and status_class("Ja") == "status-ok"
    assert status_class("") == ""


def test_label_list_joins_runs_of_years():
    assert chartalt.label_list([2020, 2021, 2022, 2024]) == "2020–2022 og 2024"
    assert chartalt.label_list(["2020"]) == "2020"
    assert chartalt.label_list(["1. tertial", "2. tertial"]) == "1. tertial og 2. tertial"


def test_extremes_trend_and_threshold_read_the_values():
    years = [2020, 2021, 2022, 2023]
    values = [1.2, -0.4, 2.5, 1.75]
    assert _plain(chartalt.extremes(years, values, 1, "%")) == (
        "Høyest i 2022 (2,5 %), lavest i 2021 (−0,4 %).")
    assert _plain(chartalt.trend(years, values, 1, "%")) == "Fra 1,2 % i 2020 til 1,8 % i 2023."
    assert _plain(chartalt.threshold_text(years, values, 1.75, 1, "%", "Handlingsregelen")) == (
        "Handlingsregelen på 1,75 % er vist som en stiplet linje. På eller over den i "
        "2022–2023; under den i 2020–2021.")
    assert chartalt.fmt_value(7500, 0, "1000 kr") == "7\u00a0500 tusen kr"
    # missing is not zero: a missing year is left out, not counted as the lowest
    assert "lavest i 2021" in chartalt.extremes(years, [1.0, 0.5, None, 2.0], 1)


def test_bars_vs_threshold_text_alternative_from_its_data():
    df = pd.DataFrame({"aar": [2021, 2022, 2023, 2024], "verdi": [2.0, 0.6, -1.3, 1.9],
                       "datatype_navn": ["Regnskap"] * 2 + ["Plan"] * 2})
    chart = charts.bars_vs_threshold(df, threshold=1.75, title="Netto driftsresultat",
                                     y_title="% av brutto driftsinntekter", subject="Testby")
    text = chart.to_dict()["description"].replace(NBSP, " ")
    assert text.startswith("Netto driftsresultat for Testby, 2021–2024.")
    assert "mørke søyler: Regnskap (2021–2022); lyse søyler: Plan (2023–2024)" in text
    assert "Høyest i 2021 (2,0 %), lavest i 2023 (−1,3 %)." in text
    assert "På eller over den i 2021 og 2024; under den i 2022–2023." in text


def test_lines_highlight_names_the_subject_and_every_series_at_the_end():
    df = pd.DataFrame({"aar": [2021, 2022] * 3, "verdi": [80.0, 95.0, 60.0, 70.0, 120, 110],
                       "kommune": ["Testby"] * 2 + ["Nabo"] * 2 + ["Fjern"] * 2})
    text = charts.lines_highlight(df, highlight="Testby", threshold=90, title="Lånegjeld",
                                  y_title="% av brutto driftsinntekter").to_dict()["description"]
    text = text.replace(NBSP, " ")
    assert "Testby som tykk heltrukken linje, Nabo og Fjern som tynne stiplede linjer" in text
    assert "Testby: høyest i 2022 (95,0 %), lavest i 2021 (80,0 %)." in text
    assert "I 2022: Fjern 110,0 %, Testby 95,0 % og Nabo 70,0 %." in text
    assert "(for Testby) på 90 % er vist som en stiplet linje. På eller over den i 2022; " \
           "under den i 2021." in text


def test_diverging_bars_text_lists_both_sides_largest_first():
    df = pd.DataFrame({"omr": ["A", "B", "C", "D"], "v": [3.0, -12.0, 40.0, -1.0]})
    text = charts.diverging_bars(df, category="omr", value="v", title="Avvik",
                                 x_title="mill. kr").to_dict()["description"]
    text = text.replace(NBSP, " ")
    assert "Over null (mørk rød): C (+40) og A (+3)." in text
    assert "Under null (lys grå): B (−12) og D (−1)." in text


def _render(chart) -> tuple[str, dict]:
    charts.enable()
    bundle, meta = charts.svg_with_spec_renderer(chart.to_dict())
    return bundle[charts.SVG], meta[charts.SVG]


def test_svg_has_title_as_first_child_role_img_and_the_same_name():
    df = pd.DataFrame({"aar": [2022, 2023], "verdi": [1.0, 2.0], "datatype_navn": ["R", "R"]})
    svg, meta = _render(charts.bars_vs_threshold(df, title="T & <b>", y_title="mill. kr"))
    root = ET.fromstring(svg)
    first = list(root)[0]
    assert first.tag == "{http://www.w3.org/2000/svg}title"
    assert first.text == root.get("aria-label") == "T & <b>, 2022–2023. " + first.text.split(
        ", 2022–2023. ", 1)[1]
    assert root.get("role") == "img"
    # Vega's own roles inside are gone: one image, one name
    assert not [e for e in root.iter() if e is not root and (e.get("role") or
                                                             e.get("aria-label"))]
    # the figures as a data table with header cells, on screen only
    table = meta[charts.TABLE_HTML_KEY]
    assert 'class="hop-data bare-skjerm"' in table
    assert '<th scope="col">År</th>' in table and '<th scope="row">2023</th><td>2,0</td>' in table


def test_chart_without_description_is_left_as_it_was():
    assert chartalt.svg_with_alt("<svg><g/></svg>", "") == "<svg><g/></svg>"


# --- the charts the default pack does not show (they need other parameters or data) -------

def test_investering_scenario_chart_text_from_plan_and_scenario(data):
    from helpers.reports import investering as inv
    from helpers.reports.investering.analysis import compare

    a = inv.analyse(data, "Røros", 2024, dropp=["Barnehager Røros sentrum"])
    text = _plain(inv.chart_scenario(a).to_dict()["description"])
    c = compare(a.base, a.scenario)
    sel = c[c["maal"] == "lanegjeld_pst"].sort_values("aar")
    assert sel["plan"].notna().all()
    first, last = sel.iloc[0], sel.iloc[-1]
    pct = lambda v: _plain(fmt_pct(v, 1))  # noqa: E731
    assert (f"Plan: fra {pct(first['plan'])} i {int(first['aar'])} til {pct(last['plan'])} i "
            f"{int(last['aar'])}.") in text
    assert (f"Scenario: fra {pct(first['scenario'])} i {int(first['aar'])} til "
            f"{pct(last['scenario'])} i {int(last['aar'])}.") in text
    assert last["scenario"] < last["plan"]  # dropping a project lowers the debt


def test_befolkning_cost_chart_text_from_its_data():
    from types import SimpleNamespace

    from helpers.reports import befolkning as b

    per_year = pd.DataFrame({"aar": [2023, 2024, 2025, 2026],
                             "endring_fra_start_1000kr": [0.0, -250.0, 1200.0, 3400.0]})
    a = SimpleNamespace(cost=SimpleNamespace(per_year=per_year), start=2023,
                        kommune=SimpleNamespace(navn="Testby"))
    text = _plain(b.chart_cost(a).to_dict()["description"])
    assert text.startswith("Endring i kostnad fra 2023 i Testby, faste priser, 2023–2026")
    assert "Høyest i 2026 (3 400 tusen kr), lavest i 2024 (−250 tusen kr)." in text
    assert "I 2026: +3 400 tusen kr." in text
    assert "Høyere enn i 2023 i 2025–2026." in text


def test_tagged_pdf_takes_the_charts_alternate_text_from_the_svg_title():
    """WeasyPrint reads a figure's alternate text only from a <title> that is the <svg>'s
    first child: with tagging on, the chart's Figure carries the text alternative."""
    import io

    import weasyprint
    from pypdf import PdfReader

    df = pd.DataFrame({"aar": [2022, 2023], "verdi": [1.5, 2.0], "datatype_navn": ["R", "P"]})
    chart = charts.bars_vs_threshold(df, threshold=1.75, title="Netto driftsresultat",
                                     y_title="% av brutto driftsinntekter", subject="Testby")
    svg, _ = _render(chart)
    html = f'<!DOCTYPE html><html lang="nb"><head><title>x</title></head><body>{svg}</body></html>'
    pdf = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf(pdf_tags=True)))
    figures = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for k in node:
                walk(k)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert figures == [chart.to_dict()["description"]]


def test_line_series_differ_by_shape_and_dash_not_only_colour():
    df = pd.DataFrame({"aar": [2021, 2022] * 8, "verdi": range(16),
                       "kommune": [f"K{i // 2}" for i in range(16)]})
    spec = charts.lines_highlight(df, highlight="K0", title="T").to_dict()
    layers = spec["layer"]
    shape = layers[0]["encoding"]["shape"]["scale"]
    assert len(set(shape["range"][:len(charts.SHAPES)])) == len(charts.SHAPES)
    assert len(shape["domain"]) == 8  # every municipality gets a shape from the list
    dash = layers[0]["encoding"]["strokeDash"]
    assert dash["condition"]["value"] == [1, 0] and dash["value"] == [4, 2]  # solid vs dashed


def test_inner_roles_go_but_the_charts_own_text_stays():
    svg = ('<svg width="1"><g role="graphics-object" aria-roledescription="group">'
           '<text aria-label="x">Kommune a role="b"</text></g></svg>')
    out = chartalt.svg_with_alt(svg, "Navn")
    assert out == ('<svg width="1" role="img" aria-label="Navn"><title>Navn</title><g>'
                   '<text>Kommune a role="b"</text></g></svg>')


def test_a_shown_chart_renders_as_altair_would_without_validating_the_spec(monkeypatch):
    """issue 30: show() hands the renderer the chart's spec without Altair's schema
    validation of the whole spec (the tests here validate it); the SVG and its metadata
    are the same."""
    from altair.utils import schemapi

    charts.enable()
    df = pd.DataFrame({"aar": [2022, 2023], "verdi": [1.0, -2.5], "datatype_navn": ["R", "P"]})
    chart = charts.bars_vs_threshold(df, threshold=1.75, title="Netto driftsresultat",
                                     y_title="% av brutto driftsinntekter", subject="Testby")
    expected = chart._repr_mimebundle_()
    validated: list[dict] = []
    real = schemapi.validate_jsonschema

    def record(spec, *args, **kwargs):
        validated.append(spec)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(schemapi, "validate_jsonschema", record)
    chart.to_dict()
    assert [s for s in validated if isinstance(s, dict) and "description" in s]  # seen
    validated.clear()
    assert charts.Shown(chart)._repr_mimebundle_() == expected
    whole = [s for s in validated if isinstance(s, dict) and "description" in s]
    assert whole == []
