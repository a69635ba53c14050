"""Tests for the KOSTRA comparison report: seed figures, arithmetic on fixtures, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import load_data, load_file
from helpers.data.coverage import CoverageError
from helpers.data.kommuner import UnknownKommune
from helpers.data.specs import all_specs
from helpers.presentation.nokkeltall import COLUMNS
from helpers.reports import kostra

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "kostra"

# The seed's table «Utgifter per tjenesteområde sammenlignet med andre» (kap. Vurdering av
# det økonomiske handlingsrommet), kr per innbygger corrected for utgiftsbehov, 2022.
REGIONS = ["5025", "3427", "5021", "5027", "3430", "5026", "EKG11"]
SEED_TABLE = {
    "Grunnskole": [16798, 16713, 16141, 16290, 19641, 16960, 15581],
    "Pleie og omsorg": [23572, 20590, 23606, 20553, 21860, 17779, 23813],
    "Barnevern": [1615, 3162, 2349, 3001, 4048, 2824, 2407],
    "Barnehage": [9671, 12348, 10262, 10292, 12432, 11795, 9539],
    "Kommunehelse": [3819, 5819, 4426, 3455, 5437, 3998, 4021],
    "Sosiale tjenester": [3552, 4110, 4706, 3511, 3731, 828, 3155],
    "Kultur og idrett": [3873, 2809, 4069, 2179, 3998, 4421, 2530],
    "Plan, kulturminner, natur og nærmiljø": [1557, 1026, 1065, 1184, 2604, 1011, 841],
    "Adm. styring og fellesutgifter": [8889, 6237, 5573, 5534, 7938, 6662, 4779],
    "Andre områder": [4854, 2755, 2979, 4916, 8842, 7881, 3109],
}
SEED_TOTAL = [78200, 75568, 75175, 70914, 90531, 74159, 69774]
ROROS_FOLKETALL_2022 = 5598  # folketall.csv, 31.12.2022


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_data(DATA)


@pytest.fixture(scope="module")
def fixture_data() -> dict[str, pd.DataFrame]:
    specs = all_specs()
    kommuner = load_file(FIXTURES / "kommuner.csv", specs["kommuner"])
    known = set(kommuner["kommunenummer"])
    out = {"kommuner": kommuner}
    for stem in ("kostra", "kostra_utgiftsbehov", "folketall"):
        out[stem] = load_file(FIXTURES / f"{stem}.csv", specs[stem], known)
    return out


def _corrected_rows(data):
    k = data["kostra"]
    return k[(k["indikator"] == kostra.CORRECTED) & (k["aar"] == 2022)]


# ---------------------------------------------------------------- seed figures in data/


def test_service_area_table_matches_seed(data):
    rows = _corrected_rows(data)
    assert len(rows) == 7 * 11
    got = {(r.kommunenummer, r.dimensjon): r.verdi for r in rows.itertuples()}
    for area, values in SEED_TABLE.items():
        for code, value in zip(REGIONS, values, strict=True):
            assert got[(code, area)] == value, (code, area)
    for code, value in zip(REGIONS, SEED_TOTAL, strict=True):
        assert got[(code, "")] == value, code
    assert set(rows["enhet"]) == {"kr per innbygger"}


@pytest.mark.parametrize("code", REGIONS)
def test_service_areas_add_up_to_total_in_every_column(data, code):
    rows = _corrected_rows(data)
    rows = rows[rows["kommunenummer"] == code]
    areas = rows.loc[rows["dimensjon"] != "", "verdi"]
    total = rows.loc[rows["dimensjon"] == "", "verdi"].item()
    assert len(areas) == 10
    # Ten figures rounded to whole kroner: the sum may miss the printed total by ≤ 5 kr.
    assert abs(areas.sum() - total) <= 5


def test_key_figure_indicators_match_seed(data):
    k = data["kostra"]
    lookup = {(r.kommunenummer, r.aar, r.indikator): r.verdi
              for r in k[k["dimensjon"] == ""].itertuples()}
    # Table «Utvikling i økonomiske nøkkeltall»: Røros 2021 and 2022, Holtålen 2022.
    assert lookup[("5025", 2021, "brutto_driftsinntekter_per_innb")] == 115543
    assert lookup[("5025", 2022, "brutto_driftsutgifter_per_innb")] == 123766
    assert lookup[("5025", 2021, "frie_inntekter_per_innb")] == 64474
    assert lookup[("5025", 2022, "netto_lanegjeld_per_innb")] == 128600
    assert lookup[("5025", 2022, "salgs_leieinntekter_pst")] == 15.9
    assert lookup[("5026", 2022, "disposisjonsfond_pst")] == 7.1
    assert lookup[("3430", 2022, "netto_lanegjeld_pst")] == 72.8
    # Uncorrected net operating expenditure 2022 from the text (kap. Kommunens inntekter...).
    assert lookup[("5025", 2022, "netto_driftsutgifter_per_innb")] == 81702


def test_utgiftsbehov_figures_match_seed(data):
    u = data["kostra_utgiftsbehov"]
    val = {(r.aar, r.indikator): r.verdi for r in u.itertuples()}
    assert val[(2024, "utgiftsbehov_indeks")] == 104.85
    assert val[(2023, "utgiftsbehov_indeks")] == 103.7
    assert val[(2024, "utgiftsbehov_per_innb")] == 68039
    assert val[(2024, "utgiftsbehov_per_innb_landsgjennomsnitt")] == 64893
    assert val[(2024, "merutgiftsbehov")] == 17080
    # The seed's kroner per innbygger follow from the index (to the printed precision).
    own = val[(2024, "utgiftsbehov_per_innb")]
    average = val[(2024, "utgiftsbehov_per_innb_landsgjennomsnitt")]
    assert own / average * 100 == pytest.approx(104.85, abs=0.005)


def test_metadata_covers_the_data(data):
    meta = data["kostra_indikatorer"].set_index("indikator")
    k = data["kostra"]
    for ind, unit in k[["indikator", "enhet"]].drop_duplicates().itertuples(index=False):
        assert ind in meta.index, ind
        assert meta.loc[ind, "enhet"] == unit, ind
    assert meta.loc[kostra.CORRECTED, "korrigert"] == "ja"
    assert meta.loc["netto_driftsutgifter_per_innb", "korrigert"] == "nei"
    areas = set(_corrected_rows(data)["dimensjon"]) - {""}
    assert areas == set(data["kostra_tjenesteomrader"]["dimensjon"])


# ---------------------------------------------------------------- the comparison on seed data


def test_roros_against_kostragruppe(data):
    cmp = kostra.compare(data, "Røros", None, "kostragruppe")
    assert cmp.reference == kostra.Reference("kommunegruppe", "Kostragruppe 11", "EKG11")
    assert cmp.aar == 2022
    assert cmp.korrigert is True  # the example's figures are corrected in the source
    assert cmp.folketall == ROROS_FOLKETALL_2022
    assert [p.navn for p in cmp.peers] == ["Tynset", "Oppdal", "Midtre Gauldal",
                                           "Os (Hedm.)", "Holtålen"]
    # Rows in the seed's order, total last.
    assert list(cmp.table.index) == list(SEED_TABLE) + [kostra.TOTAL]
    d = cmp.differences.set_index("dimensjon")
    assert d.loc["Adm. styring og fellesutgifter", "differanse_per_innb"] == 8889 - 4779
    assert d.loc["Barnevern", "differanse_per_innb"] == 1615 - 2407
    assert d.loc[kostra.TOTAL, "differanse_per_innb"] == 78200 - 69774
    assert d.loc[kostra.TOTAL, "merutgift"] == pytest.approx(8426 * 5598 / 1000)
    # Sorted from the largest extra spending to the largest saving, total last.
    assert list(cmp.differences["dimensjon"][:2]) == ["Adm. styring og fellesutgifter",
                                                      "Andre områder"]
    assert cmp.differences["dimensjon"].iloc[-2] == "Barnevern"
    assert cmp.differences["dimensjon"].iloc[-1] == kostra.TOTAL


def test_ranks_among_the_six_municipalities(data):
    cmp = kostra.compare(data, "Røros", None, "kostragruppe")
    r = cmp.ranks.set_index("dimensjon")
    assert (r["antall"] == 6).all()
    assert r.loc["Adm. styring og fellesutgifter", "rang"] == 1  # 8 889 is the highest
    assert r.loc["Barnevern", "rang"] == 6  # 1 615 is the lowest
    assert r.loc["Pleie og omsorg", "rang"] == 2  # only Oppdal's 23 606 is higher
    assert r.loc[kostra.TOTAL, "rang"] == 2  # only Os' 90 531 is higher
    # how to read a place comes with the ranking, from the same sentence builder
    assert kostra.rank_text(cmp).startswith(
        "Plass 1 er kommunen med høyest utgift per innbygger på området. KOSTRA-gruppen og "
        "snittet er ikke med i plasseringen. Blant de 6 kommunene har Røros høyest utgift "
        "per innbygger på adm. styring og fellesutgifter")


def test_reference_as_mean_of_peers(data):
    cmp = kostra.compare(data, "Røros", None, "snitt")
    assert cmp.reference.kind == kostra.REF_MEAN
    assert "EKG11" not in cmp.table.columns
    mean_total = (75568 + 75175 + 70914 + 90531 + 74159) / 5
    assert cmp.reference_values[kostra.TOTAL] == pytest.approx(mean_total)
    d = cmp.differences.set_index("dimensjon")
    assert d.loc[kostra.TOTAL, "differanse_per_innb"] == pytest.approx(78200 - mean_total)


def test_named_reference_and_peer_subset(data):
    cmp = kostra.compare(data, "Røros", ["Oppdal", "Tynset"], "Oppdal")
    assert [p.navn for p in cmp.peers] == ["Tynset"]
    assert list(cmp.table.columns) == ["5025", "3427", "5021"]
    d = cmp.differences.set_index("dimensjon")
    assert d.loc["Sosiale tjenester", "differanse_per_innb"] == 3552 - 4706
    # Oppdal counts in the rank although it is the reference.
    assert (cmp.ranks["antall"] == 3).all()


def test_other_municipality_without_population(data):
    cmp = kostra.compare(data, "Tynset", None, "Kostragruppe 11")
    assert cmp.folketall is None
    assert cmp.differences["merutgift"].isna().all()
    assert any("Folketallet for Tynset" in n for n in cmp.notes)
    kf = kostra.key_figures(cmp)
    assert "differanse_korrigert" not in set(kf["nokkel"])
    tot = kf[(kf["nokkel"] == "differanse_per_innb_korrigert")
             & (kf["dimensjon"] == kostra.TOTAL)]
    assert tot["verdi"].item() == 75568 - 69774


def test_key_figures_contract(data):
    cmp = kostra.compare(data, "Røros", None, "kostragruppe")
    kf = kostra.key_figures(cmp)
    assert list(kf.columns) == COLUMNS
    assert set(kf["rapport"]) == {"kostra"}
    # Corrected figures and the uncorrected total have different keys.
    assert kf.groupby("nokkel").size().to_dict() == {
        "differanse_per_innb_korrigert": 11, "differanse_korrigert": 11,
        "utgift_per_innb_korrigert": 77, "netto_driftsutgifter_per_innb": 1}
    look = kf.set_index(["nokkel", "kommune", "dimensjon"])["verdi"]
    assert look[("utgift_per_innb_korrigert", "Kostragruppe 11", "Totalt")] == 69774
    assert look[("utgift_per_innb_korrigert", "Holtålen", "Sosiale tjenester")] == 828
    assert look[("netto_driftsutgifter_per_innb", "Røros", "")] == 81702
    # 8 426 kr × 5 598 innbyggere = 47 168,748 (1000 kr), written as the report shows it.
    assert look[("differanse_korrigert", "Røros", "Totalt")] == 47169


def test_key_figures_round_the_comparison_mean_as_shown(data):
    cmp = kostra.compare(data, "Tynset", ["Oppdal", "Holtålen", "Røros"], "snitt")
    kf = kostra.key_figures(cmp)
    look = kf.set_index(["nokkel", "kommune", "dimensjon"])["verdi"]
    # (75 175 + 74 159 + 78 200) ÷ 3 = 75 844,67 → 75 845; Tynset 75 568 is 277 kr lower.
    assert look[("utgift_per_innb_korrigert", "Snitt", "Totalt")] == 75845
    assert look[("differanse_per_innb_korrigert", "Tynset", "Totalt")] == -277


def test_commentary_names_largest_differences_and_total(data):
    cmp = kostra.compare(data, "Røros", None, "kostragruppe")
    text = kostra.commentary(cmp)
    assert "adm. styring og fellesutgifter (4\u00a0110\u00a0kr mer" in text[0]
    assert "andre områder (1\u00a0745\u00a0kr mer" in text[0]
    assert "kultur og idrett (1\u00a0343\u00a0kr mer" in text[0]
    assert "barnevern" not in text[0]  # 792 kr, fourth largest in absolute terms
    assert "8\u00a0426\u00a0kr mer per innbygger" in text[1]
    assert "47,2\u00a0mill.\u00a0kr" in text[1]
    # A corrected difference is an indication of resource use, never a saving.
    assert "spare" not in " ".join(text).replace("ikke et beløp kommunen kan spare", "")
    assert "pekepinn på forskjellen i ressursbruk etter korrigering" in text[1]


def test_commentary_mentions_the_source_remark_beside_administration(data):
    cmp = kostra.compare(data, "Røros", None, "kostragruppe")
    first = kostra.commentary(cmp)[0]
    area = first.index("adm. styring og fellesutgifter (4\u00a0110\u00a0kr mer")
    remark = first.index("Merk om adm. styring og fellesutgifter i 2022:")
    assert remark > area
    assert "om lag 2 000 kr per innbygger" in first[remark:]
    assert kostra.remark_lines(cmp) == [
        "Røros, adm. styring og fellesutgifter: "
        + data["kostra_merknader"]["merknad"].iloc[0]]
    assert cmp.merknader["virkning_per_innb"].tolist() == [2000]
    # Another year, or a region without a remark, gets none.
    assert kostra.remark_sentence(cmp, "Grunnskole") == ""


def test_key_figure_table_from_seed(data):
    names = dict(zip(data["kommuner"]["kommunenummer"], data["kommuner"]["navn"],
                     strict=True))
    t = kostra.key_figure_table(data["kostra"], data["kostra_indikatorer"], "5025",
                                ["3427", "5026"], 2022, names)
    assert list(t.columns) == ["indikator", "navn", "enhet", "Røros 2021", "Røros 2022",
                               "Tynset", "Holtålen"]
    assert list(t["indikator"]) == [
        "brutto_driftsinntekter_per_innb", "brutto_driftsutgifter_per_innb",
        "disposisjonsfond_pst", "salgs_leieinntekter_pst", "frie_inntekter_per_innb",
        "netto_lanegjeld_per_innb", "netto_lanegjeld_pst"]
    row = t.set_index("indikator").loc["disposisjonsfond_pst"]
    assert (row["Røros 2021"], row["Røros 2022"], row["Tynset"], row["Holtålen"]) == (
        5.9, 6.4, 11.8, 7.1)
    assert kostra.key_figure_table(data["kostra"], None, "5025", [], 2022, names).empty


# ---------------------------------------------------------------- arithmetic on fixtures


def test_correct_for_utgiftsbehov_divides_by_index():
    exp = pd.DataFrame({"kommunenummer": ["1", "1", "2"], "aar": [2022] * 3,
                        "dimensjon": ["A", "B", "A"], "verdi": [8000.0, 25000.0, 300.0]})
    idx = pd.DataFrame({"kommunenummer": ["1", "1"], "aar": [2022] * 2,
                        "dimensjon": ["A", "B"], "verdi": [80.0, 125.0]})
    out = kostra.correct_for_utgiftsbehov(exp, idx).set_index("dimensjon")
    assert out.loc["A", "verdi"] == pytest.approx(10000)
    assert out.loc["B", "verdi"] == pytest.approx(20000)
    assert len(out) == 2  # region 2 has no index and is left out
    with pytest.raises(kostra.KostraError, match="større enn null"):
        kostra.correct_for_utgiftsbehov(exp, idx.assign(verdi=[80.0, 0.0]))


def test_corrected_expenditure_from_fixture(fixture_data):
    out = kostra.corrected_expenditure(fixture_data["kostra"],
                                       fixture_data["kostra_utgiftsbehov"])
    look = out.set_index(["kommunenummer", "dimensjon"])
    # Fjellby: uncorrected ÷ index × 100; Kultur og idrett has no 2022 index.
    assert look.loc[("9001", "Grunnskole"), "verdi"] == pytest.approx(8000 / 80 * 100)
    assert look.loc[("9001", "Pleie og omsorg"), "verdi"] == pytest.approx(25000 / 125 * 100)
    assert look.loc[("9001", "Barnehage"), "verdi"] == pytest.approx(5000)
    assert ("9001", "Kultur og idrett") not in look.index
    assert look.loc[("9001", "Grunnskole"), "grunnlag"] == "beregnet"
    # No total given: summed from the corrected areas.
    assert look.loc[("9001", kostra.TOTAL), "verdi"] == pytest.approx(35000)
    assert look.loc[("9001", kostra.TOTAL), "grunnlag"] == "sum"
    # Dalby: the published corrected figure wins over one computed from raw data.
    assert look.loc[("9002", "Grunnskole"), "verdi"] == 9000
    assert look.loc[("9002", "Grunnskole"), "grunnlag"] == "publisert"
    assert look.loc[("9002", kostra.TOTAL), "verdi"] == 37000
    assert look.loc[("9003", kostra.TOTAL), "verdi"] == 9500 + 18000 + 5000
    # Without the index file only the published figures remain.
    only = kostra.corrected_expenditure(fixture_data["kostra"], None)
    assert "9001" not in set(only["kommunenummer"])


def test_only_uncorrected_figures_give_no_corrected_rows_and_a_bokmal_error(fixture_data):
    """issue 21: a new folder filled by ``hop hent ssb`` has ``utgift_per_innb`` only. The
    corrected result is empty with its columns (it once lost them: KeyError). Without any
    expenditure figure for the municipality the report stops with what is missing, not a
    traceback."""
    k = fixture_data["kostra"]
    raw = k[k["indikator"] == "utgift_per_innb"]
    assert not raw.empty
    out = kostra.corrected_expenditure(raw, None)
    assert out.empty
    assert list(out.columns) == ["kommunenummer", "aar", "dimensjon", "verdi", "grunnlag"]
    none = {**fixture_data, "kostra": k[k["kommunenummer"] != "9001"]}
    none.pop("kostra_utgiftsbehov")
    with pytest.raises(kostra.KostraError, match="ingen utgifter per tjenesteområde for "
                                                 "Fjellby"):
        kostra.compare(none, "Fjellby", None, "kostragruppe")


def _uncorrected_copy(fixture_data) -> dict[str, pd.DataFrame]:
    """The fixture as ``hop hent ssb`` leaves a folder: the corrected rows and the index
    file removed, and uncorrected figures for Dalby in every area Fjellby has."""
    k = fixture_data["kostra"]
    k = k[(k["indikator"] != kostra.CORRECTED) & (k["kommunenummer"] != "9002")]
    dalby = pd.DataFrame({"kommunenummer": "9002", "aar": 2022,
                          "indikator": kostra.UNCORRECTED,
                          "dimensjon": ["Grunnskole", "Pleie og omsorg", "Barnehage",
                                        "Kultur og idrett"],
                          "verdi": [9000.0, 22000.0, 6000.0, 1000.0],
                          "enhet": "kr per innbygger", "kilde": "test"})
    out = {**fixture_data, "kostra": pd.concat([k, dalby[k.columns]], ignore_index=True)}
    out.pop("kostra_utgiftsbehov")
    return out


def test_without_corrected_figures_the_uncorrected_ones_are_compared(fixture_data):
    data = _uncorrected_copy(fixture_data)
    cmp = kostra.compare(data, "Fjellby", ["Dalby", "Strandby"], "snitt")
    assert cmp.korrigert is False
    k = data["kostra"]
    raw = k[(k["indikator"] == "utgift_per_innb") & (k["kommunenummer"] == "9001")
            & (k["dimensjon"] == "Grunnskole")]["verdi"].item()
    assert raw == 8000
    assert cmp.table.loc["Grunnskole", "9001"] == raw
    # no index, so Kultur og idrett (no index even before) is in the comparison too
    assert cmp.table.loc["Kultur og idrett", "9001"] == 1500
    assert cmp.table.loc[kostra.TOTAL, "9001"] == 8000 + 25000 + 5000 + 1500
    assert cmp.table.loc[kostra.TOTAL, "9002"] == 9000 + 22000 + 6000 + 1000
    # Strandby has corrected figures only: left out, not mixed in
    assert [p.navn for p in cmp.peers] == ["Dalby"]
    assert any("Ingen tall for Strandby" in n for n in cmp.notes)
    d = cmp.differences.set_index("dimensjon")
    assert d.loc["Pleie og omsorg", "differanse_per_innb"] == 25000 - 22000
    assert d.loc["Pleie og omsorg", "merutgift"] == (25000 - 22000) * 2000 / 1000
    assert cmp.grunnlag.set_index(["kommunenummer", "dimensjon"]).loc[
        ("9001", "Grunnskole"), "grunnlag"] == "ukorrigert"
    # the notice on the first page says why, and the maintainer part what would correct it
    first = cmp.notes[0]
    assert str(first).startswith("**Tallene er ikke korrigert for utgiftsbehov.**")
    assert "indeks for beregnet utgiftsbehov per tjenesteområde" in first
    assert "kostra_utgiftsbehov.csv" not in first  # the council's part names no file
    assert "`data/kostra_utgiftsbehov.csv`" in first.maintainer
    assert "`utgift_per_innb_korrigert`" in first.maintainer
    assert kostra.missing_correction_notice(cmp) is None
    assert kostra.correction_table(cmp).is_empty


def test_a_peer_with_corrected_figures_is_compared_uncorrected_with_an_uncorrected_subject(
        fixture_data):
    """Fjellby without its index has only uncorrected figures; Dalby has a published
    corrected 9 000 and an uncorrected 1 for Grunnskole: the table shows 1, never a mix."""
    data = {**fixture_data}
    data.pop("kostra_utgiftsbehov")
    cmp = kostra.compare(data, "Fjellby", ["Dalby"], "snitt")
    assert cmp.korrigert is False
    assert cmp.table.loc["Grunnskole", "9002"] == 1
    assert cmp.table.loc["Grunnskole", "9001"] == 8000
    # Dalby has one area of Fjellby's four: no total summed for it (missing is not zero)
    assert pd.isna(cmp.table.loc[kostra.TOTAL, "9002"])
    assert pd.isna(cmp.reference_values[kostra.TOTAL])
    # with the index Fjellby's figures can be corrected, and Dalby's published ones are used
    corrected = kostra.compare(fixture_data, "Fjellby", ["Dalby"], "snitt")
    assert corrected.korrigert is True
    assert corrected.table.loc["Grunnskole", "9002"] == 9000


def test_no_total_is_summed_for_a_region_missing_an_area(fixture_data):
    data = _uncorrected_copy(fixture_data)
    k = data["kostra"]
    data["kostra"] = k[~((k["kommunenummer"] == "9001") & (k["dimensjon"] == "Barnehage"))]
    cmp = kostra.compare(data, "Fjellby", ["Dalby"], "snitt")
    assert pd.isna(cmp.table.loc[kostra.TOTAL, "9001"])
    assert cmp.table.loc[kostra.TOTAL, "9002"] == 38000
    assert any("mangler barnehage, så totalen kan ikke regnes ut" in n for n in cmp.notes)
    kf = kostra.key_figures(cmp)
    assert kf[(kf["kommune"] == "Fjellby") & (kf["dimensjon"] == kostra.TOTAL)].empty


# "korrigert for …", "korrigerte totalen", "de korrigerte tallene", but not "ikke korrigert
# for" or "ukorrigert(e)"
_CORRECTED_CLAIM = re.compile(r"(?<!ikke )(?<!u)korrigert (?:for)|(?<!u)korrigerte", re.I)


def _council_text(cmp) -> str:
    """Every generated text of the report: what the council reads."""
    parts = [kostra.title_line(cmp), kostra.intro_text(cmp), *kostra.commentary(cmp),
             *map(str, cmp.notes), kostra.correction_text(cmp), kostra.difference_intro(cmp),
             kostra.sources_text(cmp), kostra.rank_text(cmp),
             kostra.expenditure_display(cmp).caption, kostra.difference_display(cmp).caption]
    for chart in (kostra.expenditure_chart(cmp), kostra.difference_chart(cmp)):
        parts.append(json.dumps(chart.to_dict(), ensure_ascii=False))
    return "\n".join(parts)


def test_uncorrected_figures_are_never_labelled_corrected(fixture_data):
    cmp = kostra.compare(_uncorrected_copy(fixture_data), "Fjellby", ["Dalby"], "snitt")
    text = _council_text(cmp)
    claims = [m.group(0) for m in _CORRECTED_CLAIM.finditer(text)]
    assert claims == []
    assert kostra.title_line(cmp).startswith(
        "Netto driftsutgifter per innbygger i 2022, ukorrigert (ikke korrigert for "
        "utgiftsbehov).")
    assert "ikke korrigert for utgiftsbehov" in kostra.expenditure_display(cmp).caption
    assert "ukorrigert" in kostra.difference_display(cmp).caption
    assert "Tallene er ikke korrigert for utgiftsbehov" in kostra.commentary(cmp)[-1]
    assert "ikke korrigert for utgiftsbehov" in kostra.expenditure_chart(cmp).description
    assert "ukorrigert" in kostra.difference_chart(cmp).description
    assert "utgiftsbehovsindeks" not in kostra.sources_text(cmp)
    # the check itself finds a claim: the corrected comparison makes it everywhere
    corrected = kostra.compare(fixture_data, "Fjellby", ["Dalby"], "snitt")
    assert len(_CORRECTED_CLAIM.findall(_council_text(corrected))) >= 6
    assert "ukorrigert" not in kostra.title_line(corrected)


def test_uncorrected_comparison_with_the_total_index_only(fixture_data):
    """The workbook's «Utgiftsbehov» sheet may hold the total index only (as Røros' does): the
    figures stay uncorrected, and the text gives the index as information."""
    data = _uncorrected_copy(fixture_data)
    data["kostra_utgiftsbehov"] = pd.DataFrame({
        "kommunenummer": ["9001"], "aar": [2022], "indikator": [kostra.INDEX],
        "dimensjon": [""], "verdi": [104.85], "enhet": ["indeks"], "kilde": ["test"]})
    cmp = kostra.compare(data, "Fjellby", ["Dalby"], "snitt")
    assert cmp.korrigert is False
    assert cmp.table.loc["Grunnskole", "9001"] == 8000
    assert "kostnadsindeks på 104,85" in kostra.correction_text(cmp)
    assert "og fra inntektssystemets utgiftsbehovsindeks" in kostra.sources_text(cmp)
    assert _CORRECTED_CLAIM.findall(_council_text(cmp)) == []


def test_uncorrected_key_figures_have_the_uncorrected_names(fixture_data):
    cmp = kostra.compare(_uncorrected_copy(fixture_data), "Fjellby", ["Dalby"], "snitt")
    kf = kostra.key_figures(cmp)
    assert set(kf["nokkel"]) == {"utgift_per_innb", "differanse_per_innb", "differanse"}
    look = {(r.nokkel, r.kommune, r.dimensjon): r.verdi for r in kf.itertuples()}
    assert look[("utgift_per_innb", "Fjellby", "Grunnskole")] == 8000
    assert look[("utgift_per_innb", "Snitt", "Grunnskole")] == 9000
    assert look[("differanse_per_innb", "Fjellby", kostra.TOTAL)] == 39500 - 38000
    assert look[("differanse", "Fjellby", kostra.TOTAL)] == 1500 * 2000 / 1000
    # documented with the unit written (data/README.md, as test_key_figure_docs reads it)
    from keydocs import documented

    docs = documented()
    for r in kf[["nokkel", "enhet"]].drop_duplicates().itertuples():
        assert docs[("kostra", r.nokkel)] == r.enhet


def test_fixture_comparison_against_group(fixture_data):
    cmp = kostra.compare(fixture_data, "Fjellby", None, "kostragruppe")
    assert cmp.reference.navn == "Testgruppe"
    assert cmp.folketall == 2000  # 2022, not 2021
    d = cmp.differences.set_index("dimensjon")
    assert d.loc["Grunnskole", "differanse_per_innb"] == pytest.approx(10000 - 9500)
    assert d.loc["Grunnskole", "merutgift"] == pytest.approx(500 * 2000 / 1000)
    assert d.loc["Pleie og omsorg", "merutgift"] == pytest.approx(-1000 * 2000 / 1000)
    assert d.loc[kostra.TOTAL, "differanse_per_innb"] == pytest.approx(35000 - 36000)
    assert list(cmp.differences["dimensjon"]) == ["Grunnskole", "Barnehage",
                                                  "Pleie og omsorg", kostra.TOTAL]
    text = kostra.commentary(cmp)
    assert text[0].startswith("De tre områdene der Fjellby skiller seg mest fra Testgruppe")
    assert "pleie og omsorg (1\u00a0000\u00a0kr mindre per innbygger, 2,0\u00a0mill.\u00a0kr" \
        in text[0]
    assert "ikke et beløp kommunen må bruke i tillegg" in text[1]


def test_fixture_comparison_against_mean_and_ranks(fixture_data):
    cmp = kostra.compare(fixture_data, "9001", ["Dalby", "Strandby"], "snitt")
    ref = cmp.reference_values
    assert ref["Grunnskole"] == pytest.approx((9000 + 9500) / 2)
    assert ref[kostra.TOTAL] == pytest.approx((37000 + 32500) / 2)
    d = cmp.differences.set_index("dimensjon")
    assert d.loc[kostra.TOTAL, "merutgift"] == pytest.approx((35000 - 34750) * 2000 / 1000)
    r = cmp.ranks.set_index("dimensjon")
    assert r.loc["Grunnskole", "rang"] == 1
    assert r.loc["Pleie og omsorg", "rang"] == 2
    assert r.loc["Barnehage", "rang"] == 2  # tied with Strandby at 5 000, 6 000 is first
    assert (r["antall"] == 3).all()


def test_mean_is_missing_when_a_peer_lacks_the_area(fixture_data):
    table = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, None]}, index=["X", "Y"])
    ref = kostra.reference_values(table, kostra.Reference("snitt", "Snitt"), ["a", "b"])
    assert ref["X"] == 2.0
    assert pd.isna(ref["Y"])


# ---------------------------------------------------------------- parameters that cannot work


def test_kostragruppe_unknown_falls_back_to_the_comparison_mean(data):
    cmp = kostra.compare(data, "Tynset", None, "kostragruppe")
    assert cmp.reference.kind == kostra.REF_MEAN
    assert cmp.notes[0] == ("Dataene sier ikke hvilken KOSTRA-gruppe Tynset hører til, så "
                            "referansen er snittet av sammenligningskommunene i stedet for "
                            "KOSTRA-gruppen.")
    peers = [p.kommunenummer for p in cmp.peers]
    assert "5025" in peers and "EKG11" not in peers
    assert cmp.reference_values["Totalt"] == pytest.approx(
        cmp.table.loc["Totalt", peers].mean())


def _alone_with(data, national: bool) -> dict[str, pd.DataFrame]:
    """Tynset (no KOSTRA group in the data) with no comparison municipalities, as a folder
    ``hop hent --kommuner`` makes for a municipality the shipped list has no group for: the
    subject and «Landet uten Oslo». The national row's figures are a stand-in: the seed's
    KOSTRA group 11 figures under the code EAKUO (the seed has no national figures)."""
    k = data["kommuner"]
    rows = [k[k["kommunenummer"] == "3427"]]
    kostra_rows = [data["kostra"]]
    if national:
        rows.append(pd.DataFrame([{"kommunenummer": "EAKUO", "navn": "Landet uten Oslo",
                                   "type": "kommunegruppe", "kostragruppe": None,
                                   "alias": "EAKUO", "kilde": "test"}]))
        group = data["kostra"][data["kostra"]["kommunenummer"] == "EKG11"]
        kostra_rows.append(group.assign(kommunenummer="EAKUO"))
    return {**data, "kommuner": pd.concat(rows, ignore_index=True)[k.columns],
            "kostra": pd.concat(kostra_rows, ignore_index=True)}


def test_unknown_group_and_no_peers_compares_with_the_national_figures(data):
    cmp = kostra.compare(_alone_with(data, True), "Tynset", None, "kostragruppe")
    assert cmp.peers == []
    assert (cmp.reference.kind, cmp.reference.kommunenummer) == ("kommunegruppe", "EAKUO")
    assert cmp.notes[0] == ("Dataene sier ikke hvilken KOSTRA-gruppe Tynset hører til, og det "
                            "er ingen sammenligningskommuner, så referansen er Landet uten "
                            "Oslo i stedet for KOSTRA-gruppen.")
    assert cmp.table.loc["Grunnskole", "3427"] == SEED_TABLE["Grunnskole"][1]  # Tynset
    assert cmp.reference_values["Grunnskole"] == 15581  # the stand-in (group 11's figure)
    diff = cmp.differences.set_index("dimensjon")
    assert diff.loc["Grunnskole", "differanse_per_innb"] == 16713 - 15581
    assert diff.loc["Barnevern", "differanse_per_innb"] == 3162 - 2407
    # No ranking among one municipality: a sentence instead of «Blant de 1 kommunene».
    assert kostra.rank_text(cmp) == ("Tynset rangeres ikke: det er ingen andre kommuner i "
                                     "sammenligningen.")  # and no «Plass 1 er …» above it
    assert kostra.title_line(cmp).endswith(" Tynset sammenlignes med Landet uten Oslo.")
    assert kostra.rank_table(cmp) is None
    # ... and no «1 av 1» among the key facts at the top (only the difference to the nation)
    assert [label for _, label in kostra.summary_facts(cmp)] == [
        "per innbygger mot Landet uten Oslo"]


def test_unknown_group_no_peers_and_no_national_row_is_an_error(data):
    with pytest.raises(kostra.KostraError, match="krever minst én sammenligningskommune"):
        kostra.compare(_alone_with(data, False), "Tynset", None, "kostragruppe")


def test_reference_cannot_be_the_municipality(data):
    with pytest.raises(kostra.KostraError, match="ikke være Røros selv"):
        kostra.compare(data, "Røros", None, "Røros kommune")


def test_year_without_figures(data):
    with pytest.raises(CoverageError) as err:
        kostra.compare(data, "Røros", None, "kostragruppe", aar=2021)
    assert str(err.value) == ("Parameteren kostra_aar er 2021, men utgiftene per "
                              "tjenesteområde for Røros har bare tall for 2022.")


def test_unknown_municipality(data):
    with pytest.raises(UnknownKommune):
        kostra.compare(data, "Trondheim", None, "kostragruppe")


def test_peer_without_figures_is_left_out_with_a_note(fixture_data):
    extra = fixture_data["kostra"][fixture_data["kostra"]["kommunenummer"] != "9003"]
    cmp = kostra.compare({**fixture_data, "kostra": extra}, "Fjellby", None, "Testgruppe")
    assert [p.navn for p in cmp.peers] == ["Dalby"]
    assert any("Strandby" in n and "utelatt" in n for n in cmp.notes)


# ---------------------------------------------------------------- the built report (slow)


@pytest.mark.slow
def test_build_report_for_other_municipality_and_reference(tmp_path):
    from conftest import build_report
    from pypdf import PdfReader

    _, folder = build_report("kostra", tmp_path, kommune="Tynset", referanse="snitt",
                             sammenligning=["Oppdal", "Holtålen", "Røros"])
    kf = pd.read_csv(folder / "nokkeltall.csv", dtype={"dimensjon": str})
    kf = kf[kf["rapport"] == "kostra"]
    total = kf[(kf["nokkel"] == "differanse_per_innb_korrigert")
               & (kf["dimensjon"] == "Totalt")]
    assert total["kommune"].item() == "Tynset"
    assert total["verdi"].item() == round(75568 - (75175 + 74159 + 78200) / 3)
    # No population for Tynset in folketall.csv: no amounts for the whole municipality.
    assert "differanse_korrigert" not in set(kf["nokkel"])
    text = " ".join(page.extract_text() for page in PdfReader(folder / "kostra.pdf").pages)
    text = " ".join(text.replace("\u00a0", " ").split())
    assert "KOSTRA-sammenligning – Tynset kommune" in text
    assert "snittet av sammenligningskommunene" in text
    assert "Folketallet for Tynset per 31.12.2022 er ikke med i grunnlaget" in text
    assert "277 kr mindre per innbygger" in text


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().replace("\u00a0", " ").split())
            for p in PdfReader(path).pages]


@pytest.mark.slow
def test_built_report_words_the_corrected_difference_and_shows_the_remark(built_defaults):
    folder = built_defaults["kostra"]
    page1 = _pdf_pages(folder / "kostra.pdf")[0]
    assert "svarer forskjellen til 47,2 mill. kr" in page1
    assert "så mye ville kommunen spare" not in page1
    assert ("pekepinn på forskjellen i ressursbruk etter korrigering for beregnet "
            "utgiftsbehov, ikke et beløp kommunen kan spare") in page1
    assert "for hele kommunen – ikke en innsparing" in page1  # the key-fact box
    # The source's remark on administration stands beside that area on page 1 …
    admin = page1.index("adm. styring og fellesutgifter (4 110 kr mer")
    remark = page1.index("Merk om adm. styring og fellesutgifter i 2022")
    assert admin < remark < page1.index("Samlet bruker Røros")
    assert "om lag 2 000 kr per innbygger" in page1
    # … and is marked in the difference table, with the remark under it.
    html = (folder / "kostra.html").read_text(encoding="utf-8")
    assert "Adm. styring og fellesutgifter *" in html
    assert "Merknad fra kilden." in html


@pytest.mark.slow
def test_build_for_municipality_without_kostra_group(tmp_path):
    from conftest import build_report

    _, folder = build_report("kostra", tmp_path, kommune="Tynset")
    page1 = _pdf_pages(folder / "kostra.pdf")[0]
    assert ("Dataene sier ikke hvilken KOSTRA-gruppe Tynset hører til, så referansen er "
            "snittet av sammenligningskommunene i stedet for KOSTRA-gruppen.") in page1
    kf = pd.read_csv(folder / "nokkeltall.csv", dtype={"dimensjon": str})
    snitt = kf[(kf["nokkel"] == "utgift_per_innb_korrigert") & (kf["kommune"] == "Snitt")
               & (kf["dimensjon"] == "Totalt")]
    # Røros, Oppdal, Midtre Gauldal, Os (Hedm.) and Holtålen, 2022.
    assert snitt["verdi"].item() == round((78200 + 75175 + 70914 + 90531 + 74159) / 5)
