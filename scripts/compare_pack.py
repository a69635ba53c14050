"""Builds the pack in three configurations and writes what a reader sees, for comparison.

Used to check that a restructuring changes nothing a council reads: for each configuration
(the default pack, ``--set budsjettaar=2025`` and the pack for Tynset) it builds every report
with ``hop build --force`` and stores, per configuration, the text of every PDF
(``pdftotext -layout``) and the key figures (``nokkeltall.csv``). Run it on two trees and
compare the two output folders with ``diff -r``::

    python scripts/compare_pack.py OUT_DIR            # this tree
    diff -r BEFORE_DIR AFTER_DIR && echo identical

The build's own time stamps (the cover's «Bygget …» line) are removed before storing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

CONFIGS = {
    "standard": [],
    "budsjettaar-2025": ["--set", "budsjettaar=2025"],
    "tynset": ["--set", "kommune=Tynset"],
}
# Lines that carry the build time or the build's own checksums, which differ on every build.
VOLATILE = re.compile(r"(\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?|\d{1,2}\. \w+ \d{4} kl\. \d\d[.:]\d\d"
                      r"|[0-9a-f]{64}|[0-9a-f]{12,16})")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0]).resolve()
    root = Path(__file__).resolve().parent.parent
    for name, extra in CONFIGS.items():
        build_dir = out / "build" / name
        shutil.rmtree(build_dir, ignore_errors=True)
        cmd = [sys.executable, "-m", "helpers.pack.cli", "build", "--force", "--out",
               str(build_dir), *extra]
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        text_dir = out / "tekst" / name
        shutil.rmtree(text_dir, ignore_errors=True)
        text_dir.mkdir(parents=True)
        (text_dir / "_exit.txt").write_text(f"{result.returncode}\n")
        for pdf in sorted(build_dir.rglob("*.pdf")):
            txt = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                 text=True, check=True).stdout
            rel = pdf.relative_to(build_dir).as_posix().replace("/", "__")
            (text_dir / f"{rel}.txt").write_text(VOLATILE.sub("<volatile>", txt))
        for csv in sorted(build_dir.rglob("nokkeltall.csv")):
            rel = csv.relative_to(build_dir).as_posix().replace("/", "__")
            (text_dir / rel).write_text(csv.read_text())
        print(f"{name}: exit {result.returncode}, {len(list(text_dir.iterdir())) - 1} filer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
