"""``hop hovedbok``: a ledger export from the accounting system into ``regnskap.csv`` or
``budsjett.csv``.

The export is read with a profile (:mod:`.profile`), its unit decided and checked, a
budget's drift and investering each reconciled to 0, the ansvar checked against
``ansvar_rammeomrade.csv``, and the drift lines summed per key and written in 1000 kr. The
lines already in the file for other years (and, for a budget, the other version) are kept;
the year's lines (of that version) are replaced. The file is written the way ``hop
importer`` writes the workbook's files: into a folder beside the data, validated there by
the reports' own loader, and moved into place with one atomic rename after the previous
version is copied to ``.grunnlag-forrige/``; an import that fails leaves the earlier file
as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.load import DataError, Problem, load_data, load_file
from helpers.data.specs import all_specs
from helpers.ingest.ledger.mapping import find_columns, to_lines
from helpers.ingest.ledger.profile import Profile, load_profile
from helpers.ingest.ledger.reading import (
    Export,
    LedgerError,
    Line,
    decimals_of,
    read_export,
    unit_in_header,
)
from helpers.ingest.workbook.importing import JOURNAL, LOCK_NAME, STAGING_PREFIX, recover
from helpers.ingest.workbook.importing import _finish as finish_swap
from helpers.presentation.formatting import fmt_number

KINDS = ("regnskap", "budsjett")
VERSIONS = ("opprinnelig", "revidert")
# No municipality spends less than this in a year (the smallest, Utsira, ~100 mill. kr) or
# more than the upper bound (Oslo ~80 mrd. kr); outside them the unit is most likely wrong.
MIN_YEAR_KR = 10_000_000
MIN_MONTH_KR = 500_000
MAX_YEAR_KR = 500_000_000_000


@dataclass
class LedgerResult:
    """What an import did, for the terminal."""

    file: str                  # regnskap.csv or budsjett.csv
    status: str                # ny, endret or uendret
    unit: str                  # the export's unit
    lines_read: int
    lines_written: int
    replaced: int              # earlier lines of the same year (and version) replaced
    totals: dict[str, float] = field(default_factory=dict)   # klasse → sum, 1000 kr
    notes: list[str] = field(default_factory=list)


def _kr(value: float) -> str:
    return fmt_number(value, 0) + " kr"


def decide_unit(export: Export, lines: list[Line], profile: Profile, given: str | None,
                kind: str, belop_col: int) -> tuple[str, list[str]]:
    """The export's unit: --enhet, else what the amount column's header says, else the
    profile's. A header and a given unit that disagree, and amounts that no municipality's
    accounts would have in that unit, are refused."""
    header = export.header[belop_col]
    label = export.labels[belop_col]
    said = unit_in_header(header)
    unit = given or said or profile.unit
    if said and said != unit:
        raise LedgerError([Problem(export.file, 1, label, None,
                                   f"overskriften sier {said}, men "
                                   + ("--enhet" if given else f"profilen «{profile.name}»")
                                   + f" sier {unit} – forventet samme enhet; oppgi den riktige "
                                   "med --enhet")])
    if given or said:
        return unit, []
    # The unit comes from the profile alone: check that the amounts fit it.
    first = export.rows[0][0] if export.rows else 1
    if unit == "kr":
        raw = {n: values[belop_col] for n, values in export.rows}
        three = [ln for ln in lines if decimals_of(raw[ln.line], profile.decimal) >= 3]
        if three:
            ln = three[0]
            raise LedgerError([Problem(export.file, ln.line, label, raw[ln.line],
                                       "beløp i kroner (høyst to desimaler) – tre desimaler "
                                       "tyder på 1000 kr; oppgi --enhet \"1000 kr\" eller "
                                       "--enhet kr")])
    factor = 1000 if unit == "1000 kr" else 1
    gross = sum(ln.belop for ln in lines if ln.belop > 0 and ln.klasse == "drift") * factor
    low = MIN_MONTH_KR if kind == "regnskap" else MIN_YEAR_KR
    if gross < low and unit == "kr":
        raise LedgerError([Problem(export.file, first, label, None,
                                   f"utgiftene i drift summerer til {_kr(gross)}, mindre enn "
                                   "noen kommunes – er beløpene i 1000 kr? Oppgi enheten med "
                                   "--enhet \"1000 kr\" (eller --enhet kr om kronene stemmer)")])
    if gross > MAX_YEAR_KR:
        raise LedgerError([Problem(export.file, first, label, None,
                                   f"utgiftene i drift summerer til {_kr(gross)}, mer enn noen "
                                   "kommunes – er beløpene i kroner? Oppgi enheten med "
                                   "--enhet kr (eller --enhet \"1000 kr\" om det stemmer)")])
    return unit, []


def reconcile(lines: list[Line], unit: str, export: Export) -> dict[str, float]:
    """A budget's drift and investering each sum to 0 within rounding (1 kr, or half a unit
    per line when the export is rounded to 1000 kr); totals per klasse in kr."""
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    factor = 1000 if unit == "1000 kr" else 1
    for ln in lines:
        totals[ln.klasse] += ln.belop * factor
        counts[ln.klasse] += 1
    problems = []
    for klasse in ("drift", "investering"):
        if klasse not in totals:
            continue
        tol = 1.0 if unit == "kr" else 500.0 * counts[klasse]
        total = totals[klasse]
        if abs(total) > tol:
            spend = sum(ln.belop * factor for ln in lines if ln.klasse == klasse and ln.belop > 0)
            income = sum(ln.belop * factor for ln in lines if ln.klasse == klasse
                         and ln.belop < 0)
            problems.append(Problem(
                export.file, None, None, None,
                f"{klasse}sbudsjettet går ikke opp: utgiftene er {_kr(spend)} og inntektene "
                f"{_kr(income)}, til sammen {_kr(total)} – forventet 0 (et vedtatt budsjett "
                "er i balanse). Mangler eksporten linjer (f.eks. skatt, rammetilskudd eller "
                "finansposter), eller har inntektene feil fortegn?"))
    if problems:
        raise LedgerError(problems)
    return dict(totals)


def _check_ansvar(lines: list[Line], export: Export, data_dir: Path, knr: str,
                  ansvar_col: int) -> None:
    path = data_dir / "ansvar_rammeomrade.csv"
    if not path.exists():
        return
    try:
        m = load_file(path, all_specs()["ansvar_rammeomrade"])
    except DataError as err:
        raise LedgerError([f"ansvar_rammeomrade.csv i datamappen har feil: {p}"
                           for p in err.problems]) from None
    known = set(m.loc[(m["kommunenummer"] == knr) & (m["rammeomrade"] != ""), "ansvar"])
    seen: dict[str, list[int]] = {}
    for ln in lines:
        if ln.klasse == "drift" and ln.ansvar not in known:
            seen.setdefault(ln.ansvar, []).append(ln.line)
    if seen:
        raise LedgerError([
            Problem(export.file, at[0], export.labels[ansvar_col], ansvar,
                    "et ansvar som står med rammeområde i ansvar_rammeomrade.csv"
                    + (f" (samme ansvar på {len(at) - 1} linjer til)" if len(at) > 1 else "")
                    + " – legg det til der, så vet rapporten hvilket rammeområde det hører til")
            for ansvar, at in list(seen.items())[:30]])


def _number(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _existing(path: Path, spec, knr: str, aar: int, versjon: str | None
              ) -> tuple[list[list[str]], int]:
    """The file's rows that the import keeps (as text), and how many it replaces."""
    if not path.exists():
        return [], 0
    try:
        df = load_file(path, spec, allow_empty=True)
    except DataError as err:
        raise LedgerError([f"Den gamle {path.name} kan ikke leses, så den kan ikke utvides: {p}"
                           for p in err.problems] + [
            f"Rett eller flytt {path.name} og kjør importen på nytt"]) from None
    same = (df["kommunenummer"] == knr) & (df["aar"].astype(int) == aar)
    if versjon is not None:
        same &= df["versjon"] == versjon
    keep = df[~same].copy()
    keep["enhet"] = keep["enhet"].where(keep["enhet"] != "", "kr")
    rows = [[_text(v) for v in row] for row in keep[list(spec.columns)].itertuples(index=False)]
    return rows, int(same.sum())


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _resolve_kommune(data_dir: Path, kommune: str) -> tuple[str, str]:
    from helpers.data.kommuner import UnknownKommune, resolve

    try:
        df = load_file(data_dir / "kommuner.csv", all_specs()["kommuner"])
        k = resolve(df, kommune)
    except DataError as err:
        raise LedgerError([f"kommuner.csv i datamappen: {p}" for p in err.problems]) from None
    except UnknownKommune as exc:
        raise LedgerError([str(exc)]) from None
    return k.kommunenummer, k.navn


