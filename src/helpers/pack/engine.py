"""A Papermill engine that runs a notebook's cells in this Python process.

Papermill stays the executor: it reads the notebook, injects the parameters, records cell
metadata, writes the executed notebook and turns an error output into
:class:`papermill.PapermillExecutionError` with the failing cell, exactly as with a kernel.
Only the way each cell is executed differs: instead of a Jupyter kernel in a new process
(1–2 s to start, then 2–3 s to import pandas, Altair, pandera and the helpers and to
validate the data once more), the cells run in an IPython shell inside the builder, which
has already imported the libraries, validated the data (cached per process by content,
:mod:`helpers.reads`) and started the chart and table engines (:func:`warm_up`).

Isolation: every notebook starts with a new, empty user namespace, execution count 1 and
no history, so a notebook never sees another notebook's variables, even when several run
one after another in the same process. What is shared are imported modules (the point of
the exercise); the reports set their display options themselves in ``report.setup()``.

Outputs are the ones a kernel produces: ``stream`` (stdout/stderr), ``display_data``,
``execute_result`` and ``error`` with the same mime bundles, since the same IPython display
formatter builds them.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import sys

import nbformat
from papermill.engines import Engine, papermill_engines

from helpers import settings

ENGINE_NAME = "hop-inprocess"

LANGUAGE_INFO = {
    "name": "python",
    "version": platform.python_version(),
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
    "file_extension": ".py",
}


class _Stream(io.TextIOBase):
    """stdout or stderr of a running cell, collected as a ``stream`` output."""

    def __init__(self, sink: list, name: str):
        self._sink, self.name = sink, name

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def write(self, text: str) -> int:
        if not text:
            return 0
        outputs = self._sink[0]
        if outputs and outputs[-1].get("output_type") == "stream" \
                and outputs[-1].get("name") == self.name:
            outputs[-1]["text"] += text
        else:
            outputs.append(nbformat.v4.new_output("stream", name=self.name, text=text))
        return len(text)


_shell = None


def _get_shell():
    """The process's IPython shell with our display publisher, display hook and traceback
    collector (created once; IPython's ``display()`` finds it as the singleton)."""
    global _shell
    if _shell is not None:
        return _shell
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    sink: list = [[], None]  # the outputs and the execution count of the running cell

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                    **kwargs):
            sink[0].append(nbformat.v4.new_output("display_data", data=data,
                                                  metadata=metadata or {}))

        def clear_output(self, wait=False):
            sink[0].clear()

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            sink[0].append(nbformat.v4.new_output(
                "execute_result", data=format_dict, metadata=md_dict or {},
                execution_count=sink[1]))

        def finish_displayhook(self):
            pass

    class Shell(InteractiveShell):
        def _showtraceback(self, etype, evalue, stb):
            sink[0].append(nbformat.v4.new_output(
                "error", ename=getattr(etype, "__name__", str(etype)), evalue=str(evalue),
                traceback=stb))


    config = Config()
    config.HistoryManager.enabled = False  # no SQLite file, no saving thread
    # No output cache (Out, _1, _2 …): a notebook's displayed tables and charts are not kept
    # alive, and resetting the shell between notebooks does not run a full garbage
    # collection (IPython's cache flush does; 0,1–0,15 CPU-s each, two per notebook).
    config.InteractiveShell.cache_size = 0
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "Context"
    main = sys.modules.get("__main__")
    shell = Shell.instance(config=config, display_pub_class=Publisher, displayhook_class=Hook)
    # IPython puts its own module in sys.modules["__main__"]; give the process its own back
    # (multiprocessing's spawn reads __main__.__spec__ when it starts workers)
    if main is not None:
        sys.modules["__main__"] = main
    shell._hop_sink = sink
    _shell = shell
    return shell


def run_cells(nb_man) -> None:
    """Execute every code cell of the managed notebook in a fresh namespace."""
    shell = _get_shell()
    main = sys.modules.get("__main__")
    try:
        _run_cells(shell, nb_man)
    finally:
        if main is not None:  # the cells ran with IPython's module as __main__
            sys.modules["__main__"] = main


def _run_cells(shell, nb_man) -> None:
    sink = shell._hop_sink
    shell.reset(new_session=True)  # empty namespace, execution count 1
    shell.execution_count = 1
    nb_man.nb.metadata["language_info"] = LANGUAGE_INFO
    for index, cell in enumerate(nb_man.nb.cells):
        try:
            nb_man.cell_start(cell, index)
            if cell.cell_type != "code":
                continue
            outputs: list = []
            sink[0] = outputs
            with contextlib.redirect_stdout(_Stream(sink, "stdout")), \
                    contextlib.redirect_stderr(_Stream(sink, "stderr")):
                cell.execution_count = sink[1] = shell.execution_count
                result = shell.run_cell(cell.source, store_history=True, silent=False)
            cell.outputs = outputs
            if not result.success:
                nb_man.cell_exception(cell, cell_index=index)
                break
        finally:
            sink[0] = []
            nb_man.cell_complete(nb_man.nb.cells[index], cell_index=index)
    shell.reset(new_session=True)  # drop the notebook's objects


