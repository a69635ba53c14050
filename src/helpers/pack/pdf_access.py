"""Accessible PDF (issue 23): tagged PDF/A-2a from WeasyPrint, finished with pikepdf.

WeasyPrint's ``pdf/a-2a`` variant tags the document (structure tree, ``MarkInfo``,
``Lang`` from ``<html lang>``, ``DisplayDocTitle``), embeds the fonts with a ``ToUnicode``
map and writes the PDF/A-2a identifier. Two gaps remain in WeasyPrint 70, and
:func:`finish_tagged_pdf` closes them after the PDF is written:

- **Page furniture** (the running header, «Side N av M», the footer line): WeasyPrint
  wraps the text of the page-margin boxes in marked content with an ``MCID`` whose
  structure element it leaves out of the tree (Kozea/WeasyPrint#1836), so that text is
  neither real content nor an artifact. Every such sequence becomes
  ``/Artifact <</Type /Pagination /Subtype /Header>> BDC … EMC`` (``/Footer`` in the lower
  half of the page) and its parent-tree entry is cleared.
  Which sequences those are is decided from the PDF itself (an ``MCID`` whose structure
  element cannot be reached from ``StructTreeRoot``), not from positions on the page.
- **Header scope**: WeasyPrint links data cells to their headers (``/Headers`` and
  ``/ID``) but writes no ``/Scope``; a ``TH`` in a table head gets ``/Scope /Column``,
  one in the body (the cell that names its row) ``/Scope /Row``.

:func:`mark_table_headers` is the HTML side: ``scope="col"`` on the head cells and, where
the first column of a table names the row (a text column), that cell as
``<th scope="row">``, so the PDF's tables get row headers too. It runs on the notebook's
body HTML, so the HTML pages get the same markup.
"""

from __future__ import annotations

import re
from pathlib import Path

PDF_VARIANT = "pdf/a-2a"  # tags on; Arkivverket and Uutilsynet name PDF/A-2a

_TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S | re.I)
_THEAD = re.compile(r"(<thead\b[^>]*>)(.*?)(</thead>)", re.S | re.I)
_TH_OPEN = re.compile(r"<th\b(?![^>]*\bscope=)", re.I)
_FIRST_TEXT_TD = re.compile(
    r"(<tr\b[^>]*>\s*)<td\b([^>]*\bclass=(['\"])[^'\"]*\btekst\b[^'\"]*\3[^>]*)>(.*?)</td>",
    re.S | re.I)


def _row_header(r: re.Match) -> str:
    """The first text cell as a row header; an empty one stays a data cell (an empty header
    names nothing, and a screen reader would read it out for every cell of the row)."""
    if not _VISIBLE_TEXT.sub("", r[4]):
        return r[0]
    return f'{r[1]}<th scope="row"{r[2]}>{r[4]}</th>'


_VISIBLE_TEXT = re.compile(r"<[^>]*>|&nbsp;|&#160;|\s", re.I)


def mark_table_headers(body: str) -> str:
    """``scope="col"`` on every header cell in a ``<thead>``; in a ``<tbody>``, the first
    cell of a row as ``<th scope="row">`` when it is in a text column (the tables from
    :func:`helpers.presentation.report.table` mark those with class ``tekst``), and
    ``scope="row"`` on header cells already in the body. Cells keep their classes and
    ids, so the page looks the same (``tbody th`` is styled like a text cell)."""
    body = _THEAD.sub(lambda m: m[1] + _TH_OPEN.sub('<th scope="col"', m[2]) + m[3], body)

    def fix_body(m: re.Match) -> str:
        rows = _TH_OPEN.sub('<th scope="row"', m[2])
        rows = _FIRST_TEXT_TD.sub(_row_header, rows)
        return m[1] + rows + m[3]

    return _TBODY.sub(fix_body, body)


