"""Write the documentation generated from the declarations: ``docs/bruk/datafiler.md``
(every data file, what fills it and which reports read it).

    python scripts/generate_docs.py          # write
    python scripts/generate_docs.py --check  # exit 1 when the committed file differs
"""

from __future__ import annotations

import sys

from helpers.pack.catalogue import DATA_FILES_DOC, data_files_markdown


def main(argv: list[str]) -> int:
    text = data_files_markdown()
    if "--check" in argv:
        current = DATA_FILES_DOC.read_text(encoding="utf-8") if DATA_FILES_DOC.exists() else ""
        if current != text:
            print(f"{DATA_FILES_DOC} er ikke oppdatert; kjør python scripts/generate_docs.py")
            return 1
        return 0
    DATA_FILES_DOC.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILES_DOC.write_text(text, encoding="utf-8")
    print(f"Skrev {DATA_FILES_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
