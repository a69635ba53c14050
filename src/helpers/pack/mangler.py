"""issue 21: a report whose data are missing is built as one short page that says so.

When a file a report needs (its package's ``INPUTS``,
:func:`helpers.pack.catalogue.report_inputs`) has no rows, the runner does not run the
notebook: a report computed from no figures would show zeros or
stop with a traceback. Instead it writes this page (HTML and PDF, like any report) whose
first lines say, in words for the council, which figures are missing. The file names and
the commands that fill them go to the maintainer notes (``merknader.md``) and the
terminal, never into the PDF. The page is left out of the appendix (``vedlegg.pdf``): the
council document holds the reports that have figures.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from helpers.data.inputs import INPUTS, ReportInputs, council_text, missing_inputs
from helpers.data.specs import all_specs
from helpers.pack.catalogue import report_inputs


def missing_for(report: str, data_dir: Path, kommune: object = None
                ) -> tuple[list[str], str]:
    """The data files (stems) ``report`` needs and ``data_dir`` lacks ([] when none), with
    the kommunenummer they were checked for ("" when ``kommune`` is not known there)."""
    nummer = ""
    if kommune not in (None, ""):
        from helpers.data.kommuner import UnknownKommune, resolve
        from helpers.data.load import DataError, load_data

        try:
            nummer = resolve(load_data(data_dir, only=["kommuner"])["kommuner"],
                             kommune).kommunenummer
        except (DataError, UnknownKommune, KeyError):
            nummer = ""
    needs = report_inputs().get(report, ReportInputs(report))
    found = missing_inputs(data_dir, [needs], nummer or None)
    return found.blocked.get(report, []), nummer if found.not_for_kommune else ""


def page_body(title: str, stems: list[str]) -> str:
    """The page's body: the title and, first, what is missing (no file names)."""
    items = "".join(f"<li>{html.escape(t)}</li>" for t in council_text(stems))
    return (f"<h1>{html.escape(title)}</h1>\n"
            '<div class="missing">'
            "<p><strong>Denne rapporten er ikke laget ennå, fordi tallene den bygger på, "
            "mangler.</strong></p>"
            f"<p>Disse tallene er ikke lagt inn:</p><ul>{items}</ul>"
            "<p>Rapporten lages når tallene er lagt inn. Tall som mangler, er ikke satt til "
            "null eller anslått.</p></div>\n")


def maintainer_notes(stems: list[str], kommunenummer: str = "") -> list[str]:
    """For ``merknader.md`` and the terminal: each file and the command that fills it
    (``kommunenummer``: the files have rows, but none for this municipality)."""
    specs = all_specs()
    out = []
    what = (f"har ingen rader for kommunenummer {kommunenummer}" if kommunenummer
            else "er tom eller finnes ikke")
    out.append("Rapporten er bygget som én side som sier hvilke tall som mangler, og er ikke "
               "med i vedlegget.")
    for s in stems:
        name = specs[s].name if s in specs else f"{s}.csv"
        how = INPUTS[s].fylles_av if s in INPUTS else "se data/README.md"
        out.append(f"Mangler data: {name} {what} (fylles av «{how}»).")
    return out


def write_page(tmp: Path, name: str, title: str, header: str, stems: list[str],
               data_dir: Path | None = None) -> str:
    """Write ``<name>.html`` in ``tmp``; returns the body (with the «Eksempel» banner when
    ``data_dir`` holds invented figures, :mod:`helpers.pack.cases`)."""
    from helpers.pack.cases import example_banner
    from helpers.pack.export import page_html

    body = example_banner(data_dir) + page_body(title, stems)
    (tmp / f"{name}.html").write_text(page_html(body, title=header or title, header=header),
                                      encoding="utf-8")
    return body


def new_tmp(out_dir: Path, name: str, owner: int) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-{owner}-", dir=out_dir))
    tmp.chmod(0o755)
    return tmp
