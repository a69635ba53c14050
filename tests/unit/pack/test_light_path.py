"""The light path: ``hop --help``, ``hop list`` and an unchanged ``hop build`` import neither
pandas, pandera nor WeasyPrint (about a second of CPU before anything happens otherwise).

Each command runs in a fresh interpreter, which then reports the modules it had loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT / "data"

# Never on the light path.
HEAVY = ["pandas", "pandera", "numpy", "weasyprint", "altair", "openpyxl", "pikepdf"]
# Also not for --help and an unchanged build (hop list reads parameters with Papermill).
NOTEBOOK_TOOLS = ["papermill", "nbformat", "nbconvert", "nbclient", "jupyter_client", "yaml"]

PROBE = """
import json, sys
from helpers.pack.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("\\nLOADED " + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def run_hop(*argv: str, probe: str = PROBE) -> tuple[int, str, set[str]]:
    """Run ``hop argv`` in a fresh interpreter: exit code, output, modules loaded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("HOP_DATA", None)
    env.pop("HOP_REPORTS", None)
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300, check=False)
    out, _, tail = done.stdout.rpartition("\nLOADED ")
    assert tail, done.stdout + done.stderr
    report = json.loads(tail)
    return report["code"], out, set(report["modules"])


def loaded(modules: set[str], names: list[str]) -> list[str]:
    return sorted(n for n in names if n in modules)


def test_the_probe_sees_pandas_when_it_is_loaded():
    """The check can fail: the loader behind ``helpers.data.load_data`` loads both."""
    probe = ("import json, sys; from helpers.data import load_data; "
             "print('\\nLOADED ' + json.dumps({'code': 0, 'modules': sorted(sys.modules)}))")
    _, _, modules = run_hop(probe=probe)
    assert loaded(modules, HEAVY) == ["numpy", "pandas", "pandera"]


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["hent", "--help"]])
def test_help_loads_nothing_heavy(argv):
    code, out, modules = run_hop(*argv)
    assert code == 0
    assert "Bruk: hop" in out
    assert loaded(modules, HEAVY + NOTEBOOK_TOOLS) == []


def test_list_loads_neither_pandas_nor_weasyprint():
    code, out, modules = run_hop("list")
    assert code == 0
    assert "handlingsregler: " in out and "budsjettaar = " in out
    assert loaded(modules, HEAVY) == []


def test_unchanged_build_loads_nothing_heavy(built_pack):
    code, out, modules = run_hop("build", "--data", str(DATA_DIR), "--out", str(built_pack))
    assert code == 0
    assert "Uendret:" in out and "ingenting ble skrevet" in " ".join(out.split())
    assert loaded(modules, HEAVY + NOTEBOOK_TOOLS + ["rich"]) == []
