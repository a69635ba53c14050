"""What a notebook calls to show things: set-up, tables, commentary, notices.

Keeps notebooks thin: they load, call the report's helper module, and show results
with these functions, so every report looks the same on screen and in print.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pandas as pd
from IPython.display import HTML, display

from helpers import settings
from helpers.presentation import charts
from helpers.presentation.formatting import fmt_number
from helpers.presentation.merknad import maintainer_part


def setup() -> None:
    """Chart theme, offline SVG renderer, pandas display options."""
    charts.enable()
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_columns", 50)


PERIOD_KEY = "hop_periode"


def period(text: str) -> None:
    """Tell the runner which period the report covers, for the PDF's running header
    (e.g. "KOSTRA 2022"). Shows nothing in the notebook or the report."""
    display({"text/plain": ""}, raw=True, metadata={PERIOD_KEY: text})


def render_markdown(text: str) -> str:
    """Markdown → HTML for generated text that may carry text from data (names, rule
    wording, project names). Raw HTML in the text is shown as text, never passed through,
    and images and links are not rendered, so data can neither add markup or scripts nor
    make the report fetch anything."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).disable(["image", "link", "autolink"])
    return parser.render(str(text))


MAINTAINER_KEY = "hop_merknad"
MAINTAINER_ENV = settings.MAINTAINER_ENV


def show_maintainer_notes() -> bool:
    """Maintainer notes are shown in JupyterLab, hidden under ``hop build`` (the runner
    sets ``HOP_MERKNADER=0``); set the variable yourself to choose."""
    return settings.maintainer_notes_shown()


def maintainer(text: str) -> None:
    """A note for whoever maintains the data and parameters, not for the council: which
    file, columns or parameter would fill a gap or change the result.

    Recorded in the output's metadata, which the runner collects into the terminal summary
    and ``merknader.md``; the exported report never shows it. Shown as a box in the
    notebook when :func:`show_maintainer_notes` is true (JupyterLab by default)."""
    data = {"text/plain": f"Merknad til den som vedlikeholder dataene: {text}"}
    if show_maintainer_notes():
        data["text/html"] = (
            '<div class="maintainer" style="border-left: 3px solid #6a1b9a; padding: 4px 8px; '
            'background: #f3e5f5;"><strong>Merknad til den som vedlikeholder dataene '
            f"(vises ikke i rapporten)</strong>{render_markdown(text)}</div>")
    else:
        data["text/plain"] = ""
    display(data, raw=True, metadata={MAINTAINER_KEY: text})


def md(text: str) -> None:
    """Show generated Markdown text (rendered here, see :func:`render_markdown`), and pass
    on a :class:`helpers.merknad.Note`'s maintainer part to :func:`maintainer`."""
    display(HTML(render_markdown(text)))
    if maintainer_part(text):
        maintainer(maintainer_part(text))


def notice(text: str, kind: str = "missing") -> None:
    """A boxed notice: ``missing`` (data not available), ``warning`` (a breach) or ``note``.
    A :class:`helpers.merknad.Note`'s maintainer part goes to :func:`maintainer`."""
    inner = render_markdown(text)
    display(HTML(f'<div class="{html.escape(kind)}">{inner}</div>'))
    if maintainer_part(text):
        maintainer(maintainer_part(text))


def _parts_html(parts) -> str:
    out = []
    for part in parts:
        if part is None or (isinstance(part, str) and not part.strip()):
            continue
        out.append(render_markdown(part) if isinstance(part, str) else part.to_html())
    return "\n".join(out)


def screen_and_print(screen, printed) -> None:
    """One output with two versions: ``screen`` in the HTML only, ``printed`` in the PDF
    only (each a sequence of tables from :func:`table` and Markdown text, None skipped).
    E.g. a long table in the HTML whose print version is a summary. One output, not
    two, so a heading above it stays with it on the printed page."""
    display(HTML(f'<div class="bare-skjerm">{_parts_html(screen)}</div>'
                 f'<div class="bare-utskrift">{_parts_html(printed)}</div>'))


