"""The overview report with real figures: Røros and its five peers from data/kostra.csv
(the KOSTRA (B) tables of Røros' HØP 2024–2027), the example group eksempler/oversikt."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.load import load_data
from helpers.reports import handlingsregler as hrr
from helpers.reports import oversikt as ov
from helpers.reports.oversikt import analysis, charts, tables, text
from helpers.settings import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / "eksempler" / "oversikt"
GROUP = ["Røros", "Tynset", "Oppdal", "Midtre Gauldal", "Os (Hedm.)", "Holtålen"]


@pytest.fixture(scope="module")
def group_data():
    return dict(load_data(EXAMPLE, empty_as_missing=True))


@pytest.fixture(scope="module")
def a(group_data):
    return ov.analyse(group_data, "Røros")


def _with_rows(data, rows):
    """The data with extra kostra.csv rows (kommunenummer, aar, indikator, verdi)."""
    extra = pd.DataFrame([{"kommunenummer": k, "aar": y, "indikator": i, "dimensjon": "",
                           "verdi": v, "enhet": "%", "kilde": "test"} for k, y, i, v in rows])
    out = dict(data)
    out["kostra"] = pd.concat([data["kostra"], extra], ignore_index=True)
    return out


def test_the_group_is_gruppe_csv_in_its_order_with_the_names_of_kommuner_csv(a):
    assert list(a.members["navn"]) == GROUP
    assert list(a.members["fylke"]) == ["Trøndelag", "Innlandet", "Trøndelag", "Trøndelag",
                                        "Innlandet", "Trøndelag"]
    assert a.years == [2019, 2020, 2021, 2022]
    assert a.subject.kommunenummer == "5025"


def test_subject_must_be_in_the_group(group_data):
    with pytest.raises(ValueError, match="ikke med i gruppen"):
        ov.analyse(group_data, "EKG11")


def test_roros_equals_its_own_handlingsregler_report(data, a):
    """Every KOSTRA year of the handlingsregler report's economy table for Røros is the
    overview's figure (built from the full data folder, not the example)."""
    own = hrr.analyse(data, "Røros").economy.table
    own = own[own["datatype"] == "kostra"].set_index("aar")
    for ind in analysis.INDICATORS:
        mine = ov.indicator_frame(a, ind)
        mine = mine[mine["kommune"] == "Røros"].set_index("aar")["verdi"]
        theirs = own[ind].dropna()
        assert len(mine) >= 3, ind
        pd.testing.assert_series_equal(mine.sort_index(), theirs.loc[mine.index].sort_index(),
                                       check_names=False, check_index_type=False)
    assert ov.indicator_frame(a, "disposisjonsfond_pst").query(
        "kommune == 'Røros'")["verdi"].tolist() == [5.1, 3.8, 5.9, 6.4]
    assert ov.indicator_frame(a, "netto_driftsresultat_pst").query(
        "kommune == 'Røros'")["verdi"].tolist() == [0.5, 1.8, -0.3]


def test_a_peer_equals_its_row_in_the_handlingsregler_report(data, a):
    """Tynset's row is the same in the overview and in the peer tables of Røros'
    handlingsregler report (and in Tynset's own analysis with Røros' rules)."""
    h = hrr.analyse(data, "Røros")
    for ind in ("disposisjonsfond_pst", "netto_lanegjeld_pst"):
        theirs = hrr.peer_frame(h, ind).query("kommune == 'Tynset'")
        mine = ov.indicator_frame(a, ind).query("kommune == 'Tynset'")
        assert mine["verdi"].tolist() == theirs["verdi"].tolist(), ind
        assert mine["aar"].tolist() == theirs["aar"].tolist()
    assert ov.indicator_frame(a, "netto_lanegjeld_pst").query(
        "kommune == 'Tynset'")["verdi"].tolist() == [70.7, 69.6, 68.4, 67.7]


