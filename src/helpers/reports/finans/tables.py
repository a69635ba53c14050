"""The finans report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.data.queries import DATATYPE_NAVN_FINANS
from helpers.data.specs.finans import KATEGORI
from helpers.presentation.formatting import (
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
)
from helpers.presentation.table import TEXT, YEAR, Table, mill, number, percent
from helpers.reports.finans.analysis import Analysis, balance_status_class
from helpers.reports.finans.budget import KATEGORI_NAVN, scenario_label

DATATYPE_NAVN = DATATYPE_NAVN_FINANS  # the finans labels (see helpers.data.queries)


def _dt(d: str) -> str:
    return DATATYPE_NAVN.get(d, d)


def free_income_table(a: Analysis) -> Table:
    """Tax and rammetilskudd per year, their growth and real growth (values in 1000 kr and
    percent, formatted when shown)."""
    f = a.frie
    frame = pd.DataFrame() if f.empty else pd.DataFrame({
        "År": f["aar"],
        "Tall": f["datatype"].map(_dt),
        "Skatt": f["skatt"],
        "Rammetilskudd": f["rammetilskudd"],
        "Frie inntekter": f["frie_inntekter"],
        "Endring": f["endring"],
        "Vekst": f["vekst_pst"],
        "Deflator": f["deflator_pst"],
        "Realvekst": f["realvekst_pst"],
    })
    return Table(frame, caption="Frie inntekter (1000 kr)", empty="Ingen frie inntekter å vise.",
                 formats={"År": YEAR, "Tall": TEXT, "Endring": number(sign=True),
                          "Vekst": percent(sign=True), "Deflator": percent(),
                          "Realvekst": percent(sign=True)})


def finance_table(a: Analysis) -> Table:
    """Interest, dividends and repayments per year (1000 kr), and their share of the free
    income."""
    f = a.finans
    frame = pd.DataFrame() if f.empty else pd.DataFrame({
        "År": f["aar"],
        "Tall": f["datatype"].map(_dt),
        "Renteutgifter": f["renteutgifter"],
        "Renteinntekter og utbytte": f["renteinntekter_utbytte"],
        "Avdrag": f["avdrag"],
        "Netto finansutgifter": f["netto_finansutgifter"],
    })
    if "andel_frie_inntekter_pst" in f:
        frame["Andel av frie inntekter"] = f["andel_frie_inntekter_pst"]
    return Table(frame, caption="Finansposter (1000 kr)", empty="Ingen finansposter å vise.",
                 formats={"År": YEAR, "Tall": TEXT, "Andel av frie inntekter": percent()})


def sensitivity_params_table(a: Analysis) -> Table:
    """The parameters that drive the interest sensitivity, and where each comes from.
    «Verdi» is text on purpose: each row is a different kind of figure (an amount, a
    share, a list of changes), written as a sentence fragment."""
    empty = "Rentefølsomheten kan ikke regnes ut uten gjeld."
    cols = ["Størrelse", "Verdi", "Kilde"]
    if a.debt is None:
        return Table(pd.DataFrame(), empty=empty)
    gjeld_kilde = a.debt.forklaring + (" (fra dataene)" if a.debt.fra_data else "")
    rows = [
        ("Gjeld", fmt_mill(a.debt.belop), gjeld_kilde),
        ("Andel med flytende rente", fmt_pct(a.andel_flytende_pst, 0),
         "Forutsetning; kilden oppgir ikke andelen. 100 % gir den største mulige virkningen "
         "første året."),
        ("Gjeld med flytende rente", fmt_mill(a.debt.belop * a.andel_flytende_pst / 100),
         "Gjeld × andel"),
        ("Renteendringer", fmt_list([fmt_number(p, 1, sign=True) for p in a.scenarier_pp])
         + " prosentpoeng",
         "Forutsetning valgt for beregningen"),
    ]
    return Table(pd.DataFrame(rows, columns=cols), caption="Forutsetninger for rentefølsomheten",
                 formats=dict.fromkeys(cols, TEXT), empty=empty)


def _scenario_text(pp: float) -> str:
    """The change in percentage points as in the key figures, with a real minus sign."""
    return scenario_label(pp).replace("-", "\u2212")


def sensitivity_table(a: Analysis) -> Table:
    s = a.sensitivity
    andel = f"Andel av frie inntekter {a.budsjettaar}"
    frame = pd.DataFrame() if s.empty else pd.DataFrame({
        "Renteendring": s["endring_pp"],
        "Endring i årlige renteutgifter (1000 kr)": s["rentekostnad_endring"],
        "I mill. kr": s["rentekostnad_endring"],
        andel: s["andel_frie_inntekter_pst"],
    })
    return Table(frame, caption="Endring i årlige renteutgifter",
                 formats={"Renteendring": _scenario_text,
                          "Endring i årlige renteutgifter (1000 kr)": number(sign=True),
                          "I mill. kr": mill(sign=True), andel: percent(2, sign=True)})


def balance_table(a: Analysis) -> Table:
    b = a.balance

    def status(r):
        if not r.krav:
            return "Regnskap – ikke bedømt"
        return "I balanse" if r.i_balanse else "IKKE I BALANSE"

    frame = pd.DataFrame() if b.empty else pd.DataFrame({
        "År": b["aar"],
        "Tall": b["datatype"].map(_dt),
        "Sum rammeområder og Finans (1000 kr)": b["sum"],
        "Avrundingsgrense": b["toleranse"],
        "Status": [status(r) for r in b.itertuples()],
        "Ubalanse (1000 kr)": b["avvik"],
    })
    return Table(frame, caption="Sum av rammeområdene og Finans per år",
                 formats={"År": YEAR, "Tall": TEXT, "Status": TEXT,
                          "Sum rammeområder og Finans (1000 kr)": number(sign=True),
                          "Avrundingsgrense": lambda v: "±" + fmt_number(v, 1),
                          "Ubalanse (1000 kr)": number(sign=True)},
                 css_classes={"Status": balance_status_class},
                 empty="Ingen rammer å kontrollere.")


def frames_table(a: Analysis) -> Table:
    """Frames per rammeområde (rows) and year (columns), with the change from last year's
    budget to the budget year and to the last plan year; the sum row (which should be 0)
    is written with a sign and has no change."""
    f = a.frames
    caption, empty = "Netto rammer (1000 kr)", "Ingen rammer å vise."
    if f.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    f = f[f["aar"] >= a.budsjettaar - 1]
    wide = f.pivot_table(index="rammeomrade", columns="aar", values="belop", aggfunc="sum",
                         sort=False)
    order = list(dict.fromkeys(f["rammeomrade"]))
    wide = wide.reindex(order)
    out = pd.DataFrame({"Rammeområde": wide.index})
    labels = _year_labels(f, a.budsjettaar)
    for y in wide.columns:
        out[labels[y]] = wide[y].to_numpy()
    ch = f.set_index(["rammeomrade", "aar"])["endring_fra_budsjett_fjoraar"]
    last = max(y for y in wide.columns)
    formats = {"Rammeområde": TEXT}
    changes = []
    for y in dict.fromkeys((a.budsjettaar, last)):
        values = [ch.get((r, y)) for r in wide.index]
        if y in wide.columns and y >= a.budsjettaar and any(pd.notna(v) for v in values):
            col = f"Endring {a.budsjettaar - 1}–{y}"
            out[col] = pd.to_numeric(pd.Series(values, dtype=object)).to_numpy()
            formats[col] = number(sign=True)
            changes.append(col)
    total = wide.sum(axis=0, min_count=1)
    row = {"Rammeområde": "Sum (skal være 0)"} | {labels[y]: total[y] for y in wide.columns}
    out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
    sum_formats = {labels[y]: number(sign=True) for y in wide.columns} \
        | {c: number(sign=True, missing="") for c in changes}
    return Table(out, caption=caption, formats=formats, sum_row=True, empty=empty,
                 row_formats={len(out) - 1: sum_formats})


def _year_labels(frames: pd.DataFrame, budsjettaar: int) -> dict[int, str]:
    """Column labels that say what each year's figures are: the year alone for the plan
    years, otherwise the kind of figure («Oppr. budsjett 2023», «Økonomiplan 2024»)."""
    kinds = frames.groupby("aar")["datatype"].first().to_dict()
    return {y: str(y) if y >= budsjettaar else f"{_dt(kinds.get(y, ''))} {y}"
            for y in kinds}


def measures_table(a: Analysis) -> Table:
    m = a.measures
    col = f"{a.budsjettaar} (1000 kr)"
    frame = pd.DataFrame() if m.empty else pd.DataFrame({
        "Tiltak": m["tiltak"],
        "Rammeområde": m["rammeomrade"],
        "Virksomhet": m["virksomhet"].replace("", "–"),
        "Type": m["kategori_navn"],
        col: m["belop"],
    })
    return Table(frame, caption=f"De største tiltakene i {a.budsjettaar}",
                 formats={"Tiltak": TEXT, "Rammeområde": TEXT, "Virksomhet": TEXT, "Type": TEXT,
                          col: number(sign=True)},
                 empty="Ingen navngitte tiltak i dataene for budsjettåret.")


def bridge_table(a: Analysis) -> Table:
    """The bridges as a table: one row per step, one column per rammeområde and a sum;
    the changes are written with a sign, the original budget and the frame without."""
    br = a.bridge
    caption = f"Rammeendringer {a.budsjettaar} per rammeområde (1000 kr)"
    if br.empty:
        return Table(pd.DataFrame(), caption=caption)
    wide = br.pivot_table(index="steg", columns="rammeomrade", values="belop", aggfunc="sum",
                          sort=False)
    steps = [st for st in [*KATEGORI, "ramme"] if st in wide.index]
    areas = list(dict.fromkeys(br["rammeomrade"]))
    wide = wide.reindex(index=steps, columns=areas)
    wide["Sum"] = wide.sum(axis=1, min_count=1)
    out = pd.DataFrame({"Steg": [KATEGORI_NAVN[st] for st in steps]})
    for col in wide.columns:
        out[col] = wide[col].to_numpy()
    signed = {c: number(sign=True) for c in wide.columns}
    return Table(out, caption=caption, formats={"Steg": TEXT},
                 row_formats={i: signed for i, st in enumerate(steps)
                              if st not in ("opprinnelig_budsjett", "ramme")})


def ks_display_table(a: Analysis) -> Table:
    t = a.ks
    caption, empty = "KS-prognose (1000 kr)", "Ingen KS-prognose i dataene."
    if t.empty:
        return Table(pd.DataFrame(), caption=caption, empty=empty)
    years = [c for c in t.columns if isinstance(c, int)]
    out = pd.DataFrame({"Linje": t["post_navn"]})
    for y in years:
        out[str(y)] = t[y].to_numpy()
    return Table(out, caption=caption, formats={"Linje": TEXT}, empty=empty)