def import_ledger(export_path: Path | str, data_dir: Path | str, profile: str | Profile,
                  kind: str, kommune: str, aar: int | None = None, versjon: str | None = None,
                  enhet: str | None = None, dry_run: bool = False) -> LedgerResult:
    """Import one ledger export as the accounts (``kind="regnskap"``) or the budget
    (``"budsjett"``, with ``versjon``) into ``data_dir``. Raises :class:`LedgerError`
    (nothing written) for every refusal."""
    from helpers.data.folderlock import folder_lock

    data_dir = Path(data_dir)
    if kind not in KINDS:
        raise LedgerError([f"«{kind}» er ikke en type eksport – forventet regnskap eller "
                           "budsjett"])
    if kind == "budsjett" and versjon not in VERSIONS:
        raise LedgerError(["et budsjett trenger --versjon opprinnelig (vedtatt i desember) "
                           "eller --versjon revidert (med endringene i løpet av året)"])
    if not data_dir.is_dir():
        raise LedgerError([f"{data_dir}: datamappen finnes ikke – lag den med «hop ny» eller "
                           "oppgi en mappe med --data"])
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    knr, navn = _resolve_kommune(data_dir, kommune)
    export = read_export(export_path, prof)
    lines = to_lines(export, prof, aar, kind)
    cols = find_columns(export, prof)
    years = sorted({ln.aar for ln in lines if ln.aar is not None})
    if not years or any(ln.aar is None for ln in lines):
        raise LedgerError([Problem(export.file, None, None, None,
                                   "eksporten sier ikke hvilket år den gjelder – oppgi --aar")])
    if len(years) > 1:
        other = next(ln for ln in lines if ln.aar != years[0])
        raise LedgerError([Problem(export.file, other.line, None, other.aar,
                                   f"samme år på alle linjer (første linje har {years[0]}) – "
                                   "eksporter ett år om gangen")])
    year = years[0]
    if kind == "regnskap" and any(ln.periode is None for ln in lines):
        raise LedgerError([Problem(export.file, 1, None, None,
                                   "fant ingen kolonne for periode – regnskapet trenger måneden "
                                   f"på hver linje; profilen «{prof.name}» ser etter "
                                   + ", ".join(f"«{n}»" for n in prof.headers("periode")))])
    wrong = [ln for ln in lines if ln.kommunenummer not in (None, knr)]
    if wrong:
        raise LedgerError([Problem(export.file, wrong[0].line, None, wrong[0].kommunenummer,
                                   f"kommunenummeret {knr} ({navn}), som er oppgitt med "
                                   "--kommune")])
    unit, notes = decide_unit(export, lines, prof, enhet, kind, cols["belop"])
    result = LedgerResult(file=f"{kind}.csv", status="", unit=unit, lines_read=len(lines),
                          lines_written=0, replaced=0)
    result.notes += export.skipped + notes
    factor = 1000 if unit == "1000 kr" else 1
    if kind == "budsjett":
        result.totals = {k: v / 1000 for k, v in reconcile(lines, unit, export).items()}
    drift = [ln for ln in lines if ln.klasse == "drift"]
    inv = len(lines) - len(drift)
    if inv:
        result.notes.append(f"{inv} {'linje' if inv == 1 else 'linjer'} i investering er "
                            + ("kontrollert (går opp i 0), men " if kind == "budsjett" else "")
                            + f"ikke skrevet: {kind}.csv har driften; investeringene står i "
                            "investering_status.csv")
    if not drift:
        raise LedgerError([Problem(export.file, None, None, None,
                                   "eksporten har ingen linjer i drift – forventet "
                                   "driftsregnskapet eller driftsbudsjettet")])
    _check_ansvar(drift, export, data_dir, knr, cols["ansvar"])
    sums: dict[tuple, float] = defaultdict(float)
    for ln in drift:
        key = ((ln.periode, ln.ansvar, ln.art, ln.funksjon, ln.prosjekt) if kind == "regnskap"
               else (ln.ansvar, ln.art, ln.funksjon))
        sums[key] += ln.belop * factor / 1000
    kilde = (f"Økonomisystemet ({prof.title}): "
             + (f"regnskap {year}" if kind == "regnskap" else f"{versjon} budsjett {year}"))
    if kind == "regnskap":
        new = [[knr, str(year), str(p), a, art, f, pr, _number(v), "1000 kr", kilde]
               for (p, a, art, f, pr), v in sorted(sums.items(), key=lambda kv: (
                   kv[0][0], kv[0][1], kv[0][2], kv[0][3], kv[0][4]))]
    else:
        new = [[knr, str(year), versjon, a, "", art, f, _number(v), "1000 kr", kilde]
               for (a, art, f), v in sorted(sums.items())]
    result.lines_written = len(new)
    spec = all_specs()[kind]
    with folder_lock(data_dir / LOCK_NAME):
        result.notes += recover(data_dir)
        target = data_dir / spec.name
        kept, result.replaced = _existing(target, spec, knr, year,
                                          versjon if kind == "budsjett" else None)
        content = _csv(list(spec.columns), kept + new)
        if target.exists() and target.read_bytes() == content:
            result.status = "uendret"
            return result
        result.status = "endret" if target.exists() else "ny"
        stage = data_dir / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        try:
            (stage / spec.name).write_bytes(content)
            for other in ("kommuner.csv", "ansvar_rammeomrade.csv"):
                if (data_dir / other).exists():
                    shutil.copy2(data_dir / other, stage / other)
            try:
                load_data(stage, only=[kind, "ansvar_rammeomrade"])
            except DataError as err:
                raise LedgerError([f"etter importen: {p}" for p in err.problems]) from None
            if dry_run:
                shutil.rmtree(stage, ignore_errors=True)
                return result
            for other in ("kommuner.csv", "ansvar_rammeomrade.csv"):
                (stage / other).unlink(missing_ok=True)
            (stage / JOURNAL).write_text(json.dumps(
                [{"fil": spec.name, "handling": result.status}], ensure_ascii=False),
                encoding="utf-8")
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        finish_swap(data_dir, stage)
    return result
