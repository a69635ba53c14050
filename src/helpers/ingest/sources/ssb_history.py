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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class History:
    """The numbers that made up one current number in one period: ``old`` in the years
    ``first_year``–``last_year`` (``first_year`` None: all years before), and the periods
    before that (``earlier``, newest first). ``old`` holds the current number itself when
    it kept its number in a merger (5001 Trondheim with 5030 Klæbu in 2020)."""

    current: str
    old: tuple[str, ...]
    last_year: int  # 2023 for the 2024 renumbering
    first_year: int | None = None
    earlier: tuple[History, ...] = ()
    #: The number(s) ``old`` became on 1 January after ``last_year`` (0710 Sandefjord for
    #: 0706, 0719 and 0720 in 2017; empty: ``current``).
    into: tuple[str, ...] = field(default=(), compare=False)

    def eras(self) -> tuple[History, ...]:
        return (self, *self.earlier)


@dataclass
class Joined:
    frame: pd.DataFrame
    #: (current number, Tid) whose cells came from old numbers → those numbers.
    used: dict[tuple[str, str], History] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _by_change_year(changes) -> dict[int, list]:
    out: dict[int, list] = {}
    for e in changes:
        out.setdefault(int(e.gyldig_til[:4]) + 1, []).append(e)
    return out


def _split_note(k: str, e) -> str:
    return (f"Merk: {k} {e.nytt_navn} fikk del av {e.gammelt_nummer} da "
            f"{e.gammelt_nummer} ble delt {int(e.gyldig_til[:4]) + 1}; tall til og med "
            f"{e.gyldig_til[:4]} gjelder den gamle inndelingen og hentes ikke for {k}.")


def _eras(k: str, by_year: dict[int, list]) -> tuple[list[History], str | None]:
    """The periods behind current number ``k``, newest first, going back through each
    change year while no part was split; and a note where a split stops the history."""
    numbers = {k}
    eras: list[tuple[tuple[str, ...], int, tuple[str, ...]]] = []
    note = None
    for year in sorted(by_year, reverse=True):
        rows = by_year[year]
        targets: dict[str, list] = {}
        olds_count: dict[str, int] = {}
        for e in rows:
            targets.setdefault(e.nytt_nummer, []).append(e)
            olds_count[e.gammelt_nummer] = olds_count.get(e.gammelt_nummer, 0) + 1
        before: set[str] = set()
        hit: list[str] = []
        for n in numbers:
            parts = targets.get(n)
            if not parts:
                before.add(n)
                continue
            hit.append(n)
            split = next((e for e in parts if e.endring == "deling"
                          or olds_count[e.gammelt_nummer] > 1), None)
            if split is not None:
                note = _split_note(k, split) if n == k and not eras else (
                    f"Merk: {k} har tall fra tidligere kommunenummer til og med "
                    f"{eras[-1][1] + 1 if eras else year}; {split.gammelt_nummer} ble delt "
                    f"{year}, så årene før hentes ikke.")
                return _chain(k, eras), note
            before.update(e.gammelt_nummer for e in parts)
        if before != numbers:
            eras.append((tuple(sorted(before)), year - 1, tuple(sorted(hit))))
            numbers = before
    return _chain(k, eras), note


def _chain(k: str, eras: list[tuple[tuple[str, ...], int, tuple[str, ...]]]
           ) -> list[History]:
    out: list[History] = []
    for i in range(len(eras) - 1, -1, -1):  # oldest first, so each knows those before it
        old, last, into = eras[i]
        first = eras[i + 1][1] + 1 if i + 1 < len(eras) else None
        out.insert(0, History(k, old, last, first, tuple(out), into))
    return out


def old_numbers(kommuner: Sequence[str], changes=None) -> tuple[dict[str, History], list[str]]:
    """History per current number in ``kommuner`` (``changes``: the shipped lists'
    :class:`~helpers.ingest.kommuneliste.Endring` rows of 2024 and before), and notes for
    splits."""
    if changes is None:
        from helpers.ingest.kommuneliste import endringer, tidligere_endringer
        changes = (*endringer(), *tidligere_endringer())
    by_year = _by_change_year(changes)
    out: dict[str, History] = {}
    notes: list[str] = []
    for k in kommuner:
        eras, note = _eras(k, by_year)
        if eras:
            out[k] = eras[0]
        if note:
            notes.append(note)
    return out, notes


def earliest_year(times: Sequence[str], offered: Sequence[str]) -> int | None:
    """The first year a query's ``Tid`` asks for (``top(n)``: the table's last n periods);
    None when it cannot be told."""
    years: list[int] = []
    for t in times:
        if t.startswith("top(") and t.endswith(")") and t[4:-1].isdigit() and offered:
            years += [_year(o) for o in sorted(offered)[-int(t[4:-1]):]]
        elif t[:4].isdigit():
            years.append(_year(t))
        else:
            return None
    return min(years) if years else None


