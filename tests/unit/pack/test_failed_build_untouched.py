"""A build in which every report fails leaves the earlier build's manifest.json,
merknader.md and key figures as they were, and no lock file (issue 29, point 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_failed_build_with_empty_kommune_leaves_the_earlier_build_untouched(tmp_path):
    out = tmp_path / "rapporter"
    out.mkdir()
    earlier = {"manifest.json": '{"sist_bygget": "2026-06-01T10:00:00+00:00"}\n',
               "merknader.md": "# Merknader fra forrige bygging\n"}
    for name, text in earlier.items():
        (out / name).write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "build", "kostra",
                          "--data", str(ROOT / "data"), "--set", "kommune=",
                          "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 av 1 rapporter feilet" in run.stdout + run.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == earlier
