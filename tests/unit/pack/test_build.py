"""The runner and the ``hop`` command: parameters, failures, swap, manifest, key figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hopcli import hop
from pypdf import PdfReader

from helpers.pack.catalogue import available_reports, declared_parameters
from helpers.pack.cli import parse_overrides
from helpers.presentation.nokkeltall import merge_key_figures

ROOT = Path(__file__).resolve().parents[3]




def test_parse_overrides_reads_yaml():
    assert parse_overrides(["kommune=Tynset", "budsjettaar=2025",
                            "sammenligning=[Tynset, Oppdal]", "rente_pst=4.5"]) == {
        "kommune": "Tynset", "budsjettaar": 2025, "sammenligning": ["Tynset", "Oppdal"],
        "rente_pst": 4.5}


def test_reports_are_discovered_with_parameters():
    reports = available_reports()
    assert "handlingsregler" in reports
    params = declared_parameters(reports["handlingsregler"].notebook)
    for name in ("kommune", "budsjettaar", "sammenligning", "data_dir", "nokkeltall_ut"):
        assert name in params
    assert all(p["help"] for p in params.values()), "hver parameter skal ha en kommentar"


def test_help_is_in_bokmal():
    r = hop("build", "--help")
    assert r.returncode == 0
    assert "Bruk: hop build" in r.stdout and "overstyr en parameter" in r.stdout
    assert "usage" not in r.stdout.lower() and "show this help" not in r.stdout


def test_unknown_report_and_parameter_are_refused(tmp_path):
    r = hop("build", "nosuchreport", "--out", str(tmp_path))
    assert r.returncode != 0 and "Ukjent rapport" in r.stdout
    r = hop("build", "handlingsregler", "--set", "nosuch=1", "--out", str(tmp_path))
    assert r.returncode != 0 and "Ukjent parameter: nosuch" in r.stdout


def test_data_error_stops_build_before_any_report(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "kostra.csv").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    r = hop("build", "handlingsregler", "--data", str(data), "--out", str(out))
    assert r.returncode == 1
    assert "kostra.csv: filen er tom" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert not (out / "handlingsregler").exists()


def test_key_figures_merge_keeps_other_reports():
    old = pd.DataFrame({"rapport": ["a", "b"], "nokkel": ["x", "y"], "kommune": ["R", "R"],
                        "aar": [2024, 2024], "dimensjon": ["", ""], "verdi": [1.0, 2.0],
                        "enhet": ["%", "%"]})
    new = old.iloc[[0]].assign(verdi=5.0)
    merged = merge_key_figures(old, new)
    assert merged.set_index("rapport")["verdi"].to_dict() == {"a": 5.0, "b": 2.0}


@pytest.mark.slow
def test_build_for_a_comparison_municipality_then_a_failure_keeps_it(tmp_path):
    out = tmp_path / "out"
    params = tmp_path / "p.yaml"
    params.write_text("kommune: Tynset\nsammenligning: [Oppdal, Holtålen]\n", encoding="utf-8")
    r = hop("build", "handlingsregler", "--out", str(out), "--params", str(params))
    assert r.returncode == 0, r.stdout + r.stderr
    folder = out / "handlingsregler"
    pdf_bytes = (folder / "handlingsregler.pdf").read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(folder / "handlingsregler.pdf").pages)
    assert "Handlingsregler – Tynset kommune" in text
    assert "Tynset har ingen egne handlingsregler" in text
    assert "67,7" in text  # Tynset's netto lånegjeld 2022

    kf = pd.read_csv(out / "nokkeltall.csv", keep_default_na=False)
    t = kf[(kf["nokkel"] == "netto_lanegjeld_pst") & (kf["kommune"] == "Tynset")]
    assert t.set_index("aar")["verdi"].to_dict() == {2019: 70.7, 2020: 69.6, 2021: 68.4,
                                                     2022: 67.7}

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rep = manifest["rapporter"]["handlingsregler"]
    assert rep["parametere"]["kommune"] == "Tynset"
    assert rep["parametere"]["sammenligning"] == ["Oppdal", "Holtålen"]
    assert {"kjoring", "html", "pdf"} <= set(rep["sekunder"])
    assert len(rep["inndata_sha256"]["kostra.csv"]) == 64
    assert manifest["pakker"]["papermill"]

    # An unknown municipality is refused before anything is built; the old output stays.
    r = hop("build", "handlingsregler", "--out", str(out), "--set", "kommune=Trondheim")
    assert r.returncode == 1
    assert "kommune: kjenner ikke kommunen «Trondheim»" in r.stdout
    assert (folder / "handlingsregler.pdf").read_bytes() == pdf_bytes
    # A failure inside a notebook names report and cell, and keeps the old output and its
    # manifest entry.
    r = hop("build", "handlingsregler", "--out", str(out), "--set", "avdragstid_aar=0")
    assert r.returncode == 1
    assert "handlingsregler" in r.stdout and "celle" in r.stdout
    assert "avdragstid_aar må være mellom 1 og 60 år, ikke 0" in " ".join(r.stdout.split())
    assert (folder / "handlingsregler.pdf").read_bytes() == pdf_bytes
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert after["rapporter"]["handlingsregler"] == rep
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


def test_recover_after_interrupted_build(tmp_path):
    from helpers.pack.folders import recover

    # Interrupted between moving the old folder aside and moving the new one in:
    old = tmp_path / ".old-kostra-1234"
    old.mkdir()
    (old / "kostra.pdf").write_bytes(b"%PDF old")
    # An unfinished temporary folder of another report:
    (tmp_path / ".tmp-finans-abc").mkdir()
    # A report whose swap completed but whose old copy was not yet removed:
    (tmp_path / "finans").mkdir()
    (tmp_path / ".old-finans-99").mkdir()
    recover(tmp_path)
    assert (tmp_path / "kostra" / "kostra.pdf").read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finans", "kostra"]


def test_declared_period_is_read_and_hidden():
    import nbformat

    from helpers.pack.export import declared_period, notebook_body_html
    from helpers.presentation.report import PERIOD_KEY

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("report.period('KOSTRA 2022')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": ""},
                                           metadata={PERIOD_KEY: "KOSTRA 2022"}),
                    nbformat.v4.new_output("display_data", data={"text/html": "<p>synlig</p>"})]
    nb.cells = [cell]
    assert declared_period(nb) == "KOSTRA 2022"
    body = notebook_body_html(nb)
    assert "synlig" in body and "KOSTRA 2022" not in body


# ---------------------------------------------------------------- issue 13: the schedule


def test_task_queue_takes_notebooks_first_then_largest_pdf():
    from helpers.pack.runner import TaskQueue

    q = TaskQueue()
    q.push("kjor", "a", None)
    q.push("pdf", "liten", None, size=10)
    q.push("kjor", "b", None)
    q.push("pdf", "stor", None, size=500)
    q.push("pdf", "middels", None, size=100)
    order = []
    while q:
        kind, name, _, _ = q.pop()
        order.append(f"{kind}:{name}")
    assert order == ["kjor:a", "kjor:b", "pdf:stor", "pdf:middels", "pdf:liten"]


def test_pack_build_places_the_documents_and_leaves_no_temporary_folder(built_pack):
    manifest = json.loads((built_pack / "manifest.json").read_text(encoding="utf-8"))
    # issue 28: the budget case's document holds its reports; the examples are elsewhere
    assert manifest["vedlegg"]["rapporter"] == [n for n, r in available_reports().items()
                                                if r.case == "hop"]
    assert "feil" not in manifest["vedlegg"]
    assert (built_pack / "vedlegg.pdf").is_file()
    assert not list(built_pack.glob(".tmp-*"))
    assert not list(built_pack.glob(".*.tmp"))


def test_a_report_whose_pdf_failed_is_not_in_the_documents(built_examples, tmp_path):
    """The documents are merged from the reports' PDFs in place: a report whose PDF failed
    is in none (its case gets no document when it was the only one), and the others' PDFs
    go in as they are."""
    import time

    from helpers.pack.appendix import APPENDIX_PDF
    from helpers.pack.runner import BuildResult, collect_outputs

    out = tmp_path / "ut"
    out.mkdir()
    shutil.copytree(built_examples["tertial"] / "tertial", out / "tertial")
    own = (out / "tertial" / "tertial.pdf").read_bytes()
    results = [BuildResult("tertial", ok=True,
                           parameters={"tertial": 2, "aar": 2024}),
               BuildResult("handlingsregler", ok=False, error="PDF-en ble ikke laget")]
    collect_outputs(out, results, ROOT / "eksempler" / "tertial", time.perf_counter(), 0.0)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["dokumenter"]) == ["tertial"] and "vedlegg" not in manifest
    assert manifest["dokumenter"]["tertial"]["rapporter"] == ["tertial"]
    assert not (out / APPENDIX_PDF).exists()
    outline = [o.title for o in PdfReader(out / "tertialrapport.pdf").outline
               if not isinstance(o, list)]
    assert outline[0] == "Innhold" and len(outline) == 2  # the contents, then one report
    assert outline[1].startswith("Tertialrapport")
    assert (out / "tertial" / "tertial.pdf").read_bytes() == own  # merged, not changed
    assert not list(out.glob(".tmp-*"))
