"""Generated text of the statements report, in bokmål. Every number comes from the
analysis and is formatted with :mod:`helpers.presentation.formatting`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import settings
from helpers.ingest.kostra_extract import period_label
from helpers.model import statements as st
from helpers.model.economy import Economy
from helpers.model.labels import LINES_5_6
from helpers.presentation.formatting import fmt_list, fmt_number
from helpers.presentation.merknad import Note
from helpers.reports import claims
from helpers.reports.common_text import art_note, coverage_text
from helpers.reports.oppstillinger.analysis import Analysis

# One sign convention for every statement (the regulation's presentation), said under each
SIGN_TEXT = (
    "Fortegn: inntekter og utgifter vises som positive beløp, slik linjene navngir dem. "
    "Avsetninger til fond er positive og bruk av fond negativ. Resultatlinjene har fortegn: "
    "et underskudd er negativt, og netto finansutgifter er negative når finansutgiftene er "
    "større enn finansinntektene. «Fremført til inndekning i senere år» er positivt når et "
    "udekket beløp skyves til senere år. Summer og resultater er uthevet; «–» betyr at "
    "tallet mangler i grunnlaget (se merknaden)."
)
# under the later statements: the convention is said once, under § 5-4 (no paragraph twice)
SIGN_TEXT_SAME = ("Fortegn som i bevilgningsoversikten for drift: se forklaringen under den. "
                  "«–» betyr at tallet mangler i grunnlaget (se merknaden).")
SIGN_TEXT_RAMMER = (
    "Fortegn: rammene er netto, og et positivt beløp er netto utgift. Finans, som har de "
    "generelle inntektene, er derfor negativ. Summen er uthevet."
)
SIGN_TEXT_PROSJEKTER = (
    "Fortegn: bevilgningene er utgifter og vises som positive beløp. Summene per gruppe og "
    "i alt er uthevet."
)


# The rows of the reconciliation (helpers.model.statements.reconcile_5_4, column ``post``)
# and the items moved from andre to første ledd (column ``gjenstand``); {where} is
# « (i <central rammeområde>)» when the data name it.
RECONCILIATION_LABELS = {
    "sum_andre_ledd": "Sum andre ledd",
    "flyttet_ut": "Flyttet ut: {item}",
    "linje_6": "Sum bevilgninger drift, netto (linje 6)",
    "differanse": "Differanse linje 6 − sum andre ledd",
    "rest": "{area}: resten av rammen (blir stående i linje 6)",
    "fra_linjene": "Netto driftsresultat regnet fra linje 9, 15 og 16",
    "modell": "Netto driftsresultat etter planens disponeringer",
    "avvik": "Avvik netto driftsresultat (ubalanse i rammene)",
}
MOVED_ITEM_LABELS = {
    "generelle_driftsinntekter": "Generelle driftsinntekter{where}",
    "avskrivninger": "Avskrivninger{where}",
    "motpost_avskrivninger": "Motpost avskrivninger{where}",
    "renteutgifter": "Renteutgifter{where}",
    "avdrag": "Avdrag på lån{where}",
    "renteinntekter_utbytte": "Renteinntekter og utbytte{where}",
    "disposisjonsfond": "Avsetninger til og bruk av disposisjonsfond{where}",
    "tjenesteomrader": "Netto avsetninger og årsoppgjørdisposisjoner i tjenesteområdene",
}


def reconciliation_label(post: str, gjenstand: str = "", omrade: str = "") -> str:
    """The label of one row of the reconciliation."""
    where = f" (i {omrade})" if omrade else ""
    item = MOVED_ITEM_LABELS[gjenstand].format(where=where) if gjenstand else ""
    return RECONCILIATION_LABELS[post].format(item=item, area=omrade)


def _years(years) -> str:
    return fmt_list([str(y) for y in years])


def intro(a: Analysis) -> str:
    period = settings.plan_period(a.budsjettaar)
    text = (f"# Budsjettoppstillinger – {a.kommune.visningsnavn}\n\n"
            f"Oppstillingene som forskrift om økonomiplan, årsbudsjett, årsregnskap og "
            f"årsberetning for kommuner krever i årsbudsjettet og økonomiplanen {period}: "
            "bevilgningsoversiktene for drift (§ 5-4) og investering (§ 5-5), økonomisk "
            "oversikt etter art (§ 5-6) og oversikten over gjeld (§ 5-7). Beløp i 1000 kr.")
    if a.missing_years and a.years:
        text += "\n\n" + coverage_text(a.missing_years, a.budsjettaar)
    return text


def no_data_text(a: Analysis) -> Note:
    return Note(f"Grunnlaget har ingen økonomiplan for {a.kommune.navn} for "
                f"{settings.plan_period(a.budsjettaar)}, så oppstillingene kan ikke lages. "
                "Alle tabellene mangler data.",
                f"Oppstillingene trenger planens tall for {a.kommune.navn} "
                f"(kommunenummer {a.kommune.kommunenummer}) i `data/okonomiplan.csv`, "
                "`data/finans_rammer.csv`, `data/investering.csv` og "
                "`data/investering_prosjekter.csv`.")


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    y, last = a.years[0], a.years[-1]
    out = [(fmt_number(a.value(st.P_5_4_1, 5, y), 0), f"sum generelle driftsinntekter {y}"),
           (fmt_number(a.value(st.P_5_4_1, 17, y), 0), f"netto driftsresultat {y}")]
    inv = a.value(st.P_5_5_1, 6, y)
    if not pd.isna(inv):
        out.append((fmt_number(inv, 0), f"investeringsutgifter {y}"))
    debt = a.value(st.P_5_7, 4, last)
    if not pd.isna(debt):
        out.append((fmt_number(debt, 0), f"netto lånegjeld ved utgangen av {last}"))
    return out


def summary_text(a: Analysis) -> str:
    parts = []
    ndr = {y: a.value(st.P_5_4_1, 17, y) for y in a.years}
    fwd = {y: a.value(st.P_5_4_1, 25, y) for y in a.years}
    # a deficit is «covered by use of funds» only where nothing is carried forward and the
    # use of funds (§ 5-4 lines 20 and 22) is at least the deficit: a checked claim
    deficit = [y for y, v in ndr.items() if not pd.isna(v) and v < 0]
    if deficit:
        use = {y: abs(a.value(st.P_5_4_1, 20, y)) + abs(a.value(st.P_5_4_1, 22, y))
               for y in deficit}
        need = {y: abs(ndr[y]) - 0.5 for y in deficit}
        stated = ("Netto driftsresultat er negativt i " + _years(deficit) + " ("
                  + fmt_list([f"{fmt_number(ndr[y], 0)} i {y}" for y in deficit]) + ")")
        covered = claims.claim(
            stated + "; underskuddet dekkes av bruk av fond.", deficit,
            claims.all_of(claims.at_least(use, need), claims.at_most(fwd, 0),
                          claims.at_least(fwd, 0)),
            {"bruk_av_fond": use, "netto_driftsresultat": ndr, "fremfort": fwd},
            stated + ".")
        parts.append(covered.text())
    balanced = [y for y, v in fwd.items() if v == 0]
    open_ = {y: v for y, v in fwd.items() if not pd.isna(v) and v != 0}
    if balanced and not open_:
        parts.append("Driftsbudsjettet er i balanse i alle årene: ingenting er fremført "
                     "til inndekning i senere år.")
    elif open_:
        parts.append("Driftsbudsjettet er ikke i balanse: "
                     + fmt_list([f"{fmt_number(v, 0)} er fremført til inndekning i senere "
                                 f"år fra {y}" for y, v in open_.items()]) + ".")
    inv = {y: a.value(st.P_5_5_1, 6, y) for y in a.years}
    if any(not pd.isna(v) for v in inv.values()):
        stated = ("Investeringsutgiftene er "
                  + fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in inv.items()
                              if not pd.isna(v)]))
        # «financing covers them» only where § 5-5 carries nothing forward (line 27 = 0)
        udekket = {y: a.value(st.P_5_5_1, 27, y) for y in inv if not pd.isna(inv[y])}
        parts.append(claims.claim(
            stated + ", og finansieringen dekker dem hvert år.", udekket,
            claims.all_of(claims.at_most(udekket, 0.5), claims.at_least(udekket, -0.5)),
            {"udekket": udekket, "investeringsutgifter": inv}, stated + ".").text())
    return " ".join(parts)


def reconciliation_text(a: Analysis) -> str:
    """What moves from andre to første ledd, and whether the two reconcile, in words."""
    f = a.avstemming
    if f.empty:
        return ""
    y = a.years[0]
    sel = f[f["aar"] == y].set_index("post")["verdi"]
    total, line6 = sel.get("sum_andre_ledd"), sel.get("linje_6")
    rest_row = st.rest_rows(f[f["aar"] == y])
    area = rest_row["omrade"].iloc[0] if len(rest_row) else None
    rest = rest_row["verdi"].iloc[0] if len(rest_row) else None
    holder = (f"rammeområdet {area}" if area else
              "rammene (grunnlaget viser ikke hvilket rammeområde)")
    text = (f"Rammene i andre ledd summerer til {fmt_number(total, 0)} i {y}, fordi "
            f"{holder} har de generelle inntektene, finanspostene og avsetningene som første "
            "ledd viser på egne linjer. Tabellen viser hvor hver av dem står i første ledd; "
            f"det som blir igjen, {fmt_number(line6, 0)}, er linje 6 «Sum bevilgninger drift, "
            "netto».")
    if rest is not None and not pd.isna(rest) and rest != 0:
        text += (f" Rammen til {area} har i tillegg {fmt_number(abs(rest), 0)} i netto "
                 f"{'inntekt' if rest < 0 else 'utgift'} som ikke er en egen post i planens "
                 "tabeller over sentrale inntekter, finansposter og avsetninger; beløpet er en "
                 f"del av bevilgningen til {area} og blir stående i linje 6.")
    avvik = f[f["post"] == "avvik"]
    small = {int(r.aar): r.verdi for r in avvik.itertuples() if not pd.isna(r.verdi)
             and r.verdi != 0 and abs(r.verdi) <= r.toleranse}
    if small:
        text += (" Netto driftsresultat regnet fra linjene avviker fra planens disponeringer "
                 "med " + fmt_list([f"{fmt_number(v, 0)} i {k}" for k, v in small.items()])
                 + ", fordi rammene i kilden er avrundet til hele tusen kroner.")
    return text


def unreconciled_warnings(a: Analysis) -> list[Note]:
    out = []
    for y, v in sorted(a.unreconciled.items()):
        if pd.isna(v):
            out.append(Note(f"Andre ledd kan ikke stemmes av mot første ledd for {y}: "
                            "noen av tallene mangler.",
                            f"Avstemmingen for {y} mangler tall: se `data/finans_rammer.csv` "
                            "og `data/okonomiplan.csv` for planåret."))
        else:
            out.append(Note(
                f"Andre ledd og første ledd går ikke opp i {y}: rammene gir et netto "
                f"driftsresultat som er {fmt_number(abs(v), 0)} "
                f"{'høyere' if v > 0 else 'lavere'} enn planens disponeringer. Differansen er "
                "ikke fordelt på noen linje; den står som fremført til inndekning i senere "
                "år (linje 25).",
                f"Rammene i `data/finans_rammer.csv` for {y} summerer til "
                f"{fmt_number(-v, 0)}, ikke 0; sjekk rammene og avsetningene i "
                "`data/okonomiplan.csv` for samme år."))
    return out


def notes_markdown(a: Analysis, paragraf: str) -> str:
    """The numbered notes under a table (numbers as in the table's «Merknad» column)."""
    notes = notes_for(a, paragraf)
    if not notes:
        return ""
    lines = []
    for i, n in enumerate(notes, start=1):
        when = "" if tuple(n.aar) == tuple(a.years) else f"Gjelder {_years(n.aar)}: "
        lines.append(f"{i}. {when}{n.tekst}")
    return "**Merknader**\n\n" + "\n".join(lines)


def maintainer_notes(a: Analysis) -> list[str]:
    seen, out = set(), []
    for n in line_notes(a):
        if n.vedlikehold and n.vedlikehold not in seen:
            seen.add(n.vedlikehold)
            out.append(n.vedlikehold)
    out += [m for m in a.maintainer_5_6 if m not in seen]
    rows = st.rest_rows(a.avstemming)
    rest = {int(r.aar): r.verdi for r in rows.itertuples()
            if not pd.isna(r.verdi) and r.verdi != 0}
    if rest:
        area = rows["omrade"].iloc[0]
        out.append(f"Rammen til {area} i `data/finans_rammer.csv` har "
                   + fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in rest.items()])
                   + " som ikke er en post i `data/okonomiplan.csv` (sentrale inntekter, "
                   "finans, avsetninger); beløpet blir stående i linje 6 i § 5-4 første "
                   "ledd. Er det en post første ledd har egen linje for (for eksempel "
                   "utbytte eller bruk av bundne fond), bør den legges inn i "
                   "`data/okonomiplan.csv`.")
    return out


