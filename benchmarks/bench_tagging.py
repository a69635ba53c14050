"""What tagging the PDFs costs (issue 23), in CPU seconds of this one process, so the
neighbours on a shared machine move the figures less than wall seconds of a whole build.

    .venv/bin/python benchmarks/bench_tagging.py reports/ [--ganger=2]

For a built pack (the folder ``hop build`` wrote), renders every report's HTML three ways,
alternating, ``--ganger`` times each (the case documents are merged from the reports' PDFs
and not laid out again, issue 30):

- *utagget*: as before issue 23 (without a PDF variant),
- *tagget*: WeasyPrint's ``pdf/a-2a`` (structure tree, tags per text box),
- *tagget + etterarbeid*: the same plus :func:`helpers.pack.pdf_access.finish_tagged_pdf`
  (page furniture as artifacts, TH scope; pikepdf).

Prints CPU seconds per way and what tagging adds in per cent.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    import weasyprint

    from helpers.pack.pdf_access import PDF_VARIANT, finish_tagged_pdf

    out_dir = Path(next(a for a in sys.argv[1:] if not a.startswith("--")))
    times = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--ganger=")), 2)
    docs = [(p.stem, p.read_text(encoding="utf-8"), p.parent, None)
            for p in sorted(out_dir.glob("*/*.html"))]
    ways = ["utagget", "tagget", "tagget + etterarbeid"]
    cpu = {w: [] for w in ways}
    finish = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(times):
            for way in ways:
                t0 = time.process_time()
                spent_finish = 0.0
                for name, text, base, old_variant in docs:
                    dest = Path(tmp) / f"{name}.pdf"
                    variant = old_variant if way == "utagget" else PDF_VARIANT
                    weasyprint.HTML(string=text, base_url=str(base)).write_pdf(
                        str(dest), pdf_variant=variant)
                    if way == "tagget + etterarbeid":
                        t1 = time.process_time()
                        finish_tagged_pdf(dest)
                        spent_finish += time.process_time() - t1
                cpu[way].append(time.process_time() - t0)
                if way == "tagget + etterarbeid":
                    finish.append(spent_finish)
    base = min(cpu["utagget"])
    print(f"{len(docs)} rapporter, {times} ganger hver, CPU s:")
    for way in ways:
        runs = " / ".join(f"{x:.1f}" for x in cpu[way])
        print(f"  {way:24} {runs:>20}   +{(min(cpu[way]) / base - 1) * 100:5.1f} %")
    print("  herav etterarbeidet (pikepdf): " + " / ".join(f"{x:.2f}" for x in finish))


if __name__ == "__main__":
    main()
