"""Interactive HTML for ``hop build --interaktiv``: charts with tooltips, fully offline.

Every chart a notebook shows carries its Vega-Lite spec in the output's metadata (the
``hop-svg`` renderer of :mod:`helpers.presentation.charts`, enabled by its ``enable``), next to
the static SVG. The default HTML ignores the spec and stays script-free. The interactive
page keeps the static SVG (for print and for readers with scripts off) and adds, once per
page, the Vega, Vega-Lite and vega-embed bundle from the installed vl-convert
(``javascript_bundle``), so the page makes no request to any server. A small script then
draws each chart live with tooltips, numbers in Norwegian format, and hides the static copy.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat

from helpers.presentation.charts import (  # noqa: F401
    RENDERER,
    SPEC_KEY,
    SVG,
    TABLE_HTML_KEY,
)

# The renderer that stores each chart's spec lives with the chart theme (presentation).


# ---------------------------------------------------------------- the bundle


def _cache_dir() -> Path:
    from helpers import settings

    return settings.cache_dir()


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, from the installed vl-convert.

    Building it takes seconds, so it is cached per vl-convert and Vega-Lite version in
    ``~/.cache/hop-rapporter/``."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    vl_version = vl_version_for_vl_convert()
    from importlib.metadata import version

    name = f"vega-bundle-vlc{version('vl-convert-python')}-vl{vl_version}.js"
    path = _cache_dir() / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = vlc.javascript_bundle(vl_version=vl_version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{name}.tmp-{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # no writable cache: build it again next time
        pass
    return text


# ---------------------------------------------------------------- the page


def ensure_tooltips(spec: dict) -> dict:
    """A copy of ``spec`` where every mark without a tooltip gets one from its encoding."""
    spec = copy.deepcopy(spec)

    def walk(node):
        if isinstance(node, dict):
            if "mark" in node:
                enc = node.get("encoding", {})
                mark = node["mark"]
                mark = {"type": mark} if isinstance(mark, str) else mark
                if "tooltip" not in enc and "tooltip" not in mark:
                    mark["tooltip"] = {"content": "encoding"}
                node["mark"] = mark
            for key, value in node.items():
                if key not in ("data", "datasets"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    spec.pop("$schema", None)  # not needed (mode is given) and not a reference to anything
    return spec


def _json_for_script(obj) -> str:
    """JSON that is safe inside <script type="application/json">."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _chart_html(svg: str, spec: dict) -> str:
    return ('<figure class="hop-chart">\n'
            f'<div class="hop-static">{svg}</div>\n'
            '<div class="hop-live" hidden></div>\n'
            f'<script type="application/json" class="hop-spec">{_json_for_script(spec)}'
            "</script>\n</figure>")


def interactive_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """A copy where each chart output is the static SVG plus its spec; and their count."""
    nb = nbformat.from_dict(copy.deepcopy(dict(nb)))
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for i, out in enumerate(cell.get("outputs", [])):
            spec = out.get("metadata", {}).get(SVG, {}).get(SPEC_KEY)
            if spec is None or SVG not in out.get("data", {}):
                continue
            svg = out["data"][SVG]
            svg = "".join(svg) if isinstance(svg, list) else svg
            table = out.get("metadata", {}).get(SVG, {}).get(TABLE_HTML_KEY, "")
            cell.outputs[i] = nbformat.v4.new_output(
                "display_data",
                data={"text/html": _chart_html(svg, ensure_tooltips(spec)) + table})
            n += 1
    return nb, n


_STYLE = """
.hop-chart { margin: 0; }
:focus-visible { outline: 3px solid #1f4e79; outline-offset: 2px; }
.hop-live .vega-embed { display: block; }
@media print {
  .hop-live { display: none !important; }
  .hop-static { display: block !important; }
}
"""

_INIT = """
(function () {
  var opts = {renderer: "svg", mode: "vega-lite", actions: false,
              formatLocale: %(format)s, timeFormatLocale: %(time)s};
  document.querySelectorAll("figure.hop-chart").forEach(function (fig) {
    var spec = JSON.parse(fig.querySelector("script.hop-spec").textContent);
    var live = fig.querySelector(".hop-live");
    vegaEmbed(live, spec, opts).then(function (result) {
      fig.hopView = result.view;
      var svg = live.querySelector("svg");
      if (svg && spec.description) {  // the same accessible name as the static chart
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", spec.description);
        // one image, one name: Vega's roles on groups and marks go, as in the static SVG
        svg.querySelectorAll("[role], [aria-roledescription], [aria-label]").forEach(
          function (el) {
            ["role", "aria-roledescription", "aria-label"].forEach(function (a) {
              el.removeAttribute(a);
            });
          });
      }
      live.hidden = false;
      fig.querySelector(".hop-static").hidden = true;
    }).catch(function (err) { console.error(err); });
  });
})();
"""


def page_scripts() -> str:
    """What goes once at the end of the page: style, the bundle, the start-up script."""
    import vl_convert as vlc

    from helpers.presentation.charts import TIME_FORMAT_LOCALE
    from helpers.presentation.formatting import VEGA_FORMAT_LOCALE

    init = _INIT % {"format": json.dumps(VEGA_FORMAT_LOCALE, ensure_ascii=False),
                    "time": json.dumps(vlc.get_time_format_locale(TIME_FORMAT_LOCALE),
                                       ensure_ascii=False)}
    bundle = vega_bundle().replace("</script", "<\\/script")
    return (f"<style>{_STYLE}</style>\n<script>\n{bundle}\n</script>\n"
            f"<script>{init}</script>\n")


def interactive_page(nb: nbformat.NotebookNode, *, title: str, header: str) -> str:
    """The report page with live charts (see module docstring)."""
    from helpers.pack.export import notebook_body_html, page_html

    inb, n = interactive_notebook(nb)
    text = page_html(notebook_body_html(inb), title=title, header=header)
    if n == 0:
        return text
    head, sep, tail = text.rpartition("</body>")
    return head + page_scripts() + sep + tail


def write_interactive_html(nb: nbformat.NotebookNode, path: Path, *, title: str,
                           header: str) -> str:
    text = interactive_page(nb, title=title, header=header)
    Path(path).write_text(text, encoding="utf-8")
    return text

