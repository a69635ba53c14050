"""hop hovedbok: ledger exports from the accounting system into regnskap.csv and
budsjett.csv, one constructed export per shipped profile (tests/fixtures/hovedbok/README.md)
with the quirks real exports have, and every refusal naming file, line, column and value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.data.load import load_file
from helpers.data.specs import all_specs
from helpers.ingest.ledger import LedgerError, ProfileError, import_ledger, load_profile
from helpers.ingest.ledger.reading import parse_amount, parse_period

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "eksempler" / "tertial"  # issue 28: the example budget and accounts
FIX = ROOT / "tests" / "fixtures" / "hovedbok"


def _folder(tmp_path: Path) -> Path:
    """A copy of the example data without its budget and accounts, with the example's ansvar
    renamed to the exports' alphanumeric codes (1100 → A1100)."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("alternativer"))
    (folder / "budsjett.csv").unlink()
    (folder / "regnskap.csv").unlink()
    m = pd.read_csv(folder / "ansvar_rammeomrade.csv", dtype=str, keep_default_na=False)
    m["ansvar"] = "A" + m["ansvar"]
    m.to_csv(folder / "ansvar_rammeomrade.csv", index=False)
    return folder


def _read(folder: Path, stem: str) -> pd.DataFrame:
    return load_file(folder / f"{stem}.csv", all_specs()[stem])


def _example(stem: str) -> pd.DataFrame:
    return load_file(DATA / f"{stem}.csv", all_specs()[stem])


@pytest.fixture
def folder(tmp_path):
    return _folder(tmp_path)


# ---------------------------------------------------------------- one export per profile


def test_visma_budget_nynorsk_bom_spaces_tjeneste_and_sum_line(folder):
    r = import_ledger(FIX / "visma_budsjett_2024.csv", folder, "visma", "budsjett", "Røros",
                      versjon="opprinnelig")
    assert (r.status, r.unit, r.lines_read, r.lines_written) == ("ny", "kr", 174, 172)
    assert r.totals == {"drift": 0.0, "investering": 0.0}
    assert any("sumlinje" in n for n in r.notes)
    assert any("2 linjer i investering" in n for n in r.notes)
    b = _read(folder, "budsjett")
    ex = _example("budsjett")
    ex = ex[ex["versjon"] == "opprinnelig"]
    assert len(b) == len(ex) == 172
    assert set(b["enhet"]) == {"1000 kr"} and set(b["versjon"]) == {"opprinnelig"}
    # «13 575 000» on A1100, art 010, tjeneste 12001 → funksjon 120, in 1000 kr
    row = b[(b["ansvar"] == "A1100") & (b["art"] == "010") & (b["funksjon"] == "120")]
    assert row["belop"].tolist() == [13575.0]
    # income stays negative: skatt (art 870) as in the example's budget
    assert b.loc[b["art"] == "870", "belop"].sum() == pytest.approx(
        ex.loc[ex["art"] == "870", "belop"].sum()) == pytest.approx(-215334)
    assert b["belop"].sum() == pytest.approx(0, abs=1e-6)
    assert "222" not in set(b["funksjon"])   # the investment lines are not written


def test_visma_accounts_periods_and_whole_kroner(folder):
    r = import_ledger(FIX / "visma_regnskap_2024_04.csv", folder, "visma", "regnskap", "5025")
    assert (r.status, r.lines_written) == ("ny", 665)
    a = _read(folder, "regnskap")
    ex = _example("regnskap")
    ex = ex[ex["periode"] <= 4]
    assert sorted(a["periode"].unique()) == [1, 2, 3, 4]
    one = a[(a["periode"] == 1) & (a["ansvar"] == "A1100") & (a["art"] == "010")]
    assert one["belop"].tolist() == [1140.427]   # «1 140 427» kr
    assert a["belop"].sum() == pytest.approx(ex["belop"].sum() / 1000)


def test_unit4_cp1252_five_digit_konto_and_yyyymm_periods(folder):
    r = import_ledger(FIX / "unit4_budsjett_2024.csv", folder, "unit4", "budsjett", "Røros",
                      versjon="revidert")
    assert r.lines_written == 172 and r.totals["investering"] == 0
    b = _read(folder, "budsjett")
    ex = _example("budsjett")
    ex = ex[ex["versjon"] == "revidert"]
    # konto 18700 → kontoklasse 1 (drift), art 870
    assert b.loc[b["art"] == "870", "belop"].sum() == pytest.approx(
        ex.loc[ex["art"] == "870", "belop"].sum())
    assert set(b["art"]) == set(ex["art"])
    import_ledger(FIX / "unit4_regnskap_2024_04.csv", folder, "unit4", "regnskap", "Røros")
    a = _read(folder, "regnskap")
    assert sorted(a["periode"].unique()) == [1, 2, 3, 4]   # 202401 … 202404


