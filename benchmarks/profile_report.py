"""Where the seconds of one report go: CPU seconds (and wall seconds) per phase.

    .venv/bin/python benchmarks/profile_report.py [RAPPORT] [--cprofile]

Phases, in one fresh process: imports (pandas, pandera, altair, helpers), validating the
data, the first chart to SVG (vl-convert start-up), the first styled table, the notebook
run in the in-process engine (warm: a second run shows what is left once everything is
started), a Jupyter kernel start with the imports a notebook does, nbconvert to HTML, and
WeasyPrint (layout and PDF writing separately, per page). CPU seconds are what counts on
a machine whose cores are shared; wall seconds are shown beside them. ``--cprofile``
prints the 15 most expensive functions of WeasyPrint's rendering.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS: list[tuple[str, float, float]] = []


class phase:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.c, self.w = _cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        ROWS.append((self.name, _cpu() - self.c, time.perf_counter() - self.w))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the kernel)."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    name = args[0] if args else "handlingsregler"
    data_dir = ROOT / "data"
    with phase("import pandas, pandera, altair"):
        import altair  # noqa: F401
        import pandas as pd
        import pandera.pandas  # noqa: F401
    with phase("import helpers (alle rapportmoduler)"):
        from helpers.data import load_data
        from helpers.pack import engine
        from helpers.pack.catalogue import available_reports
    with phase("load_data: lese og validere alle CSV-filer"):
        load_data(data_dir)
    with phase("load_data igjen (hurtiglager, kopier)"):
        load_data(data_dir)
    with phase("første diagram til SVG (vl-convert starter)"):
        import altair as alt

        from helpers.presentation import charts

        charts.enable()
        alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").to_dict()
        import vl_convert as vlc

        vlc.vegalite_to_svg(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar()
                            .encode(x="x:Q").to_dict())
    with phase("neste diagram til SVG"):
        vlc.vegalite_to_svg(alt.Chart(pd.DataFrame({"x": [3, 4]})).mark_line()
                            .encode(x="x:Q").to_dict())
    with phase("første formaterte tabell (Styler, jinja2)"):
        pd.DataFrame({"a": [1.5]}).style.format("{:.1f}").to_html()
    with phase("import papermill, nbconvert, IPython"):
        import nbformat
        import papermill as pm

        from helpers.pack.export import page_html, write_html
        engine._get_shell()
    info = available_reports()[name]
    tmp = Path(tempfile.mkdtemp(prefix="hop-profil-"))
    for run in ("første", "andre"):
        with phase(f"kjøre {name} i prosessen ({run} gang)"):
            pm.execute_notebook(str(info.notebook), str(tmp / f"{name}.ipynb"),
                                parameters={"data_dir": str(data_dir),
                                            "nokkeltall_ut": str(tmp / "k.csv")},
                                engine_name=engine.ENGINE_NAME, kernel_name="python3",
                                cwd=str(info.notebook.parent), progress_bar=False)
    with phase("Jupyter-kjerne: start og import som i første celle"):
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name="python3")
        kc.execute_interactive("import pandas, altair, pandera.pandas, helpers.report, "
                               "helpers.data", timeout=120, output_hook=lambda m: None)
        km.shutdown_kernel(now=True)
    nb = nbformat.read(tmp / f"{name}.ipynb", as_version=4)
    with phase("nbconvert til HTML"):
        html_text = write_html(nb, tmp / f"{name}.html", title=name, header=name)
    with phase("import weasyprint"):
        import weasyprint
    profiler = cProfile.Profile() if "--cprofile" in sys.argv else None
    with phase("WeasyPrint: lese HTML og CSS, layout"):
        if profiler:
            profiler.enable()
        doc = weasyprint.HTML(string=html_text, base_url=str(tmp)).render()
    with phase("WeasyPrint: skrive PDF"):
        doc.write_pdf(str(tmp / f"{name}.pdf"))
        if profiler:
            profiler.disable()
    pages = len(doc.pages)
    svg = html_text.count("<svg")
    with phase("WeasyPrint uten diagrammene (SVG fjernet)"):
        import re

        bare = re.sub(r"<svg.*?</svg>", "", html_text, flags=re.S)
        weasyprint.HTML(string=bare, base_url=str(tmp)).render().write_pdf(
            str(tmp / "uten-svg.pdf"))
    with phase("WeasyPrint uten rapportens CSS"):
        plain = page_html(html_text.split('<main class="report">', 1)[1]
                          .rsplit("</main>", 1)[0], title=name, header=name)
        plain = re.sub(r"<style>.*?</style>", "", plain, flags=re.S)
        weasyprint.HTML(string=plain, base_url=str(tmp)).render().write_pdf(
            str(tmp / "uten-css.pdf"))

    print(f"{name}: {pages} sider, {svg} diagrammer (SVG), HTML {len(html_text) // 1024} KiB")
    print(f"{'Fase':58} {'CPU s':>7} {'vegg s':>7}")
    for label, cpu, wall in ROWS:
        print(f"{label:58} {cpu:7.2f} {wall:7.2f}")
    render = sum(c for label, c, _ in ROWS if label.startswith("WeasyPrint: "))
    print(f"WeasyPrint per side: {render / max(pages, 1):.2f} CPU-s")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
