"""Notebooks are stored in git without outputs, execution counts or run metadata."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
RUN_METADATA = {"execution", "ExecuteTime", "papermill", "collapsed", "scrolled"}


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    dirty = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            if cell.get("outputs"):
                dirty.append(f"celle {i}: utdata")
            if cell.get("execution_count") is not None:
                dirty.append(f"celle {i}: execution_count={cell.execution_count}")
        stray = RUN_METADATA & set(cell.get("metadata", {}))
        if stray:
            dirty.append(f"celle {i}: metadata {sorted(stray)}")
    if "papermill" in nb.metadata or "widgets" in nb.metadata:
        dirty.append("notatbokens metadata fra en kjøring")
    assert not dirty, f"{path.name} er lagret med utdata – kjør nbstripout: {dirty}"


def test_git_strips_notebooks_with_nbstripout():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "*.ipynb filter=nbstripout" in attributes
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    pins = {dep.split("==")[0]: dep.split("==")[1]
            for repo in hooks["repos"] for hook in repo["hooks"]
            for dep in hook.get("additional_dependencies", [])}
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert set(pins) == {"nbstripout", "ruff"}
    for name, version in pins.items():
        assert re.search(rf"^{name}=={re.escape(version)} ", lock, re.M), (name, version)


@pytest.mark.parametrize("stored", NOTEBOOKS, ids=lambda p: p.name)
def test_nbstripout_turns_a_run_notebook_back_into_the_stored_one(stored, tmp_path):
    """What the git filter and the pre-commit hook do (nbstripout --keep-id) gives back
    the stored notebook (same JSON; key order aside), so running one leaves no diff."""
    nb = nbformat.read(stored, as_version=4)
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1 234,5\n")]
        cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    run = tmp_path / stored.name
    nbformat.write(nb, run)
    assert run.read_text(encoding="utf-8") != stored.read_text(encoding="utf-8")
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", str(run)], check=True)
    assert json.loads(run.read_text(encoding="utf-8")) == json.loads(
        stored.read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git mangler")
def test_git_filter_stores_a_run_notebook_clean(tmp_path):
    """The filter as the README sets it up: `git add` of a run notebook stores it clean."""
    stored = ROOT / "notebooks" / "kostra.ipynb"
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    nb = nbformat.read(stored, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 7
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
    nbformat.write(nb, repo / "notebooks" / "kostra.ipynb")

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], check=True,
                              capture_output=True, text=True).stdout

    git("init", "-q")
    git("config", "filter.nbstripout.clean", f"'{sys.executable}' -m nbstripout --keep-id")
    git("config", "filter.nbstripout.smudge", "cat")
    git("config", "filter.nbstripout.required", "true")
    git("add", "notebooks/kostra.ipynb")
    assert git("show", ":notebooks/kostra.ipynb") == stored.read_text(encoding="utf-8")


# Notebooks keep calls and prose: choices (branches, loops) live in src/helpers, where unit
# tests see them. utforsk.ipynb is a scratchpad for the maintainer and may do anything.
BRANCHING = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ListComp, ast.SetComp,
             ast.DictComp, ast.GeneratorExp, ast.Try, ast.Match)
REPORT_NOTEBOOKS = [p for p in NOTEBOOKS if p.name != "utforsk.ipynb"]


def _branches(source: str) -> list[str]:
    tree = ast.parse(source)
    nodes = sorted((n for n in ast.walk(tree) if isinstance(n, BRANCHING)),
                   key=lambda n: (n.lineno, n.col_offset))
    return [f"linje {n.lineno}: {type(n).__name__}" for n in nodes]


def test_branch_finder_sees_branches():
    assert _branches("x = 1 if a else 2\nfor i in y:\n    pass") == [
        "linje 1: IfExp", "linje 2: For"]
    assert _branches("report.show(sections.summary(a))") == []


@pytest.mark.parametrize("path", REPORT_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_branches_or_loops(path):
    nb = nbformat.read(path, as_version=4)
    found = [f"celle {i}, {b}" for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             for b in _branches(cell.source)]
    assert not found, f"{path.name}: flytt valgene til src/helpers: {found}"
