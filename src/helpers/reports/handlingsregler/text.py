"""The handlingsregler report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.model import rules as hr
from helpers.presentation.formatting import (
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
)
from helpers.reports import claims, common_text
from helpers.reports.claims import known
from helpers.reports.handlingsregler.analysis import Analysis

# Why a ROBEK warning sign has its status (helpers.model.rules.robek_signals, column grunn),
# for the codes whose words rest on no figure of their own
ROBEK_GRUNN = {
    "ikke_negativt": "Budsjettert netto driftsresultat er ikke negativt.",
    "fond_mangler": ("Negativt driftsresultat, men disposisjonsfondet for året mangler i "
                     "dataene."),
    "fond_for_lite": ("Underskuddet er større enn disposisjonsfondet: planen er ikke i "
                      "balanse."),
    "fond_under_neste_aar": ("Disposisjonsfondet ved årets slutt er mindre enn neste års "
                             "underskudd."),
    "fond_bruk_mangler": ("Negativt driftsresultat; bruken av disposisjonsfond for året "
                          "mangler i dataene."),
    "merforbruk_mangler": "Akkumulert merforbruk er ikke med i grunnlaget.",
    "merforbruk_over": ("Akkumulert merforbruk er over grensen på {grense} av brutto "
                        "driftsinntekter."),
    "merforbruk_innenfor": ("Akkumulert merforbruk er innenfor grensen på {grense} av brutto "
                            "driftsinntekter."),
}


def _neutral_deficit(fond_pst: float) -> str:
    """A deficit year's true sentence when no use of the fund can be claimed."""
    where = (f" (fondet er {fmt_pct(fond_pst)} av brutto driftsinntekter ved årets slutt)"
             if known(fond_pst) else "")
    return ("Negativt driftsresultat, men budsjettet bruker ikke disposisjonsfond dette "
            f"året{where}.")


def robek_explanation(grunn: str, grense: float = float("nan"), *, aar: int | None = None,
                      bruk_fond: float = float("nan"), fond_pst: float = float("nan"),
                      fond_forrige_pst: float = float("nan")) -> str:
    """The reason for a ROBEK sign's status in words (``grense``: the limit in %). A
    sentence that says the deficit is covered by the fund, or that the fund falls, is a
    checked claim (:mod:`helpers.reports.claims`): it needs a use of the fund that year
    (``bruk_fond`` < 0) and, for «tæres ned», a fund below the year before's; otherwise the
    neutral sentence is printed."""
    if grunn in ROBEK_GRUNN:
        limit = "" if pd.isna(grense) else f"{grense:g}".replace(".", ",") + "\u00a0%"
        return ROBEK_GRUNN[grunn].format(grense=limit)
    y = int(aar) if aar is not None and known(aar) else 0
    use, fund, prev = {y: bruk_fond}, {y: fond_pst}, {y: fond_forrige_pst}
    values = {"bruk_fond": use, "fond_pst": fund, "fond_forrige_pst": prev}
    neutral = _neutral_deficit(fond_pst)
    covered = claims.claim(
        f"Budsjettet bruker {fmt_mill(-bruk_fond)} av disposisjonsfondet"
        if known(bruk_fond) else "", [y], claims.below(use, 0), values, neutral)
    falls = claims.claim(
        f"{covered.sentence}; fondet tæres ned fra {fmt_pct(fond_forrige_pst)} til "
        f"{fmt_pct(fond_pst)} av brutto driftsinntekter.", [y],
        claims.all_of(claims.below(use, 0), claims.below(fund, prev)), values)
    if grunn in ("fond_taeres", "fond_brukes", "fond_ikke_brukt"):
        return claims.first_true(falls, claims.claim(
            covered.sentence + ".", [y], covered.condition, values, neutral))
    raise KeyError(grunn)


def maintainer_notes(a: Analysis) -> list[str]:
    """Notes for the maintainer only, where the report itself already says what is missing
    (in a table): the data that would fill the gap."""
    out = []
    if hr.indicator_series(a.data, a.kommune.kommunenummer, "akkumulert_merforbruk_pst").empty:
        out.append("Akkumulert merforbruk (ROBEK-varsellampen) mangler: legg indikatoren "
                   "`akkumulert_merforbruk_pst` inn i `data/kostra.csv` (regnskap) eller "
                   "`data/plan_indikatorer.csv` (budsjett og plan).")
    out.append("Renten og avdragstiden i tommelfingerregelen for gjeld er forutsetninger; de "
               "settes med parameterne `rente_pst`, `avdragstid_aar` og "
               "`gjeldsreduksjon_1000kr`. Tersklene kan overstyres med `terskel_…`-parameterne.")
    return out


