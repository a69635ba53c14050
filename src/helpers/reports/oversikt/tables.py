"""The overview's display tables, formatted from its analysis. Rows follow the group's
order (gruppe.csv), not a ranking; the municipality the report is for is marked in words
and in bold."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.formatting import fmt_years
from helpers.presentation.report import status_class
from helpers.presentation.table import TEXT, YEAR, Table, percent
from helpers.reports.oversikt import text
from helpers.reports.oversikt.analysis import Analysis, indicator_frame

#: The CSS class of the highlighted municipality's name (bold).
VALGT = "valgt"


def _subject_class(a: Analysis):
    marked = text.mark(a.subject.navn, a) if a.subject is not None else None
    return lambda v: VALGT if marked is not None and v == marked else ""


def indicator_table(a: Analysis, ind: str) -> Table:
    """One indicator: a row per municipality (and per KOSTRA group average the data
    hold), a column per year, then the norm; the norm and the source line underneath."""
    name = text.INDICATOR_NAVN[ind]
    caption = (f"{name} i % av brutto driftsinntekter"
               + (f" {fmt_years(a.years)}" if a.years else ""))
    df = indicator_frame(a, ind)
    years = [str(y) for y in a.years]
    wide = (df.pivot(index="kommunenummer", columns="aar", values="verdi")
            if not df.empty else pd.DataFrame())
    wide.columns = [str(c) for c in wide.columns]
    rows = []
    for m in a.members.itertuples():
        r = {"Kommune": text.mark(m.navn, a), "KOSTRA-gruppe": m.kostragruppe or "–"}
        for y in years:
            r[y] = (wide.at[m.knr, y] if m.knr in wide.index and y in wide.columns
                    else float("nan"))
        rows.append(r)
    g = a.groups[a.groups["indikator"] == ind]
    for code, part in g.groupby("kostragruppe", sort=False):
        r = {"Kommune": f"{part['gruppe'].iloc[0]} (gjennomsnitt)", "KOSTRA-gruppe": code}
        by_year = dict(zip(part["aar"].astype(str), part["verdi"], strict=True))
        for y in years:
            r[y] = by_year.get(y, float("nan"))
        rows.append(r)
    frame = pd.DataFrame(rows, columns=["Kommune", "KOSTRA-gruppe", *years])
    norm = a.norms.get(ind)
    frame["Norm"] = f"≥\u00a0{text.pct(norm)}" if norm is not None else "ingen"
    return Table(frame, caption=caption,
                 formats={"Kommune": TEXT, "KOSTRA-gruppe": TEXT, "Norm": TEXT}
                 | dict.fromkeys(years, percent()),
                 text_columns=["Kommune", "KOSTRA-gruppe", "Norm"],
                 css_classes={"Kommune": _subject_class(a)},
                 notes=[text.norm_text(a, ind), text.source_line(a, ind)])


def screen_table(a: Analysis) -> Table:
    """The ROBEK and buffer screen: one row per municipality, each sign beside the figure
    it is read from, for the latest year with figures."""
    s = a.screen
    caption = "Varsellamper for ROBEK og svak buffer" + (
        f", siste KOSTRA-år {a.years[-1]}" if a.years else "")
    status_cols = ["Svak buffer", "Underskudd dekket av fond", "Merforbruk over grensen"]
    frame = pd.DataFrame({
        "Kommune": [text.mark(n, a) for n in s["kommune"]],
        "År": s["fond_aar"],
        "Disposisjonsfond": s["disposisjonsfond_pst"],
        "Svak buffer": s["buffer"].map(text.status_word),
        "Netto driftsresultat": s["netto_driftsresultat_pst"],
        "Underskudd dekket av fond": s["underskudd"].map(text.status_word),
        "Akkumulert merforbruk": s["akkumulert_merforbruk_pst"],
        "Merforbruk over grensen": s["merforbruk"].map(text.status_word),
    })
    return Table(frame, caption=caption,
                 formats={"Kommune": TEXT, "År": YEAR, "Disposisjonsfond": percent(),
                          "Netto driftsresultat": percent(),
                          "Akkumulert merforbruk": percent()}
                 | dict.fromkeys(status_cols, TEXT),
                 text_columns=["Kommune", *status_cols],
                 css_classes={"Kommune": _subject_class(a)}
                 | dict.fromkeys(status_cols, status_class),
                 notes=[text.screen_note(a), text.source_line(a, "disposisjonsfond_pst")])
