"""issue 30: the case document merged from the reports' own PDFs, at PDF level (pikepdf).

Each report is laid out and written once, as its own tagged PDF/A-2a («Side i av n»). The
case document (cover, contents, then every report) is made from

- the front matter, written as its own tagged PDF/A-2a by WeasyPrint
  (:func:`helpers.pack.appendix.appendix_html`): it is the base of the merged file (its
  XMP and PDF/A identifier, OutputIntent, MarkInfo, Lang, ViewerPreferences, title);
- the reports' own finished PDFs, appended page by page (:func:`merge`);
- a WeasyPrint document of M empty pages with the reports' ``@page`` rules
  (:func:`helpers.pack.layout.footer_html`): page N of it carries «Side N av M».

What :func:`merge` does to the appended pages (checked against WeasyPrint 70's output):

- **Footers**: the own PDF's «Side i av n» is an artifact
  (``/Artifact <</Subtype /Footer …>> BDC … EMC``, :mod:`helpers.pack.pdf_access`); it is
  cut out of the page's content and page N of the footer document painted in its place, as a
  form XObject inside an ``/Artifact`` sequence. The header and everything else stay.
- **Structure tree**: each report's ``/Document`` element becomes a ``/Part`` under the
  base's document element, in order (the header cells' ``/ID`` and the ``/Headers`` that
  name them get the report's anchor as prefix: they are unique only within one PDF); its
  parent-tree entries are added under new keys (the pages' ``/StructParents`` and the
  annotations' ``/StructParent`` renumbered), and ``ParentTreeNextKey`` set. RoleMap,
  ClassMap and IDTree are merged where present.
- **Outline**: the front matter's entries, then each report's bookmarks down to
  :data:`BOOKMARK_LEVELS`, pointing at the merged pages.
- **Links**: the reports' named destinations (WeasyPrint writes one per element id, in
  ``Root.Names.Dests``) are merged into the base. The contents' entries link to
  ``hop-anker:<anchor>`` (:data:`ANCHOR_SCHEME`; WeasyPrint drops a link to an id that is
  not in its document); those URI actions become links to the named destinations, as
  WeasyPrint writes internal links, and keep their ``/Link`` structure elements.

The contents' sections and their page numbers come from the reports' own outlines
(:func:`report_pages`: the level-2 bookmarks, linked to as :func:`section_anchor`), so a
report reused from an earlier build is not laid out again: its PDF on disk is merged as it
is. The own PDFs are only read.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from helpers.pack.pdf_access import is_footer_stream, number_tree, structure_elements

ANCHOR_SCHEME = "hop-anker:"  # the contents' links to a report or section (appendix_html)
FOOTER_FORM = "/HopSide"  # the resource name of the painted «Side N av M»
BOOKMARK_LEVELS = 2  # the case document's outline: reports and their main sections


@dataclass(frozen=True)
class ReportPages:
    """What the contents need to know about a report's own PDF: its page count, its named
    destinations (element ids), and its main sections as the outline has them (the
    level-2 bookmarks: title and 0-based page)."""
    count: int
    names: frozenset[str]
    sections: tuple[tuple[str, int], ...]


def section_anchor(anchor: str, k: int) -> str:
    """The name of the ``k``-th (1-based) main section of the report at ``anchor``: the
    contents link to it and the merged document has it as a named destination."""
    return f"{anchor}/{k}"


def _dests(pdf) -> dict[str, object]:
    """The named destinations of ``pdf`` ({name: destination array})."""
    import pikepdf

    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    if tree is None:
        return {}
    out = {}
    for name, dest in pikepdf.NameTree(tree).items():
        if isinstance(dest, pikepdf.Dictionary):  # << /D [...] >>
            dest = dest.get("/D")
        if isinstance(dest, pikepdf.Array) and len(dest) > 0:
            out[str(name)] = dest
    return out


def _page_of(dest, index: dict) -> int | None:
    target = dest[0]
    return index.get(target.objgen) if hasattr(target, "objgen") else None


def _outline(pdf, levels: int) -> list[tuple[int, str, object]]:
    """The bookmarks of ``pdf`` down to ``levels``, in order: (level, title,
    destination array)."""
    import pikepdf

    names, out = None, []
    with pdf.open_outline() as outline:
        stack = [(item, 1) for item in reversed(outline.root)]
        while stack:
            item, level = stack.pop()
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                names = _dests(pdf) if names is None else names
                dest = names.get(str(dest))
            if isinstance(dest, pikepdf.Array) and len(dest) > 0:
                out.append((level, item.title, dest))
            if level < levels:
                stack.extend((c, level + 1) for c in reversed(item.children))
    return out


def report_pages(path: Path) -> ReportPages:
    """Page count, names and main sections of a report's own PDF (the one way they are
    read: the case document's contents and outline come from them). Read once per
    version of the file in a process (by path, size and modification time)."""
    stat = Path(path).stat()
    return _report_pages(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _report_pages(path: str, size: int, mtime_ns: int) -> ReportPages:
    import pikepdf

    with pikepdf.open(path) as pdf:
        index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        sections = tuple((title, _page_of(dest, index) or 0)
                         for level, title, dest in _outline(pdf, BOOKMARK_LEVELS)
                         if level == BOOKMARK_LEVELS)
        return ReportPages(len(pdf.pages), frozenset(_dests(pdf)), sections)


def _without_footer(page) -> list:
    """The page's content instructions without the footer artifact(s), wrapped in q … Q."""
    import pikepdf

    out = [pikepdf.ContentStreamInstruction([], pikepdf.Operator("q"))]
    depth = 0  # inside a footer artifact: how many sequences are open
    for ins in pikepdf.parse_content_stream(page):
        op = str(ins.operator) if isinstance(ins, pikepdf.ContentStreamInstruction) else ""
        if depth:
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            continue
        if (op == "BDC" and ins.operands[0] == pikepdf.Name.Artifact
                and isinstance(ins.operands[1], pikepdf.Dictionary)
                and ins.operands[1].get("/Subtype") == pikepdf.Name.Footer):
            depth = 1
            continue
        out.append(ins)
    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")))
    return out