def debt_text(a: Analysis) -> str:
    return ("Forskriften gir ingen fast linjeoppstilling for gjeld og andre vesentlige "
            "langsiktige forpliktelser. Tabellen viser netto lånegjeld ved inngangen og "
            "utgangen av hvert år, nye lån og avdrag, fra den felles gjeldsberegningen – de "
            "samme tallene som i investeringsrapporten og handlingsregelrapporten. Netto "
            "lånegjeld er langsiktig gjeld uten pensjonsforpliktelser, fratrukket utlån og "
            "ubrukte lånemidler (KOSTRAs definisjon). "
            "Grunnlaget har ingen andre langsiktige forpliktelser (for eksempel garantier, "
            "leieavtaler eller pensjonsforpliktelser); de må legges til oversikten når de er "
            "kjent.")


def art_sources_text(a: Analysis) -> str:
    """Where each column of § 5-6 comes from, and why the plan years without one are
    missing, in words (the table shows only the years with figures)."""
    parts = []
    acc = [y for y, k in a.kilder_5_6.items() if k == "regnskap"]
    bud = [y for y, k in a.kilder_5_6.items() if k == "budsjett"]
    if acc and a.kvartal_5_6.get(acc[0]):
        q = a.kvartal_5_6[acc[0]]
        parts.append(f"Kolonnen «Regnskap {period_label(acc[0], q)}» er kommunens regnskap "
                     f"fra 1. januar til utgangen av {q}. kvartal {acc[0]} slik det er "
                     "rapportert til SSB (KOSTRA), ikke hele årets regnskap, med artene "
                     "fordelt på linjene etter KOSTRA-kontoplanen for det året.")
    elif acc:
        parts.append(f"Kolonnen «Regnskap {acc[0]}» er kommunens regnskap for {acc[0]} slik "
                     "det er rapportert til SSB (KOSTRA), med artene fordelt på linjene "
                     "etter KOSTRA-kontoplanen for det året.")
    if bud:
        parts.append(f"{'Kolonnen' if len(bud) == 1 else 'Kolonnene'} "
                     f"{fmt_list([f'«Budsjett {y}»' for y in bud])} er det vedtatte "
                     "budsjettet per art i økonomisystemet, fordelt på linjene på samme måte.")
    missing = a.years_5_6_missing
    if missing:
        have = [y for y in missing if y in a.hovedart_years]
        which = "det året" if len(missing) == 1 else "de årene"
        text = (f"For {_years(missing)} har grunnlaget ikke budsjett per art, så "
                f"oversikten kan ikke settes opp for {which}")
        if have:
            text += (". Økonomiplanen fordeler driftsbudsjettet bare på "
                     "hovedart per rammeområde, og hovedartene passer ikke på linjene i "
                     f"§ 5-6: lønn omfatter både {LINES_5_6[10].lower()} og "
                     f"{LINES_5_6[11].lower()}, salgsinntektene både "
                     f"{LINES_5_6[7].lower()} og {LINES_5_6[8].lower()}, refusjonene og "
                     "overføringsinntektene tilskudd både fra staten og fra andre, og "
                     "finanspostene renter, avdrag, avskrivninger og avsetninger til og bruk "
                     "av fond. Oversikten lages når budsjettet er lagt inn per art; "
                     "forskriften tillater at den settes opp etter vedtaket, men den må da "
                     "oppdateres etter hver budsjettendring.")
        else:
            text += ("; den lages når budsjettet er lagt inn per art. Forskriften tillater "
                     "at den settes opp etter vedtaket, men den må da oppdateres etter hver "
                     "budsjettendring.")
        parts.append(text)
    return " ".join(parts)


