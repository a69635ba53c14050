"""Settings every layer shares, each declared once: where the project is, the environment
variables ``hop`` reads, the length of the plan, the notebooks' metadata keys and the names
of the files a build writes.

This module sits below the six layers (any module may import it) and imports only the
standard library, so that ``hop --help``, ``hop list`` and an unchanged ``hop build`` need
neither pandas nor pandera (``tests/unit/project/test_layers.py`` and
``tests/unit/pack/test_light_path.py`` guard
both). Every environment variable has its name here and one function that reads it; no
other module reads ``os.environ`` for them.

Environment variables (the values are read at the moment the function is called):

=================== ======================================================================
``HOP_DATA``        the data folder when none is given (:func:`data_env`)
``HOP_REPORTS``     the output folder when none is given (:func:`reports_env`)
``HOP_MERKNADER``   ``0``: maintainer notes are kept out of the report's text
                    (:func:`maintainer_notes_shown`); ``hop build`` sets it for its notebooks
``HOP_LESTE_FILER`` the file a running notebook appends the paths of the data files it
                    reads to (:func:`reads_file`); set by ``hop build`` while a notebook runs
``HOP_TOMME_FILER`` ``mangler``: a data file with a header and no rows loads as missing
                    figures (:func:`empty_files_missing`); set by ``hop build``
``HOP_MOTOR``       ``kjerne``: run each notebook in a Jupyter kernel (:func:`kernel_engine`)
``HOP_UTEN_NETT``   not empty and not ``0``: ``hop ny`` fetches nothing (:func:`offline`)
``SOURCE_DATE_EPOCH`` the time written into the workbooks ``hop`` makes (:func:`file_date`)
=================== ======================================================================

``HOP_MERKNADER``, ``HOP_LESTE_FILER`` and ``HOP_TOMME_FILER`` are how ``hop build`` talks
to the notebooks it runs. The notebooks take only their declared parameters, and with
``HOP_MOTOR=kjerne`` they run in a kernel process that inherits nothing but the
environment, so these three stay environment variables: :func:`setting_env` sets one for
the length of a ``with`` block, and the notebook side reads it through the function here.
``HOP_LESTE_FILER`` is the one channel that also carries something back: the kernel writes
the list of files it read to the file the variable names, and the runner reads it after the
notebook has run (:mod:`helpers.data.reads`).
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

# ---------------------------------------------------------------- where the project is

HELPERS_DIR = Path(__file__).resolve().parent
# The checkout this package runs from (``pip install -e .``: src/helpers → the repository).
# :func:`helpers.data.paths.project_root` looks from the current folder first.
PROJECT_ROOT = HELPERS_DIR.parents[1]
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
DATA_FOLDER = "data"  # the project's data folder, below the project root
REPORTS_FOLDER = "reports"  # where builds go by default

# ---------------------------------------------------------------- the plan

PLAN_YEARS = 4  # kommuneloven § 14-4: «minst de fire neste budsjettårene»


def plan_years(first: int, length: int = PLAN_YEARS) -> list[int]:
    """The plan's years from its first (the budget year): ``2025`` → 2025…2028."""
    return list(range(int(first), int(first) + length))


def plan_period(first: int) -> str:
    """The plan's period as the reports write it: ``2025`` → «2025–2028»."""
    return f"{first}–{first + PLAN_YEARS - 1}"


# ---------------------------------------------------------------- notebooks and builds

NOTEBOOK_META = "hop"  # a report notebook's metadata.hop …
META_TITLE = "title"  # … its title (a notebook without one is no report)
META_ORDER = "order"  # … its place in the pack (DEFAULT_ORDER when not given)
META_KEEP_APART = "keep_apart"  # … parameters naming the period a build covers
DEFAULT_ORDER = 99
PARAMETERS_TAG = "parameters"  # the tag of the notebook cell Papermill replaces
KEY_FIGURE_PARAM = "nokkeltall_ut"  # the parameter the runner passes the key-figure file in
MANIFEST = "manifest.json"  # what a build records in its output folder

