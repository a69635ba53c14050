"""The handlingsregler report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.model import rules as hr
from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_pct,
)
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


def peer_frame(a: Analysis, indikator: str) -> pd.DataFrame:
    nrs = [a.kommune.kommunenummer] + [p.kommunenummer for p in a.peers]
    return hr.peer_values(a.data["kostra"], a.data["kommuner"], indikator, nrs)


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


def premieavvik_table(a: Analysis) -> pd.DataFrame:
    """The disposisjonsfond net of accumulated premieavvik per year, with its parts."""
    pa = a.premieavvik
    if pa.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": pa["aar"].astype(str),
        "Disposisjonsfond (% av brutto driftsinntekter)": pa["disposisjonsfond_pst"].map(
            lambda v: fmt_pct(v, 1)),
        "Akkumulert premieavvik (1000 kr)": pa["premieavvik"].map(fmt_1000kr),
        "Brutto driftsinntekter (1000 kr)": pa["brutto_driftsinntekter"].map(fmt_1000kr),
        "Disposisjonsfond fratrukket premieavvik (% av brutto driftsinntekter)":
            pa["disposisjonsfond_uten_premieavvik_pst"].map(lambda v: fmt_pct(v, 1)),
    })


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
        "Forklaring": [robek_explanation(g, x)
                       for g, x in zip(r["grunn"], r["grense"], strict=True)],
    })
