"""The kostra report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.data.queries import kostra_series
from helpers.presentation.formatting import fmt_kr, fmt_list, fmt_mill, fmt_number
from helpers.presentation.merknad import Note
from helpers.reports import claims
from helpers.reports.kostra.analysis import INDEX, REF_MEAN, TOTAL, Comparison, _lower_first
from helpers.reports.kostra.tables import _key_table


def _more_or_less(diff: float) -> str:
    """«mer» or «mindre», each only where true (a checked claim); «like mye» at zero."""
    return claims.direction(diff, "mer", "mindre", "like mye")


def commentary(cmp: Comparison, top: int = 3) -> list[str]:
    """Bokmål sentences from the figures: the ``top`` service areas with the largest
    difference in kroner (either direction) and the total. What the data lack is in
    ``cmp.notes``, for the report to show as notices."""
    d = cmp.differences
    areas = d[(d["dimensjon"] != TOTAL) & d["differanse_per_innb"].notna()]
    areas = areas.reindex(areas["differanse_per_innb"].abs()
                          .sort_values(ascending=False, kind="stable").index).head(top)
    ref = cmp.reference.navn if cmp.reference.kind != REF_MEAN else \
        "snittet av sammenligningskommunene"
    navn = cmp.kommune.navn
    out = []
    if not areas.empty:
        parts = []
        for r in areas.itertuples():
            diff = r.differanse_per_innb
            text = (f"{_lower_first(r.dimensjon)} ({fmt_kr(abs(diff))} {_more_or_less(diff)} "
                    "per innbygger")
            if pd.notna(r.merutgift):
                text += f", {fmt_mill(abs(r.merutgift))} for hele kommunen"
            parts.append(text + ")")
        word = {1: "Området", 2: "De to områdene", 3: "De tre områdene"}.get(
            len(parts), f"De {len(parts)} områdene")
        sentence = (f"{word} der {navn} skiller seg mest fra {ref} i {cmp.aar}, er "
                    f"{fmt_list(parts)}.")
        for dim in areas["dimensjon"]:
            note = remark_sentence(cmp, dim)
            if note:
                sentence += " " + note
        out.append(sentence)
    total = d[d["dimensjon"] == TOTAL]
    if not total.empty and pd.notna(total["differanse_per_innb"].iloc[0]):
        t = total.iloc[0]
        diff = t["differanse_per_innb"]
        if round(diff) == 0:
            out.append(f"Samlet bruker {navn} omtrent det samme per innbygger som {ref}.")
        else:
            sentence = (f"Samlet bruker {navn} {fmt_kr(abs(diff))} {_more_or_less(diff)} per "
                        f"innbygger enn {ref} ({fmt_kr(t['kommune'])} mot "
                        f"{fmt_kr(t['referanse'])}).")
            if pd.notna(t["merutgift"]):
                sentence += (f" Med {fmt_number(cmp.folketall)} innbyggere per 31.12.{cmp.aar} "
                             f"svarer forskjellen til {fmt_mill(abs(t['merutgift']))}.")
            if cmp.korrigert:
                sentence += (" Tallet er en pekepinn på forskjellen i ressursbruk etter "
                             "korrigering for beregnet utgiftsbehov, ikke et beløp kommunen "
                             + ("kan spare" if diff > 0 else "må bruke i tillegg")
                             + ": korrigeringen bygger på inntektssystemets anslag for "
                             "behovet, og kommunene fører utgiftene ulikt.")
            else:
                sentence += (" Tallene er ikke korrigert for utgiftsbehov, så forskjellen kan "
                             "skyldes ulikt behov for tjenestene like mye som ulik "
                             "ressursbruk. Den er ikke et beløp kommunen "
                             + ("kan spare" if diff > 0 else "må bruke i tillegg") + ".")
            note = remark_sentence(cmp, TOTAL)
            if note:
                sentence += " " + note
            out.append(sentence)
    return out


def remark_sentence(cmp: Comparison, dimensjon: str) -> str:
    """What the source says about the municipality's figure for one service area (or
    :data:`TOTAL`), as a sentence for the report; empty without a remark."""
    m = cmp.merknader
    if m.empty:
        return ""
    rows = m[(m["kommunenummer"] == cmp.kommune.kommunenummer) & (m["dimensjon"] == dimensjon)]
    if rows.empty:
        return ""
    area = "totalen" if dimensjon == TOTAL else _lower_first(dimensjon)
    texts = []
    for r in rows.itertuples():
        text = f"Merk om {area} i {cmp.aar}: {r.merknad.strip()}"
        texts.append(text if text.endswith(".") else text + ".")
    return " ".join(texts)


RANK_INTRO = ("Plass 1 er kommunen med høyest utgift per innbygger på området. "
              "KOSTRA-gruppen og snittet er ikke med i plasseringen.")


def rank_text(cmp: Comparison) -> str:
    """How the ranking reads (:data:`RANK_INTRO`) and where the municipality is highest
    and lowest among the municipalities; without other municipalities, that it is not
    ranked (and no word on how a ranking reads)."""
    if not cmp.ranked:
        return (f"{cmp.kommune.navn} rangeres ikke: det er ingen andre kommuner i "
                "sammenligningen.")
    r = cmp.ranks[(cmp.ranks["dimensjon"] != TOTAL) & cmp.ranks["rang"].notna()]
    if r.empty:
        return ""
    n = int(r["antall"].max())
    top = [_lower_first(d) for d in r.loc[r["rang"] == 1, "dimensjon"]]
    bottom = [_lower_first(d) for d in r.loc[r["rang"] == r["antall"], "dimensjon"]]
    parts = [f"Blant de {n} kommunene"]
    if top:
        parts.append(f" har {cmp.kommune.navn} høyest utgift per innbygger på {fmt_list(top)}")
    if bottom:
        parts.append((" og" if top else f" har {cmp.kommune.navn}")
                     + f" lavest på {fmt_list(bottom)}")
    if not top and not bottom:
        parts.append(f" ligger {cmp.kommune.navn} verken høyest eller lavest på noe område")
    return f"{RANK_INTRO} " + "".join(parts) + "."


def _total_index(cmp: Comparison) -> pd.DataFrame | None:
    """The municipality's rows for its total in ``kostra_utgiftsbehov.csv`` (None without)."""
    u = cmp.data.get("kostra_utgiftsbehov")
    if u is None or u.empty:
        return None
    mine = u[(u["kommunenummer"] == cmp.kommune.kommunenummer) & (u["dimensjon"] == "")]
    return mine if not mine.empty else None


