"""Data files for the investment report (investeringsprogrammet i økonomiplanen)."""

from helpers.data.specs import (
    AAR,
    DATATYPE,
    HOP_EXAMPLE,
    KILDE,
    KOMMUNENUMMER,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

BUDSJETTAAR = Col(
    "year",
    "Budsjettåret planen gjelder fra (første år i handlings- og økonomiplanen, f.eks. 2024 "
    "for HØP 2024–2027); skiller planutgavene fra hverandre",
)
KATEGORI = Col("str", "ordinær investering eller selvkostinvestering (finansieres av gebyrer)",
               allowed=("ordinær", "selvkost"))

# the expense lines of § 5-5 første ledd a project can belong to (lines 1–4)
INVESTERINGSTYPER = ("varige_driftsmidler", "tilskudd_til_andre", "aksjer_andeler",
                     "utlan_egne_midler")

FILES = [
    FileSpec(
        name="investering_prosjekter.csv",
        description=(
            "Investeringsprosjektene i økonomiplanen: rammeområde, selvkost eller ikke, "
            "tidligere bevilget og netto prosjektutgift (samlet prosjektbeløp), i 1000 kr."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": BUDSJETTAAR,
            "kategori": KATEGORI,
            "rammeomrade": Col("str", "Rammeområdet prosjektet står under i tabellen"),
            "prosjekt": Col("str", "Prosjektets navn (brukes også i scenarioer)"),
            "tidligere_bevilget": Col("float", "Bevilget før planperioden; tom når kilden ikke "
                                      "oppgir det", nullable=True, unit="1000 kr"),
            "netto_prosjektutgift": Col("float", "Samlet netto prosjektutgift; tom når kilden "
                                        "ikke oppgir den", nullable=True, unit="1000 kr"),
            "lanefinansieres": Col("str", "nei når prosjektet ikke kan finansieres med lån "
                                   "(kommuneloven § 14-15, f.eks. kjøp av aksjer og andeler); "
                                   "ja eller tom ellers", nullable=True, allowed=("ja", "nei")),
            "investeringstype": Col(
                "str", "Linjen i bevilgningsoversikten investering (§ 5-5 første ledd) "
                "utgiften hører til; tom gir varige_driftsmidler", nullable=True,
                allowed=INVESTERINGSTYPER),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "prosjekt"),
        optional_columns=("lanefinansieres", "investeringstype"),
        source=WORKBOOK,
        holds="investeringsprogrammets prosjekter",
        sheet=Sheet(
            "Investeringsprosjekter",
            11,
            {"tidligere_bevilget": "utgift positiv", "netto_prosjektutgift": "utgift positiv"},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "kategori": "ordinær",
                "rammeomrade": "Stab og støtte",
                "prosjekt": "Digital transformasjon av arbeidsprosesser",
                "tidligere_bevilget": "9045",
                "netto_prosjektutgift": "17045",
                "lanefinansieres": "ja",
                "kilde": HOP_EXAMPLE + "Investeringer i økonomiplanen, tabell «Investeringer»",
            },
        ),
    ),
    FileSpec(
        name="investering.csv",
        description=(
            "Investeringsbeløp per prosjekt og planår (bevilgning i økonomiplanen), i 1000 kr, "
            "utgift positiv. Prosjektet må stå i investering_prosjekter.csv."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": BUDSJETTAAR,
            "prosjekt": Col("str", "Prosjektets navn, som i investering_prosjekter.csv"),
            "aar": AAR,
            "datatype": DATATYPE,
            "belop": Col("float", "Beløp i 1000 kr (utgift positiv)", unit="1000 kr"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "prosjekt", "aar", "datatype"),
        source=WORKBOOK,
        holds="investeringene per prosjekt og år",
        sheet=Sheet(
            "Investering",
            12,
            {"belop": "utgift positiv"},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "prosjekt": "Digital transformasjon av arbeidsprosesser",
                "aar": "2024",
                "datatype": "okonomiplan",
                "belop": "2000",
                "kilde": HOP_EXAMPLE
                + "Investeringer i økonomiplanen, tabell «Investeringer», kolonne «2024»",
            },
        ),
    ),
    FileSpec(
        name="investering_summer.csv",
        description=(
            "Summeringsradene slik de er trykt i kildens investeringstabeller (per rammeområde "
            "og totalt), i 1000 kr. Brukes bare til å kontrollere at prosjektradene summerer "
            "til det kilden viser."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": BUDSJETTAAR,
            "tabell": Col("str", "samletabell (kapitlet om investeringer) eller "
                          "rammeomradets_tabell (investeringsbudsjettet under rammeområdet)",
                          allowed=("samletabell", "rammeomradets_tabell")),
            "kategori": KATEGORI,
            "rammeomrade": Col("str", "Rammeområdet; tom for tabellens totalsum", nullable=True),
            "post": Col("str", "Kolonnen summen står i",
                        allowed=("tidligere_bevilget", "netto_prosjektutgift", "bevilgning",
                                 "sum_periode")),
            "aar": Col("year", "Planåret (bare for post bevilgning)", nullable=True),
            "belop": Col("float", "Summen i 1000 kr", unit="1000 kr"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "tabell", "kategori", "rammeomrade", "post",
             "aar"),
        optional_columns=("rammeomrade", "aar"),
        optional=True,
        source=WORKBOOK,
        holds="investeringsprogrammets finansiering og summer",
        sheet=Sheet(
            "Investeringssummer",
            13,
            {"belop": "utgift positiv"},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "tabell": "samletabell",
                "kategori": "ordinær",
                "rammeomrade": "Stab og støtte",
                "post": "tidligere_bevilget",
                "aar": "",
                "belop": "9045",
                "kilde": HOP_EXAMPLE
                + "Investeringer i økonomiplanen, tabell «Investeringer», rad «Sum Stab "
                "og støtte»",
            },
        ),
    ),
    FileSpec(
        name="investering_forutsetninger.csv",
        description=(
            "Tallfestede forutsetninger fra planen som investeringsrapporten bruker til "
            "kontroll og kommentar (f.eks. kommunens tommelfingerregel for finanskostnader)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": BUDSJETTAAR,
            "forutsetning": Col("str", "Maskinlesbart navn", allowed=(
                "tommelfingerregel_finanskostnad",)),
            "verdi": Col("float", "Tallverdien"),
            "enhet": Col("str", "Enhet", allowed=("%",)),
            "beskrivelse": Col("str", "Hva tallet betyr, med egne ord"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "forutsetning"),
        optional=True,
        source=WORKBOOK,
        holds="forutsetningene for nye lån",
        sheet=Sheet(
            "Investeringsforutsetninger",
            14,
            {},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "forutsetning": "tommelfingerregel_finanskostnad",
                "verdi": "8",
                "enhet": "%",
                "beskrivelse": "Om lag 8 mill. kr i årlige finanskostnader per 100 mill. kr "
                "lånegjeld",
                "kilde": HOP_EXAMPLE + "Handlingsregler",
            },
        ),
    ),
]

