"""Compare the installed packages with ``requirements.lock`` (the exact versions).

``requirements.lock`` is written by ``uv pip compile`` (see "Låste versjoner" in
``docs/utvikling/avhengigheter.md``); each entry is ``name==version`` with an optional
environment marker and hashes. ``hop`` warns when what is installed differs, so a pack is
not rebuilt with other versions than the lock's without anyone noticing.

The check reads the metadata of every locked package (~0,2 s, and ~0,2 s more to import
``packaging``), which is most of an unchanged ``hop build`` (issue 30: ≤ 0,3 s). In a
virtual environment :func:`mismatches_cached` therefore remembers a check that found
nothing, in a file in the environment, for as long as the lock file and the folders
packages are installed into are unchanged (pip adds or removes a package's
``.dist-info`` folder for every install, upgrade or removal, which changes the folder).
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

LOCK_NAME = "requirements.lock"
#: In the virtual environment: the state in which the last check found nothing.
CHECKED_NAME = ".hop-laast-sjekket"
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


@dataclass(frozen=True)
class Mismatch:
    name: str
    locked: str
    installed: str | None  # None: not installed

    def __str__(self) -> str:
        have = self.installed if self.installed else "ikke installert"
        return f"{self.name} {have} (låst: {self.locked})"


def read_lock(path: Path) -> dict[str, str]:
    """Package → locked version for the entries whose marker applies to this Python."""
    from packaging.markers import Marker
    from packaging.utils import canonicalize_name

    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        name, version, marker = m.groups()
        if marker and not Marker(marker).evaluate():
            continue
        out[canonicalize_name(name)] = version
    return out


def lock_path() -> Path | None:
    from helpers.data.paths import project_root

    root = project_root()
    if root is None or not (root / LOCK_NAME).is_file():
        return None
    return root / LOCK_NAME


def mismatches(path: Path | None = None) -> list[Mismatch]:
    """Locked packages that are missing or installed in another version."""
    path = path or lock_path()
    if path is None:
        return []
    out = []
    for name, locked in sorted(read_lock(path).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != locked:
            out.append(Mismatch(name, locked, installed))
    return out


def _install_state(path: Path) -> str:
    """What a check's answer depends on: the lock file (path, size, time) and each folder
    on ``sys.path`` packages are installed into (its modification time)."""
    folders = {Path(p).resolve() for p in sys.path
               if p.endswith(("site-packages", "dist-packages"))}  # the same through a link
    parts = []
    for p in [path.resolve(), *sorted(folders)]:
        try:
            st = p.stat()
        except OSError:
            continue
        parts.append(f"{p}\0{st.st_mtime_ns}\0{st.st_size}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def mismatches_cached(path: Path) -> list[Mismatch]:
    """:func:`mismatches`, remembered in a virtual environment while nothing it depends on
    has changed (only a check that found nothing is remembered: a warning is given every
    time until the environment matches the lock)."""
    in_venv = sys.prefix != sys.base_prefix
    stamp = Path(sys.prefix) / CHECKED_NAME
    state = _install_state(path)
    if in_venv:
        try:
            if stamp.read_text(encoding="utf-8") == state:
                return []
        except OSError:
            pass
    found = mismatches(path)
    if in_venv and not found:
        try:
            stamp.write_text(state, encoding="utf-8")
        except OSError:  # a read-only environment: check every time
            pass
    return found


def warning_text(found: list[Mismatch], path: Path, limit: int = 8) -> str:
    """The warning ``hop`` prints (bokmål)."""
    shown = ", ".join(str(m) for m in found[:limit])
    more = f" og {len(found) - limit} til" if len(found) > limit else ""
    return (f"Advarsel: {len(found)} pakke(r) har en annen versjon enn i {path.name}: "
            f"{shown}{more}. Rapportene kan da bli annerledes enn med de låste versjonene; "
            f"scripts/setup-env installerer dem.")