def test_xledger_excel_title_rows_numeric_codes_and_total_row(folder):
    r = import_ledger(FIX / "xledger_regnskap_2024_04.xlsx", folder, "xledger", "regnskap",
                      "Røros")
    assert r.lines_written == 665
    assert any("«totalt»" in n for n in r.notes)
    a = _read(folder, "regnskap")
    # Excel kept art 010 as the number 10: the leading zero is put back
    assert "010" in set(a["art"]) and "10" not in set(a["art"])
    ex = _example("regnskap")
    assert a["belop"].sum() == pytest.approx(ex.loc[ex["periode"] <= 4, "belop"].sum() / 1000,
                                             abs=0.01)


def test_revised_budget_replaces_only_its_own_version_and_same_import_is_unchanged(folder):
    import_ledger(FIX / "visma_budsjett_2024.csv", folder, "visma", "budsjett", "Røros",
                  versjon="opprinnelig")
    r = import_ledger(FIX / "unit4_budsjett_2024.csv", folder, "unit4", "budsjett", "Røros",
                      versjon="revidert")
    assert (r.status, r.replaced) == ("endret", 0)
    b = _read(folder, "budsjett")
    assert b["versjon"].value_counts().to_dict() == {"opprinnelig": 172, "revidert": 172}
    r = import_ledger(FIX / "unit4_budsjett_2024.csv", folder, "unit4", "budsjett", "Røros",
                      versjon="revidert")
    assert r.status == "uendret"
    assert (folder / ".grunnlag-forrige" / "budsjett.csv").exists()


def test_accounts_of_other_years_are_kept_and_marked_kroner(folder):
    shutil.copy2(DATA / "regnskap.csv", folder / "regnskap.csv")
    text = (folder / "regnskap.csv").read_text(encoding="utf-8").replace("5025,2024,",
                                                                         "5025,2023,")
    (folder / "regnskap.csv").write_text(text, encoding="utf-8")
    m = pd.read_csv(folder / "ansvar_rammeomrade.csv", dtype=str, keep_default_na=False)
    plain = m.assign(ansvar=m["ansvar"].str[1:])
    pd.concat([m, plain]).to_csv(folder / "ansvar_rammeomrade.csv", index=False)
    r = import_ledger(FIX / "visma_regnskap_2024_04.csv", folder, "visma", "regnskap", "Røros")
    assert r.replaced == 0
    a = _read(folder, "regnskap")
    old = a[a["aar"] == 2023]
    assert len(old) == 1330 and set(old["enhet"]) == {"kr"}   # kroner, as they were
    assert old["belop"].iloc[0] == 1140427


# ---------------------------------------------------------------- values


def test_amounts_as_exports_write_them():
    # real cells from Bergen's published budget (datahotellet/dataset-archive,
    # datasets/bergen/budsjett-2013/driftsbudsjett/sample.csv): spaces and Excel's «-» zero
    assert parse_amount(" -1 362 250 ") == -1362250
    assert parse_amount(" 182 968 031 ") == 182968031
    assert parse_amount("-   ") == 0
    assert parse_amount("1\u00a0234,50") == 1234.5
    assert parse_amount("(1 234)") == -1234
    assert parse_amount("1234-") == -1234
    assert parse_amount("1.234.567") == 1234567
    assert parse_amount("\u2212 12") == -12
    assert parse_amount(1500) == 1500
    assert parse_amount("1,234.5", decimal=".") == 1234.5
    for bad in ("12,3,4", "1.23", "abc", "1 234,5,6"):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_periods():
    assert parse_period("3") == (None, 3)
    assert parse_period("03") == (None, 3)
    assert parse_period("202403") == (2024, 3)
    assert parse_period("2024-03") == (2024, 3)
    assert parse_period("03.2024") == (2024, 3)
    assert parse_period(202412.0) == (2024, 12)
    with pytest.raises(ValueError):
        parse_period("mars")


# ---------------------------------------------------------------- refusals


def _export(tmp_path: Path, lines: list[str], name: str = "eksport.csv",
            encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines + ["", ""]).encode(encoding))
    return path


HEAD = "Ansvar;Art;Teneste;Prosjekt;Kontoklasse;Rekneskapsår;Budsjett"


def _budget_lines(scale: float = 1.0) -> list[str]:
    b = pd.read_csv(FIX / "visma_budsjett_2024.csv", sep=";", dtype=str, encoding="utf-8-sig",
                    keep_default_na=False)
    b = b[b["Ansvar"].str.startswith("A")]
    out = [HEAD]
    for r in b.itertuples():
        v = int(r.Budsjett.replace(" ", "")) * scale
        out.append(";".join([r.Ansvar, r.Art, r.Teneste, r.Prosjekt, r.Kontoklasse,
                             r.Rekneskapsår, f"{v:.0f}"]))
    return out


