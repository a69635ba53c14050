"""Generated text of the statements report, in bokmål. Every number comes from the
analysis and is formatted with :mod:`helpers.presentation.formatting`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import settings
from helpers.data.specs import all_specs
from helpers.ingest.kostra_extract import period_label
from helpers.model import statements as st
from helpers.model import statements_invest as si
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
    "tallet mangler i grunnlaget, og «i linje 10» at beløpet står samlet i den linjen (se "
    "merknaden)."
)
SIGN_TEXT_5_5 = (
    "Fortegn: utgifter og inntekter vises som positive beløp, slik linjene navngir dem. I "
    "linjene 20–25 er det som finansierer investeringene positivt (overføring fra drift, "
    "bruk av fond), og det som tar av finansieringen negativt (avsetninger til fond, "
    "dekning av udekket beløp); linje 26 er summen av dem. «Fremført til inndekning i "
    "senere år» er positivt når et udekket beløp skyves til senere år. Summer er uthevet; "
    "«–» betyr at tallet mangler i grunnlaget (se merknaden)."
)
SIGN_TEXT_5_7 = (
    "Fortegn: alle beløp er positive; lånegjelden ved utgangen av året er gjelden ved "
    "inngangen pluss bruk av lån minus avdrag. «–» betyr at tallet mangler i grunnlaget "
    "(se merknaden)."
)
# under the later statements: the convention is said once, under § 5-4 (no paragraph twice)
SIGN_TEXT_SAME = ("Fortegn som i bevilgningsoversikten for drift: se forklaringen under den. "
                  "«–» betyr at tallet mangler i grunnlaget (se merknaden).")
SIGN_TEXT_RAMMER = (
    "Fortegn: rammene er netto, og et positivt beløp er netto utgift. Summen er uthevet og "
    "er lik linje 6 «Sum bevilgninger drift, netto» i første ledd."
)
SIGN_TEXT_PROSJEKTER = (
    "Fortegn: bevilgningene er utgifter og vises som positive beløp. Summene per gruppe og "
    "i alt er uthevet."
)


# The rows of the reconciliation (helpers.model.statements.reconcile_5_4, column ``post``)
# and the items moved from andre to første ledd (column ``gjenstand``); {where} is
# « (i <central rammeområde>)» when the data name it.
RECONCILIATION_LABELS = {
    "sum_andre_ledd": "Sum rammer slik planen viser dem",
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
    debt = a.value(st.P_5_7, st.line_number(st.LINES_5_7, "Lånegjeld ved utgangen av året"),
                   last)
    if not pd.isna(debt):
        out.append((fmt_number(debt, 0), f"lånegjeld ved utgangen av {last}"))
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
        text = ("Investeringsutgiftene er "
                + fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in inv.items()
                            if not pd.isna(v)]))
        udekket = {y: a.value(st.P_5_5_1, 27, y) for y in a.financing_years}
        if not a.financing_years:
            text += "; grunnlaget har ikke kommunens plan for hvordan de finansieres."
        elif len(a.financing_years) == len(a.years) and all(v == 0 for v in udekket.values()):
            text += ", og finansieringsplanen dekker dem hvert år."
        else:
            without = [y for y in a.years if y not in a.financing_years]
            gaps = [f"{fmt_number(v, 0)} er udekket i {y}" for y, v in udekket.items()
                    if not pd.isna(v) and v != 0]
            if without:
                gaps.append(f"planen mangler for {_years(without)}")
            text += ". Finansieringsplanen dekker ikke alle årene: " + fmt_list(gaps) + "."
        parts.append(text)
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
    text = (f"Rammene slik planen viser dem, summerer til {fmt_number(total, 0)} i {y}, "
            f"fordi {holder} har de generelle inntektene, finanspostene og avsetningene som "
            "første ledd viser på egne linjer. Tabellen viser hvor hver av dem står i første "
            f"ledd; det som blir igjen, {fmt_number(line6, 0)}, er linje 6 «Sum bevilgninger "
            "drift, netto» og summen av andre ledd.")
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
            "langsiktige forpliktelser. Tabellen viser lånegjelden ved inngangen og utgangen "
            "av hvert år, med bruk av lån og avdrag slik bevilgningsoversiktene viser dem: "
            "lån fra bevilgningsoversikten investering, avdrag i driften fra "
            "bevilgningsoversikten drift, og gjelden ved inngangen til det første året fra "
            "regnskapets balanse. Grunnlaget har ingen andre langsiktige forpliktelser (for "
            "eksempel garantier, leieavtaler eller pensjonsforpliktelser); de må legges til "
            "oversikten når de er kjent.")


def rammer_text(a: Analysis) -> str:
    """What the rows of andre ledd that are not a ramme as printed hold, in words."""
    f = a.s_5_4_2
    rest = f[f["post"] == "rest"]
    if rest.empty:
        return ("Grunnlaget viser ikke hvilket rammeområde som har de generelle inntektene "
                "og finanspostene, så rammene står slik planen viser dem, og summen er ikke "
                "linje 6 i første ledd.")
    area = rest["linje"].iloc[0]
    return (f"{area} er vist uten de generelle inntektene, renteinntektene, renteutgiftene, "
            "avdragene, avskrivningene og avsetningene til og bruk av disposisjonsfond, som "
            f"første ledd viser på egne linjer; raden {area} er det som blir igjen av rammen. "
            f"Raden «{st.FOND_5_4_2}» er avsetningene til og bruken av bundne fond i "
            "tjenesteområdenes rammer, som første ledd viser i linje 19 og 20. Summen er "
            "derfor lik linje 6 «Sum bevilgninger drift, netto» i første ledd. Hvordan "
            "planens rammer blir til denne summen, viser avstemmingen under.")


def incomplete(a: Analysis) -> list[str]:
    """The statements with lines the data do not give, for the first page."""
    if not a.has_data:
        return []
    parts = []
    for paragraf, name in ((st.P_5_4_1, "bevilgningsoversikt drift (§ 5-4)"),
                           (st.P_5_5_1, "bevilgningsoversikt investering (§ 5-5)"),
                           (st.P_5_7, "oversikten over gjeld (§ 5-7)")):
        f = a.statement(paragraf)
        lines = sorted({int(n) for n in f.loc[f["verdi"].isna(), "linje_nr"]})
        if lines:
            parts.append(f"{name}: {_lines_text(tuple(lines))}")
    if a.years_5_6_missing:
        parts.append(f"økonomisk oversikt etter art (§ 5-6) for {_years(a.years_5_6_missing)}")
    if not parts:
        return []
    return ["Oppstillingene er ikke komplette. Grunnlaget mangler kommunens egne tall for "
            + fmt_list(parts) + ". Disse tallene står som «–», med en merknad om hva som "
            "mangler; oppstillingene fyller dem aldri med anslag."]


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
                     f"av fond. Oppstillingen viser derfor ingen tall for {which}, i stedet "
                     "for tall fordelt etter anslag.")
        else:
            text += "."
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


FINANCING_SHEET = all_specs()["investering_finansiering"].sheet.title


def _folded(frame: pd.DataFrame) -> dict[tuple[int, int], tuple[int, ...]]:
    """(line folded, line it is in) → the years."""
    if "inngaar_i" not in frame:
        return {}
    out: dict[tuple[int, int], list[int]] = {}
    for r in frame[frame["inngaar_i"] > 0].itertuples():
        out.setdefault((int(r.linje_nr), int(r.inngaar_i)), []).append(int(r.aar))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _statement_notes(data: dict[str, pd.DataFrame], e: Economy, s_5_4_1: pd.DataFrame,
                     s_5_5_1: pd.DataFrame, s_5_5_2: pd.DataFrame,
                     s_5_7: pd.DataFrame) -> list[LineNote]:
    """The notes for the statements of one build, in the order of the statements."""
    notes: list[LineNote] = []

    # § 5-4 første ledd: the lines the plan gives only combined
    folded = _folded(s_5_4_1)
    y = folded.get((11, 10))
    if y:
        notes.append(LineNote(
            st.P_5_4_1, (10, 11), y,
            "Planen oppgir renteinntekter og utbytte bare samlet. Beløpet står i linje 10, "
            "og utbyttet inngår der (linje 11).",
            "`data/okonomiplan.csv` har bare posten `renteinntekter_utbytte` i tabellen "
            "`finans`; renteinntekter og utbytte hver for seg kan ikke legges inn ennå."))
    y = tuple(sorted(int(a) for a in s_5_4_1.loc[(s_5_4_1["linje_nr"] == 12)
                                               & (s_5_4_1["verdi"] == 0), "aar"]))
    if y:
        notes.append(LineNote(
            st.P_5_4_1, (12,), y,
            "Planens tabell over finansinntekter og -utgifter har ingen gevinster eller tap "
            "på finansielle omløpsmidler; linje 12 er derfor 0."))
    for (line, into), y in sorted(folded.items()):
        if line in (19, 20):
            notes.append(LineNote(
                st.P_5_4_1, (19, 20), y,
                "Planen oppgir avsetninger til og bruk av bundne driftsfond i "
                "tjenesteområdene bare som ett nettobeløp. Det står i linje "
                f"{into} ({'netto avsetning' if into == 19 else 'netto bruk'}), og "
                f"linje {line} inngår der.",
                "`data/okonomiplan.csv`, tabell `avsetninger`, post "
                "`avsetninger_tjenesteomrader` er ett nettobeløp; avsetninger til og bruk "
                "av bundne driftsfond hver for seg finnes ikke som poster ennå."))
    notes += _gaps(st.P_5_4_1, s_5_4_1, set())

    # § 5-5 første ledd: the financing is the municipality's plan or missing
    fin = si.FINANCING_LINES + (14, 19, 26, 27)
    y = _note_years(s_5_5_1, (13,)) if e.investering is not None else ()
    if y:
        notes.append(LineNote(
            st.P_5_5_1, tuple(sorted(fin)), y,
            "Grunnlaget har ikke kommunens finansieringsplan for investeringene: lån, "
            "momskompensasjon, "
            "tilskudd, salg, overføring fra drift og bruk av fond. Linjene mangler derfor; "
            "oppstillingen viser ingen anslag i stedet. De fylles fra arket "
            f"«{FINANCING_SHEET}» i arbeidsboken (kolonnene «post» og «belop»).",
            f"Finansieringen legges inn i arket «{FINANCING_SHEET}» i grunnlag.xlsx "
            "(`data/investering_finansiering.csv`: én rad per planår og post)."))
    if e.investering is not None:
        projects = e.investering.base.plan.projects
        if not projects["investeringstype_oppgitt"].all():
            names = list(projects.loc[~projects["investeringstype_oppgitt"], "prosjekt"])
            notes.append(LineNote(
                st.P_5_5_1, (1, 2, 3, 4), tuple(e.plan_years),
                "For " + ("ett prosjekt" if len(names) == 1 else f"{len(names)} prosjekter")
                + " sier grunnlaget ikke om utgiften er en investering i varige "
                "driftsmidler, et tilskudd til andres investeringer, aksjer og andeler eller "
                "utlån; de er ført som varige driftsmidler (linje 1).",
                "Fyll ut kolonnen `investeringstype` i `data/investering_prosjekter.csv` for "
                + fmt_list(names) + "."))
    notes += _gaps(st.P_5_5_1, s_5_5_1, set(fin) if y else set())

    # § 5-7
    y = _note_years(s_5_7, (1,))
    if y and e.plan_years and y[0] == e.plan_years[0]:
        notes.append(LineNote(
            st.P_5_7, (1, 6), y,
            f"Grunnlaget har ikke lånegjelden ved inngangen til {y[0]} etter regnskapets "
            "balanse, så gjelden ved inngangen og utgangen av årene mangler. Den fylles "
            f"fra arket «{FINANCING_SHEET}» i arbeidsboken (lånegjelden 1. januar i "
            "kolonnen «belop»).",
            f"Lånegjelden 1. januar {y[0]} legges inn i arket «{FINANCING_SHEET}» "
            "(`data/investering_finansiering.csv`, post `lanegjeld_inngaende`)."))
    y2 = _note_years(s_5_7, (2, 3, 5))
    if y2:
        notes.append(LineNote(
            st.P_5_7, (2, 3, 5), y2,
            "Bruk av lån og avdrag i investeringsbudsjettet er tallene i "
            "bevilgningsoversikten investering (§ 5-5, linje 13, 16, 5 og 17); de mangler "
            "der, og derfor også her."))
    y4 = tuple(int(a) for a in s_5_7.loc[(s_5_7["linje_nr"] == 4)
                                         & s_5_7["verdi"].notna(), "aar"])
    if y4:
        notes.append(LineNote(
        st.P_5_7, (4,), y4,
        "Avdragene i driften er planens egne budsjetterte avdrag, de samme som linje 14 i "
        "bevilgningsoversikten drift."))
    notes += _gaps(st.P_5_7, s_5_7, {1, 2, 3, 5, 6})
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
        st.P_5_7: "Avdragene i driften er planens (`data/okonomiplan.csv`, tabell "
                  "`finans`, post `avdrag`).",
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
