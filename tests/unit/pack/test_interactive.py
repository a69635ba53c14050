"""hop build --interaktiv: live charts with tooltips, one inlined Vega bundle, no network."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import nbformat
import pytest
from conftest import DATA_DIR

from helpers.pack.catalogue import available_reports
from helpers.pack.export import notebook_body_html, page_html
from helpers.pack.interactive import SPEC_KEY, ensure_tooltips, vega_bundle
from helpers.pack.runner import build_one

_SPEC_RE = re.compile(r'<script[^>]*class="hop-spec"[^>]*>(.*?)</script>', re.S)


def _unit_specs(node):
    if isinstance(node, dict):
        if "mark" in node:
            yield node
        for key, value in node.items():
            if key not in ("data", "datasets"):
                yield from _unit_specs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _unit_specs(item)


def _has_tooltip(unit: dict) -> bool:
    mark = unit["mark"]
    return "tooltip" in unit.get("encoding", {}) or (isinstance(mark, dict) and "tooltip" in mark)


def test_ensure_tooltips_adds_one_where_missing_and_keeps_the_rest():
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "layer": [
        {"mark": "bar", "encoding": {"tooltip": [{"field": "verdi", "format": ",.1f"}]}},
        {"mark": {"type": "text", "dx": 3}, "encoding": {"text": {"field": "verdi"}}},
    ]}
    out = ensure_tooltips(spec)
    assert "$schema" not in out and "$schema" in spec  # a copy
    bar, text = out["layer"]
    assert bar["mark"] == {"type": "bar"}
    assert bar["encoding"]["tooltip"] == [{"field": "verdi", "format": ",.1f"}]
    assert text["mark"] == {"type": "text", "dx": 3, "tooltip": {"content": "encoding"}}


@pytest.fixture(scope="module")
def interactive_kostra(tmp_path_factory):
    out = tmp_path_factory.mktemp("interaktiv")
    result = build_one(available_reports()["kostra"], {}, out, DATA_DIR, interaktiv=True)
    assert result.ok, result.error
    return out / "kostra"


@pytest.mark.slow
def test_interactive_page_has_one_bundle_no_external_reference_and_tooltips(
        interactive_kostra):
    page = (interactive_kostra / "kostra.html").read_text(encoding="utf-8")
    bundle = vega_bundle()
    signature = bundle[len(bundle) // 2: len(bundle) // 2 + 400]
    assert page.count(signature) == 1
    assert len(re.findall(r"<script>", page)) == 2  # the bundle and the start-up script
    # No external reference: outside the library's own code, nothing in the page loads
    # anything (no src/href/CSS url to elsewhere, no link or import).
    rest = page.replace(bundle, "")
    assert len(rest) < len(page) - len(bundle) + 1
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#|data:)""", rest, re.I)
    assert "<link" not in rest and "@import" not in rest
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", rest)
    assert "vega.github.io" not in rest  # no $schema or editor link in the specs

    specs = [json.loads(s) for s in _SPEC_RE.findall(page)]
    nb = nbformat.read(interactive_kostra / "kostra.ipynb", as_version=4)
    charts = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/svg+xml" in o.get("data", {})]
    assert len(specs) == len(charts) >= 2
    assert all(SPEC_KEY in o.metadata["image/svg+xml"] for o in charts)
    for spec in specs:
        units = list(_unit_specs(spec))
        assert units and all(_has_tooltip(u) for u in units)
        assert "$schema" not in spec
    # The static SVG stays in the page, for print and with scripts off.
    assert page.count('<div class="hop-static">') == len(specs)
    assert page.count("<svg") >= len(specs)


@pytest.mark.slow
def test_default_html_stays_script_free(interactive_kostra):
    nb = nbformat.read(interactive_kostra / "kostra.ipynb", as_version=4)
    page = page_html(notebook_body_html(nb), title="t", header="h")
    assert "<script" not in page
    assert page.count("<svg") >= 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium mangler")
def test_tooltips_show_norwegian_numbers_in_a_browser(interactive_kostra, tmp_path):
    page = (interactive_kostra / "kostra.html").read_text(encoding="utf-8")
    probe = """<script>
var tries = 0, iv = setInterval(function () {
  var figs = document.querySelectorAll("figure.hop-chart"), ready = true;
  figs.forEach(function (f) { if (!f.hopView) ready = false; });
  if (!ready && ++tries < 200) return;
  clearInterval(iv);
  var out = [];
  figs.forEach(function (fig) {
    function walk(node) { (node && node.items || []).forEach(function (it) {
      if (it.tooltip) out.push(it.tooltip); walk(it); }); }
    if (fig.hopView) walk(fig.hopView.scenegraph().root);
  });
  var pre = document.createElement("pre"); pre.id = "probe";
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
}, 100);
</script>"""
    head, sep, tail = page.rpartition("</body>")
    probe_page = tmp_path / "probe.html"
    probe_page.write_text(head + probe + sep + tail, encoding="utf-8")
    dom = subprocess.run(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
         "--virtual-time-budget=30000", "--dump-dom", probe_page.as_uri()],
        capture_output=True, text=True, timeout=180).stdout
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, "diagrammene ble ikke tegnet i nettleseren"
    tooltips = json.loads(m.group(1).replace("&nbsp;", "\u00a0").replace("&amp;", "&"))
    values = [v for t in tooltips for v in t.values() if isinstance(v, str)]
    assert any(re.fullmatch(r"\d{1,3}(\u00a0\d{3})+", v) for v in values), values[:10]
    assert any(re.fullmatch(r"\d+,\d", v) for v in values), values[:10]
    assert not any(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+", v) for v in values)
    # Every chart drew live, so its static copy is hidden.
    assert dom.count('class="hop-static" hidden') == page.count('<div class="hop-static">')
