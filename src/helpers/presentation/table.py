"""Tables as values: a report's table function returns a :class:`Table`, one renderer
turns it into HTML.

A :class:`Table` holds the frame of *values* (numbers stay numbers), how each column is
written (:func:`number`, :func:`percent`, :data:`TEXT`, :data:`YEAR` …), the caption the
tagged PDF needs, notes shown under it, which columns are text (left-aligned row
headers), whether the last row is a sum row, and the notice shown instead when there
are no rows. Numbers are formatted here, at render time, in the Norwegian format of
:mod:`helpers.presentation.formatting`, so nothing has to read them back from text.

>>> t = Table(pd.DataFrame({"Post": ["Skatt"], "Beløp": [1234.5]}),
...           formats={"Beløp": number(1)}, caption="Skatt (1000 kr)")
>>> t.cell_text("Beløp", 1234.5)
'1\\xa0234,5'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field

import pandas as pd

from helpers.presentation import formatting as f
from helpers.presentation import provenance as prov


def _missing(value: object) -> bool:
    """None, NaN and pandas' NA (nullable integer columns such as a base year)."""
    return value is pd.NA or value is pd.NaT or f._missing(value)


@dataclass(frozen=True)
class Format:
    """How a column's values are written. ``kind`` is one of ``number``, ``percent``,
    ``pp`` (percentage points), ``mill`` (1000 kr written in millions), ``kr``,
    ``year`` or ``text``; ``text`` columns are left-aligned, the others right-aligned.
    ``missing`` is written for a missing value (NaN, None): «–» unless told otherwise (a
    blank cell where a source gives no figure)."""

    kind: str
    decimals: int = 0
    sign: bool = False
    missing: str = f.EMPTY

    def __call__(self, value: object) -> str:
        if _missing(value):
            return self.missing
        if self.kind == "text":
            return str(value)
        if self.kind == "year":
            return str(int(value))  # type: ignore[arg-type]
        if self.kind == "percent":
            return f.fmt_pct(value, self.decimals, self.sign)  # type: ignore[arg-type]
        if self.kind == "pp":
            if not self.sign:
                return f"{f.fmt_number(value, self.decimals)}{f.NBSP}pp"  # type: ignore[arg-type]
            return f.fmt_pp(value, self.decimals)  # type: ignore[arg-type]
        if self.kind == "mill":
            return f.fmt_mill(value, self.decimals, self.sign)  # type: ignore[arg-type]
        if self.kind == "kr":
            return f.fmt_kr(value, self.decimals, self.sign)  # type: ignore[arg-type]
        return f.fmt_number(value, self.decimals, self.sign)  # type: ignore[arg-type]

    @property
    def is_text(self) -> bool:
        return self.kind == "text"


def number(decimals: int = 0, sign: bool = False, missing: str = f.EMPTY) -> Format:
    """'1 234,5'; ``sign`` writes '+' before positive numbers (changes)."""
    return Format("number", decimals, sign, missing)


def percent(decimals: int = 1, sign: bool = False, missing: str = f.EMPTY) -> Format:
    """'4,2 %' (the value is in percent, not a fraction)."""
    return Format("percent", decimals, sign, missing)


def pp(decimals: int = 1, sign: bool = True, missing: str = f.EMPTY) -> Format:
    """'+1,3 pp' (a change; ``sign=False`` for a distance, '1,3 pp')."""
    return Format("pp", decimals, sign, missing)


def mill(decimals: int = 1, sign: bool = False, missing: str = f.EMPTY) -> Format:
    """An amount in 1000 kr written in millions: '−24,4 mill. kr'."""
    return Format("mill", decimals, sign, missing)


def kr(decimals: int = 0, sign: bool = False, missing: str = f.EMPTY) -> Format:
    """'68 039 kr'."""
    return Format("kr", decimals, sign, missing)


TEXT = Format("text")
YEAR = Format("year")

Formatter = Format | Callable[[object], str]


