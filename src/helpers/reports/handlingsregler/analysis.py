"""Presentation for the handlingsregler report: the analysis bundle, display tables,
charts and generated commentary (bokmål). Numbers come from :mod:`helpers.handlingsregler`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune, comparison
from helpers.data.queries import plan_years
from helpers.model import economy as model
from helpers.model import rules as hr
from helpers.model.debt import DebtAssumptions, LoanTerms
from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_pct,
    fmt_pp,
)
from helpers.presentation.merknad import Note
from helpers.reports import common_text

REGEL_NAVN = {
    "netto_driftsresultat": "Netto driftsresultat",
    "disposisjonsfond": "Disposisjonsfond",
    "disposisjonsfond_uten_premieavvik": "Disposisjonsfond fratrukket premieavvik",
    "netto_lanegjeld": "Netto lånegjeld",
    "avsetning_disposisjonsfond": "Årlig avsetning til disposisjonsfond",
}


@dataclass
class Analysis:
    kommune: Kommune
    peers: list[Kommune]
    budsjettaar: int
    rules: dict[str, hr.Rule]
    own_rules: bool
    rules_from: str
    set_aside: pd.DataFrame
    status: pd.DataFrame
    premieavvik: pd.DataFrame
    robek: pd.DataFrame
    rule_of_thumb: dict[str, float]
    economy: model.Economy
    data: dict[str, pd.DataFrame] = field(repr=False)
    missing_years: list[int] = field(default_factory=list)

    @property
    def plan_years(self) -> list[int]:
        return plan_years(self.budsjettaar)


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            sammenligning: list[str] | None = None,
            terskler: dict[str, float | None] | None = None,
            rente_pst: float | None = None, avdragstid_aar: float | None = None,
            gjeldsreduksjon: float = 100_000, regler_fra: str | None = None,
            avsetning_lesing: str | None = None) -> Analysis:
    """Everything the report shows, computed once from the shared economic model
    (:mod:`helpers.model.economy`). A municipality without its own rules is measured
    against ``regler_fra`` (name or number), or the first municipality in
    handlingsregler.csv. ``rente_pst``/``avdragstid_aar`` None: the loan terms the model
    derives from the plan (the same as the investering report). ``avsetning_lesing``
    («brutto»/«netto»; None: the reading declared with the rule in handlingsregler.csv,
    else its wording) is how the set-aside rule is read."""
    if rente_pst is not None or avdragstid_aar is not None:
        # a loan term the user gives must be valid: say so rather than fall back silently
        LoanTerms(5.0 if rente_pst is None else float(rente_pst),
                  30.0 if avdragstid_aar is None else float(avdragstid_aar)).validate()
    e = model.economy(data, kommune, budsjettaar, regler_fra=regler_fra, terskler=terskler,
                      assumptions=DebtAssumptions(rente_pst=rente_pst,
                                                  avdragstid_aar=avdragstid_aar))
    k = e.kommune
    peers = comparison(data["kommuner"], k, sammenligning)
    rules = e.rules
    if "avsetning_disposisjonsfond" in rules:
        rule = rules["avsetning_disposisjonsfond"]
        sa = hr.set_aside_rule(data["okonomiplan"], k.kommunenummer, rule.terskel,
                               lesing=avsetning_lesing or rule.lesing or "brutto")
        sa = sa[(sa["datatype"] != "okonomiplan")
                | sa["aar"].isin(plan_years(budsjettaar))]
    else:
        sa = hr.set_aside_rule(data["okonomiplan"].iloc[0:0], k.kommunenummer)
    status = model.status_table(data, k, rules, sa, e.table)
    terms = e.terms
    thumb = (model.rule_of_thumb(terms, gjeldsreduksjon) if terms is not None
             else hr.debt_rule_of_thumb(gjeldsreduksjon, rente_pst or 5.0,
                                        avdragstid_aar or 30))
    return Analysis(
        kommune=k, peers=peers, budsjettaar=budsjettaar, rules=rules, own_rules=e.own_rules,
        rules_from=e.rules_from, set_aside=sa.reset_index(drop=True), status=status,
        premieavvik=hr.premieavvik_rule(data, k),
        robek=hr.robek_signals(data, k),
        rule_of_thumb=thumb, economy=e, data=data,
        missing_years=model.check_budget_year(data, k, budsjettaar),
    )


def _dtype(d: str) -> str:
    return hr.DATATYPE_NAVN.get(d, d)


def status_overview(a: Analysis) -> pd.DataFrame:
    """Status per rule and year, ready for display."""
    s = a.status.copy()
    if s.empty:
        return pd.DataFrame()
    s["Regel"] = s["regel"].map(lambda r: REGEL_NAVN.get(r, r))
    s["År"] = s["aar"].astype(str)
    s["Tall"] = [("KOSTRA" if d == "kostra"
                  else "Beregnet fra økonomiplanen" if r == "netto_lanegjeld" else _dtype(d))
                 for d, r in zip(s["datatype"], s["regel"], strict=True)]
    s["Verdi"] = s["verdi"].map(fmt_pct)
    s["Terskel"] = s["regel"].map(lambda r: a.rules[r].symbol)
    s["Oppfylt"] = s["oppfylt"].map({True: "Ja", False: "Nei"}).fillna("–")
    s["Avstand"] = s["avstand_pp"].map(fmt_pp)
    s["Avstand (1000 kr)"] = s["avstand_1000kr"].map(lambda v: fmt_1000kr(v, sign=True))
    return s[["Regel", "År", "Tall", "Verdi", "Terskel", "Oppfylt", "Avstand",
              "Avstand (1000 kr)"]]


SET_ASIDE_BASIS = {
    "brutto": ("Regelen vurderes på det beløpet budsjettet setter av til disposisjonsfond "
               "(brutto avsetning), slik regelen er formulert. Bruk av fondet samme år trekkes "
               "ikke fra; netto endring i fondet står i egen kolonne."),
    "netto": ("Regelen vurderes på netto endring i fondet (avsatt minus brukt): en avsetning "
              "som samme budsjett bruker igjen, bygger ikke opp fondet."),
}


def set_aside_basis(a: Analysis) -> str:
    """How the set-aside rule is read in this report, in words."""
    lesing = (a.set_aside["lesing"].iloc[0] if not a.set_aside.empty
              else a.rules.get("avsetning_disposisjonsfond", hr.Rule(
                  "", "", 0, "minst", "", "", "brutto")).lesing or "brutto")
    return SET_ASIDE_BASIS[lesing]


def missing_data(a: Analysis) -> list[str]:
    """Plain statements of what the data lack for this municipality."""
    out = []
    k = a.kommune
    notice = common_text.rules_notice(k, a.own_rules, a.rules_from)
    if notice:
        out.append(Note(
            notice,
            f"{k.navn} har ingen rader i `data/handlingsregler.csv`. Legg inn kommunens egne "
            "regler der, eller velg kommunen hvis regler brukes med parameteren `regler_fra`."))
    if a.missing_years and len(a.missing_years) < 4:
        out.append(common_text.coverage_text(a.missing_years, a.budsjettaar))
    if a.set_aside.empty:
        out.append(Note(
            f"Budsjett- og økonomiplantallene for {k.navn} er ikke med i grunnlaget, så "
            "regelen om årlig avsetning kan ikke regnes ut.",
            f"Ingen rader for {k.navn} i `data/okonomiplan.csv` (skatt, rammetilskudd og "
            "avsetning til og bruk av disposisjonsfond per år)."))
    t = a.economy.table
    for ind, label in [("netto_driftsresultat_pst", "netto driftsresultat"),
                       ("disposisjonsfond_pst", "disposisjonsfond"),
                       ("netto_lanegjeld_pst", "netto lånegjeld")]:
        s = t[["aar", "datatype", ind]].dropna()
        if s.empty:
            out.append(Note(
                f"Grunnlaget har ingen tall for {label} for {k.navn}, verken fra KOSTRA "
                "eller fra økonomiplanen.",
                f"Indikatoren `{ind}` for {k.navn} mangler både i `data/kostra.csv` og i "
                "`data/plan_indikatorer.csv`."))
        elif not (s["datatype"] != "kostra").any():
            out.append(f"For {label} har grunnlaget bare regnskapstall fra KOSTRA "
                       f"({s['aar'].min()}–{s['aar'].max()}) for {k.navn}, ingen budsjett- "
                       "eller plantall.")
    if hr.brutto_driftsinntekter(a.data, k.kommunenummer).empty:
        out.append(Note(
            f"Brutto driftsinntekter i kroner for {k.navn} kan ikke regnes ut (det trengs "
            "både KOSTRA-tallet per innbygger og folketallet), så avstanden til reglene "
            "vises bare i prosentpoeng.",
            "Brutto driftsinntekter i kroner trenger indikatoren "
            f"`brutto_driftsinntekter_per_innb` i `data/kostra.csv` og folketall for {k.navn} "
            "i `data/folketall.csv` for de samme årene."))
    return out


def premieavvik_missing() -> Note:
    """The notice when the rule net of premieavvik cannot be measured."""
    return Note(
        "**Regelen om disposisjonsfond fratrukket premieavvik kan ikke måles.** Premieavvik "
        "er ikke med i grunnlaget: kommunens akkumulerte premieavvik for pensjon fra "
        "balanseregnskapet mangler.",
        "Premieavvik mangler: legg det akkumulerte premieavviket fra balanseregnskapet inn i "
        "`data/premieavvik.csv` (kolonnene kommunenummer, aar, premieavvik_akkumulert i "
        "1000 kr, datatype, kilde), så regner rapporten ut regelen for de årene der også "
        "brutto driftsinntekter er kjent.")


def source_remarks(a: Analysis, tema: str) -> list[str]:
    """What the source itself says about a series shown in the report."""
    return model.source_remarks(a.data, a.kommune.kommunenummer, tema)
