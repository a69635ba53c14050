"""The provenance kinds, how they combine, and how a table marks an estimate."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.presentation import provenance as prov
from helpers.presentation.provenance import Grunnlag, Kilde
from helpers.presentation.table import Table, number, render

G = Grunnlag


@pytest.mark.parametrize(("parts", "expected"), [
    ((G.PLAN,), G.PLAN),
    ((G.PLAN, G.PLAN), G.PLAN),
    ((G.PLAN, G.REGNSKAP), G.BEREGNET),
    ((G.STATISTIKK, G.BEREGNET), G.BEREGNET),
    ((G.PLAN, G.ANSLAG), G.ANSLAG),
    ((G.ANSLAG, G.PLAN), G.ANSLAG),
    ((G.ANSLAG, G.EKSEMPEL, G.PLAN), G.EKSEMPEL),
    ((None, G.REGNSKAP), G.REGNSKAP),
    ((), None),
])
def test_a_sum_is_as_weak_as_its_weakest_part(parts, expected):
    assert prov.combine(*parts) is expected
    assert prov.combine(list(parts)) is expected


def test_only_estimates_and_examples_count_as_estimates():
    assert {g for g in G if g.is_estimate} == {G.ANSLAG, G.EKSEMPEL}
    assert G.parse("anslag") is G.ANSLAG and G.parse(" Plan ") is G.PLAN
    assert G.parse("gjetning") is None and G.parse(float("nan")) is None
    assert prov.of_datatype("okonomiplan") is G.PLAN
    assert prov.of_datatype("kostra") is G.STATISTIKK
    assert prov.of_datatype("regnskap") is G.REGNSKAP


def test_combined_sources_keep_each_assumption_once():
    a = Kilde(G.ANSLAG, antar="gjelden er fra 2022")
    b = Kilde(G.ANSLAG, antar="lånene er hele investeringen")
    s = prov.combine_sources(a, Kilde(G.PLAN, "planen"), b, a, ref="sum")
    assert s == Kilde(G.ANSLAG, "sum", "gjelden er fra 2022; lånene er hele investeringen")
    # combining a combined source again adds nothing twice
    assert prov.combine_sources(s, b).antar == s.antar
    assert prov.combine_sources(Kilde(G.PLAN), Kilde(G.PLAN)).antar == ""
    assert s.text() == "sum; anslått: gjelden er fra 2022; lånene er hele investeringen"


def test_legend_names_what_the_estimates_assume():
    lines = prov.legend([Kilde(G.PLAN), None, Kilde(G.ANSLAG, antar="gjelden er fra 2022."),
                         Kilde(G.ANSLAG, antar="gjelden er fra 2022")])
    assert lines == ["\\* Anslått: gjelden er fra 2022."]
    assert prov.legend([Kilde(G.PLAN), Kilde(G.STATISTIKK)]) == []
    assert prov.legend([Kilde(G.EKSEMPEL)]) == ["† Eksempel – oppdiktede tall."]


def _table():
    frame = pd.DataFrame({"År": ["2024", "2025"], "Gjeld": [719_903.0, 722_496.0],
                          "Avdrag": [32_150.0, 32_800.0]})
    est = Kilde(G.ANSLAG, antar="gjelden 31.12.2022 fra KOSTRA")
    sources = pd.DataFrame({"Gjeld": [est, None], "Avdrag": [Kilde(G.PLAN), Kilde(G.PLAN)]})
    return Table(frame, formats={"Gjeld": number(), "Avdrag": number()}, caption="Gjeld",
                 notes=("Beløp i 1000 kr.",), provenance=sources)


def test_table_marks_the_estimated_cell_only_and_adds_the_legend():
    t = _table()
    shown = t.shown()
    assert shown.loc[0, "Gjeld"] == "719\u00a0903*"
    assert shown.loc[1, "Gjeld"] == "722\u00a0496"           # no source given: no mark
    assert shown.loc[0, "Avdrag"] == "32\u00a0150"           # the plan's figure: no mark
    assert t.notes == ("Beløp i 1000 kr.", "\\* Anslått: gjelden 31.12.2022 fra KOSTRA.")
    html = render(t)
    assert "719\u00a0903*" in html or "719&nbsp;903*" in html
    assert html.count("*") == 1                              # text, so the PDF has it too


def test_table_without_provenance_is_unchanged():
    t = Table(pd.DataFrame({"Gjeld": [1.0]}), notes=("n",))
    assert t.notes == ("n",) and t.shown().loc[0, "Gjeld"] == "1"


def test_key_figures_carry_kind_and_source():
    from helpers.presentation.nokkeltall import COLUMNS, key_figure_frame, merge_key_figures

    est = Kilde(G.ANSLAG, "KOSTRA", "gjelden er fra 2022")
    df = key_figure_frame([
        {"rapport": "r", "nokkel": "a", "kommune": "K", "aar": 2024, "verdi": 1.0,
         "enhet": "%", "source": est},
        {"rapport": "r", "nokkel": "b", "kommune": "K", "aar": 2024, "verdi": 2.0,
         "enhet": "%", "grunnlag": G.PLAN},
        {"rapport": "r", "nokkel": "c", "kommune": "K", "aar": 2024, "verdi": 3.0,
         "enhet": "%"},
    ], grunnlag="statistikk", kilde="SSB")
    assert list(df.columns) == COLUMNS
    assert df["grunnlag"].tolist() == ["anslag", "plan", "statistikk"]
    assert df["kilde"].tolist() == ["KOSTRA; anslått: gjelden er fra 2022", "SSB", "SSB"]
    with pytest.raises(ValueError, match="Ukjent grunnlag"):
        key_figure_frame([{"rapport": "r", "nokkel": "a", "kommune": "K", "aar": 2024,
                           "verdi": 1.0, "enhet": "%", "grunnlag": "gjettet"}])
    # an old file without the columns: unknown, not guessed
    old = df.drop(columns=["grunnlag", "kilde"]).assign(rapport="gammel")
    merged = merge_key_figures(old, df)
    assert merged.loc[merged["rapport"] == "gammel", "grunnlag"].tolist() == ["", "", ""]


def test_example_rows_are_eksempel_whatever_their_datatype():
    kilde = "Eksempeldata (oppdiktet): månedsregnskap laget fra det reviderte budsjettet"
    assert prov.is_example(kilde) and not prov.is_example("HØP 2024–2027, tabell «Drift»")
    assert prov.of_row("regnskap", kilde) is G.EKSEMPEL
    assert prov.of_row("regnskap", "HØP 2024–2027") is G.REGNSKAP
    assert prov.of_row("okonomiplan") is G.PLAN


def test_an_example_build_marks_every_key_figure():
    from helpers.presentation.nokkeltall import key_figure_frame

    recs = [{"rapport": "tertial", "nokkel": "regnskap_hittil", "kommune": "K", "aar": 2024,
             "verdi": 1.0, "enhet": "1000 kr", "grunnlag": "regnskap"}]
    assert key_figure_frame(recs)["grunnlag"].tolist() == ["regnskap"]
    assert key_figure_frame(recs, eksempel=True)["grunnlag"].tolist() == ["eksempel"]


def test_a_copied_table_keeps_one_legend():
    from dataclasses import replace

    t = _table()
    copy = replace(t, caption="Gjeld (kopi)")
    assert copy.notes == t.notes and len(copy.notes) == 2
