"""Data files shared by every report: municipalities, budget lines, KOSTRA, rules."""

from helpers.data.specs import AAR, DATATYPE, KILDE, KOMMUNENUMMER, Col, FileSpec

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
            "kilde": KILDE,
        },
        key=("kommunenummer", "regel"),
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
    ),
]
