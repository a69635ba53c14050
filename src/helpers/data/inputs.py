"""Which inputs a data folder still lacks, what fills each, and which reports can be built.

Every data file is filled in one of three ways: by ``hop ny`` (``kommuner.csv``), from
public statistics (``hop hent ssb`` for SSB's KOSTRA and population tables, ``hop hent
miljo`` for Miljødirektoratet's emissions), or from the municipality's own figures
(``hop importer grunnlag.xlsx``). :data:`INPUTS` says which, and what the file holds in
words a council understands (for the «mangler data» page of a report, which names no files).

A file is *missing* when it is absent or has no data rows (a header alone, as ``hop ny``
writes it): missing is not zero, so an empty file is never read as figures of 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.specs import all_specs

HENT_SSB = "hop hent ssb"
HENT_MILJO = "hop hent miljo"
IMPORTER = "hop importer grunnlag.xlsx"
NY = "hop ny"


@dataclass(frozen=True)
class Input:
    """One data file: what fills it and what it holds (bokmål, no file names)."""

    fylles_av: str
    innhold: str


INPUTS: dict[str, Input] = {
    "kommuner": Input(NY, "kommunen, sammenligningskommunene og sammenligningsgruppene"),
    "kostra": Input(HENT_SSB, "KOSTRA-tall fra SSB (netto driftsresultat, disposisjonsfond, "
                              "netto lånegjeld og utgifter per tjenesteområde)"),
    "kostra_utgiftsbehov": Input(IMPORTER, "indeksen for beregnet utgiftsbehov per "
                                           "tjenesteområde, som utgiftene korrigeres med"),
    "kostra_indikatorer": Input(HENT_SSB, "navn og enheter for KOSTRA-indikatorene"),
    "kostra_tjenesteomrader": Input(HENT_SSB, "rekkefølge og kortnavn for tjenesteområdene"),
    "kostra_merknader": Input(IMPORTER, "kommunens egne merknader til KOSTRA-tallene"),
    "folketall": Input(HENT_SSB, "folketall ved utgangen av året fra SSB"),
    "befolkning_endringer": Input(HENT_SSB, "befolkningsendringer etter årsak fra SSB"),
    "befolkning_framskrivning": Input(HENT_SSB, "SSBs befolkningsframskrivning"),
    "befolkning_aldersbaereevne": Input(HENT_SSB, "aldersbæreevne"),
    "befolkning_kostnad_aldersgruppe": Input(IMPORTER, "kostnad per innbygger i hver "
                                                       "aldersgruppe"),
    "klima_utslipp": Input(HENT_MILJO, "klimagassutslipp per sektor fra Miljødirektoratet"),
    "okonomiplan": Input(IMPORTER, "økonomiplanens sentrale inntekter, utgifter, finansposter "
                                   "og avsetninger"),
    "plan_indikatorer": Input(IMPORTER, "planlagt netto driftsresultat og disposisjonsfond for "
                                        "budsjett- og planårene"),
    "handlingsregler": Input(IMPORTER, "kommunestyrets vedtatte handlingsregler og terskler"),
    "premieavvik": Input(IMPORTER, "akkumulert premieavvik"),
    "kildemerknader": Input(IMPORTER, "merknader til kildene"),
    "finans_rammer": Input(IMPORTER, "rammene per rammeområde"),
    "finans_driftsbudsjett": Input(IMPORTER, "driftsbudsjettet per art"),
    "finans_rammeendringer": Input(IMPORTER, "endringene i rammene"),
    "finans_inntektsprognose": Input(IMPORTER, "prognosen for skatt og rammetilskudd"),
    "finans_forutsetninger": Input(IMPORTER, "forutsetningene for renter og lønn"),
    "investering_prosjekter": Input(IMPORTER, "investeringsprogrammets prosjekter"),
    "investering": Input(IMPORTER, "investeringene per prosjekt og år"),
    "investering_summer": Input(IMPORTER, "investeringsprogrammets finansiering og summer"),
    "investering_forutsetninger": Input(IMPORTER, "forutsetningene for nye lån"),
    "klima_tiltak": Input(IMPORTER, "klimatiltakene i klimabudsjettet"),
    "klima_tiltak_reduksjon": Input(IMPORTER, "tiltakenes beregnede utslippsreduksjon"),
    "klima_mal": Input(IMPORTER, "kommunens vedtatte klimamål"),
    "regnskap": Input(IMPORTER, "regnskapet hittil i år fra økonomisystemet"),
    "budsjett": Input(IMPORTER, "revidert budsjett per ansvar"),
    "ansvar_rammeomrade": Input(IMPORTER, "hvilket rammeområde hvert ansvar hører til"),
    "periodisering": Input(IMPORTER, "periodiseringen av budsjettet gjennom året"),
    "prognose": Input(IMPORTER, "rammeområdenes årsprognoser"),
    "investering_status": Input(IMPORTER, "investeringsprosjektenes status"),
    # National reference data, the same for every municipality: hop ny copies the project's.
    "kontoplan_art_5_6": Input(NY, "koblingen fra KOSTRA-art til linje i økonomisk oversikt "
                                   "etter art"),
}

# What each report needs before it can say anything (``trenger``), what it uses when it is
# there (``bruker``), and where the municipality itself must have rows (``kommunens``: the
# report cannot be made for a municipality without them, e.g. another municipality's
# investment programme says nothing about this one; elsewhere the report says what it lacks,
# e.g. it measures against another municipality's rules). Read from each report's analysis
# (helpers.reports.<name>) and the model it calls (the model measures the plan against the
# rules in handlingsregler.csv, so every report that uses it needs that file), and checked by
# building each report on the project data with files emptied.
REPORT_INPUTS: dict[str, dict[str, tuple[str, ...]]] = {
    "handlingsregler": {"trenger": ("kostra", "okonomiplan", "plan_indikatorer",
                                    "handlingsregler"), "kommunens": ("kostra",),
                        "bruker": ("folketall", "premieavvik", "kildemerknader")},
    "kostra": {"trenger": ("kostra",), "kommunens": ("kostra",),
               "bruker": ("kostra_utgiftsbehov", "folketall", "kostra_indikatorer",
                          "kostra_tjenesteomrader", "kostra_merknader")},
    "finans": {"trenger": ("okonomiplan", "finans_rammer", "handlingsregler"),
               "bruker": ("finans_inntektsprognose", "finans_rammeendringer",
                          "finans_driftsbudsjett", "finans_forutsetninger", "kostra",
                          "folketall")},
    "investering": {"trenger": ("investering_prosjekter", "investering", "okonomiplan",
                                "kostra", "folketall", "handlingsregler"),
                    "kommunens": ("investering_prosjekter", "investering"),
                    "bruker": ("investering_summer", "investering_forutsetninger",
                               "plan_indikatorer")},
    "klimabudsjett": {"trenger": ("klima_utslipp", "klima_tiltak", "klima_tiltak_reduksjon",
                                  "klima_mal"),
                      "kommunens": ("klima_utslipp",), "bruker": ("folketall",)},
    "befolkning": {"trenger": ("befolkning_endringer", "befolkning_framskrivning"),
                   "bruker": ("folketall", "befolkning_aldersbaereevne",
                              "befolkning_kostnad_aldersgruppe")},
    "tertial": {"trenger": ("regnskap", "budsjett", "ansvar_rammeomrade", "periodisering",
                            "prognose", "finans_rammer", "handlingsregler"),
                "kommunens": ("regnskap", "budsjett"),
                "bruker": ("investering_status", "kontoplan_art_5_6")},
    "alternativer": {"trenger": ("okonomiplan", "finans_rammer", "investering_prosjekter",
                                 "investering", "kostra", "folketall", "plan_indikatorer",
                                 "handlingsregler"),
                     "kommunens": ("investering_prosjekter", "okonomiplan"), "bruker": ()},
    "oppstillinger": {"trenger": ("okonomiplan", "finans_rammer", "investering_prosjekter",
                                  "investering", "kostra", "folketall", "plan_indikatorer",
                                  "handlingsregler"),
                      "kommunens": ("investering_prosjekter", "okonomiplan"),
                      "bruker": ("investering_summer", "investering_forutsetninger",
                                 "finans_driftsbudsjett", "budsjett", "regnskap",
                                 "kontoplan_art_5_6")},
}


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


def missing_inputs(data_dir: Path | str, reports: list[str] | None = None,
                   kommunenummer: str | None = None) -> MissingInputs:
    """The inputs ``data_dir`` lacks, per file and per report (``reports``: those to check,
    default all in :data:`REPORT_INPUTS`). With ``kommunenummer``, a report is also blocked
    when a file it needs for the municipality itself (``kommunens``) has no row for it."""
    data_dir = Path(data_dir)
    specs = all_specs()
    present = {stem: has_rows(data_dir / spec.name) for stem, spec in specs.items()}
    out = MissingInputs()
    names = reports if reports is not None else list(REPORT_INPUTS)
    needed: set[str] = set()
    for name in names:
        wants = REPORT_INPUTS.get(name, {})
        lacking = [s for s in wants.get("trenger", ()) if not present.get(s, False)]
        if kommunenummer and not lacking:
            own = [s for s in wants.get("kommunens", ())
                   if not has_rows_for(data_dir / specs[s].name, kommunenummer)]
            if name == "kostra" and not own and not kostra_corrected_for(data_dir,
                                                                         kommunenummer):
                # not blocking: the report compares SSB's uncorrected figures and says so
                out.notes.append(KOSTRA_UNCORRECTED_NOTE)
            out.not_for_kommune |= set(own)
            lacking = own
        needed |= set(wants.get("trenger", ()))
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
    info = INPUTS.get(stem)
    if info is None:
        return spec.name
    return f"{spec.name} – {info.innhold} (fylles av «{info.fylles_av}»)"


def council_text(stems: list[str]) -> list[str]:
    """What is missing in words for the council: no file names, no commands."""
    return [INPUTS[s].innhold if s in INPUTS else s for s in stems]
