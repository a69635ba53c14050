"""Incremental builds (issue 13): which data files a report read, its fingerprint, and
reuse of unchanged reports without writing anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.data import load_data, reads
from helpers.pack import fingerprint as fp
from helpers.pack.cli import main as hop_main
from helpers.pack.runner import build

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT / "data"


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Inode, mtime (ns) and size of every file and folder below ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        st = p.stat()
        out[p.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def test_tracked_data_records_lookups_and_absent_files(tmp_path):
    data = load_data(DATA_DIR)
    reads.reset()
    data["kostra"]
    data.get("premieavvik")  # optional and absent in the example data
    assert "okonomiplan" in data
    assert list(reads.READS) == [str(DATA_DIR / "kostra.csv"),
                                 str(DATA_DIR / "premieavvik.csv"),
                                 str(DATA_DIR / "okonomiplan.csv")]
    reads.reset()
    dict(data)  # copying the whole dict reads every file
    assert str(DATA_DIR / "folketall.csv") in reads.READS
    assert len(reads.READS) == len(data._paths)


def test_load_data_returns_fresh_copies_from_its_cache():
    a = load_data(DATA_DIR)
    a["kostra"].iloc[0, a["kostra"].columns.get_loc("verdi")] = -1.0
    b = load_data(DATA_DIR)
    assert b["kostra"]["verdi"].iloc[0] != -1.0


def test_fingerprint_parts_and_differences(tmp_path):
    nb = ROOT / "notebooks" / "kostra.ipynb"
    assert "kommune" in fp.parameter_names(nb) and "data_dir" in fp.parameter_names(nb)
    params = fp.effective_parameters(fp.parameter_names(nb),
                                     {"kommune": "Tynset", "ukjent": 1}, DATA_DIR)
    assert params == {"kommune": "Tynset", "data_dir": str(DATA_DIR)}
    a = fp.compute(nb, params, [str(DATA_DIR / "kostra.csv")], DATA_DIR)
    assert set(a["datafiler"]) == {"kostra.csv", "kommuner.csv"}
    assert a["datafiler"]["kostra.csv"] == fp.sha256_file(DATA_DIR / "kostra.csv")
    b = fp.compute(nb, {**params, "kommune": "Oppdal"}, [str(DATA_DIR / "kostra.csv")],
                   DATA_DIR)
    assert a["sha256"] != b["sha256"]
    assert fp.differences(a, b) == ['parameteren kommune er endret ("Tynset" → "Oppdal")']
    assert fp.differences(a, a) == []
    missing = fp.compute(nb, params, [str(tmp_path / "finnes-ikke.csv")], DATA_DIR)
    assert missing["datafiler"][str(tmp_path / "finnes-ikke.csv")] is None


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """kostra and befolkning built once from a copy of the data."""
    root = tmp_path_factory.mktemp("inkrementell")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    out = root / "reports"
    results = build(["kostra", "befolkning"], {}, out, data, jobs=2)
    assert all(r.ok and not r.reused for r in results), [r.error for r in results]
    return data, out


def test_manifest_records_the_files_each_report_read(pack):
    data, out = pack
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kostra = manifest["rapporter"]["kostra"]["fingerprint"]
    bef = manifest["rapporter"]["befolkning"]["fingerprint"]
    assert "kostra_indikatorer.csv" in kostra["datafiler"]
    assert "kostra_indikatorer.csv" not in bef["datafiler"]
    assert "befolkning_framskrivning.csv" in bef["datafiler"]
    assert "befolkning_framskrivning.csv" not in kostra["datafiler"]
    assert kostra["parametere"] == {"data_dir": str(data)}
    assert kostra["hjelpekode"] == fp.helpers_digest()


def test_unchanged_rerun_writes_nothing_then_changes_rebuild_only_their_reports(pack):
    data, out = pack
    before = snapshot(out)
    # The whole command, fast path included: exit 0, not one file touched.
    assert hop_main(["build", "kostra", "befolkning", "--data", str(data),
                     "--out", str(out)]) == 0
    assert snapshot(out) == before
    # The runner itself reuses both as well.
    results = build(["kostra", "befolkning"], {}, out, data, jobs=2)
    assert [(r.report, r.reused) for r in results] == [("kostra", True), ("befolkning", True)]
    assert snapshot(out) == before

    # A CSV only kostra read: kostra is rebuilt, befolkning keeps every file as it was.
    with (data / "kostra_indikatorer.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    decisions = fp.plan(["kostra", "befolkning"], {}, data, out)
    assert decisions["kostra"].reasons == ["datafilen kostra_indikatorer.csv er endret"]
    assert not decisions["befolkning"].rebuild
    results = build(["kostra", "befolkning"], {}, out, data, jobs=2)
    assert [(r.report, r.reused) for r in results] == [("kostra", False), ("befolkning", True)]
    after = snapshot(out)
    bef_before = {k: v for k, v in before.items() if k.startswith("befolkning/")}
    assert bef_before and {k: after[k] for k in bef_before} == bef_before
    assert after["kostra/kostra.pdf"][0:2] != before["kostra/kostra.pdf"][0:2]
    assert after["manifest.json"] != before["manifest.json"]

    # --force rebuilds an unchanged report.
    results = build(["befolkning"], {}, out, data, jobs=2, force=True)
    assert results[0].ok and not results[0].reused
    assert snapshot(out)["befolkning/befolkning.pdf"][0:2] != bef_before[
        "befolkning/befolkning.pdf"][0:2]


def test_changed_parameter_or_notebook_rebuilds_that_report(pack, tmp_path):
    data, out = pack
    decisions = fp.plan(["kostra", "befolkning"], {"referanse": "Oppdal"}, data, out)
    assert decisions["kostra"].rebuild
    assert decisions["kostra"].reasons == [
        'parameteren referanse er endret (standardverdien → "Oppdal")']
    assert not decisions["befolkning"].rebuild  # befolkning has no such parameter
    assert fp.plan(["befolkning"], {}, data, out, force=True)["befolkning"].reasons == [
        "--force er gitt"]

    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = json.loads((notebooks / "befolkning.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["Ny merknad."]})
    (notebooks / "befolkning.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    decisions = fp.plan(["kostra", "befolkning"], {}, data, out, notebook_dir=notebooks)
    assert decisions["befolkning"].reasons == ["notatboken er endret"]
    assert not decisions["kostra"].rebuild


def test_dry_run_lists_what_and_why(pack, capsys):
    data, out = pack
    assert hop_main(["build", "kostra", "befolkning", "--data", str(data), "--out", str(out),
                     "--set", "kommune=Tynset", "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Ville bygget 2 av 2 rapport(er):" in text
    assert 'kostra: parameteren kommune er endret (standardverdien → "Tynset")' in text
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))[
        "rapporter"]["kostra"]["parametere"] == {"data_dir": str(data)}


def test_default_pack_is_reused_whole_on_an_unchanged_rerun(built_pack):
    """Every report of the default pack, also one whose period parameters the runner fills
    in from the defaults (the tertial report), is reused when nothing changed."""
    from helpers.pack.catalogue import available_reports
    from helpers.pack.fingerprint import plan, unchanged_pack

    names = list(available_reports())
    decisions = plan(names, {}, ROOT / "data", built_pack)
    assert {n: d.reasons for n, d in decisions.items() if d.rebuild} == {}
    assert unchanged_pack(names, {}, ROOT / "data", built_pack) == names
    # another period is still a change
    other = plan(["tertial"], {"tertial": 1}, ROOT / "data", built_pack)["tertial"]
    assert other.rebuild and any("parameteren tertial" in r for r in other.reasons)


def test_a_build_of_one_report_lays_its_pdf_out_in_its_own_process(pack, monkeypatch):
    """issue 30: when one report is rebuilt, the build imports WeasyPrint while the
    notebook runs in the worker and lays the PDF out itself, instead of the worker
    importing it first; the PDF is the same kind of file."""
    from pdf_structure import problems

    from helpers.pack import engine, runner

    data, out = pack
    with (data / "kostra_indikatorer.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    layouts, here = [], []
    real_warm, real_finish = engine.warm_up, runner.finish_one

    def warm(data_dir=None, layout=True):
        layouts.append(layout)
        return real_warm(data_dir, layout=layout)

    def finish(info, *args, **kwargs):
        here.append(info.name)
        return real_finish(info, *args, **kwargs)

    monkeypatch.setattr(engine, "warm_up", warm)
    monkeypatch.setattr(runner, "finish_one", finish)
    results = build(["kostra", "befolkning"], {}, out, data, jobs=2)
    assert [(r.report, r.ok, r.reused) for r in results] == [
        ("kostra", True, False), ("befolkning", True, True)]
    assert layouts == [False] and here == ["kostra"]
    assert problems(out / "kostra" / "kostra.pdf") == []
