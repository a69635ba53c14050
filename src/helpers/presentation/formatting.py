"""Norwegian (bokmål) number formatting, built on Babel's CLDR data for ``nb_NO``.

>>> fmt_number(1234.5, 1)
'1\xa0234,5'
>>> fmt_pct(4.2)
'4,2\xa0%'
>>> fmt_mill(-24444)
'−24,4\xa0mill.\xa0kr'

Babel gives the grouping (no-break space) and decimal comma; we add the typographic
minus sign (U+2212) that Norwegian print uses, and keep a no-break space before units
so a number never breaks from its unit in a table or a PDF line.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "nb_NO"
MINUS = "\u2212"
NBSP = "\u00a0"
EMPTY = "–"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as budgets and printed tables do: half away from zero on the decimal digits
    as written (12,5 → 13; 2,05 → 2,1), not float/banker's rounding. NaN stays NaN."""
    if _missing(value):
        return float("nan")
    exact = Decimal(repr(float(value)))  # type: ignore[arg-type]
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def fmt_number(value: float | int | None, decimals: int = 0, sign: bool = False) -> str:
    """'1 234,5' with a no-break space for thousands and a real minus sign.

    ``sign=True`` writes '+' before positive numbers (for differences).
    """
    if _missing(value):
        return EMPTY
    rounded = round_half_up(value, decimals)  # type: ignore[arg-type]
    if rounded == 0:
        rounded = 0.0  # no "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(rounded), format=pattern, locale=LOCALE)
    text = text.replace("\u202f", NBSP)
    if rounded < 0:
        return MINUS + text
    if sign and rounded > 0:
        return "+" + text
    return text


def fmt_pct(value: float | None, decimals: int = 1, sign: bool = False) -> str:
    """'4,2 %' (value given in percent, not as a fraction)."""
    if _missing(value):
        return EMPTY
    return f"{fmt_number(value, decimals, sign)}{NBSP}%"


def fmt_pp(value: float | None, decimals: int = 1) -> str:
    """A difference in percentage points: '+1,3 pp'."""
    if _missing(value):
        return EMPTY
    return f"{fmt_number(value, decimals, sign=True)}{NBSP}pp"


def fmt_kr(value: float | None, decimals: int = 0, sign: bool = False) -> str:
    """Whole kroner: '68 039 kr'."""
    if _missing(value):
        return EMPTY
    return f"{fmt_number(value, decimals, sign)}{NBSP}kr"


def fmt_1000kr(value: float | None, sign: bool = False) -> str:
    """An amount already in 1000 kr, shown as such: '7 350' (unit in the column head)."""
    return fmt_number(value, 0, sign)


def fmt_mill(value_1000kr: float | None, decimals: int = 1, sign: bool = False) -> str:
    """An amount in 1000 kr written in millions: '−24,4 mill. kr'."""
    if _missing(value_1000kr):
        return EMPTY
    return f"{fmt_number(float(value_1000kr) / 1000, decimals, sign)}{NBSP}mill.{NBSP}kr"


def md_text(text: object) -> str:
    """Text from data, made safe to put inside generated Markdown: every ASCII punctuation
    character CommonMark could read as markup (``*``, ``_``, ``[``, ``#`` …) is escaped
    with a backslash, so a name like «Kutt *alt*» is shown as written.

    >>> md_text("Kutt *alt* [nå]")
    'Kutt \\*alt\\* \\[nå\\]'
    """
    return "".join("\\" + c if c in _MD_PUNCT else c for c in str(text))


_MD_PUNCT = set("\\`*_{}[]()<>#+-.!|~")


def fmt_list(items: list[str], conj: str = "og") -> str:
    """'A, B og C'."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def fmt_years(years) -> str:
    """The span of some years: '2019–2022', '2024' for one year, '' for none. Missing
    years (None, NaN) are left out."""
    ys = sorted({int(y) for y in years if not _missing(y)})
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


# Vega's d3-format locale for charts, so axis labels read '1 234,5' too.
VEGA_FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "minus": MINUS,
    "percent": f"{NBSP}%",
}