def test_merforbruk_screen_at_exactly_three_percent_and_just_above(group_data):
    d = _with_rows(group_data, [("3427", 2022, "akkumulert_merforbruk_pst", 3.0),
                                ("5026", 2022, "akkumulert_merforbruk_pst", 3.1)])
    s = ov.analyse(d).screen.set_index("kommune")
    assert s.loc["Tynset", "merforbruk"] == analysis.OK  # 3,0 % is not above 3 %
    assert s.loc["Holtålen", "merforbruk"] == analysis.BRUDD
    assert s.loc["Holtålen", "akkumulert_merforbruk_pst"] == 3.1
    assert s.loc["Røros", "merforbruk"] == analysis.MANGLER  # missing is not zero
    shown = tables.screen_table(ov.analyse(d)).shown().set_index("Kommune")
    assert shown.loc["Holtålen", "Merforbruk over grensen"] == "Brudd"
    assert shown.loc["Tynset", "Merforbruk over grensen"] == "OK"
    assert shown.loc["Tynset", "Akkumulert merforbruk"] == "3,0\u00a0%"


def test_weak_buffer_at_its_threshold(group_data, a):
    # Røros' disposisjonsfond was 6,4 % in 2022: a threshold of 6,4 is met, 6,5 is not
    assert analysis.buffer_status(6.4, 6.4) == analysis.OK
    assert analysis.buffer_status(6.4, 6.5) == analysis.VARSEL
    assert analysis.buffer_status(float("nan"), 3.0) == analysis.MANGLER
    s = ov.analyse(group_data, svak_buffer_pst=7.1).screen.set_index("kommune")
    assert s.loc["Røros", "buffer"] == analysis.VARSEL  # 6,4 < 7,1
    assert s.loc["Holtålen", "buffer"] == analysis.OK  # 7,1 is exactly at it
    s = ov.analyse(group_data, svak_buffer_pst=7.2).screen.set_index("kommune")
    assert s.loc["Holtålen", "buffer"] == analysis.VARSEL
    # the default (3 %, the § 28-1 limit): nobody in the group is below it in 2022
    assert (a.screen["buffer"] == analysis.OK).all()
    assert a.svak_buffer_pst == 3.0
    assert "Ingen av kommunene med tall har disposisjonsfond under 3\u00a0%" in ov.summary(a)


def test_deficit_covered_by_the_fund(a):
    r = a.screen.set_index("kommune").loc["Røros"]
    assert r["netto_driftsresultat_pst"] == -0.3 and r["disposisjonsfond_pst"] == 6.4
    assert r["underskudd"] == analysis.OK  # −0,3 % is covered by 6,4 %
    assert analysis.deficit_status(-6.5, 6.4) == analysis.VARSEL
    assert analysis.deficit_status(-6.4, 6.4) == analysis.OK
    assert analysis.deficit_status(0.5, float("nan")) == analysis.OK
    assert analysis.deficit_status(float("nan"), 6.4) == analysis.MANGLER
    # Tynset has no netto driftsresultat in the data: missing, not a pass
    assert a.screen.set_index("kommune").loc["Tynset", "underskudd"] == analysis.MANGLER


def test_norm_line_only_where_there_is_a_national_norm(a):
    spec = charts.chart_panels(a, "netto_driftsresultat_pst").to_dict()
    rules = [lay for lay in spec["spec"]["layer"] if lay["mark"].get("type") == "rule"
             or lay["mark"] == "rule"]
    assert len(rules) == 1 and rules[0]["encoding"]["y"]["datum"] == 1.75
    spec = charts.chart_panels(a, "disposisjonsfond_pst").to_dict()
    assert not [lay for lay in spec["spec"]["layer"]
                if "rule" in str(lay["mark"])]
    t = tables.indicator_table(a, "netto_driftsresultat_pst").shown()
    assert set(t["Norm"]) == {"≥\u00a01,75\u00a0%"}
    assert set(tables.indicator_table(a, "netto_lanegjeld_pst").shown()["Norm"]) == {"ingen"}
    b = ov.analyse(dict(a.data), "Røros", norm_netto_driftsresultat_pst=2.0)
    spec = charts.chart_panels(b, "netto_driftsresultat_pst").to_dict()
    assert [lay["encoding"]["y"]["datum"] for lay in spec["spec"]["layer"]
            if "rule" in str(lay["mark"])] == [2.0]


