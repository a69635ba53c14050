"""Tests for the klimabudsjett data files and helpers.

The seed tests check figures printed in HØP 2024–2027 (Røros, kommunedirektørens forslag),
kap. Klimabudsjett; the fixture tests (tests/fixtures/klima/, invented figures) check the
arithmetic of the reference path, the target path and the gap.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.data import DataError, load_data, load_file, validate_frame
from helpers.data.specs import all_specs
from helpers.data.specs.klima import UTSLIPP_SEKTORER
from helpers.presentation.nokkeltall import UNITS
from helpers.reports import klima

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "klima"
KLIMA_FILES = ["klima_utslipp", "klima_tiltak", "klima_tiltak_reduksjon", "klima_mal"]
ROROS, TYNSET, OPPDAL, MIDTRE_GAULDAL, OS, HOLTALEN = (
    "5025", "3427", "5021", "5027", "3430", "5026")


@pytest.fixture(scope="module")
def seed() -> dict[str, pd.DataFrame]:
    return load_data(DATA, only=KLIMA_FILES + ["folketall"])


@pytest.fixture(scope="module")
def fx() -> dict[str, pd.DataFrame]:
    specs = all_specs()
    out = {"kommuner": load_file(FIXTURE / "kommuner.csv", specs["kommuner"])}
    known = set(out["kommuner"]["kommunenummer"])
    for stem in KLIMA_FILES + ["folketall"]:
        out[stem] = load_file(FIXTURE / f"{stem}.csv", specs[stem], known)
    return out


def _measures(data, knr="5025", budsjettaar=None):
    return klima.select_measures(data["klima_tiltak"], data["klima_tiltak_reduksjon"], knr,
                                 budsjettaar)


# ---------------------------------------------------------------- seed: data files


def test_seed_files_load_with_expected_sizes(seed):
    assert len(seed["klima_utslipp"]) == 60  # 6 municipalities × (9 sectors + Sum)
    assert len(seed["klima_tiltak"]) == 47  # 22 direct + 25 indirect
    assert len(seed["klima_tiltak_reduksjon"]) == 22 * 6 + 25 * 12
    assert set(seed["klima_utslipp"]["aar"]) == {2021}


@pytest.mark.parametrize("knr, printed_sum", [
    (ROROS, 22122.5), (TYNSET, 78475.3), (OPPDAL, 66596.3), (MIDTRE_GAULDAL, 63089.8),
    (OS, 25302.5), (HOLTALEN, 15082.5),
])
def test_seed_sector_totals(seed, knr, printed_sum):
    """Klimastatistikk, row «Sum»: the total is the printed one, and the sectors add up to it
    within the rounding of nine figures to 0.1 t."""
    tot = klima.total_emissions(seed["klima_utslipp"])
    row = tot[(tot["kommunenummer"] == knr) & (tot["aar"] == 2021)].iloc[0]
    assert row["verdi"] == pytest.approx(printed_sum)
    assert bool(row["oppgitt"])
    assert abs(row["sum_sektorer"] - printed_sum) <= 0.1 + 1e-9


def test_seed_sector_values_roros(seed):
    st = klima.sector_table(seed["klima_utslipp"], ROROS, 2021).set_index("sektor")
    assert st.loc["Jordbruk", "verdi"] == pytest.approx(10506.4)
    assert st.loc["Veitrafikk", "verdi"] == pytest.approx(6441.5)
    assert st.loc["Annen mobil forbrenning", "verdi"] == pytest.approx(3150.9)
    assert st.loc["Oppvarming", "verdi"] == pytest.approx(1292.1)
    assert st.loc["Luftfart", "verdi"] == pytest.approx(164.4)
    assert st.loc["Sjøfart", "verdi"] == 0
    # the example (HØP 2024–2027, 2021) has the nine sectors before «Produkter med
    # fluorgasser»; a sector the data do not have gets no row
    assert list(st.index) == [*UTSLIPP_SEKTORER[:9], "Totalt"]
    # Shares of the sector sum add to 100; farming is the largest sector.
    assert st.drop("Totalt")["andel_pst"].sum() == pytest.approx(100)
    assert st.loc["Jordbruk", "andel_pst"] == pytest.approx(10506.4 / 22122.6 * 100)
    assert st.drop("Totalt")["verdi"].idxmax() == "Jordbruk"


def test_seed_comparison_table(seed):
    cmp_ = klima.comparison_table(seed["klima_utslipp"], [ROROS, TYNSET, HOLTALEN], 2021)
    assert list(cmp_.columns) == [ROROS, TYNSET, HOLTALEN]
    assert cmp_.loc["Veitrafikk", TYNSET] == pytest.approx(34651.3)
    assert cmp_.loc["Jordbruk", HOLTALEN] == pytest.approx(8636.5)
    assert cmp_.loc["Totalt", TYNSET] == pytest.approx(78475.3)


def test_seed_per_capita_only_where_population_known(seed):
    pc = klima.per_capita(seed["klima_utslipp"], seed["folketall"], [ROROS, TYNSET], 2021)
    r = pc.set_index("kommunenummer")
    # folketall.csv: Røros 5572 at 31.12.2021
    assert r.loc[ROROS, "tonn_per_innbygger"] == pytest.approx(22122.5 / 5572)
    assert math.isnan(r.loc[TYNSET, "tonn_per_innbygger"])


# ---------------------------------------------------------------- seed: measures


def test_seed_measure_counts(seed):
    t, r = _measures(seed)
    counts = klima.measure_counts(t, r).set_index("type")
    assert counts.loc["direkte", "antall"] == 22
    assert counts.loc["indirekte", "antall"] == 25
    assert counts.loc["totalt", "antall"] == 47
    assert counts.loc["direkte", "kvantifisert"] == 0
    assert counts.loc["indirekte", "kvantifisert"] == 3
    q = klima.quantified(t, r)
    names = set(t.set_index("tiltak_id").loc[q[q].index, "tiltak"])
    assert names == {"Kommunedirektørens stab: Digital vårrengjøring",
                     "Kommunedirektørens stab: Slukke lys og slå av elektrisk utstyr",
                     "Kommunedirektørens stab: jobbrelaterte reiser"}


def test_seed_reductions_per_year_match_sum_rows(seed):
    """Tables «Direkte utslipp» and «Indirekte utslipp», row «Sum»."""
    t, r = _measures(seed)
    by_year = klima.reductions_by_year(t, r).set_index("aar")
    assert list(by_year.index) == list(range(2022, 2034))
    assert (by_year.loc[2022:2027, "direkte"] == 0).all()
    assert by_year.loc[2028:2033, "direkte"].isna().all()  # the direct table ends in 2027
    assert by_year.loc[2022, "indirekte"] == pytest.approx(0.0)
    for aar in range(2023, 2034):
        assert by_year.loc[aar, "indirekte"] == pytest.approx(5.3)
    assert by_year.loc[2025, "totalt"] == pytest.approx(5.3)
    assert math.isnan(by_year.loc[2030, "totalt"])
    lt = klima.long_term_by_type(t).set_index("type")
    assert lt.loc["indirekte", "reduksjon_langsiktig"] == pytest.approx(8.3)
    assert lt.loc["direkte", "reduksjon_langsiktig"] == pytest.approx(0.0)
    # Every cost column in both tables (Sum row) is 0.
    assert lt.loc["totalt", "kostnad_budsjettaar"] == 0
    assert lt.loc["totalt", "kostnad_planperiode"] == 0


def test_seed_reductions_by_sector(seed):
    t, r = _measures(seed)
    sec = klima.reductions_by_sector(t, r).set_index("sektor")
    assert sec.loc["Veitrafikk", 2025] == pytest.approx(5.0)
    assert sec.loc["Energiforsyning", 2025] == pytest.approx(0.3)
    assert sec.loc["Annet", "reduksjon_langsiktig"] == pytest.approx(3.0)
    assert sec["antall"].sum() == 47


def test_seed_measure_table_and_owner(seed):
    t, r = _measures(seed)
    tab = klima.measure_table(t, r, "indirekte").set_index("tiltak_id")
    assert tab.loc["I25", "tiltak"] == "Kommunedirektørens stab: jobbrelaterte reiser"
    assert tab.loc["I25", "eier"] == "Kommunedirektørens stab"
    assert tab.loc["I25", "rammeomraade"] == "Stab og støtte"
    assert tab.loc["I25", 2030] == pytest.approx(5.0)
    assert tab.loc["I09", "reduksjon_langsiktig"] == pytest.approx(3.0)
    direct = klima.measure_table(t, r, "direkte")
    assert len(direct) == 22
    brann = direct[direct["eier"] == "Brann"]
    assert len(brann) == 3 and set(brann["rammeomraade"]) == {"Tekniske områder"}


def test_seed_targets(seed):
    tg = klima.reduction_target(seed["klima_mal"], ROROS)
    assert (tg["basisaar"], tg["maalaar"], tg["reduksjon_pst"]) == (2009, 2030, 40.0)
    types = set(seed["klima_mal"]["type"])
    assert types == {"reduksjon", "klimanoytral", "lavutslippssamfunn"}


def test_seed_gap_unknown_without_baseline(seed):
    t, r = _measures(seed)
    tg = klima.reduction_target(seed["klima_mal"], ROROS)
    gap = klima.target_gap(seed["klima_utslipp"], t, r, ROROS, tg)
    assert not gap.known
    assert gap.basisutslipp is None and gap.paakrevd_reduksjon is None
    assert any("2009" in m for m in gap.mangler)
    # The measures' effect in 2030 is still known: 5.3 t a year (all indirect).
    assert gap.tiltak_maalaar == pytest.approx(5.3)
    assert gap.referanse_maalaar == pytest.approx(22122.5)
    paths = klima.emission_paths(seed["klima_utslipp"], t, r, ROROS, 2030, target=tg)
    assert klima.BANE_MAL not in set(paths["bane"])


def test_seed_key_figures(seed):
    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    kf = klima.key_figures(data, ROROS, [TYNSET, OPPDAL, MIDTRE_GAULDAL, OS, HOLTALEN])
    assert set(kf["enhet"]) <= UNITS
    assert set(kf["rapport"]) == {"klimabudsjett"}

    def one(nokkel, kommune, aar, dim):
        hit = kf[(kf["nokkel"] == nokkel) & (kf["kommune"] == kommune) & (kf["aar"] == aar)
                 & (kf["dimensjon"] == dim)]
        assert len(hit) == 1, (nokkel, kommune, aar, dim)
        return hit["verdi"].iloc[0]

    assert one("utslipp", "Røros", 2021, "Totalt") == pytest.approx(22122.5)
    assert one("utslipp", "Os (Hedm.)", 2021, "Veitrafikk") == pytest.approx(5799.8)
    # 47,49 % is shown (and written) as 47,5 %.
    assert one("utslipp_andel_pst", "Røros", 2021, "Jordbruk") == 47.5
    assert one("tiltak_reduksjon", "Røros", 2024, "totalt") == pytest.approx(5.3)
    assert one("tiltak_reduksjon", "Røros", 2031, "indirekte") == pytest.approx(5.3)
    assert one("tiltak_antall", "Røros", 2024, "totalt") == 47
    assert one("tiltak_kvantifisert_antall", "Røros", 2024, "totalt") == 3
    assert not (kf["nokkel"] == "utslipp_andel_pst").loc[kf["kommune"] != "Røros"].any()
    assert "mal_gap" not in set(kf["nokkel"])  # the 2009 baseline is missing
    assert len(kf[kf["nokkel"] == "utslipp"]) == 60


def test_unknown_sector_is_rejected():
    spec = all_specs()["klima_utslipp"]
    df = pd.DataFrame({"kommunenummer": ["5025"], "aar": ["2021"], "sektor": ["Skog"],
                       "utslippskilde": [pd.NA], "verdi": ["1"], "datatype": ["statistikk"],
                       "kilde": ["x"]})
    with pytest.raises(DataError, match="sektor"):
        validate_frame(spec, df)


# ---------------------------------------------------------------- fixture: arithmetic


def test_fixture_sector_from_sources_and_totals(fx):
    sec = klima.sector_emissions(fx["klima_utslipp"])
    vei = sec[(sec["kommunenummer"] == "9901") & (sec["sektor"] == "Veitrafikk")]
    assert vei.set_index("aar").loc[2015, "verdi"] == pytest.approx(940)  # 600 + 340
    tot = klima.total_emissions(fx["klima_utslipp"]).set_index(["kommunenummer", "aar"])
    assert tot.loc[("9901", 2009), "verdi"] == pytest.approx(1500)
    assert not tot.loc[("9901", 2009), "oppgitt"]
    assert tot.loc[("9901", 2021), "verdi"] == pytest.approx(1380.2)  # the given total wins
    assert klima.total_mismatches(fx["klima_utslipp"]).empty
    assert len(klima.total_mismatches(fx["klima_utslipp"], tolerance=0.1)) == 1
    src = klima.source_table(fx["klima_utslipp"], "9901", 2015)
    assert set(src["utslippskilde"]) == {"Personbiler", "Tunge kjøretøy"}


def test_fixture_reference_path_flat(fx):
    ref = klima.reference_path(fx["klima_utslipp"], "9901", 2030)
    tot = ref[ref["sektor"] == "Totalt"].set_index("aar")["verdi"]
    assert list(tot.index) == list(range(2021, 2031))
    assert list(tot) == pytest.approx([1380.2] * 10)
    vei = ref[ref["sektor"] == "Veitrafikk"].set_index("aar")["verdi"]
    assert (vei == 880).all()


def test_fixture_reference_path_yearly_change(fx):
    m = klima.ReferenceMethod("endring", {"Veitrafikk": -2.0})
    ref = klima.reference_path(fx["klima_utslipp"], "9901", 2030, m)
    vei = ref[ref["sektor"] == "Veitrafikk"].set_index("aar")["verdi"]
    jord = ref[ref["sektor"] == "Jordbruk"].set_index("aar")["verdi"]
    tot = ref[ref["sektor"] == "Totalt"].set_index("aar")["verdi"]
    assert vei[2030] == pytest.approx(880 * 0.98 ** 9)
    assert (jord == 500).all()
    assert tot[2030] == pytest.approx(1380.2 * (880 * 0.98 ** 9 + 500) / 1380)
    same = klima.ReferenceMethod("endring", -2.0)
    ref2 = klima.reference_path(fx["klima_utslipp"], "9901", 2030, same)
    jord2 = ref2[ref2["sektor"] == "Jordbruk"].set_index("aar")["verdi"]
    assert jord2[2030] == pytest.approx(500 * 0.98 ** 9)


def test_fixture_reference_path_trend(fx):
    m = klima.ReferenceMethod("trend", trend_years=5)
    ref = klima.reference_path(fx["klima_utslipp"], "9901", 2030, m)
    vei = ref[ref["sektor"] == "Veitrafikk"].set_index("aar")["verdi"]
    assert vei[2030] == pytest.approx(880 - 10 * 9)  # 10 t less a year in 2017–2021
    tot = ref[ref["sektor"] == "Totalt"].set_index("aar")["verdi"]
    assert tot[2030] == pytest.approx(1380.2 * 1290 / 1380)
    # A municipality with a single year cannot have a trend.
    with pytest.raises(ValueError, match="to år"):
        klima.reference_path(fx["klima_utslipp"], "9902", 2030, m)
    with pytest.raises(ValueError):
        klima.ReferenceMethod("lineær")


def test_fixture_measures_latest_budget_and_effect(fx):
    t, r = _measures(fx, "9901")
    assert set(t["budsjettaar"]) == {2024}  # the 2023 budget's measures are left out
    eff = klima.measures_effect(t, r, [2021, 2022, 2027, 2028, 2030, 2034])
    # D01: 10 a year 2022–2027, long-term 20 after; I01: 5 a year 2022–2033, long-term 5.
    assert list(eff) == pytest.approx([0, 15, 15, 25, 25, 25])
    only_direct = klima.measures_effect(t, r, [2030], types=["direkte"])
    assert only_direct[2030] == pytest.approx(20)
    no_long = klima.measures_effect(t, r, [2030], long_term_after_table=False)
    assert no_long[2030] == pytest.approx(5)
    counts = klima.measure_counts(t, r).set_index("type")
    assert counts.loc["totalt", "antall"] == 3 and counts.loc["totalt", "kvantifisert"] == 2
    by_year = klima.reductions_by_year(t, r).set_index("aar")
    assert by_year.loc[2025, "totalt"] == pytest.approx(15)
    assert math.isnan(by_year.loc[2030, "totalt"])


def test_fixture_target_path_and_gap(fx):
    t, r = _measures(fx, "9901")
    tg = klima.reduction_target(fx["klima_mal"], "9901")
    tp = klima.target_path(fx["klima_utslipp"], "9901", tg).set_index("aar")["verdi"]
    assert tp[2021] == pytest.approx(1380.2)
    assert tp[2030] == pytest.approx(900)  # 1500 × (1 − 0.40)
    assert tp[2025] == pytest.approx(1380.2 - (1380.2 - 900) * 4 / 9)

    gap = klima.target_gap(fx["klima_utslipp"], t, r, "9901", tg)
    assert gap.known and not gap.mangler
    assert gap.basisutslipp == pytest.approx(1500)
    assert gap.malnivaa == pytest.approx(900)
    assert gap.referanse_maalaar == pytest.approx(1380.2)
    assert gap.tiltak_maalaar == pytest.approx(25)
    assert gap.med_tiltak_maalaar == pytest.approx(1355.2)
    assert gap.paakrevd_reduksjon == pytest.approx(480.2)
    assert gap.gap == pytest.approx(455.2)
    assert gap.tiltak_dekker_pst == pytest.approx(25 / 480.2 * 100)
    assert gap.kutt_hittil_pst == pytest.approx((1500 - 1380.2) / 1500 * 100)
    assert gap.kutt_med_tiltak_pst == pytest.approx((1500 - 1355.2) / 1500 * 100)
    assert gap.gap_pp == pytest.approx(40 - (1500 - 1355.2) / 1500 * 100)

    trend = klima.target_gap(fx["klima_utslipp"], t, r, "9901", tg,
                             klima.ReferenceMethod("trend", trend_years=5))
    assert trend.paakrevd_reduksjon == pytest.approx(1380.2 * 1290 / 1380 - 900)
    assert trend.gap == pytest.approx(1380.2 * 1290 / 1380 - 900 - 25)

    direct = klima.target_gap(fx["klima_utslipp"], t, r, "9901", tg, types=["direkte"])
    assert direct.gap == pytest.approx(480.2 - 20)


def test_fixture_gap_missing_baseline_and_target(fx):
    tg = klima.reduction_target(fx["klima_mal"], "9902")
    empty = fx["klima_tiltak"].iloc[0:0]
    gap = klima.target_gap(fx["klima_utslipp"], empty, fx["klima_tiltak_reduksjon"].iloc[0:0],
                           "9902", tg)
    assert not gap.known and gap.tiltak_maalaar == 0
    assert "2009" in gap.mangler[0]
    none = klima.target_gap(fx["klima_utslipp"], empty, empty, "9902", None)
    assert not none.known and none.mangler


def test_fixture_emission_paths(fx):
    t, r = _measures(fx, "9901")
    tg = klima.reduction_target(fx["klima_mal"], "9901")
    p = klima.emission_paths(fx["klima_utslipp"], t, r, "9901", 2030, target=tg)
    wide = p.pivot(index="aar", columns="bane", values="verdi")
    assert set(p["bane"]) == {klima.BANE_HISTORIE, klima.BANE_REFERANSE, klima.BANE_TILTAK,
                              klima.BANE_MAL}
    assert wide.loc[2009, klima.BANE_HISTORIE] == pytest.approx(1500)
    assert wide.loc[2021, klima.BANE_TILTAK] == pytest.approx(1380.2)  # joins the history
    assert wide.loc[2024, klima.BANE_TILTAK] == pytest.approx(1380.2 - 15)
    assert wide.loc[2030, klima.BANE_TILTAK] == pytest.approx(1380.2 - 25)
    assert np.isnan(wide.loc[2009, klima.BANE_REFERANSE])


def test_fixture_key_figures_with_gap(fx):
    kf = klima.key_figures(fx, "9901", ["9902"])
    gap = kf[kf["nokkel"] == "mal_gap"]
    assert len(gap) == 1
    assert gap["verdi"].iloc[0] == pytest.approx(455.2)
    assert gap["aar"].iloc[0] == 2030 and gap["dimensjon"].iloc[0] == "utslippskutt_2030"
    ut = kf[(kf["nokkel"] == "utslipp") & (kf["kommune"] == "Nabolag")]
    assert set(ut["dimensjon"]) == {"Veitrafikk", "Jordbruk", "Totalt"}
    assert ut.set_index("dimensjon").loc["Totalt", "verdi"] == pytest.approx(1000)
    andel = kf[(kf["nokkel"] == "utslipp_andel_pst") & (kf["aar"] == 2009)]
    assert andel.set_index("dimensjon")["verdi"].to_dict() == {"Veitrafikk": 66.7,
                                                               "Jordbruk": 33.3}


# ---------------------------------------------------------------- presentation


def test_analysis_fixture_commentary_and_gap_table(fx):
    a = klima.analyse(fx, "Testby", 2024, ["Nabolag"],
                      method=klima.make_method("trend", trendaar=5))
    text = klima.commentary(a)
    assert "1\u00a0380,2 tonn" in text
    assert "365,2 tonn" in text  # gap with the trend path: 1290.2 − 900 − 25
    t = klima.gap_display(a)
    gap = t.frame.set_index("Post").iloc[:, 0]
    assert round(gap["Gap (påkrevd reduksjon − tiltakene)"], 2) == 365.19  # not rounded
    shown = t.shown().set_index("Post").iloc[:, 0]
    assert shown["Gap (påkrevd reduksjon − tiltakene)"] == "365,2"
    assert set(a.paths["bane"]) == set(klima.BANE_ORDER)
    assert klima.chart_paths(a) is not None


def test_analysis_seed_roros_without_baseline(seed):
    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    a = klima.analyse(data, "Røros", method=klima.make_method("trend"))
    assert a.method.method == "flat" and a.notes  # one year cannot give a trend
    assert any("2009" in m for m in a.gap.mangler)
    assert "3 av 47" in [v for v, _ in klima.keyfacts(a)]
    t = klima.counts_display(a)
    counts = t.frame.set_index("Type")
    assert counts.loc["Indirekte", "Med beregnet effekt"] == 3
    assert t.shown().set_index("Type").loc["Indirekte", "Med beregnet effekt"] == "3"


def test_analysis_municipality_without_measures(seed):
    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    a = klima.analyse(data, "Tynset", sammenligning=["Oppdal"])
    assert not a.has_measures and a.target is None
    assert set(a.paths["bane"]) == {klima.BANE_HISTORIE, klima.BANE_REFERANSE}
    assert any(m.startswith("Grunnlaget har ingen klimatiltak for Tynset")
               and "klima_tiltak.csv" in m.maintainer for m in klima.missing_data(a))
    assert list(a.comparison.columns) == [TYNSET, OPPDAL]


# ---------------------------------------------------------------- slow: the built report


@pytest.mark.slow
def test_build_klimabudsjett_other_municipality(tmp_path):
    from conftest import build_report
    from pypdf import PdfReader

    _, folder = build_report("klimabudsjett", tmp_path, kommune="Tynset",
                             sammenligning=["Oppdal", "Holtålen"],
                             referansebane_metode="endring",
                             referansebane_endring_pst={"Veitrafikk": -2.0})
    kf = pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False, na_values=[""],
                     dtype={"dimensjon": str})
    tot = kf[(kf["nokkel"] == "utslipp") & (kf["dimensjon"] == "Totalt")]
    assert set(tot["kommune"]) == {"Tynset", "Oppdal", "Holtålen"}
    assert tot.set_index("kommune").loc["Tynset", "verdi"] == pytest.approx(78475.3)
    assert not kf["nokkel"].str.startswith("tiltak").any()  # Tynset has no measures
    text = " ".join(p.extract_text() for p in PdfReader(folder / "klimabudsjett.pdf").pages)
    assert "Klimabudsjett – Tynset kommune" in text
    assert "Veitrafikk −2,0" in text  # the assumption is written under the chart


@pytest.mark.slow
def test_build_klimabudsjett_roros_direct_measures_only(tmp_path):
    from conftest import build_report
    from pypdf import PdfReader

    _, folder = build_report("klimabudsjett", tmp_path, kommune="Røros",
                             tiltak_typer=["direkte"], sammenligning=["Holtålen"])
    kf = pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False, na_values=[""],
                     dtype={"dimensjon": str})
    red = kf[(kf["nokkel"] == "tiltak_reduksjon") & (kf["dimensjon"] == "totalt")]
    assert red.set_index("aar").loc[2024, "verdi"] == pytest.approx(5.3)
    n = kf[(kf["nokkel"] == "tiltak_kvantifisert_antall") & (kf["dimensjon"] == "totalt")]
    assert n["verdi"].iloc[0] == 3
    text = " ".join(p.extract_text() for p in PdfReader(folder / "klimabudsjett.pdf").pages)
    assert "22 122,5" in text.replace("\u00a0", " ")
    assert "beregnet reduksjon for direkte tiltak" in text.replace("\n", " ")


def test_key_figures_per_innbygger_where_population_is_known(data):
    from helpers.reports.klima.keys import key_figures

    kf = key_figures(data, "5025", ["3427"])
    pc = kf[kf["nokkel"] == "utslipp_per_innb"]
    # Røros 2021: 22 122,5 tonn / 5 572 innbyggere 31.12.2021; Tynset has no folketall
    assert pc["kommune"].tolist() == ["Røros"]
    # 3,97 is written with the one decimal the report shows it with.
    assert pc["verdi"].iloc[0] == round(22_122.5 / 5_572, 1) == 4.0
    assert pc["enhet"].iloc[0] == "tonn CO2e per innbygger"


# ---------------------------------------------------------------- issue 10: shares and years


def test_each_share_is_computed_from_the_figure_beside_it(seed):
    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    a = klima.analyse(data, "Røros")
    text = klima.commentary(a).replace("\u00a0", " ")
    # 5,3 t in 2024 is 5,3 / 22 122,5 = 0,024 %; 8,3 t per year long term is 0,0375 %.
    assert ("Til sammen gir tiltakene 5,3 tonn (0,02 % av utslippene i 2021) lavere utslipp "
            "i 2024 og 8,3 tonn (0,04 % av utslippene) lavere per år på lang sikt.") in text
    assert klima.emission_share_pst(8.3, 22122.5) == pytest.approx(8.3 / 22122.5 * 100)
    assert klima.emission_share_pst(5.3, None) is None
    assert klima.tonnes_with_share(5.3, None, None) == "5,3 tonn"


def test_budget_year_outside_the_climate_budgets_stops_the_report(seed):
    from helpers.data.coverage import CoverageError

    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    with pytest.raises(CoverageError) as err:
        klima.analyse(data, "Røros", budsjettaar=2030)
    assert str(err.value) == ("Parameteren budsjettaar er 2030, men klimabudsjettene for "
                              "Røros har bare tall for 2024–2027.")
    # 2025 is inside the 2024 budget's plan 2024–2027: built, and 2028 is named as missing.
    a = klima.analyse(data, "Røros", budsjettaar=2025)
    assert a.measure_budget_year == 2024
    assert ("Planperioden er 2025–2028, men klimabudsjettene for Røros har ingen tall for "
            "2028.") in klima.missing_data(a)
    assert not any("Planperioden er" in m
                   for m in klima.missing_data(klima.analyse(data, "Røros", budsjettaar=2024)))


@pytest.mark.slow
def test_built_summary_puts_each_share_beside_its_figure(built_defaults):
    from pypdf import PdfReader

    page1 = PdfReader(built_defaults["klimabudsjett"] / "klimabudsjett.pdf").pages[0]
    text = " ".join(page1.extract_text().replace("\u00a0", " ").split())
    assert "5,3 tonn (0,02 % av utslippene i 2021) lavere utslipp i 2024" in text
    assert "8,3 tonn (0,04 % av utslippene) lavere per år på lang sikt" in text
    assert "– 0,02 %" not in text


def _roros(seed):
    data = dict(seed)
    data["kommuner"] = load_data(DATA, only=["kommuner"])["kommuner"]
    return klima.analyse(data, "Røros")


def test_print_version_names_the_all_zero_measures_instead_of_listing_rows(seed):
    """Issue 11: 44 of Røros' 47 measures have 0 in every number. In print they are named
    in one sentence per type, by sector; only rows with a number other than 0 stay."""
    a = _roros(seed)
    direct, text_d = klima.measures_print(a, "direkte")
    assert direct.empty  # none of the 22 direct measures has a number other than 0
    assert text_d.startswith("Alle de 22 tiltakene for direkte utslipp har 0 i alle")
    indirect, text_i = klima.measures_print(a, "indirekte")
    full = klima.measures_display(a, "indirekte")
    assert len(indirect) == 3 and text_i.startswith("22 av de 25 tiltakene")
    # the three shown are exactly those with a reduction; no name is lost or shown twice
    zero = klima.measures_all_zero(a, "indirekte")
    assert list(indirect["Tiltak"]) == list(full.loc[~zero.to_numpy(), "Tiltak"])
    for name in full["Tiltak"]:
        assert (name in set(indirect["Tiltak"])) != (name.strip() in text_i)
    assert "*Veitrafikk:* " in text_d and "Brann: Sykle til jobb" in text_d


def test_total_emission_has_one_precision_on_page_one(seed):
    """The key fact, the numbers at the bars and the text all show 22 122,5 t (not 22 123
    beside 22 122,5)."""
    a = _roros(seed)
    assert klima.keyfacts(a)[0] == ("22\u00a0122,5", "tonn CO2-ekv. i 2021")
    assert "22\u00a0122,5 tonn" in klima.commentary(a)
    spec = klima.chart_comparison(a).to_dict()
    text_layer = [lay for lay in spec["layer"] if lay["mark"]["type"] == "text"][0]
    assert text_layer["encoding"]["text"]["format"] == ",.1f"


@pytest.mark.slow
def test_built_pdf_summarises_the_zero_rows_and_the_html_keeps_them(built_defaults):
    from pypdf import PdfReader

    folder = built_defaults["klimabudsjett"]
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(
        folder / "klimabudsjett.pdf").pages).replace("\u00a0", " ").split())
    assert "Alle de 22 tiltakene for direkte utslipp har 0 i alle tallene" in pdf
    # issue 28: no pointer to another version of the document in the council's pages
    assert "nettversjonen" not in pdf
    html = (folder / "klimabudsjett.html").read_text(encoding="utf-8")
    screen = html.split('class="bare-skjerm"', 2)
    assert len(screen) == 3  # the two full tables, direct and indirect, for the screen
    assert screen[1].count("<tr") == 22 + 1  # every direct measure, and the header row


def test_measure_names_in_the_print_sentence_are_shown_as_written(seed):
    """Names from data go into generated Markdown: «*», «_» and «[…](…)» in a name stay
    characters, not emphasis or a link."""
    import dataclasses

    from helpers.presentation.report import render_markdown

    a = _roros(seed)
    measures = a.measures.copy()
    first_direct = measures.index[measures["type"] == "direkte"][0]
    measures.loc[first_direct, "tiltak"] = "Kutt *alt* [her](x) _nå_"
    _, text = klima.measures_print(dataclasses.replace(a, measures=measures), "direkte")
    html = render_markdown(text)
    assert "Kutt *alt* [her](x) _nå_" in html
    assert "<em>alt</em>" not in html and "<em>nå</em>" not in html
    assert "<em>Annen mobil forbrenning:</em>" in html  # the sector labels stay emphasised
