"""issue 28: ``kontroll.md``, the maintainer's report of checks of the municipality's own
tables (e.g. a frame overview that does not add up to the operating budget).

A notebook records a check with :func:`helpers.presentation.report.control`; the runner
collects it (:func:`control_notes`) into the manifest, and :func:`write_control` writes
every report's checks beside ``merknader.md``. The council's pages never show them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.presentation.report import CONTROL_KEY

KONTROLL_MD = "kontroll.md"


def control_notes(nb: nbformat.NotebookNode) -> list[dict]:
    """The checks a notebook recorded ({"tittel", "linjer"}), in order."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            found = o.get("metadata", {}).get(CONTROL_KEY)
            if isinstance(found, dict):
                out.append({"tittel": str(found.get("tittel", "")),
                            "linjer": [str(x) for x in found.get("linjer", [])]})
    return out


def kontroll_markdown(manifest: dict) -> str:
    """Per report, each check and what it found ("Ingen avvik utover avrunding." if none)."""
    from helpers.pack.catalogue import available_reports

    infos = available_reports()
    reports = manifest.get("rapporter", {})
    lines = ["# Kontroll av kildens tabeller", "",
             f"Bygget {manifest.get('sist_bygget', '')}, dataversjon "
             f"{manifest.get('dataversjon', '')}. Rapportene sammenligner tabellene i "
             "kommunens eget dokument med hverandre; avvik større enn avrundingen står her, "
             "til økonomisjefen, ikke i dokumentene til kommunestyret.", ""]
    any_check = False
    for name in [n for n in infos if n in reports] + [n for n in reports if n not in infos]:
        checks = reports[name].get("kontroll") or []
        if not checks:
            continue
        any_check = True
        title = infos[name].title if name in infos else name
        lines += [f"## {title} ({name})", ""]
        for c in checks:
            lines += [f"### {c['tittel']}", ""]
            lines += [f"- {' '.join(x.split())}" for x in c["linjer"]] or [
                "Ingen avvik utover avrunding."]
            lines.append("")
    if not any_check:
        lines += ["Ingen av rapportene i denne byggingen kontrollerer kildens tabeller.", ""]
    return "\n".join(lines)


def write_control(out_dir: Path, manifest: dict) -> None:
    path = out_dir / KONTROLL_MD
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(kontroll_markdown(manifest), encoding="utf-8")
    tmp.replace(path)
