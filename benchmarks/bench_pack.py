"""The default report pack, timed in one run: cold build, unchanged re-run, a re-run after
one data file changed, the build with a Jupyter kernel per notebook (``HOP_MOTOR=kjerne``)
and the naive chain a user would script (papermill CLI, ``jupyter nbconvert --to html`` and
the ``weasyprint`` CLI per notebook), side by side.

    .venv/bin/python benchmarks/bench_pack.py            # everything (several minutes)
    .venv/bin/python benchmarks/bench_pack.py --uten-naiv   # without the naive chain
    .venv/bin/python benchmarks/bench_pack.py --kald=3      # three cold builds, not one
    .venv/bin/python benchmarks/bench_pack.py --uten-kjerne # without HOP_MOTOR=kjerne

The naive chain runs the six reports of issue 30 (``SIX``); a cold ``hop build`` of the
same six to an empty folder (with the appendix, which the chain does not make) is the other
side of the ratio printed last.

Every step runs as fresh processes on a copy of ``data/``, with the tool's cache
(``HOP_HURTIGLAGER``) empty before the first cold build and before the six reports. Per step
it prints wall seconds, CPU seconds (user + system of every process of the step, from
``getrusage`` of the children), and, sampled every 0,1 s with psutil, the largest single
process (RSS) and the peak of the whole process tree (the sum of PSS, so pages the forked
workers share with the builder count once). The load average before and after is printed: on
a shared machine the wall seconds say more about the neighbours than about the build. After
the table, the cold build's seconds per part (validation, running the notebooks, HTML, the
reports' PDFs, the appendix) from its manifest.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOP = [sys.executable, "-m", "helpers.pack.cli"]
CHANGED_FILE = "kostra_indikatorer.csv"  # read by the KOSTRA report only
# The six reports the naive chain is measured on (the pack of issue 13; issue 30 compares
# the same six both ways).
SIX = ["handlingsregler", "kostra", "finans", "investering", "klimabudsjett", "befolkning"]


def _tree_rss(pid: int) -> tuple[int, int]:
    """Memory of a process and all its descendants (bytes): the sum of their proportional
    set sizes (PSS: a page shared by n processes counts 1/n in each, so the pages forked
    workers share with the builder count once), and the largest single RSS. Where PSS is
    not available (not Linux), the sum of RSS, an upper bound."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    total, largest = 0, 0
    for q in procs:
        try:
            rss = q.memory_info().rss
            try:
                total += q.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                total += rss
            largest = max(largest, rss)
        except psutil.Error:
            pass
    return total, largest


