"""requirements.lock: the exact versions, installed by setup-env and checked by hop."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from helpers.pack.lockfile import Mismatch, mismatches, read_lock, warning_text

ROOT = Path(__file__).resolve().parents[3]
LOCK = ROOT / "requirements.lock"
BIN = Path(sys.executable).parent


def test_lock_pins_every_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = read_lock(LOCK)
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    for req in wanted:
        name = req.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        assert name in locked, name
    text = LOCK.read_text(encoding="utf-8")
    entries = [ln for ln in text.splitlines() if "==" in ln and not ln.startswith("#")]
    assert all(ln.rstrip().endswith("\\") for ln in entries)  # each followed by --hash lines
    assert text.count("--hash=sha256:") >= len(entries)
    assert "uv pip compile pyproject.toml --extra dev" in text


def test_this_environment_is_the_locked_one():
    assert mismatches(LOCK) == []
    assert read_lock(LOCK)["pandas"] == metadata.version("pandas")


def test_markers_leave_out_other_platforms_and_pythons(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "pandas==0.0.1 \\\n    --hash=sha256:00\n"
        "colorama==9.9 ; sys_platform == 'win32' \\\n    --hash=sha256:00\n"
        "numpy==1.0 ; python_full_version >= '3.99' \\\n    --hash=sha256:00\n"
        "not-installed-pkg==1.2 \\\n    --hash=sha256:00\n", encoding="utf-8")
    assert set(read_lock(lock)) == {"pandas", "not-installed-pkg"}
    found = mismatches(lock)
    assert found == [Mismatch("not-installed-pkg", "1.2", None),
                     Mismatch("pandas", "0.0.1", metadata.version("pandas"))]
    text = warning_text(found, lock)
    assert f"pandas {metadata.version('pandas')} (låst: 0.0.1)" in text
    assert "not-installed-pkg ikke installert (låst: 1.2)" in text


def test_hop_warns_when_versions_differ_from_the_lock(tmp_path):
    project = tmp_path / "prosjekt"
    (project / "notebooks").mkdir(parents=True)
    (project / "data").symlink_to(ROOT / "data")
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    (project / "requirements.lock").write_text("pandas==0.0.1 \\\n    --hash=sha256:00\n",
                                               encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "HOP_DATA"}
    r = subprocess.run([str(BIN / "hop"), "validate"], cwd=project, capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Advarsel: 1 pakke(r) har en annen versjon enn i requirements.lock" in r.stderr
    assert "(låst: 0.0.1)" in r.stderr
    # In the real project (installed from the lock) there is no warning.
    r = subprocess.run([str(BIN / "hop"), "validate"], cwd=ROOT, capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0 and "Advarsel" not in r.stderr


def test_a_check_that_found_nothing_is_remembered_until_lock_or_packages_change(
        tmp_path, monkeypatch):
    """issue 30: an unchanged hop build does not read every package's metadata again."""
    from helpers.pack import lockfile

    env, site = tmp_path / "venv", tmp_path / "site-packages"
    env.mkdir()
    site.mkdir()
    monkeypatch.setattr(sys, "prefix", str(env))
    monkeypatch.setattr(sys, "base_prefix", str(tmp_path / "usr"))
    monkeypatch.setattr(sys, "path", [str(site)])
    lock = tmp_path / "requirements.lock"
    lock.write_text("pandas==0.0.1 \\\n    --hash=sha256:00\n", encoding="utf-8")
    calls = []
    answer: list[Mismatch] = []

    def counted(path):
        calls.append(path)
        return list(answer)

    monkeypatch.setattr(lockfile, "mismatches", counted)
    assert lockfile.mismatches_cached(lock) == [] and len(calls) == 1
    assert lockfile.mismatches_cached(lock) == [] and len(calls) == 1  # remembered
    (site / "newpkg-1.0.dist-info").mkdir()  # pip installed something
    assert lockfile.mismatches_cached(lock) == [] and len(calls) == 2
    assert lockfile.mismatches_cached(lock) == [] and len(calls) == 2
    os.utime(lock, ns=(1, 1))  # another lock file
    answer.append(Mismatch("pandas", "0.0.1", "2.2.0"))
    found = lockfile.mismatches_cached(lock)
    assert found == answer and len(calls) == 3
    assert lockfile.mismatches_cached(lock) == answer and len(calls) == 4  # warned every time
    # outside a virtual environment nothing is written
    monkeypatch.setattr(sys, "base_prefix", str(env))
    answer.clear()
    (env / lockfile.CHECKED_NAME).unlink()
    assert lockfile.mismatches_cached(lock) == [] and len(calls) == 5
    assert not (env / lockfile.CHECKED_NAME).exists()
