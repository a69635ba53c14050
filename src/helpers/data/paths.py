"""Where the project's ``data/`` and ``reports/`` are, found the same way from anywhere.

Notebooks run from the repository root, from ``notebooks/``, in JupyterLab, under Papermill
or from ``hop build`` (which runs them with ``notebooks/`` as working folder); ``hop`` may be
started from any folder. They all find the data the same way:

1. a folder given explicitly (``--data``, the ``data_dir`` parameter) is used as given,
   relative to the current folder;
2. otherwise the environment variable ``HOP_DATA`` (and ``HOP_REPORTS`` for reports);
3. otherwise ``data/`` (``reports/``) in the project root: the nearest folder at or above the
   current folder that holds ``pyproject.toml``, ``notebooks/`` and ``data/``, or else the
   checkout the ``helpers`` package itself was installed from (``pip install -e .``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import settings

DATA_ENV = settings.DATA_ENV  # the names, as before; helpers.settings reads them
REPORTS_ENV = settings.REPORTS_ENV


def _is_project_root(folder: Path) -> bool:
    return ((folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir()
            and (folder / settings.DATA_FOLDER).is_dir())


def project_root(start: Path | str | None = None) -> Path | None:
    """The project folder: the nearest one at or above ``start`` (default: the current
    folder), else the checkout this package runs from; ``None`` if neither is found."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project_root(folder):
            return folder
    if _is_project_root(settings.PROJECT_ROOT):
        return settings.PROJECT_ROOT
    return None


def _resolve(given: Path | str | None, from_env: Callable[[], Path | None], env: str,
             sub: str) -> Path:
    if given not in (None, ""):
        return Path(given).expanduser().resolve()
    if (folder := from_env()) is not None:
        return folder
    root = project_root()
    if root is None:
        raise FileNotFoundError(
            f"Finner ikke prosjektets {sub}/-mappe fra {Path.cwd()}: oppgi mappen "
            f"(--data/--out eller parameteren data_dir) eller sett {env}.")
    return root / sub


def data_dir(given: Path | str | None = None) -> Path:
    """The data folder to read: ``given`` if set, else ``$HOP_DATA``, else the project's
    ``data/``. An empty string counts as not set (the notebooks' default)."""
    return _resolve(given, settings.data_env, DATA_ENV, settings.DATA_FOLDER)


def reports_dir(given: Path | str | None = None) -> Path:
    """The folder builds go to: ``given`` if set, else ``$HOP_REPORTS``, else the project's
    ``reports/``."""
    return _resolve(given, settings.reports_env, REPORTS_ENV, settings.REPORTS_FOLDER)


def describe_default_data_dir() -> str:
    """How ``hop list`` shows what an empty ``data_dir`` means on this machine."""
    try:
        return f"prosjektets datamappe, nå {data_dir()}"
    except FileNotFoundError as exc:
        return str(exc)
