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
(the code is in :mod:`helpers.data.load`).
"""

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

__all__ = ["MAX_PROBLEMS_PER_FILE", "DataError", "Problem", "load_data", "load_file",
           "normalise_number", "normalise_numbers", "read_csv_file", "validate_dir",
           "validate_frame"]
