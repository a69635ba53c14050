"""Which inputs a data folder still lacks, what fills each, and which reports can be built.

Every data file is filled in one of three ways: by ``hop ny`` (``kommuner.csv``), from
public statistics (``hop hent ssb`` for SSB's KOSTRA and population tables, ``hop hent
miljo`` for Miljødirektoratet's emissions), or from the municipality's own figures
(``hop importer grunnlag.xlsx``). Each file's declaration (:class:`FileSpec` ``source``
and ``holds``) says which, and what the file holds in words a council understands (for the
«mangler data» page of a report, which names no files); :data:`INPUTS` collects them.
Each report declares the files it reads in its package (:class:`ReportInputs`).

A file is *missing* when it is absent or has no data rows (a header alone, as ``hop ny``
writes it): missing is not zero, so an empty file is never read as figures of 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.specs import IMPORT_COMMAND, MILJO, NY_COMMAND, SSB, all_specs, fill_command

HENT_SSB = fill_command(SSB)
HENT_MILJO = fill_command(MILJO)
IMPORTER = IMPORT_COMMAND
NY = NY_COMMAND


@dataclass(frozen=True)
class Input:
    """One data file: what fills it and what it holds (bokmål, no file names)."""

    fylles_av: str
    innhold: str


#: Every data file's filler and contents, from its declaration (:class:`FileSpec`
#: ``source`` and ``holds``).
INPUTS: dict[str, Input] = {stem: Input(spec.fylles_av, spec.holds)
                            for stem, spec in all_specs().items() if spec.source}


@dataclass(frozen=True)
class ReportInputs:
    """The data files (stems) a report reads, declared in its package
    (``helpers.reports.<package>.INPUTS``) and collected by
    :func:`helpers.pack.catalogue.report_inputs`.

    report: the report's name (its notebook, e.g. ``klimabudsjett``);
    trenger: what it needs before it can say anything;
    kommunens: of those, where the municipality itself must have rows (the report cannot
    be made for a municipality without them, e.g. another municipality's investment
    programme says nothing about this one; elsewhere the report says what it lacks, e.g.
    it measures against another municipality's rules);
    bruker: what it uses when it is there.

    Read from each report's analysis and the model it calls (the model measures the plan
    against the rules in handlingsregler.csv, so every report that uses it needs that
    file), and checked by building each report on the project data with files emptied.
    """

    report: str
    trenger: tuple[str, ...] = ()
    kommunens: tuple[str, ...] = ()
    bruker: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """Every file the report reads, needed ones first."""
        return tuple(dict.fromkeys((*self.trenger, *self.kommunens, *self.bruker)))


KOSTRA_UNCORRECTED_NOTE = (
    "kostra bygges med ukorrigerte utgifter per tjenesteområde (ikke korrigert for "
    "utgiftsbehov). Korrigerte tall gir indeksen per tjenesteområde fra inntektssystemets "
    "«Grønt hefte» i kostra_utgiftsbehov.csv (indikator utgiftsbehov_indeks; arket "
    "«Utgiftsbehov» i grunnlagsarbeidsboken), eller "
    "utgift_per_innb_korrigert i kostra.csv.")


def kostra_corrected_for(data_dir: Path, kommunenummer: str) -> bool:
    """True when the KOSTRA report can compare ``kommunenummer``'s expenditure corrected for
    utgiftsbehov; otherwise it compares the uncorrected figures (a note in
    :attr:`MissingInputs.notes`, not a block): ``kostra.csv`` has
    ``utgift_per_innb_korrigert`` for it, or ``utgift_per_innb`` for a year and service area
    that ``kostra_utgiftsbehov.csv`` has an index for (as
    :func:`helpers.reports.kostra.analysis.corrected_expenditure` computes it). ``hop hent
    ssb`` gives only the uncorrected figures. An unreadable file counts as True: the loader
    reports it."""
    from helpers.data.load import read_csv_file

    def rows(name: str, indikator: str) -> set[tuple[str, str]] | None:
        if not has_rows(data_dir / name):
            return set()
        try:
            df, _ = read_csv_file(data_dir / name)
        except Exception:  # noqa: BLE001 - the loader reports an unreadable file
            return None
        if not {"kommunenummer", "aar", "indikator", "dimensjon"} <= set(df.columns):
            return None
        df = df.fillna("").astype(str)
        df = df[(df["kommunenummer"].str.strip().str.zfill(4) == kommunenummer)
                & (df["indikator"].str.strip() == indikator)]
        return set(zip(df["aar"].str.strip(), df["dimensjon"].str.strip(), strict=True))

    corrected = rows("kostra.csv", "utgift_per_innb_korrigert")
    raw = rows("kostra.csv", "utgift_per_innb")
    index = rows("kostra_utgiftsbehov.csv", "utgiftsbehov_indeks")
    if corrected is None or raw is None or index is None:
        return True
    return bool(corrected or raw & index)


def first_kommune(data_dir: Path) -> str | None:
    """The first municipality in ``kommuner.csv`` (the subject, as ``hop ny`` writes it and
    ``hop hent`` takes it), or None when the file cannot be read."""
    from helpers.data.load import read_csv_file

    try:
        df, _ = read_csv_file(data_dir / "kommuner.csv")
        rows = df[df["type"].astype(str).str.strip() == "kommune"]["kommunenummer"]
    except Exception:  # noqa: BLE001 - the loader reports an unreadable file
        return None
    return str(rows.iloc[0]).strip().zfill(4) if len(rows) else None


@dataclass
class MissingInputs:
    """What :func:`missing_inputs` found."""

    missing: list[str] = field(default_factory=list)  # file stems, required and absent/empty
    optional_missing: list[str] = field(default_factory=list)
    blocked: dict[str, list[str]] = field(default_factory=dict)  # report → stems it needs
    # of those, the files that have rows, but none for the municipality asked about
    not_for_kommune: set[str] = field(default_factory=set)
    buildable: list[str] = field(default_factory=list)
    # what a buildable report will lack (bokmål, for the terminal: may name files)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.blocked


def has_rows(path: Path) -> bool:
    """True when the CSV file exists and has at least one line after its header that is not
    blank (cheap: no parsing, so it works before the file validates)."""
    try:
        with path.open("rb") as f:
            next(f, None)
            return any(line.strip().strip(b",;") for line in f)
    except OSError:
        return False


def has_rows_for(path: Path, kommunenummer: str) -> bool:
    """True when the file has a row for ``kommunenummer`` (a file that cannot be read counts
    as having one: the loader reports it)."""
    from helpers.data.load import read_csv_file

    try:
        df, _ = read_csv_file(path)
    except Exception:  # noqa: BLE001 - the loader reports an unreadable file
        return True
    if "kommunenummer" not in df.columns:
        return True
    numbers = df["kommunenummer"].astype(str).str.strip()
    return bool((numbers.str.zfill(4) == kommunenummer).any())


def missing_inputs(data_dir: Path | str, reports: Iterable[ReportInputs],
                   kommunenummer: str | None = None) -> MissingInputs:
    """The inputs ``data_dir`` lacks, per file and per report (``reports``: those to check,
    e.g. all of :func:`helpers.pack.catalogue.report_inputs`). With ``kommunenummer``, a
    report is also blocked when a file it needs for the municipality itself
    (``kommunens``) has no row for it."""
    data_dir = Path(data_dir)
    specs = all_specs()
    present = {stem: has_rows(data_dir / spec.name) for stem, spec in specs.items()}
    out = MissingInputs()
    needed: set[str] = set()
    for wants in reports:
        name = wants.report
        lacking = [s for s in wants.trenger if not present.get(s, False)]
        if kommunenummer and not lacking:
            own = [s for s in wants.kommunens
                   if not has_rows_for(data_dir / specs[s].name, kommunenummer)]
            if name == "kostra" and not own and not kostra_corrected_for(data_dir,
                                                                         kommunenummer):
                # not blocking: the report compares SSB's uncorrected figures and says so
                out.notes.append(KOSTRA_UNCORRECTED_NOTE)
            out.not_for_kommune |= set(own)
            lacking = own
        needed |= set(wants.trenger)
        if lacking:
            out.blocked[name] = lacking
        else:
            out.buildable.append(name)
    for stem, spec in specs.items():
        if present[stem]:
            continue
        if not spec.optional or stem in needed:
            out.missing.append(stem)
        else:
            out.optional_missing.append(stem)
    return out


def describe(stem: str) -> str:
    """«okonomiplan.csv – økonomiplanens … (fylles av hop importer grunnlag.xlsx)»."""
    spec = all_specs()[stem]
    if not spec.source:
        return spec.name
    return f"{spec.name} – {spec.holds} (fylles av «{spec.fylles_av}»)"


def council_text(stems: list[str]) -> list[str]:
    """What is missing in words for the council: no file names, no commands."""
    return [INPUTS[s].innhold if s in INPUTS else s for s in stems]
