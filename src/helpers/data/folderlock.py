"""A lock on a folder that leaves no file behind.

``hop build`` locks its output folder (``.hop-bygging.lock``) and the imports lock the data
folder (``.grunnlag.lock``) so that two runs into the same folder take turns. A lock file
that stays after the run is litter in a folder a municipality shares; so the holder removes
it while it still holds the lock. That is safe with ``flock``: a process that was waiting on
the removed file gets the lock on a file no longer in the folder, sees that (the path is
gone or is another file) and tries again on the path's current file.

Where ``fcntl`` is missing (Windows), :mod:`filelock` is used (it removes its file there);
on a file system without ``flock`` (some network drives), filelock's soft lock, which holds
the lock by creating the file and removes it on release.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


_NO_FLOCK = {errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL}


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


@contextlib.contextmanager
def folder_lock(path: Path | str, on_wait=None):
    """Hold an exclusive lock on the file ``path`` (created if missing) for the ``with``
    block and remove the file before releasing. ``on_wait`` is called once if another
    process holds the lock."""
    path = Path(path)
    if fcntl is None:  # pragma: no cover - Windows
        yield from _filelock(path, on_wait)
        return
    waited = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            created = True
        except FileExistsError:
            try:
                fd = os.open(path, os.O_RDWR)
            except FileNotFoundError:  # removed by its holder in between: try again
                continue
            created = False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait and not waited:
                    on_wait()
                waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in _NO_FLOCK:
                raise
            if created:  # the soft lock below holds the lock by creating this file
                path.unlink()
            # a file system without flock (some network drives): filelock's fallback
            yield from _filelock(path, on_wait, soft=True)
            return
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder before us removed this file: lock the current one
    try:
        yield
    finally:
        try:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        finally:
            os.close(fd)  # releases the lock


def _filelock(path: Path, on_wait, soft: bool = False):
    """:mod:`filelock`'s lock: the native one (Windows), or the soft one, which holds the
    lock by creating the file and removes it on release (a file system without flock)."""
    from filelock import FileLock, SoftFileLock, Timeout

    lock = (SoftFileLock if soft else FileLock)(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
