"""The key-figure table of data/README.md as the tests read it (shared by
tests/unit/project/test_key_figure_docs.py and the reports' tests)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| `(?P<rapport>[a-z_]+)` \| `(?P<nokkel>[a-z_0-9]+)` \| (?P<enhet>[^|]+) \|")


def documented() -> dict[tuple[str, str], str]:
    """(rapport, nokkel) → enhet from the key table in data/README.md."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            key = (m["rapport"], m["nokkel"])
            assert key not in out, f"{key} står to ganger i tabellen"
            out[key] = m["enhet"].strip()
    return out
