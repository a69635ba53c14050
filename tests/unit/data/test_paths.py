"""Notebooks and ``hop`` find the project's data/ and reports/ from any working folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.data import paths

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _env_without_overrides() -> dict:
    return {k: v for k, v in os.environ.items() if k not in (paths.DATA_ENV, paths.REPORTS_ENV)}


def test_default_data_dir_is_the_projects_from_root_notebooks_and_elsewhere(
        tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    monkeypatch.delenv(paths.REPORTS_ENV, raising=False)
    for cwd in (ROOT, ROOT / "notebooks", ROOT / "src" / "helpers", tmp_path):
        monkeypatch.chdir(cwd)
        assert paths.data_dir() == ROOT / "data", cwd
        assert paths.data_dir("") == ROOT / "data", cwd
        assert paths.reports_dir() == ROOT / "reports", cwd


def test_explicit_folder_is_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.data_dir("mine") == tmp_path / "mine"
    assert paths.reports_dir("ut") == tmp_path / "ut"
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "fra-miljo"))
    assert paths.data_dir() == tmp_path / "fra-miljo"
    assert paths.data_dir("mine") == tmp_path / "mine"  # explicit beats the environment


def test_nearest_project_wins_over_the_installed_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    other = tmp_path / "kopi"
    for sub in ("data", "notebooks"):
        (other / sub).mkdir(parents=True)
    (other / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(other / "notebooks")
    assert paths.data_dir() == other / "data"
    assert paths.project_root() == other


def test_notebooks_declare_an_empty_data_dir_default():
    from helpers.pack.catalogue import available_reports, declared_parameters

    for info in available_reports().values():
        default = declared_parameters(info.notebook)["data_dir"]["default"]
        assert default == '""', (info.name, default)


def test_hop_list_shows_the_data_folder_actually_used(tmp_path):
    r = subprocess.run([str(BIN / "hop"), "list"], cwd=tmp_path, capture_output=True,
                       text=True, env=_env_without_overrides())
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.strip().startswith("data_dir")]
    assert lines
    assert all(f"nå {ROOT / 'data'}" in ln for ln in lines), lines
    assert "../data" not in r.stdout


def test_hop_validate_from_another_folder(tmp_path):
    env = _env_without_overrides()
    r = subprocess.run([str(BIN / "hop"), "validate", "--data", str(ROOT / "data")],
                       cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Dataene i {ROOT / 'data'} er gyldige" in r.stdout
    # Without --data, from another folder, it is still the project's data folder.
    r = subprocess.run([str(BIN / "hop"), "validate"], cwd=tmp_path, capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert str(ROOT / "data") in r.stdout
    # A broken copy given with --data (relative to that folder) is what is checked.
    shutil.copytree(ROOT / "data", tmp_path / "kopi")
    (tmp_path / "kopi" / "kommuner.csv").unlink()
    r = subprocess.run([str(BIN / "hop"), "validate", "--data", "kopi"], cwd=tmp_path,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1
    assert "kommuner.csv: filen mangler" in r.stdout


def _papermill_kostra(cwd: Path, out: Path) -> dict:
    r = subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / "kostra.ipynb"),
                        str(out), "--no-progress-bar", "-k", "python3"],
                       cwd=cwd, capture_output=True, text=True, env=_env_without_overrides())
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["root", "notebooks"])
def test_papermill_with_default_parameters(where, tmp_path):
    cwd = ROOT if where == "root" else ROOT / "notebooks"
    nb = _papermill_kostra(cwd, tmp_path / "kostra.ipynb")
    text = json.dumps(nb["cells"], ensure_ascii=False)
    assert "KOSTRA-sammenligning – Røros" in text
    assert "datamappen finnes ikke" not in text


def test_build_with_own_parameters_and_no_out_says_where_it_goes(tmp_path):
    r = subprocess.run([str(BIN / "hop"), "build", "handlingsregler", "--set", "kommune=Tynset",
                        "--data", str(tmp_path / "finnes-ikke")], cwd=tmp_path,
                       capture_output=True, text=True, env=_env_without_overrides())
    assert r.returncode == 1  # stopped by the missing data folder, nothing built
    assert "erstatter rapportene der; bruk --out MAPPE" in " ".join(r.stdout.split())
    assert "datamappen finnes ikke" in r.stdout
    r = subprocess.run([str(BIN / "hop"), "build", "handlingsregler", "--set", "kommune=Tynset",
                        "--data", str(tmp_path / "finnes-ikke"), "--out", str(tmp_path / "ut")],
                       cwd=tmp_path, capture_output=True, text=True, env=_env_without_overrides())
    assert r.returncode == 1 and "Merk:" not in r.stdout
