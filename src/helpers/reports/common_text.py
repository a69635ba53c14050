"""Sentences several reports print about the shared economic model (bokmål): whose rules
apply, the debt path's basis, the rule of thumb for debt and finance costs, how brutto
driftsinntekter were found, missing plan years, and § 5-6 (økonomisk oversikt etter art,
shown by the oppstillinger and tertial reports): its sign convention and its notes.

Not a report package: every report may import it (tests/unit/project/test_layers.py). The model
(:mod:`helpers.model.economy`, :mod:`helpers.model.debt`) computes the figures and codes
these sentences describe."""

from __future__ import annotations

import pandas as pd

from helpers.data.coverage import missing_years_text
from helpers.data.kommuner import Kommune
from helpers.data.queries import plan_years
from helpers.model.debt import Known, LoanTerms
from helpers.model.economy import Economy, rule_of_thumb
from helpers.model.statements import Finding
from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct

# Where the loan terms come from (helpers.model.debt.Programme.terms_basis).
TERMS_BASIS = {
    "valgt": "valgt som forutsetninger",
    "utledet": ("utledet av planen: renteutgiftene i første planår delt på startgjelden, og "
                "startgjelden delt på budsjetterte avdrag"),
}
TERMS_BASIS["delvis"] = "delvis valgt som forutsetninger, resten " + TERMS_BASIS["utledet"]


def known_text(k: Known) -> str:
    """Where a start figure comes from (:attr:`helpers.model.debt.Known.kilde`)."""
    return {
        "startgjeld_oppgitt": "startgjelden oppgitt som forutsetning",
        "avdrag_oppgitt": "avdraget oppgitt som forutsetning",
        "kostra": (f"netto lånegjeld 31.12.{k.aar} ifølge KOSTRA, regnet som kr per innbygger "
                   "× folketall"),
        "plan": f"budsjettert «Avdrag på lån» {k.aar} i økonomiplanen",
    }[k.kilde]


def rules_notice(kommune: Kommune, own: bool, rules_from: str) -> str | None:
    """The one sentence every report uses when another municipality's rules are applied."""
    if own:
        return None
    return (f"{kommune.navn} har ingen egne handlingsregler i grunnlaget. Tallene måles derfor "
            f"mot reglene som er vedtatt i {rules_from}; de er ikke vedtatt for "
            f"{kommune.navn}.")


def rule_of_thumb_text(terms: LoanTerms, terms_basis: str,
                       gjeld_reduksjon: float = 100_000, plan_pst: float | None = None) -> str:
    """The rule of thumb in words, with its assumptions in the same sentence."""
    r = rule_of_thumb(terms, gjeld_reduksjon)
    text = (f"Med {fmt_pct(terms.rente_pst)} rente og {fmt_number(terms.avdragstid_aar, 0)} "
            f"års avdragstid ({TERMS_BASIS[terms_basis]}) gir {fmt_mill(gjeld_reduksjon, 0)} "
            f"mindre gjeld om lag {fmt_mill(r['renter'])} lavere renteutgifter og "
            f"{fmt_mill(r['avdrag'])} lavere avdrag, til sammen **{fmt_mill(r['sum'])} per "
            "år**. Samme rente og avdragstid brukes i gjeldsberegningen i alle rapportene.")
    if plan_pst is not None:
        text += (f" Økonomiplanen selv bruker en grovere tommelfingerregel: om lag "
                 f"{fmt_mill(gjeld_reduksjon * plan_pst / 100, 0)} per år per "
                 f"{fmt_mill(gjeld_reduksjon, 0)}.")
    return text


def economy_rule_of_thumb_text(e: Economy, gjeld_reduksjon: float = 100_000) -> str:
    """:func:`rule_of_thumb_text` for the economy's loan terms ("" without a debt path)."""
    p = e.investering
    if p is None:
        return ""
    return rule_of_thumb_text(p.base.terms, p.terms_basis, gjeld_reduksjon,
                              p.tommelfingerregel_pst)


def debt_basis_text(e: Economy) -> str:
    """What the debt path starts from and leaves out, and which way that biases it — one
    sentence for the summaries of every report that shows the plan years' debt."""
    a = e.investering
    if a is None:
        return ""
    start = a.base.startgjeld
    first, last = e.plan_years[0], e.plan_years[-1]
    parts = []
    gap = list(range(start.aar + 1, first)) if start.aar else []
    how = "anslått ut fra" if e.is_estimate("netto_lanegjeld", first) else "beregnet fra"
    text = (f"Gjelden i planårene er {how} netto lånegjeld ved utgangen av {start.aar} "
            f"({fmt_mill(start.verdi)}) med planens investeringer og avdrag og nye lån etter "
            "forutsetningene om finansiering")
    if gap:
        parts.append(f"låneopptak og avdrag i {fmt_list([str(y) for y in gap])} (ukjent "
                     "retning)")
    if e.earlier_appropriations > 0:
        parts.append(f"lån til inntil {fmt_mill(e.earlier_appropriations)} i tidligere "
                     "bevilgninger som ikke er brukt ennå (trekker gjelden opp)")
    if parts:
        text += "; ikke med er " + fmt_list(parts)
    text += "."
    if e.debt_with_earlier is not None:
        up = e.debt_with_earlier.set_index("aar")
        text += (f" Lånefinansieres alle de tidligere bevilgningene i {first}, blir netto "
                 f"lånegjeld {fmt_pct(up.loc[last, 'lanegjeld_pst'])} av brutto "
                 f"driftsinntekter i {last} i stedet for "
                 f"{fmt_pct(e.value('netto_lanegjeld_pst', last))}.")
    return text


