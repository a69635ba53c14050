"""The befolkning report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_number, fmt_pct
from helpers.reports.befolkning.analysis import Analysis, _groups_text
from helpers.reports.befolkning.population import (
    HISTORY_LABELS,
    SERVICE_GROUPS,
    TOTAL,
    age_group_label,
    period_label,
    with_total,
)


def history_display(a: Analysis) -> pd.DataFrame:
    """The history by cause as in the seed: one row per figure, one column per period,
    with the gap between folkevekst and its components as the last row."""
    h = a.history
    cols = [period_label(int(y), int(q)) for y, q in zip(h["aar"], h["til_kvartal"],
                                                         strict=True)]
    rows = {label: h[key].tolist() for key, label in HISTORY_LABELS.items()}
    rows["Folkevekst − komponentene"] = h["avvik_komponenter"].tolist()
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "Antall personer"
    return out.reset_index()


def checks_display(a: Analysis) -> pd.DataFrame:
    """The mismatches found in the history, explained in bokmål."""
    what = {
        "komponenter": "Folkevekst mot summen av komponentene",
        "kjede": "Start mot slutten av perioden før",
        "folketall.csv": "Slutt mot registrert folketall",
    }
    c = a.checks
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Kontroll": c["kontroll"].map(what),
        "Forventet": c["forventet"],
        "I tabellen": c["faktisk"],
        "Avvik": c["avvik"].map(lambda v: fmt_number(v, 0, sign=True)),
    })


def _group_rows(a: Analysis, frame: pd.DataFrame) -> pd.DataFrame:
    labels = {g: age_group_label(g) for g in a.wide.columns} | {TOTAL: "I alt"}
    out = frame.T.copy()
    out.columns = [str(c) for c in out.columns]
    out.insert(0, "Aldersgruppe", [labels[g] for g in out.index])
    return out.reset_index(drop=True)


def projection_display(a: Analysis) -> pd.DataFrame:
    """Persons per age group (rows) and year (columns), with the total last."""
    return _group_rows(a, with_total(a.wide))


def index_display(a: Analysis) -> pd.DataFrame:
    """The age groups indexed to the first year of the period (= 100), one decimal as text."""
    shown = a.index.map(lambda v: fmt_number(v, 1))
    return _group_rows(a, shown)


def service_groups_frame(a: Analysis) -> pd.DataFrame:
    """The groups that drive service demand: persons first and last year, change."""
    rows = []
    for g, service in SERVICE_GROUPS.items():
        if g not in a.wide.columns:
            continue
        first, last = int(a.wide[g].iloc[0]), int(a.wide[g].iloc[-1])
        rows.append({"aldersgruppe": g, "tjeneste": service, "forste": first, "siste": last,
                     "endring": last - first, "endring_pst": (last / first - 1) * 100})
    return pd.DataFrame(rows)


def service_groups_display(a: Analysis) -> pd.DataFrame:
    s = service_groups_frame(a)
    return pd.DataFrame({
        "Aldersgruppe": s["aldersgruppe"].map(age_group_label),
        "Tjeneste": s["tjeneste"],
        str(a.start): s["forste"],
        str(a.end): s["siste"],
        "Endring": s["endring"].map(lambda v: fmt_number(v, 0, sign=True)),
        "Endring %": s["endring_pst"].map(lambda v: fmt_pct(v, 1, sign=True)),
    })


def ratio_frame(a: Analysis) -> pd.DataFrame:
    """Working age, elderly and aldersbæreevne per projection year."""
    return pd.DataFrame({
        "aar": a.wide.index.astype(int),
        "arbeidsfor": a.wide[list(a.working)].sum(axis=1).to_numpy(),
        "eldre": a.wide[list(a.elderly)].sum(axis=1).to_numpy(),
        "aldersbaereevne": a.ratio.to_numpy(),
    })


def ratio_display(a: Analysis) -> pd.DataFrame:
    r = ratio_frame(a)
    return pd.DataFrame({
        "År (1.1.)": r["aar"].astype(str),
        f"Arbeidsfør alder ({_groups_text(a.working)})": r["arbeidsfor"],
        f"Eldre ({_groups_text(a.elderly)})": r["eldre"],
        "Aldersbæreevne": r["aldersbaereevne"].map(lambda v: fmt_number(v, 2)),
    })


def precision_words(desimaler: int) -> str:
    """'hele tall', 'én desimal', '2 desimaler'."""
    return {0: "hele tall", 1: "én desimal"}.get(int(desimaler), f"{int(desimaler)} desimaler")


def ratio_comparison_display(a: Analysis) -> pd.DataFrame:
    """Published against computed, compared at the published figure's precision: a source
    figure given as a whole number is shown whole, beside the computed value rounded the
    same way, and the verdict says at which precision they agree."""
    c = a.ratio_comparison
    dec = [int(d) for d in c["desimaler"]]
    verdict = [("–" if pd.isna(v) else ("Ja" if v else "Nei") + f", på {precision_words(d)}")
               for v, d in zip(c["stemmer"], dec, strict=True)]
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Publisert": [fmt_number(v, d) + (" (avrundet)" if d < 2 else "")
                      for v, d in zip(c["publisert"], dec, strict=True)],
        "Beregnet": c["beregnet"].map(lambda v: fmt_number(v, 2)),
        "Beregnet, avrundet som kilden": [fmt_number(v, d) for v, d in
                                          zip(c["beregnet_avrundet"], dec, strict=True)],
        "Stemmer": verdict,
    })


def cost_display(a: Analysis) -> pd.DataFrame:
    py = a.cost.per_year
    return pd.DataFrame({
        "År": py["aar"].astype(str),
        "Kostnad (1000 kr)": py["kostnad_1000kr"],
        "Endring fra året før (1000 kr)": py["endring_fra_forrige_1000kr"].map(
            lambda v: fmt_number(v, 0, sign=True)),
        f"Endring fra {a.start} (1000 kr)": py["endring_fra_start_1000kr"].map(
            lambda v: fmt_number(v, 0, sign=True)),
    })
