"""Tests for the befolkning data files and helpers.

Expected figures are the ones printed in the seed (Røros, HØP 2024–2027,
kommunedirektørens forslag), chapter «Befolkningsutvikling»: the table «Befolkningsutvikling
per årsak», the table «Befolkningsprognose» (Sterk aldring), the table «Prognose vekst» and
the paragraph on aldersbæreevne.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.data import DataError, load_data, load_file, validate_frame
from helpers.data.specs import all_specs
from helpers.data.specs.befolkning import KOMPONENTER
from helpers.presentation.formatting import round_half_up
from helpers.reports import befolkning as b

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "befolkning"
ROROS = "5025"

HIST_YEARS = list(range(2013, 2024))
# Printed derived rows of «Befolkningsutvikling per årsak» (not stored in the data).
PRINTED_FODSELSOVERSKUDD = [-22, -36, -10, -18, -9, -27, -34, -24, 1, -26, -9]
PRINTED_NETTO = [17, 46, 53, 5, 49, -25, 5, -8, 20, 53, 66]
PRINTED_FOLKEVEKST = [-6, 10, 42, -12, 40, -53, -29, -31, 22, 26, 57]

PROJ_YEARS = list(range(2023, 2034))
PRINTED_TOTAL = [5598, 5589, 5590, 5592, 5592, 5592, 5591, 5590, 5588, 5585, 5581]
# «Prognose vekst», per cent of 2023, one decimal as printed.
PRINTED_GROWTH = {
    "0": [100.0, 93.8, 91.7, 89.6, 89.6, 85.4, 85.4, 85.4, 83.3, 81.3, 81.3],
    "1-5": [100.0, 98.1, 98.9, 96.2, 94.7, 86.8, 84.5, 83.8, 81.5, 81.1, 79.2],
    "6-15": [100.0, 102.8, 100.6, 98.1, 97.2, 99.8, 98.5, 99.3, 98.3, 96.6, 95.2],
    "16-19": [100.0, 93.7, 99.2, 100.8, 99.6, 100.0, 94.9, 88.2, 84.8, 85.7, 86.5],
    "20-66": [100.0, 99.0, 98.7, 98.1, 97.1, 96.9, 96.9, 96.7, 96.7, 96.6, 95.9],
    "67-79": [100.0, 99.0, 97.5, 99.4, 100.7, 100.5, 99.7, 99.2, 98.3, 97.8, 97.7],
    "80-89": [100.0, 112.2, 121.5, 129.3, 140.0, 146.7, 155.9, 167.0, 172.6, 177.8, 186.7],
    "90+": [100.0, 115.1, 111.3, 111.3, 113.2, 111.3, 120.8, 115.1, 135.8, 135.8, 145.3],
    b.TOTAL: [100.0, 99.8, 99.9, 99.9, 99.9, 99.9, 99.9, 99.9, 99.8, 99.8, 99.7],
}


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_data(DATA)


@pytest.fixture(scope="module")
def history(data) -> pd.DataFrame:
    return b.history_table(data["befolkning_endringer"], ROROS)


@pytest.fixture(scope="module")
def projection(data) -> pd.DataFrame:
    return b.projection_long(data["befolkning_framskrivning"], ROROS)


@pytest.fixture(scope="module")
def wide(projection) -> pd.DataFrame:
    return b.projection_wide(projection)


@pytest.fixture(scope="module")
def costs() -> pd.DataFrame:
    spec = all_specs()["befolkning_kostnad_aldersgruppe"]
    return load_file(FIXTURES / "befolkning_kostnad_aldersgruppe.csv", spec)


# ---------------------------------------------------------------- data files


def test_files_load_with_expected_shape(data):
    endr = data["befolkning_endringer"]
    proj = data["befolkning_framskrivning"]
    assert len(endr) == 11 * 8
    assert sorted(endr["aar"].unique()) == HIST_YEARS
    assert len(proj) == 11 * 8
    assert sorted(proj["aar"].unique()) == PROJ_YEARS
    assert set(proj["alternativ"]) == {"sterk_aldring"}
    assert (endr["kilde"].str.len() > 0).all() and (proj["kilde"].str.len() > 0).all()


def test_stored_components_spot_values(history):
    h = history.set_index("aar")
    assert h.loc[2013, "folketall_start"] == 5589
    assert h.loc[2021, "fodte"] == 60
    assert h.loc[2019, "dode"] == 78
    assert h.loc[2022, "innvandring"] == 64
    assert h.loc[2021, "utvandring"] == 37
    assert h.loc[2021, "innflytting_innenlands"] == 247
    assert h.loc[2020, "utflytting_innenlands"] == 251
    assert h.loc[2023, "folketall_slutt"] == 5655
    assert h.loc[2023, "til_kvartal"] == 2
    assert (h.loc[2013:2022, "til_kvartal"] == 4).all()


def test_bad_component_is_rejected():
    spec = all_specs()["befolkning_endringer"]
    df = pd.DataFrame({"kommunenummer": ["5025"], "aar": ["2013"], "til_kvartal": ["4"],
                       "komponent": ["folkevekst"], "verdi": ["-6"],
                       "datatype": ["statistikk"], "kilde": ["x"]})
    with pytest.raises(DataError) as err:
        validate_frame(spec, df, known_kommuner={"5025"})
    columns = {p.column for p in err.value.problems}
    assert "komponent" in columns  # derived rows are not stored
    assert "verdi" in columns  # counts are never negative


# ---------------------------------------------------------------- history by cause


def test_derived_rows_match_printed(history):
    assert history["aar"].tolist() == HIST_YEARS
    assert history["fodselsoverskudd"].tolist() == PRINTED_FODSELSOVERSKUDD
    assert history["netto_innvandring_flytting"].tolist() == PRINTED_NETTO
    assert history["folkevekst"].tolist() == PRINTED_FOLKEVEKST


def test_component_sum_differs_from_folkevekst_where_the_seed_does(history):
    # The printed folkevekst equals the change in folketall; the printed components add up
    # to it in four of eleven periods and are one person off in the other seven.
    printed_residual = [f - (n + m) for f, n, m in
                        zip(PRINTED_FOLKEVEKST, PRINTED_FODSELSOVERSKUDD, PRINTED_NETTO,
                            strict=True)]
    assert history["avvik_komponenter"].tolist() == printed_residual
    assert printed_residual == [-1, 0, -1, 1, 0, -1, 0, 1, 1, -1, 0]
    checks = b.history_checks(history)
    assert checks["kontroll"].tolist() == ["komponenter"] * 7
    assert checks["aar"].tolist() == [2013, 2015, 2016, 2018, 2020, 2021, 2022]


def test_periods_chain_and_agree_with_folketall_csv(history, data):
    assert history["avvik_kjede"].iloc[1:].tolist() == [0] * 10
    checks = b.history_checks(history, data["folketall"], ROROS)
    assert not (checks["kontroll"].isin(["kjede", "folketall.csv"])).any()
    ft = data["folketall"].query("kommunenummer == @ROROS").set_index("aar")["folketall"]
    ends = b.full_years(history).set_index("aar")["folketall_slutt"]
    assert ends.to_dict() == {int(k): int(v) for k, v in ft.items()}


def test_mismatches_are_reported():
    rows = []
    for y, start, end in ((2020, 100, 110), (2021, 111, 112)):
        for k, v in zip(KOMPONENTER, (start, 5, 2, 3, 1, 10, 5, end), strict=True):
            rows.append({"kommunenummer": "9999", "aar": y, "til_kvartal": 4,
                         "komponent": k, "verdi": v})
    h = b.history_table(pd.DataFrame(rows), "9999")
    assert h["komponentsum"].tolist() == [10, 10]
    checks = b.history_checks(h, pd.DataFrame({"kommunenummer": ["9999"], "aar": [2021],
                                               "folketall": [115]}), "9999")
    assert checks.to_dict("records") == [
        {"aar": 2021, "kontroll": "komponenter", "forventet": 10, "faktisk": 1, "avvik": -9},
        {"aar": 2021, "kontroll": "kjede", "forventet": 110, "faktisk": 111, "avvik": 1},
        {"aar": 2021, "kontroll": "folketall.csv", "forventet": 115, "faktisk": 112,
         "avvik": -3},
    ]


def test_missing_component_raises():
    rows = [{"kommunenummer": "9999", "aar": 2020, "til_kvartal": 4, "komponent": k,
             "verdi": 1} for k in KOMPONENTER if k != "dode"]
    with pytest.raises(ValueError, match="2020: dode"):
        b.history_table(pd.DataFrame(rows), "9999")


def test_text_figures_on_the_decline_and_recent_growth(history):
    h = history.set_index("aar")
    # Down 113 from 2018 to 2020; up 26 in 2022 and 57 in the first half of 2023.
    assert h.loc[2018:2020, "folkevekst"].sum() == -113
    assert h.loc[2022, "folkevekst"] == 26
    assert h.loc[2023, "folkevekst"] == 57
    assert b.period_label(2023, 2) == "2023 (1.–2. kv.)"


# ---------------------------------------------------------------- projection


def test_projection_groups_and_totals(projection, wide):
    assert b.projection_checks(projection) == []
    assert list(wide.columns) == ["0", "1-5", "6-15", "16-19", "20-66", "67-79", "80-89", "90+"]
    assert b.with_total(wide)[b.TOTAL].tolist() == PRINTED_TOTAL
    assert wide.loc[2033, "80-89"] == 504
    assert wide.loc[2024, "20-66"] == 3172


def test_growth_table_matches_printed(wide):
    index = b.growth_index(b.with_total(wide))
    assert index.index.tolist() == PROJ_YEARS
    for group, printed in PRINTED_GROWTH.items():
        got = [round_half_up(v, 1) for v in index[group]]
        assert got == printed, group


def test_round_half_up_matters_for_the_printed_table(wide):
    # 39/48 = 81.25 %: the seed prints 81,3, banker's rounding would give 81,2.
    value = b.growth_index(wide).loc[2033, "0"]
    assert value == 81.25
    assert round_half_up(value, 1) == 81.3
    assert round(value, 1) == 81.2


def test_growth_index_other_base_year(wide):
    index = b.growth_index(wide, base_year=2028)
    assert index.loc[2028].eq(100).all()
    assert index.loc[2033, "1-5"] == pytest.approx(210 / 230 * 100)
    with pytest.raises(ValueError):
        b.growth_index(wide, base_year=2040)


def test_projection_period(data):
    proj = b.projection_long(data["befolkning_framskrivning"], ROROS, start=2025, end=2030)
    assert sorted(proj["aar"].unique()) == list(range(2025, 2031))
    with pytest.raises(ValueError, match="2040"):
        b.projection_long(data["befolkning_framskrivning"], ROROS, end=2040)
    with pytest.raises(ValueError, match="alternativ"):
        b.projection_long(data["befolkning_framskrivning"], ROROS, alternativ="hovedalternativ")


def test_gap_in_age_groups_is_reported(projection):
    broken = projection[projection["aldersgruppe"] != "16-19"]
    problems = b.projection_checks(broken)
    assert any("hull ved 16 år" in p for p in problems)


# ---------------------------------------------------------------- aldersbæreevne


def test_aldersbaereevne_2023_matches_ssb(wide):
    ratio = b.aldersbaereevne(wide)
    assert ratio[2023] == pytest.approx((237 + 3204) / (984 + 270 + 53))
    assert round_half_up(ratio[2023], 2) == 2.63
    # About 2 in 2033, as the seed says; falling every year of the projection.
    assert round_half_up(ratio[2033], 0) == 2
    assert ratio.is_monotonic_decreasing


def test_aldersbaereevne_working_age_20_66_does_not_reproduce(wide):
    ratio = b.aldersbaereevne(wide, working=("20-66",))
    assert round_half_up(ratio[2023], 2) == 2.45
    with pytest.raises(ValueError, match="både"):
        b.aldersbaereevne(wide, working=("20-66", "67-79"), elderly=("67-79",))
    with pytest.raises(ValueError, match="Ukjente"):
        b.aldersbaereevne(wide, elderly=("67+",))


def test_aldersbaereevne_comparison_with_published(wide, data):
    cmp = b.aldersbaereevne_comparison(b.aldersbaereevne(wide),
                                       data["befolkning_aldersbaereevne"], ROROS)
    rows = cmp.set_index("aar")
    assert rows.loc[2013, "publisert"] == 3.31 and pd.isna(rows.loc[2013, "stemmer"])
    assert rows.loc[2023, "stemmer"] is True
    assert rows.loc[2033, "stemmer"] is True


# ---------------------------------------------------------------- population series


def test_population_series_joins_history_and_projection(history, wide):
    series = b.population_series(history, wide)
    assert series["aar"].tolist() == list(range(2013, 2033))
    s = series.set_index("aar")
    assert s.loc[2022, "folketall"] == 5598 and s.loc[2022, "type"] == "registrert"
    assert s.loc[2023, "folketall"] == 5589 and s.loc[2023, "tidspunkt"] == "1.1.2024"
    assert s.loc[2032, "folketall"] == 5581
    assert b.projection_base_check(history, wide) == {
        "aar": 2023, "registrert": 5598, "framskrivning": 5598, "avvik": 0}


# ---------------------------------------------------------------- demographic cost


def test_demographic_cost_arithmetic(projection, costs):
    cp = b.demographic_cost(projection, costs, ROROS)
    assert cp.cost_year == 2023
    assert cp.uncovered == ["0", "16-19", "20-66"]
    per_year = cp.per_year.set_index("aar")
    # 2023: 265 × 200 000 + 537 × 150 000 + (984 + 270 + 53) × 50 000 kr
    assert per_year.loc[2023, "kostnad_1000kr"] == pytest.approx(198_900)
    # 2024: 260 × 200 000 + 552 × 150 000 + (974 + 303 + 61) × 50 000 kr
    assert per_year.loc[2024, "kostnad_1000kr"] == pytest.approx(201_700)
    assert per_year.loc[2024, "endring_fra_forrige_1000kr"] == pytest.approx(2_800)
    assert pd.isna(per_year.loc[2023, "endring_fra_forrige_1000kr"])
    # 2033: 210 × 200 + 511 × 150 + (961 + 504 + 77) × 50 = 195 750
    assert per_year.loc[2033, "endring_fra_start_1000kr"] == pytest.approx(195_750 - 198_900)
    older = cp.per_group.query("aar == 2033 and aldersgruppe == '67+'")
    assert older["personer"].item() == 961 + 504 + 77


def test_demographic_cost_uses_chosen_year(projection, costs):
    cp = b.demographic_cost(projection, costs, ROROS, cost_year=2022)
    assert cp.per_year.set_index("aar").loc[2023, "kostnad_1000kr"] == pytest.approx(
        265 * 150)


def test_cost_group_straddling_projection_groups_is_an_error(projection):
    costs = pd.DataFrame({"kommunenummer": [ROROS], "aar": [2023], "aldersgruppe": ["60-69"],
                          "alder_fra": [60], "alder_til": [69], "kr_per_innbygger": [1.0]})
    with pytest.raises(ValueError, match="20-66"):
        b.demographic_cost(projection, costs, ROROS)


# ---------------------------------------------------------------- key figures


def _kf(data, **kw) -> pd.DataFrame:
    return b.key_figures(data["befolkning_endringer"], data["befolkning_framskrivning"],
                         data["kommuner"], "Røros", **kw)


def test_key_figures(data):
    kf = _kf(data)
    assert set(kf["rapport"]) == {"befolkning"} and set(kf["kommune"]) == {"Røros"}

    def get(nokkel, aar, dim=""):
        hit = kf[(kf["nokkel"] == nokkel) & (kf["aar"] == aar) & (kf["dimensjon"] == dim)]
        return hit["verdi"].item()

    # Registered and projected folketall are told apart by dimensjon.
    assert get("folketall", 2013, "registrert") == 5583
    assert get("folketall", 2022, "registrert") == 5598
    assert get("folketall", 2032, "framskrevet") == 5581
    ft = kf[kf["nokkel"] == "folketall"]
    assert ft.loc[ft["aar"] <= 2022, "dimensjon"].eq("registrert").all()
    assert ft.loc[ft["aar"] > 2022, "dimensjon"].eq("framskrevet").all()
    # Written as shown: index and % to one decimal, aldersbæreevne to two.
    assert get("aldersgruppe_vekst_pst", 2033, "80-89") == 86.7
    assert get("aldersgruppe_indeks", 2031, "90+") == 135.8
    assert get("aldersbaereevne", 2023) == 2.63
    folkevekst = kf[kf["nokkel"] == "folkevekst"].set_index("aar")["verdi"]
    assert folkevekst.index.tolist() == list(range(2013, 2023))  # 2023 is half a year
    assert folkevekst.tolist() == PRINTED_FOLKEVEKST[:-1]
    assert round_half_up(get("aldersgruppe_vekst_pst", 2033, "80-89"), 1) == 86.7
    assert round_half_up(get("aldersgruppe_indeks", 2031, "90+"), 1) == 135.8
    assert get("aldersgruppe_antall", 2033, b.TOTAL) == 5581
    assert round_half_up(get("aldersbaereevne", 2023), 2) == 2.63
    assert "demografisk_kostnad_endring" not in set(kf["nokkel"])


def test_key_figures_with_period_and_costs(data, costs):
    kf = _kf(data, start=2025, end=2030, costs=costs)
    idx = kf[kf["nokkel"] == "aldersgruppe_indeks"]
    assert idx["aar"].min() == 2025 and idx["aar"].max() == 2030
    assert idx[idx["aar"] == 2025]["verdi"].eq(100).all()
    cost = kf[kf["nokkel"] == "demografisk_kostnad_endring"].set_index("aar")["verdi"]
    assert cost[2025] == 0
    # 2030 against 2025, fixture prices: (222 − 262) × 200 + (533 − 540) × 150
    # + ((976 + 451 + 61) − (959 + 328 + 59)) × 50
    assert cost[2030] == pytest.approx(-40 * 200 - 7 * 150 + 142 * 50)


def test_municipality_without_population_data(data):
    a = b.analyse(data, "Tynset")
    assert a.history is None and a.projection is None
    assert b.commentary(a) == ""
    assert len(b.missing_data(a)) == 2
    assert b.analysis_key_figures(a).empty


def test_analysis_defaults_reproduce_seed(data):
    a = b.analyse(data, "Røros")
    assert (a.start, a.end) == (2023, 2033)
    assert b.ratio_mismatch(a) == ""
    assert b.keyfacts(a)[0] == ("5\u00a0598", "innbyggere 31.12.2022")
    text = b.commentary(a)
    # the aldersbæreevne paragraph is printed once, in its section, not in the summary too
    assert "2,63 i 2023" not in text and "2,63 i 2023" in b.commentary_ratio(a)
    assert "3,31 i 2013" in b.commentary_ratio(a)
    assert "81 færre barn" in text and "258 flere innbyggere over 80 år" in text
    kf = b.analysis_key_figures(a)
    assert kf.equals(_kf(data))


def test_analysis_flags_working_age_that_misses_ssb(data):
    a = b.analyse(data, "Røros", working=["20-66"])
    assert "2023" in b.ratio_mismatch(a)


# ---------------------------------------------------------------- the built report (slow)


@pytest.mark.slow
def test_build_with_costs_and_other_parameters(tmp_path):
    import shutil

    from pypdf import PdfReader

    from helpers.pack.catalogue import available_reports
    from helpers.pack.runner import build_one

    # The project's data plus the fixture cost file, so the cost section is built too.
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    shutil.copy(FIXTURES / "befolkning_kostnad_aldersgruppe.csv", data_dir)
    result = build_one(available_reports()["befolkning"],
                       {"kommune": "5025", "framskriving_til": 2030,
                        "arbeidsfor_alder": ["20-66"]}, tmp_path / "out", data_dir)
    assert result.ok, result.error
    folder = tmp_path / "out" / "befolkning"
    kf = pd.read_csv(folder / "nokkeltall.csv", dtype={"dimensjon": str},
                     keep_default_na=False, na_values=[""])
    kf["dimensjon"] = kf["dimensjon"].fillna("")
    get = kf.set_index(["nokkel", "aar", "dimensjon"])["verdi"]
    # 3 204 ÷ (984 + 270 + 53) = 2,4514…, written with the two decimals the report shows.
    assert get[("aldersbaereevne", 2023, "")] == 2.45
    assert round_half_up(get[("aldersgruppe_indeks", 2030, "80-89")], 1) == 167.0
    assert ("aldersgruppe_indeks", 2031, "80-89") not in get.index
    # Fixture prices: (222 − 265) × 200 + (533 − 537) × 150 + (1488 − 1307) × 50 (1000 kr)
    assert get[("demografisk_kostnad_endring", 2030, "")] == pytest.approx(
        -43 * 200 - 4 * 150 + 181 * 50)
    text = " ".join(p.extract_text() for p in PdfReader(folder / "befolkning.pdf").pages)
    text = " ".join(text.split())
    assert "Befolkning – Røros kommune" in text
    # 20–66 år as working age does not give SSB's 2,63 for 2023: the report warns.
    assert "avviker fra publisert tall for 2023" in text
    assert "Demografisk kostnadspress kan ikke regnes ut" not in text
    assert "Aldersgrupper uten kostnadstall er holdt utenfor" in text


# ---------------------------------------------------------------- issue 10: precision and years


def test_rounded_source_figure_is_shown_and_compared_at_its_precision(data):
    a = b.analyse(data, "Røros")
    c = a.ratio_comparison.set_index("aar")
    # The source gives 2033 as a whole number (desimaler 0 in the data).
    assert c.loc[2033, "desimaler"] == 0 and c.loc[2033, "publisert"] == 2
    assert round(c.loc[2033, "beregnet"], 2) == 2.13
    t = b.ratio_comparison_display(a)
    values = t.frame.set_index("År")
    assert values.loc[2033, "Publisert"] == 2 and round(values.loc[2033, "Beregnet"], 4) == 2.1265
    shown = t.shown().set_index("År")
    assert shown.loc["2033", "Publisert"] == "2 (avrundet)"
    assert shown.loc["2033", "Beregnet"] == "2,13"
    assert shown.loc["2033", "Beregnet, avrundet som kilden"] == "2"
    assert shown.loc["2033", "Stemmer"] == "Ja, på hele tall"
    assert b.rounding_interval(2, 0) == (1.5, 2.5)
    assert b.rounding_interval(2.63, 2) == pytest.approx((2.625, 2.635))


def test_chart_draws_a_rounded_source_figure_as_its_interval(data):
    a = b.analyse(data, "Røros")
    spec = b.chart_ratio(a).to_dict()
    datasets = [rows for rows in spec["datasets"].values()
                if rows and "fra" in rows[0]]
    rows = {r["aar"]: r for d in datasets for r in d}
    assert rows[2033]["fra"] == 1.5 and rows[2033]["til"] == 2.5
    assert rows[2033]["etikett"] == "Publisert: 2 (avrundet til hele tall)"
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]]
    assert "bar" in marks  # the interval, not a point at 2,0


def test_projection_year_outside_the_data_stops_with_one_line(data):
    from helpers.data.coverage import CoverageError

    with pytest.raises(CoverageError) as err:
        b.analyse(data, "Røros", start=2040)
    assert str(err.value) == ("Parameteren framskriving_fra er 2040, men framskrivningen for "
                              "Røros (sterk aldring) har bare tall for 2023–2033.")
    with pytest.raises(CoverageError, match="framskriving_til er 2050"):
        b.analyse(data, "Røros", end=2050)


def test_commentary_says_what_a_rounded_source_figure_can_tell(data):
    text = b.commentary_ratio(b.analyse(data, "Røros"))
    assert ("Tallet for 2033 er oppgitt avrundet til hele tall (2); det sier bare at verdien "
            "ligger mellom 1,5 og 2,5, og beregnet verdi er 2,13.") in text


@pytest.mark.slow
def test_built_report_shows_the_rounded_source_figure_as_rounded(built_defaults):
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in
                    PdfReader(built_defaults["befolkning"] / "befolkning.pdf").pages)
    text = " ".join(text.replace("\u00a0", " ").split())
    assert "2033 2 (avrundet) 2,13 2 Ja, på hele tall" in text
    assert "ligger mellom 1,5 og 2,5" in text
    kf = pd.read_csv(built_defaults["befolkning"] / "nokkeltall.csv", keep_default_na=False)
    ft = kf[kf["nokkel"] == "folketall"].set_index("aar")["dimensjon"]
    assert ft[2022] == "registrert" and ft[2032] == "framskrevet"


def test_population_axis_says_it_does_not_start_at_zero(data):
    """Folketall moves a few hundred around 5 600: the axis starts near the values, in
    whole hundreds, and the chart says where it starts (issue 11: a quantity axis starts
    at zero unless the chart says it does not)."""
    lo, hi = b.population_axis(pd.Series([5600.0, 5700.0]))
    assert (lo, hi) == (5500.0, 5800.0)  # margin 30 = 5 570 → 5 500; 5 730 → 5 800
    assert b.population_axis(pd.Series([10.0, 50.0]))[0] == 0.0  # never below zero
    a = b.analyse(data, "Røros")
    spec = b.chart_population(a).to_dict()
    values = a.series["folketall"]
    first = spec["layer"][0]
    start = first["encoding"]["y"]["scale"]["domain"][0]
    assert start == b.population_axis(values)[0] and 0 < start <= values.min()
    shown = f"{start:,.0f}".replace(",", "\u00a0")
    assert (spec.get("title") or first["title"])["subtitle"] == (
        f"Aksen starter på {shown} innbyggere, ikke på null.")
