"""The statements as display tables: the regulation's line order, one column per plan year,
sums and results in bold, missing figures as «–» with a reference to the note that
explains them (see :func:`helpers.reports.oppstillinger.text.line_notes`)."""

from __future__ import annotations

import pandas as pd

from helpers.ingest.kostra_extract import period_label
from helpers.model import statements as st
from helpers.presentation.formatting import fmt_number
from helpers.presentation.table import TEXT, Table, styler
from helpers.reports.oppstillinger.analysis import Analysis
from helpers.reports.oppstillinger.text import notes_for, reconciliation_label

MISSING = "–"
NOTE_COLUMN = "Merknad"


def _amount(v: object) -> str:
    """An amount in whole 1000 kr (Python's rounding to the nearest even number at .5,
    then the Norwegian format), «–» where the statement has no figure; a text (a line
    folded into another, «i linje 10») as it is."""
    if isinstance(v, str):
        return v
    return MISSING if v is None or pd.isna(v) else fmt_number(round(float(v)), 0)


def folded_text(line: int) -> str:
    """The cell of a line whose amount is in another line."""
    return f"i linje {line}"


def _blank(v: object) -> str:
    return ""


def _value(frame: pd.DataFrame, row: object, col: object) -> float:
    return frame.loc[row, col] if col in frame.columns and row in frame.index else float("nan")


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
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi").astype(object)
    if "inngaar_i" in f:
        for r in f[f["inngaar_i"] > 0].itertuples():
            wide.loc[r.linje_nr, r.aar] = folded_text(int(r.inngaar_i))
    rows, sums = [], []
    for r in lines.itertuples():
        if paragraf == st.P_5_4_1 and r.linje_nr == 18:
            rows.append({"Nr": "", "Linje": st.DISPONERING,
                         **{str(y): float("nan") for y in a.years}, NOTE_COLUMN: ""})
            sums.append(False)
        rows.append({"Nr": str(r.linje_nr), "Linje": r.linje,
                     **{str(y): wide.loc[r.linje_nr, y] for y in a.years},
                     NOTE_COLUMN: ", ".join(map(str, refs.get(r.linje_nr, [])))})
        sums.append(bool(r.er_sum))
    df = pd.DataFrame(rows, columns=["Nr", "Linje", *map(str, a.years), NOTE_COLUMN])
    if not any(df[NOTE_COLUMN]):
        df = df.drop(columns=[NOTE_COLUMN])
    return df, sums


def _styled(df: pd.DataFrame, sums: list[bool], caption: str, text_columns: list[str]):
    """The statement as a table: the text columns as they are, the amounts in whole 1000 kr
    (a heading row without a number blank), sum lines in bold."""
    amounts = [c for c in df.columns if c not in text_columns and c != NOTE_COLUMN]
    # a heading inside the statement (Disponering …) has no line number and no figures
    heads = {i: dict.fromkeys(amounts, _blank) for i, nr in enumerate(df.get("Nr", []))
             if nr == ""}
    styled = styler(Table(df, caption=caption, text_columns=text_columns,
                          formats=dict.fromkeys([*text_columns, NOTE_COLUMN], TEXT)
                          | dict.fromkeys(amounts, _amount),
                          row_formats=heads))
    idx = [i for i, s in zip(df.index, sums, strict=True) if s]
    if idx:
        styled = styled.set_properties(subset=pd.IndexSlice[idx, :],
                                       **{"font-weight": "bold"})
    return styled


def statement_table(a: Analysis, paragraf: str, caption: str):
    df, sums = statement_frame(a, paragraf)
    return _styled(df, sums, caption, ["Nr", "Linje"])


def rammer_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """§ 5-4 andre ledd: one row per rammeområde, in the source's order (the central one
    without what første ledd shows), the service areas' fund movements taken out, and the
    sum (line 6 of første ledd)."""
    f = a.s_5_4_2
    order = list(dict.fromkeys(f.sort_values(["aar", "linje_nr"])["linje"]))
    sums = set(f.loc[f["er_sum"], "linje"])
    order = [n for n in order if n not in sums] + [n for n in order if n in sums]
    wide = f.pivot(index="linje", columns="aar", values="verdi")
    rows = [{"Rammeområde": n, **{str(y): _value(wide, n, y) for y in a.years}}
            for n in order]
    return pd.DataFrame(rows), [n in sums for n in order]


def rammer_table(a: Analysis):
    df, sums = rammer_frame(a)
    return _styled(df, sums, "Bevilgninger drift per rammeområde, netto (1000 kr)",
                   ["Rammeområde"])


def reconciliation_frame(a: Analysis) -> tuple[pd.DataFrame, list[bool]]:
    """The reconciliation of andre ledd with line 6 of første ledd, and the balance check."""
    f = a.avstemming
    lines = f.drop_duplicates("linje_nr").sort_values("linje_nr")
    wide = f.pivot(index="linje_nr", columns="aar", values="verdi")
    rows = [{"Post": reconciliation_label(r.post, r.gjenstand, r.omrade),
             "Til linje": r.til_linje,
             **{str(y): wide.loc[r.linje_nr, y] for y in a.years}}
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
             **{str(y): wide.loc[r.linje_nr, y] for y in a.years}}
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
             **{h: wide.loc[r.linje_nr, y] for y, h in heads.items()}}
            for r in lines.itertuples()]
    return (pd.DataFrame(rows, columns=["Nr", "Linje", *heads.values()]),
            [bool(s) for s in lines["er_sum"]])


def art_table(a: Analysis):
    df, sums = art_frame(a)
    return _styled(df, sums, "Økonomisk oversikt etter art – drift (1000 kr)", ["Nr", "Linje"])
