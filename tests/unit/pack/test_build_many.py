"""``hop build --mapper MAPPE``: every folder of a set, on a local pool or on Dask.

The set is made by ``hop hent --kommuner 5025,3427`` on the recorded fixtures (no network),
plus a folder whose data do not validate. The Dask path runs on an in-process cluster
(``LocalCluster(processes=False)``) through the command line, and its files are compared
with one-by-one builds of each folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hent_fake import fetch_set

from helpers.pack import cli, many

# The build's clock, and the random ids pandas' Styler gives each table (T_1a2b3): they
# differ between two one-by-one builds too.
VOLATILE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\.\d+)?([+-]\d\d:\d\d|Z)?"
                      r"|\d{1,2}\. \w+ \d{4} kl\. \d\d[.:]\d\d|[0-9a-f]{64}|\bT_[0-9a-f]{5}")


@pytest.fixture(scope="module")
def sett(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sett") / "sett"
    assert fetch_set("5025,3427", root)[0] == 0
    broken = root / "9999-brutt"
    broken.mkdir()
    (broken / "kommuner.csv").write_text("kommunenummer,navn\n9999,Brutt\n", encoding="utf-8")
    return root


def _expected(sett: Path) -> list[str]:
    """The folders a build of the set goes through: the municipalities', the broken one's,
    and the overview folder's when this installation has the overview report."""
    from helpers.pack.catalogue import available_reports

    names = ["3427-tynset", "5025-roros", "9999-brutt"]
    if many.OVERVIEW_REPORT in available_reports():
        assert (sett / many.OVERVIEW / "gruppe.csv").is_file()
        names.append(many.OVERVIEW)
    return names


def _files(out: Path) -> dict[str, str]:
    """What a reader gets, without the build's clock: every file's name; the key figures
    and each page's text."""
    found: dict[str, str] = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file() or p.name == "manifest.json" or "/." in f"/{p.relative_to(out)}":
            continue
        rel = str(p.relative_to(out))
        if p.suffix in (".csv", ".html", ".md"):
            found[rel] = VOLATILE.sub("…", p.read_text(encoding="utf-8"))
        else:
            found[rel] = ""
    return found


@pytest.mark.slow  # builds the public-data reports of two municipalities, three times
def test_dask_gives_the_files_of_one_by_one_builds(sett, tmp_path, capsys):
    from distributed import LocalCluster

    with LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        code = cli.main(["build", "--mapper", str(sett), "--out", str(tmp_path / "dask"),
                         "--dask", cluster.scheduler_address])
    out = capsys.readouterr().out
    names = _expected(sett)
    n = len(names)
    assert code == 1  # the broken folder failed, and says so
    assert f"Bygger {n} mapper" in out and f"[{n}/{n}]" in out
    assert re.search(r"✗ 9999-brutt \([\d,]+ s\): feilet – 1\d feil i dataene:\n"
                     r"  - 9999-brutt/kommuner.csv, linje 1, kolonne «type»: kolonnen mangler", out)
    # Røros, maybe Tynset, and the overview when there is one
    assert re.search(rf"\n[{n - 2}{n - 1}] av {n} mapper bygget uten feil", out)
    if many.OVERVIEW in names:  # the overview folder builds the group's overview
        assert "✓ oversikt" in out and "bygget oversikt" in out
    for name in ("5025-roros", "3427-tynset"):
        folder = sett / name
        single = tmp_path / "alene" / name
        # (Tynset has no comparison municipality offline: its KOSTRA report fails alone too)
        cli.main(["build", *many.public_reports(), "--data", str(folder), "--params",
                  str(folder / "parametre.yaml"), "--out", str(single)])
        alone, together = _files(single), _files(tmp_path / "dask" / name)
        assert alone == together
        assert "nokkeltall.csv" in alone and "befolkning/befolkning.html" in alone
    # Røros has KOSTRA figures and its projection: both public reports are built.
    assert "✓ 5025-roros" in out and "bygget kostra, befolkning" in out
    assert (tmp_path / "dask" / "5025-roros" / "kostra" / "kostra.pdf").is_file()
    assert (tmp_path / "dask" / "5025-roros" / "vedlegg.pdf").is_file()