# ---------------------------------------------------------------- environment variables

DATA_ENV = "HOP_DATA"
REPORTS_ENV = "HOP_REPORTS"
MAINTAINER_ENV = "HOP_MERKNADER"
READS_ENV = "HOP_LESTE_FILER"
EMPTY_ENV = "HOP_TOMME_FILER"
EMPTY_AS_MISSING = "mangler"  # the value of EMPTY_ENV that ``hop build`` sets
ENGINE_ENV = "HOP_MOTOR"
KERNEL_ENGINE = "kjerne"  # the value of ENGINE_ENV that asks for a kernel per notebook
OFFLINE_ENV = "HOP_UTEN_NETT"
CACHE_ENV = "HOP_HURTIGLAGER"  # the tool's cache folder (default ~/.cache/hop-rapporter)
SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/


def _folder(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else None


def cache_dir() -> Path:
    """Where the tool keeps what it can make again (validated data, the script bundle of
    the interactive pages): :data:`CACHE_ENV`, else ``$XDG_CACHE_HOME/hop-rapporter``,
    else ``~/.cache/hop-rapporter``. Anything in it may be deleted at any time."""
    given = os.environ.get(CACHE_ENV, "").strip()
    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hop-rapporter"


def data_env() -> Path | None:
    """``$HOP_DATA`` as a folder, or None when it is not set (or empty)."""
    return _folder(DATA_ENV)


def reports_env() -> Path | None:
    """``$HOP_REPORTS`` as a folder, or None when it is not set (or empty)."""
    return _folder(REPORTS_ENV)


def maintainer_notes_shown() -> bool:
    """Whether maintainer notes show in the report's text: yes unless ``$HOP_MERKNADER`` is
    ``0``, ``nei``, ``false`` or empty (``hop build`` sets ``0``)."""
    return os.environ.get(MAINTAINER_ENV, "1").strip().lower() not in {"0", "nei", "false", ""}


def reads_file() -> str | None:
    """The file named by ``$HOP_LESTE_FILER`` (read data files are noted there), or None."""
    return os.environ.get(READS_ENV) or None


def empty_files_missing() -> bool:
    """Whether a data file with a header and no rows means missing figures
    (``$HOP_TOMME_FILER`` is ``mangler``, as ``hop build`` sets it)."""
    return os.environ.get(EMPTY_ENV) == EMPTY_AS_MISSING


def kernel_engine() -> bool:
    """Whether ``$HOP_MOTOR`` asks for a Jupyter kernel per notebook (``kjerne``)."""
    return os.environ.get(ENGINE_ENV, "").strip() == KERNEL_ENGINE


def offline() -> bool:
    """Whether ``$HOP_UTEN_NETT`` says not to use the network (set, and not ``0``)."""
    return os.environ.get(OFFLINE_ENV, "").strip() not in ("", "0")


# A fixed time for files whose content carries a date (the workbooks): 1 January 2000,
# 00:00 UTC, as the files' own clocks see it. Any fixed time would do; this one is plainly
# not the time a file was written.
FIXED_FILE_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def file_date() -> datetime:
    """The time written into a file ``hop`` makes (a workbook's created/modified and its zip
    entries' dates), so the same inputs give the same bytes: ``$SOURCE_DATE_EPOCH`` (seconds
    since 1970, UTC) when set, as reproducible builds use it, else :data:`FIXED_FILE_DATE`.
    Zip entries cannot hold times before 1980; such a value gives 1 January 1980."""
    value = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if not value:
        return FIXED_FILE_DATE
    try:
        when = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"{SOURCE_DATE_ENV} må være et heltall (sekunder siden 1970), "
                         f"fikk «{value}»") from None
    return max(when, datetime(1980, 1, 1, tzinfo=UTC))


@contextlib.contextmanager
def setting_env(name: str, value: str):
    """Set environment variable ``name`` to ``value`` for the ``with`` block (a notebook's
    kernel started inside it inherits it), then put back what was there."""
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
