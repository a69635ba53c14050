"""Writing the files ``hop`` makes: whole or not at all, and the same bytes from the same
inputs.

An ``.xlsx`` workbook is a zip archive. openpyxl dates every zip entry with the time of
writing and puts the time into ``docProps/core.xml`` (created, modified), so two exports of
the same data differed. :func:`save_workbook` dates all of them
:func:`helpers.settings.file_date` instead: ``$SOURCE_DATE_EPOCH`` when set (as reproducible
builds use it), else a fixed date. The data's own dates are in the sheets, not in the file's.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from helpers import settings

CORE_PROPERTIES = "docProps/core.xml"  # an Office file's created/modified (openpyxl's ARC_CORE)


def write_atomically(target: Path | str, content: bytes) -> None:
    """Write ``content`` beside ``target`` and swap it in (a reader sees the old file or the
    new, never half), with the permissions of an ordinary new file."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def dated_zip(archive: bytes, when: datetime, replace: dict[str, bytes] | None = None
              ) -> bytes:
    """The zip ``archive`` with every entry dated ``when`` (UTC, as zip stores it) and the
    entries named in ``replace`` given that content; names, order, compression and
    attributes kept."""
    stamp = when.timetuple()[:6]
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = info.create_system
            content = replace.get(info.filename)
            dst.writestr(entry, src.read(info) if content is None else content)
    return out.getvalue()


def workbook_bytes(wb) -> bytes:
    """An openpyxl workbook as the bytes of its ``.xlsx`` file, dated
    :func:`helpers.settings.file_date` inside (core properties and zip entries)."""
    from openpyxl.xml.functions import tostring

    when = settings.file_date()
    raw = io.BytesIO()
    wb.save(raw)  # sets properties.modified to now; corrected below
    naive_utc = when.replace(tzinfo=None)  # openpyxl writes naive times as UTC («Z»)
    wb.properties.created = naive_utc
    wb.properties.modified = naive_utc
    core = tostring(wb.properties.to_tree())
    return dated_zip(raw.getvalue(), when, {CORE_PROPERTIES: core})


def save_workbook(wb, target: Path | str) -> None:
    """Write an openpyxl workbook to ``target``: atomically, and the same bytes each time
    from the same workbook content (:func:`workbook_bytes`)."""
    write_atomically(target, workbook_bytes(wb))
