"""Checked claims: a generated sentence with a figure or a direction is produced together
with the values it rests on and a condition that must hold for every year it speaks of.

A :class:`Claim` is printed (``str(claim)`` or :meth:`Claim.text`) only when its condition
holds for each of its years; otherwise the neutral, true sentence it carries (``otherwise``,
often empty) is printed instead. A missing value (None or NaN) never satisfies a
condition: missing is not zero. The condition helpers below (:func:`falls`,
:func:`rises`, :func:`at_least`, :func:`above` …) are the few kinds of statement the reports
make; each takes plain ``{year: value}`` mappings so a test can hold a sentence against
data where it is true and data where it is false.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

Values = Mapping[int, float | None]


def known(v: object) -> bool:
    """A value that is given (not None, not NaN)."""
    if v is None:
        return False
    try:
        return not math.isnan(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Claim:
    """A sentence, the years it speaks of, the values it rests on and the condition that
    makes it true. ``condition(year)`` is called once per year; it must return True for
    every year, else :meth:`text` gives ``otherwise``."""

    sentence: str
    years: tuple[int, ...]
    condition: Callable[[int], bool]
    values: Mapping[str, Values] = field(default_factory=dict)
    otherwise: str = ""

    def failing_years(self) -> list[int]:
        """The years where the condition does not hold (or cannot be checked)."""
        out = []
        for y in self.years:
            try:
                ok = bool(self.condition(y))
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                ok = False
            if not ok:
                out.append(y)
        return out

    @property
    def holds(self) -> bool:
        return bool(self.years) and not self.failing_years()

    def text(self) -> str:
        return self.sentence if self.holds else self.otherwise

    def __str__(self) -> str:
        return self.text()


def claim(sentence: str, years: Iterable[int], condition: Callable[[int], bool],
          values: Mapping[str, Values] | None = None, otherwise: str = "") -> Claim:
    """Shorthand for :class:`Claim` (years as ints, in the given order)."""
    return Claim(sentence, tuple(int(y) for y in years), condition, dict(values or {}),
                 otherwise)


def first_true(*claims: Claim) -> str:
    """The text of the first claim that holds (the last one's ``otherwise`` if none)."""
    for c in claims:
        if c.holds:
            return c.sentence
    return claims[-1].otherwise if claims else ""


# --- conditions: each returns a per-year predicate; a missing value is never true ---------

def _get(values: Values, year: int) -> float | None:
    v = values.get(year)
    return float(v) if known(v) else None  # type: ignore[arg-type]


def above(values: Values, limit: float | Values) -> Callable[[int], bool]:
    """values[year] > limit (a number or a value per year)."""
    def check(y: int) -> bool:
        v = _get(values, y)
        lim = _get(limit, y) if isinstance(limit, Mapping) else limit
        return v is not None and lim is not None and v > lim
    return check


def at_least(values: Values, limit: float | Values) -> Callable[[int], bool]:
    """values[year] >= limit."""
    def check(y: int) -> bool:
        v = _get(values, y)
        lim = _get(limit, y) if isinstance(limit, Mapping) else limit
        return v is not None and lim is not None and v >= lim
    return check


def below(values: Values, limit: float | Values) -> Callable[[int], bool]:
    """values[year] < limit."""
    def check(y: int) -> bool:
        v = _get(values, y)
        lim = _get(limit, y) if isinstance(limit, Mapping) else limit
        return v is not None and lim is not None and v < lim
    return check


def at_most(values: Values, limit: float | Values) -> Callable[[int], bool]:
    """values[year] <= limit."""
    def check(y: int) -> bool:
        v = _get(values, y)
        lim = _get(limit, y) if isinstance(limit, Mapping) else limit
        return v is not None and lim is not None and v <= lim
    return check


def falls(values: Values, start: float | None = None) -> Callable[[int], bool]:
    """values[year] < values[year − 1] (or < ``start`` for the first year without a value
    the year before)."""
    def check(y: int) -> bool:
        v = _get(values, y)
        prev = _get(values, y - 1)
        if prev is None:
            prev = start if known(start) else None
        return v is not None and prev is not None and v < prev
    return check


def rises(values: Values, start: float | None = None) -> Callable[[int], bool]:
    """values[year] > values[year − 1] (or > ``start``)."""
    def check(y: int) -> bool:
        v = _get(values, y)
        prev = _get(values, y - 1)
        if prev is None:
            prev = start if known(start) else None
        return v is not None and prev is not None and v > prev
    return check


def all_of(*conditions: Callable[[int], bool]) -> Callable[[int], bool]:
    """Every condition holds in the year."""
    return lambda y: all(c(y) for c in conditions)


def series(frame_or_series, column: str | None = None, year: str = "aar") -> dict[int, float]:
    """``{year: value}`` from a pandas Series indexed by year, or a frame's column."""
    if column is None:
        return {int(k): v for k, v in frame_or_series.items()}
    return {int(y): v for y, v in zip(frame_or_series[year], frame_or_series[column],
                                      strict=True)}


def direction(change: float, up: str, down: str, same: str = "") -> str:
    """The word for a change: ``up`` only where it is above zero, ``down`` only where it is
    below, ``same`` where it is zero (or unknown)."""
    v = {0: change}
    return first_true(claim(up, [0], above(v, 0)), claim(down, [0], below(v, 0),
                                                         otherwise=same))
