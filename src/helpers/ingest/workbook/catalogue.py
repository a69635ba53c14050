"""Which data files are the municipality's own figures, and how each looks as a sheet.

The own figures are the files a finance department keeps itself (økonomiplan lines, frames,
the investment programme, rules, climate measures, tertial accounts …). Public statistics
fetched by ``hop hent`` (KOSTRA, population, emissions) and ``kommuner.csv`` (made by
``hop ny``) are not in the workbook.

Each sheet has a bokmål title (≤ 31 characters, Excel's limit), the sign convention of its
amount columns and one worked example row (figures from Røros' HØP 2024–2027, shortened
``kilde``), shown as a comment on the header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatch

from helpers.data.specs import Col, FileSpec, all_specs

# Public figures and the municipality list: never in the workbook.
PUBLIC_FILES = (
    "kommuner.csv", "kostra.csv", "kostra_indikatorer.csv",
    "kostra_tjenesteomrader.csv", "folketall.csv",
    "befolkning_endringer.csv", "befolkning_framskrivning.csv",
    "befolkning_aldersbaereevne.csv", "klima_utslipp.csv",
)
# Files named like public ones that hold the municipality's own entries: the index of
# calculated expenditure need it types from the inntektssystem (Grønt hefte), its own notes
# on KOSTRA figures, and its own cost per inhabitant in each age group.
OWN_DESPITE_PATTERN = ("kostra_utgiftsbehov.csv", "kostra_merknader.csv",
                       "befolkning_kostnad_aldersgruppe.csv")
# Files of the same kinds added later: KOSTRA, population and emission statistics, and
# national reference tables (the kontoplan's mapping of arts to lines).
PUBLIC_PATTERNS = ("kostra*.csv", "befolkning_*.csv", "klima_utslipp*.csv", "kontoplan*.csv")

_HOP = "HØP 2024–2027 (Røros), kap. "
_FORTEGN = "regnskapets fortegn: inntekt negativ, utgift positiv"


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: the data file it holds and how it is presented."""

    stem: str
    title: str
    signs: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)