@pytest.mark.slow  # builds the population report of two municipalities
def test_local_pool_builds_each_folder_and_one_failure_stops_nothing(sett, tmp_path,
                                                                     capsys):
    code = cli.main(["build", "befolkning", "--mapper", str(sett), "--out",
                     str(tmp_path / "lokal"), "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert "på 2 prosesser" in out
    names = _expected(sett)
    results = {line.split()[2]: line for line in out.splitlines()
               if re.match(rf"\[\d/{len(names)}\] ", line)}
    assert set(results) == set(names)
    assert results["5025-roros"].split()[1] == "✓", out
    assert "bygget befolkning" in results["5025-roros"]
    # Tynset: the fixture has no projection for 3427, the report says what it lacks.
    assert "mangler data: befolkning" in results["3427-tynset"]
    assert results["9999-brutt"].split()[1] == "✗"
    if many.OVERVIEW in names:  # the overview folder builds the overview, not befolkning
        assert "✓ oversikt" in results[many.OVERVIEW]
        assert "bygget oversikt" in results[many.OVERVIEW]
    assert (tmp_path / "lokal" / "5025-roros" / "befolkning" / "befolkning.pdf").is_file()
    assert "Mangler data: befolkning i 1 mapper." in out


def test_public_reports_are_those_needing_only_public_data():
    assert many.public_reports() == ["kostra", "befolkning"]


def _folders(root: Path, *names: str) -> None:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "kommuner.csv").write_text("kommunenummer\n", encoding="utf-8")
    (root / "5025-roros" / "parametre.yaml").write_text('kommune: "5025"\n', encoding="utf-8")


def test_hop_dask_sends_every_folder_to_the_scheduler_it_names(tmp_path, monkeypatch,
                                                                capsys):
    _folders(tmp_path / "sett", "5025-roros", "3427-tynset", "oversikt")
    (tmp_path / "sett" / "kilder").mkdir()  # no kommuner.csv: not a data folder
    sent = {}

    def fake_dask(tasks, scheduler, on_done=None):
        sent["scheduler"], sent["tasks"] = scheduler, tasks
        return [many.FolderResult(t.folder.name, ok=True, built=t.reports) for t in tasks]

    monkeypatch.setattr(many, "run_dask", fake_dask)
    monkeypatch.setattr(many, "run_local", lambda *a, **k: pytest.fail("local pool used"))
    monkeypatch.setenv(many.DASK_ENV, "tcp://klynge:8786")
    assert cli.main(["build", "--gruppe", str(tmp_path / "sett")]) == 0
    assert sent["scheduler"] == "tcp://klynge:8786"
    tasks = {t.folder.name: t for t in sent["tasks"]}
    # The overview folder only when the overview report exists in this installation.
    assert set(tasks) - {"oversikt"} == {"3427-tynset", "5025-roros"}
    roros = tasks["5025-roros"]
    assert roros.params == {"kommune": "5025"}
    assert roros.reports == ["kostra", "befolkning"]
    assert roros.out_dir == tmp_path / "sett" / "rapporter" / "5025-roros"
    assert tasks["3427-tynset"].params == {}
    assert "på Dask-klyngen tcp://klynge:8786" in capsys.readouterr().out
    # --dask wins over the environment.
    assert cli.main(["build", "kostra", "--mapper", str(tmp_path / "sett"), "--dask",
                     "tcp://annen:8786", "--set", "kostra_aar=2022"]) == 0
    assert sent["scheduler"] == "tcp://annen:8786"
    assert {t.folder.name: t for t in sent["tasks"]}["5025-roros"].params == {
        "kommune": "5025", "kostra_aar": 2022}


def test_a_failed_folder_says_why_in_a_few_lines():
    r = many.FolderResult("9999-brutt", error="\n".join(f"linje {i}" for i in range(1, 9)),
                          seconds=1.25)
    assert r.line() == ("✗ 9999-brutt (1,3 s): feilet – linje 1\n  linje 2\n  linje 3\n"
                        "  linje 4\n  … og 4 linjer til")
    ok = many.FolderResult("5025-roros", ok=True, built=["kostra"],
                           lacking={"befolkning": ["framskrivningen"]}, seconds=20)
    assert ok.line() == "✓ 5025-roros (20,0 s): bygget kostra; mangler data: befolkning"
    assert many.summary([ok, r])[:2] == ["1 av 2 mapper bygget uten feil.",
                                         "Mangler data: befolkning i 1 mapper."]
