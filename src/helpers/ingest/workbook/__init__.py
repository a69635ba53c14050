"""The municipality's own figures as one workbook: ``hop eksporter`` and ``hop importer``.

- :mod:`.catalogue`: which files are own figures, sheet titles, signs, worked examples;
- :mod:`.cells`: CSV field ↔ cell, and each file's CSV dialect, so a round trip gives the
  same bytes;
- :mod:`.export`: the workbook from a data folder;
- :mod:`.importing`: the workbook back to CSV files, validated by the loader, written
  beside and then swapped in.
"""

from helpers.ingest.workbook.export import build_workbook, export_workbook
from helpers.ingest.workbook.importing import ImportResult, WorkbookError, import_workbook

__all__ = ["ImportResult", "WorkbookError", "build_workbook", "export_workbook",
           "import_workbook"]
