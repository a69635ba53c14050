"""Times `hop build` of the default report pack: a first run into an empty folder and a
re-run into the same folder, each as a fresh process (as the økonomisjef runs it), plus the
parts that dominate: kernel start, imports, data validation.

    .venv/bin/python benchmarks/bench_build.py            # default pack
    .venv/bin/python benchmarks/bench_build.py handlingsregler

Prints wall-clock seconds; the per-step timings of each report come from manifest.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOP = [sys.executable, "-m", "helpers.pack.cli"]


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"Feilet: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    return dt


def main() -> None:
    reports = sys.argv[1:]
    print(f"Maskin: {platform.platform()}, {os.cpu_count()} kjerner, Python "
          f"{platform.python_version()}")
    t_import = timed([sys.executable, "-c", "import pandas, altair"])
    print(f"import pandas, altair (ny prosess):        {t_import:6.2f} s")
    t_val = timed(HOP + ["validate"])
    print(f"hop validate (ny prosess):                 {t_val:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        first = timed(HOP + ["build", *reports, "--out", str(out)])
        print(f"hop build {' '.join(reports) or '(alle)'}, første kjøring: {first:6.2f} s")
        again = timed(HOP + ["build", *reports, "--out", str(out)])
        print(f"hop build {' '.join(reports) or '(alle)'}, ny kjøring:     {again:6.2f} s")
        serial = timed(HOP + ["build", *reports, "--out", str(out), "--jobs", "1"])
        print(f"hop build {' '.join(reports) or '(alle)'}, --jobs 1:       {serial:6.2f} s")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        print("\nPer rapport (siste kjøring, sekunder): kjøring / html / pdf")
        for name, rep in manifest["rapporter"].items():
            s = rep["sekunder"]
            print(f"  {name:16s} {s.get('kjoring', 0):6.2f} {s.get('html', 0):6.2f} "
                  f"{s.get('pdf', 0):6.2f}")


if __name__ == "__main__":
    main()
