"""The shared year-coverage helpers: one clean line for a year the data do not hold."""

from __future__ import annotations

import pytest

from helpers.data.coverage import (
    CoverageError,
    missing_years,
    missing_years_text,
    require_year,
    year_span,
)


def test_year_span_joins_runs():
    assert year_span([2021, 2019, 2020, 2023, 2025, 2026]) == "2019–2021, 2023 og 2025–2026"
    assert year_span([2024]) == "2024"
    assert year_span([]) == ""


def test_require_year_passes_a_covered_year_through_as_int():
    assert require_year("budsjettaar", "2025", [2024, 2025, 2026, 2027]) == 2025


def test_require_year_names_parameter_value_and_years():
    with pytest.raises(CoverageError) as err:
        require_year("budsjettaar", 2030, [2027, 2024, 2025, 2026], "økonomiplanen")
    msg = str(err.value)
    assert msg == "Parameteren budsjettaar er 2030, men økonomiplanen har bare tall for 2024–2027."
    assert "\n" not in msg
    # IPython shows the message itself, not a traceback.
    assert err.value._render_traceback_() == [msg]


def test_require_year_without_years_and_with_a_non_year():
    with pytest.raises(CoverageError, match="har ingen år med tall"):
        require_year("kostra_aar", 2022, [])
    with pytest.raises(CoverageError, match="må være et årstall, men er «neste»"):
        require_year("budsjettaar", "neste", [2024])


def test_missing_years_and_text():
    assert missing_years(range(2025, 2029), [2024, 2025, 2026, 2027]) == [2028]
    assert missing_years([2024, 2025], [2024, 2025]) == []
    assert missing_years_text([2024, 2025], [2024, 2025]) is None
    assert missing_years_text(range(2025, 2029), range(2024, 2028), "klimabudsjettet") == (
        "Perioden er 2025–2028, men klimabudsjettet har ingen tall for 2028.")
    assert missing_years_text([2026, 2027, 2028, 2029], [2026]) == (
        "Perioden er 2026–2029, men dataene har ingen tall for 2027–2029.")


def test_key_figure_frame_rounds_records_to_their_decimals():
    from helpers.presentation.nokkeltall import key_figure_frame

    base = {"rapport": "kostra", "kommune": "Røros", "aar": 2022, "enhet": "kr per innbygger"}
    kf = key_figure_frame([
        {**base, "nokkel": "a", "verdi": 2480.6947272727275, "desimaler": 0},
        {**base, "nokkel": "b", "verdi": 2.125, "desimaler": 2},  # half away from zero
        {**base, "nokkel": "c", "verdi": 1 / 3},  # no desimaler: kept as it is
    ]).set_index("nokkel")["verdi"]
    assert kf["a"] == 2481
    assert kf["b"] == 2.13
    assert kf["c"] == 1 / 3


@pytest.mark.slow
@pytest.mark.parametrize("report, setting, message", [
    # budsjettaar is checked against the plan years before anything is built (issue 14);
    # the notebook's own check (unit-tested in test_klima) says the same when run directly
    ("klimabudsjett", "budsjettaar=2030",
     "budsjettaar: 2030 er ikke et år i økonomiplanen i dataene (okonomiplan.csv har "
     "planårene 2024–2027)"),
    ("kostra", "kostra_aar=2030",
     "Parameteren kostra_aar er 2030, men utgiftene per tjenesteområde for Røros har bare "
     "tall for 2022."),
    ("befolkning", "framskriving_til=2050",
     "Parameteren framskriving_til er 2050, men framskrivningen for Røros (sterk aldring) "
     "har bare tall for 2023–2033."),
])
def test_hop_build_stops_on_a_year_outside_the_data(tmp_path, report, setting, message):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "build", report, "--out",
                        str(tmp_path), "--set", setting], cwd=root, capture_output=True,
                       text=True)
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert message in " ".join(out.split())
    assert "Traceback" not in out and "File \"" not in out
    assert not (tmp_path / report).exists()
