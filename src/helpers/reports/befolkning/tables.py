"""The befolkning report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_number
from helpers.presentation.table import TEXT, YEAR, Table, number, percent
from helpers.reports.befolkning.analysis import Analysis, _groups_text, projection_caption
from helpers.reports.befolkning.population import (
    HISTORY_LABELS,
    SERVICE_GROUPS,
    TOTAL,
    age_group_label,
    period_label,
    with_total,
)


def history_display(a: Analysis) -> Table:
    """The history by cause as in the seed: one row per figure, one column per period,
    with the gap between folkevekst and its components as the last row."""
    h = a.history
    cols = [period_label(int(y), int(q)) for y, q in zip(h["aar"], h["til_kvartal"],
                                                         strict=True)]
    rows = {label: h[key].tolist() for key, label in HISTORY_LABELS.items()}
    rows["Folkevekst − komponentene"] = h["avvik_komponenter"].tolist()
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "Antall personer"
    return Table(out.reset_index(), text_columns=["Antall personer"],
                 formats={"Antall personer": TEXT},
                 caption="Befolkningsendring etter årsak (antall personer)")


def checks_display(a: Analysis) -> Table:
    """The mismatches found in the history, explained in bokmål."""
    what = {
        "komponenter": "Folkevekst mot summen av komponentene",
        "kjede": "Start mot slutten av perioden før",
        "folketall.csv": "Slutt mot registrert folketall",
    }
    c = a.checks
    frame = pd.DataFrame({
        "År": c["aar"],
        "Kontroll": c["kontroll"].map(what),
        "Forventet": c["forventet"],
        "I tabellen": c["faktisk"],
        "Avvik": c["avvik"],
    })
    return Table(frame, text_columns=["År", "Kontroll"],
                 formats={"År": YEAR, "Kontroll": TEXT, "Avvik": number(sign=True)},
                 caption="Avvik mellom komponenter og totaler (antall personer)")


def _group_rows(a: Analysis, frame: pd.DataFrame) -> pd.DataFrame:
    labels = {g: age_group_label(g) for g in a.wide.columns} | {TOTAL: "I alt"}
    out = frame.T.copy()
    out.columns = [str(c) for c in out.columns]
    out.insert(0, "Aldersgruppe", [labels[g] for g in out.index])
    return out.reset_index(drop=True)


def projection_display(a: Analysis) -> Table:
    """Persons per age group (rows) and year (columns), with the total last."""
    return Table(_group_rows(a, with_total(a.wide)), text_columns=["Aldersgruppe"],
                 formats={"Aldersgruppe": TEXT}, caption=projection_caption(a), sum_row=True)


def index_display(a: Analysis) -> Table:
    """The age groups indexed to the first year of the period (= 100), one decimal."""
    frame = _group_rows(a, a.index)
    return Table(frame, text_columns=["Aldersgruppe"], sum_row=True,
                 formats={"Aldersgruppe": TEXT} | {c: number(1) for c in frame.columns[1:]},
                 caption=f"Indeks, {a.start} er 100")


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


def service_groups_display(a: Analysis) -> Table:
    s = service_groups_frame(a)
    frame = pd.DataFrame({
        "Aldersgruppe": s["aldersgruppe"].map(age_group_label),
        "Tjeneste": s["tjeneste"],
        str(a.start): s["forste"],
        str(a.end): s["siste"],
        "Endring": s["endring"],
        "Endring %": s["endring_pst"],
    })
    return Table(frame, text_columns=["Aldersgruppe", "Tjeneste"],
                 formats={"Aldersgruppe": TEXT, "Tjeneste": TEXT, "Endring": number(sign=True),
                          "Endring %": percent(1, sign=True)},
                 caption="Antall personer første og siste år")


def ratio_frame(a: Analysis) -> pd.DataFrame:
    """Working age, elderly and aldersbæreevne per projection year."""
    return pd.DataFrame({
        "aar": a.wide.index.astype(int),
        "arbeidsfor": a.wide[list(a.working)].sum(axis=1).to_numpy(),
        "eldre": a.wide[list(a.elderly)].sum(axis=1).to_numpy(),
        "aldersbaereevne": a.ratio.to_numpy(),
    })


def ratio_display(a: Analysis) -> Table:
    r = ratio_frame(a)
    frame = pd.DataFrame({
        "År (1.1.)": r["aar"],
        f"Arbeidsfør alder ({_groups_text(a.working)})": r["arbeidsfor"],
        f"Eldre ({_groups_text(a.elderly)})": r["eldre"],
        "Aldersbæreevne": r["aldersbaereevne"],
    })
    return Table(frame, text_columns=["År (1.1.)"],
                 formats={"År (1.1.)": YEAR, "Aldersbæreevne": number(2)},
                 caption="Aldersbæreevne per år (antall personer)")


def precision_words(desimaler: int) -> str:
    """'hele tall', 'én desimal', '2 desimaler'."""
    return {0: "hele tall", 1: "én desimal"}.get(int(desimaler), f"{int(desimaler)} desimaler")


def ratio_comparison_display(a: Analysis) -> Table:
    """Published against computed, compared at the published figure's precision: a source
    figure given as a whole number is shown whole, beside the computed value rounded the
    same way, and the verdict says at which precision they agree."""
    c = a.ratio_comparison
    dec = [int(d) for d in c["desimaler"]]
    verdict = [("–" if pd.isna(v) else ("Ja" if v else "Nei") + f", på {precision_words(d)}")
               for v, d in zip(c["stemmer"], dec, strict=True)]
    frame = pd.DataFrame({
        "År": c["aar"],
        "Publisert": c["publisert"],
        "Beregnet": c["beregnet"],
        "Beregnet, avrundet som kilden": c["beregnet_avrundet"],
        "Stemmer": verdict,
    }).reset_index(drop=True)
    return Table(frame, text_columns=["År", "Stemmer"],
                 formats={"År": YEAR, "Beregnet": number(2), "Stemmer": TEXT},
                 row_formats={i: {"Publisert": _published(d),
                                  "Beregnet, avrundet som kilden": number(d)}
                              for i, d in enumerate(dec)},
                 caption="Beregnet mot publisert aldersbæreevne")


def _published(decimals: int):
    """The published figure at its own precision, marked when the source rounded it."""
    return lambda v: fmt_number(v, decimals) + (" (avrundet)" if decimals < 2 else "")


def cost_display(a: Analysis) -> Table:
    py = a.cost.per_year
    since = f"Endring fra {a.start} (1000 kr)"
    frame = pd.DataFrame({
        "År": py["aar"],
        "Kostnad (1000 kr)": py["kostnad_1000kr"],
        "Endring fra året før (1000 kr)": py["endring_fra_forrige_1000kr"],
        since: py["endring_fra_start_1000kr"],
    })
    return Table(frame, formats={"År": YEAR, "Endring fra året før (1000 kr)": number(sign=True),
                                 since: number(sign=True)},
                 caption="Kostnad med faste priser per innbygger i hver aldersgruppe")
