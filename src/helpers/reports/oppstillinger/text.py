"""Generated text of the statements report, in bokmål. Every number comes from the
analysis and is formatted with :mod:`helpers.presentation.formatting`."""

from __future__ import annotations

import pandas as pd

from helpers import settings
from helpers.model import statements as st
from helpers.model.economy import coverage_text
from helpers.model.statements_art import LINES_5_6, NO_ART_BUDGET
from helpers.presentation.formatting import fmt_list, fmt_number
from helpers.presentation.merknad import Note
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
SIGN_TEXT_RAMMER = (
    "Fortegn: rammene er netto, og et positivt beløp er netto utgift. Finans, som har de "
    "generelle inntektene, er derfor negativ. Summen er uthevet."
)
SIGN_TEXT_PROSJEKTER = (
    "Fortegn: bevilgningene er utgifter og vises som positive beløp. Summene per gruppe og "
    "i alt er uthevet."
)


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
    # a deficit the dispositions cover (nothing carried forward) is covered by funds
    deficit = [y for y, v in ndr.items() if not pd.isna(v) and v < 0 and fwd[y] == 0]
    if deficit:
        parts.append("Netto driftsresultat er negativt i " + _years(deficit) + " ("
                     + fmt_list([f"{fmt_number(ndr[y], 0)} i {y}" for y in deficit])
                     + "); underskuddet dekkes av bruk av fond.")
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
        parts.append("Investeringsutgiftene er "
                     + fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in inv.items()
                                 if not pd.isna(v)])
                     + ", og finansieringen dekker dem hvert år.")
    return " ".join(parts)


def reconciliation_text(a: Analysis) -> str:
    """What moves from andre to første ledd, and whether the two reconcile, in words."""
    f = a.avstemming
    if f.empty:
        return ""
    y = a.years[0]
    sel = f[f["aar"] == y].set_index("linje")["verdi"]
    total, line6 = sel.get("Sum andre ledd"), sel.get("Sum bevilgninger drift, netto (linje 6)")
    rest_row = st.rest_rows(f[f["aar"] == y])
    area = rest_row["linje"].iloc[0].removesuffix(st.REST_SUFFIX) if len(rest_row) else None
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
    avvik = f[f["linje"] == st.AVVIK_LINJE]
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
    notes = a.notes_for(paragraf)
    if not notes:
        return ""
    lines = []
    for i, n in enumerate(notes, start=1):
        when = "" if tuple(n.aar) == tuple(a.years) else f"Gjelder {_years(n.aar)}: "
        lines.append(f"{i}. {when}{n.tekst}")
    return "**Merknader**\n\n" + "\n".join(lines)


def maintainer_notes(a: Analysis) -> list[str]:
    seen, out = set(), []
    for n in a.notes:
        if n.vedlikehold and n.vedlikehold not in seen:
            seen.add(n.vedlikehold)
            out.append(n.vedlikehold)
    out += [m for m in a.maintainer_5_6 if m not in seen]
    rows = st.rest_rows(a.avstemming)
    rest = {int(r.aar): r.verdi for r in rows.itertuples()
            if not pd.isna(r.verdi) and r.verdi != 0}
    if rest:
        area = rows["linje"].iloc[0].removesuffix(st.REST_SUFFIX)
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
    if acc:
        parts.append(f"Kolonnen «Regnskap {acc[0]}» er kommunens regnskap for {acc[0]} slik "
                     "det er rapportert til SSB (KOSTRA), med artene fordelt på linjene "
                     "etter KOSTRA-kontoplanen.")
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
    return [n for n in a.notes_5_6 if not n.endswith(NO_ART_BUDGET)]