def art_notes(a: Analysis) -> list[str]:
    """The § 5-6 notes besides the missing plan years (:func:`art_sources_text` says
    those): arts the mapping does not place, an accounts year that cannot be shown."""
    return [art_note(n) for n in a.notes_5_6 if n.kode != "ingen_art_budsjett"]


# ---------------------------------------------------------------- notes per statement line
# Why a line of a statement is missing or rests on an assumption, in the reader's words, with
# what the maintainer can do about it. The notes look at the computed statements, so a note
# appears only for the lines and years it applies to: a line the data fill has none.


@dataclass(frozen=True)
class LineNote:
    paragraf: str
    linjer: tuple[int, ...]   # the lines the note is about
    aar: tuple[int, ...]      # the years it applies to
    tekst: str                # for the reader
    vedlikehold: str = ""     # for the maintainer (files, columns)


def _note_years(frame: pd.DataFrame, lines: tuple[int, ...], missing: bool = True) -> tuple:
    sel = frame[frame["linje_nr"].isin(lines)]
    sel = sel[sel["verdi"].isna()] if missing else sel
    return tuple(sorted(int(y) for y in sel["aar"].unique()))


def _amounts(values: dict[int, float]) -> str:
    return fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in sorted(values.items())
                     if not pd.isna(v)])


