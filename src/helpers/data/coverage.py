"""Which years the data cover, checked against the year a report is asked for.

Every report has a year parameter (``budsjettaar``, ``kostra_aar``, ``framskriving_fra`` …).
A year the data hold nothing for stops the report with one bokmål line that names the
parameter, the value and the years the data have (:func:`require_year`); a period the data
only partly cover is built, and the report says on its first page which years have no
figures (:func:`missing_years`, :func:`missing_years_text`).

:class:`CoverageError` renders without a Python traceback in a notebook, and the runner
(``hop build``) shows its message as the reason the report failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from helpers.presentation.formatting import fmt_list


class CoverageError(ValueError):
    """A year parameter outside the years the data cover (one line, bokmål)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def _years(years: Iterable) -> list[int]:
    return sorted({int(y) for y in years})


def year_span(years: Iterable) -> str:
    """Years as runs: [2019, 2020, 2021, 2023] → '2019–2021 og 2023'."""
    ys = _years(years)
    runs: list[tuple[int, int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return fmt_list([str(a) if a == b else f"{a}–{b}" for a, b in runs])


def require_year(param: str, value, available_years: Iterable, what: str = "dataene") -> int:
    """``value`` as an int when ``available_years`` hold it; otherwise raise
    :class:`CoverageError` naming the parameter, the value and the years there are.

    ``what`` says whose years they are (``"klimabudsjettet"``, ``"KOSTRA-tallene for
    Røros"``) and starts the second half of the message.
    """
    years = _years(available_years)
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise CoverageError(f"Parameteren {param} må være et årstall, men er «{value}».") \
            from None
    if year in years:
        return year
    if not years:
        raise CoverageError(f"Parameteren {param} er {year}, men {what} har ingen år med tall.")
    raise CoverageError(f"Parameteren {param} er {year}, men {what} har bare tall for "
                        f"{year_span(years)}.")


def missing_years(wanted: Iterable, available_years: Iterable) -> list[int]:
    """The years in ``wanted`` that ``available_years`` do not hold, sorted."""
    have = set(_years(available_years))
    return [y for y in _years(wanted) if y not in have]


def missing_years_text(wanted: Iterable, available_years: Iterable,
                       what: str = "dataene", period: str = "Perioden") -> str | None:
    """A sentence for page 1 naming the years of ``wanted`` without figures, or None.

    'Planperioden er 2025–2028, men klimabudsjettet har ingen tall for 2028.' (``period``
    names the span: 'Perioden', 'Planperioden', 'Framskrivingsperioden').
    """
    gone = missing_years(wanted, available_years)
    if not gone:
        return None
    years = _years(wanted)
    span = year_span(years) if len(years) > 1 else str(years[0])
    return f"{period} er {span}, men {what} har ingen tall for {year_span(gone)}."