def trim(histories: dict[str, History], offered: Mapping[str, str], table: str,
         earliest: int | None = None) -> tuple[dict[str, History], list[str]]:
    """Keep the periods whose old numbers the table has; a note for each period dropped
    (and the periods before it). Periods that end before ``earliest`` (the first year asked
    for) are left out without a note."""
    out: dict[str, History] = {}
    notes: list[str] = []
    for cur, top in histories.items():
        kept: list[History] = []
        for h in top.eras():
            if earliest is not None and h.last_year < earliest:
                break
            absent = [o for o in h.old if o not in offered]
            if absent:
                notes.append(f"Merk: tabell {table} har ikke det tidligere kommunenummeret "
                             f"{', '.join(absent)} for {cur}; årene til og med "
                             f"{h.last_year} mangler for {cur}.")
                break
            kept.append(h)
        chain: tuple[History, ...] = ()
        for h in reversed(kept):  # oldest first; each period keeps its years
            chain = (replace(h, earlier=chain), *chain)
        if chain:
            out[cur] = chain[0]
    return out, notes


def all_old(histories: Mapping[str, History]) -> list[str]:
    """Every number the query must ask for besides the current ones."""
    return sorted({o for top in histories.values() for h in top.eras() for o in h.old
                   if o != h.current})


def _year(tid: object) -> int:
    return int(str(tid)[:4])


def join(frame: pd.DataFrame, region: str, histories: Mapping[str, History],
         summable: Callable[[Mapping[str, str]], bool], table: str) -> Joined:
    """Move old numbers' cells onto the current number for the years before a change."""
    import pandas as pd

    if not histories or frame.empty:
        return Joined(frame)
    olds = {o for top in histories.values() for h in top.eras() for o in h.old
            if o != h.current}
    keep = frame[~frame[region].isin(olds)]
    parts = [keep]
    used: dict[tuple[str, str], History] = {}
    notes: list[str] = []
    others = [c for c in frame.columns if c not in (region, region + "_tekst", "verdi",
                                                    "status") and not c.endswith("_tekst")]
    for cur, top in histories.items():
        own = keep[keep[region] == cur]
        label = own[region + "_tekst"].iloc[0] if not own.empty else cur
        for h in top.eras():
            moved, years, ratios = _era(frame, own, region, h, others, summable, label)
            if moved is None:
                continue
            # Drop the current number's cells for those years; the old ones take their place.
            parts[0] = parts[0][~((parts[0][region] == cur)
                                  & parts[0]["Tid"].astype(str).isin(years))]
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


def _era(frame, own, region: str, h: History, others: list[str], summable, label):
    """One period's cells under the current number: (rows, their Tid, ratios left out)."""
    import pandas as pd

    def inside(tid: object) -> bool:
        return _year(tid) <= h.last_year and (h.first_year is None
                                               or _year(tid) >= h.first_year)

    old_rows = frame[frame[region].isin(h.old)]
    old_rows = old_rows[old_rows["Tid"].map(inside)]
    if h.current not in h.old:  # a figure of the current number's own comes first
        has_own = {str(t) for t, g in own.groupby("Tid") if g["verdi"].notna().any()}
        old_rows = old_rows[~old_rows["Tid"].astype(str).isin(has_own)]
    if old_rows.empty:
        return None, set(), False
    years = set(old_rows["Tid"].astype(str))
    if len(h.old) == 1:
        return old_rows.assign(**{region: h.current, region + "_tekst": label}), years, False
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
        records.append({**first, region: h.current, region + "_tekst": label,
                        "verdi": value, "status": ""})
    return pd.DataFrame(records, columns=frame.columns), years, ratios


def mark_kilde(rows: list[dict[str, str]], used: Mapping[tuple[str, str], History],
               aar_of_tid: Callable[[str], str]) -> None:
    """Say in each joined row's ``kilde`` which number the year came from."""
    by_row = {(cur, aar_of_tid(tid)): (tid, h) for (cur, tid), h in used.items()}
    for r in rows:
        hit = by_row.get((r.get("kommunenummer", ""), r.get("aar", "")))
        if hit:
            tid, h = hit
            olds = h.old
            if len(olds) == 1:
                how = (f"tidligere kommunenummer {olds[0]} (nummeret gjaldt til og med "
                       f"{h.last_year})")
            else:
                into = h.into[0] if len(h.into) == 1 else (h.current if not h.into else None)
                how = f"summen av kommunenummer {' + '.join(olds)} " + (
                    f"(slått sammen til {into} 1.1.{h.last_year + 1}"
                    + ("" if into == h.current else f", i dag {h.current}") + ")"
                    if into else  # renumbered one by one, merged later (1601, 1662 → 5001)
                    f"(numrene gjaldt til og med {h.last_year}; i dag er dette kommune "
                    f"{h.current})")
            r["kilde"] = f"{r['kilde']}; tallet for {tid} er hentet under {how}"
