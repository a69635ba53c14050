"""Municipality history across number changes, for ``hop hent ssb``.

115 municipalities got new numbers on 1 January 2024. KOSTRA and 07459 keep the years
before under the old numbers, so a query for the new number alone shows 2021–2023 as
missing. The shipped change list (:func:`helpers.ingest.kommuneliste.endringer`) knows the
old numbers: :func:`old_numbers` gives them per current number, the query asks for both, and
:func:`join` moves the old number's cells for the years before the change onto the current
number, where the current number has no figure of its own for that year.

Several old municipalities that became one (a merger) are summed where a sum means
something (amounts in 1000 kr, persons: the job's ``summable``); a ratio (%, kr per
innbygger) is left missing for the merged years, with a note. A municipality that was split
(1507 Ålesund → 1508 Ålesund and 1580 Haram) has no history to join: the years before
belong to the old municipality, and the note says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class History:
    """The old numbers behind one current number, and the last year they were in use."""

    current: str
    old: tuple[str, ...]
    last_year: int  # 2023 for the 2024 renumbering


@dataclass
class Joined:
    frame: pd.DataFrame
    #: (current number, Tid) whose cells came from old numbers → those numbers.
    used: dict[tuple[str, str], History] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def old_numbers(kommuner: Sequence[str], changes=None) -> tuple[dict[str, History], list[str]]:
    """History per current number in ``kommuner`` (``changes``: the shipped list's
    :class:`~helpers.ingest.kommuneliste.Endring` rows), and notes for splits."""
    if changes is None:
        from helpers.ingest.kommuneliste import endringer
        changes = endringer()
    by_new: dict[str, list] = {}
    split_from: dict[str, list] = {}
    for e in changes:
        by_old = [c for c in changes if c.gammelt_nummer == e.gammelt_nummer]
        if e.endring == "deling" or len(by_old) > 1:
            split_from.setdefault(e.nytt_nummer, []).append(e)
        else:
            by_new.setdefault(e.nytt_nummer, []).append(e)
    out: dict[str, History] = {}
    notes: list[str] = []
    for k in kommuner:
        if k in by_new:
            rows = by_new[k]
            out[k] = History(k, tuple(sorted(e.gammelt_nummer for e in rows)),
                             min(int(e.gyldig_til[:4]) for e in rows))
        elif k in split_from:
            e = split_from[k][0]
            notes.append(f"Merk: {k} {e.nytt_navn} ble skilt ut da {e.gammelt_nummer} ble delt "
                         f"{int(e.gyldig_til[:4]) + 1}; tall til og med {e.gyldig_til[:4]} "
                         f"gjelder den gamle kommunen {e.gammelt_nummer} og hentes ikke for {k}.")
    return out, notes


def _year(tid: object) -> int:
    return int(str(tid)[:4])


def join(frame: pd.DataFrame, region: str, histories: Mapping[str, History],
         summable: Callable[[Mapping[str, str]], bool], table: str) -> Joined:
    """Move old numbers' cells onto the current number for the years before the change."""
    import pandas as pd

    if not histories or frame.empty:
        return Joined(frame)
    olds = {o: h for h in histories.values() for o in h.old}
    keep = frame[~frame[region].isin(olds)]
    parts = [keep]
    used: dict[tuple[str, str], History] = {}
    notes: list[str] = []
    others = [c for c in frame.columns if c not in (region, region + "_tekst", "verdi",
                                                    "status") and not c.endswith("_tekst")]
    for cur, h in histories.items():
        old_rows = frame[frame[region].isin(h.old)]
        old_rows = old_rows[old_rows["Tid"].map(_year) <= h.last_year]
        if old_rows.empty:
            continue
        own = keep[keep[region] == cur]
        has_own = {str(t) for t, g in own.groupby("Tid") if g["verdi"].notna().any()}
        old_rows = old_rows[~old_rows["Tid"].astype(str).isin(has_own)]
        if old_rows.empty:
            continue
        label = own[region + "_tekst"].iloc[0] if not own.empty else cur
        # Drop the current number's empty cells for those years; the old ones take their place.
        years = set(old_rows["Tid"].astype(str))
        parts[0] = parts[0][~((parts[0][region] == cur)
                              & parts[0]["Tid"].astype(str).isin(years))]
        if len(h.old) == 1:
            moved = old_rows.assign(**{region: cur, region + "_tekst": label})
        else:
            records = []
            ratios = False
            for _, g in old_rows.groupby(others, sort=False, dropna=False):
                first = g.iloc[0].to_dict()
                cell = {c: str(first[c]) for c in others}
                complete = set(g[region]) == set(h.old) and g["verdi"].notna().all()
                if summable(cell):
                    value = float(g["verdi"].sum()) if complete else math.nan
                else:
                    value, ratios = math.nan, True
                records.append({**first, region: cur, region + "_tekst": label,
                                "verdi": value, "status": ""})
            moved = pd.DataFrame(records, columns=frame.columns)
            if ratios:
                notes.append(f"Merk: {cur} ble slått sammen av {', '.join(h.old)}; i tabell "
                             f"{table} er andeler og tall per innbygger for årene til og med "
                             f"{h.last_year} ikke summert og står som manglende.")
        parts.append(moved)
        for tid in sorted(years):
            used[(cur, tid)] = h
    joined = pd.concat(parts, ignore_index=True)
    joined.attrs = dict(frame.attrs)
    return Joined(joined, used, notes)


def mark_kilde(rows: list[dict[str, str]], used: Mapping[tuple[str, str], History],
               aar_of_tid: Callable[[str], str]) -> None:
    """Say in each joined row's ``kilde`` which number the year came from."""
    by_row = {(cur, aar_of_tid(tid)): (tid, h) for (cur, tid), h in used.items()}
    for r in rows:
        hit = by_row.get((r.get("kommunenummer", ""), r.get("aar", "")))
        if hit:
            tid, h = hit
            olds = h.old
            what = "summen av tidligere kommunenummer" if len(olds) > 1 else \
                "tidligere kommunenummer"
            r["kilde"] = (f"{r['kilde']}; tallet for {tid} er hentet under {what} "
                          f"{' + '.join(olds)} (nytt nummer {r['kommunenummer']} fra "
                          f"1.1.{h.last_year + 1})")
