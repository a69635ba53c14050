"""The overview's generated text (bokmål): labels, the screen's words, the summary and the
source line under each table. Every number comes from the analysis."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_list, fmt_pct, fmt_years
from helpers.reports.oversikt.analysis import BRUDD, MANGLER, OK, VARSEL, Analysis

#: What each indicator is called in headings and captions.
INDICATOR_NAVN = {
    "netto_driftsresultat_pst": "Netto driftsresultat",
    "disposisjonsfond_pst": "Disposisjonsfond",
    "netto_lanegjeld_pst": "Netto lånegjeld",
}

#: Who sets each norm, for the line under the table (None: no national norm).
NORM_KILDE = {
    "netto_driftsresultat_pst": ("Det tekniske beregningsutvalget for kommunal og "
                                 "fylkeskommunal økonomi (TBU) anbefaler at netto "
                                 "driftsresultat for kommunene over tid er minst {norm} av "
                                 "driftsinntektene."),
    "disposisjonsfond_pst": ("Det finnes ingen nasjonal norm for disposisjonsfond; mange "
                             "kommuner har en egen handlingsregel."),
    "netto_lanegjeld_pst": ("Det finnes ingen nasjonal norm for netto lånegjeld; mange "
                            "kommuner har en egen handlingsregel."),
}

STATUS_ORD = {OK: "OK", VARSEL: "Varsel", BRUDD: "Brudd", MANGLER: "Mangler data"}

SUBJECT_MARK = " (valgt kommune)"


def pct(value: float) -> str:
    """«1,75 %», «3 %»: two decimals without trailing zeros."""
    return fmt_pct(value, 2).replace(",00", "")


def norm_text(a: Analysis, ind: str) -> str:
    norm = a.norms.get(ind)
    return NORM_KILDE[ind].format(norm=pct(norm) if norm is not None else "")


def source_line(a: Analysis, ind: str) -> str:
    """The table's source line: public statistics, KOSTRA, the years and where each
    figure in the data came from (its ``kilde``)."""
    years = fmt_years(a.years) if a.years else ""
    where = "; ".join(a.sources.get(ind, []))
    return (f"Kilde: offentlig statistikk, KOSTRA (SSB), finansielle nøkkeltall for "
            f"kommunekonsern, {years}. Tallene i grunnlaget: {where or 'ikke oppgitt'}.")


def screen_basis(a: Analysis) -> str:
    """What the screen checks and where each threshold comes from."""
    return (
        "Kommuneloven § 28-1 sier når en kommune skal meldes inn i ROBEK (registeret over "
        "kommuner under statlig kontroll med budsjett og låneopptak): blant annet når "
        "årsbudsjettet eller økonomiplanen ikke er i balanse, når et merforbruk i "
        "driftsregnskapet ikke dekkes inn innen fristen i § 14-10, og når akkumulert "
        f"merforbruk i balansen er større enn {pct(a.merforbruk_grense_pst)} av "
        "driftsinntektene. Oversikten ser på det KOSTRA-tallene kan si om dette: "
        "(1) om et negativt netto driftsresultat er større enn disposisjonsfondet, så "
        "året kan ha gitt et merforbruk som må dekkes inn; (2) akkumulert merforbruk mot "
        f"grensen på {pct(a.merforbruk_grense_pst)}; (3) svak buffer: disposisjonsfond under "
        f"{pct(a.svak_buffer_pst)} av brutto driftsinntekter"
        + (" – mindre enn det merforbruket som gir innmelding i ROBEK, så fondet kan ikke "
           "dekke et slikt år." if a.svak_buffer_pst == a.merforbruk_grense_pst else ".")
        + " Dette er varsellamper, ikke en vurdering av om kommunen skal meldes inn: det "
        "avgjør Statsforvalteren ut fra vedtakene og regnskapet.")


def screen_note(a: Analysis) -> str:
    """The thresholds under the screen table."""
    return (f"Svak buffer: disposisjonsfond under {pct(a.svak_buffer_pst)} av brutto "
            "driftsinntekter. Underskudd dekket av fond: et negativt netto driftsresultat er "
            "ikke større enn disposisjonsfondet samme år. Merforbruk over grensen: "
            f"akkumulert merforbruk over {pct(a.merforbruk_grense_pst)} av driftsinntektene "
            "(kommuneloven § 28-1).")


def summary(a: Analysis) -> str:
    """A few sentences: who is in the group, the period, and what the screen found."""
    s = a.screen
    names = fmt_list(list(a.members["navn"]))
    parts = [f"Oversikten viser {len(a.members)} kommuner: {names}."]
    if a.years:
        parts.append(f"Tallene er KOSTRA-tall for regnskapsårene {fmt_years(a.years)}.")
    weak = list(s.loc[s["buffer"] == VARSEL, "kommune"])
    parts.append(
        f"Disposisjonsfondet er under {pct(a.svak_buffer_pst)} av brutto driftsinntekter i "
        f"{fmt_list(weak)}." if weak else
        f"Ingen av kommunene med tall har disposisjonsfond under {pct(a.svak_buffer_pst)}.")
    deficit = list(s.loc[s["underskudd"] == VARSEL, "kommune"])
    if deficit:
        parts.append(f"Et negativt netto driftsresultat er større enn disposisjonsfondet i "
                     f"{fmt_list(deficit)}.")
    over = list(s.loc[s["merforbruk"] == BRUDD, "kommune"])
    if over:
        parts.append(f"Akkumulert merforbruk er over {pct(a.merforbruk_grense_pst)} i "
                     f"{fmt_list(over)}.")
    return " ".join(parts)


def missing_notes(a: Analysis) -> list[str]:
    """What the data lack, in words for the council (no file names)."""
    out = []
    s = a.screen
    for ind, col in (("netto_driftsresultat_pst", "ndr_aar"),
                     ("disposisjonsfond_pst", "fond_aar")):
        lacking = list(s.loc[s[col].isna(), "kommune"])
        if lacking:
            out.append(f"Grunnlaget har ingen KOSTRA-tall for "
                       f"{INDICATOR_NAVN[ind].lower()} for {fmt_list(lacking)}.")
    if (s["merforbruk"] == MANGLER).all():
        out.append("Akkumulert merforbruk er ikke med i grunnlaget for noen av kommunene, så "
                   "den varsellampen kan ikke tennes.")
    else:
        lacking = list(s.loc[s["merforbruk"] == MANGLER, "kommune"])
        if lacking:
            out.append(f"Akkumulert merforbruk mangler for {fmt_list(lacking)}.")
    if a.groups.empty:
        out.append("Gjennomsnittet for kommunenes KOSTRA-grupper er ikke med i grunnlaget "
                   "for disse tallene.")
    return out


def maintainer_notes(a: Analysis) -> list[str]:
    """For merknader.md: the data that would fill the gaps."""
    out = []
    if (a.screen["merforbruk"] == MANGLER).any():
        out.append("Akkumulert merforbruk (ROBEK-varsellampen) fylles med indikatoren "
                   "`akkumulert_merforbruk_pst` i `kostra.csv`.")
    if a.groups.empty:
        out.append("KOSTRA-gruppens gjennomsnitt vises når `kostra.csv` har rader for "
                   "gruppekoden (f.eks. EKG11) for indikatorene.")
    return out


def status_word(code: str) -> str:
    return STATUS_ORD.get(code, code)


def mark(name: str, a: Analysis) -> str:
    """The municipality's name, marked in words when it is the one the report is for."""
    return name + SUBJECT_MARK if a.subject is not None and name == a.subject.navn else name


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))