def keyfacts(items: list[tuple[str, str]]) -> None:
    """A row of boxed key facts: (formatted value, label)."""
    boxes = "".join(
        f'<div class="keyfact"><span class="v">{html.escape(v)}</span>'
        f'<span class="l">{html.escape(label)}</span></div>' for v, label in items
    )
    display(HTML(f'<div class="keyfacts">{boxes}</div>'))


def table(
    df: pd.DataFrame,
    formats: dict[str, Callable[[object], str]] | None = None,
    *,
    caption: str = "",
    text_columns: list[str] | None = None,
    sum_row: bool = False,
    css_classes: dict[str, Callable[[object], str]] | None = None,
):
    """A formatted table (pandas Styler) with Norwegian numbers, no index.

    ``formats`` maps column → formatter (e.g. ``fmt_pct``); other numeric columns get
    whole numbers with a space as thousands separator. ``text_columns`` are left-aligned.
    ``sum_row`` makes the last row bold with a rule above. ``css_classes`` maps column →
    function of the cell value that returns a CSS class (e.g. for status colours).
    """
    formats = dict(formats or {})
    for col in df.columns:
        if col not in formats and pd.api.types.is_numeric_dtype(df[col]) \
                and not pd.api.types.is_bool_dtype(df[col]):
            formats[col] = lambda v: fmt_number(v, 0)
    # Cell text, column headers and the caption may come from data: escaped here, since
    # the Styler passes text through as HTML by default.
    # (headers: escaped by _header_label below)
    styler = df.style.hide(axis="index").format(formats, na_rep="–", escape="html")
    if caption:
        styler = styler.set_caption(html.escape(str(caption)))
    text_columns = list(text_columns or [c for c in df.columns
                                          if not pd.api.types.is_numeric_dtype(df[c])
                                          and not _number_text_column(df[c])])
    styler = styler.format_index(_header_label, axis=1)
    if text_columns:
        styler = styler.set_td_classes(pd.DataFrame(
            [["tekst" if c in text_columns else "" for c in df.columns]] * len(df),
            index=df.index, columns=df.columns))
        styler = styler.set_table_styles(
            [{"selector": f"th.col_heading.col{df.columns.get_loc(c)}",
              "props": "text-align: left;"} for c in text_columns], overwrite=False)
    if css_classes:
        for col, fn in css_classes.items():
            styler = styler.map(lambda v, fn=fn: f"{_CLASS_STYLE.get(fn(v), '')}", subset=[col])
    if sum_row and len(df):
        last = df.index[-1]
        styler = styler.set_properties(subset=pd.IndexSlice[[last], :],
                                       **{"font-weight": "bold",
                                          "border-top": "1pt solid #1a1a1a"})
    return styler


# A number already formatted as text: "1 234", "−4,2 %", "≥ 1,75 %", "+0,3 pp", "12 mill. kr".
_NUMBER_TEXT = re.compile(
    r"^[−+\-±≥≤<>~]?\s?\d[\d\s\u00a0\u202f]*([.,]\d+)?"
    r"(\s?(%|pp|prosentpoeng|kr|mill\.\s?kr|mrd\.\s?kr|år|t))?$")
_EMPTY_TEXT = {"", "–", "-", "—"}


def _number_text_column(col: pd.Series) -> bool:
    """True for a text column that holds only formatted numbers (and dashes for gaps):
    such a column is right-aligned like a numeric one."""
    values = [str(v).strip() for v in col if not (v is None or (isinstance(v, float)
                                                                  and v != v))]
    filled = [v for v in values if v not in _EMPTY_TEXT]
    return bool(filled) and all(_NUMBER_TEXT.match(v) for v in filled)


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
    "": "",
}


def status_class(value: object) -> str:
    """CSS class for a status word (Oppfylt / Ikke oppfylt / varsel …)."""
    text = str(value).casefold()
    if text.startswith("ikke") or text in {"brudd", "nei"}:
        return "status-brudd"
    if text in {"oppfylt", "ok", "ja", "i balanse"}:
        return "status-ok"
    if text in {"varsel", "mangler data"}:
        return "status-varsel"
    return ""
