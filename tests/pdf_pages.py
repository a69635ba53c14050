"""Page checks over a built PDF: how full each page is, which running header it carries,
and which paragraphs the document prints more than once (issue 28, part 7).

Fill is measured on the rendered page (``pdftoppm``, grey, low resolution): the share of
the body's height down to the lowest inked row, so a chart counts like text. The running
header and the page number are outside the body band and do not count."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

TOP, BOTTOM = 0.07, 0.93  # the body band (header and footer lie outside it)
INK = 200  # a grey value below this is ink


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    # P5 header: magic, width, height, maxval, each separated by whitespace
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, f"ikke en PGM-fil: {path}"
    w, h = int(m.group(1)), int(m.group(2))
    return np.frombuffer(data[m.end():m.end() + w * h], dtype=np.uint8).reshape(h, w)


def page_fill(pdf: Path, dpi: int = 20) -> list[float]:
    """Per page: how far down the body band the content reaches (0 = empty, 1 = full)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"],
                       check=True)
        out = []
        for f in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            img = _read_pgm(f)
            h = img.shape[0]
            top, bottom = int(h * TOP), int(h * BOTTOM)
            rows = np.where((img[top:bottom] < INK).any(axis=1))[0]
            out.append(0.0 if rows.size == 0 else (rows.max() + 1) / (bottom - top))
        return out


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext``, reading order)."""
    txt = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = txt.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def running_header(text: str) -> str:
    """The page's running header: the first line with « · » (kommune · rapport · periode)."""
    for line in text.splitlines():
        if " · " in line:
            return line.strip()
    return ""


def near_empty_pages(fill: list[float], headers: list[str], limit: float = 0.3) -> list[int]:
    """1-based numbers of pages filled less than ``limit`` that are not the last page of
    their part (the next page carries the same running header)."""
    out = []
    for i, f in enumerate(fill[:-1]):
        same_part = headers[i] and headers[i] == headers[i + 1]
        if same_part and f < limit:
            out.append(i + 1)
    return out


def spill_pages(fill: list[float], headers: list[str], limit: float = 0.15) -> list[int]:
    """1-based numbers of pages that end a part (not the document) with only a few lines
    spilled over from the page before: filled less than ``limit``."""
    return [i + 1 for i, f in enumerate(fill[:-1])
            if headers[i] and headers[i] != headers[i + 1] and f < limit]


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])")


def repeated_sentences(texts: list[str], min_len: int = 90,
                       allowed: tuple[str, ...] = ()) -> dict[str, int]:
    """Sentences of at least ``min_len`` characters the document prints more than once
    (whitespace and hyphenation at line ends joined), except those starting with one of
    ``allowed``."""
    body = " ".join(texts)
    body = re.sub(r"-\n(?=[a-zæøå])", "", body)
    body = re.sub(r"\s+", " ", body)
    counts = Counter(s.strip() for s in _SENTENCE.split(body) if len(s.strip()) >= min_len)
    return {s: n for s, n in counts.items() if n > 1 and not s.startswith(allowed)}