def _put_footer(pdf, page, form) -> None:
    """Replace ``page``'s footer artifact by ``form`` (a page of the footer document).
    When the footer is a content stream of its own (:func:`pdf_access.page_contents`),
    the page's other streams are kept as they are; else the page is parsed."""
    import pikepdf

    props = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name.Footer)
    footer = [pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, props],
                                               pikepdf.Operator("BDC")),
              pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")),
              pikepdf.ContentStreamInstruction([pikepdf.Name(FOOTER_FORM)],
                                               pikepdf.Operator("Do")),
              pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")),
              pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else []
    kept = [x for x in streams if not is_footer_stream(x)]
    if streams and len(kept) < len(streams):
        page.obj.Contents = pikepdf.Array([
            pikepdf.Stream(pdf, b"q\n"), *kept,
            pikepdf.Stream(pdf, b"Q\n" + pikepdf.unparse_content_stream(footer))])
    else:
        ins = _without_footer(page) + footer
        page.obj.Contents = pikepdf.Stream(pdf, pikepdf.unparse_content_stream(ins))
    # the pages of a report share one resource dictionary: each gets its own (shallow)
    old = page.obj.get("/Resources") or pikepdf.Dictionary()
    resources = pikepdf.Dictionary({k: v for k, v in old.items()})
    resources.XObject = pikepdf.Dictionary(
        {**{k: v for k, v in (old.get("/XObject") or pikepdf.Dictionary()).items()},
         FOOTER_FORM: form})
    page.obj.Resources = resources


