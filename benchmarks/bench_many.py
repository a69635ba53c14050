"""Times `hop build --mapper` for N municipality folders: throughput per core and the cost
per municipality, with one worker process and with two.

    .venv/bin/python benchmarks/bench_many.py          # N = 4
    .venv/bin/python benchmarks/bench_many.py 8        # N = 8

The folders are made from the recorded fixtures (tests/fixtures/hent, no network): one
`hop hent --kommuner 5025` on the fake transport of the tests gives Røros' public data
(KOSTRA, population, projection, emissions), and that folder is copied N times, so each
folder is a full public-data pack (the reports `kostra` and `befolkning`, the appendix, the
key figures). Each configuration is a fresh `hop build --mapper … --jobs W` process into an
empty output folder. CPU seconds are those of the build and its child processes.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOP = [sys.executable, "-m", "helpers.pack.cli"]


def make_set(target: Path, n: int) -> None:
    """N copies of Røros' public-data folder, fetched from the fixtures."""
    sys.path.insert(0, str(ROOT / "tests"))
    os.environ.setdefault("HOP_UTEN_NETT", "1")
    from hent_fake import fetch_set  # the tests' fake SSB and Miljødirektoratet

    fetched = target.parent / "hentet"
    if fetch_set("5025", fetched)[0] != 0:
        sys.exit("hop hent feilet")
    target.mkdir(parents=True)
    for i in range(1, n + 1):
        shutil.copytree(fetched / "5025-roros", target / f"{i:03d}-roros")
    shutil.copytree(fetched / "kilder", target / "kilder")


def timed_build(root: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process's children) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([*HOP, "build", "--mapper", str(root), "--out", str(out), "--jobs",
                        str(workers)], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"Bygget feilet:\n{r.stdout}\n{r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    load = os.getloadavg()
    print(f"Maskin: {platform.platform()}, {os.cpu_count()} kjerner, Python "
          f"{platform.python_version()}; last før start {load[0]:.1f} (1 min)")
    with tempfile.TemporaryDirectory(prefix="bench-many-") as tmp:
        root = Path(tmp) / "sett"
        t0 = time.perf_counter()
        make_set(root, n)
        print(f"{n} kommunemapper laget på {time.perf_counter() - t0:.1f} s "
              "(én henting fra opptakene, så kopier)")
        print(f"{'arbeidere':>9} {'vegg s':>8} {'CPU s':>8} {'s/kommune':>10} "
              f"{'CPU s/kommune':>14} {'kommuner/min':>13} {'per kjerne/min':>15}")
        base = None
        for workers in (1, 2):
            wall, cpu = timed_build(root, Path(tmp) / f"ut-{workers}", workers)
            per_min = n / wall * 60
            base = base or per_min
            print(f"{workers:>9} {wall:>8.1f} {cpu:>8.1f} {wall / n:>10.1f} {cpu / n:>14.1f} "
                  f"{per_min:>13.2f} {per_min / workers:>15.2f}")
        print(f"To arbeidere mot én: {per_min / base:.2f} × så mange kommuner per minutt. "
              f"Last etter: {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