def correction_text(cmp: Comparison) -> str:
    """Which figures are corrected, and the municipality's expenditure-need figures."""
    g = cmp.grunnlag
    own = g[g["kommunenummer"] == cmp.kommune.kommunenummer]
    lines = []
    if not cmp.korrigert:
        lines.append("Utgiftstallene per tjenesteområde i rapporten er ukorrigerte, slik SSB "
                     "publiserer dem: grunnlaget har ikke inntektssystemets indeks for beregnet "
                     f"utgiftsbehov per tjenesteområde for {cmp.kommune.navn}, så tallene er "
                     "ikke korrigert for utgiftsbehov.")
        summed = sorted({cmp.names[c] for c in g.loc[g["grunnlag"] == "sum", "kommunenummer"]})
        if summed:
            lines.append(f"Totalen for {fmt_list(summed)} er summen av tjenesteområdene, fordi "
                         "dataene ikke har en egen total.")
    elif (g["grunnlag"] == "publisert").all():
        lines.append("Alle utgiftstallene per tjenesteområde i rapporten er korrigert for "
                     "utgiftsbehov allerede i kilden. Nøkkeltalltabellen til slutt er ikke "
                     "korrigert.")
    else:
        computed = sorted({cmp.names[c] for c in g.loc[g["grunnlag"] == "beregnet",
                                                       "kommunenummer"]})
        if computed:
            lines.append(f"For {fmt_list(computed)} er de korrigerte tallene regnet ut her, "
                         "fra ukorrigerte tall og indeks per tjenesteområde. De andre tallene "
                         "er korrigert i kilden. Nøkkeltalltabellen er ikke korrigert.")
        summed = sorted({cmp.names[c] for c in g.loc[g["grunnlag"] == "sum", "kommunenummer"]})
        if summed:
            lines.append(f"Totalen for {fmt_list(summed)} er summen av tjenesteområdene, fordi "
                         "dataene ikke har en egen total.")
    mine = _total_index(cmp)
    if mine is not None:
        val = {(r.indikator, int(r.aar)): r.verdi for r in mine.itertuples()}
        idx_years = sorted(a for i, a in val if i == INDEX)
        if idx_years:
            y = idx_years[-1]
            text = (f"I inntektssystemet for {y} har {cmp.kommune.navn} en kostnadsindeks på "
                    f"{fmt_number(val[(INDEX, y)], 2).rstrip('0').rstrip(',')}")
            if y - 1 in idx_years:
                text += (f" ({fmt_number(val[(INDEX, y - 1)], 2).rstrip('0').rstrip(',')} "
                         "året før)")
            own_kr = val.get(("utgiftsbehov_per_innb", y))
            avg_kr = val.get(("utgiftsbehov_per_innb_landsgjennomsnitt", y))
            if own_kr is not None and avg_kr is not None:
                text += (f": kommunen er beregnet å trenge {fmt_kr(own_kr)} per innbygger, mot "
                         f"{fmt_kr(avg_kr)} i en gjennomsnittskommune")
            text += "."
            if y != cmp.aar:
                text += (f" Indeksen gjelder {y}, ikke KOSTRA-året {cmp.aar}; dataene har ikke "
                         f"indeksen for {cmp.aar}.")
            lines.append(text)
    raw = kostra_series(cmp.data, cmp.kommune.kommunenummer, "netto_driftsutgifter_per_innb")
    own_total = own.loc[own["dimensjon"] == TOTAL]
    if cmp.aar in raw.index and not own_total.empty:
        lines.append(f"Ukorrigert brukte {cmp.kommune.navn} netto "
                     f"{fmt_kr(raw[cmp.aar])} per innbygger i {cmp.aar}; den "
                     f"{'korrigerte' if cmp.korrigert else 'ukorrigerte'} totalen i "
                     "sammenligningen er "
                     f"{fmt_kr(cmp.table.loc[TOTAL, cmp.kommune.kommunenummer])}. De to tallene "
                     "er ikke nødvendigvis avgrenset likt"
                     + (", så forholdet mellom dem er ikke nødvendigvis kommunens indeks."
                        if cmp.korrigert else "."))
    return " ".join(lines)


