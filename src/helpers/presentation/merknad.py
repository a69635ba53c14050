"""Text for two audiences: what the council reads, and what the maintainer should do.

A helper that explains a gap returns a :class:`Note`: the string itself is for the
reader, in the reader's terms ("Premieavvik er ikke med i grunnlaget, så regelen kan
ikke måles"); ``note.maintainer`` says which file, columns or parameter would fill the
gap. :func:`helpers.report.notice` and :func:`helpers.report.md` show the first and pass
the second to :func:`helpers.report.maintainer`, which keeps it out of the report.
"""

from __future__ import annotations


class Note(str):
    """Reader text (the string) with a note for whoever maintains data and parameters.

    A ``str`` so that code and tests that treat it as text keep working; string
    operations (``+``, f-strings) return plain strings and drop the maintainer part."""

    maintainer: str

    def __new__(cls, text: str, maintainer: str = "") -> Note:
        obj = super().__new__(cls, text)
        obj.maintainer = maintainer
        return obj

    def __reduce__(self):
        return (Note, (str(self), self.maintainer))


def maintainer_part(text: object) -> str:
    """The maintainer note attached to ``text`` ('' for a plain string)."""
    return getattr(text, "maintainer", "") or ""
