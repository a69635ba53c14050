"""The statements as display tables: the regulation's line order, one column per plan year,
sums and results in bold, missing figures as «–» with a reference to the note that
explains them (see :func:`helpers.reports.oppstillinger.text.line_notes`)."""

from __future__ import annotations

import pandas as pd

from helpers.ingest.kostra_extract import period_label
from helpers.model import statements as st
from helpers.presentation import report
from helpers.presentation.formatting import fmt_number
from helpers.reports.oppstillinger.analysis import Analysis
from helpers.reports.oppstillinger.text import notes_for

MISSING = "–"
NOTE_COLUMN = "Merknad"


def _fmt(v: float) -> str:
    return MISSING if pd.isna(v) else fmt_number(round(float(v)), 0)


def note_numbers(a: Analysis, paragraf: str) -> dict[int, list[int]]:
    """linje_nr → the numbers of the notes (1, 2, …, in the order of the notes) that
    concern it."""
    out: dict[int, list[int]] = {}
    for i, n in enumerate(notes_for(a, paragraf), start=1):
        for line in n.linjer:
            out.setdefault(line, []).append(i)
    return out


def statement_frame(a: Analysis, paragraf: str) -> tuple[pd.DataFrame, list[bool]]:
    """(the display frame, a sum flag per row) for a statement with numbered lines
    (§ 5-4 første ledd, § 5-5 første ledd, § 5-7)."""
    f = a.statement(paragraf)
    refs = note_numbers(a, paragraf)
    lines = f.drop_duplicates("linje_nr").sort_values("linje_nr")
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi")
    rows, sums = [], []
    for r in lines.itertuples():
        if paragraf == st.P_5_4_1 and r.linje_nr == 18:
            rows.append({"Nr": "", "Linje": st.DISPONERING,
                         **{str(y): "" for y in a.years}, NOTE_COLUMN: ""})
            sums.append(False)
        rows.append({"Nr": str(r.linje_nr), "Linje": r.linje,
                     **{str(y): _fmt(wide.loc[r.linje_nr, y]) for y in a.years},
                     NOTE_COLUMN: ", ".join(map(str, refs.get(r.linje_nr, [])))})
        sums.append(bool(r.er_sum))
    df = pd.DataFrame(rows, columns=["Nr", "Linje", *map(str, a.years), NOTE_COLUMN])
    if not any(df[NOTE_COLUMN]):
        df = df.drop(columns=[NOTE_COLUMN])
    return df, sums


def _styled(df: pd.DataFrame, sums: list[bool], caption: str, text_columns: list[str]):
    styler = report.table(df, caption=caption, text_columns=text_columns)
    idx = [i for i, s in zip(df.index, sums, strict=True) if s]
    if idx:
        styler = styler.set_properties(subset=pd.IndexSlice[idx, :],
                                       **{"font-weight": "bold"})
    return styler


def statement_table(a: Analysis, paragraf: str, caption: str):
    df, sums = statement_frame(a, paragraf)
    return _styled(df, sums, caption, ["Nr", "Linje"])


def rammer_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """§ 5-4 andre ledd: one row per rammeområde, in the source's order, and the sum."""
    f = a.s_5_4_2
    order = list(dict.fromkeys(f.sort_values(["aar", "linje_nr"])["linje"]))
    order = [n for n in order if n != st.SUM_5_4_2] + [st.SUM_5_4_2]
    wide = f.pivot_table(index="linje", columns="aar", values="verdi", aggfunc="sum",
                         dropna=False)
    rows = [{"Rammeområde": n, **{str(y): _fmt(wide.loc[n, y]) if y in wide.columns
                                  and n in wide.index else MISSING for y in a.years}}
            for n in order]
    return pd.DataFrame(rows), [n == st.SUM_5_4_2 for n in order]


def rammer_table(a: Analysis):
    df, sums = rammer_frame(a)
    return _styled(df, sums, "Bevilgninger drift per rammeområde, netto (1000 kr)",
                   ["Rammeområde"])


def reconciliation_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """The reconciliation of andre ledd with line 6 of første ledd, and the balance check."""
    f = a.avstemming
    lines = f.drop_duplicates("linje_nr").sort_values("linje_nr")
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi")
    rows = [{"Post": r.linje, "Til linje": r.til_linje,
             **{str(y): _fmt(wide.loc[r.linje_nr, y]) for y in a.years}}
            for r in lines.itertuples()]
    return pd.DataFrame(rows), [bool(s) for s in lines["er_sum"]]


def reconciliation_table(a: Analysis):
    df, sums = reconciliation_frame(a)
    return _styled(df, sums, "Fra andre ledd til første ledd (1000 kr)", ["Post", "Til linje"])


def projects_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """§ 5-5 andre ledd: the projects in the plan's order and groups, sums per group and
    in all."""
    f = a.s_5_5_2
    lines = f.drop_duplicates("linje_nr").sort_values("linje_nr")
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi")
    rows = [{"Prosjekt": r.linje,
             **{str(y): _fmt(wide.loc[r.linje_nr, y]) for y in a.years}}
            for r in lines.itertuples()]
    return pd.DataFrame(rows, columns=["Prosjekt", *map(str, a.years)]), \
        [bool(s) for s in lines["er_sum"]]


def projects_table(a: Analysis):
    df, sums = projects_frame(a)
    return _styled(df, sums, "Bevilgninger til investeringer per prosjekt, brutto (1000 kr)",
                   ["Prosjekt"])


def art_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """§ 5-6: the regulation's lines, one column per year with figures (the accounts year
    of the KOSTRA extract, «Regnskap ÅÅÅÅ», and the budget years per art, «Budsjett
    ÅÅÅÅ»)."""
    f = a.s_5_6
    lines = f.drop_duplicates("linje_nr").sort_values("linje_nr")
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi")
    heads = {y: (f"Regnskap {period_label(y, a.kvartal_5_6.get(y, ''))}" if k == "regnskap"
                 else f"Budsjett {y}")
             for y, k in sorted(a.kilder_5_6.items())}
    rows = [{"Nr": str(r.linje_nr), "Linje": r.linje,
             **{h: _fmt(wide.loc[r.linje_nr, y]) for y, h in heads.items()}}
            for r in lines.itertuples()]
    return (pd.DataFrame(rows, columns=["Nr", "Linje", *heads.values()]),
            [bool(s) for s in lines["er_sum"]])


def art_table(a: Analysis):
    df, sums = art_frame(a)
    return _styled(df, sums, "Økonomisk oversikt etter art – drift (1000 kr)", ["Nr", "Linje"])
