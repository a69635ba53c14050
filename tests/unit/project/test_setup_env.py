"""scripts/setup-env: system packages are detected reliably and apt failures are named."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SETUP = ROOT / "scripts" / "setup-env"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash mangler")


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _run(tmp_path: Path, apt_body: str, libs: str = "", fonts: str = ""):
    """setup-env with fake ldconfig/fc-list/apt-get/sudo first on PATH; the apt-get fake
    records its calls. Returns the completed process and the recorded apt-get calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    # Many lines before the match, so grep -q's early exit would SIGPIPE the producer.
    _fake(bin_dir, "ldconfig", f"printf '%b' '{libs}'; seq -f '  libx%g.so.0 => /x' 1 20000")
    _fake(bin_dir, "fc-list", f"printf '%b' '{fonts}'; seq -f '/f/x%g.ttf: X' 1 20000")
    _fake(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}\n{apt_body}')
    _fake(bin_dir, "sudo", 'exec "$@"')
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    r = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, env=env,
                       timeout=120)
    calls = log.read_text(encoding="utf-8") if log.exists() else ""
    return r, calls


def test_held_apt_lock_is_reported_as_such(tmp_path):
    r, calls = _run(tmp_path, 'echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is '
                              'held by process 4242 (unattended-upgr)" >&2; exit 100')
    assert r.returncode == 1
    assert "apt er låst av en annen prosess" in r.stderr
    assert "held by process 4242" in r.stderr  # apt's own words follow
    assert "trenger root" not in r.stderr
    assert "libharfbuzz-subset0" in r.stderr and "fonts-liberation2" in r.stderr
    assert "DPkg::Lock::Timeout=120" in calls


def test_other_apt_failures_show_apts_message(tmp_path):
    r, _ = _run(tmp_path, 'echo "E: Unable to locate package libpango-1.0-0" >&2; exit 100')
    assert r.returncode == 1
    assert "Meldingen fra apt-get" in r.stderr and "Unable to locate package" in r.stderr
    assert "låst" not in r.stderr


def test_present_packages_are_found_behind_long_listings(tmp_path):
    # apt-get would fail; it must not be called when everything is there.
    r, calls = _run(tmp_path, "exit 100",
                    libs="\\tlibpango-1.0.so.0 => /x\\n\\tlibharfbuzz-subset.so.0 => /x\\n",
                    fonts="/f/LiberationSans.ttf: Liberation Sans:style=Regular\\n")
    assert calls == "", r.stderr
    assert "Installerer systempakker" not in r.stdout
    assert r.returncode == 0, r.stderr