def _document_element(root):
    """The structure root's document element (WeasyPrint writes one ``/Document``)."""
    import pikepdf

    k = root.get("/K")
    if isinstance(k, pikepdf.Array):
        k = k[0] if len(k) == 1 else None
    return k if isinstance(k, pikepdf.Dictionary) and "/S" in k else None


class _Merger:
    def __init__(self, base, footer) -> None:
        import pikepdf

        self.pdf, self.footer = base, footer
        self.root = base.Root.StructTreeRoot
        self.document = _document_element(self.root)
        if self.document is None:  # pragma: no cover - a WeasyPrint change
            raise RuntimeError("forsiden har ikke ett dokumentelement i strukturtreet")
        if not isinstance(self.document.get("/K"), pikepdf.Array):
            self.document.K = pikepdf.Array([self.document.K] if "/K" in self.document
                                            else [])
        self.nums = number_tree(self.root.get("/ParentTree"))
        self.next_key = max([int(self.root.get("/ParentTreeNextKey", 0)),
                             *(k + 1 for k in self.nums)], default=0)
        self.dests = _dests(base)
        self.outline: list = []  # (level, title, destination) after the front matter's

    def add(self, src, anchor: str) -> None:
        """Append the pages, structure, destinations and bookmarks of ``src``, the report
        at ``anchor`` (its main sections get their :func:`section_anchor` names)."""
        import pikepdf

        first = len(self.pdf.pages)
        with warnings.catch_warnings():  # the named destinations are merged below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            self.pdf.pages.extend(src.pages)
        pages = self.pdf.pages[first:]
        index = {p.obj.objgen: i for i, p in enumerate(src.pages)}
        offset = self.next_key
        src_root = src.Root.StructTreeRoot
        src_nums = number_tree(src_root.get("/ParentTree"))
        for key, value in src_nums.items():
            self.nums[key + offset] = _copy(self.pdf, src, value)
        self.next_key = offset + max([int(src_root.get("/ParentTreeNextKey", 0)),
                                      *(k + 1 for k in src_nums)], default=0)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots") or []:
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        kids = src_root.get("/K")
        for elem in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if not isinstance(elem, pikepdf.Dictionary):
                continue
            elem = _copy(self.pdf, src, elem)
            if elem.get("/S") == pikepdf.Name.Document:
                elem.S = pikepdf.Name.Part
            elem.P = self.document
            self.document.K.append(elem)
            _prefix_ids(elem, f"{anchor}:")
        for key in ("/RoleMap", "/ClassMap"):
            if key in src_root:
                theirs = _copy(self.pdf, src, src_root[key])
                mine = self.root.get(key) or pikepdf.Dictionary()
                self.root[key] = pikepdf.Dictionary({**dict(theirs.items()),
                                                     **dict(mine.items())})
        if "/IDTree" in src_root:
            ids = pikepdf.NameTree(self.root.IDTree) if "/IDTree" in self.root \
                else pikepdf.NameTree.new(self.pdf)
            self.root.IDTree = ids.obj
            for k, v in pikepdf.NameTree(src_root.IDTree).items():
                ids[f"{anchor}:{k}"] = _copy(self.pdf, src, v)
        for name, dest in _dests(src).items():
            self.dests[name] = self._moved(dest, index, pages)
        k = 0
        for level, title, dest in _outline(src, BOOKMARK_LEVELS):
            moved = self._moved(dest, index, pages)
            self.outline.append((level, title, moved))
            if level == BOOKMARK_LEVELS:
                k += 1
                self.dests[section_anchor(anchor, k)] = moved

    def _moved(self, dest, index: dict, pages):
        """``dest`` of the source, pointing at the merged page."""
        import pikepdf

        page = _page_of(dest, index)
        rest = list(dest)[1:]  # /XYZ left top zoom: numbers and a name
        return pikepdf.Array([pages[page].obj if page is not None else dest[0], *rest])

    def footers(self, first: int) -> None:
        """«Side N av M» on every page from ``first`` (0-based) on."""
        for n in range(first, len(self.pdf.pages)):
            form = self.pdf.copy_foreign(self.footer.pages[n].as_form_xobject())
            _put_footer(self.pdf, self.pdf.pages[n], form)

    def finish(self) -> None:
        import pikepdf

        self.root.ParentTree = pikepdf.Dictionary(
            Nums=pikepdf.Array([x for k in sorted(self.nums) for x in (k, self.nums[k])]))
        self.root.ParentTreeNextKey = self.next_key
        tree = pikepdf.NameTree.new(self.pdf)
        for name in sorted(self.dests):
            tree[name] = self.dests[name]
        if "/Names" not in self.pdf.Root:
            self.pdf.Root.Names = pikepdf.Dictionary()
        self.pdf.Root.Names.Dests = tree.obj
        self._links()
        with self.pdf.open_outline() as outline:
            parents = {0: outline.root}
            for level, title, dest in self.outline:
                item = pikepdf.OutlineItem(title, dest)
                holder = parents.get(level - 1, outline.root)
                (holder if isinstance(holder, list) else holder.children).append(item)
                parents[level] = item

    def _links(self) -> None:
        """The contents' ``hop-anker:`` links as links to the named destinations."""
        import pikepdf

        for page in self.pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) \
                    else ""
                if not uri.startswith(ANCHOR_SCHEME):
                    continue
                name = unquote(uri[len(ANCHOR_SCHEME):])  # WeasyPrint writes an IRI as URI
                if name not in self.dests:
                    raise RuntimeError(f"innholdslisten lenker til «{name}», som ikke finnes")
                del annot["/A"]
                annot.Dest = pikepdf.String(name)
                annot.Contents = pikepdf.String(name)


