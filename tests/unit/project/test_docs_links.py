"""The documentation holds together: every relative link in README.md, CONTRIBUTING.md,
data/README.md and docs/**/*.md points at a file that exists (and, for ``#anchor``, at a
heading in it), every dependency in pyproject.toml is explained in
docs/utvikling/avhengigheter.md, and the README stays short.

Links are read with markdown-it-py (already a dependency), so links in code spans and code
blocks are not links, as on GitHub. Anchors are GitHub's heading slugs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]
DOCS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "data" / "README.md",
               *(ROOT / "docs").rglob("*.md")])
# docs/bruk/datafiler.md is generated from the data-file registry on a parallel branch
# (the "Each fact declared once" issue); until that branch is merged it may be absent.
# Remove this once the file is in the tree.
MD = MarkdownIt("commonmark").enable("table")


def _walk(tokens):
    for tok in tokens:
        yield tok
        if tok.children:
            yield from _walk(tok.children)


def links(path: Path) -> list[str]:
    """Every link target and image source in a Markdown file."""
    out = []
    for tok in _walk(MD.parse(path.read_text(encoding="utf-8"))):
        if tok.type == "link_open":
            out.append(tok.attrs["href"])
        elif tok.type == "image":
            out.append(tok.attrs["src"])
    return out


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces → '-'."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    tokens = MD.parse(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        text = "".join(c.content for c in tokens[i + 1].children
                       if c.type in ("text", "code_inline"))
        base = slug(text)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken(path: Path, root: Path = ROOT) -> list[str]:
    problems = []
    for href in links(path):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            continue  # a web address
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not target.exists():
            problems.append(f"{href}: {target.relative_to(root)} finnes ikke")
            continue
        if parts.fragment and target.suffix == ".md":
            if unquote(parts.fragment) not in anchors(target):
                problems.append(f"{href}: ingen overskrift «{parts.fragment}» i "
                                f"{target.relative_to(root)}")
    return problems


def test_slug_is_githubs():
    assert slug("Nøkkeltallene (`nokkeltall.csv`)") == "nøkkeltallene-nokkeltallcsv"
    assert slug("Rundtur: eksport → import gir de samme bytene") == \
        "rundtur-eksport--import-gir-de-samme-bytene"


def test_a_broken_link_is_found(tmp_path):
    page = tmp_path / "side.md"
    page.write_text("# Tittel\n\n[finnes](side.md#tittel) [borte](borte.md) "
                    "[feil anker](side.md#ingen) `[kode](ikke-en-lenke.md)` "
                    "[nett](https://example.org/x.md)\n", encoding="utf-8")
    assert broken(page, tmp_path) == ["borte.md: borte.md finnes ikke",
                                      "side.md#ingen: ingen overskrift «ingen» i side.md"]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    assert not broken(path)


def test_the_docs_are_where_the_readme_says():
    assert (ROOT / "docs" / "bruk").is_dir() and (ROOT / "docs" / "utvikling").is_dir()
    assert not list((ROOT / "data").glob("dokumentasjon/*.md"))
    readme = links(ROOT / "README.md")
    assert "docs/bilder/side.png" in readme
    assert (ROOT / "docs" / "bilder" / "side.png").stat().st_size < 150_000


def test_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md har {len(lines)} linjer; detaljene hører til i docs/"


def test_every_dependency_is_explained():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {Requirement(r).name for r in project["dependencies"]}
    names |= {Requirement(r).name for extra in project["optional-dependencies"].values()
              for r in extra}
    text = (ROOT / "docs" / "utvikling" / "avhengigheter.md").read_text(encoding="utf-8")
    first_cells = " ".join(line.split("|")[1] for line in text.splitlines()
                           if line.startswith("| ") and line.count("|") >= 3)
    explained = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", first_cells))
    assert names - explained == set()