def _lines_text(lines: tuple[int, ...]) -> str:
    return ("linje " if len(lines) == 1 else "linjene ") + fmt_list([str(n) for n in lines])


def _statement_notes(data: dict[str, pd.DataFrame], e: Economy, s_5_4_1: pd.DataFrame,
                     s_5_5_1: pd.DataFrame, s_5_5_2: pd.DataFrame,
                     s_5_7: pd.DataFrame) -> list[LineNote]:
    """The notes for the statements of one build, in the order of the statements."""
    knr = e.kommune.kommunenummer
    notes: list[LineNote] = []
    known = {y: st._plan_lines(data, knr, y) for y in e.plan_years}

    # § 5-4 første ledd
    y = _note_years(s_5_4_1, (10, 11))
    if y:
        combined = {a: known[a]["renteinntekter_utbytte"] for a in y}
        notes.append(LineNote(
            st.P_5_4_1, (10, 11), y,
            "Planen oppgir renteinntekter og utbytte bare samlet ("
            + _amounts(combined) + "). Linje 15 «Netto finansutgifter» tar med det samlede "
            "beløpet.",
            "`data/okonomiplan.csv` har bare posten `renteinntekter_utbytte` i tabellen "
            "`finans`; renteinntekter og utbytte hver for seg kan ikke legges inn ennå."))
    y = _note_years(s_5_4_1, (12,))
    if y:
        notes.append(LineNote(
            st.P_5_4_1, (12,), y,
            "Planens tabell over finansinntekter og -utgifter har ingen post for gevinster "
            "og tap på finansielle omløpsmidler. Linje 15 er planens egen sum av "
            "finanspostene."))
    y = _note_years(s_5_4_1, (19, 20))
    if y:
        net = {a: known[a]["tjenesteomrader"] for a in y}
        notes.append(LineNote(
            st.P_5_4_1, (19, 20), y,
            "Planen oppgir bare ett nettobeløp for avsetninger til og bruk av fond i "
            "tjenesteområdene (" + _amounts(net) + "; negativt er netto bruk), ikke "
            "avsetninger og bruk hver for seg. Linje 24 tar med nettobeløpet.",
            "`data/okonomiplan.csv`, tabell `avsetninger`, post "
            "`avsetninger_tjenesteomrader` er ett nettobeløp; avsetninger til og bruk av "
            "bundne driftsfond hver for seg finnes ikke som poster ennå."))
    notes += _gaps(st.P_5_4_1, s_5_4_1, {10, 11, 12, 19, 20})

    # § 5-5 første ledd
    if e.investering is not None:
        years = tuple(e.plan_years)
        notes.append(LineNote(
            st.P_5_5_1, (7, 8, 9, 13, 24), years,
            "Planen sier ikke hvordan investeringene finansieres. Linjene 7–13 og 24 er "
            "den felles beregningens forutsetninger, de samme som i investeringsrapporten: "
            "det som ikke dekkes av momskompensasjon, tilskudd eller salg, lånes, bortsett "
            "fra kjøp av aksjer og andeler, som ikke kan lånefinansieres. Driftsbudsjettet "
            "har ingen overføring til investering, så det beløpet er ført som bruk av "
            "ubundet investeringsfond (linje 24). Kommunen bør bekrefte finansieringen.",
            "Finansieringsandelene er parameterne i investeringsrapporten (momskompensasjon, "
            "tilskudd, salg, egenkapital); prosjekter som ikke kan lånes til, har "
            "`lanefinansieres=nei` i `data/investering_prosjekter.csv`."))
        projects = e.investering.base.plan.projects
        if not projects["investeringstype_oppgitt"].all():
            names = list(projects.loc[~projects["investeringstype_oppgitt"], "prosjekt"])
            notes.append(LineNote(
                st.P_5_5_1, (1, 2, 3, 4), years,
                "For " + ("ett prosjekt" if len(names) == 1 else f"{len(names)} prosjekter")
                + " sier grunnlaget ikke om utgiften er en investering i varige "
                "driftsmidler, et tilskudd til andres investeringer, aksjer og andeler eller "
                "utlån; de er ført som varige driftsmidler (linje 1).",
                "Fyll ut kolonnen `investeringstype` i `data/investering_prosjekter.csv` for "
                + fmt_list(names) + "."))
    y = _note_years(s_5_5_1, (15, 16, 17, 18, 19, 27))
    if y and e.investering is not None:
        notes.append(LineNote(
            st.P_5_5_1, (15, 16, 17, 18, 19, 27), y,
            "Planen har ingen tall for videreutlån (for eksempel startlån). Linjene 15–19 "
            "mangler derfor, og linje 27 «Fremført til inndekning i senere år» kan ikke "
            "regnes ut. Investeringene og finansieringen i linjene 1–14 og 20–26 går opp.",
            "Videreutlån er ikke med i noen datafil ennå."))
    notes += _gaps(st.P_5_5_1, s_5_5_1,
                   {15, 16, 17, 18, 19, 27} if e.investering is not None else set())
    # the debt path's repayments against the plan's (the investering report's check)
    plan = s_5_4_1[s_5_4_1["linje_nr"] == 14].set_index("aar")["verdi"]
    path = s_5_7[s_5_7["linje_nr"] == 3].set_index("aar")["verdi"]
    differ = {int(y): plan[y] for y in path.index if y in plan.index
              and not pd.isna(path[y]) and not pd.isna(plan[y])
              and round(path[y]) != round(plan[y])}
    if differ:
        notes.append(LineNote(
            st.P_5_7, (3,), tuple(sorted(differ)),
            "Avdragene er den felles gjeldsberegningens: et fast avdrag på gjelden ved "
            "periodens start og avdrag på de nye lånene. Bevilgningsoversikten drift "
            "(linje 14) viser planens egne budsjetterte avdrag, "
            + _amounts(differ) + ".",
            "Avdrag på dagens gjeld og avdragstid for nye lån er parametere i "
            "investeringsrapporten (`avdrag_eksisterende`, `avdragstid_aar`); standard er "
            "planens avdrag i første planår og avdragstiden utledet av planen."))
    notes += _gaps(st.P_5_7, s_5_7, set())
    if s_5_5_2.empty and e.plan_years:
        notes.append(LineNote(st.P_5_5_2, (), tuple(e.plan_years),
                              "Grunnlaget har ingen investeringsprosjekter for denne "
                              "planen.",
                              "Investeringsprosjektene står i `data/investering.csv` og "
                              "`data/investering_prosjekter.csv` (kolonne `budsjettaar`)."))
    return notes


