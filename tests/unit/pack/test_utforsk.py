"""The advisors' start notebook: not a report, runs with Papermill from any folder."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.pack.catalogue import available_reports
from helpers.pack.utforsk import documentation
from helpers.reports import handlingsregler as hr

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "notebooks" / "utforsk.ipynb"


def test_start_notebook_is_not_a_report():
    assert NOTEBOOK.exists()
    assert "utforsk" not in available_reports()
    assert len(available_reports()) >= 6


def test_documentation_points_at_file_line_and_tests():
    doc = documentation([hr.set_aside_rule]).iloc[0]
    line = inspect.getsourcelines(hr.set_aside_rule)[1]
    assert doc["funksjon"] == "helpers.model.rules.set_aside_rule"
    assert doc["fil"] == f"src/helpers/model/rules.py:{line}"
    assert doc["beskrivelse"].startswith("The annual set-aside rule")
    assert "tests/unit/reports/test_handlingsregler.py" in doc["tester"]


@pytest.mark.slow
def test_start_notebook_runs_from_another_folder(tmp_path, data):
    out = tmp_path / "utforsk.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "HOP_DATA"}
    r = subprocess.run([str(Path(sys.executable).parent / "papermill"), str(NOTEBOOK), str(out),
                        "--no-progress-bar", "-k", "python3"], cwd=tmp_path,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    cells = {c.get("id"): c for c in json.loads(out.read_text(encoding="utf-8"))["cells"]}

    def text(cell_id: str, mime: str = "text/plain") -> str:
        outs = cells[cell_id]["outputs"]
        return "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get(mime, ""))
                       for o in outs)

    assert f"lest fra {ROOT / 'data'}" in text("last-data")
    k = data["kostra"]
    roros_2022 = k[(k.kommunenummer == "5025") & (k.indikator == "netto_lanegjeld_pst")
                   & (k.aar == 2022) & (k.dimensjon == "")]["verdi"].item()
    tynset_2022 = k[(k.kommunenummer == "3427") & (k.indikator == "netto_lanegjeld_pst")
                    & (k.aar == 2022) & (k.dimensjon == "")]["verdi"].item()
    row_2022 = next(ln for ln in text("indikator").splitlines() if ln.startswith("2022"))
    assert row_2022.split() == ["2022", f"{roros_2022:.1f}", f"{tynset_2022:.1f}"]

    svg = text("diagram", "image/svg+xml")
    assert svg.startswith("<svg") and "Røros" in svg and "Tynset" in svg
    assert "Liberation Sans" in svg  # the project's theme

    rule = hr.set_aside_rule(data["okonomiplan"], "5025")
    assert f"{rule['krav'].iloc[0]:.4f}" in text("avsetning")
    line = inspect.getsourcelines(hr.set_aside_rule)[1]
    assert f"src/helpers/model/rules.py:{line}" in text("dokumentasjon", "text/html")