# How brutto driftsinntekter for a year were found (helpers.model.bdi.GRUNNLAG)
BDI_GRUNNLAG = {
    "kostra": "KOSTRA (regnskap)",
    "rad": "oppgitt i økonomiplanen",
    "planlinjer": ("summen av økonomiplanens driftsinntekter (salgsinntekter, refusjoner og "
                   "overføringsinntekter, med skatt og rammetilskudd) i driftsbudsjettet"),
    "utledet": "utledet av økonomiplanens netto driftsresultat (beløp delt på prosent)",
    "framskrevet_vekst": "framskrevet fra {fra_aar} med {vekst} vekst per år",
    "framskrevet_sentrale": "framskrevet fra {fra_aar} i takt med sentrale inntekter",
    "ukjent": "ukjent",
}


def bdi_grunnlag_text(grunnlag: str, fra_aar: float = float("nan"),
                      vekst_pst: float = float("nan")) -> str:
    """One year's basis of brutto driftsinntekter (:func:`helpers.model.bdi.bdi_path`) in
    words."""
    return BDI_GRUNNLAG[grunnlag].format(
        fra_aar="" if pd.isna(fra_aar) else int(fra_aar),
        vekst="" if pd.isna(vekst_pst) else fmt_pct(vekst_pst))


def bdi_basis_text(e: Economy) -> str:
    """How brutto driftsinntekter for the plan years were found, in one sentence."""
    t = e.table[e.table["aar"].isin(e.plan_years)]
    if t.empty:
        return ""
    groups: dict[str, list[str]] = {}
    for r in t.itertuples():
        how = bdi_grunnlag_text(r.bdi_grunnlag, r.bdi_fra_aar, r.bdi_vekst_pst)
        groups.setdefault(how, []).append(str(r.aar))
    parts = [f"{fmt_list(ys)} {how}" for how, ys in groups.items()]
    text = "Brutto driftsinntekter i planårene (grunnlaget for prosentene): " + "; ".join(parts)
    if set(t["bdi_grunnlag"]) & {"utledet", "framskrevet_vekst", "framskrevet_sentrale"}:
        text += (". Der de er utledet eller framskrevet, er beløpene anslått: prosentene i "
                 "planen er avrundet til én desimal")
    return text + "."


def coverage_text(missing: list[int], budsjettaar: int) -> str:
    """What the reader must know on page 1 when part of the plan period has no figures."""
    want = plan_years(budsjettaar)
    text = missing_years_text(want, [y for y in want if y not in missing], "grunnlaget",
                              "Planperioden")
    return "" if text is None else text + " Tabeller og tekst viser bare årene som har tall."


# ---------------------------------------------------------------- § 5-6 (økonomisk oversikt)

SIGN_TEXT_5_6 = ("Fortegn som i forskriftens oppstilling: inntekter og utgifter er positive "
                 "tall; gevinster og tap er positive ved netto gevinst; brutto "
                 "driftsresultat og netto driftsresultat er positive ved overskudd, netto "
                 "finansutgifter negative når finansutgiftene er størst; avsetninger er "
                 "positive og bruk av fond negativ; fremført beløp er positivt når et "
                 "merforbruk må dekkes senere.")

NO_ART_BUDGET = ("Økonomiplanen har ikke tall per art, så den økonomiske oversikten etter "
                 "art kan ikke settes opp for planårene.")

# the source codes of helpers.model.statements_art.statement_5_6 (a report may pass its
# own words as the source instead)
ART_SOURCES = {"kostra_uttrekk": "KOSTRA-uttrekket", "budsjett": "budsjettet for {aar}"}


def _art_source(kilde: str, aar: int) -> str:
    return ART_SOURCES.get(kilde, kilde).format(aar=aar)


def art_note(f: Finding) -> str:
    """A finding of :mod:`helpers.model.statements_art` (§ 5-6) in words."""
    v = f.verdier
    if f.kode == "ingen_linjer":
        source = _art_source(v["kilde"], v["aar"])
        return f"Kilden{(' (' + source + ')') if source else ''} har ingen linjer for {v['aar']}."
    if f.kode == "arter_utenfor":
        listed = ", ".join(f"{a} ({fmt_number(b, 0)})" for a, b in v["arter"].items())
        return (f"Artene {listed} i {_art_source(v['kilde'], v['aar']) or 'kilden'} står "
                f"ikke i koblingen til § 5-6 for {v['aar']} og er holdt utenfor (til sammen "
                f"{fmt_number(v['sum'], 0)} med regnskapets fortegn); linje 32 er derfor ikke "
                "summen av alle linjene i kilden.")
    if f.kode == "bare_rammeomrade":
        return (f"Budsjettet for {v['aar']} finnes bare per rammeområde, uten art, og kan ikke "
                "stilles opp etter art.")
    if f.kode == "regnskap_feil":
        return f"Regnskapet {v['aar']} kan ikke stilles opp: {v['feil']}"
    if f.kode == "ingen_art_budsjett":
        years = v.get("aar", ())
        return (f"{', '.join(str(y) for y in years)}: {NO_ART_BUDGET}" if years
                else NO_ART_BUDGET)
    raise KeyError(f.kode)
