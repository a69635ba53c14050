"""Support for the advisors' start notebook (``notebooks/utforsk.ipynb``).

Not a report: it shows where each helper the notebook calls is written and documented, so
an advisor can go from a number on screen to the function (and its tests) behind it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.data.paths import project_root


def _tests_mentioning(name: str, root: Path | None) -> str:
    if root is None or not (root / "tests").is_dir():
        return ""
    hits = sorted(p.relative_to(root).as_posix() for p in (root / "tests").rglob("test_*.py")
                  if f"{name}(" in p.read_text(encoding="utf-8"))
    return ", ".join(hits)


def documentation(functions: list[Callable]) -> pd.DataFrame:
    """One row per function: its import name, the file and line it is written in (relative
    to the project folder), the first line of its docstring and the test files that call it.
    ``help(function)`` in the notebook shows the whole docstring."""
    root = project_root()
    rows = []
    for f in functions:
        source = Path(inspect.getsourcefile(f)).resolve()
        try:
            where = str(source.relative_to(root)) if root else str(source)
        except ValueError:
            where = str(source)
        doc = inspect.getdoc(f) or ""
        rows.append({
            "funksjon": f"{f.__module__}.{f.__qualname__}",
            "fil": f"{where}:{inspect.getsourcelines(f)[1]}",
            "beskrivelse": doc.splitlines()[0] if doc else "",
            "tester": _tests_mentioning(f.__name__, root),
        })
    return pd.DataFrame(rows)