SHEETS: tuple[Sheet, ...] = (
    Sheet("okonomiplan", "Økonomiplan", {"belop": _FORTEGN + "; bruk av fond negativ"}, {
        "kommunenummer": "5025", "tabell": "sentrale_inntekter", "dimensjon": "",
        "post": "skatt_inntekt_formue", "post_navn": "Skatt på inntekt og formue",
        "aar": "2022", "datatype": "regnskap", "belop": "-181464",
        "kilde": _HOP + "Hovedtallene i budsjettforslaget, tabell «Sentrale inntekter», "
                        "kolonne «Regnskap 2022»"}),
    Sheet("plan_indikatorer", "Plantall", {"verdi": "underskudd negativt"}, {
        "kommunenummer": "5025", "aar": "2023", "indikator": "netto_driftsresultat_pst",
        "verdi": "-1.3", "enhet": "%", "datatype": "budsjett",
        "kilde": _HOP + "Økonomisk utvikling i planperioden, tabell «Netto driftsresultat i % "
                        "av brutto driftsinntekter»"}),
    Sheet("handlingsregler", "Handlingsregler", {}, {
        "kommunenummer": "5025", "regel": "netto_lanegjeld", "indikator": "netto_lanegjeld_pst",
        "terskel": "90", "enhet": "%", "krav": "hoyst", "status": "vedtatt",
        "gjelder_fra": "2021",
        "formulering": "Over tid skal netto lånegjeld ikke være høyere enn 90 % av brutto "
                       "driftsinntekter.",
        "kilde": _HOP + "Handlingsregler, tabell «Handlingsreglene i tabellform»"}),
    Sheet("premieavvik", "Premieavvik", {"premieavvik_akkumulert": "som i balansen"}, {
        "kommunenummer": "5025", "aar": "2022", "premieavvik_akkumulert": "12345",
        "datatype": "regnskap",
        "kilde": "Årsregnskapet 2022, note om pensjon (tallet er et oppdiktet eksempel)"}),
    Sheet("kildemerknader", "Kildemerknader", {}, {
        "kommunenummer": "5025", "tema": "netto_driftsresultat_pst", "aar": "2019",
        "merknad": "Kilden har ikke netto driftsresultat for 2019.",
        "kilde": _HOP + "Økonomisk utvikling i planperioden"}),
    Sheet("finans_rammer", "Rammer", {"belop": "netto utgift positiv; Finans negativ"}, {
        "kommunenummer": "5025", "rammeomrade": "Stab og støtte", "virksomhet": "",
        "niva": "rammeomrade", "aar": "2022", "datatype": "regnskap", "belop": "57466",
        "kilde": _HOP + "Kommunens tjenesteområder – Stab og støtte, tabell «Driftsbudsjett», "
                        "rad «Sum»"}),
    Sheet("finans_driftsbudsjett", "Driftsbudsjett", {"belop": _FORTEGN}, {
        "kommunenummer": "5025", "rammeomrade": "Stab og støtte", "virksomhet": "",
        "niva": "rammeomrade", "art": "lonn", "art_navn": "Lønn", "aar": "2022",
        "datatype": "regnskap", "belop": "29456",
        "kilde": _HOP + "Kommunens tjenesteområder – Stab og støtte, tabell «Driftsbudsjett», "
                        "rad «Lønn»"}),
    Sheet("finans_rammeendringer", "Rammeendringer",
          {"belop": "positivt øker rammen, negativt reduserer den"}, {
              "kommunenummer": "5025", "rammeomrade": "Stab og støtte", "virksomhet": "",
              "kategori": "opprinnelig_budsjett", "tiltak": "Opprinnelig budsjett",
              "aar": "2024", "datatype": "okonomiplan", "belop": "60645",
              "kilde": _HOP + "Kommunens tjenesteområder – Stab og støtte, tabell "
                              "«Rammeoversikt»"}),
    Sheet("finans_inntektsprognose", "Inntektsprognose", {"belop": _FORTEGN}, {
        "kommunenummer": "5025", "aar": "2024", "post": "innbyggertilskudd",
        "post_navn": "Innbyggertilskudd (likt beløp per innbygger)", "radtype": "post",
        "datatype": "prognose", "belop": "-168788",
        "kilde": _HOP + "Kommunens inntekter, tabell «KS inntektsprognose», kolonne «2024»"}),
    Sheet("finans_forutsetninger", "Finansforutsetninger", {"verdi": "som kilden oppgir"}, {
        "kommunenummer": "5025", "aar": "2024", "parameter": "deflator_pst", "verdi": "4.3",
        "enhet": "%", "kilde": _HOP + "Handlingsregler, økonomisk analyse og budsjettprosessen"}),
    Sheet("investering_prosjekter", "Investeringsprosjekter",
          {"tidligere_bevilget": "utgift positiv", "netto_prosjektutgift": "utgift positiv"}, {
              "kommunenummer": "5025", "budsjettaar": "2024", "kategori": "ordinær",
              "rammeomrade": "Stab og støtte",
              "prosjekt": "Digital transformasjon av arbeidsprosesser",
              "tidligere_bevilget": "9045", "netto_prosjektutgift": "17045",
              "lanefinansieres": "ja",
              "kilde": _HOP + "Investeringer i økonomiplanen, tabell «Investeringer»"}),
    Sheet("investering", "Investering", {"belop": "utgift positiv"}, {
        "kommunenummer": "5025", "budsjettaar": "2024",
        "prosjekt": "Digital transformasjon av arbeidsprosesser", "aar": "2024",
        "datatype": "okonomiplan", "belop": "2000",
        "kilde": _HOP + "Investeringer i økonomiplanen, tabell «Investeringer», kolonne «2024»"}),
    Sheet("investering_summer", "Investeringssummer", {"belop": "utgift positiv"}, {
        "kommunenummer": "5025", "budsjettaar": "2024", "tabell": "samletabell",
        "kategori": "ordinær", "rammeomrade": "Stab og støtte", "post": "tidligere_bevilget",
        "aar": "", "belop": "9045",
        "kilde": _HOP + "Investeringer i økonomiplanen, tabell «Investeringer», rad «Sum Stab "
                        "og støtte»"}),
    Sheet("investering_forutsetninger", "Investeringsforutsetninger", {}, {
        "kommunenummer": "5025", "budsjettaar": "2024",
        "forutsetning": "tommelfingerregel_finanskostnad", "verdi": "8", "enhet": "%",
        "beskrivelse": "Om lag 8 mill. kr i årlige finanskostnader per 100 mill. kr lånegjeld",
        "kilde": _HOP + "Handlingsregler"}),
    Sheet("klima_tiltak", "Klimatiltak",
          {"kostnad_budsjettaar": "kostnad positiv, innsparing negativ",
           "kostnad_planperiode": "kostnad positiv, innsparing negativ",
           "okonomisk_effekt_langsiktig": "kostnad positiv, innsparing negativ",
           "reduksjon_langsiktig": "positivt = lavere utslipp"}, {
              "kommunenummer": "5025", "budsjettaar": "2024", "tiltak_id": "D02",
              "tiltak": "Benytte tilgjengelige kommunale elbiler", "eier": "",
              "rammeomraade": "", "type": "direkte", "sektor": "Annen mobil forbrenning",
              "utslippskilde": "*Estimat sjøfart", "kostnad_budsjettaar": "0",
              "kostnad_planperiode": "0", "planperiode_fra": "2024", "planperiode_til": "2027",
              "okonomisk_effekt_langsiktig": "0", "reduksjon_langsiktig": "0.0",
              "beskrivelse": "Kommunens elbiler brukes der ansatte ellers ville kjørt privatbil.",
              "kilde": _HOP + "Klimabudsjett, tabell «Direkte utslipp»"}),
    Sheet("klima_tiltak_reduksjon", "Klimatiltak reduksjon",
          {"reduksjon": "positivt = lavere utslipp"}, {
              "kommunenummer": "5025", "budsjettaar": "2024", "tiltak_id": "D01",
              "aar": "2024", "reduksjon": "0.0",
              "kilde": _HOP + "Klimabudsjett, tabell «Direkte utslipp», kolonne «Reduksjon "
                              "2024»"}),
    Sheet("klima_mal", "Klimamål", {}, {
        "kommunenummer": "5025", "mal": "utslippskutt_2030", "type": "reduksjon",
        "basisaar": "2009", "maalaar": "2030", "reduksjon_pst": "40",
        "plan": "Fra kobber til klima (klima- og miljøplan)", "vedtatt_aar": "2018",
        "formulering": "Utslippene skal være 40 % lavere i 2030 enn i 2009.",
        "kilde": _HOP + "Klimabudsjett, avsnitt «Hva er Røros kommunes klimamål?»"}),
    Sheet("regnskap", "Regnskap", {"belop": "kr, eller 1000 kr når «enhet» sier det; "
                                            + _FORTEGN + "; beløpet i perioden alene"}, {
        "kommunenummer": "5025", "aar": "2024", "periode": "1", "ansvar": "1100",
        "art": "010", "funksjon": "120", "prosjekt": "", "belop": "1140427", "enhet": "kr",
        "kilde": "Økonomisystemets eksport per 30.4.2024"}),
    Sheet("budsjett", "Budsjett", {"belop": "kr, eller 1000 kr når «enhet» sier det; "
                                            + _FORTEGN}, {
        "kommunenummer": "5025", "aar": "2024", "versjon": "opprinnelig", "ansvar": "1100",
        "rammeomrade": "", "art": "010", "funksjon": "120", "belop": "13574.0",
        "enhet": "1000 kr", "kilde": "Vedtatt budsjett 2024 fra økonomisystemet"}),
    Sheet("ansvar_rammeomrade", "Ansvar", {}, {
        "kommunenummer": "5025", "ansvar": "1100",
        "ansvar_navn": "Kommunedirektøren og fellesutgifter", "rammeomrade": "Stab og støtte",
        "kilde": "Kontoplanen 2024"}),
    Sheet("periodisering", "Periodisering", {"andel": "andel 0–1, de 12 månedene summerer til 1"},
          {"kommunenummer": "5025", "aar": "2024", "nokkel": "lonn", "art_fra": "010",
           "art_til": "089", "periode": "1", "andel": "0.0815",
           "kilde": "Periodiseringsnøklene i økonomisystemet 2024"}),
    Sheet("prognose", "Prognose", {"prognose_avvik": "positivt = merforbruk eller "
                                                     "mindreinntekt"}, {
        "kommunenummer": "5025", "aar": "2024", "tertial": "1", "rammeomrade": "Stab og støtte",
        "prognose_avvik": "0", "kommentar": "Ingen vesentlige avvik så langt.",
        "kilde": "1. tertialrapport 2024"}),
    Sheet("kostra_utgiftsbehov", "Utgiftsbehov", {}, {
        "kommunenummer": "5025", "aar": "2024", "indikator": "utgiftsbehov_indeks",
        "dimensjon": "", "verdi": "104.85", "enhet": "indeks",
        "kilde": _HOP + "Kommunens inntekter og beregnede utgiftsbehov, avsnitt "
                        "«Utgiftsutjevningen» (kostnadsindeks for 2024)"}),
    Sheet("kostra_merknader", "KOSTRA-merknader", {"virkning_per_innb": "kr per innbygger; "
                                                    "positiv når tallet er for høyt"}, {
        "kommunenummer": "5025", "aar": "2022", "dimensjon": "Adm. styring og fellesutgifter",
        "merknad": "Felleskostnader ble ført som administrasjon, så tallet er for høyt.",
        "virkning_per_innb": "2000",
        "kilde": _HOP + "KOSTRA-analyse (merknad om administrasjon 2022)"}),
    Sheet("befolkning_kostnad_aldersgruppe", "Kostnad per aldersgruppe", {}, {
        "kommunenummer": "5025", "aar": "2024", "aldersgruppe": "1-5", "alder_fra": "1",
        "alder_til": "5", "kr_per_innbygger": "200000",
        "kilde": "Kommunens egen beregning (tallet er et oppdiktet eksempel)"}),
    Sheet("investering_status", "Investeringsstatus",
          {"regnskap_hittil": "utgift positiv", "budsjett_aar": "utgift positiv",
           "prognose_aar": "utgift positiv"}, {
              "kommunenummer": "5025", "aar": "2024", "tertial": "1",
              "prosjekt": "Utbygging legesenter", "regnskap_hittil": "719",
              "budsjett_aar": "7000", "prognose_aar": "7000", "status": "Planlegging og anbud.",
              "kilde": "1. tertialrapport 2024"}),
)