# The financing plan's posts (investering_finansiering.csv, column post) → the line of
# § 5-5 første ledd they fill; lanegjeld_inngaende is § 5-7's opening debt (the accounts'
# balance), no line of § 5-5.
FINANSIERING_POSTER = (
    "avdrag_lan", "kompensasjon_merverdiavgift", "tilskudd_fra_andre",
    "salg_varige_driftsmidler", "salg_finansielle_anleggsmidler", "utdeling_fra_selskaper",
    "mottatte_avdrag_utlan", "bruk_av_lan", "videreutlan", "bruk_av_lan_videreutlan",
    "avdrag_lan_videreutlan", "mottatte_avdrag_videreutlan", "overforing_fra_drift",
    "avsetning_bundne_investeringsfond", "bruk_bundne_investeringsfond",
    "avsetning_ubundet_investeringsfond", "bruk_ubundet_investeringsfond", "dekning_udekket",
    "lanegjeld_inngaende",
)

FILES.append(
    FileSpec(
        name="investering_finansiering.csv",
        description=(
            "Kommunens finansieringsplan for investeringene per planår, slik planen vedtar den "
            "(bevilgningsoversikt investering, § 5-5 første ledd): lån, momskompensasjon, "
            "tilskudd, salg, overføring fra drift, avsetninger og bruk av fond, videreutlån, "
            "og lånegjelden ved inngangen til året etter regnskapet (posten "
            "lanegjeld_inngaende, brukt i oversikten over gjeld, § 5-7). Beløp i 1000 kr, "
            "alltid positive; oppstillingen gir fortegnet. Et planår med rader er hele "
            "finansieringen det året: en post som ikke står, er 0. Uten filen (eller uten "
            "rader for et år) mangler finansieringslinjene i § 5-5 og nye lån i § 5-7; de "
            "fylles aldri med antakelser."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "budsjettaar": BUDSJETTAAR,
            "aar": AAR,
            "post": Col("str", "Posten i finansieringsplanen (lanegjeld_inngaende: "
                        "lånegjelden 1. januar etter regnskapets balanse)",
                        allowed=FINANSIERING_POSTER),
            "belop": Col("float", "Beløp i 1000 kr, positivt", min=0, unit="1000 kr"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "budsjettaar", "aar", "post"),
        optional=True,
        source=WORKBOOK,
        holds="finansieringen av investeringene og lånegjelden ved inngangen til året",
        sheet=Sheet(
            "Investering finansiering",
            27,
            {"belop": "alltid positivt"},
            {
                "kommunenummer": "5025",
                "budsjettaar": "2024",
                "aar": "2024",
                "post": "bruk_av_lan",
                "belop": "30000",
                "kilde": "Økonomiplanen, tabell «Finansiering av investeringene»",
            },
        ),
    )
)
