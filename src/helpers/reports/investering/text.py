"""The investering report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.model.debt import Result
from helpers.model.investment import KATEGORI_NAVN, largest_projects, period_totals
from helpers.model.provenance import debt_sources
from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct, fmt_pp
from helpers.presentation.provenance import anslatt, is_estimate
from helpers.reports import claims
from helpers.reports.common_text import (
    TERMS_BASIS,
    bdi_grunnlag_text,
    debt_basis_text,
    known_text,
    rule_of_thumb_text,
    rules_notice,
)
from helpers.reports.investering.analysis import Analysis


def change_text(tiltak: str, utsett_aar: int = 0) -> str:
    """What a scenario does to a project (:func:`helpers.model.investment.scenario_changes`,
    columns tiltak and utsett_aar), in words."""
    return "tas ut av planen" if tiltak == "dropp" else f"utsettes {utsett_aar} år"


def debt_direction_text(result: Result, estimated: bool = False) -> str:
    """Where the debt goes over the period and why, year by year: each part is a checked
    claim (:mod:`helpers.reports.claims`) that holds for every year it names — the debt
    rises in the years the new loans exceed the avdrag, and falls in the years they do
    not."""
    d = result.debt.set_index("aar")
    years = [int(y) for y in d.index]
    last = years[-1]
    start = result.startgjeld.verdi
    debt = claims.series(d["utgaaende_gjeld"])
    loans = claims.series(d["nye_lan"])
    avdrag = claims.series(d["avdrag_eksisterende"] + d["avdrag_nye_lan"])
    values = {"utgaaende_gjeld": debt, "nye_lan": loans, "avdrag": avdrag}
    end = debt[last]
    subject = "Den anslåtte lånegjelden" if estimated else "Lånegjelden"
    span = (f"fra {fmt_mill(start)} ved utgangen av {result.startgjeld.aar} til "
            f"{fmt_mill(end)} ved utgangen av {last}")
    total = claims.first_true(
        claims.claim(f"{subject} går ned {span}.", [last], claims.below(debt, start),
                     values),
        claims.claim(f"{subject} øker {span}.", [last], claims.above(debt, start),
                     values, f"{subject} er {fmt_mill(end)} ved utgangen av {last}."))
    up = [y for y in years if claims.above(loans, avdrag)(y)]
    down = [y for y in years if claims.below(loans, avdrag)(y)]
    parts = [total]
    rising = claims.claim(
        f"I {fmt_list([str(y) for y in up])} er de nye lånene større enn avdragene, og "
        "gjelden øker", up, claims.all_of(claims.above(loans, avdrag),
                                          claims.rises(debt, start)), values)
    falling = claims.claim(
        f"i {fmt_list([str(y) for y in down])} er avdragene større enn de nye lånene, og "
        "gjelden går ned", down, claims.all_of(claims.below(loans, avdrag),
                                               claims.falls(debt, start)), values)
    both = [c.text() for c in (rising, falling) if c.text()]
    if both:
        sentence = "; ".join(both) + "."
        parts.append(sentence[0].upper() + sentence[1:])
    return " ".join(parts)


def commentary(result: Result, scenario: Result | None = None,
               tommelfingerregel_pst: float | None = None) -> list[str]:
    """Short paragraphs (bokmål) that describe the figures."""
    plan = result.plan
    years = result.years
    last = years[-1]
    tot = period_totals(plan)
    t = result.totals.set_index("aar")
    out = []
    peak = int(t["totalt"].idxmax())
    out.append(
        f"Planen for {plan.period_label} inneholder investeringer for til sammen "
        f"{fmt_mill(tot['totalt'])}, hvorav {fmt_mill(tot['selvkost'])} er "
        f"selvkostinvesteringer som betales av gebyrene. Året med mest investering er "
        f"{peak} med {fmt_mill(t.loc[peak, 'totalt'])}; i {last} er nivået "
        f"{fmt_mill(t.loc[last, 'totalt'])}.")
    big = largest_projects(plan, 3)
    if not big.empty:
        parts = [f"{r.prosjekt} ({fmt_mill(r.belop)})" for r in big.itertuples()]
        share = big["belop"].sum() / tot["totalt"] * 100 if tot["totalt"] else float("nan")
        out.append(f"De tre største prosjektene i perioden er {fmt_list(parts)}. Sammen står "
                   f"de for {fmt_pct(share, 0)} av hele programmet.")
    b = result.borrowing.set_index("aar")
    cc = result.capital_cost.set_index("aar")
    fin = result.financing
    out.append(
        f"Med forutsetningene i rapporten lånefinansieres {fmt_pct(fin.lan_pst, 0)} av de "
        f"ordinære investeringene og {fmt_pct(fin.selvkost_lan_pst, 0)} av "
        f"selvkostinvesteringene. Det gir nye lån på {fmt_mill(b['totalt'].sum())} i "
        f"perioden. Med {fmt_pct(result.terms.rente_pst)} rente og "
        f"{fmt_number(result.terms.avdragstid_aar)} års avdragstid koster de nye lånene "
        f"{fmt_mill(cc.loc[last, 'totalt'])} i renter og avdrag i {last}; "
        f"{fmt_mill(cc.loc[last, 'ordinær'])} av dette må dekkes av kommunens frie "
        f"inntekter, resten av selvkostgebyrene.")
    d = result.debt.set_index("aar")
    est = debt_sources(result)["utgaaende_gjeld"].iloc[-1]
    out.append(debt_direction_text(result, estimated=is_estimate(est)))
    pct = d["lanegjeld_pst"]
    if result.ceiling is not None and pct.notna().any():
        basis = (f"Regnet fra gjelden ved utgangen av {result.startgjeld.aar} og med brutto "
                 "driftsinntekter fra økonomiplanen, ")
        over = [int(y) for y, v in pct.items() if v == v and v > result.ceiling]
        if over:
            text = (basis + f"er {anslatt(est, 'anslått ')}netto lånegjeld over "
                    f"handlingsregelens tak på "
                    f"{fmt_pct(result.ceiling, 0)} av brutto driftsinntekter i "
                    f"{fmt_list([str(y) for y in over])}")
            if last in over:
                gap = (d.loc[last, "utgaaende_gjeld"]
                       - result.ceiling / 100 * d.loc[last, "bdi"])
                text += (f". I {last} er den {fmt_pct(pct[last])}; for å være innenfor "
                         f"taket det året måtte gjelden vært {fmt_mill(gap)} lavere.")
            else:
                text += (f", men under taket i {last} ({fmt_pct(pct[last])}).")
            out.append(text)
        else:
            out.append(basis + f"holder {anslatt(est)}netto lånegjeld seg under taket på "
                       f"{fmt_pct(result.ceiling, 0)} av brutto driftsinntekter i hele "
                       f"perioden ({fmt_pct(pct[last])} i {last}).")
    if tommelfingerregel_pst is not None:
        out.append(
            f"Kommunens egen tommelfingerregel sier at hver 100 mill. kr i lavere gjeld gir "
            f"om lag {fmt_number(tommelfingerregel_pst)} mill. kr lavere finanskostnader per "
            f"år. Regnet slik tilsvarer de nye lånene i perioden "
            f"{fmt_mill(b['totalt'].sum() * tommelfingerregel_pst / 100)} i årlige "
            f"finanskostnader.")
    if scenario is not None:
        st = period_totals(scenario.plan)
        sd = scenario.debt.set_index("aar")
        scc = scenario.capital_cost.set_index("aar")
        moved = scenario.plan.outside_period()["belop"].sum()
        debt_change = sd.loc[last, "utgaaende_gjeld"] - d.loc[last, "utgaaende_gjeld"]
        text = (
            f"I scenarioet er investeringene i perioden til sammen {fmt_mill(st['totalt'])}, "
            f"en endring på {fmt_mill(st['totalt'] - tot['totalt'], sign=True)} fra planen. "
            f"Gjelden ved utgangen av {last} blir "
            f"{fmt_mill(sd.loc[last, 'utgaaende_gjeld'])} "
            f"({fmt_mill(debt_change, sign=True)}), og renter og avdrag på nye lån i {last} "
            f"endres med "
            f"{fmt_mill(scc.loc[last, 'totalt'] - cc.loc[last, 'totalt'], sign=True)}.")
        if sd["lanegjeld_pst"].notna().any() and pct.notna().any():
            text += (f" Lånegjelden i prosent av brutto driftsinntekter blir "
                     f"{fmt_pct(sd.loc[last, 'lanegjeld_pst'])} i {last} "
                     f"({fmt_pp(sd.loc[last, 'lanegjeld_pst'] - pct[last])}).")
        if moved > 0:
            text += (f" {fmt_mill(moved)} er skjøvet ut over {last} og kommer i tillegg "
                     f"etter planperioden.")
        out.append(text)
    return out


def notes(result: Result, checks: pd.DataFrame | None = None,
          project_checks: pd.DataFrame | None = None) -> list[str]:
    """Caveats the report must state: where the data is thin or inconsistent."""
    out = []
    first = result.years[0]
    if result.startgjeld.aar and result.startgjeld.aar < first - 1:
        gap = list(range(result.startgjeld.aar + 1, first))
        out.append(
            f"Startgjelden er {known_text(result.startgjeld)}. Låneopptak og avdrag i "
            f"{fmt_list([str(y) for y in gap])} finnes ikke i dataene og er ikke tatt med.")
    proj = result.bdi[result.bdi["kilde"].isin(["framskrevet", "ukjent"])]
    if not proj.empty:
        how = fmt_list(sorted({bdi_grunnlag_text(r.grunnlag, r.fra_aar, r.vekst_pst)
                               for r in proj.itertuples()}))
        out.append(f"Brutto driftsinntekter for {fmt_list([str(y) for y in proj['aar']])} "
                   f"står ikke i dataene; de er {how}.")
    earlier = result.plan.projects["tidligere_bevilget"].sum()
    if earlier > 0:
        out.append(
            f"Prosjektene har {fmt_mill(earlier)} i tidligere bevilgninger. Den delen av dem "
            "som ennå ikke er brukt og lånefinansiert ved starten av perioden, kommer i "
            "tillegg til lånene i rapporten. Grunnlaget sier ikke hvor stor den er.")
    missing = result.plan.projects[result.plan.projects["tidligere_bevilget"].isna()]
    if not missing.empty:
        out.append("Kilden oppgir ikke tidligere bevilget og netto prosjektutgift for "
                   f"{fmt_list(list(missing['prosjekt']))}; cellene står tomme.")
    if checks is not None and not checks.empty:
        bad = checks[checks["avvik"].abs() > 0.5]
        for r in bad.itertuples():
            where = r.rammeomrade or "hele tabellen"
            col = r.post.replace("_", " ") + (f" {int(r.aar)}" if pd.notna(r.aar) else "")
            out.append(
                f"Den trykte summen for {KATEGORI_NAVN[r.kategori].lower()} ({where}, "
                f"{col}) er {fmt_number(r.trykt)}, mens prosjektradene summerer til "
                f"{fmt_number(r.beregnet)} (1000 kr).")
    if project_checks is not None and not project_checks.empty:
        for r in project_checks.itertuples():
            out.append(
                f"For «{r.prosjekt}» er netto prosjektutgift {fmt_number(r.netto_prosjektutgift)}"
                f", men tidligere bevilget ({fmt_number(r.tidligere_bevilget)}) pluss "
                f"periodens beløp ({fmt_number(r.sum_periode)}) er "
                f"{fmt_number(r.tidligere_bevilget + r.sum_periode)} (1000 kr).")
    return out


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    out = [
        "Finansieringen er forutsetninger: parameterne `momskompensasjon_pst`, "
        "`tilskudd_pst`, `salg_pst`, `egenkapital_pst`, `selvkost_lan_pst` og "
        "`ikke_lanefinansiert`; lånevilkårene `rente_pst`, `avdragstid_aar`, "
        "`avdragstid_selvkost_aar` og `andel_rente_laneaaret`; gjelden `startgjeld`, "
        "`avdrag_eksisterende`, `bdi_vekst_pst` og `lanegjeld_tak_pst`.",
    ]
    if a.scenario is None:
        out.append("Scenarioet med utsatte eller uttatte prosjekter vises når parameterne "
                   "`utsett` (med `utsett_aar`) eller `dropp` nevner prosjekter, f.eks. "
                   "`hop build investering --set utsett='[Utbygging legesenter]'`.")
    if a.plan.projects["tidligere_bevilget"].sum() > 0:
        out.append("Ubrukte, lånefinansierte tidligere bevilgninger er ikke med i "
                   "startgjelden; gi gjelden ved periodens start som parameteren `startgjeld` "
                   "om den er kjent.")
    return out


def intro(a: Analysis) -> str:
    """Title and one generated line."""
    n = len(a.plan.projects)
    return (f"# Investeringer – {a.kommune.visningsnavn}\n\n"
            f"Investeringsprogrammet i handlings- og økonomiplanen {a.plan.period_label}: "
            f"{n} prosjekter, hvordan de kan finansieres, og hva de betyr for lånegjeld og "
            f"finanskostnader.")


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    """(value, label) pairs for the key-fact boxes."""
    tot = period_totals(a.plan)
    last = a.years[-1]
    d = a.base.debt.set_index("aar")
    cc = a.base.capital_cost.set_index("aar")
    facts = [
        (fmt_mill(tot["totalt"]), f"investeringer {a.plan.period_label}"),
        (fmt_mill(tot["selvkost"]), "herav selvkost (gebyrfinansiert)"),
        (fmt_mill(a.base.borrowing["totalt"].sum()), "nye lån i perioden"),
        (fmt_mill(cc.loc[last, "totalt"]), f"renter og avdrag på nye lån {last}"),
    ]
    if pd.notna(d.loc[last, "lanegjeld_pst"]):
        est = debt_sources(a.base)["lanegjeld_pst"].iloc[-1]
        facts.append((fmt_pct(d.loc[last, "lanegjeld_pst"]),
                      f"{anslatt(est)}netto lånegjeld/brutto driftsinntekter {last}"))
    return facts


def summary_text(a: Analysis) -> str:
    paras = commentary(a.base, None, None)
    debt_basis = debt_basis_text(a.economy)
    if debt_basis:
        paras.insert(4 if len(paras) > 4 else len(paras), debt_basis)
    paras.append(rule_of_thumb_text(a.base.terms, a.terms_basis,
                                    plan_pst=a.tommelfingerregel_pst))
    notice = rules_notice(a.economy.kommune, a.economy.own_rules, a.economy.rules_from)
    if notice:
        paras.append(notice)
    return "\n\n".join(paras)


def scenario_text(a: Analysis) -> str:
    if a.scenario is None:
        return ""
    return commentary(a.base, a.scenario)[-1]


def assumptions_text(a: Analysis) -> str:
    """The assumptions behind the loans, as the report used them."""
    f, t = a.base.financing, a.base.terms
    parts = [
        f"Ordinære investeringer: momskompensasjon {fmt_pct(f.momskompensasjon_pst, 0)}, "
        f"tilskudd {fmt_pct(f.tilskudd_pst, 0)}, salg {fmt_pct(f.salg_pst, 0)}, egenkapital "
        f"{fmt_pct(f.egenkapital_pst, 0)} og lån {fmt_pct(f.lan_pst, 0)}.",
        f"Selvkostinvesteringer: lån {fmt_pct(f.selvkost_lan_pst, 0)}.",
    ]
    no_loan = sorted(set(a.plan.projects.loc[a.plan.projects["lanefinansieres"] == "nei",
                                             "prosjekt"]) | set(f.ikke_lanefinansiert))
    if no_loan:
        parts.append(f"Ikke lånefinansiert (egenkapital): {fmt_list(no_loan)}.")
    n_sk = t.period_for("selvkost")
    parts.append(
        f"Nye lån: {fmt_pct(t.rente_pst)} rente og {fmt_number(t.avdragstid_aar)} års "
        f"avdragstid" + (f" ({fmt_number(n_sk)} år for selvkost)" if n_sk != t.avdragstid_aar
                         else "") + f" ({TERMS_BASIS[a.terms_basis]}). Lånene tas opp ved "
        "utgangen av investeringsåret"
        + (f", med {fmt_pct(t.andel_rente_laneaaret * 100, 0)} av en årsrente i låneåret"
           if t.andel_rente_laneaaret else "")
        + ", og betales ned med like store avdrag fra året etter.")
    parts.append(
        f"Startgjeld: {fmt_mill(a.base.startgjeld.verdi)} – {known_text(a.base.startgjeld)}. "
        f"Avdrag på eksisterende gjeld: {fmt_mill(a.base.avdrag_eksisterende.verdi)} per år "
        f"– {known_text(a.base.avdrag_eksisterende)}.")
    return "\n".join(f"- {p}" for p in parts)


def data_notes(a: Analysis) -> list[str]:
    return notes(a.base, a.checks, a.project_checks)