def is_public(name: str) -> bool:
    """Whether a data file holds public or reference figures (not in the workbook)."""
    if name in OWN_DESPITE_PATTERN:
        return False
    return name in PUBLIC_FILES or any(fnmatch(name, p) for p in PUBLIC_PATTERNS)


def unplaced() -> list[str]:
    """Declared data files that are neither a sheet here nor public. ``tests/test_workbook``
    fails on any: a new file must be placed on purpose."""
    listed = {s.stem for s in SHEETS}
    return sorted(spec.name for stem, spec in all_specs().items()
                  if stem not in listed and not is_public(spec.name))


def own_sheets() -> list[tuple[Sheet, FileSpec]]:
    """The workbook's sheets with their file specs, in workbook order. A declared file that
    is not placed yet (:func:`unplaced`) gets a plain sheet at the end rather than being
    left out of the workbook."""
    specs = all_specs()
    out = [(s, specs[s.stem]) for s in SHEETS if s.stem in specs]
    for name in unplaced():
        stem = name.removesuffix(".csv")
        out.append((Sheet(stem, stem[:31]), specs[stem]))
    return out


def header_text(name: str, col: Col | None, sheet: Sheet) -> str:
    """The header cell: the column name, then unit and sign convention in brackets."""
    extra = [x for x in ((col.unit if col else ""), sheet.signs.get(name, "")) if x]
    if col is not None and col.kind == "year" and not extra:
        extra = ["årstall"]
    return f"{name} ({'; '.join(extra)})" if extra else name


def column_name(header: object) -> str:
    """The column name a header cell stands for (the text before « (»)."""
    return str(header).split(" (", 1)[0].strip()
