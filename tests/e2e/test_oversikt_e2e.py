"""The overview report built from the example group folder (``hop build --data
eksempler/oversikt``, the whole pack as a user runs it) and skipped in the default build
of data/ (no gruppe.csv): the council page's figures, source lines, accessible charts and
tagged PDF, and the «mangler data» path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from a11y import Axe, missing, summary
from pdf_structure import pdfua_problems, problems
from test_html_access import _colours, chart_svgs, page, specs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "eksempler" / "oversikt"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def group_pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("oversikt-pack")
    env = {**os.environ, "HOP_UTEN_NETT": "1", "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "build", "--data",
                          str(EXAMPLE), "--out", str(out)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_the_group_folder_builds_the_overview(group_pack):
    manifest = json.loads((group_pack / "manifest.json").read_text(encoding="utf-8"))
    assert not manifest["rapporter"]["oversikt"]["mangler"]
    assert manifest["siste_bygging"].get("feilet", []) == []
    # the municipality pack's reports lack their own figures here: «mangler data» pages
    assert manifest["rapporter"]["handlingsregler"]["mangler"]
    for ext in ("pdf", "html", "ipynb"):
        assert (group_pack / "oversikt" / f"oversikt.{ext}").stat().st_size > 1000


def test_the_page_shows_every_municipality_its_figures_and_the_source(group_pack):
    html = (group_pack / "oversikt" / "oversikt.html").read_text(encoding="utf-8")
    text = re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))
    text = text.replace("&nbsp;", NBSP).replace("&#160;", NBSP)
    for name in ("Røros", "Tynset", "Oppdal", "Midtre Gauldal", "Os (Hedm.)", "Holtålen"):
        assert name in text
    assert "(valgt kommune)" not in text  # no kommune given: nobody highlighted
    for figure in ("114,1", "19,6", "85,2", "−0,3"):  # Holtålen/Oppdal 2022, Røros 2019/2022
        assert figure + NBSP + "%" in text, figure
    assert text.count("Kilde: offentlig statistikk, KOSTRA (SSB)") == 4  # 3 tables + screen
    assert "kommuneloven § 28-1" in text
    assert "data/" not in text and ".csv" not in text  # no file names on a council page
    kf = (group_pack / "oversikt" / "nokkeltall.csv").read_text(encoding="utf-8")
    assert "oversikt,netto_lanegjeld_pst,Holtålen,2022,,114.1,%" in kf


def test_charts_have_their_text_alternative_and_contrast(group_pack):
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "presentation"))
    from wcag import contrast

    soup = page(group_pack, "oversikt")
    svgs = chart_svgs(soup)
    sp = specs(group_pack, "oversikt")
    assert len(svgs) == len(sp) == 3
    for svg, spec in zip(svgs, sp, strict=True):
        label = svg.get("aria-label", "")
        assert svg.get("role") == "img" and label == spec["description"] and len(label) > 60
        first = next(c for c in svg.children if getattr(c, "name", None))
        assert first.name == "title" and first.get_text() == label
        details = svg.find_next_sibling("details")
        assert details is not None and details.find("th", scope="col")
        found: list = []
        _colours(spec, found)
        assert all(contrast(colour) >= 3 for _kind, colour, _stroke in found), found
    assert "Normen på 1,75" in sp[0]["description"]
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels.count(1) == 1 and levels[0] == 1
    assert not [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert soup.html.get("lang") == "nb"


def test_the_pdf_is_tagged_and_passes_the_checks(group_pack):
    pdf = group_pack / "oversikt" / "oversikt.pdf"
    assert problems(pdf) + pdfua_problems(pdf) == []


@pytest.mark.skipif(bool(missing()), reason=missing() or "ok")
def test_axe_finds_nothing_at_wcag21_aa(group_pack):
    with Axe() as axe:
        found = axe.check(group_pack / "oversikt" / "oversikt.html")
    assert not found, summary(found)


def test_the_default_build_skips_the_overview_with_a_note(built_pack):
    """data/ is one municipality's folder, without gruppe.csv: the overview is a «mangler
    data» page, left out of the appendix, and merknader.md names the file."""
    manifest = json.loads((built_pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rapporter"]["oversikt"]["mangler"]
    assert "oversikt" not in manifest["vedlegg"]["rapporter"]
    notes = (built_pack / "merknader.md").read_text(encoding="utf-8")
    assert "gruppe.csv" in notes
