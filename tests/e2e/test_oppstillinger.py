"""The built statements report (issue 22): the figures a council member reads in the PDF
(pdftotext) and the key figures in nokkeltall.csv, the statements' identities read back
from both, the same numbers as the handlingsregler, finans and investering reports, the
statements first in vedlegg.pdf and nokkeltall.xlsx, and the report for
``budsjettaar=2025``, for a municipality without a plan and for a plan out of balance.

One build per case, shared by the module's tests (each build takes some seconds)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from helpers.pack.runner import build

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None,
                                 reason="pdftotext (poppler-utils) mangler")]

YEARS = [2024, 2025, 2026, 2027]
REPORTS = ["oppstillinger", "handlingsregler", "finans", "investering"]


def run_build(out: Path, params: dict, data_dir: Path = DATA_DIR,
              reports: list[str] | None = None) -> Path:
    results = build(reports or ["oppstillinger"], params, out, data_dir, jobs=2)
    failed = [f"{r.report}: {r.error}" for r in results if not r.ok]
    assert not failed, f"feilet: {failed}"
    return out


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return out.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


NUMBER = re.compile(r"−?\d{1,3}(?: \d{3})*(?![\d])|–")


def numbers(text: str) -> list[float | None]:
    """The numbers of a table row as printed («1 234», «−5 678»; «–» is None)."""
    out = []
    for m in NUMBER.findall(text):
        out.append(None if m == "–" else float(m.replace(" ", "").replace("−", "-")))
    return out


def row(text: str, nr: int | str, label: str, n: int = 4) -> list[float | None]:
    """The year columns of the line ``nr label`` of a statement in the PDF."""
    pattern = re.compile(rf"^\s*{nr}\s+{re.escape(label)}\s+(.*)$", re.M)
    found = pattern.findall(text)
    assert found, f"fant ikke linjen «{nr} {label}» i PDF-en"
    values = numbers(found[0])
    assert len(values) >= n, (label, found[0])
    return values[:n]


def keys(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False)


def key(kf: pd.DataFrame, nokkel: str, dimensjon: str, rapport: str = "oppstillinger"
        ) -> dict[int, float]:
    sel = kf[(kf["rapport"] == rapport) & (kf["nokkel"] == nokkel)
             & (kf["dimensjon"] == dimensjon)]
    return dict(zip(sel["aar"].astype(int), sel["verdi"].astype(float), strict=True))


# ---------------------------------------------------------------- the default build


@pytest.fixture(scope="module")
def pack(built_pack) -> Path:
    """The default pack the session builds once (tests/conftest.py): every report with its
    defaults, REPORTS among them, and the appendix."""
    return built_pack


@pytest.fixture(scope="module")
def text(pack) -> str:
    return pdf_text(pack / "oppstillinger" / "oppstillinger.pdf")


@pytest.fixture(scope="module")
def kf(pack) -> pd.DataFrame:
    return pd.concat([keys(pack / name) for name in REPORTS], ignore_index=True)


def test_seed_figures_2024_in_the_pdf(text):
    """HØP 2024–2027, «Hovedtallene i budsjettforslaget» (Røros), as the statement prints
    them; the source prints the sum of its rounded lines as 457 138, the statement sums
    the lines it shows (457 137)."""
    assert row(text, 1, "Rammetilskudd")[0] == 204_653
    assert row(text, 2, "Inntekts- og formuesskatt")[0] == 215_334
    assert row(text, 3, "Eiendomsskatt")[0] == 35_150
    assert row(text, 4, "Andre generelle driftsinntekter")[0] == 2_000
    assert row(text, 5, "Sum generelle driftsinntekter") == [457_137, 461_108, 463_416,
                                                             468_356]
    assert abs(row(text, 5, "Sum generelle driftsinntekter")[0] - 457_138) == 1
    assert row(text, 7, "Avskrivninger") == [44_249] * 4
    assert row(text, 16, "Motpost avskrivninger") == [44_249] * 4
    assert row(text, 15, "Netto finansutgifter") == [-64_572, -59_512, -56_352, -53_952]
    assert row(text, 17, "Netto driftsresultat") == [-28_986, -10_707, -4_686, 1_357]
    assert row(text, 22, "Bruk av disposisjonsfond") == [-24_444, -6_021, 0, 0]
    assert row(text, 21, "Avsetninger til disposisjonsfond") == [0, 0, 0, 6_043]
    assert row(text, 25, "Fremført til inndekning i senere år (merforbruk)") == [0] * 4
    assert row(text, 6, "Sum investeringsutgifter") == [36_493, 42_000, 7_000, 7_000]
    assert row(text, 1, "Investeringer i varige driftsmidler") == [34_743, 40_250, 7_000,
                                                                   7_000]
    assert row(text, 3, "Investeringer i aksjer og andeler i selskaper") == [1_750, 1_750,
                                                                             0, 0]
    # the plan gives no financing: «Bruk av lån» is missing, not the tool's 100 % loans
    assert row(text, 13, "Bruk av lån", 5) == [None] * 4 + [1]


def test_missing_and_combined_lines_with_a_note(text):
    """Combined figures on one line (renter and utbytte; the service areas' net fund use),
    the other line «i linje N»; the financing and the opening debt missing, with the
    workbook sheet that fills them; the first page says the statements are incomplete."""
    assert row(text, 10, "Renteinntekter", 5) == [6_400, 7_400, 10_400, 10_400, 1]
    assert re.search(r"11\s+Utbytter(\s+i linje 10){4}\s+1", text)
    assert row(text, 12, "Gevinster og tap på finansielle omløpsmidler", 5) == [0] * 4 + [2]
    assert row(text, 20, "Bruk av bundne driftsfond", 5) == [-4_542, -4_686, -4_686,
                                                               -4_686, 3]
    assert re.search(r"19\s+Avsetninger til bundne driftsfond(\s+i linje 20){4}\s+3", text)
    assert row(text, 15, "Videreutlån", 4) == [None] * 4
    assert row(text, 27, "Fremført til inndekning i senere år (udekket beløp)", 4) == \
        [None] * 4
    flat = " ".join(text.split())
    assert "Planen oppgir renteinntekter og utbytte bare samlet. Beløpet står i linje 10" \
        in flat
    assert "Grunnlaget har ikke kommunens finansieringsplan for investeringene" in flat
    assert "arket «Investering finansiering» i arbeidsboken" in flat
    assert "Oppstillingene er ikke komplette" in flat.split("Bevilgningsoversikt drift (§")[0]
    # § 5-7's avdrag are the plan's (§ 5-4 line 14); the debt is missing, not estimated
    assert row(text, 4, "Avdrag på lån i driften", 5) == [32_150, 32_800, 33_500, 34_100, 3]
    assert row(text, 1, "Lånegjeld ved inngangen til året", 4) == [None] * 4
    assert "719 903" not in flat and "33 729" not in flat


def test_identities_in_the_pdf(text):
    one = {nr: row(text, nr, label) for nr, label in [
        (1, "Rammetilskudd"), (2, "Inntekts- og formuesskatt"), (3, "Eiendomsskatt"),
        (4, "Andre generelle driftsinntekter"), (5, "Sum generelle driftsinntekter"),
        (6, "Sum bevilgninger drift, netto"), (7, "Avskrivninger"),
        (8, "Sum netto driftsutgifter"), (9, "Brutto driftsresultat"),
        (17, "Netto driftsresultat"),
        (24, "Sum disponeringer eller dekning av netto driftsresultat"),
        (25, "Fremført til inndekning i senere år (merforbruk)")]}
    for i in range(4):
        assert one[5][i] == sum(one[n][i] for n in (1, 2, 3, 4))
        assert one[8][i] == one[6][i] + one[7][i]
        assert one[9][i] == one[5][i] - one[8][i]
        assert one[25][i] == one[24][i] - one[17][i]
    fin = {n: row(text, n, label) for n, label in [
        (10, "Renteinntekter"), (12, "Gevinster og tap på finansielle omløpsmidler"),
        (13, "Renteutgifter"), (14, "Avdrag på lån"), (15, "Netto finansutgifter")]}
    for i in range(4):
        # line 11 is «i linje 10»: 15 adds up from the printed lines
        assert fin[15][i] == fin[10][i] + fin[12][i] - fin[13][i] - fin[14][i]
    inv = {n: row(text, n, label) for n, label in [
        (1, "Investeringer i varige driftsmidler"), (2, "Tilskudd til andres investeringer"),
        (3, "Investeringer i aksjer og andeler i selskaper"), (4, "Utlån av egne midler"),
        (5, "Avdrag på lån"), (6, "Sum investeringsutgifter")]}
    for i in range(4):
        assert inv[6][i] == sum(inv[n][i] for n in range(1, 6))


def test_reconciliation_in_the_pdf(text):
    flat = " ".join(text.split())
    assert "Sum rammer slik planen viser dem −1 0 0 0" in flat
    # andre ledd sums to første ledd's line 6, with Finans's rest as its own row
    assert "Finans −7 221 −8 221 −8 220 −8 220" in flat
    assert "Sum bevilgninger drift, netto 421 550 412 303 411 750 413 047" in flat
    assert "Sum bevilgninger drift, netto (andre ledd)" not in flat
    assert "Finans: resten av rammen (blir stående i linje 6) 6 −7 221 −8 221 −8 220 " \
           "−8 220" in flat
    assert "Avvik netto driftsresultat (ubalanse i rammene) 1 0 0 0" in flat
    assert "fordi rammeområdet Finans har de generelle inntektene" in flat
    assert "Rammen til Finans har i tillegg 7 221 i netto inntekt" in flat
    assert "avviker fra planens disponeringer med 1 i 2024, fordi rammene i kilden er " \
           "avrundet" in flat
    assert "går ikke opp" not in flat


def test_sign_convention_under_every_table(text):
    flat = " ".join(text.split())
    assert flat.count("Fortegn: inntekter og utgifter vises som positive beløp") == 1
    assert "Fortegn: utgifter og inntekter vises som positive beløp" in flat  # § 5-5
    assert "Fortegn: alle beløp er positive" in flat  # § 5-7
    assert "Fortegn: rammene er netto" in flat
    assert "Fortegn: bevilgningene er utgifter" in flat


def test_the_pdf_names_no_files_or_parameters(text):
    for word in (".csv", "budsjettaar", "hop build", "data/"):
        assert word not in text


def test_every_key_figure_is_in_the_pdf(text, kf):
    """Every line of § 5-4 første ledd, § 5-5 første ledd and § 5-7 in nokkeltall.csv is
    the number the PDF prints for that line and year."""
    own = kf[kf["rapport"] == "oppstillinger"]
    assert set(own["nokkel"]) == {"paragraf_5_4_1", "paragraf_5_4_2", "paragraf_5_5_1",
                                  "paragraf_5_5_2", "paragraf_5_7"}
    from helpers.model import statements as st

    layouts = {"paragraf_5_4_1": st.LINES_5_4_1, "paragraf_5_5_1": st.LINES_5_5_1,
               "paragraf_5_7": st.LINES_5_7}
    checked = 0
    for nokkel, lines in layouts.items():
        # line names repeat between statements (Avdrag på lån): search each statement's part
        part = {"paragraf_5_4_1": text.split("Bevilgninger per rammeområde")[0],
                "paragraf_5_5_1": text.split("Bevilgningsoversikt investering (§ 5-5")[1],
                "paragraf_5_7": text.split("Gjeld og andre langsiktige")[1]}[nokkel]
        for nr, label in lines.items():
            values = key(own, nokkel, label)
            if not values:
                continue
            printed = row(part, nr, label)
            assert printed == [round(values[y]) for y in YEARS], (nokkel, label)
            checked += 1
    # § 5-4: 25 lines, 2 in another line; § 5-5: 27 lines, 21 missing (no financing
    # plan); § 5-7: 6 lines, only the avdrag known
    assert checked == 23 + 6 + 1


def test_key_figures_identities(kf):
    k = lambda n, d: key(kf, n, d)  # noqa: E731
    for y in YEARS:
        assert k("paragraf_5_4_1", "Sum generelle driftsinntekter")[y] == sum(
            k("paragraf_5_4_1", d)[y] for d in (
                "Rammetilskudd", "Inntekts- og formuesskatt", "Eiendomsskatt",
                "Andre generelle driftsinntekter"))
        assert k("paragraf_5_4_1", "Fremført til inndekning i senere år (merforbruk)")[y] \
            == 0
        assert y not in k("paragraf_5_5_1", "Sum investeringsinntekter")
        assert k("paragraf_5_5_2", "Sum investeringer (andre ledd)")[y] == k(
            "paragraf_5_5_1", "Sum investeringsutgifter")[y]
        rammer = kf[(kf["nokkel"] == "paragraf_5_4_2") & (kf["aar"] == y)]
        parts = rammer[~rammer["dimensjon"].str.startswith("Sum ")]["verdi"].sum()
        assert parts == k("paragraf_5_4_2", "Sum bevilgninger drift, netto")[y] == k(
            "paragraf_5_4_1", "Sum bevilgninger drift, netto")[y]
        assert len(rammer) == 10
    assert k("paragraf_5_4_1", "Netto driftsresultat")[2024] == -28_986
    assert k("paragraf_5_5_2", "Kjøp/salg aksjer/andeler")[2024] == 1_750
    assert k("paragraf_5_4_1", "Renteinntekter")[2024] == 6_400
    assert "Utbytter" not in set(kf[kf["nokkel"] == "paragraf_5_4_1"]["dimensjon"])


def test_one_model_the_other_reports_show_the_same_numbers(kf):
    """Fund movements, finance costs, investments, loans and debt in the statements are the
    figures handlingsregler, finans and investering write."""
    def other(rapport, nokkel, dim=""):
        return key(kf, nokkel, dim, rapport)

    til = key(kf, "paragraf_5_4_1", "Avsetninger til disposisjonsfond")
    bruk = key(kf, "paragraf_5_4_1", "Bruk av disposisjonsfond")
    fin = key(kf, "paragraf_5_4_1", "Netto finansutgifter")
    for y in YEARS:
        assert other("handlingsregler", "avsetning_til_fond")[y] == til[y]
        assert other("handlingsregler", "avsetning_bruk_av_fond")[y] == bruk[y]
        assert other("handlingsregler", "avsetning_planlagt")[y] == til[y] + bruk[y]
        assert other("finans", "netto_finansutgifter")[y] == -fin[y]
        assert other("investering", "investering", "totalt")[y] == key(
            kf, "paragraf_5_5_1", "Sum investeringsutgifter")[y]
        # one figure, one source: § 5-7's avdrag are § 5-4 line 14; the model's assumed
        # loans and debt are in the investment report, never in a statement
        assert key(kf, "paragraf_5_7", "Avdrag på lån i driften")[y] == key(
            kf, "paragraf_5_4_1", "Avdrag på lån")[y]
        assert y not in key(kf, "paragraf_5_5_1", "Bruk av lån")
        assert y not in key(kf, "paragraf_5_7", "Lånegjeld ved utgangen av året")


def test_netto_driftsresultat_is_the_models(kf):
    from helpers.data import load_data
    from helpers.model.economy import economy

    e = economy(load_data(DATA_DIR), "Røros", 2024)
    ndr = key(kf, "paragraf_5_4_1", "Netto driftsresultat")
    assert ndr == {y: e.value("netto_driftsresultat", y) for y in YEARS}


def test_statements_first_in_the_appendix(pack):
    from pypdf import PdfReader

    pages = pdf_text(pack / "vedlegg.pdf").split("\f")
    # the contents are the pages after the cover up to the first report's bookmark
    reader = PdfReader(pack / "vedlegg.pdf")
    first = next(item for item in reader.outline
                 if not isinstance(item, list) and item.title != "Innhold")
    assert first.title.startswith("Budsjettoppstillinger")
    n_toc = reader.get_destination_page_number(first) - 1
    assert n_toc >= 1
    toc = "\n".join(pages[1:1 + n_toc])
    titles = [t for t in ("Budsjettoppstillinger", "Handlingsregler", "Finans",
                          "Investeringer") if t in toc]
    assert titles and titles[0] == "Budsjettoppstillinger"
    assert toc.index("Budsjettoppstillinger") < toc.index("Handlingsregler")
    first_body = " ".join(pages[1 + n_toc].split())
    assert "Budsjettoppstillinger – Røros kommune" in first_body
    assert "Bevilgningsoversikt drift (§ 5-4 første ledd)" in " ".join(toc.split())
    assert "5 Sum generelle driftsinntekter 457 137" in " ".join("\n".join(pages).split())


def test_statements_in_the_spreadsheet(pack):
    from openpyxl import load_workbook

    wb = load_workbook(pack / "nokkeltall.xlsx")
    assert wb.sheetnames[1] == "oppstillinger"
    ws = wb["oppstillinger"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(2)]
    ndr = [r for r in rows if r["nokkel"] == "paragraf_5_4_1"
           and r["dimensjon"] == "Netto driftsresultat" and r["aar"] == 2024]
    assert len(ndr) == 1 and ndr[0]["verdi"] == -28_986
    assert isinstance(ndr[0]["verdi"], (int, float))


def test_maintainer_notes_in_merknader(pack):
    notes = (pack / "merknader.md").read_text(encoding="utf-8")
    part = notes.split("## Budsjettoppstillinger (oppstillinger)")[1].split("\n## ")[0]
    assert "`renteinntekter_utbytte`" in part
    assert "`data/investering_finansiering.csv`" in part
    # § 5-6: data/ has no invented budget per art since issue 28 (it is in eksempler/),
    # so there is none to leave out; and what would add the accounts year
    assert "eksempeldata" not in part
    assert "`--set kostra_fil=FIL`" in part


# ---------------------------------------------------------------- other parameters


# the constructed KOSTRA extract for 2024 (its figures: tests/unit/model/test_statements_art.py)
EXTRACT = ROOT / "tests" / "fixtures" / "kostra_uttrekk" / "0A_5025_2024_konstruert.dat"


@pytest.fixture(scope="module")
def pack_2025(tmp_path_factory) -> Path:
    """The plan from 2025, with the KOSTRA extract for 2024 (the year before it)."""
    return run_build(tmp_path_factory.mktemp("oppstillinger2025"),
                     {"budsjettaar": 2025, "kostra_fil": str(EXTRACT)})


def test_budget_year_2025(pack_2025):
    text = pdf_text(pack_2025 / "oppstillinger" / "oppstillinger.pdf")
    flat = " ".join(text.split())
    assert "økonomiplanen 2025–2028" in flat
    assert "har ingen tall for 2028" in flat
    assert row(text, 17, "Netto driftsresultat", 3) == [-10_707, -4_686, 1_357]
    # the data hold no investment plan from 2025: § 5-5 is missing, not zero
    assert row(text, 6, "Sum investeringsutgifter", 3) == [None] * 3
    assert "Grunnlaget har ingen tall for denne oppstillingen i 2025, 2026 og 2027" in flat
    kf = keys(pack_2025 / "oppstillinger")
    # every statement's years are the plan years; § 5-6's accounts year is 2024 (below)
    assert set(kf.loc[kf["nokkel"] != "paragraf_5_6", "aar"]) == {2025, 2026, 2027}
    assert "paragraf_5_5_1" not in set(kf["nokkel"])
    assert key(kf, "paragraf_5_4_1", "Netto driftsresultat")[2025] == -10_707


# § 5-6 lines as the regulation names them; the numbers the PDF must print, from the
# constructed extract (hand-summed in tests/constructed_extract.py, EXPECTED)
ART_LINES = {1: "Rammetilskudd", 2: "Inntekts- og formuesskatt", 3: "Eiendomsskatt",
             4: "Andre skatteinntekter", 7: "Brukerbetalinger", 8: "Salgs- og leieinntekter",
             9: "Sum driftsinntekter", 10: "Lønnsutgifter", 11: "Sosiale utgifter",
             12: "Kjøp av varer og tjenester", 13: "Overføringer og tilskudd til andre",
             14: "Avskrivninger", 15: "Sum driftsutgifter", 16: "Brutto driftsresultat",
             17: "Renteinntekter", 18: "Utbytter", 20: "Renteutgifter", 21: "Avdrag på lån",
             22: "Netto finansutgifter", 23: "Motpost avskrivninger",
             24: "Netto driftsresultat", 25: "Overføring til investering",
             26: "Avsetninger til bundne driftsfond", 27: "Bruk av bundne driftsfond",
             28: "Avsetninger til disposisjonsfond", 29: "Bruk av disposisjonsfond",
             30: "Dekning av tidligere års merforbruk"}


def _art_section(text: str) -> str:
    start = text.index("Økonomisk oversikt etter art – drift (§ 5-6)")
    return text[start:text.index("Gjeld og andre langsiktige forpliktelser (§ 5-7)", start)]


def test_art_statement_from_the_extract_in_the_pdf_and_key_figures(pack_2025):
    from constructed_extract import EXPECTED

    text = pdf_text(pack_2025 / "oppstillinger" / "oppstillinger.pdf")
    part = _art_section(text)
    flat = " ".join(part.split())
    assert "Regnskap 2024" in flat  # the one column: the extract's accounts year
    printed = {}
    for nr, label in ART_LINES.items():
        values = row(part, nr, label, 1)
        assert len(values) == 1, (nr, values)  # no plan-year columns of dashes
        printed[nr] = values[0]
        assert printed[nr] == EXPECTED[nr], (nr, label)
    # the identities, read back from the PDF
    p = printed
    assert p[9] == p[1] + p[2] + p[3] + p[4] + EXPECTED[5] + EXPECTED[6] + p[7] + p[8]
    assert p[15] == p[10] + p[11] + p[12] + p[13] + p[14]
    assert p[16] == p[9] - p[15]
    assert p[22] == p[17] + p[18] + EXPECTED[19] - p[20] - p[21]
    assert p[24] == p[16] + p[22] + p[23]
    assert EXPECTED[31] == p[25] + p[26] + p[27] + p[28] + p[29] + p[30]
    # where the columns come from, and why the plan years are missing, in words
    assert "regnskap for 2024 slik det er rapportert til SSB (KOSTRA)" in flat
    assert "For 2025, 2026 og 2027 har grunnlaget ikke budsjett per art" in flat
    assert "hovedart per rammeområde" in flat
    assert "Fortegn som i forskriftens oppstilling" in flat  # SIGN_TEXT_5_6
    assert ".dat" not in text and "kostra_fil" not in text
    # nokkeltall.csv: every line of the accounts year, as printed; no plan year
    kf = keys(pack_2025 / "oppstillinger")
    art = kf[kf["nokkel"] == "paragraf_5_6"]
    assert set(art["aar"]) == {2024} and len(art) == 32
    got = dict(zip(art["dimensjon"], art["verdi"].astype(float), strict=True))
    for nr, label in ART_LINES.items():
        assert got[label] == EXPECTED[nr] == printed[nr], label
    assert got["Fremført til inndekning i senere år (merforbruk)"] == EXPECTED[32] == 0
    assert got["Sum disponeringer eller dekning av netto driftsresultat"] == EXPECTED[31]


def test_art_statement_without_art_figures_says_why(text, kf):
    """The default build: no extract, and budsjett.csv holds only the tertial report's
    invented example split per art, which a budget appendix must not show."""
    part = _art_section(text)
    flat = " ".join(part.split())
    assert "For 2024, 2025, 2026 og 2027 har grunnlaget ikke budsjett per art" in flat
    assert "lønn omfatter både lønnsutgifter og sosiale utgifter" in flat
    assert "Sum driftsinntekter" not in part and "Brutto driftsresultat" not in part
    assert "paragraf_5_6" not in set(kf["nokkel"])


@pytest.fixture(scope="module")
def pack_tynset(tmp_path_factory) -> Path:
    return run_build(tmp_path_factory.mktemp("oppstillinger-tynset"), {"kommune": "Tynset"})


def test_a_municipality_without_a_plan(pack_tynset):
    flat = " ".join(pdf_text(pack_tynset / "oppstillinger" / "oppstillinger.pdf").split())
    # The «mangler data» page (issue 21): what is missing in words, no tables, no zeros
    assert flat.startswith("Tynset kommune · Budsjettoppstillinger · 2024–2027")
    assert "Denne rapporten er ikke laget ennå, fordi tallene den bygger på, mangler" in flat
    assert "økonomiplanens sentrale inntekter" in flat
    assert "investeringsprogrammets prosjekter" in flat
    assert "Side 1 av 1" in flat and ".csv" not in flat
    assert not (pack_tynset / "oppstillinger" / "nokkeltall.csv").exists() or \
        keys(pack_tynset / "oppstillinger").empty
    notes = (pack_tynset / "merknader.md").read_text(encoding="utf-8")
    assert "okonomiplan.csv har ingen rader for kommunenummer 3427" in notes


@pytest.fixture(scope="module")
def pack_unbalanced(tmp_path_factory) -> Path:
    """Kultur's ramme 2026 raised by 1 000 without financing."""
    data = tmp_path_factory.mktemp("data-ubalanse")
    shutil.copytree(DATA_DIR, data, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.md"))
    path = data / "finans_rammer.csv"
    r = pd.read_csv(path, dtype=str, keep_default_na=False)
    sel = ((r["rammeomrade"] == "Kultur") & (r["niva"] == "rammeomrade")
           & (r["aar"] == "2026") & (r["datatype"] == "okonomiplan"))
    assert sel.sum() == 1
    r.loc[sel, "belop"] = str(int(r.loc[sel, "belop"].iloc[0]) + 1_000)
    r.to_csv(path, index=False)
    return run_build(tmp_path_factory.mktemp("oppstillinger-ubalanse"), {}, data)


def test_a_plan_out_of_balance_is_said_and_warned(pack_unbalanced):
    text = pdf_text(pack_unbalanced / "oppstillinger" / "oppstillinger.pdf")
    flat = " ".join(text.split())
    assert row(text, 25, "Fremført til inndekning i senere år (merforbruk)") == [0, 0,
                                                                                1_000, 0]
    assert row(text, 17, "Netto driftsresultat") == [-28_986, -10_707, -5_686, 1_357]
    assert "Andre ledd og første ledd går ikke opp i 2026" in flat
    assert "Driftsbudsjettet er ikke i balanse: 1 000 er fremført" in flat
    notes = (pack_unbalanced / "merknader.md").read_text(encoding="utf-8").replace(
        "\u00a0", " ")
    assert "`data/finans_rammer.csv` for 2026 summerer til 1 000, ikke 0" in notes
