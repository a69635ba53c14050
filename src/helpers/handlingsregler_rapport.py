"""Presentation for the handlingsregler report: the analysis bundle, display tables,
charts and generated commentary (bokmål). Numbers come from :mod:`helpers.handlingsregler`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from . import charts
from . import handlingsregler as hr
from .formatting import fmt_1000kr, fmt_list, fmt_mill, fmt_number, fmt_pct, fmt_pp
from .kommuner import Kommune, comparison, name_of, resolve
from .merknad import Note

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
    data: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def plan_years(self) -> list[int]:
        return list(range(self.budsjettaar, self.budsjettaar + 4))


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            sammenligning: list[str] | None = None,
            terskler: dict[str, float | None] | None = None,
            rente_pst: float = 5.0, avdragstid_aar: float = 30,
            gjeldsreduksjon: float = 100_000, regler_fra: str | None = None) -> Analysis:
    """Everything the report shows, computed once. A municipality without its own rules
    is measured against ``regler_fra`` (name or number), or the first municipality in
    handlingsregler.csv."""
    k = resolve(data["kommuner"], kommune)
    peers = comparison(data["kommuner"], k, sammenligning)
    fallback = resolve(data["kommuner"], regler_fra).kommunenummer if regler_fra else None
    source = hr.rules_source(data["handlingsregler"], k.kommunenummer, fallback)
    rules = hr.rules_for(data["handlingsregler"], k, fallback=fallback, overrides=terskler)
    if "avsetning_disposisjonsfond" in rules:
        sa = hr.set_aside_rule(data["okonomiplan"], k.kommunenummer,
                               rules["avsetning_disposisjonsfond"].terskel)
        sa = sa[(sa["datatype"] != "okonomiplan")
                | sa["aar"].between(budsjettaar, budsjettaar + 3)]
    else:
        sa = hr.set_aside_rule(data["okonomiplan"].iloc[0:0], k.kommunenummer)
    status = hr.status_table(data, k, rules, sa)
    return Analysis(
        kommune=k, peers=peers, budsjettaar=budsjettaar, rules=rules,
        own_rules=source == k.kommunenummer,
        rules_from=name_of(data["kommuner"]).get(source, source),
        set_aside=sa.reset_index(drop=True), status=status,
        premieavvik=hr.premieavvik_rule(data, k), robek=hr.robek_signals(data, k),
        rule_of_thumb=hr.debt_rule_of_thumb(gjeldsreduksjon, rente_pst, avdragstid_aar),
        data=data,
    )


def _dtype(d: str) -> str:
    return hr.DATATYPE_NAVN.get(d, d)


def rules_table(a: Analysis) -> pd.DataFrame:
    """The rules as the council adopted or proposed them."""
    rows = [{"Regel": REGEL_NAVN.get(r.regel, r.regel), "Krav": r.label,
             "Målt mot": MAALT_MOT.get(r.regel, ""), "Status": STATUS_NAVN.get(r.status, r.status),
             "Innhold": r.formulering} for r in a.rules.values()]
    return pd.DataFrame(rows)


def status_overview(a: Analysis) -> pd.DataFrame:
    """Status per rule and year, ready for display."""
    s = a.status.copy()
    if s.empty:
        return pd.DataFrame()
    s["Regel"] = s["regel"].map(lambda r: REGEL_NAVN.get(r, r))
    s["År"] = s["aar"].astype(str)
    s["Tall"] = s["datatype"].map(lambda d: "KOSTRA" if d == "kostra" else _dtype(d))
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
    sa = a.set_aside
    if sa.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": sa["aar"].astype(str),
        "Type tall": sa["datatype"].map(_dtype),
        "Skatt og rammetilskudd (1000 kr)": sa["frie_inntekter"].map(fmt_1000kr),
        "Krav (1000 kr)": sa["krav"].map(fmt_1000kr),
        "Planlagt netto avsetning (1000 kr)": sa["planlagt"].map(
            lambda v: fmt_1000kr(v, sign=True)),
        "Avvik fra krav (1000 kr)": sa["avvik"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Oppfylt": sa["oppfylt"].map({True: "Ja", False: "Nei"}),
    })


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
    if not a.own_rules:
        out.append(Note(
            f"{k.navn} har ingen egne handlingsregler i grunnlaget; rapporten bruker reglene "
            f"til {a.rules_from} som målestokk.",
            f"{k.navn} har ingen rader i `data/handlingsregler.csv`. Legg inn kommunens egne "
            "regler der, eller velg kommunen hvis regler brukes med parameteren `regler_fra`."))
    if a.set_aside.empty:
        out.append(Note(
            f"Budsjett- og økonomiplantallene for {k.navn} er ikke med i grunnlaget, så "
            "regelen om årlig avsetning kan ikke regnes ut.",
            f"Ingen rader for {k.navn} i `data/okonomiplan.csv` (skatt, rammetilskudd og "
            "avsetning til og bruk av disposisjonsfond per år)."))
    for ind, label in [("netto_driftsresultat_pst", "netto driftsresultat"),
                       ("disposisjonsfond_pst", "disposisjonsfond"),
                       ("netto_lanegjeld_pst", "netto lånegjeld")]:
        s = hr.indicator_series(a.data, k.kommunenummer, ind)
        if s.empty:
            out.append(Note(
                f"Grunnlaget har ingen tall for {label} for {k.navn}, verken fra KOSTRA "
                "eller fra økonomiplanen.",
                f"Indikatoren `{ind}` for {k.navn} mangler både i `data/kostra.csv` og i "
                "`data/plan_indikatorer.csv`."))
        elif not (s["datatype"] != "kostra").any():
            out.append(f"For {label} har dataene bare KOSTRA-tall ({s['aar'].min()}–"
                       f"{s['aar'].max()}) for {k.navn}, ingen budsjett- eller plantall.")
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
        last = ln.iloc[-1]
        over = last["verdi"] > a.rules["netto_lanegjeld"].terskel
        txt = (f"Netto lånegjeld var {fmt_pct(last['verdi'])} av brutto driftsinntekter i "
               f"{int(last['aar'])}, "
               + ("over" if over else "under") + f" taket på "
               f"{fmt_pct(a.rules['netto_lanegjeld'].terskel, 0)}")
        if over and not pd.isna(last["avstand_1000kr"]):
            txt += (f"; å komme ned på taket ville kreve om lag "
                    f"{fmt_mill(last['avstand_1000kr'], 0)} mindre gjeld")
        parts.append(txt + ".")
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
    r = a.rule_of_thumb
    rente = r["renter"] / r["gjeld_reduksjon"] * 100
    aar = r["gjeld_reduksjon"] / r["avdrag"]
    return (
        f"Med {fmt_pct(rente)} rente og {fmt_number(aar, 0)} års avdragstid gir "
        f"{fmt_mill(r['gjeld_reduksjon'], 0)} mindre gjeld {fmt_mill(r['renter'])} lavere "
        f"renteutgifter og {fmt_mill(r['avdrag'])} lavere avdrag, til sammen "
        f"**{fmt_mill(r['sum'])} per år**."
    )


def key_figures(a: Analysis) -> pd.DataFrame:
    return hr.key_figures(a.data, a.kommune, a.set_aside)
