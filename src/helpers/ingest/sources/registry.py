"""The public sources ``hop hent`` fetches from, behind one small interface.

Each source is one module in this package that defines ``SOURCE = Source(...)``: its name
(the word after ``hop hent``, and the ``source`` of the data files it fills in their
declaration, :class:`helpers.data.specs.FileSpec`), the files its fetch writes, and two
functions: one that fetches over the network, one that reads a file saved by hand
(``hop hent --fra-fil``). :func:`all_sources` finds them, so a new public source is one
module; ``hop hent``'s choices and :func:`helpers.ingest.sources.fetch.collect` read the
registry.

A source returns the rows it produced per file; :mod:`helpers.ingest.sources.fetch` merges
them into the data folder's files (key and header from the files' declarations) and writes
nothing unless every source worked. The raw answers a source keeps, and its notes for the
terminal, go to the :class:`Request` it was given.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .jsonstat import SsbError

Rows = dict[str, list[dict[str, str]]]  # file name → rows


class HentError(SsbError):
    """A problem with the data folder or a file rather than with a source (message in
    bokmål)."""

    def __str__(self) -> str:
        return self.melding


@dataclass
class Municipalities:
    """Subject, peers and comparison groups from ``kommuner.csv``."""

    subject: str
    kommuner: list[str]
    groups: list[str]


@dataclass
class Request:
    """One fetch: where, for whom, which years, and what the source hands back besides rows.

    option: the source's own client or transport when the caller gives one (tests give a
    fake; ``None``: the source makes its own).
    raws: savers of the raw answers (each writes under the folder it is given and returns
    the paths), run by :func:`helpers.ingest.sources.fetch.apply` before any file is swapped.
    notes: lines for the terminal (bokmål).
    failures: a part the source left out (a table that could not be fetched or checked).
    """

    data_dir: Path
    municipalities: Municipalities
    years: Sequence[int] | None
    date: _dt.date
    option: Any = None
    raws: list[Callable[[Path], list[Path]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: What could not be imported and why (bokmål), one line each; the rest is imported.
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A public source ``hop hent <name>`` fetches from.

    order: its place in ``hop hent alt`` and in the command's choices;
    files: the data files its fetch writes (each declares ``source=name``);
    fetch: fetch over the network → rows per file;
    read_file: read a file saved by hand (path, table number or None) → rows per file;
    file_suffixes: the suffixes of the files ``read_file`` takes (``None``: any file no other
    source takes);
    recognises: whether a file given to ``--fra-fil`` is this source's, by its content (a
    source with it is chosen by content only, never by the suffix alone);
    drop_in_slice: per file, the rows a fetched slice replaces (slice columns, (column,
    value)): see :func:`helpers.ingest.sources.fetch.merge`.
    """

    name: str
    order: int
    files: tuple[str, ...]
    fetch: Callable[[Request], Rows]
    read_file: Callable[[Path, str | None, Request], Rows]
    file_suffixes: tuple[str, ...] | None = None
    recognises: Callable[[Path], bool] | None = None
    drop_in_slice: dict[str, tuple[tuple[str, ...], tuple[str, str]]] = field(
        default_factory=dict)


def all_sources() -> dict[str, Source]:
    """Every source in this package (a module with ``SOURCE``), by name, in order."""
    package = importlib.import_module(__package__)
    found: list[Source] = []
    for mod in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if mod.name == __name__.rsplit(".", 1)[-1]:
            continue
        source = getattr(importlib.import_module(f"{__package__}.{mod.name}"), "SOURCE", None)
        if isinstance(source, Source):
            found.append(source)
    names = [s.name for s in found]
    if len(set(names)) != len(names):
        raise RuntimeError(f"To kilder har samme navn: {names}")
    return {s.name: s for s in sorted(found, key=lambda s: (s.order, s.name))}


def source_for_file(path: Path, wanted: str | None = None) -> Source:
    """The source that reads ``path``: one that recognises its content; else by its suffix
    among the sources that do not look at content; else the one that takes any file.
    ``wanted`` (the source named on the command line, or «alt»): a file recognised as
    another source's is refused with both named."""
    sources = list(all_sources().values())
    suffix = path.suffix.lower()
    chosen = next((s for s in sources if s.recognises is not None and s.recognises(path)),
                  None)
    if chosen is None:
        plain = [s for s in sources if s.recognises is None]
        chosen = next((s for s in plain if s.file_suffixes is not None
                       and suffix in s.file_suffixes),
                      next(s for s in plain if s.file_suffixes is None))
    if wanted and wanted != "alt" and wanted != chosen.name:
        mine = all_sources().get(wanted)
        raise HentError(
            f"{path.name} er ikke en fil fra «{wanted}»"
            + (" (innholdet er ikke kildens filformat)" if mine and mine.recognises else "")
            + f"; den ser ut som en fil for «hop hent {chosen.name}». Bruk «hop hent "
            f"{chosen.name} --fra-fil {path.name}», eller gi filen kilden «{wanted}» "
            "publiserer.")
    return chosen
