"""The finans report's display tables, formatted from its analysis."""

from __future__ import annotations

import pandas as pd

from helpers.data.queries import DATATYPE_NAVN_FINANS
from helpers.data.specs.finans import KATEGORI
from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
)
from helpers.presentation.table import TEXT, YEAR, Table, number, percent
from helpers.reports.finans.analysis import Analysis
from helpers.reports.finans.budget import KATEGORI_NAVN

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


def sensitivity_params_table(a: Analysis) -> pd.DataFrame:
    """The parameters that drive the interest sensitivity, and where each comes from."""
    if a.debt is None:
        return pd.DataFrame()
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
    return pd.DataFrame(rows, columns=["Størrelse", "Verdi", "Kilde"])


def sensitivity_table(a: Analysis) -> pd.DataFrame:
    s = a.sensitivity
    if s.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Renteendring": s["scenario"].str.replace("-", "\u2212", regex=False),
        "Endring i årlige renteutgifter (1000 kr)": s["rentekostnad_endring"].map(
            lambda v: fmt_1000kr(v, sign=True)),
        "I mill. kr": s["rentekostnad_endring"].map(lambda v: fmt_mill(v, sign=True)),
        f"Andel av frie inntekter {a.budsjettaar}": s["andel_frie_inntekter_pst"].map(
            lambda v: fmt_pct(v, 2, sign=True)),
    })


def balance_table(a: Analysis) -> pd.DataFrame:
    b = a.balance
    if b.empty:
        return pd.DataFrame()

    def status(r):
        if not r.krav:
            return "Regnskap – ikke bedømt"
        return "I balanse" if r.i_balanse else "IKKE I BALANSE"

    return pd.DataFrame({
        "År": b["aar"].astype(str),
        "Tall": b["datatype"].map(_dt),
        "Sum rammeområder og Finans (1000 kr)": b["sum"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Avrundingsgrense": b["toleranse"].map(lambda v: "±" + fmt_number(v, 1)),
        "Status": [status(r) for r in b.itertuples()],
        "Ubalanse (1000 kr)": b["avvik"].map(lambda v: fmt_1000kr(v, sign=True)),
    })


def frames_table(a: Analysis) -> pd.DataFrame:
    """Frames per rammeområde (rows) and year (columns), with the change from last year's
    budget to the budget year and to the last plan year."""
    f = a.frames
    if f.empty:
        return pd.DataFrame()
    f = f[f["aar"] >= a.budsjettaar - 1]
    wide = f.pivot_table(index="rammeomrade", columns="aar", values="belop", aggfunc="sum",
                         sort=False)
    order = list(dict.fromkeys(f["rammeomrade"]))
    wide = wide.reindex(order)
    out = pd.DataFrame({"Rammeområde": wide.index})
    labels = _year_labels(f, a.budsjettaar)
    for y in wide.columns:
        out[labels[y]] = [fmt_1000kr(v) for v in wide[y]]
    ch = f.set_index(["rammeomrade", "aar"])["endring_fra_budsjett_fjoraar"]
    last = max(y for y in wide.columns)
    for y in dict.fromkeys((a.budsjettaar, last)):
        values = [ch.get((r, y)) for r in wide.index]
        if y in wide.columns and y >= a.budsjettaar and any(pd.notna(v) for v in values):
            out[f"Endring {a.budsjettaar - 1}–{y}"] = [fmt_1000kr(v, sign=True) for v in values]
    total = wide.sum(axis=0, min_count=1)
    row = {"Rammeområde": "Sum (skal være 0)"}
    for y in wide.columns:
        row[labels[y]] = fmt_1000kr(total[y], sign=True)
    out = pd.concat([out, pd.DataFrame([row])], ignore_index=True).fillna("")
    return out


def _year_labels(frames: pd.DataFrame, budsjettaar: int) -> dict[int, str]:
    """Column labels that say what each year's figures are: the year alone for the plan
    years, otherwise the kind of figure («Oppr. budsjett 2023», «Økonomiplan 2024»)."""
    kinds = frames.groupby("aar")["datatype"].first().to_dict()
    return {y: str(y) if y >= budsjettaar else f"{_dt(kinds.get(y, ''))} {y}"
            for y in kinds}


def measures_table(a: Analysis) -> pd.DataFrame:
    m = a.measures
    if m.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Tiltak": m["tiltak"],
        "Rammeområde": m["rammeomrade"],
        "Virksomhet": m["virksomhet"].replace("", "–"),
        "Type": m["kategori_navn"],
        f"{a.budsjettaar} (1000 kr)": m["belop"].map(lambda v: fmt_1000kr(v, sign=True)),
    })


def bridge_table(a: Analysis) -> pd.DataFrame:
    """The bridges as a table: one row per step, one column per rammeområde and a sum."""
    br = a.bridge
    if br.empty:
        return pd.DataFrame()
    wide = br.pivot_table(index="steg", columns="rammeomrade", values="belop", aggfunc="sum",
                          sort=False)
    steps = [st for st in [*KATEGORI, "ramme"] if st in wide.index]
    areas = list(dict.fromkeys(br["rammeomrade"]))
    wide = wide.reindex(index=steps, columns=areas)
    wide["Sum"] = wide.sum(axis=1, min_count=1)
    out = pd.DataFrame({"Steg": [KATEGORI_NAVN[st] for st in steps]})
    for col in wide.columns:
        out[col] = [fmt_1000kr(v, sign=st not in ("opprinnelig_budsjett", "ramme"))
                    for st, v in zip(steps, wide[col], strict=True)]
    return out


def ks_display_table(a: Analysis) -> pd.DataFrame:
    t = a.ks
    if t.empty:
        return pd.DataFrame()
    years = [c for c in t.columns if isinstance(c, int)]
    out = pd.DataFrame({"Linje": t["post_navn"]})
    for y in years:
        out[str(y)] = t[y].map(fmt_1000kr)
    return out
