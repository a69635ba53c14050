"""Data files of the KOSTRA comparison report (besides the shared ``kostra.csv``).

The four files are optional: a data folder without them still loads, and the report
then says what it is missing (no index per service area, indicator codes instead of
names, service areas in the order they appear in the data).
"""

from helpers.data.specs import (
    HOP_EXAMPLE,
    KILDE,
    KOMMUNENUMMER,
    SSB,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

FILES = [
    FileSpec(
        name="kostra_utgiftsbehov.csv",
        description=(
            "Beregnet utgiftsbehov fra inntektssystemet: kostnadsindeks (landsgjennomsnittet "
            "= 100), samlet og per tjenesteområde, og utgiftsbehovet i kroner. Indeksen per "
            "tjenesteområde brukes til å korrigere ukorrigerte KOSTRA-utgifter "
            "(utgift ÷ indeks × 100)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": Col("year", "Året utgiftsbehovet er beregnet for (inntektssystemets år)"),
            "indikator": Col(
                "str",
                "utgiftsbehov_indeks, utgiftsbehov_per_innb, "
                "utgiftsbehov_per_innb_landsgjennomsnitt eller merutgiftsbehov",
                allowed=("utgiftsbehov_indeks", "utgiftsbehov_per_innb",
                         "utgiftsbehov_per_innb_landsgjennomsnitt", "merutgiftsbehov"),
            ),
            "dimensjon": Col("str", "Tjenesteområde (samme navn som i kostra.csv); tom for "
                                    "hele kommunen", nullable=True),
            "verdi": Col("float", "Tallverdien"),
            "enhet": Col("str", "Enhet", allowed=("indeks", "kr per innbygger", "1000 kr")),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "indikator", "dimensjon"),
        optional=True,
        optional_columns=("dimensjon",),
        source=WORKBOOK,
        holds="indeksen for beregnet utgiftsbehov per "
                                           "tjenesteområde, som utgiftene korrigeres med",
        sheet=Sheet(
            "Utgiftsbehov",
            23,
            {},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "indikator": "utgiftsbehov_indeks",
                "dimensjon": "",
                "verdi": "104.85",
                "enhet": "indeks",
                "kilde": HOP_EXAMPLE + "Kommunens inntekter og beregnede utgiftsbehov, avsnitt "
                "«Utgiftsutjevningen» (kostnadsindeks for 2024)",
            },
        ),
    ),
    FileSpec(
        name="kostra_indikatorer.csv",
        description=(
            "Beskrivelse av indikatorene i kostra.csv: visningsnavn, enhet, om tallet er "
            "korrigert for utgiftsbehov, og plass i nøkkeltalltabellen."
        ),
        columns={
            "indikator": Col("str", "Indikatornavnet slik det står i kostra.csv"),
            "navn": Col("str", "Navnet som vises i rapporten"),
            "enhet": Col("str", "Enhet", allowed=("%", "kr per innbygger", "1000 kr", "antall",
                                                  "indeks")),
            "korrigert": Col("str", "ja når tallet er korrigert for beregnet utgiftsbehov",
                             allowed=("ja", "nei")),
            "nokkeltabell": Col("int", "Plass i nøkkeltalltabellen (1 øverst); tom = ikke med",
                                nullable=True, min=1),
            "kilde": KILDE,
        },
        key=("indikator",),
        optional=True,
        source=SSB,
        holds="navn og enheter for KOSTRA-indikatorene",
    ),
    FileSpec(
        name="kostra_tjenesteomrader.csv",
        description="Tjenesteområdene i sammenligningen: rekkefølge og kort navn til figurer.",
        columns={
            "dimensjon": Col("str", "Tjenesteområdet slik det står i kostra.csv"),
            "rekkefolge": Col("int", "Plass i tabeller (1 øverst)", min=1),
            "kortnavn": Col("str", "Kort navn til figurer"),
            "kilde": KILDE,
        },
        key=("dimensjon",),
        optional=True,
        source=SSB,
        holds="rekkefølge og kortnavn for tjenesteområdene",
    ),
    FileSpec(
        name="kostra_merknader.csv",
        description=(
            "Merknader fra kilden om at et tall er skjevt, for eksempel feilføring mellom "
            "tjenesteområder. Rapporten viser merknaden ved siden av området."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": Col("year", "KOSTRA-året merknaden gjelder"),
            "dimensjon": Col("str", "Tjenesteområdet (samme navn som i kostra.csv); tom for "
                                    "totalen", nullable=True),
            "merknad": Col("str", "Hva kilden sier om tallet, med egne ord (bokmål)"),
            "virkning_per_innb": Col("float", "Hvor mye kilden sier tallet er skjevt, i kr per "
                                              "innbygger (positivt: for høyt); tom når kilden "
                                              "ikke tallfester det", nullable=True,
                                     unit="kr per innbygger"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "dimensjon"),
        optional=True,
        optional_columns=("virkning_per_innb",),
        source=WORKBOOK,
        holds="kommunens egne merknader til KOSTRA-tallene",
        sheet=Sheet(
            "KOSTRA-merknader",
            24,
            {"virkning_per_innb": "kr per innbygger; positiv når tallet er for høyt"},
            {
                "kommunenummer": "5025",
                "aar": "2022",
                "dimensjon": "Adm. styring og fellesutgifter",
                "merknad": "Felleskostnader ble ført som administrasjon, så tallet er for høyt.",
                "virkning_per_innb": "2000",
                "kilde": HOP_EXAMPLE + "KOSTRA-analyse (merknad om administrasjon 2022)",
            },
        ),
    ),
]