@dataclass(frozen=True)
class Table:
    """A report table as a value: what :func:`render` turns into HTML.

    ``frame``: the values, one column per shown column, no index. ``formats``: column →
    :class:`Format` (or any function of a value returning text); numeric columns without
    one are whole numbers. ``text_columns``: left-aligned columns (row headers); by
    default the columns with a text format, formatted columns without a single value, and
    columns of text (a column of numbers is right-aligned). ``sum_row``: the last
    row is bold with a rule above. ``css_classes``: column → function of the cell value
    giving a CSS class (status colours). ``notes``: Markdown lines shown under the
    table. ``empty``: the notice shown instead of a table with no rows (``empty_kind``
    ``missing`` or ``note``); no notice when it is empty too. ``row_formats``: row
    position → column → format, for tables whose rows are different measures (amounts in
    one row, percent in the next) or whose sum row is written with a sign; it overrides
    the column's format in that row. ``provenance``: a frame aligned with ``frame`` (same
    index and columns, or some of them) whose cells are the
    :class:`helpers.presentation.provenance.Kilde` of the value (or None): an estimated or
    invented value is shown with its mark («*», «†», as text so the tagged PDF has it too)
    and the legend («\\* Anslått: …») is added to the notes."""

    frame: pd.DataFrame
    _: KW_ONLY
    caption: str = ""
    formats: Mapping[str, Formatter] = field(default_factory=dict)
    text_columns: Sequence[str] | None = None
    sum_row: bool = False
    css_classes: Mapping[str, Callable[[object], str]] = field(default_factory=dict)
    notes: Sequence[str] = ()
    empty: str = ""
    empty_kind: str = "missing"
    row_formats: Mapping[int, Mapping[str, Formatter]] = field(default_factory=dict)
    provenance: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        # once: a table copied with dataclasses.replace keeps its notes
        legend = [line for line in prov.legend(self.sources()) if line not in self.notes]
        if legend:
            object.__setattr__(self, "notes", (*self.notes, *legend))

    def sources(self) -> list[prov.Kilde]:
        """The sources of the shown values that have one (in reading order)."""
        p = self.provenance
        if p is None:
            return []
        return [v for c in p.columns if c in self.frame.columns for v in p[c]
                if isinstance(v, prov.Kilde)]

    def source(self, column: str, row: int) -> prov.Kilde | None:
        """The source of the value in ``column`` at row position ``row``, if given."""
        p = self.provenance
        if p is None or column not in p.columns or row >= len(p):
            return None
        v = p[column].iloc[row]
        return v if isinstance(v, prov.Kilde) else None

    @property
    def is_empty(self) -> bool:
        return self.frame.empty

    def formatter(self, column: str) -> Formatter | None:
        """The function that writes ``column``'s values, None for text passed as is."""
        if column in self.formats:
            return self.formats[column]
        col = self.frame[column]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            return number()
        return None

    def cell_text(self, column: str, value: object, row: int | None = None) -> str:
        """One cell as shown (before HTML escaping); ``row`` (its position) for a cell
        whose row has its own format."""
        fmt = self.row_formats.get(row, {}).get(column) if row is not None else None
        fmt = fmt or self.formatter(column)
        if fmt is not None:
            text = fmt(value)
        else:
            text = f.EMPTY if _missing(value) else str(value)
        if row is None or _missing(value):
            return text
        return prov.marked(text, self.source(column, row))

    def shown(self) -> pd.DataFrame:
        """The frame as the reader sees it: every cell as text (before HTML escaping)."""
        return pd.DataFrame(
            {c: [self.cell_text(c, v, i) for i, v in enumerate(self.frame[c])]
             for c in self.frame.columns}, index=self.frame.index)

    def left_aligned(self) -> list[str]:
        """The columns shown left-aligned as text."""
        if self.text_columns:
            return list(self.text_columns)
        out = []
        for c in self.frame.columns:
            fmt = self.formats.get(c)
            if isinstance(fmt, Format):
                # a column with no figures at all is all dashes, shown like text
                if fmt.is_text or all(_missing(v) for v in self.frame[c]):
                    out.append(c)
            elif not pd.api.types.is_numeric_dtype(self.frame[c]):
                out.append(c)
        return out


def styler(t: Table):
    """The table as a pandas Styler (Norwegian numbers, no index, caption for the tagged
    PDF, text columns marked ``tekst`` and left-aligned, sum row, status colours)."""
    df = t.frame
    # Every cell through Table.cell_text, so a format's own text for a missing value holds.
    # Cell text, column headers and the caption may come from data: escaped here, since
    # the Styler passes text through as HTML by default (headers: see _header_label).
    formats = {c: (lambda v, c=c: t.cell_text(c, v)) for c in df.columns}
    st = df.style.hide(axis="index").format(formats, escape="html")
    for pos, row_formats in t.row_formats.items():
        for col in row_formats:
            st = st.format(lambda v, col=col, pos=pos: t.cell_text(col, v, pos), escape="html",
                           subset=pd.IndexSlice[[df.index[pos]], [col]])
    for pos in range(len(df)):
        for col in df.columns:
            if t.source(col, pos) is not None and t.source(col, pos).mark:
                st = st.format(lambda v, col=col, pos=pos: t.cell_text(col, v, pos),
                               escape="html", subset=pd.IndexSlice[[df.index[pos]], [col]])
    if t.caption:
        st = st.set_caption(html.escape(str(t.caption)))
    text_columns = t.left_aligned()
    st = st.format_index(_header_label, axis=1)
    if text_columns:
        st = st.set_td_classes(pd.DataFrame(
            [["tekst" if c in text_columns else "" for c in df.columns]] * len(df),
            index=df.index, columns=df.columns))
        st = st.set_table_styles(
            [{"selector": f"th.col_heading.col{df.columns.get_loc(c)}",
              "props": "text-align: left;"} for c in text_columns], overwrite=False)
    for col, fn in t.css_classes.items():
        st = st.map(lambda v, fn=fn: f"{_CLASS_STYLE.get(fn(v), '')}", subset=[col])
    if t.sum_row and len(df):
        last = df.index[-1]
        st = st.set_properties(subset=pd.IndexSlice[[last], :],
                               **{"font-weight": "bold", "border-top": "1pt solid #1a1a1a"})
    return st


def render(t: Table) -> str:
    """The table as HTML (the notes are not part of it; :func:`report.show` adds them)."""
    return styler(t).to_html()


def _header_label(label: object) -> str:
    """A column header that does not break between a number and its unit ("90 %") or
    inside a range of years ("2024–27")."""
    text = html.escape(str(label))
    text = re.sub(r"(\d)[ \u00a0]+(%|pp|kr|år\b|mill\.)", "\\1\u00a0\\2", text)
    return re.sub(r"(\d{4}[–-]\d{2,4})", r'<span style="white-space: nowrap">\1</span>', text)


_CLASS_STYLE = {
    "status-ok": "color: #2e7d32; font-weight: bold;",
    "status-brudd": "color: #b22222; font-weight: bold;",
    "status-varsel": "color: #8a5a00; font-weight: bold;",
    "valgt": "font-weight: bold;",  # the municipality a comparison is about
    "": "",
}
