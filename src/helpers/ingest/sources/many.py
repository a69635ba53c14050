"""One fetch for many municipalities: every public table asked once for the whole set.

``hop hent --kommuner SPEC --gruppe MAPPE`` (:mod:`helpers.pack.commands.hent_many`) asks
SSB for each table *once* with every municipality and comparison group of the set (instead
of once per municipality folder), and reads Miljødirektoratet's workbook once; the rows are
then split into each municipality's folder.

What differs from a fetch for one folder (:func:`helpers.ingest.sources.ssb_source.fetch`):

* The tables a one-folder fetch asks for the subject only (the projection and the quarterly
  population changes, :func:`subject_only_files`) are asked for every municipality of the
  set (:func:`widened`); each folder then gets its own subject's rows only.
* A query whose expressions (``*``, ``top(n)``) would give more cells than SSB allows is
  written out in codes from the table's metadata (:class:`ExpandingClient`), so that
  :meth:`helpers.ingest.sources.ssb.SsbClient.split` can divide it on the region dimension;
  below the limit the query is the same as for one municipality (one request per table).
  The client keeps to SSB's 30 queries a minute as always.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import miljo, ssb_source
from .jsonstat import SsbError
from .registry import Municipalities, Request, Rows
from .tables import KOSTRA_REGION, TableJob

_TOP = re.compile(r"^top\((\d+)\)$")


def _region_var(selection: dict[str, list[str]]) -> str | None:
    return next((r for r in (KOSTRA_REGION, "Region") if r in selection), None)


def is_subject_only(job: TableJob) -> bool:
    """Whether a one-folder fetch asks the job for the subject alone."""
    sel = job.selection(["0001", "0002"], ["EKG01"], None)
    region = _region_var(sel)
    return region is not None and len(sel[region]) == 1


def subject_only_files() -> set[str]:
    """The data files a one-folder fetch fills for its subject only."""
    return {f for job in ssb_source.JOBS if is_subject_only(job) for f in job.files}


def widened(job: TableJob, members: Sequence[str]) -> TableJob:
    """The job asked for every municipality of ``members`` (a subject-only job), or as is."""
    if not is_subject_only(job):
        return job
    inner = job.selection

    def selection(kommuner, groups, years):
        sel = inner(kommuner, groups, years)
        return {**sel, _region_var(sel): list(members)}

    return dataclasses.replace(job, selection=selection)


class ExpandingClient:
    """An :class:`~helpers.ingest.sources.ssb.SsbClient` whose queries over SSB's cell limit
    are written out in codes (from the metadata it fetched) so the client can split them.

    ``requests`` counts the data queries actually sent (one per part)."""

    def __init__(self, client: Any):
        self.client = client
        self.meta: dict[str, Any] = {}
        self.requests = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def metadata(self, table: str):
        meta = self.client.metadata(table)
        self.meta[str(table)] = meta
        return meta

    def _expand(self, table: str, selection: dict[str, list[str]]) -> dict[str, list[str]]:
        meta = self.meta.get(str(table))
        if meta is None:
            return selection
        out: dict[str, list[str]] = {}
        for var, codes in selection.items():
            offered = list(meta.dims.get(var, {}))
            if codes == ["*"] and offered:
                out[var] = offered
            elif len(codes) == 1 and _TOP.match(codes[0]) and offered:
                n = int(_TOP.match(codes[0]).group(1))
                out[var] = offered[-n:]  # top(n): the n newest periods, SSB's order is oldest first
            else:
                out[var] = list(codes)
        return out

    def fetch(self, table: str, selection, **kw):
        sel = {v: list(c) if not isinstance(c, str) else [c] for v, c in selection.items()}
        if self.client.count_cells(sel) is None:
            expanded = self._expand(table, sel)
            cells = self.client.count_cells(expanded)
            if cells is not None and cells > self.client.max_cells:
                sel = expanded
        result = self.client.fetch(table, sel, **kw)
        self.requests += len(result.raw)
        return result


@dataclass
class ManyFetch:
    """Rows for every municipality of the set, not yet split or written."""

    rows: Rows
    raws: list[Callable[[Path], list[Path]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def fetch_many(
    data_dir: Path,
    municipalities: Municipalities,
    members: Sequence[str],
    *,
    what: str = "alt",
    years: Sequence[int] | None = None,
    client: Any = None,
    miljo_transport: Callable | None = None,
    date: _dt.date | None = None,
) -> ManyFetch:
    """Fetch ``what`` (``ssb``, ``miljo`` or ``alt``) once for ``municipalities`` (every
    municipality and group of the set's folders); ``members``: the set itself (asked for
    the subject-only tables). Raises :class:`SsbError` when no SSB table could be fetched."""
    date = date or _dt.date.today()
    out = ManyFetch({})

    def add(produced: Rows) -> None:
        for fname, rs in produced.items():
            out.rows.setdefault(fname, []).extend(rs)

    if what in ("ssb", "alt"):
        from .ssb import SsbClient

        req = Request(data_dir, municipalities, years, date)
        wrapped = ExpandingClient(client or SsbClient())
        ctx_base = ssb_source._context_base(req)
        done: list[str] = []
        for job in ssb_source.JOBS:
            try:
                produced, savers = ssb_source._fetch_job(wrapped, widened(job, members), req,
                                                         ctx_base)
            except SsbError as exc:
                req.failures.append(f"SSB-tabell {exc.tabell or job.table} ({job.title}): "
                                    f"{exc.melding}")
                continue
            add(produced)
            req.raws.extend(savers)
            n = sum(len(r) for r in produced.values())
            done.append(f"{job.table if not job.newest else 'framskrivning'}: {n} rader")
        if done:
            req.notes.append(f"SSB hentet for {len(members)} kommuner med "
                             f"{wrapped.requests} dataspørringer: " + "; ".join(done) + ".")
        if req.failures and not done:
            raise SsbError("ingen av SSB-tabellene kunne hentes:\n  "
                           + "\n  ".join(req.failures))
        out.raws += req.raws
        out.notes += req.notes
        out.failures += req.failures
    if what in ("miljo", "alt"):
        req = Request(data_dir, municipalities, years, date, miljo_transport)
        add(miljo.fetch(req))
        out.raws += req.raws
        out.notes += req.notes
    return out
