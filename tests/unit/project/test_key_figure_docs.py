"""Every key figure a report writes is documented, with its unit, in data/README.md."""

from __future__ import annotations

import pandas as pd
import pytest
from keydocs import documented

from helpers.pack.catalogue import report_inputs


def test_key_table_is_read():
    docs = documented()
    assert docs[("kostra", "utgift_per_innb_korrigert")] == "kr per innbygger"
    assert docs[("befolkning", "folketall")] == "antall"
    assert docs[("handlingsregler", "netto_lanegjeld_pst")] == "%"
    assert docs[("oppstillinger", "paragraf_5_4_1")] == "1000 kr"
    assert {r for r, _ in docs} == set(report_inputs())  # every report documents its keys


@pytest.mark.slow
def test_every_written_key_figure_is_documented(built_defaults):
    from helpers.presentation.nokkeltall import UNITS

    docs = documented()
    assert set(docs.values()) <= UNITS
    written = pd.concat([pd.read_csv(folder / "nokkeltall.csv", keep_default_na=False)
                         for folder in built_defaults.values()], ignore_index=True)
    assert set(written["rapport"]) == set(built_defaults)
    pairs = written[["rapport", "nokkel", "enhet"]].drop_duplicates()
    missing = [(r.rapport, r.nokkel) for r in pairs.itertuples()
               if (r.rapport, r.nokkel) not in docs]
    assert not missing, f"Nøkler som mangler i data/README.md: {missing}"
    wrong_unit = [(r.rapport, r.nokkel, r.enhet, docs[(r.rapport, r.nokkel)])
                  for r in pairs.itertuples() if docs[(r.rapport, r.nokkel)] != r.enhet]
    assert not wrong_unit, f"Annen enhet enn dokumentert: {wrong_unit}"


@pytest.mark.slow
def test_key_figures_are_rounded_as_shown(built_defaults):
    """KOSTRA, klimabudsjett and befolkning write at most the decimals they show."""
    for name in ("kostra", "klimabudsjett", "befolkning"):
        kf = pd.read_csv(built_defaults[name] / "nokkeltall.csv", keep_default_na=False)
        decimals = {"kostra": 0, "klimabudsjett": 1, "befolkning": 2}[name]
        unrounded = kf[(kf["verdi"] - kf["verdi"].round(decimals)).abs() > 1e-9]
        assert unrounded.empty, unrounded.head().to_string()
