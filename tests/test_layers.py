"""The package's shape: six layers, each importing only the layers below it, no cycles.

Every import counts, also one inside a function (a lazy import is still a dependency).
The layers, lowest first: presentation, data, ingest, model, reports, pack (see
docs/utvikling/arkitektur.md). Below them all is :mod:`helpers.settings`, which every layer
may import and which imports nothing but the standard library.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parents[1] / "src" / "helpers"
# "settings" (helpers.settings) is layer 0: below every layer, allowed for all of them
LAYERS = ["settings", "presentation", "data", "ingest", "model", "reports", "pack"]
# A report that shows other reports' analyses as they are (the alternative budgets compare
# the plan through finans and handlingsregler); every other report imports no other report.
REPORT_IMPORTS_ALLOWED = {"alternativer": {"finans", "handlingsregler"}}
# Modules directly under helpers.reports that are not report packages: sentences several
# reports print about the shared model. Every report may import them; they import no report.
SHARED_REPORT_MODULES = {"common_text"}
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HELPERS.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(HELPERS.rglob("*.py"))}


MODULES = modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The helpers modules ``name`` imports (relative imports resolved, ``from pkg import
    mod`` counted as the module)."""
    out = set()
    is_pkg = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("helpers")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("helpers"):
                continue
            for a in node.names:
                sub = f"{mod}.{a.name}"
                out.add(sub if sub in MODULES else mod)
    out.discard(name)
    return {m for m in out if m in MODULES}


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_is_in_a_layer():
    outside = [m for m in MODULES if m != "helpers" and layer(m) is None]
    assert outside == []
    assert GRAPH["helpers"] == set(), "the top package only documents the layers"


def test_settings_import_only_the_standard_library():
    """helpers.settings sits below every layer, and ``hop --help`` imports it: nothing from
    helpers, nothing installed (every import counts, also one inside a function)."""
    assert layer("helpers.settings") == 0
    assert GRAPH["helpers.settings"] == set()
    tree = ast.parse(MODULES["helpers.settings"].read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and n.module and not n.level}
    assert imported, "the check found no imports at all"
    assert sorted(m for m in imported if m not in sys.stdlib_module_names) == []
    assert [m for m, deps in GRAPH.items() if "helpers.settings" in deps]  # it is used


def test_no_import_runs_upwards():
    upward = [f"{m} → {d}" for m, deps in GRAPH.items() for d in deps
              if layer(m) is not None and layer(d) is not None and layer(d) > layer(m)]
    assert upward == []


def test_a_report_imports_no_other_report():
    def report_of(m):
        parts = m.split(".")
        return parts[2] if len(parts) > 2 and parts[1] == "reports" else None

    def shared(m):
        return report_of(m) in SHARED_REPORT_MODULES

    crossing = [f"{m} → {d}" for m, deps in GRAPH.items() for d in deps
                if report_of(m) and report_of(d) and report_of(m) != report_of(d)
                and not (shared(d) and not shared(m))
                and report_of(d) not in REPORT_IMPORTS_ALLOWED.get(report_of(m), set())]
    assert crossing == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            # a package's __init__ re-exporting its own parts is not a cycle of design
            if d.startswith(n + "."):
                continue
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if state.get(d) is None:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if state.get(n) is None:
            found = visit(n)
            if found:
                return found
    return None


def test_no_import_cycles():
    assert find_cycle(GRAPH) is None


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_layer_rule_catches_an_upward_import(tmp_path):
    graph = {"helpers.data.x": {"helpers.reports.y.analysis"}}
    assert [d for m, ds in graph.items() for d in ds if layer(d) > layer(m)]


@pytest.mark.parametrize("report", sorted(p.name for p in (HELPERS / "reports").iterdir()
                                          if (p / "__init__.py").exists()))
def test_every_report_package_has_the_same_parts(report):
    parts = {p.stem for p in (HELPERS / "reports" / report).glob("*.py")}
    assert {"__init__", "analysis", "tables", "text", "charts", "keys"} <= parts


def test_no_module_is_over_the_size_limit():
    big = {m: n for m, p in MODULES.items()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}


def test_advisors_old_paths_still_work():
    """The README's and utforsk.ipynb's calls from before the layers keep working."""
    import helpers
    from helpers import handlingsregler as hr
    from helpers.data import load_data
    from helpers.model import rules
    from helpers.reports import handlingsregler

    assert hr is handlingsregler
    assert hr.set_aside_rule is rules.set_aside_rule
    assert callable(load_data)
    with pytest.raises(AttributeError):
        helpers.no_such_module  # noqa: B018
