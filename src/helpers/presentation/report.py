"""What a notebook calls to show things: set-up, tables, commentary, notices.

Keeps notebooks thin: they load, call the report's helper module, and show results
with these functions, so every report looks the same on screen and in print.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
from IPython.display import HTML, display

from helpers import settings
from helpers.presentation import charts
from helpers.presentation.blocks import Keyfacts, Maintainer, Notice, ScreenAndPrint
from helpers.presentation.merknad import maintainer_part
from helpers.presentation.table import Table, styler


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


CONTROL_KEY = "hop_kontroll"


def control(title: str, lines: list[str]) -> None:
    """issue 28: a check of the municipality's own tables (where the source's tables
    disagree beyond rounding) – for the økonomisjef, not the council.

    Recorded in the output's metadata; the runner writes it to ``kontroll.md`` beside
    ``merknader.md``, and the exported report never shows it (the output also carries an
    empty maintainer note, which the export leaves out). Shown as a box in the notebook
    when :func:`show_maintainer_notes` is true."""
    lines = [str(x) for x in lines]
    data = {"text/plain": ""}
    if show_maintainer_notes():
        items = "".join(f"<li>{html.escape(x)}</li>" for x in lines) or \
            "<li>Ingen avvik utover avrunding.</li>"
        data["text/html"] = (
            '<div class="maintainer" style="border-left: 3px solid #6a1b9a; padding: 4px 8px; '
            f'background: #f3e5f5;"><strong>{html.escape(title)} (til kontroll.md, vises '
            f"ikke i rapporten)</strong><ul>{items}</ul></div>")
    display(data, raw=True, metadata={MAINTAINER_KEY: "",
                                      CONTROL_KEY: {"tittel": title, "linjer": lines}})


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
        if isinstance(part, Table):
            part = styler(part)
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
    df: pd.DataFrame | Table,
    formats: dict[str, Callable[[object], str]] | None = None,
    *,
    caption: str = "",
    text_columns: list[str] | None = None,
    sum_row: bool = False,
    css_classes: dict[str, Callable[[object], str]] | None = None,
):
    """A formatted table (pandas Styler) with Norwegian numbers, no index.

    Takes a :class:`helpers.presentation.table.Table` (a report's table function returns
    one, with its formats and caption), or a frame and the same settings as keywords:
    ``formats`` maps column → formatter (e.g. ``fmt_pct``); other numeric columns get
    whole numbers with a space as thousands separator. ``text_columns`` are left-aligned.
    ``sum_row`` makes the last row bold with a rule above. ``css_classes`` maps column →
    function of the cell value that returns a CSS class (e.g. for status colours).

    A ``Table`` without rows gives its ``empty`` notice instead (as HTML to display).
    """
    if isinstance(df, Table):
        if df.is_empty:
            show(df)
            return None
        return styler(df)
    return styler(Table(df, caption=caption, formats=dict(formats or {}),
                        text_columns=text_columns, sum_row=sum_row,
                        css_classes=dict(css_classes or {})))


def show(*blocks) -> None:
    """Show a section's blocks in order, each as its own output: a :class:`Table` (or its
    ``empty`` notice, then its notes), Markdown text (``str``), a :class:`Notice`, a
    :class:`Maintainer` note, a list of blocks, or anything IPython can display (a
    chart). ``None`` is skipped, so a report function can leave out
    what does not apply and the notebook needs no branches."""
    for block in blocks:
        if block is None:
            continue
        if isinstance(block, list | tuple):
            show(*block)
        elif isinstance(block, Table):
            if block.is_empty:
                if block.empty:
                    notice(block.empty, block.empty_kind)
            else:
                display(styler(block))
                for line in block.notes:
                    md(line)
        elif isinstance(block, Notice):
            notice(block.text, block.kind)
        elif isinstance(block, Maintainer):
            maintainer(block.text)
        elif isinstance(block, Keyfacts):
            keyfacts(block.items)
        elif isinstance(block, ScreenAndPrint):
            screen_and_print(block.screen, block.printed)
        elif isinstance(block, str):
            md(block)
        elif isinstance(block, charts.alt.TopLevelMixin):
            display(charts.Shown(block))
        else:
            display(block)


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
