"""The data layer: file specs, loading and validation, read tracking, years covered, and the
municipalities.

- :mod:`helpers.data.specs`: one ``FileSpec`` per CSV file (the data dictionary in code);
- :mod:`helpers.data.load`: reading, validating and loading a data folder;
- :mod:`helpers.data.reads`: which files a report read (for incremental builds);
- :mod:`helpers.data.coverage`: which years the data cover;
- :mod:`helpers.data.kommuner`: the municipalities and their comparison groups;
- :mod:`helpers.data.paths`: where the project's data and reports folders are;
- :mod:`helpers.data.nokkeltall_keys`: the key-figure table documented in ``data/README.md``.

Imports only :mod:`helpers.presentation` (number format for bokmål messages). The loader's
public names are re-exported here, so ``from helpers.data import load_data`` keeps working
(the code is in :mod:`helpers.data.load`). They are loaded on first use: importing a light
module of this package (``helpers.data.paths``, ``helpers.data.reads``) must not load pandas
and pandera, which the loader needs (``hop --help``, ``hop list`` and an unchanged
``hop build`` do without them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = ["MAX_PROBLEMS_PER_FILE", "DataError", "Problem", "load_data", "load_file",
           "normalise_number", "normalise_numbers", "read_csv_file", "validate_dir",
           "validate_frame"]

if TYPE_CHECKING:  # for type checkers and editors; at run time see __getattr__
    from helpers.data.load import (
        MAX_PROBLEMS_PER_FILE,
        DataError,
        Problem,
        load_data,
        load_file,
        normalise_number,
        normalise_numbers,
        read_csv_file,
        validate_dir,
        validate_frame,
    )


def __getattr__(name: str):
    """The loader's names (``helpers.data.load_data`` …), imported when first asked for."""
    if name in __all__:
        value = getattr(importlib.import_module("helpers.data.load"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'helpers.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