def _reachable_elements(struct_root) -> set[tuple[int, int]]:
    """``objgen`` of every structure element reachable from ``StructTreeRoot /K``."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [struct_root.get("/K")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") in (None, pikepdf.Name.StructElem) and "/S" in node:
                if node.is_indirect:
                    if node.objgen in seen:
                        continue
                    seen.add(node.objgen)
                stack.append(node.get("/K"))
    return seen


def _parent_tree_arrays(struct_root) -> dict[int, object]:
    """The parent tree as {StructParents key: value}."""
    return number_tree(struct_root.get("/ParentTree"))


def number_tree(tree) -> dict[int, object]:
    """A number tree (flat or with /Kids) as {key: value}."""
    import pikepdf

    out: dict[int, object] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                out[int(nums[i])] = nums[i + 1]
        stack.extend(node.get("/Kids") or [])
    return out


def _artifact_operands(subtype: str | None):
    import pikepdf

    props = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    if subtype:
        props.Subtype = pikepdf.Name("/" + subtype)
    return [pikepdf.Name.Artifact, props]


def _operators(instructions) -> list[str]:
    """The operator of each instruction ("" for inline images), read once: turning
    pikepdf's operator into a string is most of a pass over a page (issue 30)."""
    import pikepdf

    return [str(ins.operator) if isinstance(ins, pikepdf.ContentStreamInstruction) else ""
            for ins in instructions]


_PLACING = frozenset({"q", "Q", "cm", "BDC", "EMC", "Tm"})  # what _furniture_places reads


def _furniture_places(instructions, ops: list[str], orphans: set[int],
                      height: float | None) -> dict[int, str]:
    """{index of an orphan's BDC: "Header" or "Footer"}, from where its first line of text
    lands on the page (the current transformation matrix, followed through q/Q/cm, applied
    to the text matrix's origin): the upper half is a header, the lower half a footer.
    Only for a page's own content stream (``height`` = the page's height). ``ops``: the
    instructions' operators (:func:`_operators`)."""
    import pikepdf

    if height is None:
        return {}
    ctm, stack, open_at, places = pikepdf.Matrix(), [], None, {}
    for i, op in enumerate(ops):
        if op not in _PLACING:
            continue
        ins = instructions[i]
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm" and len(ins.operands) == 6:
            ctm = pikepdf.Matrix(*[float(x) for x in ins.operands]) @ ctm
        elif op == "BDC" and _orphan_mcid(ins, orphans):
            open_at = i
        elif op == "EMC":
            open_at = None
        elif op == "Tm" and open_at is not None and len(ins.operands) == 6:
            _, y = ctm.transform((float(ins.operands[4]), float(ins.operands[5])))
            places[open_at] = "Header" if y > height / 2 else "Footer"
            open_at = None
    return places


def _orphan_mcid(ins, orphans: set[int]) -> bool:
    """Whether a BDC instruction opens the marked content of one of ``orphans``."""
    import pikepdf

    return (len(ins.operands) == 2
            and isinstance(ins.operands[1], pikepdf.Dictionary)
            and "/MCID" in ins.operands[1] and int(ins.operands[1].MCID) in orphans)


def page_contents(pdf, instructions, footers: set[int], ops: list[str] | None = None):
    """A page's content: one stream, or, when it has footer artifacts (their ``BDC`` at
    the indices ``footers``), the streams in order with each footer artifact (to its
    ``EMC``) a stream of its own. A page's content streams are one stream cut at token
    boundaries (ISO 32000-2, 7.8.2), so the page is the same; the case document leaves
    the footer's stream out without parsing the page (:mod:`helpers.pack.pdf_merge`,
    issue 30). ``ops``: the instructions' operators, when read already
    (:func:`_operators`)."""
    import pikepdf

    if not footers:
        return pikepdf.Stream(pdf, pikepdf.unparse_content_stream(instructions))
    parts: list[list] = []
    current: list = []
    depth = 0
    for i, (ins, op) in enumerate(zip(instructions, ops or _operators(instructions),
                                      strict=True)):
        if not depth and i in footers:
            if current:
                parts.append(current)
            current, depth = [ins], 1
            continue
        current.append(ins)
        if depth:
            depth += 1 if op in ("BDC", "BMC") else -1 if op == "EMC" else 0
            if not depth:
                parts.append(current)
                current = []
    if current:
        parts.append(current)
    streams = [pikepdf.Stream(pdf, pikepdf.unparse_content_stream(x)) for x in parts]
    return streams[0] if len(streams) == 1 else pikepdf.Array(streams)


def is_footer_stream(stream) -> bool:
    """Whether a stream of a page's content is one footer artifact
    (:func:`page_contents`)."""
    import pikepdf

    head = stream.read_bytes()[:120]
    if not head.lstrip().startswith(b"/Artifact") or b"/Footer" not in head:
        return False
    ops = [ins for ins in pikepdf.parse_content_stream(stream)
           if isinstance(ins, pikepdf.ContentStreamInstruction)]
    return (bool(ops) and str(ops[0].operator) == "BDC"
            and isinstance(ops[0].operands[1], pikepdf.Dictionary)
            and ops[0].operands[1].get("/Subtype") == pikepdf.Name.Footer
            and str(ops[-1].operator) == "EMC")


