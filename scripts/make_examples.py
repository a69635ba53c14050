"""Refresh the plan files of the example folders (issue 28) from data/.

eksempler/tertial/ and eksempler/alternativer/ are complete data folders: the invented
example files of their own (the tertial report's accounts, budget, forecasts and project
status, made by scripts/make_tertial_example.py; the alternatives' YAML files) and a copy
of every CSV file in data/ (the Røros plan, KOSTRA and SSB figures), so `hop build --data
eksempler/<case>` and the notebooks read them like any data folder. Run this after a change
to data/; tests/unit/pack/test_cases.py checks that the copies are equal.

Run: .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXAMPLES = [ROOT / "eksempler" / "tertial", ROOT / "eksempler" / "alternativer"]


def main() -> None:
    for folder in EXAMPLES:
        for path in sorted(DATA.glob("*.csv")):
            shutil.copyfile(path, folder / path.name)
        print(f"{folder.relative_to(ROOT)}: {len(list(DATA.glob('*.csv')))} filer fra data/")


if __name__ == "__main__":
    main()
