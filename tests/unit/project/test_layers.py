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

HELPERS = Path(__file__).resolve().parents[3] / "src" / "helpers"
# "settings" (helpers.settings) is layer 0: below every layer, allowed for all of them
LAYERS = ["settings", "presentation", "data", "ingest", "model", "reports", "pack"]
# A report that shows other reports' analyses as they are (the alternative budgets compare
# the plan through finans and handlingsregler); every other report imports no other report.
REPORT_IMPORTS_ALLOWED = {"alternativer": {"finans", "handlingsregler"}}
# Modules directly under helpers.reports that are not report packages: sentences several
# reports print about the shared model. Every report may import them; they import no report.
SHARED_REPORT_MODULES = {"common_text", "claims"}
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


# ---------------------------------------------------------------- the model holds no sentences
# The model computes numbers and codes; every sentence the council reads is in a report's
# text module (helpers.reports.<name>.text) or helpers.reports.common_text. The rule, per
# module under src/helpers/model:
#
# * a string literal is text when it has at least two words, a word being a
#   whitespace-separated token with a letter in it; an f-string counts its literal parts
#   (a placeholder is no word), so «utsettes {n} år» and «KOSTRA (regnskap)» are text;
# * not text: docstrings and other bare string statements (attribute docstrings); anything
#   inside a ``raise`` statement, and the arguments of MESSAGE_BUILDERS, which put them in
#   an exception's message (terminal text for the økonomisjef, not the council's); the
#   label table helpers.model.labels (the regulation's line names, printed as labels), and
#   a string equal to one of its labels (the model looks lines up by name); the codes in
#   CODES_WITH_SPACES, which the reports map to words.
MODEL_DIR = HELPERS / "model"
LABEL_MODULE = MODEL_DIR / "labels.py"
MESSAGE_BUILDERS = {"require_year", "resolve_projects"}
CODES_WITH_SPACES = {"mangler data"}  # a ROBEK sign's status (helpers.model.rules)


def _labels() -> set[str]:
    from helpers.model import labels

    out: set[str] = set()
    for value in vars(labels).values():
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, dict):
            out |= {v for v in value.values() if isinstance(v, str)}
    return out


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


def council_text(source: str, labels: set[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``source`` the rule above calls text."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # docstrings and bare strings
        elif isinstance(node, ast.Raise):
            skip |= {id(n) for n in ast.walk(node)}
        elif isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
            if name in MESSAGE_BUILDERS:
                skip |= {id(n) for arg in [*node.args, *node.keywords] for n in ast.walk(arg)}
        elif isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}  # judged as part of the f-string
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
        else:
            continue
        if _words(text) >= 2 and text not in labels and text.strip() not in CODES_WITH_SPACES:
            out.append((node.lineno, text))
    return sorted(out)


def test_model_holds_no_sentences():
    labels = _labels()
    found = {f"{p.relative_to(HELPERS)}:{line}": text
             for p in sorted(MODEL_DIR.rglob("*.py")) if p != LABEL_MODULE
             for line, text in council_text(p.read_text(encoding="utf-8"), labels)}
    assert found == {}, "sentences in the model: move them to a report's text module"


def test_sentence_rule_catches_the_council_text_the_model_used_to_hold():
    """What the model held before its sentences moved to the reports is caught; its
    docstrings, exception messages, codes and line names are not."""
    old = '''
"""Module docstring with many words in it."""
GRUNNLAG_KOSTRA = "KOSTRA (regnskap)"
GRUNNLAG_RAD = "oppgitt i økonomiplanen"
NO_ART_BUDGET = ("Økonomiplanen har ikke tall per art, så den økonomiske oversikten etter "
                 "art kan ikke settes opp for planårene.")
def f(n, aar, source, area, err):
    """Docstring: not text."""
    rows = [{"forklaring": "Budsjettert netto driftsresultat er ikke negativt."},
            {"endring": "tas ut av planen"}, {"endring": f"utsettes {n} år"},
            {"grunnlag": f"framskrevet fra {aar} i takt med sentrale inntekter"}]
    label = f"Flyttet ut: {area}"
    total = "Sum andre ledd"
    note = f"Kilden ({source}) har ingen linjer for {aar}."
    status, code, line = "mangler data", "revidert_budsjett", "Netto driftsresultat"
    require_year("budsjettaar", aar, [], f"økonomiplanen for {area}")
    raise ValueError(f"Koblingen fra art til linje mangler for {aar}: {err}")
'''
    found = [text for _, text in council_text(old, {"Netto driftsresultat"})]
    assert found == [
        "KOSTRA (regnskap)", "oppgitt i økonomiplanen",
        "Økonomiplanen har ikke tall per art, så den økonomiske oversikten etter art kan "
        "ikke settes opp for planårene.",
        "Budsjettert netto driftsresultat er ikke negativt.", "tas ut av planen",
        "utsettes   år", "framskrevet fra   i takt med sentrale inntekter",
        "Flyttet ut:  ", "Sum andre ledd", "Kilden ( ) har ingen linjer for  ."]
