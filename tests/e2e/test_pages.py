"""Pages a council reads (issue 28, part 7), checked over the built PDFs: the period in
every running header, no near-empty page in the middle of a report, no paragraph printed
twice. The measures are in ``tests/pdf_pages.py``."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES_DIR, tool_missing
from pdf_pages import (
    near_empty_pages,
    page_fill,
    page_texts,
    repeated_sentences,
    running_header,
    spill_pages,
)

from helpers.pack.cases import EXAMPLE_TEXT, is_example

pytestmark = pytest.mark.skipif(tool_missing("pdftoppm") or tool_missing("pdftotext"),
                                reason="poppler-utils (pdftoppm, pdftotext) er ikke installert")

PLAN = "2024–2027"
# The period each report's running header ends with, in the default build (Røros, 2024)
EXPECTED_PERIOD = {"oppstillinger": PLAN, "handlingsregler": PLAN, "finans": PLAN,
                   "investering": PLAN, "klimabudsjett": PLAN, "alternativer": PLAN,
                   "kostra": "KOSTRA 2022", "befolkning": "2023–2033"}
# Sentences a report may repeat on purpose (none yet)
ALLOWED_REPEATS: tuple[str, ...] = ()


def _pdfs(built_defaults):
    return {n: d / f"{n}.pdf" for n, d in built_defaults.items() if (d / f"{n}.pdf").exists()}


def test_the_period_is_in_every_running_header(built_defaults, built_examples):
    """A build from example data starts every header with the example mark (issue 28)."""
    pdfs = _pdfs(built_defaults)
    assert {"handlingsregler", "kostra", "befolkning"} <= set(pdfs)
    for name, pdf in pdfs.items():
        texts = page_texts(pdf)
        headers = [running_header(t) for t in texts]
        missing = [i + 1 for i, h in enumerate(headers) if not h]
        assert not missing, f"{name}: sider uten topptekst: {missing}"
        assert len(set(headers)) == 1, f"{name}: ulike topptekster: {set(headers)}"
        header = headers[0]
        mark = f"{EXAMPLE_TEXT} · "
        if name in built_examples and is_example(EXAMPLES_DIR / name):
            assert header.startswith(mark), f"{name}: eksempeldata uten merke: {header}"
            header = header.removeprefix(mark)
        # the group overview is for no one municipality: its title comes first
        assert header.startswith("Økonomisk oversikt" if name == "oversikt" else "Røros"), header
        expected = EXPECTED_PERIOD.get(name)
        if expected:
            assert header.endswith(expected), f"{name}: «{header}», ventet {expected}"
        else:
            assert re.search(r"\b(19|20)\d{2}\b", header), f"{name}: ingen periode: {header}"


def test_the_appendix_has_a_period_in_every_running_header(built_pack):
    texts = page_texts(built_pack / "vedlegg.pdf")
    headers = [running_header(t) for t in texts]
    body = [i for i, h in enumerate(headers) if h]
    assert body, "vedlegget har ingen topptekst"
    # from the first page with a running header on, every page has one with a period
    first = body[0]
    for i, h in enumerate(headers[first:], start=first + 1):
        assert h and re.search(r"\b(19|20)\d{2}\b", h), f"side {i}: «{h}»"


def test_no_near_empty_page_in_the_middle_of_a_report(built_pack):
    pdf = built_pack / "vedlegg.pdf"
    fill = page_fill(pdf)
    headers = [running_header(t) for t in page_texts(pdf)]
    assert len(fill) == len(headers)
    assert near_empty_pages(fill, headers) == [], (
        "sider som er nesten tomme midt i en rapport (fyllgrad): "
        + ", ".join(f"{i} ({fill[i - 1]:.0%})" for i in near_empty_pages(fill, headers)))


def test_page_measures_see_an_empty_page_and_a_repeat():
    """The measures themselves: a near-empty page inside a part is found, the last page
    of a part is not; a sentence printed twice is found."""
    headers = ["A", "A", "A", "B", "B"]
    assert near_empty_pages([0.9, 0.1, 0.9, 0.9, 0.1], headers) == [2]
    assert near_empty_pages([0.9, 0.9, 0.1, 0.9, 0.1], headers) == []
    assert spill_pages([0.9, 0.9, 0.1, 0.9, 0.1], headers) == [3]
    assert spill_pages([0.9, 0.9, 0.5, 0.9, 0.1], headers) == []
    s = ("Med 20–66 år som arbeidsfør alder og 67 år og eldre som eldre er aldersbæreevnen "
         "2,63 i 2023 og 2,10 i 2033.")
    assert repeated_sentences([s + " Noe annet.", "Tekst. " + s]) == {s: 2}
