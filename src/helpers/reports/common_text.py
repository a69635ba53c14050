"""Sentences several reports print about the shared economic model (bokmål): whose rules
apply, the debt path's basis, the rule of thumb for debt and finance costs, how brutto
driftsinntekter were found, and missing plan years.

Not a report package: every report may import it (tests/test_layers.py). The model
(:mod:`helpers.model.economy`, :mod:`helpers.model.debt`) computes the figures and codes
these sentences describe."""

from __future__ import annotations

from helpers.data.coverage import missing_years_text
from helpers.data.kommuner import Kommune
from helpers.data.queries import plan_years
from helpers.model.debt import Known, LoanTerms
from helpers.model.economy import Economy, rule_of_thumb
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
    text = (f"Gjelden i planårene er beregnet fra netto lånegjeld ved utgangen av {start.aar} "
            f"({fmt_mill(start.verdi)}) med planens investeringer og lån")
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


def bdi_basis_text(e: Economy) -> str:
    """How brutto driftsinntekter for the plan years were found, in one sentence."""
    t = e.table[e.table["aar"].isin(e.plan_years)]
    if t.empty:
        return ""
    groups: dict[str, list[str]] = {}
    for r in t.itertuples():
        groups.setdefault(r.bdi_grunnlag, []).append(str(r.aar))
    parts = [f"{fmt_list(ys)} {how}" for how, ys in groups.items()]
    return ("Brutto driftsinntekter i planårene (grunnlaget for prosentene): "
            + "; ".join(parts) + ". Prosentene i planen er avrundet til én desimal, så "
            "beløpene er omtrentlige.")


def coverage_text(missing: list[int], budsjettaar: int) -> str:
    """What the reader must know on page 1 when part of the plan period has no figures."""
    want = plan_years(budsjettaar)
    text = missing_years_text(want, [y for y in want if y not in missing], "grunnlaget",
                              "Planperioden")
    return "" if text is None else text + " Tabeller og tekst viser bare årene som har tall."