def missing_correction_notice(cmp: Comparison) -> str | None:
    """A notice when the data have corrected figures but no index per service area for the
    municipality (None for an uncorrected comparison: its note in ``cmp.notes`` says it)."""
    if not cmp.korrigert:
        return None
    u = cmp.data.get("kostra_utgiftsbehov")
    has_index = u is not None and not u[
        (u["indikator"] == INDEX) & (u["dimensjon"] != "") & (u["aar"] == cmp.aar)
        & (u["kommunenummer"] == cmp.kommune.kommunenummer)].empty
    if has_index:
        return None
    return Note(
        "**Bare korrigerte tall finnes.** Grunnlaget har ikke ukorrigerte utgifter og "
        f"utgiftsbehovsindeks per tjenesteområde for {cmp.kommune.navn} i {cmp.aar}, så "
        "rapporten kan ikke vise hvor mye korrigeringen utgjør per område.",
        "Legg de ukorrigerte tallene inn i `data/kostra.csv` (indikator `utgift_per_innb`, "
        "tjenesteområdet i `dimensjon`) og indeksen i `data/kostra_utgiftsbehov.csv` "
        "(indikator `utgiftsbehov_indeks`), så regner rapporten ut de korrigerte tallene "
        "selv.")


def intro_text(cmp: Comparison) -> str:
    """The paragraph under «Sammendrag»."""
    return ("Hvor bruker kommunen mer enn sammenlignbare kommuner, og hva utgjør forskjellen i "
            "kroner? Tallene er netto driftsutgifter per innbygger, "
            + ("korrigert for beregnet utgiftsbehov." if cmp.korrigert else
               "ikke korrigert for beregnet utgiftsbehov (ukorrigerte tall)."))


