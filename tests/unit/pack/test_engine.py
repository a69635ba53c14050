"""The in-process Papermill engine (issue 13): isolated namespaces, kernel-like outputs,
Papermill's failing-cell report."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from helpers.pack import engine


def _notebook(path, *sources: str, params: str = "x = 1") -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return str(path)


def _run(path, out, **params):
    return pm.execute_notebook(path, str(out), parameters=params, progress_bar=False,
                               engine_name=engine.ENGINE_NAME, kernel_name="python3")


def test_two_notebooks_in_one_process_do_not_share_variables(tmp_path):
    first = _notebook(tmp_path / "a.ipynb", "hemmelig = x * 21\nimport json\nprint(hemmelig)")
    second = _notebook(
        tmp_path / "b.ipynb",
        "print(sorted(n for n in ('hemmelig', 'json', 'x', 'y') if n in globals()))")
    nb1 = _run(first, tmp_path / "a-ut.ipynb", x=2)
    assert nb1.cells[-1].outputs[0]["text"] == "42\n"
    nb2 = _run(second, tmp_path / "b-ut.ipynb", y=5)
    # Only its own parameter cell's x and the injected y, nothing from the first notebook.
    assert nb2.cells[-1].outputs[0]["text"] == "['x', 'y']\n"
    assert [c.execution_count for c in nb2.cells] == [1, 2, 3]


def test_outputs_look_like_a_kernels(tmp_path):
    path = _notebook(
        tmp_path / "c.ipynb",
        "from IPython.display import HTML, display\nprint('ut')\n"
        "import sys; print('feil', file=sys.stderr)\ndisplay(HTML('<b>fet</b>'))\n6 * 7",
        "display({'text/plain': ''}, raw=True, metadata={'hop_periode': '2024–2027'})\n"
        "'skjult';")
    nb = _run(path, tmp_path / "c-ut.ipynb")
    outs = nb.cells[1].outputs  # no parameters given, so none injected
    assert [(o.output_type, o.get("name")) for o in outs] == [
        ("stream", "stdout"), ("stream", "stderr"), ("display_data", None),
        ("execute_result", None)]
    assert outs[2]["data"]["text/html"] == "<b>fet</b>"
    assert outs[3]["data"]["text/plain"] == "42" and outs[3]["execution_count"] == 2
    period = nb.cells[2].outputs
    assert len(period) == 1 and period[0]["metadata"] == {"hop_periode": "2024–2027"}
    assert nb.metadata["language_info"]["name"] == "python"


def test_failing_cell_is_reported_by_papermill(tmp_path):
    path = _notebook(tmp_path / "d.ipynb", "y = x + 1", "1 / (y - 2)", "print('aldri')")
    with pytest.raises(pm.PapermillExecutionError) as err:
        _run(path, tmp_path / "d-ut.ipynb")
    assert err.value.ename == "ZeroDivisionError"
    assert err.value.exec_count == 3
    saved = nbformat.read(tmp_path / "d-ut.ipynb", as_version=4)
    # Papermill's own error banner is at the top; the cell after the failure never ran.
    assert saved.cells[0].metadata["tags"] == ["papermill-error-cell-tag"]
    assert "In [3]" in saved.cells[0].source
    statuses = [c.metadata.get("papermill", {}).get("status") for c in saved.cells
                if c.cell_type == "code"]
    assert statuses == ["completed", "completed", "failed", "pending"]
    assert saved.cells[-1].outputs == [] and saved.cells[-1].execution_count is None


def test_a_notebooks_results_are_not_kept_and_no_full_collection_runs(tmp_path, monkeypatch):
    """issue 30: no output cache (Out, _1 …): the value a cell showed is freed when the
    notebook ends, without the full garbage collection IPython's cache flush runs."""
    import gc
    import sys
    import weakref

    class Shown:
        def _repr_html_(self):
            return "<b>vist</b>"

    mod = type(sys)("hop_test_shown")
    mod.Shown, mod.refs = Shown, []
    monkeypatch.setitem(sys.modules, "hop_test_shown", mod)
    collections: list = []
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(a) or 0)
    path = _notebook(tmp_path / "d.ipynb",
                     "import hop_test_shown as m, weakref\nverdi = m.Shown()\n"
                     "m.refs.append(weakref.ref(verdi))\nverdi")
    nb = _run(path, tmp_path / "d-ut.ipynb")
    assert nb.cells[1].outputs[0]["data"]["text/html"] == "<b>vist</b>"
    assert collections == []
    [ref] = mod.refs
    assert isinstance(ref, weakref.ref) and ref() is None


@pytest.mark.parametrize(("motor", "started"), [("", True), ("kjerne", False)])
def test_a_worker_starts_the_chart_engine_only_where_it_draws_the_charts(
        monkeypatch, motor, started):
    """issue 30: a build's worker starts vl-convert in the background when the notebooks
    run in the worker (it cannot be started before the fork); with a Jupyter kernel per
    notebook the charts are drawn in the kernel, and the worker starts nothing."""
    import signal

    from helpers.presentation import charts

    calls = []
    monkeypatch.setattr(charts, "start_renderer_in_background", lambda: calls.append(1))
    monkeypatch.setenv("HOP_MOTOR", motor)
    before = signal.getsignal(signal.SIGINT)
    try:
        engine.start_worker()
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
    assert calls == ([1] if started else [])


def test_the_chart_engine_started_in_the_background_draws_the_same_chart():
    """The background start is vl-convert's own first conversion: after it, a chart is
    drawn as before (the SVG of a bar with its axis)."""
    import altair as alt
    import pandas as pd

    from helpers.presentation import charts

    charts.start_renderer_in_background().join(timeout=120)
    chart = alt.Chart(pd.DataFrame({"a": [1.5]})).mark_bar().encode(x="a:Q")
    bundle, _ = charts.svg_with_spec_renderer(chart.to_dict())
    svg = bundle["image/svg+xml"]
    assert svg.startswith("<svg") and "mark-rect" in svg  # the bar
    assert 'class="mark-text role-axis-label"' in svg  # the axis with its figures
