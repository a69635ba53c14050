"""Reading a tagged PDF for the accessibility tests (issue 23): the text of each marked-content
sequence (decoded through the fonts' ToUnicode maps), the structure elements, and
:func:`problems`, the checks with pikepdf that the ``pdfua`` package does not make.
Used by ``tests/unit/pack/test_pdf_accessibility.py``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf  # a runtime dependency (helpers.pack.pdf_access): no skip if it is missing

TEXT_OPS = {"Tj", "TJ", "'", '"'}
# pdfua rules not held against the PDFs: the files claim PDF/A-2a, not PDF/UA-1 (veraPDF,
# which alone could confirm PDF/UA-1, cannot run here), so they carry no pdfuaid:part.
NOT_CLAIMED = {"UA-28-004"}
# pdfua 0.1.3's empty-heading rule raises with pikepdf ≥ 10 (it asks an Array for
# ``is_integer``); :func:`problems` checks that every heading has text instead.
KNOWN_SKIPS = {"UA-14-001"}


# --- reading the PDF -----------------------------------------------------------------

def _cmap(stream) -> tuple[dict[bytes, str], int]:
    """A ToUnicode CMap as {code bytes: text} and the code length in bytes."""
    data = stream.read_bytes().decode("latin-1")
    width = 2
    space = re.search(r"begincodespacerange\s*<([0-9a-fA-F]+)>", data)
    if space:
        width = len(space[1]) // 2
    out: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[bytes.fromhex(src)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code.to_bytes(len(lo) // 2, "big")] = chr(start + i)
    return out, width


class PageText:
    """Text of one page per marked-content sequence: ``by_mcid`` {MCID: text},
    ``artifact`` (text inside /Artifact), ``furniture`` {artifact subtype: text},
    ``unmarked`` (text outside any sequence),
    ``unmapped`` (codes without a Unicode mapping), ``fonts`` (name → embedded?)."""

    def __init__(self, page) -> None:
        self.by_mcid: dict[int, str] = {}
        self.artifact: list[str] = []
        self.furniture: dict[str, str] = {}
        self.unmarked: list[str] = []
        self.unmapped: list[str] = []
        self.fonts: dict[str, bool] = {}
        self.mcids: list[int] = []
        self._walk(page.obj.get("/Resources"), pikepdf.parse_content_stream(page), [])

    def _font_map(self, resources, name):
        font = resources.Font[name]
        desc = font.get("/FontDescriptor")
        if desc is None and "/DescendantFonts" in font:
            desc = font.DescendantFonts[0].get("/FontDescriptor")
        base = str(font.get("/BaseFont", name))
        self.fonts[base] = desc is not None and any(
            k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if "/ToUnicode" not in font:
            return None, 1, base
        cmap, width = _cmap(font.ToUnicode)
        return cmap, width, base

    def _walk(self, resources, instructions, stack) -> None:
        cmap, width, base = None, 1, ""
        self._new_line = False
        for ins in instructions:
            if not isinstance(ins, pikepdf.ContentStreamInstruction):
                continue
            op, args = str(ins.operator), ins.operands
            if op in ("BDC", "BMC"):
                tag = str(args[0])
                mcid = None
                props = args[1] if op == "BDC" and isinstance(args[1], pikepdf.Dictionary) \
                    else {}
                if "/MCID" in props:
                    mcid = int(props.MCID)
                    self.mcids.append(mcid)
                if tag == "/Artifact":
                    tag = f"/Artifact:{str(props.get('/Subtype', ''))[1:]}"
                stack.append((tag, mcid))
            elif op == "EMC":
                stack.pop()
            elif op == "BT":  # WeasyPrint writes each line of text in its own BT … ET
                self._new_line = True
            elif op == "Tf":
                cmap, width, base = self._font_map(resources, args[0])
            elif op in TEXT_OPS:
                strings = args[0] if op == "TJ" else [args[-1]]
                raw = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
                text = ""
                for i in range(0, len(raw), width):
                    code = raw[i:i + width]
                    if cmap is None or code not in cmap:
                        self.unmapped.append(f"{base}:{code.hex()}")
                    else:
                        text += cmap[code]
                self._put(stack, text)
            elif op == "Do":
                xobj = resources.XObject[args[0]]
                if xobj.get("/Subtype") == pikepdf.Name.Form:
                    self._walk(xobj.get("/Resources", resources),
                               pikepdf.parse_content_stream(xobj), stack)

    def _put(self, stack, text: str) -> None:
        if self._new_line:
            text, self._new_line = " " + text, False
        kind = next((tag.split(":")[1] for tag, _ in stack if tag.startswith("/Artifact")),
                    None)
        if kind is not None:
            self.artifact.append(text)
            self.furniture[kind] = (self.furniture.get(kind, "") + text).lstrip()
            return
        mcid = next((m for _, m in reversed(stack) if m is not None), None)
        if mcid is None:
            self.unmarked.append(text)
        else:
            self.by_mcid[mcid] = (self.by_mcid.get(mcid, "") + text).lstrip()


def elements(pdf):
    """(element, parent role) for every structure element reachable from the root."""
    seen, out = set(), []
    stack = [(pdf.Root.StructTreeRoot.get("/K"), None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend((k, parent) for k in reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
            out.append((node, parent))
            stack.append((node.get("/K"), str(node.S)))
    return out


def _mcids_of(node, page_ref=None) -> list[tuple[object, int]]:
    """(page objgen, MCID) of the content an element and its descendants mark."""
    out = []
    page = node.get("/Pg", page_ref) if isinstance(node, pikepdf.Dictionary) else page_ref
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            out.append((page.objgen if page is not None else None, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == pikepdf.Name.MCR:
                out.append((kid.get("/Pg", page).objgen, int(kid.MCID)))
            elif "/S" in kid:
                out.extend(_mcids_of(kid, page))
    return out


class Tagged:
    """A PDF opened for checking: structure elements, page texts, the parent tree."""

    def __init__(self, path: Path) -> None:
        self.pdf = pikepdf.open(path)
        self.pages = list(self.pdf.pages)
        self.texts = [PageText(p) for p in self.pages]
        self.page_index = {p.obj.objgen: i for i, p in enumerate(self.pages)}
        root = self.pdf.Root.get("/StructTreeRoot")
        self.elements = elements(self.pdf) if root is not None else []

    def text(self, element) -> str:
        parts = []
        for page, mcid in _mcids_of(element):
            i = self.page_index.get(page)
            if i is not None:
                parts.append(self.texts[i].by_mcid.get(mcid, ""))
        return words(" ".join(parts))  # one MCID per line of text in WeasyPrint

    def roles(self, *roles: str):
        return [e for e, _ in self.elements if str(e.S) in roles]


def problems(path: Path) -> list[str]:
    """What keeps ``path`` from the machine-checkable part of PDF/UA-1 and PDF/A-2a
    (empty when none), in words a maintainer can act on."""
    doc = Tagged(path)
    pdf, out = doc.pdf, []
    root = pdf.Root
    if not (root.get("/MarkInfo") is not None and bool(root.MarkInfo.get("/Marked", False))):
        out.append("ikke merket som tagget (MarkInfo/Marked)")
    if root.get("/StructTreeRoot") is None:
        out.append("mangler strukturtre (StructTreeRoot)")
        return out
    if str(root.get("/Lang", "")) != "nb":
        out.append(f"språk er {str(root.get('/Lang', ''))!r}, ikke 'nb'")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        out.append("tittelen vises ikke i tittellinjen (DisplayDocTitle)")
    title = str(pdf.docinfo.get("/Title", "")).strip()
    if not title or re.search(r"\.(pdf|ipynb|html)\b", title):
        out.append(f"ingen ekte tittel: {title!r}")
    xmp = pdf.open_metadata()
    if "pdfaid:part" not in xmp or xmp.get("pdfaid:part") != "2" \
            or xmp.get("pdfaid:conformance") != "A":
        out.append("ikke merket PDF/A-2a i XMP")

    # every MCID on a page points (parent tree) to an element in the tree
    reachable = {e.objgen for e, _ in doc.elements}
    nums: dict[int, object] = {}
    stack = [root.StructTreeRoot.get("/ParentTree")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            n = node.get("/Nums") or []
            nums.update({int(n[i]): n[i + 1] for i in range(0, len(n) - 1, 2)})
            stack.extend(node.get("/Kids") or [])
    for i, (page, text) in enumerate(zip(doc.pages, doc.texts, strict=True), start=1):
        if text.unmarked:
            out.append(f"side {i}: tekst utenfor merket innhold: {''.join(text.unmarked)[:60]!r}")
        array = nums.get(int(page.obj.get("/StructParents", -1)))
        for mcid in text.mcids:
            elem = array[mcid] if isinstance(array, pikepdf.Array) and mcid < len(array) \
                else None
            if not isinstance(elem, pikepdf.Dictionary) or elem.objgen not in reachable:
                shown = text.by_mcid.get(mcid, "")
                out.append(f"side {i}: innhold (MCID {mcid}, {shown[:40]!r}) hører ikke til "
                           "noe strukturelement og er ikke artefakt")
        if text.unmapped:
            out.append(f"side {i}: {len(text.unmapped)} tegn uten Unicode (ToUnicode)")
        missing = [f for f, embedded in text.fonts.items() if not embedded]
        if missing:
            out.append(f"side {i}: fonter ikke innebygd: {missing}")

    for fig in doc.roles("/Figure"):
        if not str(fig.get("/Alt", "")).strip():
            out.append("en figur uten alternativ tekst (Alt)")
    heads = doc.roles("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
    for h in heads:
        if not doc.text(h).strip():
            out.append(f"tom overskrift {h.S}")
    levels = [int(str(h.S)[2]) for h in heads]  # in reading order
    if not levels or levels[0] != 1:
        out.append(f"første overskrift er ikke H1: {levels[:1]}")
    out += [f"overskriftsnivå hopper fra H{a} til H{b}: {doc.text(h)!r}"
            for a, b, h in zip(levels, levels[1:], heads[1:], strict=False) if b > a + 1]
    for table in doc.roles("/Table"):
        cells = [e for e, _ in elements_under(table)]
        if not any(str(c.S) == "/TH" for c in cells):
            out.append(f"tabell uten overskriftsceller (TH): {doc.text(table)[:50]!r}")
    for th in doc.roles("/TH"):
        attrs = th.get("/A")
        if not (isinstance(attrs, pikepdf.Dictionary) and "/Scope" in attrs):
            out.append(f"TH uten Scope: {doc.text(th)!r}")
    return out


def elements_under(node):
    """The structure elements below ``node``, in document order."""
    out, stack = [], [node.get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            out.append((kid, None))
            stack.append(kid.get("/K"))
    return out


def pdfua_problems(path: Path) -> list[str]:
    """Findings of the ``pdfua`` package at warning or worse, and rules it could not
    evaluate, except those listed (and why) in NOT_CLAIMED and KNOWN_SKIPS."""
    from pdfua import Severity, validate

    report = validate(str(path))
    out = [f"{f.rule_id} side {f.location.page}: {f.message}" for f in report.findings
           if f.severity >= Severity.WARNING and f.rule_id not in NOT_CLAIMED]
    out += [f"{o.rule_id} ikke vurdert: {o.skipped_reason}" for o in report.skipped
            if o.rule_id not in KNOWN_SKIPS]
    return out


def pdftotext(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path),
                           "-"], capture_output=True, text=True, check=True).stdout


def heading_order(doc: Tagged, path: Path, index: int) -> list[str]:
    """The headings of page ``index`` (0-based) in the order pdftotext shows them; a test
    compares it with the order in the structure tree (the reading order)."""
    shown = words(pdftotext(path, index + 1))
    page = doc.pages[index].obj.objgen
    texts = [doc.text(h) for h in doc.roles("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
             if h.Pg.objgen == page]
    return sorted(texts, key=lambda t: shown.find(words(t)))


def words(text: str) -> str:
    return " ".join(text.split())


def column_heads(doc: Tagged, table) -> list[str]:
    return [doc.text(e) for e, _ in elements_under(table)
            if str(e.S) == "/TH" and str(e.A.Scope) == "/Column"]

