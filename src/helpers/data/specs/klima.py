"""Data files for the klimabudsjett report: emissions, climate measures and climate targets."""

from helpers.data.specs import (
    AAR,
    DATATYPE,
    HOP_EXAMPLE,
    KILDE,
    KOMMUNENUMMER,
    MILJO,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

# Miljødirektoratet's sectors in its statistics of greenhouse-gas emissions per municipality,
# in the order the HØP's table lists them.
UTSLIPP_SEKTORER = (
    "Luftfart",
    "Oppvarming",
    "Annen mobil forbrenning",
    "Industri, olje og gass",
    "Sjøfart",
    "Veitrafikk",
    "Avfall og avløp",
    "Jordbruk",
    "Energiforsyning",
    "Produkter med fluorgasser",
)
TOTALT = "Totalt"
# Framsikt's measure tables also use categories of their own for measures that do not
# belong to one statistics sector.
TILTAK_SEKTORER = UTSLIPP_SEKTORER + ("Annet", "Innkjøp", "Miljøledelse")
TILTAK_TYPER = ("direkte", "indirekte")
MAL_TYPER = ("reduksjon", "klimanoytral", "lavutslippssamfunn")
RAMMEOMRADER = (
    "Stab og støtte", "Oppvekst", "Helse og omsorg", "Næring", "Kultur", "Tekniske områder",
    "Kirkelig administrasjon", "Finans",
)

FILES = [
    FileSpec(
        name="klima_utslipp.csv",
        description=(
            "Utslipp av klimagasser i kommunen (territorielle utslipp slik Miljødirektoratet "
            "publiserer dem), i tonn CO2-ekvivalenter per kommune, år og sektor, eventuelt "
            "fordelt på utslippskilde. Sektoren «Totalt» er kildens egen sum."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "sektor": Col("str", "Miljødirektoratets sektor, eller Totalt for summen",
                          allowed=UTSLIPP_SEKTORER + (TOTALT,)),
            "utslippskilde": Col("str", "Utslippskilde innen sektoren; tom når raden er hele "
                                        "sektoren", nullable=True),
            "verdi": Col("float", "Utslipp i tonn CO2-ekvivalenter", min=0, unit="tonn CO2e"),
            "datatype": DATATYPE,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "sektor", "utslippskilde"),
        optional_columns=("utslippskilde",),
        source=MILJO,
        holds="klimagassutslipp per sektor fra Miljødirektoratet",
    ),
    FileSpec(
        name="klima_tiltak.csv",
        description=(
            "Klimatiltakene i klimabudsjettet, én rad per tiltak og budsjettår, med type "
            "(direkte/indirekte utslipp), sektor, utslippskilde, kostnader i 1000 kr "
            "(regnskapets fortegn: kostnad positiv, innsparing negativ) og langsiktig reduksjon."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": Col("year", "Budsjettåret klimabudsjettet gjelder (HØP-ens første år)"),
            "tiltak_id": Col("str", "Kort, unik kode for tiltaket innen budsjettåret (D01, I01 …)",
                             pattern=r"^[A-Z]\d{2}$"),
            "tiltak": Col("str", "Tiltakets navn slik kilden skriver det (ordelinger rettet)"),
            "eier": Col("str", "Enheten navnet peker ut («Brann», «Kommunedirektørens stab» …); "
                               "tom når navnet ikke sier det", nullable=True),
            "rammeomraade": Col("str", "Rammeområdet enheten hører til; tom når ukjent",
                                nullable=True, allowed=RAMMEOMRADER),
            "type": Col("str", "direkte (utslipp i kommunen) eller indirekte (utslipp andre "
                               "steder, f.eks. fra forbruk)", allowed=TILTAK_TYPER),
            "sektor": Col("str", "Sektoren tiltaket virker i", allowed=TILTAK_SEKTORER),
            "utslippskilde": Col("str", "Utslippskilden (kolonnen «Kilde» i tiltakstabellen)",
                                 nullable=True),
            "kostnad_budsjettaar": Col("float", "Kostnad i budsjettåret", nullable=True,
                                       unit="1000 kr"),
            "kostnad_planperiode": Col("float", "Samlet kostnad i planperioden", nullable=True,
                                       unit="1000 kr"),
            "planperiode_fra": Col("year", "Første år i planperioden kostnaden gjelder"),
            "planperiode_til": Col("year", "Siste år i planperioden kostnaden gjelder"),
            "okonomisk_effekt_langsiktig": Col("float", "Langsiktig økonomisk effekt per år",
                                               nullable=True, unit="1000 kr"),
            "reduksjon_langsiktig": Col("float", "Langsiktig utslippsreduksjon per år",
                                        nullable=True, unit="tonn CO2e"),
            "beskrivelse": Col("str", "Kort beskrivelse med egne ord", nullable=True),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "tiltak_id"),
        optional_columns=("eier", "rammeomraade", "utslippskilde", "beskrivelse"),
        source=WORKBOOK,
        holds="klimatiltakene i klimabudsjettet",
        sheet=Sheet(
            "Klimatiltak",
            15,
            {
                "kostnad_budsjettaar": "kostnad positiv, innsparing negativ",
                "kostnad_planperiode": "kostnad positiv, innsparing negativ",
                "okonomisk_effekt_langsiktig": "kostnad positiv, innsparing negativ",
                "reduksjon_langsiktig": "positivt = lavere utslipp",
            },
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "tiltak_id": "D02",
                "tiltak": "Benytte tilgjengelige kommunale elbiler",
                "eier": "",
                "rammeomraade": "",
                "type": "direkte",
                "sektor": "Annen mobil forbrenning",
                "utslippskilde": "*Estimat sjøfart",
                "kostnad_budsjettaar": "0",
                "kostnad_planperiode": "0",
                "planperiode_fra": "2024",
                "planperiode_til": "2027",
                "okonomisk_effekt_langsiktig": "0",
                "reduksjon_langsiktig": "0.0",
                "beskrivelse": "Kommunens elbiler brukes der ansatte ellers ville kjørt privatbil.",
                "kilde": HOP_EXAMPLE + "Klimabudsjett, tabell «Direkte utslipp»",
            },
        ),
    ),
    FileSpec(
        name="klima_tiltak_reduksjon.csv",
        description=(
            "Utslippsreduksjonen hvert klimatiltak er beregnet å gi hvert år, i tonn "
            "CO2-ekvivalenter (positiv = lavere utslipp)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": Col("year", "Budsjettåret tiltaket står i (som i klima_tiltak.csv)"),
            "tiltak_id": Col("str", "Tiltakets kode i klima_tiltak.csv", pattern=r"^[A-Z]\d{2}$"),
            "aar": AAR,
            "reduksjon": Col("float", "Reduksjon dette året", unit="tonn CO2e"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "tiltak_id", "aar"),
        source=WORKBOOK,
        holds="tiltakenes beregnede utslippsreduksjon",
        sheet=Sheet(
            "Klimatiltak reduksjon",
            16,
            {"reduksjon": "positivt = lavere utslipp"},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "tiltak_id": "D01",
                "aar": "2024",
                "reduksjon": "0.0",
                "kilde": HOP_EXAMPLE
                + "Klimabudsjett, tabell «Direkte utslipp», kolonne «Reduksjon "
                "2024»",
            },
        ),
    ),
    FileSpec(
        name="klima_mal.csv",
        description="Kommunens vedtatte klimamål: basisår, målår og reduksjon der målet har tall.",
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "mal": Col("str", "Maskinlesbart navn på målet, f.eks. utslippskutt_2030"),
            "type": Col("str", "reduksjon (prosent kutt mot basisår), klimanoytral eller "
                               "lavutslippssamfunn", allowed=MAL_TYPER),
            "basisaar": Col("year", "Året kuttet regnes fra", nullable=True),
            "maalaar": Col("year", "Året målet skal være nådd"),
            "reduksjon_pst": Col("float", "Kutt i prosent av utslippet i basisåret",
                                 nullable=True, min=0, max=100, unit="%"),
            "plan": Col("str", "Planen målet er vedtatt i"),
            "vedtatt_aar": Col("year", "Året planen ble vedtatt", nullable=True),
            "formulering": Col("str", "Målet med egne ord"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "mal"),
        optional_columns=("vedtatt_aar",),
        source=WORKBOOK,
        holds="kommunens vedtatte klimamål",
        sheet=Sheet(
            "Klimamål",
            17,
            {},
            {
                "kommunenummer": "5025",
                "mal": "utslippskutt_2030",
                "type": "reduksjon",
                "basisaar": "2009",
                "maalaar": "2030",
                "reduksjon_pst": "40",
                "plan": "Fra kobber til klima (klima- og miljøplan)",
                "vedtatt_aar": "2018",
                "formulering": "Utslippene skal være 40 % lavere i 2030 enn i 2009.",
                "kilde": HOP_EXAMPLE
                + "Klimabudsjett, avsnitt «Hva er Røros kommunes klimamål?»",
            },
        ),
    ),
]
