"""issue 30: each page of a build laid out once.

WeasyPrint lays a report out once and writes its own PDF («Side i av n»); the case document
is merged from those PDFs at PDF level (:mod:`helpers.pack.pdf_merge`). This module holds
the WeasyPrint side of that:

- :func:`front_matter`: the cover and contents (:func:`appendix.appendix_html`) laid out
  as their own small document, with the page numbers the reports' PDFs give
  (:func:`page_numbers`). It is rendered with the numbers it would have at an assumed
  length, and again only if its length turns out different.
- :func:`footer_html`: M empty pages with the reports' ``@page`` rules, whose
  bottom-right margin box says «Side N av M» (report.css); the merge paints page N of it
  on page N of the case document in place of the report's own footer.
- :class:`OwnWriter`: the reports' own PDFs written while the next report is laid out.
"""

from __future__ import annotations

from pathlib import Path

from helpers.pack.export import CSS_PATH, render_page

BOOKMARK_LEVELS = 2  # the case document's outline: reports and their main sections


def footer_html(pages: int) -> str:
    """``pages`` empty pages with the reports' ``@page`` rules: their margin boxes say
    «Side i av pages»."""
    css = CSS_PATH.read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
            f"<style>\n{css}\n.side {{ break-before: page; }}\n</style>\n</head>\n<body>\n"
            + '<div class="side"></div>\n' * pages + "</body>\n</html>\n")


def page_numbers(reports: list[tuple[str, object]], front_pages: int) -> dict[str, int]:
    """The printed page number (1-based, in the case document) of each report's start
    and of each of its main sections (by :func:`helpers.pack.pdf_merge.section_anchor`):
    ``reports`` is [(report anchor, :class:`helpers.pack.pdf_merge.ReportPages`)] in
    order, after ``front_pages`` pages of front matter."""
    from helpers.pack.pdf_merge import section_anchor

    numbers: dict[str, int] = {}
    start = front_pages
    for anchor, pages in reports:
        numbers[anchor] = start + 1
        for k, (_, page) in enumerate(pages.sections, start=1):
            numbers[section_anchor(anchor, k)] = start + page + 1
        start += pages.count
    return numbers


CONTENTS_LINES = 45  # contents entries a page holds, about: for the first guess


def front_matter(make_html, reports: list[tuple[str, object]], base_url: Path):
    """The front matter laid out with the right page numbers: ``make_html(numbers,
    total)`` is its HTML for the contents' numbers and the document's page count;
    ``reports`` as in :func:`page_numbers`. Rendered for the length its contents are
    likely to have (a cover, then :data:`CONTENTS_LINES` entries a page), and again (at
    most twice) if it came out otherwise."""
    import math

    body_pages = sum(pages.count for _, pages in reports)
    entries = sum(1 + len(pages.sections) for _, pages in reports)
    front_pages = 1 + max(1, math.ceil(entries / CONTENTS_LINES))
    for _ in range(3):
        front = render_page(make_html(page_numbers(reports, front_pages),
                                      front_pages + body_pages), base_url)
        if len(front.pages) == front_pages:
            return front
        front_pages = len(front.pages)
    raise RuntimeError("innholdslisten fikk ikke et fast antall sider")  # pragma: no cover


CHILD_SECONDS = 300  # a child writing one report's PDF is given up after this


class OwnWriter:
    """Writes the reports' own PDFs while the case document's task goes on laying out the
    next report: each in a forked child process (it shares the laid-out document with the
    parent, nothing is copied or sent), one at a time; in this process where fork is not
    safe (other Python threads) or not available. :meth:`results` waits for the last one:
    {name: {"sekunder": …} or {"feil": …}}.

    The worker has run notebooks, so vl-convert's native threads are idle in it; the child
    only writes a PDF and never touches them. Should a child still hang, it is killed after
    :data:`CHILD_SECONDS` and the PDF written in this process."""

    def __init__(self, write) -> None:
        self._write = write  # (document, path) -> None
        self._child: tuple | None = None
        self._results: dict[str, dict] = {}

    def submit(self, name: str, document, path: Path) -> None:
        import os
        import threading
        import time

        self._wait()
        t0 = time.perf_counter()
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self._results[name] = self._inline(document, path, t0)
            return
        read_end, write_end = os.pipe()  # the child's error message, if any
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; coverage does not follow it
            code = 0
            try:
                os.close(read_end)
                self._write(document, path)
            except BaseException as exc:  # noqa: BLE001 - told to the parent
                code = 1
                try:
                    os.write(write_end, error_text(exc)[:4000].encode("utf-8", "replace"))
                except BaseException:  # noqa: BLE001, S110 - the exit code says it
                    pass
            finally:
                os._exit(code)
        os.close(write_end)
        self._child = (pid, name, read_end, t0, document, path)

    def _inline(self, document, path: Path, t0: float) -> dict:
        import time

        try:
            self._write(document, path)
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            return {"feil": error_text(exc)}
        return {"sekunder": round(time.perf_counter() - t0, 3)}

    def _wait(self) -> None:
        import os
        import select
        import signal
        import time

        if self._child is None:
            return
        pid, name, read_end, t0, document, path = self._child
        self._child = None
        message, deadline = b"", time.monotonic() + CHILD_SECONDS
        try:
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([read_end], [], [], left)[0]:
                    continue
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                message += chunk
        finally:
            os.close(read_end)
        if left <= 0:  # stuck (a lock another thread held at the fork): write it here
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self._results[name] = self._inline(document, path, time.perf_counter())
            return
        _, code = os.waitpid(pid, 0)
        if code == 0:
            self._results[name] = {"sekunder": round(time.perf_counter() - t0, 3)}
        else:
            self._results[name] = {"feil": message.decode("utf-8", "replace") or
                                   f"PDF-en ble ikke skrevet (prosessen endte med {code})"}

    def results(self) -> dict[str, dict]:
        self._wait()
        return self._results


def error_text(exc: BaseException) -> str:
    from helpers.pack.export import ResourceRefused

    return str(exc) if isinstance(exc, ResourceRefused) else f"{type(exc).__name__}: {exc}"
