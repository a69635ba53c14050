"""What each key in ``nokkeltall.csv`` means: unit, sign and content, in one place.

The reports' ``key_figures`` functions write the rows; this table documents them for the
people who open ``nokkeltall.xlsx`` (its «Nøkler» sheet) and is checked against a build in
the tests, so a new key without a description fails there. Text in bokmål (users read it).
"""

from __future__ import annotations

from typing import NamedTuple


class KeyDoc(NamedTuple):
    enhet: str
    beskrivelse: str
    fortegn: str


_POS = "Positivt beløp"
_SIGNED = "Med fortegn: positivt er økning, negativt er nedgang"

KEYS: dict[str, dict[str, KeyDoc]] = {
    "handlingsregler": {
        "netto_driftsresultat_pst": KeyDoc(
            "%", "Netto driftsresultat i prosent av brutto driftsinntekter, per kommune og år "
            "(KOSTRA for regnskapsår, kommunens tall for budsjett- og planår)",
            "Med fortegn: et underskudd er negativt"),
        "disposisjonsfond_pst": KeyDoc(
            "%", "Disposisjonsfond i prosent av brutto driftsinntekter, per kommune og år",
            "Positivt"),
        "netto_lanegjeld_pst": KeyDoc(
            "%", "Netto lånegjeld i prosent av brutto driftsinntekter, per kommune og år",
            "Positivt"),
        "avsetning_krav": KeyDoc(
            "1000 kr", "Handlingsregelens krav til årlig avsetning til disposisjonsfond "
            "(prosent av skatt og rammetilskudd), per planår", _POS),
        "avsetning_til_fond": KeyDoc(
            "1000 kr", "Planlagt avsetning til disposisjonsfond per planår", _POS),
        "avsetning_bruk_av_fond": KeyDoc(
            "1000 kr", "Planlagt bruk av disposisjonsfond per planår", "Negativt: bruk av fond"),
        "avsetning_planlagt": KeyDoc(
            "1000 kr", "Planlagt netto avsetning til disposisjonsfond per planår",
            "Avsetning til fond positiv, bruk av fond negativ"),
    },
    "kostra": {
        "utgift_per_innb": KeyDoc(
            "kr per innbygger", "Netto driftsutgifter per innbygger per tjenesteområde "
            "(dimensjon), korrigert for beregnet utgiftsbehov, for kommunen, "
            "sammenligningskommunene og referansen", _POS),
        "differanse_per_innb": KeyDoc(
            "kr per innbygger", "Kommunens utgift per innbygger minus referansens, per "
            "tjenesteområde", "Positivt: kommunen bruker mer enn referansen"),
        "merutgift_vs_referanse": KeyDoc(
            "1000 kr", "Differansen per innbygger ganget med folketallet: hva det koster "
            "(eller sparer) å bruke som referansen, per tjenesteområde",
            "Positivt: kommunen bruker mer enn referansen"),
    },
    "finans": {
        "frie_inntekter": KeyDoc("1000 kr", "Skatt og rammetilskudd per år", _POS),
        "frie_inntekter_vekst": KeyDoc("1000 kr", "Endring i frie inntekter fra året før",
                                       _SIGNED),
        "frie_inntekter_vekst_pst": KeyDoc("%", "Nominell vekst i frie inntekter fra året før",
                                           _SIGNED),
        "frie_inntekter_realvekst_pst": KeyDoc(
            "%", "Realvekst i frie inntekter (nominell vekst fratrukket deflator), der "
            "deflatoren er kjent", _SIGNED),
        "renteutgifter": KeyDoc("1000 kr", "Renteutgifter per år", _POS),
        "renteinntekter_utbytte": KeyDoc("1000 kr", "Renteinntekter og utbytte per år", _POS),
        "avdrag": KeyDoc("1000 kr", "Avdrag på lån per år", _POS),
        "netto_finansutgifter": KeyDoc(
            "1000 kr", "Renteutgifter og avdrag minus renteinntekter og utbytte",
            "Positivt: netto utgift"),
        "netto_finansutgifter_pst_frie_inntekter": KeyDoc(
            "%", "Netto finansutgifter i prosent av frie inntekter", "Positivt: netto utgift"),
        "budsjettbalanse": KeyDoc(
            "1000 kr", "Avviket i budsjettbalansen per budsjett- og planår; 0 når budsjettet "
            "går i balanse innenfor avrunding", "Med fortegn: 0 er balanse"),
        "ramme": KeyDoc("1000 kr", "Ramme per rammeområde (dimensjon) per budsjett- og planår",
                        "Netto utgift positiv"),
        "ramme_endring_fra_fjoraar": KeyDoc(
            "1000 kr", "Endring i rammen fra året før per rammeområde, for planårene", _SIGNED),
        "rentekostnad_endring": KeyDoc(
            "1000 kr", "Endring i årlige rentekostnader per renteendring (dimensjon), i "
            "budsjettåret", "Positivt: høyere kostnad"),
    },
    "investering": {
        "investering": KeyDoc(
            "1000 kr", "Brutto investering per planår, ordinær, selvkost og totalt "
            "(dimensjon)", _POS),
        "laneopptak": KeyDoc("1000 kr", "Låneopptak per planår, ordinær, selvkost og totalt",
                             _POS),
        "kapitalkostnad": KeyDoc(
            "1000 kr", "Renter og avdrag på de nye lånene per planår, ordinær, selvkost og "
            "totalt", _POS),
        "investering_periode": KeyDoc(
            "1000 kr", "Investering for hele planperioden (år = første planår), ordinær, "
            "selvkost og totalt", _POS),
        "lanegjeld": KeyDoc("1000 kr", "Netto lånegjeld ved utgangen av året", _POS),
        "lanegjeld_pst": KeyDoc(
            "%", "Netto lånegjeld i prosent av brutto driftsinntekter, der de er kjent eller "
            "framskrevet", "Positivt"),
        "netto_lanegjeld_pst": KeyDoc(
            "%", "Det samme tallet som lanegjeld_pst, under navnet handlingsregelrapporten "
            "bruker", "Positivt"),
    },
    "klimabudsjett": {
        "utslipp": KeyDoc("tonn CO2e", "Klimagassutslipp per kommune og år, per sektor og "
                          "totalt (dimensjon)", "Positivt"),
        "utslipp_per_innb": KeyDoc("tonn CO2e per innbygger", "Totale utslipp per innbygger, "
                                   "der folketallet er kjent", "Positivt"),
        "utslipp_andel_pst": KeyDoc("%", "Sektorens andel av kommunens utslipp per år",
                                    "Positivt"),
        "tiltak_reduksjon": KeyDoc(
            "tonn CO2e", "Beregnet utslippsreduksjon fra klimatiltakene per år, direkte, "
            "indirekte og totalt", "Positivt: reduksjon"),
        "tiltak_reduksjon_langsiktig": KeyDoc(
            "tonn CO2e", "Langsiktig årlig reduksjon fra tiltakene, per type", "Positivt: "
            "reduksjon"),
        "tiltak_antall": KeyDoc("antall", "Antall klimatiltak i budsjettåret, per type",
                                "Positivt"),
        "tiltak_kvantifisert_antall": KeyDoc(
            "antall", "Antall klimatiltak med beregnet effekt, per type", "Positivt"),
        "mal_paakrevd_reduksjon": KeyDoc(
            "tonn CO2e", "Reduksjonen som trengs for å nå målet (dimensjon) i målåret",
            "Positivt: reduksjon"),
        "mal_gap": KeyDoc(
            "tonn CO2e", "Gapet mellom påkrevd reduksjon og tiltakenes effekt i målåret",
            "Positivt: målet nås ikke med tiltakene"),
    },
    "befolkning": {
        "folketall": KeyDoc("antall", "Folketall 31.12 (registrert, deretter framskrevet)",
                            "Positivt"),
        "folkevekst": KeyDoc("antall", "Endring i folketallet i året", _SIGNED),
        "fodselsoverskudd": KeyDoc("antall", "Fødte minus døde", _SIGNED),
        "netto_innvandring_flytting": KeyDoc(
            "antall", "Innvandring og innflytting minus utvandring og utflytting", _SIGNED),
        "aldersgruppe_antall": KeyDoc(
            "antall", "Framskrevet antall per aldersgruppe (dimensjon; «alle» er totalen)",
            "Positivt"),
        "aldersgruppe_indeks": KeyDoc(
            "indeks", "Antall per aldersgruppe som indeks, første framskrivingsår = 100",
            "Positivt"),
        "aldersgruppe_vekst_pst": KeyDoc(
            "%", "Vekst per aldersgruppe fra første framskrivingsår (indeks − 100)", _SIGNED),
        "aldersbaereevne": KeyDoc(
            "forhold", "Personer i arbeidsfør alder per eldre", "Positivt"),
        "demografisk_kostnad_endring": KeyDoc(
            "1000 kr", "Endring i demografisk beregnet kostnad fra første framskrivingsår",
            "Positivt: høyere kostnad"),
    },
    "tertial": {
        "regnskap_hittil": KeyDoc(
            "1000 kr", "Regnskap hittil i året per rammeområde (dimensjon) og totalt",
            "Netto utgift positiv"),
        "budsjett_periodisert_hittil": KeyDoc(
            "1000 kr", "Periodisert budsjett til og med tertialet per rammeområde",
            "Netto utgift positiv"),
        "avvik_hittil": KeyDoc(
            "1000 kr", "Regnskap hittil minus periodisert budsjett per rammeområde",
            "Positivt: mer utgift (mindre inntekt) enn budsjettert"),
        "budsjett_aar": KeyDoc("1000 kr", "Revidert årsbudsjett per rammeområde",
                               "Netto utgift positiv"),
        "aarsprognose_avvik": KeyDoc(
            "1000 kr", "Prognosert avvik fra årsbudsjettet ved årsslutt per rammeområde",
            "Positivt: merforbruk"),
    },
    "alternativer": {
        "budsjettbalanse": KeyDoc(
            "1000 kr", "Budsjettbalanse per år for økonomiplanen og hvert alternativ "
            "(dimensjon)", "Negativt: underskudd uten finansiering; 0 er balanse"),
        "netto_driftsresultat_pst": KeyDoc(
            "%", "Netto driftsresultat i prosent av brutto driftsinntekter per år og "
            "alternativ", "Med fortegn: et underskudd er negativt"),
        "disposisjonsfond_pst": KeyDoc(
            "%", "Disposisjonsfond i prosent av brutto driftsinntekter per år og alternativ",
            "Positivt"),
        "netto_lanegjeld_pst": KeyDoc(
            "%", "Netto lånegjeld i prosent av brutto driftsinntekter per år og alternativ",
            "Positivt"),
    },
}


def describe(rapport: str, nokkel: str) -> KeyDoc | None:
    """The documentation of a key, or ``None`` when it is not described here."""
    return KEYS.get(rapport, {}).get(nokkel)
