"""Presentation for the handlingsregler report: the analysis bundle, display tables,
charts and generated commentary (bokmål). Numbers come from :mod:`helpers.handlingsregler`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from helpers.data.kommuner import Kommune, comparison
from helpers.model import economy as model
from helpers.presentation import charts
from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
    fmt_pp,
)
from helpers.presentation.merknad import Note
from helpers.reports.handlingsregler import analysis as hr

REGEL_NAVN = {
    "netto_driftsresultat": "Netto driftsresultat",
    "disposisjonsfond": "Disposisjonsfond",
    "disposisjonsfond_uten_premieavvik": "Disposisjonsfond fratrukket premieavvik",
    "netto_lanegjeld": "Netto lånegjeld",
    "avsetning_disposisjonsfond": "Årlig avsetning til disposisjonsfond",
}
MAALT_MOT = {
    "netto_driftsresultat": "% av brutto driftsinntekter",
    "disposisjonsfond": "% av brutto driftsinntekter",
    "disposisjonsfond_uten_premieavvik": "% av brutto driftsinntekter",
    "netto_lanegjeld": "% av brutto driftsinntekter",
    "avsetning_disposisjonsfond": "% av skatt og rammetilskudd",
}
STATUS_NAVN = {"vedtatt": "vedtatt", "foreslatt": "foreslått", "maltall": "måltall"}


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
        return list(range(self.budsjettaar, self.budsjettaar + 4))


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            sammenligning: list[str] | None = None,
            terskler: dict[str, float | None] | None = None,
            rente_pst: float | None = None, avdragstid_aar: float | None = None,
            gjeldsreduksjon: float = 100_000, regler_fra: str | None = None) -> Analysis:
    """Everything the report shows, computed once from the shared economic model
    (:mod:`helpers.model.economy`). A municipality without its own rules is measured
    against ``regler_fra`` (name or number), or the first municipality in
    handlingsregler.csv. ``rente_pst``/``avdragstid_aar`` None: the loan terms the model
    derives from the plan (the same as the investering report)."""
    if rente_pst is not None or avdragstid_aar is not None:
        # a loan term the user gives must be valid: say so rather than fall back silently
        from helpers.reports.investering.analysis import LoanTerms

        LoanTerms(5.0 if rente_pst is None else float(rente_pst),
                  30.0 if avdragstid_aar is None else float(avdragstid_aar)).validate()
    e = model.economy(data, kommune, budsjettaar, regler_fra=regler_fra, terskler=terskler,
                      rente_pst=rente_pst, avdragstid_aar=avdragstid_aar)
    k = e.kommune
    peers = comparison(data["kommuner"], k, sammenligning)
    rules = e.rules
    if "avsetning_disposisjonsfond" in rules:
        sa = hr.set_aside_rule(data["okonomiplan"], k.kommunenummer,
                               rules["avsetning_disposisjonsfond"].terskel)
        sa = sa[(sa["datatype"] != "okonomiplan")
                | sa["aar"].between(budsjettaar, budsjettaar + 3)]
    else:
        sa = hr.set_aside_rule(data["okonomiplan"].iloc[0:0], k.kommunenummer)
    status = hr.status_table(data, k, rules, sa, e.table)
    terms = e.terms
    thumb = (model.rule_of_thumb(terms, gjeldsreduksjon) if terms is not None
             else hr.debt_rule_of_thumb(gjeldsreduksjon, rente_pst or 5.0,
                                        avdragstid_aar or 30))
    return Analysis(
        kommune=k, peers=peers, budsjettaar=budsjettaar, rules=rules, own_rules=e.own_rules,
        rules_from=e.rules_from, set_aside=sa.reset_index(drop=True), status=status,
        premieavvik=hr.premieavvik_rule(data, k), robek=hr.robek_signals(data, k),
        rule_of_thumb=thumb, economy=e, data=data,
        missing_years=model.check_budget_year(data, k, budsjettaar),
    )


def _dtype(d: str) -> str:
    return hr.DATATYPE_NAVN.get(d, d)


def rule_wording(rule: hr.Rule) -> str:
    """The rule in words, generated from the threshold in use."""
    what = REGEL_NAVN.get(rule.regel, rule.regel)
    base = MAALT_MOT.get(rule.regel, "")
    if rule.regel == "avsetning_disposisjonsfond":
        return (f"Hvert år skal minst {fmt_pct(rule.terskel, 2).replace(',00', '')} av skatt "
                "og rammetilskudd settes av til disposisjonsfond.")
    word = "minst" if rule.krav == "minst" else "høyst"
    base = base.removeprefix("% ")
    return f"{what} skal være {word} {fmt_pct(rule.terskel, 2).replace(',00', '')} {base}."


def rules_table(a: Analysis) -> pd.DataFrame:
    """The rules with the thresholds in use. Wording that states a threshold is generated
    from it; the council's own wording is quoted (as adopted) only where the threshold is
    the adopted one. Rules borrowed from another municipality are not called adopted."""
    rows = []
    adopted = {r.regel: r.terskel for r in hr.rules_for(
        a.data["handlingsregler"], a.kommune,
        fallback=None if a.own_rules else _rules_source_nr(a)).values()}
    for r in a.rules.values():
        status = STATUS_NAVN.get(r.status, r.status)
        if not a.own_rules:
            status = f"{status} i {a.rules_from}"
        changed = adopted.get(r.regel) is not None and adopted[r.regel] != r.terskel
        if changed:
            text = (rule_wording(r)
                    + f" (Terskelen er satt til {fmt_pct(r.terskel, 2).replace(',00', '')} i "
                    f"denne beregningen; vedtatt verdi er "
                    f"{fmt_pct(adopted[r.regel], 2).replace(',00', '')}.)")
        else:
            text = r.formulering
        rows.append({"Regel": REGEL_NAVN.get(r.regel, r.regel), "Krav": r.label,
                     "Målt mot": MAALT_MOT.get(r.regel, ""), "Status": status,
                     "Innhold": text})
    return pd.DataFrame(rows)


def _rules_source_nr(a: Analysis) -> str | None:
    names = {v: k for k, v in a.data["kommuner"].set_index("kommunenummer")["navn"].items()}
    return names.get(a.rules_from)


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


def series_frame(a: Analysis, indikator: str) -> pd.DataFrame:
    s = hr.indicator_series(a.data, a.kommune.kommunenummer, indikator)
    s["datatype_navn"] = s["datatype"].map(
        lambda d: "Regnskap (KOSTRA)" if d == "kostra" else "Budsjett/økonomiplan")
    return s


def chart_series(a: Analysis, regel: str, title: str) -> alt.LayerChart | None:
    rule = a.rules.get(regel)
    if rule is None:
        return None
    s = series_frame(a, rule.indikator)
    if s.empty:
        return None
    return charts.bars_vs_threshold(
        s, threshold=rule.terskel, threshold_label=f"Handlingsregel\n{fmt_pct(rule.terskel, 2)}"
        .replace(",00", ""), title=title, y_title="% av brutto driftsinntekter")


def peer_frame(a: Analysis, indikator: str) -> pd.DataFrame:
    nrs = [a.kommune.kommunenummer] + [p.kommunenummer for p in a.peers]
    return hr.peer_values(a.data["kostra"], a.data["kommuner"], indikator, nrs)


def chart_peers(a: Analysis, regel: str, title: str) -> alt.LayerChart | None:
    rule = a.rules.get(regel)
    df = peer_frame(a, rule.indikator) if rule else pd.DataFrame()
    if df.empty:
        return None
    return charts.lines_highlight(
        df, highlight=a.kommune.navn, threshold=rule.terskel,
        threshold_label=f"Handlingsregel\n{fmt_pct(rule.terskel, 0)}", title=title,
        y_title="% av brutto driftsinntekter")


def peer_table(a: Analysis, indikator: str) -> pd.DataFrame:
    df = peer_frame(a, indikator)
    if df.empty:
        return df
    wide = df.pivot(index="kommune", columns="aar", values="verdi")
    order = [a.kommune.navn] + [p.navn for p in a.peers if p.navn in wide.index]
    wide = wide.reindex([o for o in order if o in wide.index])
    out = wide.map(fmt_pct)
    out.columns = [str(c) for c in out.columns]
    return out.reset_index().rename(columns={"kommune": "Kommune"})


def set_aside_table(a: Analysis) -> pd.DataFrame:
    """Requirement, gross set-aside, use of the fund and the net change side by side; the
    status is judged on the net change."""
    sa = a.set_aside
    if sa.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": sa["aar"].astype(str),
        "Type tall": sa["datatype"].map(_dtype),
        "Skatt og rammetilskudd (1000 kr)": sa["frie_inntekter"].map(fmt_1000kr),
        "Krav (1000 kr)": sa["krav"].map(fmt_1000kr),
        "Avsatt til fond (1000 kr)": sa["til_fond"].map(fmt_1000kr),
        "Bruk av fond (1000 kr)": sa["bruk_fond"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Netto endring (1000 kr)": sa["planlagt"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Netto mot krav (1000 kr)": sa["avvik"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Oppfylt": sa["oppfylt"].map({True: "Ja", False: "Nei"}),
    })


SET_ASIDE_BASIS = (
    "Regelen vurderes på netto endring i fondet (avsatt minus brukt): en avsetning som samme "
    "budsjett bruker igjen, bygger ikke opp fondet, og økonomiplanen selv sammenligner kravet "
    "med netto resultat.")


def chart_set_aside(a: Analysis) -> alt.LayerChart | None:
    sa = a.set_aside
    if sa.empty:
        return None
    long = pd.concat([
        pd.DataFrame({"aar": sa["aar"], "serie": "Krav etter handlingsregelen",
                      "belop": sa["krav"] / 1000}),
        pd.DataFrame({"aar": sa["aar"], "serie": "Planlagt netto avsetning (+) / bruk (−)",
                      "belop": sa["planlagt"] / 1000}),
    ])
    series = list(dict.fromkeys(long["serie"]))
    bars = alt.Chart(long, title="Avsetning til disposisjonsfond: krav og plan").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        xOffset=alt.XOffset("serie:N", sort=series),
        y=alt.Y("belop:Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=["#b3b3b3", charts.HIGHLIGHT])),
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    return (bars + zero).properties(width=charts.WIDTH, height=charts.HEIGHT)


def robek_table(a: Analysis) -> pd.DataFrame:
    r = a.robek
    names = {"underskudd_dekket": "Underskudd dekket av disposisjonsfond",
             "akkumulert_merforbruk": "Akkumulert merforbruk under 3 %"}
    return pd.DataFrame({
        "Tegn": r["tegn"].map(names),
        "År": r["aar"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
        "Netto driftsresultat": r.apply(lambda x: fmt_pct(x["verdi"])
                                        if x["tegn"] == "underskudd_dekket" else "–", axis=1),
        "Status": r["status"].map(lambda s: {"ok": "OK", "varsel": "Varsel", "brudd": "Brudd",
                                             "mangler data": "Mangler data"}.get(s, s)),
        "Forklaring": r["forklaring"],
    })


def missing_data(a: Analysis) -> list[str]:
    """Plain statements of what the data lack for this municipality."""
    out = []
    k = a.kommune
    notice = model.rules_notice(k, a.own_rules, a.rules_from)
    if notice:
        out.append(Note(
            notice,
            f"{k.navn} har ingen rader i `data/handlingsregler.csv`. Legg inn kommunens egne "
            "regler der, eller velg kommunen hvis regler brukes med parameteren `regler_fra`."))
    if a.missing_years and len(a.missing_years) < 4:
        out.append(model.coverage_text(a.missing_years, a.budsjettaar))
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
            worst = plan.loc[plan["verdi"].idxmin()]
            n_neg = int((plan["verdi"] < 0).sum())
            parts.append(
                f"Økonomiplanen har negativt netto driftsresultat i {n_neg} av "
                f"{len(plan)} planår; svakest er {int(worst['aar'])} med "
                f"{fmt_pct(worst['verdi'])}, {fmt_number(abs(worst['verdi'] - terskel), 1)} "
                "prosentpoeng under måltallet.")
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
                f"{int(last['aar'])} (KOSTRA), "
                + ("over" if last["verdi"] > tak else "under") + f" taket på "
                f"{fmt_pct(tak, 0)}.")
        if not plan.empty:
            over = plan[plan["verdi"] > tak]
            lastp = plan.iloc[-1]
            txt = ("Etter modellens beregning av planårene er gjelden "
                   + (f"over taket i {fmt_list([str(int(y)) for y in over['aar']])}"
                      if not over.empty else "under taket i alle planårene")
                   + f", med {fmt_pct(lastp['verdi'])} i {int(lastp['aar'])}")
            if lastp["verdi"] > tak and not pd.isna(lastp["avstand_1000kr"]):
                txt += (f"; for å være på taket det året måtte gjelden vært om lag "
                        f"{fmt_mill(lastp['avstand_1000kr'])} lavere")
            parts.append(txt + ". " + model.debt_basis_text(a.economy))
    sa = a.set_aside[a.set_aside["datatype"] == "okonomiplan"]
    if not sa.empty:
        short = sa[~sa["oppfylt"]]
        total_gap = short["avvik"].sum()
        parts.append(
            f"Regelen om å sette av {fmt_pct(a.rules['avsetning_disposisjonsfond'].terskel, 2)} "
            f"av skatt og rammetilskudd er oppfylt i {len(sa) - len(short)} av {len(sa)} planår. "
            f"Samlet mangler planen {fmt_mill(-total_gap)} mot kravet i perioden.")
    warn = a.robek[a.robek["status"].isin(["brudd"])]
    if not warn.empty:
        parts.append("**Planen har år som ikke er i balanse – det gir innmelding i ROBEK.**")
    return " ".join(parts)


def rule_of_thumb_text(a: Analysis) -> str:
    """The shared rule of thumb (same loan terms as the debt path in investering)."""
    inv_a = a.economy.investering
    if a.economy.terms is None or inv_a is None:
        r = a.rule_of_thumb
        return (f"Med {fmt_pct(r['renter'] / r['gjeld_reduksjon'] * 100)} rente og "
                f"{fmt_number(r['gjeld_reduksjon'] / r['avdrag'], 0)} års avdragstid gir "
                f"{fmt_mill(r['gjeld_reduksjon'], 0)} mindre gjeld {fmt_mill(r['sum'])} "
                "lavere finanskostnader per år.")
    return model.rule_of_thumb_text(a.economy.terms, inv_a.terms_source,
                                    a.rule_of_thumb["gjeld_reduksjon"],
                                    inv_a.tommelfingerregel_pst)


def key_figures(a: Analysis) -> pd.DataFrame:
    return hr.key_figures(a.data, a.kommune, a.set_aside, a.economy.table)


def source_remarks(a: Analysis, tema: str) -> list[str]:
    """What the source itself says about a series shown in the report."""
    return model.source_remarks(a.data, a.kommune.kommunenummer, tema)


def bdi_basis_text(a: Analysis) -> str:
    return model.bdi_basis_text(a.economy)