def _rewrite(pdf, owner, resources, orphans: set[int], seen: set) -> int:
    """Turn the marked-content sequences of ``orphans`` (MCIDs of one page) into
    artifacts in a content stream (a page, or a form XObject it paints, followed
    recursively); returns how many were rewritten. A stream that neither marks content
    nor paints an XObject is not parsed (most form XObjects: the pieces of the charts)."""
    import pikepdf

    page = isinstance(owner, pikepdf.Page)
    stream = owner.obj.Contents if page else owner
    raw = stream.read_bytes()
    if b"/MCID" not in raw and b"Do" not in raw:
        return 0
    instructions = list(pikepdf.parse_content_stream(owner))
    ops = _operators(instructions)
    box = owner.mediabox if page else None
    places = _furniture_places(instructions, ops, orphans,
                               float(box[3]) - float(box[1]) if box is not None else None)
    changed, out, painted, footers = 0, list(instructions), [], set()
    for i, op in enumerate(ops):
        if op == "BDC" and _orphan_mcid(instructions[i], orphans):
            out[i] = pikepdf.ContentStreamInstruction(_artifact_operands(places.get(i)),
                                                      pikepdf.Operator("BDC"))
            changed += 1
            if places.get(i) == "Footer":
                footers.add(i)
        elif op == "Do":
            painted.append(instructions[i].operands[0])
    if changed:
        if page:
            owner.obj.Contents = page_contents(pdf, out, footers, ops)
        else:
            owner.write(pikepdf.unparse_content_stream(out))
    xobjects = resources.get("/XObject") if resources is not None else None
    for name in painted:
        xobj = xobjects.get(name) if xobjects is not None else None
        if (isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == pikepdf.Name.Form
                and xobj.objgen not in seen):
            seen.add(xobj.objgen)
            changed += _rewrite(pdf, xobj, xobj.get("/Resources", resources), orphans, seen)
    return changed


def finish_tagged_pdf(path: Path) -> dict[str, int]:
    """Mark page furniture as artifacts and give header cells their scope, in place.

    Returns counts ({"artefakter": …, "th_scope": …}) for tests and timing. A PDF without
    a structure tree is left as it is."""
    import pikepdf

    counts = {"artefakter": 0, "th_scope": 0}
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return counts
        reachable = _reachable_elements(root)
        parents = _parent_tree_arrays(root)
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            array = parents.get(int(key)) if key is not None else None
            if not isinstance(array, pikepdf.Array):
                continue
            orphans = {i for i, elem in enumerate(array)
                       if isinstance(elem, pikepdf.Dictionary) and elem.is_indirect
                       and elem.objgen not in reachable}
            if not orphans:
                continue
            page.contents_coalesce()
            counts["artefakter"] += _rewrite(pdf, page, page.obj.get("/Resources"), orphans,
                                             set())
            for i in orphans:
                array[i] = None
        counts["th_scope"] = _set_header_scope(root)
        # XMP exactly as WeasyPrint wrote it; the file ID from the content, not the clock
        pdf.save(path, fix_metadata_version=False, deterministic_id=True)
    return counts


def structure_elements(node):
    """Each structure element at or under ``node`` (an element, or a ``/K`` value), once."""
    import pikepdf

    stack, seen = [node], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node
        stack.append(node.get("/K"))


def _set_header_scope(struct_root) -> int:
    """``/Scope`` on every reachable ``TH``: Column in a ``THead``, Row elsewhere."""
    import pikepdf

    done = 0
    stack = [(struct_root.get("/K"), None)]
    seen: set = set()
    while stack:
        node, section = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend((k, section) for k in node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        role = str(node.S)
        if role in ("/THead", "/TBody", "/TFoot"):
            section = role
        if role == "/TH":
            attrs = node.get("/A")
            if isinstance(attrs, pikepdf.Array):  # several attribute owners
                attrs = next((a for a in attrs if isinstance(a, pikepdf.Dictionary)
                              and a.get("/O") == pikepdf.Name.Table), None)
            if not isinstance(attrs, pikepdf.Dictionary):
                attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
                node.A = attrs
            if "/Scope" not in attrs:
                attrs.Scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
                done += 1
        stack.append((node.get("/K"), section))
    return done
