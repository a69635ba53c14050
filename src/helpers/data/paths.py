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

import os
from pathlib import Path

DATA_ENV = "HOP_DATA"
REPORTS_ENV = "HOP_REPORTS"
_PACKAGE_CHECKOUT = Path(__file__).resolve().parents[3]


def _is_project_root(folder: Path) -> bool:
    return ((folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir()
            and (folder / "data").is_dir())


def project_root(start: Path | str | None = None) -> Path | None:
    """The project folder: the nearest one at or above ``start`` (default: the current
    folder), else the checkout this package runs from; ``None`` if neither is found."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project_root(folder):
            return folder
    if _is_project_root(_PACKAGE_CHECKOUT):
        return _PACKAGE_CHECKOUT
    return None


def _resolve(given: Path | str | None, env: str, sub: str) -> Path:
    if given not in (None, ""):
        return Path(given).expanduser().resolve()
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser().resolve()
    root = project_root()
    if root is None:
        raise FileNotFoundError(
            f"Finner ikke prosjektets {sub}/-mappe fra {Path.cwd()}: oppgi mappen "
            f"(--data/--out eller parameteren data_dir) eller sett {env}.")
    return root / sub


def data_dir(given: Path | str | None = None) -> Path:
    """The data folder to read: ``given`` if set, else ``$HOP_DATA``, else the project's
    ``data/``. An empty string counts as not set (the notebooks' default)."""
    return _resolve(given, DATA_ENV, "data")


def reports_dir(given: Path | str | None = None) -> Path:
    """The folder builds go to: ``given`` if set, else ``$HOP_REPORTS``, else the project's
    ``reports/``."""
    return _resolve(given, REPORTS_ENV, "reports")


def describe_default_data_dir() -> str:
    """How ``hop list`` shows what an empty ``data_dir`` means on this machine."""
    try:
        return f"prosjektets datamappe, nå {data_dir()}"
    except FileNotFoundError as exc:
        return str(exc)