def commentary(a: Analysis) -> str:
    """A few sentences on the state of the rules, generated from the figures."""
    k = a.kommune
    s = a.status
    parts = []
    nd = s[s["regel"] == "netto_driftsresultat"]
    if not nd.empty:
        hist = nd[nd["datatype"] == "kostra"]
        plan = nd[nd["aar"].isin(a.plan_years)]
        met_years = hist.loc[hist["oppfylt"] == True, "aar"].tolist()  # noqa: E712
        terskel = a.rules["netto_driftsresultat"].terskel
        if not hist.empty:
            parts.append(
                f"I KOSTRA-årene {hist['aar'].min()}–{hist['aar'].max()} nådde {k.navn} måltallet "
                f"for netto driftsresultat ({fmt_pct(terskel, 2)}) "
                + (f"bare i {fmt_list([str(y) for y in met_years])}." if met_years
                   else "ikke i noen av årene."))
        if not plan.empty:
            parts.append(_plan_result_text(plan, terskel))
    dfp = s[s["regel"] == "disposisjonsfond"]
    if not dfp.empty:
        last = dfp.iloc[-1]
        first = dfp.iloc[0]
        parts.append(
            f"Disposisjonsfondet går fra {fmt_pct(first['verdi'])} av brutto driftsinntekter i "
            f"{int(first['aar'])} til {fmt_pct(last['verdi'])} i {int(last['aar'])}; regelen "
            f"krever {fmt_pct(a.rules['disposisjonsfond'].terskel, 0)}.")
    ln = s[s["regel"] == "netto_lanegjeld"]
    if not ln.empty:
        tak = a.rules["netto_lanegjeld"].terskel
        hist = ln[ln["datatype"] == "kostra"]
        plan = ln[ln["datatype"] == "okonomiplan"]
        if not hist.empty:
            last = hist.iloc[-1]
            parts.append(
                f"Netto lånegjeld var {fmt_pct(last['verdi'])} av brutto driftsinntekter i "
                f"{int(last['aar'])} (KOSTRA), {_against_ceiling(last['verdi'], tak)} taket på "
                f"{fmt_pct(tak, 0)}.")
        if not plan.empty:
            over = plan[plan["verdi"] > tak]
            lastp = plan.iloc[-1]
            estimated = any(a.economy.is_estimate("netto_lanegjeld_pst", int(y))
                            for y in plan["aar"])
            txt = (("Etter modellens anslag for planårene er gjelden " if estimated
                    else "Etter modellens beregning av planårene er gjelden ")
                   + (f"over taket i {fmt_list([str(int(y)) for y in over['aar']])}"
                      if not over.empty else "under taket i alle planårene")
                   + f", med {fmt_pct(lastp['verdi'])} i {int(lastp['aar'])}")
            if lastp["verdi"] > tak and not pd.isna(lastp["avstand_1000kr"]):
                txt += (f"; for å være på taket det året måtte gjelden vært om lag "
                        f"{fmt_mill(lastp['avstand_1000kr'])} lavere")
            parts.append(txt + ". " + common_text.debt_basis_text(a.economy))
    sa = a.set_aside[a.set_aside["datatype"] == "okonomiplan"]
    if not sa.empty:
        parts.append(set_aside_text(sa, a.rules["avsetning_disposisjonsfond"].terskel))
    warn = a.robek[a.robek["status"].isin(["brudd"])]
    if not warn.empty:
        parts.append("**Planen har år som ikke er i balanse – det gir innmelding i ROBEK.**")
    return " ".join(parts)


def _against_ceiling(value: float, tak: float) -> str:
    """«over», «på» or «under» the ceiling, each only where it is true."""
    v, t = {0: value}, {0: tak}
    return claims.first_true(claims.claim("over", [0], claims.above(v, t)),
                             claims.claim("under", [0], claims.below(v, t)),
                             claims.claim("på", [0], claims.at_least(v, t)))


def _plan_result_text(plan: pd.DataFrame, terskel: float) -> str:
    """How many plan years have a negative result, and the weakest year against the target
    («under måltallet» only where it is below)."""
    worst = plan.loc[plan["verdi"].idxmin()]
    y = int(worst["aar"])
    n_neg = int((plan["verdi"] < 0).sum())
    v = {y: float(worst["verdi"])}
    gap = claims.claim(
        f", {fmt_number(abs(worst['verdi'] - terskel), 1)} prosentpoeng under måltallet",
        [y], claims.below(v, terskel), {"verdi": v})
    return (f"Økonomiplanen har negativt netto driftsresultat i {n_neg} av {len(plan)} "
            f"planår; svakest er {y} med {fmt_pct(worst['verdi'])}{gap}.")


SET_ASIDE_READING = {"brutto": "regnet på beløpet som settes av",
                     "netto": "regnet på netto endring i fondet"}


def set_aside_text(sa: pd.DataFrame, terskel: float) -> str:
    """The set-aside rule over the plan years, in the rule's reading; the shortfall is
    summed only over the years that fall short (each a checked claim: avvik < 0)."""
    lesing = str(sa["lesing"].iloc[0])
    short = sa[sa["oppfylt"] == False]  # noqa: E712  (None: unknown, not short)
    met = sa[sa["oppfylt"] == True]  # noqa: E712
    out = (f"Regelen om å sette av {fmt_pct(terskel, 2)} av skatt og rammetilskudd "
           f"({SET_ASIDE_READING[lesing]}) er oppfylt i {len(met)} av {len(sa)} planår.")
    gap = claims.series(short, "avvik")
    shortfall = claims.claim(
        f" I {fmt_list([str(int(y)) for y in short['aar']])} mangler planen til sammen "
        f"{fmt_mill(-short['avvik'].sum())} mot kravet.", gap, claims.below(gap, 0),
        {"avvik": gap})
    return out + shortfall.text()


def rule_of_thumb_text(a: Analysis) -> str:
    """The shared rule of thumb (same loan terms as the debt path in investering)."""
    inv_a = a.economy.investering
    if a.economy.terms is None or inv_a is None:
        r = a.rule_of_thumb
        return (f"Med {fmt_pct(r['renter'] / r['gjeld_reduksjon'] * 100)} rente og "
                f"{fmt_number(r['gjeld_reduksjon'] / r['avdrag'], 0)} års avdragstid gir "
                f"{fmt_mill(r['gjeld_reduksjon'], 0)} mindre gjeld {fmt_mill(r['sum'])} "
                "lavere finanskostnader per år.")
    return common_text.economy_rule_of_thumb_text(a.economy, a.rule_of_thumb["gjeld_reduksjon"])


def bdi_basis_text(a: Analysis) -> str:
    return common_text.bdi_basis_text(a.economy)
