"""Compare the installed packages with ``requirements.lock`` (the exact versions).

``requirements.lock`` is written by ``uv pip compile`` (see "Låste versjoner" in
``docs/utvikling/avhengigheter.md``); each entry is ``name==version`` with an optional
environment marker and hashes. ``hop`` warns when what is installed differs, so a pack is
not rebuilt with other versions than the lock's without anyone noticing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK_NAME = "requirements.lock"
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


def warning_text(found: list[Mismatch], path: Path, limit: int = 8) -> str:
    """The warning ``hop`` prints (bokmål)."""
    shown = ", ".join(str(m) for m in found[:limit])
    more = f" og {len(found) - limit} til" if len(found) > limit else ""
    return (f"Advarsel: {len(found)} pakke(r) har en annen versjon enn i {path.name}: "
            f"{shown}{more}. Rapportene kan da bli annerledes enn med de låste versjonene; "
            f"scripts/setup-env installerer dem.")