def _gaps(paragraf: str, frame: pd.DataFrame, explained: set[int]) -> list[LineNote]:
    """One note for the other missing lines (no figure in the data for the year)."""
    sel = frame[frame["verdi"].isna() & ~frame["linje_nr"].isin(explained)]
    if sel.empty:
        return []
    lines = tuple(sorted(int(n) for n in sel["linje_nr"].unique()))
    years = tuple(sorted(int(y) for y in sel["aar"].unique()))
    when = fmt_list([str(y) for y in years])
    text = (f"Grunnlaget har ingen tall for denne oppstillingen i {when}."
            if set(lines) == set(frame["linje_nr"]) else
            f"Grunnlaget har ikke tall for {_lines_text(lines)} i {when}; summer som bygger "
            "på dem, mangler også.")
    maint = {
        st.P_5_4_1: "Linjene bygger på `data/okonomiplan.csv` (sentrale inntekter, "
                    "finans, avsetninger) og `data/finans_rammer.csv` for planårene.",
        st.P_5_5_1: "Linjene bygger på investeringsprogrammet i `data/investering.csv` og "
                    "`data/investering_prosjekter.csv` for planutgaven (`budsjettaar`).",
        st.P_5_7: "Gjelden bygger på investeringsprogrammet og gjeldsberegningen "
                  "(`data/investering.csv`, `data/kostra.csv`, `data/folketall.csv`).",
    }.get(paragraf, "")
    return [LineNote(paragraf, lines, years, text, maint)]


def line_notes(a: Analysis) -> list[LineNote]:
    """The notes for the statements of ``a``, in the order of the statements (none when
    the plan has no years in the data)."""
    e = a.economy
    if not e.plan_years:
        return []
    return _statement_notes(e.data, e, a.s_5_4_1, a.s_5_5_1, a.s_5_5_2, a.s_5_7)


def notes_for(a: Analysis, paragraf: str) -> list[LineNote]:
    """The notes for one statement (:func:`line_notes`)."""
    return [n for n in line_notes(a) if n.paragraf == paragraf]