def difference_intro(cmp: Comparison) -> str:
    """The paragraph under «Forskjell mot referansen»."""
    first = ("Forskjellen er kommunens utgift minus referansens, per innbygger og ganget med "
             "folketallet ved utgangen av KOSTRA-året. ")
    if cmp.korrigert:
        return first + (
            "Begge tallene er korrigert for beregnet utgiftsbehov, så forskjellen er en "
            "pekepinn på hvor mye mer (positivt beløp) eller mindre (negativt beløp) kommunen "
            "bruker enn referansen når behovet er tatt hensyn til. Den er ikke et beløp som kan "
            "spares eller må brukes i budsjettet: korrigeringen bygger på inntektssystemets "
            "anslag for behovet, og kommunene fører utgiftene ulikt.")
    return first + (
        "Tallene er ikke korrigert for utgiftsbehov, så forskjellen viser hvor mye mer "
        "(positivt beløp) eller mindre (negativt beløp) kommunen bruker enn referansen uten at "
        "ulikt behov for tjenestene er tatt hensyn til. Den er ikke et beløp som kan spares "
        "eller må brukes i budsjettet, og kommunene fører utgiftene ulikt.")


def sources_text(cmp: Comparison) -> str:
    """The first paragraph under «Kilder og forbehold»."""
    return ("Tallene kommer fra KOSTRA (SSB): netto driftsutgifter per innbygger per "
            "tjenesteområde, økonomiske nøkkeltall og folketallet ved årets slutt"
            + (", og fra inntektssystemets utgiftsbehovsindeks"
               if cmp.korrigert or _total_index(cmp) is not None else "")
            + ". Hvert tall i grunnlaget er merket med tabellen det er hentet fra.")


def key_table_notes(cmp: Comparison) -> list[str]:
    """What the key-figure table lacks."""
    meta = cmp.data.get("kostra_indikatorer")
    if meta is None or meta.empty:
        return [Note("Nøkkeltalltabellen kan ikke vises: grunnlaget sier ikke hvilke "
                     "nøkkeltall den skal ha.",
                     "`data/kostra_indikatorer.csv` mangler (den sier hvilke indikatorer "
                     "nøkkeltalltabellen skal vise).")]
    t, empty = _key_table(cmp)
    out = []
    if empty:
        out.append(Note(
            f"Grunnlaget har ingen nøkkeltall for {fmt_list(empty)} i {cmp.aar}, så "
            f"{'den' if len(empty) == 1 else 'de'} står ikke i tabellen.",
            f"`data/kostra.csv` har ingen nøkkeltall for {fmt_list(empty)} i {cmp.aar}."))
    if cmp.reference.kind == REF_MEAN:
        out.append("Snittet av sammenligningskommunene regnes bare ut for utgiftene per "
                   "tjenesteområde, ikke for nøkkeltallene.")
    own_prev = f"{cmp.kommune.navn} {cmp.aar - 1}"
    if own_prev in t.columns and t[own_prev].isna().all():
        out.append(f"Dataene har ingen nøkkeltall for {cmp.kommune.navn} i {cmp.aar - 1}.")
    return out