def _refused(*args, **kwargs) -> str:
    with pytest.raises(LedgerError) as err:
        import_ledger(*args, **kwargs)
    return err.value.message()


def test_unbalanced_budget_is_refused_with_its_totals_and_earlier_file_kept(folder, tmp_path):
    import_ledger(FIX / "visma_budsjett_2024.csv", folder, "visma", "budsjett", "Røros",
                  versjon="opprinnelig")
    before = (folder / "budsjett.csv").read_bytes()
    lines = _budget_lines()
    skatt = next(i for i, ln in enumerate(lines) if ";870;" in ln)
    del lines[skatt]   # the tax line is missing
    msg = _refused(_export(tmp_path, lines), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "driftsbudsjettet går ikke opp" in msg
    assert "til sammen 215\u00a0334\u00a0000 kr" in msg   # exactly the missing tax
    assert (folder / "budsjett.csv").read_bytes() == before
    assert not list(folder.glob(".grunnlag-import-*"))


def test_bad_cells_name_file_line_column_and_value(folder, tmp_path):
    lines = _budget_lines()
    lines[3] = lines[3].rsplit(";", 1)[0] + ";12,3,4"
    lines[5] = lines[5].replace(";1;2024;", ";7;2024;")
    msg = _refused(_export(tmp_path, lines), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "eksport.csv, linje 4, kolonne «Budsjett»: verdien «12,3,4» er ikke gyldig" in msg
    assert "eksport.csv, linje 6, kolonne «Kontoklasse»: verdien «7» er ikke gyldig" in msg
    assert not (folder / "budsjett.csv").exists()


def test_unknown_ansvar_is_refused_at_its_first_line(folder, tmp_path):
    lines = _budget_lines()
    lines[2] = lines[2].replace("A1100;", "X9999;", 1)
    msg = _refused(_export(tmp_path, lines), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "linje 3, kolonne «Ansvar»: verdien «X9999» er ikke gyldig – forventet et ansvar " \
           "som står med rammeområde i ansvar_rammeomrade.csv" in msg


def test_units_header_against_flag_and_implausible_kroner(folder, tmp_path):
    lines = _budget_lines()
    lines[0] = lines[0].replace("Budsjett", "Budsjett (1000 kr)")
    msg = _refused(_export(tmp_path, lines), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig", enhet="kr")
    assert "kolonne «Budsjett (1000 kr)»" in msg and "overskriften sier 1000 kr" in msg
    # the same amounts divided by 1000 and said to be kroner by nobody but the profile
    small = _budget_lines(scale=0.001)
    msg = _refused(_export(tmp_path, small), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "er beløpene i 1000 kr?" in msg
    three = [small[0]] + [ln.rsplit(";", 1)[0] + ";" + ln.rsplit(";", 1)[1] + ",125"
                          for ln in small[1:]]
    msg = _refused(_export(tmp_path, three), folder, "visma", "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "linje 2, kolonne «Budsjett»" in msg and "tre desimaler tyder på 1000 kr" in msg
    # said out loud, they import, converted: 13 575 000 kr was 13 575 (1000 kr)
    r = import_ledger(_export(tmp_path, small), folder, "visma", "budsjett", "Røros",
                      versjon="opprinnelig", enhet="1000 kr")
    assert r.unit == "1000 kr"
    b = _read(folder, "budsjett")
    assert b.loc[(b["ansvar"] == "A1100") & (b["art"] == "010"), "belop"].tolist() == [13575]


def test_period_13_and_missing_version_are_refused(folder, tmp_path):
    head = "Ansvar;Art;Teneste;Prosjekt;Kontoklasse;Periode;År;Rekneskap"
    path = _export(tmp_path, [head, "A1100;010;12001;;1;13;2024;1 000 000",
                              "A1100;010;12001;;1;1;2024;1 000 000"])
    msg = _refused(path, folder, "visma", "regnskap", "Røros")
    assert "linje 2, kolonne «Periode»: verdien «13»" in msg and "årsavslutning" in msg
    assert "--versjon" in _refused(FIX / "visma_budsjett_2024.csv", folder, "visma",
                                   "budsjett", "Røros")


def test_five_digit_tjeneste_without_digits_in_profile_is_refused(folder, tmp_path):
    text = (FIX.parents[2] / "src/helpers/ingest/ledger/profiles/visma.toml").read_text(
        encoding="utf-8")
    own = tmp_path / "egen.toml"
    own.write_text(text.replace("funksjon = { fra = 1, til = 3 }", ""), encoding="utf-8")
    msg = _refused(FIX / "visma_budsjett_2024.csv", folder, str(own), "budsjett", "Røros",
                   versjon="opprinnelig")
    assert "linje 2, kolonne «Teneste»: verdien «12001» er ikke gyldig – forventet en " \
           "KOSTRA-funksjon med tre siffer; en tjeneste med fem siffer" in msg


def test_wrong_profile_names_the_columns_it_looked_for(folder, tmp_path):
    path = _export(tmp_path, ["Account;Cost centre;Function;Period;Amount",
                              "010;A1100;120;1;1 000 000"])
    msg = _refused(path, folder, "visma", "regnskap", "Røros")
    assert "fant ingen overskriftslinje med kolonnene for art (Art, Artskonto, Art nr)" in msg
    assert "er profilen «visma» riktig" in msg


def test_profile_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "min.toml"
    bad.write_text('navn = "X"\nfarge = "blå"\n[kolonner]\nart = "Art"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="min.toml, nøkkelen «farge»"):
        load_profile(bad)
    bad.write_text('[kolonner]\nart = "Art"\nansvar = "A"\nfunksjon = "F"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="«kolonner.belop»: mangler"):
        load_profile(bad)
    with pytest.raises(ProfileError, match="forventet en av unit4, visma, xledger"):
        load_profile("sap")
    for name in ("visma", "unit4", "xledger"):
        p = load_profile(name)
        assert not p.confirmed and "ikke bekreftet" in p.source.casefold()


def test_hop_hovedbok_command(folder, capsys):
    from helpers.pack.cli import main

    code = main(["hovedbok", str(FIX / "visma_budsjett_2024.csv"), "--profil", "visma",
                 "--som", "budsjett", "--versjon", "opprinnelig", "--kommune", "Røros",
                 "--data", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "budsjett.csv ble skrevet" in out and "Driftsbudsjettet går opp i 0" in out
    code = main(["hovedbok", str(FIX / "visma_budsjett_2024.csv"), "--profil", "visma",
                 "--som", "budsjett", "--kommune", "Røros", "--data", str(folder)])
    assert code == 1 and "--versjon" in capsys.readouterr().out


# ---------------------------------------------------------------- the reports read it


@pytest.mark.slow
def test_tertial_report_builds_from_imported_exports(tmp_path):
    from helpers.pack.catalogue import available_reports
    from helpers.pack.runner import build_one

    folder = _folder(tmp_path)
    import_ledger(FIX / "visma_budsjett_2024.csv", folder, "visma", "budsjett", "Røros",
                  versjon="opprinnelig")
    import_ledger(FIX / "unit4_budsjett_2024.csv", folder, "unit4", "budsjett", "Røros",
                  versjon="revidert")
    import_ledger(FIX / "xledger_regnskap_2024_04.xlsx", folder, "xledger", "regnskap",
                  "Røros")
    result = build_one(available_reports()["tertial"], {"tertial": 1}, tmp_path / "ut", folder)
    assert result.ok, result.error
    keys = pd.read_csv(tmp_path / "ut" / "tertial" / "nokkeltall.csv", dtype=str)
    # the same exports' figures as the example's files: the imported folder gives the
    # example's key figures for 1st tertial (the example's regnskap, periods 1-4)
    ref = build_one(available_reports()["tertial"], {"tertial": 1}, tmp_path / "ref", DATA)
    assert ref.ok, ref.error
    want = pd.read_csv(tmp_path / "ref" / "tertial" / "nokkeltall.csv", dtype=str)
    merged = keys.merge(want, on=[c for c in keys.columns if c not in ("verdi", "kilde")],
                        suffixes=("", "_ref"))
    assert len(merged) == len(want) > 10
    diff = (merged["verdi"].astype(float) - merged["verdi_ref"].astype(float)).abs()
    assert (diff <= 1.01).all(), merged[diff > 1.01]
    html = (tmp_path / "ut" / "tertial" / "tertial.html").read_text(encoding="utf-8")
    assert "Økonomisk oversikt etter art" in html or "5-6" in html


def test_profile_syntax_errors_are_refused_in_bokmal(tmp_path):
    """A TOML error names file, line, column and the line, with no English from tomllib."""
    bad = tmp_path / "min.toml"
    bad.write_text('navn = "X"\n[kolonner]\nart = ["Art", "Artskonto"\n', encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(bad)
    assert str(err.value) == ("Profilen min.toml, ved slutten av filen: listen som begynner "
                              "med «[», er ikke lukket med «]».")
    bad.write_text('navn = "X"\n[kolonner]\nart = Art\n', encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(bad)
    assert str(err.value).startswith("Profilen min.toml, linje 3, kolonne 7 («art = Art»): "
                                     "verdien er ikke gyldig – tekst må stå i anførselstegn")
    bad.write_text('navn = "X"\nnavn = "Y"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"linje 2, kolonne \d+ .*: nøkkelen står to ganger"):
        load_profile(bad)
