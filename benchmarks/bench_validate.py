"""Times `hop validate` on a huge data file: a copy of data/ where one file is blown up to
about 50 MB by repeating its rows (every repeat is a duplicate-key error), and one where the
repeats are valid rows (distinct keys). Each run is a fresh process, as a user runs it.

    .venv/bin/python benchmarks/bench_validate.py          # kostra.csv, 50 MB
    .venv/bin/python benchmarks/bench_validate.py 20       # 20 MB

Prints wall-clock seconds and how many lines `hop validate` printed. The goal (issue 14):
under 10 s for 50 MB, and a readable number of lines.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOP = [sys.executable, "-m", "helpers.pack.cli"]


def blow_up(src: Path, dst: Path, megabytes: float, distinct_years: bool) -> int:
    """Write ``src`` to ``dst`` with its data rows repeated until ``dst`` is ``megabytes``
    big. With ``distinct_years`` each repeat gets its own year (valid rows, no duplicates)
    as far as the year range allows; otherwise every repeat duplicates the keys."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    block = "".join(rows).encode("utf-8")
    repeats = max(1, int(megabytes * 1e6 // len(block)))
    with dst.open("wb") as f:
        f.write(header.encode("utf-8"))
        for i in range(repeats):
            if distinct_years:
                year = str(1990 + i % 70)
                f.write("".join(r.replace(",2019,", f",{year},", 1) for r in rows)
                        .encode("utf-8"))
            else:
                f.write(block)
    return repeats * len(rows)


def run(data: Path) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds (user + system: less sensitive to a busy machine), exit
    code and lines printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([*HOP, "validate", "--data", str(data)], cwd=ROOT, capture_output=True,
                       text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.returncode, len(r.stdout.splitlines())


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 50.0
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        print(f"hop validate, kostra.csv blown up to about {megabytes:g} MB:")
        for label, distinct in (("duplicated rows", False), ("valid-looking rows", True)):
            n = blow_up(ROOT / "data" / "kostra.csv", data / "kostra.csv", megabytes, distinct)
            size = (data / "kostra.csv").stat().st_size / 1e6
            wall, cpu, rc, printed = run(data)
            print(f"  {label:20s} {size:5.1f} MB, {n:>8d} rows: {wall:5.1f} s wall, "
                  f"{cpu:5.1f} s CPU, exit {rc}, {printed} lines printed")


if __name__ == "__main__":
    main()
