"""Data files shared by every report: municipalities, budget lines, KOSTRA, rules."""

from helpers.data.specs import (
    AAR,
    ACCOUNTING_SIGNS,
    DATATYPE,
    HOP_EXAMPLE,
    KILDE,
    KOMMUNENUMMER,
    NY,
    SSB,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

FILES = [
    FileSpec(
        name="kommuner.csv",
        description="Kommunene og kommunegruppene rapportene kjenner, med standard sammenligning.",
        columns={
            "kommunenummer": Col(
                "str", "Kommunenummer (4 siffer) eller gruppekode (EKG11, EAKUO, EAK)",
                pattern=r"^(\d{4}|EKG\d{2}|EAKUO|EAK)$",
            ),
            "navn": Col("str", "Navn slik det vises i rapportene"),
            "type": Col("str", "kommune eller kommunegruppe", allowed=("kommune", "kommunegruppe")),
            "kostragruppe": Col("str", "KOSTRA-gruppens kode", nullable=True),
            "alias": Col("str", "Andre skrivemåter, skilt med |", nullable=True),
            "kilde": KILDE,
        },
        key=("kommunenummer",),
        optional_columns=("alias", "kostragruppe"),
        source=NY,
        holds="kommunen, sammenligningskommunene og sammenligningsgruppene",
    ),
    FileSpec(
        name="okonomiplan.csv",
        description=(
            "Budsjett- og regnskapslinjer fra økonomiplanen, i 1000 kr med regnskapets fortegn "
            "(inntekt negativ, utgift og avsetning positiv, bruk av fond negativ)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "tabell": Col("str", "Tabellen linjen står i, f.eks. sentrale_inntekter"),
            "dimensjon": Col("str", "Rammeområde eller annen inndeling; tom for sentrale poster",
                             nullable=True),
            "post": Col("str", "Maskinlesbart navn på linjen, f.eks. skatt_inntekt_formue"),
            "post_navn": Col("str", "Linjens navn i kilden"),
            "aar": AAR,
            "datatype": DATATYPE,
            "belop": Col("float", "Beløp i 1000 kr, regnskapets fortegn", unit="1000 kr"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "tabell", "dimensjon", "post", "aar", "datatype"),
        optional_columns=("dimensjon",),
        source=WORKBOOK,
        holds="økonomiplanens sentrale inntekter, utgifter, finansposter "
                                   "og avsetninger",
        sheet=Sheet(
            "Økonomiplan",
            1,
            {"belop": ACCOUNTING_SIGNS + "; bruk av fond negativ"},
            {
                "kommunenummer": "5025",
                "tabell": "sentrale_inntekter",
                "dimensjon": "",
                "post": "skatt_inntekt_formue",
                "post_navn": "Skatt på inntekt og formue",
                "aar": "2022",
                "datatype": "regnskap",
                "belop": "-181464",
                "kilde": HOP_EXAMPLE
                + "Hovedtallene i budsjettforslaget, tabell «Sentrale inntekter», "
                "kolonne «Regnskap 2022»",
            },
        ),
    ),
    FileSpec(
        name="kostra.csv",
        description=(
            "KOSTRA-tall, én rad per region, år, indikator og (eventuelt) dimensjon, slik SSB "
            "publiserer dem."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "indikator": Col("str", "Maskinlesbart indikatornavn, f.eks. netto_lanegjeld_pst"),
            "dimensjon": Col("str", "Tjenesteområde eller annen inndeling; tom for totaltall",
                             nullable=True),
            "verdi": Col("float", "Tallverdien"),
            "enhet": Col("str", "Enhet", allowed=("%", "kr per innbygger", "1000 kr", "antall",
                                                    "indeks")),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "indikator", "dimensjon"),
        optional_columns=("dimensjon",),
        source=SSB,
        holds="KOSTRA-tall fra SSB (netto driftsresultat, disposisjonsfond, "
                              "netto lånegjeld og utgifter per tjenesteområde)",
    ),
    FileSpec(
        name="plan_indikatorer.csv",
        description=(
            "Kommunens egne nøkkeltall for budsjett- og planår (fra økonomiplanens tabeller), "
            "som ikke finnes i KOSTRA ennå."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "indikator": Col("str", "Maskinlesbart indikatornavn"),
            "verdi": Col("float", "Tallverdien"),
            "enhet": Col("str", "Enhet", allowed=("%", "kr per innbygger", "1000 kr", "antall")),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "indikator"),
        source=WORKBOOK,
        holds="planlagt netto driftsresultat og disposisjonsfond for "
                                        "budsjett- og planårene",
        sheet=Sheet(
            "Plantall",
            2,
            {"verdi": "underskudd negativt"},
            {
                "kommunenummer": "5025",
                "aar": "2023",
                "indikator": "netto_driftsresultat_pst",
                "verdi": "-1.3",
                "enhet": "%",
                "datatype": "budsjett",
                "kilde": HOP_EXAMPLE
                + "Økonomisk utvikling i planperioden, tabell «Netto driftsresultat i % "
                "av brutto driftsinntekter»",
            },
        ),
    ),
    FileSpec(
        name="handlingsregler.csv",
        description="Kommunestyrets økonomiske handlingsregler med terskelverdier.",
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "regel": Col("str", "Maskinlesbart navn på regelen"),
            "indikator": Col("str", "Indikatoren regelen måles på"),
            "terskel": Col("float", "Terskelverdi", min=0, max=1000),
            "enhet": Col("str", "Enhet for terskelen", allowed=("%",)),
            "krav": Col("str", "minst (verdien skal være over) eller hoyst (under)",
                        allowed=("minst", "hoyst")),
            "status": Col("str", "vedtatt, foreslatt eller maltall",
                          allowed=("vedtatt", "foreslatt", "maltall")),
            "gjelder_fra": Col("year", "Første budsjettår regelen gjelder for", nullable=True),
            "formulering": Col("str", "Regelen med egne ord"),
            "lesing": Col("str", "Hvordan en regel som kan leses to veier, leses: for "
                          "avsetningsregelen brutto (beløpet som settes av) eller netto "
                          "(endringen i fondet); tom gir det regelens ordlyd sier",
                          nullable=True, allowed=("brutto", "netto")),
            "kilde": KILDE,
        },
        key=("kommunenummer", "regel"),
        optional_columns=("lesing",),
        source=WORKBOOK,
        holds="kommunestyrets vedtatte handlingsregler og terskler",
        sheet=Sheet(
            "Handlingsregler",
            3,
            {},
            {
                "kommunenummer": "5025",
                "regel": "netto_lanegjeld",
                "indikator": "netto_lanegjeld_pst",
                "terskel": "90",
                "enhet": "%",
                "krav": "hoyst",
                "status": "vedtatt",
                "gjelder_fra": "2021",
                "formulering": "Over tid skal netto lånegjeld ikke være høyere enn 90 % av brutto "
                "driftsinntekter.",
                "kilde": HOP_EXAMPLE
                + "Handlingsregler, tabell «Handlingsreglene i tabellform»",
            },
        ),
    ),
    FileSpec(
        name="folketall.csv",
        description="Folketall ved utgangen av året (31.12), for å regne om kr per innbygger.",
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "folketall": Col("int", "Innbyggere 31.12", min=0, unit="antall"),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar"),
        source=SSB,
        holds="folketall ved utgangen av året fra SSB",
    ),
    FileSpec(
        name="premieavvik.csv",
        description=(
            "Valgfri: akkumulert (totalt bokført) premieavvik pensjon ved årets slutt, "
            "i 1000 kr. Brukes i den foreslåtte regelen for disposisjonsfond."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "premieavvik_akkumulert": Col("float", "Bokført premieavvik inkl. arbeidsgiveravgift",
                                          unit="1000 kr"),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar"),
        optional=True,
        source=WORKBOOK,
        holds="akkumulert premieavvik",
        sheet=Sheet(
            "Premieavvik",
            4,
            {"premieavvik_akkumulert": "som i balansen"},
            {
                "kommunenummer": "5025",
                "aar": "2022",
                "premieavvik_akkumulert": "12345",
                "datatype": "regnskap",
                "kilde": "Årsregnskapet 2022, note om pensjon (tallet er et oppdiktet eksempel)",
            },
        ),
    ),
    FileSpec(
        name="kildemerknader.csv",
        description=(
            "Valgfri: det kilden selv sier om et tall eller en serie (avvik mellom to tabeller, "
            "tall som mangler, tall som er misvisende). Rapportene viser merknaden der temaet "
            "vises."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "tema": Col("str", "Indikator eller emne merknaden gjelder, f.eks. "
                               "disposisjonsfond_pst"),
            "aar": Col("year", "Året merknaden gjelder; tom for hele serien", nullable=True),
            "merknad": Col("str", "Merknaden slik rapporten skal vise den (egne ord)"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "tema", "aar"),
        optional=True,
        optional_columns=("aar",),
        source=WORKBOOK,
        holds="merknader til kildene",
        sheet=Sheet(
            "Kildemerknader",
            5,
            {},
            {
                "kommunenummer": "5025",
                "tema": "netto_driftsresultat_pst",
                "aar": "2019",
                "merknad": "Kilden har ikke netto driftsresultat for 2019.",
                "kilde": HOP_EXAMPLE + "Økonomisk utvikling i planperioden",
            },
        ),
    ),
]
