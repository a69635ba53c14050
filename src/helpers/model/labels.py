"""Label tables: the names the statements and tables print as row labels, not sentences.

The line names of budsjett- og regnskapsforskriften (FOR-2019-06-07-714) §§ 5-4 to 5-7 are
fixed by the regulation's layouts (see :mod:`helpers.model.statements` for where each layout
is taken from), so they are data the model keys its lines by, not text a report words: the
model looks lines up by these names (:func:`helpers.model.statements.line_number`) and
returns them in the ``linje`` column. The statements' own names (``P_…``, the ``paragraf``
column), the sum rows of andre ledd and the investment categories of the plan's layout are
labels of the same kind.

This is the one module under :mod:`helpers.model` allowed to hold bokmål labels
(tests/unit/project/test_layers.py, ``test_model_holds_no_sentences``); every sentence the
council reads
is in the reports' text modules (``helpers.reports.<name>.text``,
:mod:`helpers.reports.common_text`).
"""

from __future__ import annotations

# the statements (the ``paragraf`` column)
P_5_4_1, P_5_4_2, P_AVST = "5-4 første ledd", "5-4 andre ledd", "5-4 avstemming"
P_5_5_1, P_5_5_2, P_5_7 = "5-5 første ledd", "5-5 andre ledd", "5-7"
P_5_6 = "5-6"

# § 5-4 første ledd
LINES_5_4_1 = {
    1: "Rammetilskudd",
    2: "Inntekts- og formuesskatt",
    3: "Eiendomsskatt",
    4: "Andre generelle driftsinntekter",
    5: "Sum generelle driftsinntekter",
    6: "Sum bevilgninger drift, netto",
    7: "Avskrivninger",
    8: "Sum netto driftsutgifter",
    9: "Brutto driftsresultat",
    10: "Renteinntekter",
    11: "Utbytter",
    12: "Gevinster og tap på finansielle omløpsmidler",
    13: "Renteutgifter",
    14: "Avdrag på lån",
    15: "Netto finansutgifter",
    16: "Motpost avskrivninger",
    17: "Netto driftsresultat",
    18: "Overføring til investering",
    19: "Avsetninger til bundne driftsfond",
    20: "Bruk av bundne driftsfond",
    21: "Avsetninger til disposisjonsfond",
    22: "Bruk av disposisjonsfond",
    23: "Dekning av tidligere års merforbruk",
    24: "Sum disponeringer eller dekning av netto driftsresultat",
    25: "Fremført til inndekning i senere år (merforbruk)",
}
# the heading the statement prints above line 18
DISPONERING = "Disponering eller dekning av netto driftsresultat"

# § 5-5 første ledd
LINES_5_5_1 = {
    1: "Investeringer i varige driftsmidler",
    2: "Tilskudd til andres investeringer",
    3: "Investeringer i aksjer og andeler i selskaper",
    4: "Utlån av egne midler",
    5: "Avdrag på lån",
    6: "Sum investeringsutgifter",
    7: "Kompensasjon for merverdiavgift",
    8: "Tilskudd fra andre",
    9: "Salg av varige driftsmidler",
    10: "Salg av finansielle anleggsmidler",
    11: "Utdeling fra selskaper",
    12: "Mottatte avdrag på utlån av egne midler",
    13: "Bruk av lån",
    14: "Sum investeringsinntekter",
    15: "Videreutlån",
    16: "Bruk av lån til videreutlån",
    17: "Avdrag på lån til videreutlån",
    18: "Mottatte avdrag på videreutlån",
    19: "Netto utgifter videreutlån",
    20: "Overføring fra drift",
    21: "Avsetninger til bundne investeringsfond",
    22: "Bruk av bundne investeringsfond",
    23: "Avsetninger til ubundet investeringsfond",
    24: "Bruk av ubundet investeringsfond",
    25: "Dekning av tidligere års udekket beløp",
    26: "Sum overføring fra drift og netto avsetninger",
    27: "Fremført til inndekning i senere år (udekket beløp)",
}

# § 5-7 (no prescribed line list: the debt, new loans, repayments; see
# :mod:`helpers.model.statements_invest`)
LINES_5_7 = {
    1: "Lånegjeld ved inngangen til året",
    2: "Bruk av lån til investeringer",
    3: "Bruk av lån til videreutlån",
    4: "Avdrag på lån i driften",
    5: "Avdrag på lån i investeringsbudsjettet",
    6: "Lånegjeld ved utgangen av året",
}

