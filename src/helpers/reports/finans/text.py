"""The finans report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import (
    fmt_mill,
    fmt_number,
    fmt_pct,
)
from helpers.reports import claims
from helpers.reports.finans.analysis import Analysis
from helpers.reports.finans.budget import real_growth_pct, rounding_tolerance, unbalanced_years
from helpers.reports.finans.tables import _dt


def price_basis_text(prisnivaa: int | None) -> str:
    """'' when the source says nothing; otherwise ', i faste 2024-priser' or
    ', i løpende priser'."""
    if prisnivaa is None:
        return ""
    return ", i løpende priser" if prisnivaa == 0 else f", i faste {prisnivaa}-priser"


def commentary(frie: pd.DataFrame, finans: pd.DataFrame, balance: pd.DataFrame,
               frames: pd.DataFrame, sensitivity: pd.DataFrame, budsjettaar: int,
               vekst_statsbudsjett_pst: float | None = None,
               andel_flytende_pst: float | None = None,
               prisnivaa: int | None = None) -> list[str]:
    """Bokmål sentences that describe the figures (one string per paragraph)."""
    out: list[str] = []
    fi = frie.set_index("aar")
    if budsjettaar in fi.index and not pd.isna(fi.loc[budsjettaar, "frie_inntekter"]):
        r = fi.loc[budsjettaar]
        text = (f"Frie inntekter (skatt og rammetilskudd) er budsjettert til "
                f"{fmt_mill(r['frie_inntekter'])} i {budsjettaar}")
        if not pd.isna(r["endring"]):
            text += (f", {fmt_mill(r['endring'], sign=True)} eller "
                     f"{fmt_pct(r['vekst_pst'], sign=True)} fra {budsjettaar - 1}")
        text += "."
        if not pd.isna(r["realvekst_pst"]):
            text += (f" Med en deflator på {fmt_pct(r['deflator_pst'])} tilsvarer det en "
                     f"realvekst på {fmt_pct(r['realvekst_pst'], sign=True)}.")
        if vekst_statsbudsjett_pst is not None:
            text += (f" Økonomiplanen oppgir selv {fmt_pct(vekst_statsbudsjett_pst)} vekst, "
                     "målt mot statsbudsjettets anslag for året før")
            if not pd.isna(r["deflator_pst"]):
                real = real_growth_pct(vekst_statsbudsjett_pst, r["deflator_pst"])
                text += f", som gir en realvekst på {fmt_pct(real, sign=True)}"
            text += "."
        out.append(text)
        last = fi.index.max()
        if last > budsjettaar and not pd.isna(fi.loc[last, "frie_inntekter"]):
            growth = (fi.loc[last, "frie_inntekter"] / r["frie_inntekter"] - 1) * 100
            word = claims.direction(growth, f"øker frie inntekter med {fmt_pct(growth)}",
                                    f"går frie inntekter ned med {fmt_pct(-growth)}",
                                    "er frie inntekter uendret")
            out.append(f"Fra {budsjettaar} til {last} {word} i alt i "
                       f"økonomiplanen{price_basis_text(prisnivaa)}.")
    fn = finans.set_index("aar")
    if budsjettaar in fn.index:
        r = fn.loc[budsjettaar]
        text = (f"Netto finansutgifter (renter og avdrag minus renteinntekter og utbytte) er "
                f"{fmt_mill(r['netto_finansutgifter'])} i {budsjettaar}")
        if budsjettaar - 1 in fn.index:
            d = r["netto_finansutgifter"] - fn.loc[budsjettaar - 1, "netto_finansutgifter"]
            text += f", {fmt_mill(d, sign=True)} fra året før"
            dr = r["renteutgifter"] - fn.loc[budsjettaar - 1, "renteutgifter"]
            text += "; renteutgiftene alene " + claims.direction(
                dr, f"øker med {fmt_mill(dr)}", f"går ned med {fmt_mill(-dr)}",
                "er uendret")
        text += "."
        if "andel_frie_inntekter_pst" in fn and not pd.isna(r["andel_frie_inntekter_pst"]):
            text += (f" Det tilsvarer {fmt_pct(r['andel_frie_inntekter_pst'])} av frie "
                     "inntekter")
            last = fn.index.max()
            if last > budsjettaar and not pd.isna(fn.loc[last, "andel_frie_inntekter_pst"]):
                text += (f", og andelen er {fmt_pct(fn.loc[last, 'andel_frie_inntekter_pst'])} "
                         f"i {last}")
            text += "."
        out.append(text)
    if not sensitivity.empty:
        pos = sensitivity[sensitivity["endring_pp"] > 0].sort_values("endring_pp")
        if not pos.empty:
            r = pos.iloc[0]
            share = ("" if andel_flytende_pst is None else
                     f" når {fmt_pct(andel_flytende_pst, 0)} av gjelden har flytende rente")
            out.append(f"En renteøkning på {fmt_number(r['endring_pp'], 1)} prosentpoeng gir "
                       f"{fmt_mill(r['rentekostnad_endring'])} mer i årlige renteutgifter"
                       f"{share}.")
    req = balance[balance["krav"]]
    bad = unbalanced_years(balance)
    if not req.empty:
        years = req["aar"].tolist()
        if bad.empty:
            out.append(f"Budsjettet og økonomiplanen er i balanse i alle år "
                       f"({years[0]}–{years[-1]}): rammeområdene og finansområdet summerer "
                       "til null innenfor avrundingen.")
        else:
            parts = [f"{r.aar} ({fmt_number(r.sum, sign=True)} i 1000 kr)"
                     for r in bad.itertuples()]
            out.append("UBALANSE: summen av rammeområdene og finansområdet er ikke null i "
                       + ", ".join(parts) + ". Kommuneloven § 14-4 krever balanse i hvert år "
                       "av økonomiplanen.")
    ch = frames[(frames["aar"] == budsjettaar) & frames["endring_fra_fjoraar"].notna()
                & (frames["rammeomrade"] != "Finans")]
    if not ch.empty:
        up = ch.sort_values("endring_fra_fjoraar", ascending=False).iloc[0]
        down = ch.sort_values("endring_fra_fjoraar").iloc[0]
        rise = claims.claim(
            f"Blant tjenesteområdene øker {up['rammeomrade']} mest fra budsjettet for "
            f"{budsjettaar - 1} til {budsjettaar} "
            f"({fmt_mill(up['endring_fra_fjoraar'], sign=True)})", [budsjettaar],
            claims.above({budsjettaar: up["endring_fra_fjoraar"]}, 0),
            otherwise=(f"Ingen av tjenesteområdene får høyere ramme fra budsjettet for "
                       f"{budsjettaar - 1} til {budsjettaar}"))
        text = rise.text()
        if down["endring_fra_fjoraar"] < 0:
            text += (f", mens {down['rammeomrade']} får lavere ramme "
                     f"({fmt_mill(down['endring_fra_fjoraar'], sign=True)})")
        out.append(text + ".")
    return out


def summary_text(a: Analysis) -> str:
    """The generated commentary as Markdown paragraphs."""
    paras = commentary(a.frie, a.finans, a.balance, a.frames, a.sensitivity, a.budsjettaar,
                       a.vekst_statsbudsjett_pst,
                       a.andel_flytende_pst if a.debt is not None else None, a.prisnivaa)
    return "\n\n".join(paras) if paras else "Dataene gir ikke grunnlag for en oppsummering."


def key_facts(a: Analysis) -> list[tuple[str, str]]:
    """(value, label) boxes for the top of the report."""
    out = []
    b = a.budsjettaar
    fi = a.frie.set_index("aar") if not a.frie.empty else pd.DataFrame()
    if b in fi.index:
        out.append((fmt_mill(fi.loc[b, "frie_inntekter"]), f"frie inntekter {b}"))
        if not pd.isna(fi.loc[b, "vekst_pst"]):
            out.append((fmt_pct(fi.loc[b, "vekst_pst"], sign=True),
                        f"vekst fra {b - 1} ({_dt(a.grunnlag_fjoraar).lower()})"))
    fn = a.finans.set_index("aar") if not a.finans.empty else pd.DataFrame()
    if b in fn.index:
        out.append((fmt_mill(fn.loc[b, "netto_finansutgifter"]), f"netto finansutgifter {b}"))
        if "andel_frie_inntekter_pst" in fn:
            out.append((fmt_pct(fn.loc[b, "andel_frie_inntekter_pst"]),
                        "av frie inntekter går til renter og avdrag (netto)"))
    req = a.balance[a.balance["krav"]] if not a.balance.empty else a.balance
    if not req.empty:
        bad = unbalanced_years(a.balance)
        out.append(("I balanse" if bad.empty else f"{len(bad)} år i ubalanse",
                    f"budsjett og økonomiplan {req['aar'].min()}–{req['aar'].max()}"))
    return out


def growth_note(a: Analysis) -> str:
    """How the report's growth figure relates to the source's own figure."""
    b = a.budsjettaar
    fi = a.frie.set_index("aar") if not a.frie.empty else pd.DataFrame()
    if b not in fi.index or pd.isna(fi.loc[b, "vekst_pst"]):
        return ""
    text = (f"Veksten for {b} er målt mot {_dt(a.grunnlag_fjoraar).lower()} for {b - 1} i "
            "kommunens egne tall.")
    if a.vekst_statsbudsjett_pst is not None:
        text += (f" Økonomiplanen oppgir selv {fmt_pct(a.vekst_statsbudsjett_pst)} vekst, målt "
                 "mot inntektsnivået staten la til grunn i statsbudsjettet. Grunnlagene er "
                 "ulike: kommunens egne tall bygger blant annet på et skatteanslag som er "
                 "justert opp etter erfaringstall, og året før er målt med kommunens eget "
                 "budsjett.")
        d = fi.loc[b, "deflator_pst"]
        if not pd.isna(d):
            text += (f" Mot deflatoren på {fmt_pct(d)} gir kildens vekst en realvekst på "
                     f"{fmt_pct(real_growth_pct(a.vekst_statsbudsjett_pst, d), sign=True)}.")
    return text


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    return [
        "Rentefølsomheten bygger på forutsetninger som settes med parameterne "
        "`andel_flytende_pst` (andel av gjelden med flytende rente), `rentescenarier_pp` "
        "(renteendringene) og `gjeld_1000kr` (gjelden; ellers gjelden ved inngangen til "
        "budsjettåret i den felles gjeldsberegningen, som i investeringsrapporten).",
        "Realveksten bruker deflatoren i `data/finans_forutsetninger.csv`; parameteren "
        "`deflator_pst` legger til eller overstyrer år. Året før budsjettåret bygger på "
        f"`grunnlag_fjoraar` (nå «{a.grunnlag_fjoraar}»).",
    ]


def balance_warnings(a: Analysis) -> list[str]:
    """One loud line per unbalanced year (empty when all balance)."""
    out = []
    for r in unbalanced_years(a.balance).itertuples():
        side = "mer utgifter enn inntekter" if r.sum > 0 else "mer inntekter enn utgifter"
        out.append(f"**{r.aar} er ikke i balanse:** rammeområdene og Finans summerer til "
                   f"{fmt_number(r.sum, sign=True)} (1000 kr), altså {fmt_mill(abs(r.sum))} "
                   f"{side}. Kommuneloven § 14-4 krever balanse i hvert år av "
                   "økonomiplanen.")
    return out


def data_notes(a: Analysis) -> list[str]:
    """Where the source's own tables disagree (rounding aside)."""
    out = []
    c = a.bridge_check
    if not c.empty:
        for r in c.itertuples():
            if not pd.isna(r.avvik_start) and abs(r.avvik_start) > 0.5:
                out.append(f"{r.rammeomrade}: rammeoversikten starter fra "
                           f"{fmt_number(r.opprinnelig)}, mens driftsbudsjettet for "
                           f"{a.budsjettaar - 1} viser {fmt_number(r.budsjett_fjoraar)} "
                           f"(forskjell {fmt_number(r.avvik_start, sign=True)}).")
            tol = rounding_tolerance(r.antall_linjer)
            if not pd.isna(r.avvik_ramme) and abs(r.avvik_ramme) > tol:
                out.append(f"{r.rammeomrade}: rammeoversikten gir {fmt_number(r.ramme_beregnet)}"
                           f", driftsbudsjettet {fmt_number(r.ramme_trykt)}.")
    k = a.ks_check
    if not k.empty:
        names = {"sum_rammetilskudd_uten_inntektsutjevning":
                 "sum rammetilskudd uten inntektsutjevning",
                 "sum_rammetilskudd": "sum rammetilskudd",
                 "sum_skatt_rammetilskudd_avrundet": "sum skatt og rammetilskudd (avrundet)"}
        for r in k[k["avvik"].abs() > k["toleranse"]].itertuples():
            out.append(f"KS-prognosen {r.aar}: {names.get(r.post, r.post)} er trykt som "
                       f"{fmt_number(r.trykt)}, men linjene over gir "
                       f"{fmt_number(r.beregnet)} (avvik {fmt_number(r.avvik, sign=True)}).")
    return out