class InProcessEngine(Engine):
    """Papermill engine: the cells run in this process (see the module docstring)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        # Papermill saves the whole notebook at the start and end of every cell (a quarter
        # of a report's run time, measured); cells here take a fraction of a second, so
        # save once, when Papermill completes the notebook or reports its error.
        output_path, nb_man.output_path = nb_man.output_path, None
        try:
            run_cells(nb_man)
        finally:
            nb_man.output_path = output_path
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, InProcessEngine)


def warm_layout() -> None:
    """Import WeasyPrint and pikepdf (about 1 s: WeasyPrint reads the C declarations of
    Pango and HarfBuzz at import)."""
    import pikepdf  # noqa: F401
    import weasyprint  # noqa: F401


def warm_up(data_dir=None, layout: bool = True) -> None:
    """Import what the reports use and start the chart and table engines once, before the
    runner forks its workers, so no notebook pays for it again. ``layout``: WeasyPrint
    too (:func:`warm_layout`); the runner leaves it out when it lays out the one report of
    a build itself, and imports it while the notebook runs."""
    import altair as alt
    import pandas as pd
    import papermill  # noqa: F401
    from nbconvert import HTMLExporter  # noqa: F401

    if layout:
        warm_layout()

    from helpers.pack.catalogue import report_packages
    from helpers.presentation import (
        charts,  # noqa: F401
        report,  # noqa: F401
    )

    for package in report_packages():  # every report, with the model layers it calls
        importlib.import_module(package)

    _get_shell()
    from helpers.pack.export import body_exporter

    body_exporter()
    with contextlib.suppress(Exception):  # warming up must never stop a build
        pd.DataFrame({"a": [1.5]}).style.format("{:.1f}").to_html()
    if data_dir is not None:
        with contextlib.suppress(Exception):
            from helpers.data.load import load_data

            load_data(data_dir)
    _ = alt  # imported for its side effects (schema load)
    sys.stdout.flush()


ENGINE_ENV = settings.ENGINE_ENV  # "kjerne": run each notebook in a Jupyter kernel as before


def selected_engine() -> str | None:
    """The Papermill engine ``hop build`` uses: this one, or Papermill's own kernel engine
    when the environment variable ``HOP_MOTOR`` is ``kjerne``."""
    return None if settings.kernel_engine() else ENGINE_NAME


def pool_context():
    """The multiprocessing context for the runner's worker processes.

    Forking a warm builder is the fast path: workers inherit the imported libraries and the
    validated data. vl-convert (the SVG engine behind the charts) does not survive a fork
    once it has rendered a chart in the parent (the child hangs; seen on Linux), so a
    process that has already rendered charts in-process, such as a test session, starts
    clean workers instead.
    """
    import multiprocessing as mp

    if "fork" in mp.get_all_start_methods() and "vl_convert" not in sys.modules:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _ignore_sigint() -> None:
    """Worker processes leave Ctrl-C to the main process, which stops them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_worker() -> None:
    """A worker process: Ctrl-C left to the main process, and, when the notebooks run in
    the worker itself (not in Jupyter kernels), the chart engine started in the background
    while the first notebook is set up (issue 30: it cannot be started before the fork,
    :func:`pool_context`)."""
    _ignore_sigint()
    if selected_engine() is not None:
        from helpers.presentation.charts import start_renderer_in_background

        start_renderer_in_background()


def run_beside(fn, here: bool = True):
    """Start ``fn`` in a forked process and return a function that waits for it (issue 30:
    the key-figure workbook is written while the case documents are merged). Waiting
    with ``again=True`` runs ``fn`` here when it failed there, so its error is raised here
    as before; with ``again=False`` (the build is stopping) it only waits. ``timeout``
    (seconds): a process still running then is stopped. Where a fork is not safe
    (:func:`pool_context`), ``fn`` runs here at once, or, with ``here=False`` (work done
    ahead, that the caller does anyway if it is not done), not at all."""
    ctx = pool_context()
    if fn is None or ctx.get_start_method() != "fork":
        if fn is not None and here:
            fn()
        return lambda again=True, timeout=None: None

    def child() -> None:
        try:
            fn()
        except BaseException:  # noqa: BLE001 - the parent runs it again and reports it
            os._exit(1)
        os._exit(0)

    proc = ctx.Process(target=child, name="hop-ved-siden")
    proc.start()

    def wait(again: bool = True, timeout: float | None = None) -> None:
        proc.join(timeout)
        if proc.is_alive():
            proc.terminate()
            proc.join()
        if again and proc.exitcode != 0:
            fn()

    return wait
