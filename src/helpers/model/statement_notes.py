"""Why a line of a statement (:mod:`helpers.model.statements`) is missing or rests on an
assumption, in the reader's words, with what the maintainer can do about it.

:func:`line_notes` looks at the computed statements, so a note appears only for the lines
and years it applies to: a line the data fill for every year has none.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.model import statements as st
from helpers.model.economy import Economy
from helpers.presentation.formatting import fmt_list, fmt_number


@dataclass(frozen=True)
class LineNote:
    paragraf: str
    linjer: tuple[int, ...]   # the lines the note is about
    aar: tuple[int, ...]      # the years it applies to
    tekst: str                # for the reader
    vedlikehold: str = ""     # for the maintainer (files, columns)


def _years(frame: pd.DataFrame, lines: tuple[int, ...], missing: bool = True) -> tuple:
    sel = frame[frame["linje_nr"].isin(lines)]
    sel = sel[sel["verdi"].isna()] if missing else sel
    return tuple(sorted(int(y) for y in sel["aar"].unique()))


def _amounts(values: dict[int, float]) -> str:
    return fmt_list([f"{fmt_number(v, 0)} i {y}" for y, v in sorted(values.items())
                     if not pd.isna(v)])


def _lines_text(lines: tuple[int, ...]) -> str:
    return ("linje " if len(lines) == 1 else "linjene ") + fmt_list([str(n) for n in lines])


def line_notes(data: dict[str, pd.DataFrame], e: Economy, s_5_4_1: pd.DataFrame,
               s_5_5_1: pd.DataFrame, s_5_5_2: pd.DataFrame,
               s_5_7: pd.DataFrame) -> list[LineNote]:
    """The notes for the statements of one build, in the order of the statements."""
    knr = e.kommune.kommunenummer
    notes: list[LineNote] = []
    known = {y: st._plan_lines(data, knr, y) for y in e.plan_years}

    # § 5-4 første ledd
    y = _years(s_5_4_1, (10, 11))
    if y:
        combined = {a: known[a]["renteinntekter_utbytte"] for a in y}
        notes.append(LineNote(
            st.P_5_4_1, (10, 11), y,
            "Planen oppgir renteinntekter og utbytte bare samlet ("
            + _amounts(combined) + "). Linje 15 «Netto finansutgifter» tar med det samlede "
            "beløpet.",
            "`data/okonomiplan.csv` har bare posten `renteinntekter_utbytte` i tabellen "
            "`finans`; renteinntekter og utbytte hver for seg kan ikke legges inn ennå."))
    y = _years(s_5_4_1, (12,))
    if y:
        notes.append(LineNote(
            st.P_5_4_1, (12,), y,
            "Planens tabell over finansinntekter og -utgifter har ingen post for gevinster "
            "og tap på finansielle omløpsmidler. Linje 15 er planens egen sum av "
            "finanspostene."))
    y = _years(s_5_4_1, (19, 20))
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
    y = _years(s_5_5_1, (15, 16, 17, 18, 19, 27))
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
