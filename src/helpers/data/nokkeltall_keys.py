"""What each key in ``nokkeltall.csv`` means, read from the one table that documents them:
«Nøkkeltallene» in ``data/README.md`` (unit, breakdown, content and sign per report and key;
``tests/unit/project/test_key_figure_docs.py`` keeps it complete). ``nokkeltall.xlsx`` shows it
on its
«Nøkler» sheet.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

SECTION = "## Nøkkeltallene"


class KeyDoc(NamedTuple):
    enhet: str
    dimensjon: str
    beskrivelse: str  # content and sign, as the table says it


def _plain(cell: str) -> str:
    """Markdown cell → text: no backticks or bold, escaped pipes restored."""
    return re.sub(r"\*\*|`", "", cell.replace("\\|", "|")).strip()


def parse_key_table(text: str) -> dict[tuple[str, str], KeyDoc]:
    """(rapport, nokkel) → documentation, from the «Nøkkeltallene» section's table."""
    start = text.find(SECTION)
    if start < 0:
        return {}
    out = {}
    for line in text[start:].splitlines()[1:]:
        if line.startswith("## "):
            break
        if not line.startswith("| `"):
            continue
        cells = [_plain(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) >= 5:
            out[(cells[0], cells[1])] = KeyDoc(cells[2], cells[3], cells[4])
    return out


@functools.cache
def _keys() -> dict[tuple[str, str], KeyDoc]:
    from helpers.data.paths import project_root

    root = project_root()
    readme = root / "data" / "README.md" if root else None
    if readme is None or not Path(readme).is_file():
        return {}
    return parse_key_table(Path(readme).read_text(encoding="utf-8"))


def describe(rapport: str, nokkel: str) -> KeyDoc | None:
    """The documentation of a key, or ``None`` when the table does not have it."""
    return _keys().get((rapport, nokkel))
