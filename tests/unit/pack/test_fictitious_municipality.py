"""Every report builds for a second, fictitious municipality.

The fixture copies ``data/``, renames Røros (5025) to Fjellvik (5099) in every cell, and
doubles Fjellvik's amounts (1000 kr and kr per innbygger; percentages, counts, tonnes and
indices stay). Doubling is exact in floating point, so every ratio the reports compute from
amounts must come out exactly as for Røros. The reports must then build without a trace of
Røros in their text, and every key figure in % must be unchanged.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import build_each

from helpers.data.inputs import missing_inputs
from helpers.data.specs import all_specs
from helpers.pack.catalogue import available_reports, report_inputs

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT / "data"
OLD_NR, OLD_NAME = "5025", "Røros"
NEW_NR, NEW_NAME = "5099", "Fjellvik"
FACTOR = 2
AMOUNT_UNITS = {"1000 kr", "kr per innbygger"}
_NAME = re.compile(r"R[øo]ros", re.IGNORECASE)


def _scale(text: str) -> str:
    if text.strip() == "":
        return text
    value = float(text) * FACTOR
    return str(int(value)) if value.is_integer() else repr(value)


def make_fictitious(src: Path, dst: Path) -> Path:
    """Copy ``src`` to ``dst`` with Røros renamed and its amounts scaled (see module)."""
    dst.mkdir(parents=True, exist_ok=True)
    specs = all_specs()
    for path in sorted(src.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        spec = specs.get(path.stem)
        own = (df["kommunenummer"] == OLD_NR) if "kommunenummer" in df else \
            pd.Series(False, index=df.index)
        if spec is not None:
            amount_cols = [c for c, col in spec.columns.items()
                           if col.unit in AMOUNT_UNITS and c in df]
            for c in amount_cols:
                df.loc[own, c] = df.loc[own, c].map(_scale)
            if "enhet" in df and "verdi" in df:  # long files: the row says its unit
                rows = own & df["enhet"].isin(AMOUNT_UNITS)
                df.loc[rows, "verdi"] = df.loc[rows, "verdi"].map(_scale)
        if "kommunenummer" in df:
            df.loc[own, "kommunenummer"] = NEW_NR
        df = df.map(lambda v: _NAME.sub(NEW_NAME, v) if isinstance(v, str) else v)
        df.to_csv(dst / path.name, index=False)
    for extra in src.iterdir():
        if extra.is_dir():
            shutil.copytree(extra, dst / extra.name)
    return dst


@pytest.fixture(scope="session")
def fictitious_data(tmp_path_factory) -> Path:
    return make_fictitious(DATA_DIR, tmp_path_factory.mktemp("fjellvik") / "data")


def test_fixture_renames_and_scales(fictitious_data):
    from helpers.data import load_data

    data = load_data(fictitious_data)  # validates every file
    for name, df in data.items():
        assert not (df.astype(str).apply(lambda s: s.str.contains("Røros|Roros")).any().any()), \
            name
    assert "5025" not in set(data["kommuner"]["kommunenummer"])
    orig = load_data(DATA_DIR)
    okp = orig["okonomiplan"].set_index(["kommunenummer", "tabell", "dimensjon", "post", "aar",
                                         "datatype"])["belop"]
    fkp = data["okonomiplan"].set_index(["kommunenummer", "tabell", "dimensjon", "post", "aar",
                                         "datatype"])["belop"]
    key = ("sentrale_inntekter", "", "rammetilskudd", 2024, "okonomiplan")
    assert fkp[(NEW_NR, *key)] == FACTOR * okp[(OLD_NR, *key)]
    k = data["kostra"]
    pct = k[(k["kommunenummer"] == NEW_NR) & (k["indikator"] == "netto_lanegjeld_pst")]
    assert pct.set_index("aar")["verdi"][2022] == orig["kostra"].query(
        "kommunenummer == '5025' and indikator == 'netto_lanegjeld_pst' and aar == 2022"
    )["verdi"].item()
    # Other municipalities are untouched.
    assert data["folketall"]["folketall"].tolist() == orig["folketall"]["folketall"].tolist()




@pytest.fixture(scope="session")
def built_fictitious(fictitious_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("fjellvik-reports")
    results = build_each(list(available_reports()), {"kommune": NEW_NAME}, out,
                         fictitious_data)
    return out, results


def _text(folder: Path, name: str) -> str:
    from pypdf import PdfReader

    pdf = " ".join(p.extract_text() for p in PdfReader(folder / f"{name}.pdf").pages)
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    return pdf + "\n" + html


# the reports data/ has the inputs for (oversikt needs a group folder's gruppe.csv)
BUILDABLE = [n for n in available_reports()
             if n in missing_inputs(DATA_DIR, report_inputs().values()).buildable]


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILDABLE)
def test_report_builds_for_fictitious_municipality(name, built_fictitious, built_defaults):
    out, results = built_fictitious
    r = results[name]
    assert r.ok, f"{name} feilet for {NEW_NAME}: {r.error}"
    folder = out / name
    text = _text(folder, name)
    assert NEW_NAME in text
    hits = sorted({m.group(0) for m in _NAME.finditer(text)})
    assert not hits, f"{name} nevner fortsatt {hits}"

    keys = ["rapport", "nokkel", "aar", "dimensjon"]
    new = pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False,
                      dtype={"dimensjon": str})
    old = pd.read_csv(built_defaults[name] / "nokkeltall.csv", keep_default_na=False,
                      dtype={"dimensjon": str})
    new = new[(new["kommune"] == NEW_NAME) & (new["enhet"] == "%")]
    old = old[(old["kommune"] == OLD_NAME) & (old["enhet"] == "%")]
    if name == "alternativer":
        # the example alternatives are fixed amounts in 1000 kr, not scaled with the
        # municipality; the plan column is what must keep its ratios
        new = new[new["dimensjon"] == "Økonomiplanen"]
        old = old[old["dimensjon"] == "Økonomiplanen"]
    both = old.merge(new, on=keys, how="outer", suffixes=("_roros", "_ny"), indicator=True)
    assert (both["_merge"] == "both").all(), both[both["_merge"] != "both"][keys].head()
    changed = both[(both["verdi_roros"] - both["verdi_ny"]).abs() > 1e-9]
    assert changed.empty, changed[keys + ["verdi_roros", "verdi_ny"]].head(10).to_string()
