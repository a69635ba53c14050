"""The finans report's analysis: what the report shows, computed once from the
data and the model."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from helpers import settings
from helpers.data.kommuner import Kommune, resolve
from helpers.presentation import chartalt, charts
from helpers.presentation.formatting import (
    fmt_list,
    fmt_number,
)
from helpers.presentation.merknad import Note
from helpers.reports.finans.budget import (
    KATEGORI_KORT,
    DebtBasis,
    assumption,
    bridge_check,
    budget_balance,
    deflators,
    finance_items,
    frame_bridge,
    frame_table,
    free_income,
    interest_sensitivity,
    ks_check,
    ks_table,
    largest_measures,
    model_debt,
)


def price_basis(forutsetninger: pd.DataFrame | None, kommunenummer: str,
                budsjettaar: int) -> int | None:
    """The price level of the plan years as the data declare it (``prisnivaa_aar`` in
    finans_forutsetninger: the year whose prices the plan is in, 0 for current prices);
    None when the source does not say."""
    v = assumption(forutsetninger, kommunenummer, "prisnivaa_aar", budsjettaar)
    return None if v is None else int(v)


DEFAULT_SCENARIER_PP = [-1.0, 1.0, 2.0, 3.0]


@dataclass
class Analysis:
    """Everything the finans report shows, computed once by :func:`analyse`."""

    kommune: Kommune
    budsjettaar: int
    grunnlag_fjoraar: str
    frie: pd.DataFrame
    finans: pd.DataFrame
    debt: DebtBasis | None
    andel_flytende_pst: float
    scenarier_pp: list[float]
    sensitivity: pd.DataFrame
    balance: pd.DataFrame
    frames: pd.DataFrame
    bridge: pd.DataFrame
    bridge_check: pd.DataFrame
    measures: pd.DataFrame
    ks: pd.DataFrame
    ks_check: pd.DataFrame
    vekst_statsbudsjett_pst: float | None
    missing: list[str] = field(default_factory=list)
    prisnivaa: int | None = None
    missing_years: list[int] = field(default_factory=list)

    @property
    def plan_years(self) -> list[int]:
        return settings.plan_years(self.budsjettaar)


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            grunnlag_fjoraar: str = "revidert_budsjett",
            rentescenarier_pp: list[float] | None = None, gjeld_1000kr: float | None = None,
            andel_flytende_pst: float = 100.0, deflator_pst: dict | None = None,
            balanse_toleranse: float | None = None, antall_tiltak: int = 12) -> Analysis:
    """Compute the whole report for one municipality. Files the report lacks give empty
    frames and a line in ``missing`` rather than an error."""
    from helpers.model.economy import check_budget_year, coverage_text

    k = resolve(data["kommuner"], kommune)
    knr = k.kommunenummer
    empty = pd.DataFrame
    missing: list[str] = []
    missing_years = check_budget_year(data, k, budsjettaar)
    if missing_years and len(missing_years) < 4:
        missing.append(coverage_text(missing_years, budsjettaar))
    forut = data.get("finans_forutsetninger")
    defl = deflators(forut, knr)
    defl.update({int(a): float(v) for a, v in (deflator_pst or {}).items()})
    okp = data["okonomiplan"]
    frie = free_income(okp, knr, budsjettaar, grunnlag_fjoraar, defl)
    if frie.empty:
        missing.append(Note(
            f"Grunnlaget har ingen sentrale inntekter for {k.navn}, så frie inntekter kan ikke "
            "vises.",
            f"Ingen sentrale inntekter for {k.navn} i `data/okonomiplan.csv` (tabell "
            "sentrale_inntekter)."))
    elif frie["frie_inntekter"].isna().any():
        years = frie.loc[frie["frie_inntekter"].isna(), "aar"].tolist()
        missing.append(Note(
            "Skatt eller rammetilskudd mangler i grunnlaget for "
            + fmt_list([str(y) for y in years]) + ".",
            "Skatt eller rammetilskudd mangler for " + fmt_list([str(y) for y in years])
            + " i `data/okonomiplan.csv`."))
    if not frie.empty and frie.loc[frie["aar"] >= budsjettaar, "realvekst_pst"].isna().any():
        years = frie.loc[(frie["aar"] >= budsjettaar) & frie["realvekst_pst"].isna(), "aar"]
        missing.append(Note(
            "Kilden oppgir ingen deflator for " + fmt_list([str(y) for y in years])
            + ", så realveksten vises ikke for disse årene.",
            "Deflatoren mangler for " + fmt_list([str(y) for y in years]) + ": legg den inn "
            "i `data/finans_forutsetninger.csv` (parameter deflator_pst) eller gi den som "
            "parameteren `deflator_pst`, f.eks. `--set deflator_pst='{2025: 3.0}'`."))
    fin = finance_items(okp, knr, budsjettaar, grunnlag_fjoraar, frie)
    if fin.empty:
        missing.append(Note(
            f"Grunnlaget har ingen finansposter for {k.navn}.",
            f"Ingen finansposter for {k.navn} i `data/okonomiplan.csv` (tabell finans)."))
    if gjeld_1000kr is not None:
        debt = DebtBasis(float(gjeld_1000kr), None, "Gjelden er gitt som forutsetning", False)
    else:
        debt = model_debt(data, k, budsjettaar)
        if debt is None:
            missing.append(Note(
                f"Gjelden for {k.navn} kan ikke regnes ut: det trengs netto lånegjeld per "
                "innbygger og folketallet for samme år.",
                f"Gjelden for {k.navn} trenger netto lånegjeld per innbygger i "
                "`data/kostra.csv` og folketall i `data/folketall.csv` for samme år; eller gi "
                "den som parameteren `gjeld_1000kr`."))
    scen = list(DEFAULT_SCENARIER_PP if rentescenarier_pp is None else rentescenarier_pp)
    fi_b = frie.set_index("aar")["frie_inntekter"].get(budsjettaar) if not frie.empty else None
    sens = (interest_sensitivity(debt.belop, andel_flytende_pst, scen, fi_b) if debt
            else interest_sensitivity(0, 0, []))
    rammer = data.get("finans_rammer")
    endr = data.get("finans_rammeendringer")
    if rammer is None or rammer[rammer["kommunenummer"] == knr].empty:
        missing.append(Note(
            f"Grunnlaget har ingen rammer for {k.navn}, så budsjettbalansen og rammene per "
            "rammeområde kan ikke vises.",
            f"Ingen rammer for {k.navn} i `data/finans_rammer.csv`."))
        balance, frames = budget_balance(_empty_rammer(), knr), frame_table(_empty_rammer(),
                                                                              knr, budsjettaar)
    else:
        balance = budget_balance(rammer, knr, balanse_toleranse)
        balance = balance[balance["aar"] >= budsjettaar - 1].reset_index(drop=True)
        frames = frame_table(rammer, knr, budsjettaar)
    if endr is None or endr[(endr["kommunenummer"] == knr)
                            & (endr["aar"] == budsjettaar)].empty:
        missing.append(Note(
            f"Grunnlaget har ingen rammeoversikt for {k.navn} i {budsjettaar}, så broen fra "
            "opprinnelig budsjett til ny ramme kan ikke vises.",
            f"Ingen rammeoversikt for {k.navn} i {budsjettaar} i "
            "`data/finans_rammeendringer.csv`."))
        bridge, check, measures = empty(), empty(), empty()
    else:
        bridge = frame_bridge(endr, knr, budsjettaar)
        check = bridge_check(bridge, rammer if rammer is not None else _empty_rammer(), knr,
                             budsjettaar)
        measures = largest_measures(endr, knr, budsjettaar, n=antall_tiltak)
    prog = data.get("finans_inntektsprognose")
    ks = ks_table(prog, knr) if prog is not None else empty()
    kc = ks_check(prog, knr) if prog is not None else empty()
    if ks.empty:
        missing.append(Note(
            f"Grunnlaget har ingen KS-prognose for {k.navn}.",
            f"Ingen KS-prognose for {k.navn} i `data/finans_inntektsprognose.csv`."))
    return Analysis(
        kommune=k, budsjettaar=budsjettaar, grunnlag_fjoraar=grunnlag_fjoraar, frie=frie,
        finans=fin, debt=debt, andel_flytende_pst=float(andel_flytende_pst),
        scenarier_pp=scen, sensitivity=sens, balance=balance, frames=frames, bridge=bridge,
        bridge_check=check, measures=measures, ks=ks, ks_check=kc,
        vekst_statsbudsjett_pst=assumption(forut, knr, "frie_inntekter_vekst_statsbudsjett_pst",
                                           budsjettaar),
        missing=missing, prisnivaa=price_basis(forut, knr, budsjettaar),
        missing_years=missing_years,
    )


def _empty_rammer() -> pd.DataFrame:
    return pd.DataFrame({"kommunenummer": pd.Series(dtype=str), "rammeomrade": pd.Series(
        dtype=str), "virksomhet": pd.Series(dtype=str), "niva": pd.Series(dtype=str),
        "aar": pd.Series(dtype="Int64"), "datatype": pd.Series(dtype=str),
        "belop": pd.Series(dtype=float)})


def balance_status_class(value: object) -> str:
    text = str(value)
    if text == "IKKE I BALANSE":
        return "status-brudd"
    if text == "I balanse":
        return "status-ok"
    return ""


def waterfall(bridge: pd.DataFrame, title: str = "", columns: int = 2
              ) -> alt.VConcatChart | None:
    """One small horizontal waterfall per rammeområde (independent scales, ``columns`` per
    row): the opening budget and the new frame as dark bars, increases dark red, decreases
    light grey, each with its amount in mill. kr. The value axis does not start at zero, so
    the steps stay visible next to the frame."""
    if bridge.empty:
        return None
    panels = []
    for area, g in bridge.groupby("rammeomrade", sort=False):
        g = g.reset_index(drop=True).copy()
        total = g["steg"].isin(["opprinnelig_budsjett", "ramme"])
        levels = pd.concat([g["slutt"], g.loc[~total, "start"]])
        lo, hi = float(levels.min()), float(levels.max())
        span = max(hi - lo, 1.0)
        lo_axis, hi_axis = lo - 0.5 * span, hi + 0.45 * span
        g["x0"] = g["start"].where(~total, lo_axis) / 1000
        g["x1"] = g["slutt"] / 1000
        g["type"] = ["Ramme" if t else ("Økning" if b > 0 else "Reduksjon")
                     for t, b in zip(total, g["belop"], strict=True)]
        g["etikett"] = [fmt_number(b / 1000, 1, sign=not t)
                        for t, b in zip(total, g["belop"], strict=True)]
        g["xe"] = g[["x0", "x1"]].max(axis=1)
        g["navn"] = g["steg"].map(KATEGORI_KORT)
        order = g["navn"].tolist()
        y = alt.Y("navn:N", sort=order, title=None,
                  axis=alt.Axis(labelLimit=120, labelFontSize=10))
        bars = alt.Chart(g, title=alt.Title(area, fontSize=12)).mark_bar(
            height=12, stroke="#1a1a1a", strokeWidth=0.5, clip=True).encode(
            y=y,
            x=alt.X("x0:Q", title="mill. kr", scale=alt.Scale(
                domain=[lo_axis / 1000, hi_axis / 1000], zero=False, nice=False),
                axis=alt.Axis(format=",.0f", tickCount=4)),
            x2="x1:Q",
            color=alt.Color("type:N", title=None,
                            scale=alt.Scale(domain=["Ramme", "Økning", "Reduksjon"],
                                            range=[charts.HIGHLIGHT, charts.NEGATIVE,
                                                   "#bfbfbf"])),
        )
        text = alt.Chart(g).mark_text(align="left", dx=3, fontSize=9, color="#222222").encode(
            y=y, x="xe:Q", text="etikett:N")
        panels.append((bars + text).properties(width=150, height=17 * len(g)))
    rows = [alt.hconcat(*panels[i:i + columns], spacing=30)
            for i in range(0, len(panels), columns)]
    chart = alt.vconcat(*rows, title=title, spacing=18).resolve_scale(x="independent",
                                                                     y="independent")
    return chartalt.describe(chart, waterfall_alt(bridge, title), waterfall_table(bridge))


def waterfall_alt(bridge: pd.DataFrame, title: str = "") -> str:
    """The waterfall's text alternative: per rammeområde the opening budget, the new
    frame and the largest step, in mill. kr."""
    parts = []
    for area, g in bridge.groupby("rammeomrade", sort=False):
        total = g["steg"].isin(["opprinnelig_budsjett", "ramme"])
        start = g.loc[g["steg"] == "opprinnelig_budsjett", "belop"]
        end = g.loc[g["steg"] == "ramme", "belop"]
        steps = g[~total & (g["belop"] != 0)]
        text = f"{area}: " + ", ".join(
            [f"opprinnelig budsjett {fmt_number(start.iloc[0] / 1000, 1)}"] * (not start.empty)
            + [f"ny ramme {fmt_number(end.iloc[0] / 1000, 1)}"] * (not end.empty))
        if not steps.empty:
            big = steps.loc[steps["belop"].abs().idxmax()]
            text += (f"; største endring {KATEGORI_KORT.get(big['steg'], big['steg']).lower()} "
                     f"{fmt_number(big['belop'] / 1000, 1, sign=True)}")
        parts.append(text)
    head = title or "Fra opprinnelig budsjett til ny ramme per rammeområde"
    return chartalt.sentence(
        f"{head}, mill. kr.", "Ett fossefallsdiagram per rammeområde: rammene som mørk blå "
        "søyler, økninger mørk røde og reduksjoner lys grå, hver med beløpet skrevet ved "
        "søylen.", "; ".join(parts) + ".")


def waterfall_table(bridge: pd.DataFrame) -> pd.DataFrame:
    """The waterfall's figures: one row per rammeområde, one column per step (mill. kr)."""
    df = bridge.assign(navn=bridge["steg"].map(lambda s: KATEGORI_KORT.get(s, s)),
                       mill=bridge["belop"] / 1000)
    return chartalt.table_frame(df, index="rammeomrade", columns="navn", values="mill",
                                decimals=1, index_title="Rammeområde")
