"""The handlingsregler report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.model import rules as hr
from helpers.model.provenance import ASSUMES, VALUE_COLUMNS
from helpers.presentation.formatting import fmt_pct, fmt_years
from helpers.presentation.provenance import Grunnlag, Kilde, combine_sources
from helpers.presentation.report import status_class
from helpers.presentation.table import TEXT, YEAR, Table, number, percent, pp
from helpers.reports.handlingsregler.analysis import REGEL_NAVN, Analysis, _dtype
from helpers.reports.handlingsregler.text import robek_explanation

MAALT_MOT = {
    "netto_driftsresultat": "% av brutto driftsinntekter",
    "disposisjonsfond": "% av brutto driftsinntekter",
    "disposisjonsfond_uten_premieavvik": "% av brutto driftsinntekter",
    "netto_lanegjeld": "% av brutto driftsinntekter",
    "avsetning_disposisjonsfond": "% av skatt og rammetilskudd",
}


STATUS_NAVN = {"vedtatt": "vedtatt", "foreslatt": "foreslått", "maltall": "måltall"}


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


def rules_table(a: Analysis) -> Table:
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
    frame = pd.DataFrame(rows)
    return Table(frame, formats=dict.fromkeys(frame.columns, TEXT),
                 caption="Handlingsreglene med krav og status")


def _threshold(rule: hr.Rule):
    """The threshold with the direction of the rule: '≥ 1,75 %' (see ``Rule.symbol``)."""
    sign = "≥" if rule.krav == "minst" else "≤"
    return lambda v: f"{sign}\u00a0{v:g}\u00a0%".replace(".", ",")


FROM_PCT = Kilde(Grunnlag.ANSLAG, antar=ASSUMES["pst_belop"])


def status_display(a: Analysis) -> Table:
    """Status per rule and year: the measure, the threshold, whether it is met and by how
    much (percentage points and 1000 kr)."""
    s = a.status
    caption = f"Status per regel og år {fmt_years(s['aar'])}"
    if s.empty:
        return Table(pd.DataFrame(), caption=caption)
    frame = pd.DataFrame({
        "Regel": s["regel"].map(lambda r: REGEL_NAVN.get(r, r)),
        "År": s["aar"],
        "Tall": [("KOSTRA" if d == "kostra"
                  else ("Anslått" if a.economy.is_estimate("netto_lanegjeld", int(y))
                        else "Beregnet") + " fra økonomiplanen" if r == "netto_lanegjeld"
                  else _dtype(d))
                 for d, r, y in zip(s["datatype"], s["regel"], s["aar"], strict=True)],
        "Verdi": s["verdi"],
        "Terskel": s["regel"].map(lambda r: a.rules[r].terskel),
        "Oppfylt": s["oppfylt"].map({True: "Ja", False: "Nei"}).fillna("–"),
        "Avstand": s["avstand_pp"],
        "Avstand (1000 kr)": s["avstand_1000kr"],
    }).reset_index(drop=True)
    # the estimated values marked, with what they assume under the table
    values, amounts = [], []
    for r in s.itertuples(index=False):
        col = a.rules[r.regel].indikator if r.regel in a.rules else None
        src = a.economy.source(col, int(r.aar)) if col in VALUE_COLUMNS else None
        values.append(src)
        # a distance in percentage points (one decimal) times brutto driftsinntekter
        amounts.append(combine_sources(src, a.economy.source("bdi", int(r.aar)), FROM_PCT)
                       if src is not None else None)
    marks = pd.DataFrame({"Verdi": values, "Avstand": values, "Avstand (1000 kr)": amounts},
                         index=frame.index)
    return Table(frame, caption=caption, css_classes={"Oppfylt": status_class},
                 formats={"Regel": TEXT, "År": YEAR, "Tall": TEXT, "Verdi": percent(),
                          "Oppfylt": TEXT, "Avstand": pp(),
                          "Avstand (1000 kr)": number(sign=True)},
                 row_formats={i: {"Terskel": _threshold(a.rules[r])}
                              for i, r in enumerate(s["regel"])},
                 provenance=marks)


def _rules_source_nr(a: Analysis) -> str | None:
    names = {v: k for k, v in a.data["kommuner"].set_index("kommunenummer")["navn"].items()}
    return names.get(a.rules_from)


def peer_frame(a: Analysis, indikator: str) -> pd.DataFrame:
    nrs = [a.kommune.kommunenummer] + [p.kommunenummer for p in a.peers]
    return hr.peer_values(a.data["kostra"], a.data["kommuner"], indikator, nrs)


_PEERS = {
    "disposisjonsfond_pst": "Disposisjonsfond i % av brutto driftsinntekter (KOSTRA)",
    "netto_lanegjeld_pst": "Netto lånegjeld i % av brutto driftsinntekter (KOSTRA)",
}


def peer_table(a: Analysis, indikator: str) -> Table:
    """The municipality beside its peers for a KOSTRA indicator (percent), one column per
    year."""
    df = peer_frame(a, indikator)
    caption = _PEERS[indikator]
    if df.empty:
        return Table(df, caption=caption)
    wide = df.pivot(index="kommune", columns="aar", values="verdi")
    order = [a.kommune.navn] + [p.navn for p in a.peers if p.navn in wide.index]
    wide = wide.reindex([o for o in order if o in wide.index])
    wide.columns = [str(c) for c in wide.columns]
    out = wide.reset_index().rename(columns={"kommune": "Kommune"})
    return Table(out, caption=caption,
                 formats={"Kommune": TEXT} | dict.fromkeys(wide.columns, percent()))


def premieavvik_table(a: Analysis) -> Table:
    """The disposisjonsfond net of accumulated premieavvik per year, with its parts."""
    pa = a.premieavvik
    caption = f"Disposisjonsfond fratrukket premieavvik {fmt_years(pa['aar'])}"
    if pa.empty:
        return Table(pd.DataFrame(), caption=caption)
    net = "Disposisjonsfond fratrukket premieavvik (% av brutto driftsinntekter)"
    frame = pd.DataFrame({
        "År": pa["aar"],
        "Disposisjonsfond (% av brutto driftsinntekter)": pa["disposisjonsfond_pst"],
        "Akkumulert premieavvik (1000 kr)": pa["premieavvik"],
        "Brutto driftsinntekter (1000 kr)": pa["brutto_driftsinntekter"],
        net: pa["disposisjonsfond_uten_premieavvik_pst"],
    })
    return Table(frame, caption=caption,
                 formats={"År": YEAR, "Disposisjonsfond (% av brutto driftsinntekter)": percent(),
                          net: percent()})


def set_aside_table(a: Analysis) -> Table:
    """Requirement, gross set-aside, use of the fund and the net change side by side; the
    status is judged on the amount the rule's reading takes (``vurdert``: the gross
    set-aside or the net change), and the column «… mot krav» names which."""
    sa = a.set_aside
    caption = f"Avsetning til disposisjonsfond mot kravet {fmt_years(sa['aar'])}"
    empty = "Budsjett- og økonomiplantallene for kommunen er ikke med i grunnlaget."
    if sa.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    against = ("Avsatt mot krav (1000 kr)" if sa["lesing"].iloc[0] == "brutto"
               else "Netto mot krav (1000 kr)")
    frame = pd.DataFrame({
        "År": sa["aar"],
        "Type tall": sa["datatype"].map(_dtype),
        "Skatt og rammetilskudd (1000 kr)": sa["frie_inntekter"],
        "Krav (1000 kr)": sa["krav"],
        "Avsatt til fond (1000 kr)": sa["til_fond"],
        "Bruk av fond (1000 kr)": sa["bruk_fond"],
        "Netto endring (1000 kr)": sa["planlagt"],
        against: sa["avvik"],
        "Oppfylt": sa["oppfylt"].map({True: "Ja", False: "Nei"}).fillna("–"),
    })
    return Table(frame, caption=caption, empty=empty, css_classes={"Oppfylt": status_class},
                 formats={"År": YEAR, "Type tall": TEXT, "Oppfylt": TEXT,
                          "Bruk av fond (1000 kr)": number(sign=True),
                          "Netto endring (1000 kr)": number(sign=True),
                          against: number(sign=True)})


def robek_table(a: Analysis) -> Table:
    """The ROBEK warning lights; only the first (a deficit covered) has a figure, the net
    operating result in percent."""
    r = a.robek
    # the name of the warning sign, not a claim about the year: the explanation says what
    # the budget does (a checked claim, see text.robek_explanation)
    names = {"underskudd_dekket": "Negativt driftsresultat og disposisjonsfond",
             "akkumulert_merforbruk": "Akkumulert merforbruk under 3 %"}
    frame = pd.DataFrame({
        "Tegn": r["tegn"].map(names),
        "År": r["aar"],
        "Netto driftsresultat": r["verdi"].where(r["tegn"] == "underskudd_dekket"),
        "Status": r["status"].map(lambda s: {"ok": "OK", "varsel": "Varsel", "brudd": "Brudd",
                                             "mangler data": "Mangler data"}.get(s, s)),
        "Forklaring": [robek_explanation(x.grunn, x.grense, aar=x.aar, bruk_fond=x.bruk_fond,
                                         fond_pst=x.fond_pst,
                                         fond_forrige_pst=x.fond_forrige_pst)
                       for x in r.itertuples()],
    })
    return Table(frame, text_columns=["Tegn", "Status", "Forklaring"],
                 css_classes={"Status": status_class},
                 caption=f"Varsellamper for ROBEK {fmt_years(r['aar'])}",
                 formats={"Tegn": TEXT, "År": YEAR, "Netto driftsresultat": percent(),
                          "Status": TEXT, "Forklaring": TEXT})