# the rows of andre ledd besides the rammeområder: its sum (equal to første ledd's line 6,
# so the same name), the sum when the central area is not known (then it is the sum of the
# rammer as printed, not line 6), and the service areas' net fund movements, which første
# ledd shows on lines 19–20
SUM_5_4_2 = "Sum bevilgninger drift, netto"
SUM_5_4_2_RAMMER = "Sum rammer"
FOND_5_4_2 = "Fratrukket: avsetninger og bruk av fond i rammene, netto (første ledd)"
SUM_5_5_2 = "Sum investeringer (andre ledd)"

# § 5-6 (økonomisk oversikt etter art – drift; numbered as Giske kommune prints it, see
# :mod:`helpers.model.statements_art`)
LINES_5_6 = {
    1: "Rammetilskudd",
    2: "Inntekts- og formuesskatt",
    3: "Eiendomsskatt",
    4: "Andre skatteinntekter",
    5: "Andre overføringer og tilskudd fra staten",
    6: "Overføringer og tilskudd fra andre",
    7: "Brukerbetalinger",
    8: "Salgs- og leieinntekter",
    9: "Sum driftsinntekter",
    10: "Lønnsutgifter",
    11: "Sosiale utgifter",
    12: "Kjøp av varer og tjenester",
    13: "Overføringer og tilskudd til andre",
    14: "Avskrivninger",
    15: "Sum driftsutgifter",
    16: "Brutto driftsresultat",
    17: "Renteinntekter",
    18: "Utbytter",
    19: "Gevinster og tap på finansielle omløpsmidler",
    20: "Renteutgifter",
    21: "Avdrag på lån",
    22: "Netto finansutgifter",
    23: "Motpost avskrivninger",
    24: "Netto driftsresultat",
    25: "Overføring til investering",
    26: "Avsetninger til bundne driftsfond",
    27: "Bruk av bundne driftsfond",
    28: "Avsetninger til disposisjonsfond",
    29: "Bruk av disposisjonsfond",
    30: "Dekning av tidligere års merforbruk",
    31: "Sum disponeringer eller dekning av netto driftsresultat",
    32: "Fremført til inndekning i senere år (merforbruk)",
}

# the investment categories as the plan's layout names them (ordinær, selvkost, both)
KATEGORI_NAVN = {"ordinær": "Ordinære investeringer", "selvkost": "Selvkostinvesteringer",
                 "totalt": "Sum investeringer"}

# What the model's figures rest on (helpers.model.provenance): the source references and
# the assumptions of its estimates.
KOSTRA_PCT_REF = "KOSTRA (SSB)"
KOSTRA_REF = "KOSTRA (SSB), kr per innbygger × folketall 31.12"
PLAN_REF = "økonomiplanen"
DRIFT_REF = "økonomiplanens driftsbudsjett (driftsinntektene summert)"
INV_REF = "økonomiplanens investeringsprogram"
FINANCING_REF = "kommunens finansieringsplan (investering_finansiering.csv)"
OPENING_DEBT_REF = "regnskapet: lånegjeld ved inngangen til året"
AVDRAG_REF = "økonomiplanen: avdrag på lån (§ 5-4 linje 14)"
FIN_REF = "økonomiplanens finanstabell"

# What an estimate assumes, by the code the model gives it (clauses without «; », which
# joins the assumptions of a sum).
ASSUMES = {
    "bdi_utledet": ("brutto driftsinntekter regnet baklengs fra planens netto driftsresultat "
                    "og prosenten, som er avrundet til én desimal"),
    "bdi_framskrevet_sentrale": "brutto driftsinntekter framskrevet i takt med sentrale inntekter",
    "bdi_framskrevet_vekst": "brutto driftsinntekter framskrevet med en fast vekst per år",
    "pst_belop": ("beløpet regnet fra en prosent med én desimal ganger brutto "
                  "driftsinntekter"),
    "startgjeld_kostra": ("gjelden ved inngangen til planperioden er KOSTRAs netto lånegjeld "
                          "31.12.{aar} (kr per innbygger × folketall), uten lån og avdrag i "
                          "årene etter"),
    "startgjeld_oppgitt": "gjelden ved inngangen til planperioden er oppgitt som forutsetning",
    "nye_lan_alt": "det som ikke kan lånefinansieres ({null} momskompensasjon og tilskudd)",
    "nye_lan": ("planen sier ikke hvordan investeringene finansieres, så nye lån er "
                "investeringene minus {andeler}"),
    "avdrag_fordelt": ("planens avdrag i alt er fordelt på dagens gjeld og nye lån etter "
                       "modellens nedbetalingsplan for de nye lånene"),
    "avdrag_anslag": ("avdraget på dagens gjeld er planens avdrag i første planår, videreført, "
                      "og nye lån betales med like store avdrag"),
}