def _prefix_ids(element, prefix: str) -> None:
    """``prefix`` on the ``/ID`` of every structure element under ``element`` and on the
    ``/Headers`` that name them: WeasyPrint numbers the header cells of a table after the
    table's object number, which another report's PDF can have too."""
    import pikepdf

    for node in structure_elements(element):
        if "/ID" in node:
            node.ID = pikepdf.String(prefix + str(node.ID))
        attrs = node.get("/A")
        for owner in attrs if isinstance(attrs, pikepdf.Array) else [attrs]:
            if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
                owner.Headers = pikepdf.Array([pikepdf.String(prefix + str(h))
                                               for h in owner.Headers])


def _copy(pdf, src, obj):
    """``obj`` of ``src`` copied into ``pdf`` (qpdf copies the objects it references once
    per source, so pages and structure elements copied before are the same objects)."""
    import pikepdf

    if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        return obj
    return pdf.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))


def merge(front: Path, reports: list[tuple[str, Path]], footer: Path, dest: Path) -> None:
    """Write the case document ``dest``: the front matter's PDF, then each report's PDF
    (``reports``: [(the report's anchor, its PDF)]),
    the reports' pages with the running number of the footer document's page at the same
    place (``footer`` has as many pages as the whole document). Through a temporary file."""
    import pikepdf

    tmp = dest.with_name(f".{dest.name}.tmp")
    sources = []
    try:
        with pikepdf.open(front) as base, pikepdf.open(footer) as numbers:
            merger = _Merger(base, numbers)
            first = len(base.pages)
            for anchor, path in reports:
                src = pikepdf.open(path)
                sources.append(src)
                merger.add(src, anchor)
            if len(numbers.pages) != len(base.pages):  # pragma: no cover - a caller's error
                raise RuntimeError(f"sidetallene har {len(numbers.pages)} sider, "
                                   f"dokumentet {len(base.pages)}")
            merger.footers(first)
            merger.finish()
            # XMP as WeasyPrint wrote it; the structure in object streams, as WeasyPrint
            # writes it (a third of the file's size); the file ID from the content
            base.save(tmp, fix_metadata_version=False, deterministic_id=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        tmp.replace(dest)
    finally:
        for src in sources:
            src.close()
        tmp.unlink(missing_ok=True)
