"""Which data files a report read, and validated data cached per process.

:func:`helpers.data.load_data` returns a :class:`TrackedData`: a plain dict of frames that
notes every file a report looks up (``data["kostra"]``, ``data.get(...)``, ``"x" in data``;
iterating over it counts as reading all of them). A lookup of an optional file that is
absent is noted too, so the report is rebuilt when the file appears. Other readers (the
YAML alternatives) call :func:`record` themselves.

The noted paths are kept in :data:`READS` and, when the runner sets the environment variable
:data:`READS_ENV` to a file name, appended to that file as they are first seen. The runner
reads it after the notebook has run, whether the notebook ran in a kernel process or in
this one, and ``hop build`` uses the list for the report's fingerprint
(:mod:`helpers.fingerprint`).

Validated frames are cached per process by the content hash of the data files, so a build
that validates the data once and then runs the notebooks in the same (or a forked) process
does not read and validate them again. Every caller gets its own copies.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from helpers import settings

READS_ENV = settings.READS_ENV
READS: dict[str, None] = {}  # absolute paths in the order first read (an ordered set)


def reset() -> None:
    """Forget what has been read (the runner calls this before each notebook)."""
    READS.clear()


def record(path: Path | str) -> None:
    """Note that the running report read ``path`` (a file, or a folder it listed)."""
    key = str(Path(path).resolve())
    if key in READS:
        return
    READS[key] = None
    target = settings.reads_file()
    if target:
        with open(target, "a", encoding="utf-8") as f:
            f.write(key + "\n")


def read_list(path: Path | str) -> list[str]:
    """The paths a notebook noted in the file named by :data:`READS_ENV`."""
    p = Path(path)
    if not p.exists():
        return []
    return list(dict.fromkeys(line for line in p.read_text(encoding="utf-8").splitlines()
                              if line))


class TrackedData(dict):
    """The frames of a data folder; looking one up records its file as read."""

    def __init__(self, frames: dict, paths: dict[str, Path]):
        super().__init__(frames)
        self._paths = paths

    def _note(self, key) -> None:
        path = self._paths.get(key)
        if path is not None:
            record(path)

    def _note_all(self) -> None:
        for path in self._paths.values():
            record(path)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)

    def __iter__(self):
        self._note_all()
        return super().__iter__()

    def keys(self):
        self._note_all()
        return super().keys()

    def values(self):
        self._note_all()
        return super().values()

    def items(self):
        self._note_all()
        return super().items()

    def copy(self) -> TrackedData:
        return TrackedData(dict(super().items()), self._paths)

    def __reduce__(self):
        return (TrackedData, (dict(super().items()), self._paths))


# ---------------------------------------------------------------- cache of validated data

_CACHE: dict[tuple, dict] = {}


def cache_key(data_dir: Path, only, file_names: list[str]) -> tuple | None:
    """Folder, selection and the content hash of every declared file that exists; None
    when a file cannot be read (no caching: the loader then reports the problem)."""
    h = hashlib.sha256()
    for name in sorted(file_names):
        p = data_dir / name
        try:
            if p.is_file():
                h.update(name.encode() + b"\0" + p.read_bytes() + b"\0")
        except OSError:
            return None
    return (str(data_dir.resolve()), None if only is None else tuple(sorted(only)),
            h.hexdigest())


def cached(key: tuple | None) -> dict | None:
    if key is None:
        return None
    frames = _CACHE.get(key)
    if frames is None:
        return None
    return {k: v.copy(deep=True) for k, v in frames.items()}


def store(key: tuple | None, frames: dict) -> None:
    if key is None:
        return
    if len(_CACHE) >= 4:  # a build uses one data folder; keep memory flat
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = {k: v.copy(deep=True) for k, v in frames.items()}


# ------------------------------------------------- validated files kept between processes
#
# A build starts a new process, which read and validated every data file again (about
# 1,2 s for the default folder, the largest part of the start of a build that changed one
# file; issue 30). Each file's validated frame is kept in the tool's cache folder
# (:func:`helpers.settings.cache_dir`), named by everything its validation depends on:
# the file's bytes, the known municipalities (kommuner.csv), whether an empty file is
# missing, the source of the whole package (the declarations and the checks) and the
# versions of pandas, pandera and numpy. A file that fails validation is never kept, so its
# problems are found and reported again. Checks across files always run.

VALIDATED_FOLDER = "validert"  # below the cache folder
VALIDATED_KEEP = 400  # files kept; the oldest go first


def source_digest() -> str:
    """sha256 over the path and content of every source and template file of the
    package (the code a build's results depend on)."""
    h = hashlib.sha256()
    for p in sorted(settings.HELPERS_DIR.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}:
            h.update(p.relative_to(settings.HELPERS_DIR).as_posix().encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


_SOURCE: dict[str, str] = {}  # this process's source digest


def code_key() -> str:
    """What a cached result of this tool depends on besides its input: the package's
    source (:func:`source_digest`) and the versions of pandas, pandera and numpy; read once
    per process. Part of the name of everything the tool's cache keeps (the validated
    files here, the laid-out documents in :mod:`helpers.pack.layout`)."""
    from importlib import metadata

    if "kode" not in _SOURCE:
        _SOURCE["kode"] = source_digest() + "".join(
            f"|{d}={metadata.version(d)}" for d in ("pandas", "pandera", "numpy"))
    return _SOURCE["kode"]


def validated_key(path: Path, known: set[str] | None, allow_empty: bool) -> str | None:
    """The name a validated ``path`` is kept under; None when it cannot be read."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256()
    for part in (path.name.encode(), content, code_key().encode(), str(allow_empty).encode(),
                 "\n".join(sorted(known)).encode() if known is not None else b"-"):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def validated(key: str | None):
    """The frame kept under ``key``, or None."""
    if key is None:
        return None
    import pickle

    try:
        with open(settings.cache_dir() / VALIDATED_FOLDER / f"{key}.pickle", "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - absent, half-written or from another version
        return None


def keep_validated(key: str | None, frame) -> None:
    """Keep ``frame`` under ``key`` (through a temporary file; a cache that cannot be
    written is no cache, and no error)."""
    if key is None:
        return
    import os
    import pickle
    import tempfile

    folder = settings.cache_dir() / VALIDATED_FOLDER
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(frame, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")
        tmp = None
        kept = list(folder.glob("*.pickle"))
        if len(kept) > VALIDATED_KEEP:
            kept.sort(key=lambda p: p.stat().st_mtime)
            for old in kept[:len(kept) - VALIDATED_KEEP]:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
