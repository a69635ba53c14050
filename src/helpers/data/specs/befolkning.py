"""Data files for the befolkning report: population change by cause, the projection by
age group, published aldersbæreevne and (optionally) cost per inhabitant per age group."""

from helpers.data.specs import (
    AAR,
    DATATYPE,
    KILDE,
    KOMMUNENUMMER,
    SSB,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

# Components of population change stored in befolkning_endringer.csv. Derived rows
# (fødselsoverskudd, netto innvandring og flytting, folkevekst) are computed, not stored.
KOMPONENTER = (
    "folketall_start",
    "fodte",
    "dode",
    "innvandring",
    "utvandring",
    "innflytting_innenlands",
    "utflytting_innenlands",
    "folketall_slutt",
)

# An age-group code: "0", "1-5", "90+".
ALDERSGRUPPE_PATTERN = r"^\d{1,3}(-\d{1,3}|\+)?$"

FILES = [
    FileSpec(
        name="befolkning_endringer.csv",
        description=(
            "Befolkningsendringer per år etter årsak (fødte, døde, inn- og utvandring, "
            "innenlands inn- og utflytting) og folketallet ved periodens start og slutt. "
            "Antall personer."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "til_kvartal": Col(
                "int", "Siste kvartal perioden dekker: 4 = hele året, 2 = 1.–2. kvartal",
                min=1, max=4,
            ),
            "komponent": Col("str", "Hvilken størrelse raden gjelder", allowed=KOMPONENTER),
            "verdi": Col("int", "Antall personer", min=0, unit="antall"),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "komponent"),
        source=SSB,
        holds="befolkningsendringer etter årsak fra SSB",
    ),
    FileSpec(
        name="befolkning_framskrivning.csv",
        description=(
            "Befolkningsframskrivning etter aldersgruppe (antall personer per 1. januar i "
            "året). Første år er utgangsåret (registrert folketall)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "alternativ": Col(
                "str", "Framskrivingsalternativ, f.eks. sterk_aldring (SSBs LHL) eller "
                "hovedalternativ (MMMM)", pattern=r"^[a-z_]+$",
            ),
            "aar": AAR,
            "aldersgruppe": Col("str", "Kode for aldersgruppen: «0», «1-5», «90+»",
                                pattern=ALDERSGRUPPE_PATTERN),
            "alder_fra": Col("int", "Laveste alder i gruppen (år)", min=0, max=130),
            "alder_til": Col("int", "Høyeste alder i gruppen (år); tom for åpen gruppe (90+)",
                             nullable=True, min=0, max=130),
            "aldersgruppe_navn": Col("str", "Aldersgruppens navn i kilden"),
            "verdi": Col("int", "Antall personer 1. januar", min=0, unit="antall"),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "alternativ", "aar", "aldersgruppe"),
        source=SSB,
        holds="SSBs befolkningsframskrivning",
    ),
    FileSpec(
        name="befolkning_aldersbaereevne.csv",
        description=(
            "Valgfri: publiserte tall for aldersbæreevne (innbyggere i arbeidsfør alder per "
            "innbygger 67 år og eldre), brukt til kontroll og som historisk referanse. "
            "Rapporten regner sin egen serie fra framskrivningen."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "verdi": Col("float", "Personer i arbeidsfør alder per person 67+", min=0,
                         unit="forhold"),
            "desimaler": Col("int", "Antall desimaler kilden oppgir tallet med", min=0, max=4),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar"),
        optional=True,
        source=SSB,
        holds="aldersbæreevne",
    ),
    FileSpec(
        name="befolkning_kostnad_aldersgruppe.csv",
        description=(
            "Valgfri: kostnad per innbygger i hver aldersgruppe (kr per innbygger i gruppen, "
            "f.eks. fra KOSTRA eller inntektssystemets kostnadsnøkler). Gir beregningen av "
            "demografisk kostnadspress."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": Col("year", "Året (prisnivået) kostnaden gjelder"),
            "aldersgruppe": Col("str", "Kode for aldersgruppen: «0», «1-5», «67+»",
                                pattern=ALDERSGRUPPE_PATTERN),
            "alder_fra": Col("int", "Laveste alder i gruppen (år)", min=0, max=130),
            "alder_til": Col("int", "Høyeste alder i gruppen (år); tom for åpen gruppe",
                             nullable=True, min=0, max=130),
            "kr_per_innbygger": Col("float", "Kostnad per innbygger i aldersgruppen", min=0,
                                    unit="kr per innbygger"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "aldersgruppe"),
        optional=True,
        source=WORKBOOK,
        holds="kostnad per innbygger i hver "
                                                       "aldersgruppe",
        sheet=Sheet(
            "Kostnad per aldersgruppe",
            25,
            {},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "aldersgruppe": "1-5",
                "alder_fra": "1",
                "alder_til": "5",
                "kr_per_innbygger": "200000",
                "kilde": "Kommunens egen beregning (tallet er et oppdiktet eksempel)",
            },
        ),
    ),
]
