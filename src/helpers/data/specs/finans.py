"""Data files for the finans report: frames per rammeområde, budget by art, frame changes,
the KS income prognosis and the budget assumptions.

Sentrale inntekter and the finance items are read from ``okonomiplan.csv`` (declared in
:mod:`helpers.specs.grunnlag`). The files here are optional for the other reports; the finans
report asks for them by name and says which one is missing.
"""

from helpers.data.specs import (
    AAR,
    ACCOUNTING_SIGNS,
    DATATYPE,
    HOP_EXAMPLE,
    KILDE,
    KOMMUNENUMMER,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

RAMMEOMRADE = Col("str", "Rammeområdet (tjenesteområdet) slik kilden navngir det, f.eks. "
                         "«Oppvekst», «Finans»")
VIRKSOMHET = Col("str", "Virksomheten (enheten) under rammeområdet; tom når tallet gjelder hele "
                        "rammeområdet", nullable=True)
NIVA = Col("str", "rammeomrade: tabellen for hele rammeområdet; virksomhet: tabellen for én "
                  "virksomhet (virksomhetene summerer til rammeområdet – ikke legg nivåene "
                  "sammen)",
           allowed=("rammeomrade", "virksomhet"))
BELOP = Col("float", "Beløp i 1000 kr med regnskapets fortegn (utgift positiv, inntekt negativ)",
            unit="1000 kr")

ART = (
    "lonn",
    "kjop_egenproduksjon",
    "kjop_erstatter_egenproduksjon",
    "overforingsutgifter",
    "finansutgifter",
    "salgsinntekter",
    "refusjoner",
    "overforingsinntekter",
    "finansinntekter",
)

KATEGORI = (
    "opprinnelig_budsjett",
    "tekniske_justeringer",
    "endringer_vedtatt_okonomiplan",
    "befolkningsendring",
    "politiske_vedtak",
    "driftskonsekvens_investeringer",
    "innsparingstiltak",
    "nye_tiltak",
)

FILES = [
    FileSpec(
        name="finans_rammer.csv",
        description=(
            "Netto driftsramme per rammeområde (og per virksomhet) per år, slik summen står i "
            "kildens tabeller «Driftsbudsjett» (i planårene lik «Ramme» i «Rammeoversikt»). "
            "1000 kr, netto utgift positiv; Finans er negativ (netto inntekt)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "rammeomrade": RAMMEOMRADE,
            "virksomhet": VIRKSOMHET,
            "niva": NIVA,
            "aar": AAR,
            "datatype": DATATYPE,
            "belop": BELOP,
            "kilde": KILDE,
        },
        key=("kommunenummer", "rammeomrade", "virksomhet", "aar", "datatype"),
        optional=True,
        optional_columns=("virksomhet",),
        source=WORKBOOK,
        holds="rammene per rammeområde",
        sheet=Sheet(
            "Rammer",
            6,
            {"belop": "netto utgift positiv; Finans negativ"},
            {
                "kommunenummer": "5025",
                "rammeomrade": "Stab og støtte",
                "virksomhet": "",
                "niva": "rammeomrade",
                "aar": "2022",
                "datatype": "regnskap",
                "belop": "57466",
                "kilde": HOP_EXAMPLE
                + "Kommunens tjenesteområder – Stab og støtte, tabell «Driftsbudsjett», "
                "rad «Sum»",
            },
        ),
    ),
    FileSpec(
        name="finans_driftsbudsjett.csv",
        description=(
            "Driftsbudsjettet fordelt på hovedart per rammeområde (og per virksomhet) per år, "
            "i 1000 kr med regnskapets fortegn. Sumlinjene er ikke med; de står i "
            "finans_rammer.csv."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "rammeomrade": RAMMEOMRADE,
            "virksomhet": VIRKSOMHET,
            "niva": NIVA,
            "art": Col("str", "Maskinlesbart navn på hovedarten", allowed=ART),
            "art_navn": Col("str", "Hovedartens navn i kilden"),
            "aar": AAR,
            "datatype": DATATYPE,
            "belop": BELOP,
            "kilde": KILDE,
        },
        key=("kommunenummer", "rammeomrade", "virksomhet", "art", "aar", "datatype"),
        optional=True,
        optional_columns=("virksomhet",),
        source=WORKBOOK,
        holds="driftsbudsjettet per art",
        sheet=Sheet(
            "Driftsbudsjett",
            7,
            {"belop": ACCOUNTING_SIGNS},
            {
                "kommunenummer": "5025",
                "rammeomrade": "Stab og støtte",
                "virksomhet": "",
                "niva": "rammeomrade",
                "art": "lonn",
                "art_navn": "Lønn",
                "aar": "2022",
                "datatype": "regnskap",
                "belop": "29456",
                "kilde": HOP_EXAMPLE
                + "Kommunens tjenesteområder – Stab og støtte, tabell «Driftsbudsjett», "
                "rad «Lønn»",
            },
        ),
    ),
    FileSpec(
        name="finans_rammeendringer.csv",
        description=(
            "Rammeoversiktene: opprinnelig budsjett og hvert navngitte tiltak som endrer rammen "
            "fram til ny ramme, per rammeområde/virksomhet og planår. 1000 kr; positivt beløp "
            "øker rammen, negativt reduserer den. Delsummer og ramme er ikke med (de regnes ut)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "rammeomrade": RAMMEOMRADE,
            "virksomhet": VIRKSOMHET,
            "kategori": Col("str", "Trinnet i rammeoversikten tiltaket hører til",
                            allowed=KATEGORI),
            "tiltak": Col("str", "Tiltakets navn i kilden («Opprinnelig budsjett» for "
                                 "utgangspunktet)"),
            "aar": AAR,
            "datatype": DATATYPE,
            "belop": Col("float", "Endring av rammen i 1000 kr (for opprinnelig budsjett: "
                                  "utgangsrammen)", unit="1000 kr"),
            "kilde": KILDE,
        },
        key=("kommunenummer", "rammeomrade", "virksomhet", "kategori", "tiltak", "aar"),
        optional=True,
        optional_columns=("virksomhet",),
        source=WORKBOOK,
        holds="endringene i rammene",
        sheet=Sheet(
            "Rammeendringer",
            8,
            {"belop": "positivt øker rammen, negativt reduserer den"},
            {
                "kommunenummer": "5025",
                "rammeomrade": "Stab og støtte",
                "virksomhet": "",
                "kategori": "opprinnelig_budsjett",
                "tiltak": "Opprinnelig budsjett",
                "aar": "2024",
                "datatype": "okonomiplan",
                "belop": "60645",
                "kilde": HOP_EXAMPLE + "Kommunens tjenesteområder – Stab og støtte, tabell "
                "«Rammeoversikt»",
            },
        ),
    ),
    FileSpec(
        name="finans_inntektsprognose.csv",
        description=(
            "KS' prognosemodell for skatt og rammetilskudd per år, i 1000 kr med regnskapets "
            "fortegn (inntekt negativ; kilden viser inntektene positive). radtype «sum» er "
            "kildens egne summer, tatt med for kontroll."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "post": Col("str", "Maskinlesbart navn på linjen"),
            "post_navn": Col("str", "Linjens navn (forkortet fra kilden)"),
            "radtype": Col("str", "post: en bestanddel; sum: kildens sumlinje",
                           allowed=("post", "sum")),
            "datatype": DATATYPE,
            "belop": BELOP,
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "post"),
        optional=True,
        source=WORKBOOK,
        holds="prognosen for skatt og rammetilskudd",
        sheet=Sheet(
            "Inntektsprognose",
            9,
            {"belop": ACCOUNTING_SIGNS},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "post": "innbyggertilskudd",
                "post_navn": "Innbyggertilskudd (likt beløp per innbygger)",
                "radtype": "post",
                "datatype": "prognose",
                "belop": "-168788",
                "kilde": HOP_EXAMPLE
                + "Kommunens inntekter, tabell «KS inntektsprognose», kolonne «2024»",
            },
        ),
    ),
    FileSpec(
        name="finans_forutsetninger.csv",
        description=(
            "Forutsetninger kilden oppgir for budsjettet: deflator, vekst i frie inntekter etter "
            "statsbudsjettet, lønnsvekst, pensjonssatser, utgiftsbehov m.m. Verdiene står slik "
            "kilden oppgir dem (ikke regnskapsfortegn)."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "parameter": Col("str", "Maskinlesbart navn, f.eks. deflator_pst"),
            "verdi": Col("float", "Verdien"),
            "enhet": Col("str", "Enhet", allowed=("%", "kr per innbygger", "1000 kr", "indeks")),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "parameter"),
        optional=True,
        source=WORKBOOK,
        holds="forutsetningene for renter og lønn",
        sheet=Sheet(
            "Finansforutsetninger",
            10,
            {"verdi": "som kilden oppgir"},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "parameter": "deflator_pst",
                "verdi": "4.3",
                "enhet": "%",
                "kilde": HOP_EXAMPLE
                + "Handlingsregler, økonomisk analyse og budsjettprosessen",
            },
        ),
    ),
]
