"""The output folder: the build lock, recovery of a build that was stopped, and the swap
that puts a finished report in place (never a half-written report or a lost earlier one)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _swap_into_place(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` so that a reader sees the old or the new, never half."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{os.getpid()}")
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


LOCK_NAME = ".hop-bygging.lock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours (PermissionError), or no kill on this platform
        return True
    return True


def _tmp_owner(tmp: Path) -> int | None:
    """The pid of the build that made ``.tmp-<report>-<pid>-<random>`` (None if the name
    has another form, e.g. from an older version)."""
    parts = tmp.name.rsplit("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def recover(out_dir: Path, owner: int | None = None) -> None:
    """Tidy up after an interrupted build: put back a report folder that was moved aside
    but not replaced, and remove unfinished temporary folders left by this build
    (``owner``, default this process) or by builds that are no longer running. Another
    running build's folders are left alone."""
    if not out_dir.is_dir():
        return
    owner = os.getpid() if owner is None else owner
    for old in out_dir.glob(".old-*"):
        name = old.name.removeprefix(".old-").rsplit("-", 1)[0]
        final = out_dir / name
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(final)
    for tmp in out_dir.glob(".tmp-*"):
        pid = _tmp_owner(tmp)
        if pid is None or pid == owner or not _pid_alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)


def output_lock(out_dir: Path, on_wait=None):
    """Hold a lock on the output folder for a whole build, so two builds into the same
    folder run one after the other instead of undoing each other. ``on_wait`` is called
    once if another build holds the lock. The lock file is removed when the build ends."""
    from helpers.data.folderlock import folder_lock

    return folder_lock(out_dir / LOCK_NAME, on_wait)