class Step:
    """Run commands one after another; measure wall, CPU and memory of all of them."""

    def __init__(self, label: str):
        self.label = label
        self.wall = self.cpu = 0.0
        self.max_rss_mib = 0.0
        self.tree_peak_mib = 0.0

    def run(self, cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> str:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak = [0, 0]
        stop = threading.Event()

        def sample():
            try:
                import psutil  # noqa: F401
            except ImportError:
                return
            while not stop.is_set():
                total, largest = _tree_rss(proc.pid)
                peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, _ = proc.communicate()
        stop.set()
        sampler.join()
        self.wall += time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        self.max_rss_mib = max(self.max_rss_mib, peak[1] / 2**20)
        self.tree_peak_mib = max(self.tree_peak_mib, peak[0] / 2**20)
        if proc.returncode != 0:
            sys.exit(f"Feilet: {' '.join(cmd)}\n{out}")
        return out


def naive_chain(step: Step, data: Path, out: Path) -> None:
    """What a user would script: three command-line tools per notebook, one after another."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if "title" not in json.loads(nb.read_text(encoding="utf-8"))["metadata"].get("hop", {}):
            continue
        if nb.stem not in SIX:
            continue
        executed = out / nb.name
        step.run([str(BIN / "papermill"), str(nb), str(executed), "-p", "data_dir", str(data),
                  "-p", "nokkeltall_ut", str(out / f"{nb.stem}-nokkeltall.csv"),
                  "--cwd", str(nb.parent), "--no-progress-bar"])
        step.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                  str(executed)])
        step.run([str(BIN / "weasyprint"), str(executed.with_suffix(".html")),
                  str(executed.with_suffix(".pdf"))])


def _phases(manifest_path: Path) -> list[tuple[str, float]]:
    """Seconds per part of a build, from its manifest: validation, then per kind of task
    summed over the reports, then the appendix."""
    import json

    m = json.loads(manifest_path.read_text(encoding="utf-8"))
    per = m.get("rapporter", {}).values()
    rows = [("validering og oppstart (før arbeidsprosessene)",
             m.get("sekunder", {}).get("validering", 0.0))]
    for key, label in (("kjoring", "kjøre notatbøkene"), ("html", "nbconvert til HTML"),
                       ("pdf", "PDF per rapport (WeasyPrint: layout og skriving)")):
        rows.append((f"{label}, {len(per)} rapporter", sum(r["sekunder"].get(key, 0.0)
                                                           for r in per)))
    if "vedlegg" in m:
        # issue 30: merged from the reports' own PDFs (front matter and page numbers laid
        # out, the reports' pages taken as they are)
        rows.append(("vedlegg.pdf satt sammen av rapportenes PDF-er",
                     m["vedlegg"]["sekunder"]))
    return rows


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    naive = "--uten-naiv" not in sys.argv
    with_kernel = "--uten-kjerne" not in sys.argv
    repeats = next((int(a.split("=", 1)[1]) - 1 for a in sys.argv if a.startswith("--kald=")),
                   0)
    print(f"Maskin: {_cpu_model()}, {os.cpu_count()} kjerner, "
          f"{platform.platform()}, Python {platform.python_version()}")
    print("Belastning (load average 1/5/15 min) før: "
          + " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    steps: list[Step] = []
    with tempfile.TemporaryDirectory(prefix="hop-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(ROOT / "data", data)
        out = tmp / "reports"
        build = HOP + ["build", "--data", str(data), "--out", str(out)]
        # The tool's cache (validated data files, page numbers) starts empty: the first
        # build is cold in every sense; the later steps use what it kept, as a user's
        # next builds do. The six reports get an empty cache of their own.
        os.environ["HOP_HURTIGLAGER"] = str(tmp / "hurtiglager")

        cold = Step("hop build, kald start til tom mappe")
        cold.run(build)
        steps.append(cold)
        phases = _phases(out / "manifest.json")
        for i in range(repeats):  # more cold builds: the spread on a machine that varies
            extra = Step(f"hop build, kald start til tom mappe ({i + 2}. gang)")
            extra.run(HOP + ["build", "--data", str(data), "--out", str(tmp / f"kald{i}")])
            steps.append(extra)
        again = Step("hop build, uendret ny kjøring")
        text = again.run(build)
        assert "Uendret" in text, text
        steps.append(again)
        with (data / CHANGED_FILE).open("a", encoding="utf-8") as f:
            f.write("\n")
        one = Step(f"hop build etter endret {CHANGED_FILE}")
        text = one.run(build)
        steps.append(one)
        rebuilt = [line for line in text.splitlines() if "✓" in line and "uendret" not in line]
        if with_kernel:
            kernel = Step("hop build --force med Jupyter-kjerne per notatbok")
            kernel.run(build + ["--force"], env={"HOP_MOTOR": "kjerne"})
            steps.append(kernel)
        if naive:
            six = Step(f"hop build, kald, de {len(SIX)} rapportene under")
            six.run(HOP + ["build", *SIX, "--data", str(data), "--out", str(tmp / "seks")],
                    env={"HOP_HURTIGLAGER": str(tmp / "hurtiglager-seks")})
            steps.append(six)
            chain = Step(f"naiv kjede for de samme {len(SIX)}: papermill + nbconvert + "
                         "weasyprint")
            naive_chain(chain, data, tmp / "naiv")
            steps.append(chain)

    print("Belastning etter: " + " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"Bygget på nytt etter endringen: {'; '.join(r.strip() for r in rebuilt)}")
    print()
    print(f"{'Steg':60} {'vegg s':>7} {'CPU s':>7} {'størst MiB':>10} {'tre MiB':>8}")
    for s in steps:
        print(f"{s.label:60} {s.wall:7.1f} {s.cpu:7.1f} {s.max_rss_mib:10.0f} "
              f"{s.tree_peak_mib:8.0f}")
    print("\nKald hop build, sekunder per del (vegg i arbeidsprosessene, summert over "
          "rapportene; delene går parallelt på kjernene):")
    for label, secs in phases:
        print(f"  {label:54} {secs:7.1f}")
    if naive:
        chain, six = steps[-1], steps[-2]
        print(f"\nNaiv kjede / kald hop build, de samme {len(SIX)} rapportene: "
              f"{chain.wall / six.wall:.1f} × vegg, {chain.cpu / six.cpu:.1f} × CPU")


if __name__ == "__main__":
    main()
