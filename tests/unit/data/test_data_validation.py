"""Loading and validating data files: Norwegian Excel formats load, bad files give one clear
bokmål message naming file, line, column, value and what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import problems_for

from helpers.data import load_data, load_file, validate_dir
from helpers.data.specs import all_specs

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"




def test_project_data_is_valid():
    assert validate_dir(DATA) == []


def test_every_declared_file_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    docs = readme + "".join(p.read_text(encoding="utf-8")
                            for p in (DATA.parent / "docs" / "bruk").glob("*.md"))
    for spec in all_specs().values():
        assert spec.name in docs, f"{spec.name} mangler i datadokumentasjonen"


def _excel_version(path: Path, encoding: str, bom: bool = False) -> bytes:
    """The file as Norwegian Excel saves it: ';', decimal comma, no-break-space thousands."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)

    def conv(v: str) -> str:
        try:
            float(v)
        except ValueError:
            return v
        neg, body = v.startswith("-"), v.lstrip("-")
        whole, _, frac = body.partition(".")
        text = f"{int(whole):,}".replace(",", "\u00a0") + ("," + frac if frac else "")
        minus = "\u2212" if encoding.startswith("utf") else "-"  # real minus where possible
        return (minus if neg else "") + text

    for col in ("belop", "verdi", "folketall", "terskel"):
        if col in df:
            df[col] = df[col].map(conv)
    text = df.to_csv(sep=";", index=False)
    raw = text.encode(encoding)
    return (b"\xef\xbb\xbf" + raw) if bom else raw


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_norwegian_excel_files_load_the_same(data_copy, encoding, bom):
    for name in ("okonomiplan.csv", "kostra.csv", "kommuner.csv"):
        (data_copy / name).write_bytes(_excel_version(DATA / name, encoding, bom))
    a = load_data(DATA)
    b = load_data(data_copy)
    for stem in ("okonomiplan", "kostra", "kommuner"):
        pd.testing.assert_frame_equal(a[stem], b[stem])
    # A figure with thousands separator and decimal comma survived the round trip.
    ok = b["okonomiplan"]
    v = ok[(ok["post"] == "skatt_inntekt_formue") & (ok["aar"] == 2024)]["belop"].iloc[0]
    assert v == -215334


def test_wrong_separator(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str)
    df.to_csv(data_copy / "kostra.csv", sep="|", index=False)
    msgs = problems_for(data_copy)
    assert any("kostra.csv" in m and "linje 1" in m and "skilletegnet" in m for m in msgs)


def test_missing_column(data_copy):
    df = pd.read_csv(DATA / "handlingsregler.csv", dtype=str).drop(columns=["terskel"])
    df.to_csv(data_copy / "handlingsregler.csv", index=False)
    msgs = problems_for(data_copy)
    assert msgs == [m for m in msgs if "handlingsregler.csv" in m]
    assert any("kolonne «terskel»" in m and "mangler" in m for m in msgs)


def test_text_in_number_column_names_line_column_value(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[4, "verdi"] = "mye"
    df.to_csv(data_copy / "kostra.csv", index=False)
    msgs = problems_for(data_copy)
    assert msgs == ["data/kostra.csv, linje 6, kolonne «verdi»: verdien «mye» er ikke gyldig "
                    "– forventet et tall (desimalkomma eller -punktum)"]


def test_duplicate_key(data_copy):
    df = pd.read_csv(DATA / "plan_indikatorer.csv", dtype=str, keep_default_na=False)
    df = pd.concat([df, df.iloc[[0]]], ignore_index=True)
    df.to_csv(data_copy / "plan_indikatorer.csv", index=False)
    msgs = problems_for(data_copy)
    dup = [m for m in msgs if "finnes allerede" in m]
    assert len(dup) == 1
    assert f"linje {len(df) + 1}" in dup[0] and "indikator=netto_driftsresultat_pst" in dup[0]


def test_unknown_municipality(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[0, "kommunenummer"] = "9999"
    df.to_csv(data_copy / "kostra.csv", index=False)
    msgs = problems_for(data_copy)
    assert len(msgs) == 1
    assert "linje 2" in msgs[0] and "«9999»" in msgs[0] and "kommuner.csv" in msgs[0]


def test_implausible_year(data_copy):
    df = pd.read_csv(DATA / "folketall.csv", dtype=str, keep_default_na=False)
    df.loc[0, "aar"] = "20222"
    df.to_csv(data_copy / "folketall.csv", index=False)
    msgs = problems_for(data_copy)
    assert any("kolonne «aar»" in m and "20222" in m and "årstall" in m for m in msgs)


def test_empty_file(data_copy):
    (data_copy / "okonomiplan.csv").write_text("", encoding="utf-8")
    assert problems_for(data_copy) == ["data/okonomiplan.csv: filen er tom"]


def test_header_only_file(data_copy):
    header = (DATA / "okonomiplan.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_copy / "okonomiplan.csv").write_text(header + "\n", encoding="utf-8")
    assert any("ingen datarader" in m for m in problems_for(data_copy))


def test_missing_required_file(data_copy):
    (data_copy / "kostra.csv").unlink()
    assert any("kostra.csv" in m and "mangler" in m for m in problems_for(data_copy))


def test_every_problem_in_every_file_is_reported(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[1, "verdi"] = "x"
    df.loc[2, "enhet"] = "prosent"
    df.to_csv(data_copy / "kostra.csv", index=False)
    (data_copy / "okonomiplan.csv").write_text("", encoding="utf-8")
    msgs = problems_for(data_copy)
    assert any("okonomiplan.csv" in m for m in msgs)
    assert any("linje 3" in m and "«x»" in m for m in msgs)
    assert any("linje 4" in m and "«prosent»" in m and "en av:" in m for m in msgs)


def test_load_file_single(tmp_path):
    spec = all_specs()["folketall"]
    f = tmp_path / "folketall.csv"
    f.write_text("kommunenummer;aar;folketall;datatype;kilde\n5025;2022;5\u00a0598;statistikk;x\n",
                 encoding="utf-8")
    df = load_file(f, spec)
    assert df["folketall"].iloc[0] == 5598


def test_cli_validate_reports_problems_without_traceback(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[0, "verdi"] = "abc"
    df.to_csv(data_copy / "kostra.csv", index=False)
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "validate", "--data",
                        str(data_copy)], capture_output=True, text=True)
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert "Traceback" not in out
    assert "kostra.csv, linje 2, kolonne «verdi»: verdien «abc»" in out


def test_cli_validate_ok():
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "validate", "--data", str(DATA)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "gyldige" in r.stdout