def test_subject_is_highlighted_in_chart_and_tables(group_data, a):
    df = charts.panels_frame(a, "disposisjonsfond_pst")
    assert set(df.loc[df["valgt"], "kommune"]) == {"Røros (valgt kommune)"}
    assert df["valgt"].sum() == 4
    spec = charts.chart_panels(a, "disposisjonsfond_pst").to_dict()
    assert spec["facet"]["sort"][0] == "Røros (valgt kommune)"
    assert "Røros er tegnet med tykk mørkeblå linje" in spec["description"]
    t = tables.indicator_table(a, "disposisjonsfond_pst")
    assert t.frame["Kommune"].tolist()[0] == "Røros (valgt kommune)"
    assert t.css_classes["Kommune"]("Røros (valgt kommune)") == tables.VALGT
    assert t.css_classes["Kommune"]("Tynset") == ""
    none = ov.analyse(group_data)
    assert not charts.panels_frame(none, "disposisjonsfond_pst")["valgt"].any()
    assert tables.indicator_table(none, "disposisjonsfond_pst").frame["Kommune"].tolist() == GROUP


def test_table_equals_the_analysis_in_the_group_order_not_a_ranking(a):
    t = tables.indicator_table(a, "netto_lanegjeld_pst")
    assert list(t.frame.columns) == ["Kommune", "KOSTRA-gruppe", "2019", "2020", "2021",
                                     "2022", "Norm"]
    frame = t.frame.assign(kommune=[k.removesuffix(text.SUBJECT_MARK) for k in t.frame["Kommune"]])
    for r in ov.indicator_frame(a, "netto_lanegjeld_pst").itertuples():
        assert frame.set_index("kommune").loc[r.kommune, str(r.aar)] == r.verdi
    shown = t.shown().set_index("Kommune")
    assert shown.loc["Holtålen", "2022"] == "114,1\u00a0%"
    assert shown.loc["Røros (valgt kommune)", "2021"] == "100,6\u00a0%"
    assert shown.loc["Tynset", "KOSTRA-gruppe"] == "–"  # not known, not guessed
    # Oppdal has the lowest debt but stays third, as in gruppe.csv
    assert t.frame["Kommune"].tolist()[2] == "Oppdal"


def test_source_line_says_public_statistics_kostra_and_years(a):
    line = tables.indicator_table(a, "disposisjonsfond_pst").notes[-1]
    assert line.startswith("Kilde: offentlig statistikk, KOSTRA (SSB)")
    assert "2019–2022" in line and "(B)" in line


def test_group_average_rows_when_the_data_hold_them(group_data):
    d = _with_rows(group_data, [("EKG11", 2021, "disposisjonsfond_pst", 12.3),
                                ("EKG11", 2022, "disposisjonsfond_pst", 13.4)])
    b = ov.analyse(d, "Røros")
    t = tables.indicator_table(b, "disposisjonsfond_pst").shown()
    last = t.iloc[-1]
    assert last["Kommune"] == "Kostragruppe 11 (gjennomsnitt)"
    assert (last["2021"], last["2022"], last["2019"]) == ("12,3\u00a0%", "13,4\u00a0%", "–")
    assert "KOSTRA-grupper" not in " ".join(text.missing_notes(b))


def test_key_figures_are_the_table_figures(a):
    k = ov.key_figures(a)
    assert set(k["rapport"]) == {"oversikt"}
    row = k[(k["kommune"] == "Holtålen") & (k["nokkel"] == "netto_lanegjeld_pst")
            & (k["aar"] == 2022)]
    assert row["verdi"].item() == 114.1
    assert len(k) == len(a.values.dropna(subset=["verdi"]))


def test_default_data_folder_has_no_group_so_the_report_is_skipped():
    from helpers.pack import mangler

    missing, _ = mangler.missing_for("oversikt", PROJECT_ROOT / "data")
    assert missing == ["gruppe"]
    assert mangler.missing_for("oversikt", EXAMPLE)[0] == []
