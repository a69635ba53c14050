"""The tertial report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.model.statements import Finding
from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct
from helpers.reports import claims
from helpers.reports.tertial.analysis import CENTRAL, TOTAL, Tertial, _pct, in_ranges


def _signed_word(v: float, plus: str, minus: str) -> str:
    """«{plus} på X» or «{minus} på X», each only where true (a checked claim); «ingen
    avvik» at zero."""
    return claims.direction(v, f"{plus} på {fmt_mill(abs(v))}",
                            f"{minus} på {fmt_mill(abs(v))}", "ingen avvik")


def central_areas(t: Tertial) -> list[str]:
    """The rammeområder that hold the central incomes (skatt, rammetilskudd …)."""
    arts = t.lines["art"]
    sel = t.lines[[bool(a) and in_ranges(a, [r for _, r in CENTRAL]) for a in arts]]
    return sorted(set(sel["rammeomrade"]))


def summary(t: Tertial) -> str:
    """The summary the council reads first, in bokmål."""
    tot = t.frames[t.frames["rammeomrade"] == TOTAL].iloc[0]
    parts = []
    a = tot["avvik_hittil"]
    if round(a) == 0:
        parts.append(f"Per {t.date_text} følger driften samlet det periodiserte budsjettet.")
    else:
        parts.append(f"Per {t.date_text} viser driften samlet "
                     + _signed_word(a, "et merforbruk", "et mindreforbruk")
                     + " mot periodisert budsjett.")
    central = central_areas(t)
    svc = t.frames[~t.frames["rammeomrade"].isin(central + [TOTAL])]
    if central and len(svc):
        r, b = svc["regnskap_hittil"].sum(), svc["budsjett_periodisert_hittil"].sum()
        parts.append(f"Rammeområdene utenom {fmt_list(central)} har brukt {fmt_mill(r)} mot "
                     f"{fmt_mill(b)} i periodisert budsjett "
                     f"({fmt_pct(_pct(r - b, b), sign=True)}).")
    fc = tot["aarsprognose_avvik"]
    if t.tertial == 3:
        lead = "Året endte med"
    else:
        lead = "Rammeområdene venter at året ender med"
    if pd.isna(fc):
        parts.append("Grunnlaget har ingen årsprognose, så rapporten kan ikke si hva året "
                     "ender med.")
    else:
        if round(fc) == 0:
            parts.append(f"{lead} et resultat som revidert budsjett.")
        else:
            parts.append(f"{lead} " + _signed_word(fc, "et merforbruk", "et mindreforbruk")
                         + " mot revidert budsjett.")
        f = t.frames[(t.frames["rammeomrade"] != TOTAL)
                     & t.frames["aarsprognose_avvik"].notna()]
        worse = f[f["aarsprognose_avvik"] > 0].sort_values("aarsprognose_avvik",
                                                            ascending=False)
        better = f[f["aarsprognose_avvik"] < 0].sort_values("aarsprognose_avvik")
        if len(worse):
            parts.append("Merforbruket kommer fra " + fmt_list(
                [f"{r.rammeomrade} ({fmt_mill(r.aarsprognose_avvik)})"
                 for r in worse.itertuples()]) + ".")
        if len(better):
            parts.append("Det trekkes ned av " + fmt_list(
                [f"{r.rammeomrade} ({fmt_mill(-r.aarsprognose_avvik)} bedre enn budsjett)"
                 for r in better.itertuples()]) + ".")
    text = " ".join(parts)
    rules = rules_text(t)
    return text + ("\n\n" + rules if rules else "")


def _fmt_threshold(v: float) -> str:
    """1,75 % and 10 % as the rules write them."""
    for d in (0, 1, 2):
        if abs(round(v, d) - v) < 1e-9:
            return fmt_pct(v, d)
    return fmt_pct(v, 2)


def rules_text(t: Tertial) -> str:
    e = t.effect
    if pd.isna(e.get("ndr_plan", float("nan"))) or pd.isna(e.get("bdi", float("nan"))):
        return ""
    thr = e["netto_driftsresultat_terskel"]
    fthr = e["disposisjonsfond_terskel"]
    aar = t.aar
    s = (f"**Netto driftsresultat.** Revidert budsjett gir netto driftsresultat på "
         f"{fmt_mill(e['ndr_revidert'])} i {aar}, {fmt_pct(e['ndr_revidert_pst'])} av brutto "
         "driftsinntekter")
    fc = e["prognose"]
    if not pd.isna(fc):
        word = "Regnskapet gir" if t.tertial == 3 else "Med prognosen blir det"
        s += (f". {word} {fmt_mill(e['ndr_prognose'])}, eller "
              f"{fmt_pct(e['ndr_prognose_pst'])}")
    if not pd.isna(thr):
        ok = e["ndr_prognose_pst"] >= thr
        s += (f", mot måltallet på minst {_fmt_threshold(thr)}"
              f" – {'over' if ok else 'under'} måltallet.")
    else:
        s += "."
    if not pd.isna(e.get("fond_plan", float("nan"))):
        s += (f"\n\n**Disposisjonsfondet.** Økonomiplanen regner med et disposisjonsfond på "
              f"{fmt_mill(e['fond_revidert'])} ved utgangen av {aar}. ")
        if not pd.isna(fc) and round(fc) != 0:
            s += (f"Dekkes avviket av fondet, blir det {fmt_mill(e['fond_prognose'])}, "
                  f"{fmt_pct(e['fond_prognose_pst'])} av brutto driftsinntekter")
        else:
            s += (f"Det er {fmt_pct(e['fond_prognose_pst'])} av brutto driftsinntekter")
        if not pd.isna(fthr):
            ok = e["fond_prognose_pst"] >= fthr
            s += (f", mot regelen om minst {_fmt_threshold(fthr)} – "
                  f"{'innenfor' if ok else 'under'} regelen.")
        else:
            s += "."
    s += (" Brutto driftsinntekter og budsjettets resultat og fond er de samme som i "
          "rapporten om handlingsreglene.")
    return s


def key_facts(t: Tertial) -> list[tuple[str, str]]:
    tot = t.frames[t.frames["rammeomrade"] == TOTAL].iloc[0]
    items = [(fmt_mill(tot["avvik_hittil"], sign=True), f"avvik hittil per {t.date_text}")]
    if not pd.isna(tot["aarsprognose_avvik"]):
        items.append((fmt_mill(tot["aarsprognose_avvik"], sign=True),
                      "avvik ved årsslutt" if t.tertial == 3 else "prognose for avvik ved "
                      "årsslutt"))
    if not pd.isna(t.effect.get("ndr_prognose_pst", float("nan"))):
        items.append((fmt_pct(t.effect["ndr_prognose_pst"]),
                      "netto driftsresultat av brutto driftsinntekter"
                      + ("" if t.tertial == 3 else " med prognosen")))
    return items


def example_notice(t: Tertial) -> str | None:
    if not t.example:
        return None
    return ("**Eksempeldata.** Tallene i denne rapporten er laget for å vise hvordan "
            "rapporten ser ut. Årsbudsjettet per rammeområde og de sentrale inntektene er "
            "kommunens budsjett for året, men fordelingen på ansvar og art, "
            "månedsregnskapet, prognosene og prosjektstatusen er oppdiktet. De er ikke "
            f"{t.kommune.navn} kommunes regnskap.")


# ---------------------------------------------------------------- the statements' notes

# the budget versions of helpers.model.statements_tertial's findings, as the notes name them
BUDGET_VERSION = {"opprinnelig": "vedtatte", "revidert": "reviderte"}


def statement_note(f: Finding) -> str:
    """A finding of :mod:`helpers.model.statements_tertial` (§§ 5-4 and 5-5 første ledd for
    the tertial) in words."""
    v = f.verdier
    if f.kode == "prognose_uten_linjer":
        return (f"{fmt_list(v['omrader'])} har meldt en samlet prognose "
                f"({'; '.join(fmt_number(d, 0, sign=True) for d in v['avvik'])}) uten å si "
                "hvilke linjer den gjelder, og har linjer for generelle inntekter eller "
                "finansposter; prognosen og endringen for de linjene står derfor som "
                "manglende. Netto driftsresultat med prognosen regnes fra summen av alle "
                "prognosene.")
    if f.kode == "uten_prognose":
        return (f"{fmt_list(v['omrader'])} har ikke levert prognose; linjene "
                "rammeområdet har budsjett eller regnskap på, står uten prognose.")
    if f.kode == "budsjett_uten_art":
        which = " og det ".join(BUDGET_VERSION[x] for x in v["versjoner"])
        return (f"Det {which} budsjettet finnes bare per rammeområde, uten art, og kan "
                f"derfor ikke fordeles på linjene; bare linje {v['linje']} (summen av alt) "
                "er kjent.")
    if f.kode == "status_delvis":
        return (f"Statusen for investeringene omfatter {v['prosjekter_med_status']} av "
                f"{v['prosjekter']} prosjekter i det vedtatte investeringsbudsjettet "
                f"({fmt_number(v['belop_med_status'], 0)} av {fmt_number(v['belop'], 0)}), "
                "så revidert budsjett, regnskap og prognose for investeringene i alt kan "
                "ikke settes opp. For prosjektene med status er revidert årsbudsjett "
                f"{fmt_number(v['revidert'], 0)}, regnskap hittil "
                f"{fmt_number(v['regnskap_hittil'], 0)} og "
                + (f"prognosen {fmt_number(v['prognose'], 0)}." if v["prognose"] is not None
                   else f"prognosen mangler for {v['uten_prognose']} av dem."))
    if f.kode == "ingen_status":
        return "Grunnlaget har ingen status for investeringene i dette tertialet."
    if f.kode == "ingen_finansiering":
        return ("Regnskapet og det reviderte budsjettet i grunnlaget har ikke "
                "finansieringen av investeringene (lån, tilskudd, momskompensasjon, "
                "overføring fra drift og fond); de linjene har bare vedtatt budsjett.")
    raise KeyError(f.kode)
