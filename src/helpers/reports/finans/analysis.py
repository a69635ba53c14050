"""The finans report: frie inntekter, finance costs and interest sensitivity, budget balance,
and the frames per rammeområde.

All amounts are in 1000 kr. The data files carry the accounting sign (income negative,
expense positive); the functions here say in their docstrings when they turn a line into a
plain positive amount. Nothing here reads files: every function takes DataFrames from
:func:`helpers.data.load_data` and parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from helpers.data.kommuner import Kommune, resolve
from helpers.data.load import DataError, Problem
from helpers.data.specs.finans import KATEGORI
from helpers.presentation import charts
from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
    round_half_up,
)
from helpers.presentation.merknad import Note
from helpers.presentation.nokkeltall import key_figure_frame

RAPPORT = "finans"

# Which budget column describes a year, relative to the budget year: the year before the
# budget year uses ``grunnlag_fjoraar``; earlier years use the accounts.
BUDGET_DATATYPES = ("budsjett", "revidert_budsjett", "okonomiplan")
GRUNNLAG_FJORAAR = ("budsjett", "revidert_budsjett", "prognose")

KATEGORI_NAVN = {
    "opprinnelig_budsjett": "Opprinnelig budsjett",
    "tekniske_justeringer": "Tekniske justeringer",
    "endringer_vedtatt_okonomiplan": "Endringer i tiltak fra forrige økonomiplan",
    "befolkningsendring": "Tiltak som følge av befolkningsendring",
    "politiske_vedtak": "Politiske vedtak",
    "driftskonsekvens_investeringer": "Driftskonsekvens av investeringer",
    "innsparingstiltak": "Innsparingstiltak",
    "nye_tiltak": "Nye tiltak",
    "ramme": "Ramme",
}
KATEGORI_KORT = {
    "opprinnelig_budsjett": "Oppr. budsjett",
    "tekniske_justeringer": "Tekn. justeringer",
    "endringer_vedtatt_okonomiplan": "Endr. forrige plan",
    "befolkningsendring": "Befolkning",
    "politiske_vedtak": "Politiske vedtak",
    "driftskonsekvens_investeringer": "Drift av invest.",
    "innsparingstiltak": "Innsparinger",
    "nye_tiltak": "Nye tiltak",
    "ramme": "Ny ramme",
}
# The adjustment steps that the source counts as realendringer (new measures, savings, ...).
REALENDRINGER = ("befolkningsendring", "politiske_vedtak", "driftskonsekvens_investeringer",
                 "innsparingstiltak", "nye_tiltak")
# Lumped, unnamed lines that are not a measure of their own.
SAMLEPOSTER = ("Andre tiltak",)


def require(data: dict[str, pd.DataFrame], stems: list[str] | tuple[str, ...]) -> None:
    """Raise :class:`DataError` naming every file in ``stems`` that ``data`` lacks."""
    missing = [s for s in stems if s not in data]
    if missing:
        raise DataError([Problem(f"{s}.csv", None, None, None,
                                 "filen mangler – finansrapporten trenger den")
                         for s in missing])


def pick_year_basis(df: pd.DataFrame, budsjettaar: int,
                    grunnlag_fjoraar: str = "revidert_budsjett") -> pd.DataFrame:
    """Keep one kind of figure per year: accounts (``regnskap``) before the year before the
    budget year, ``grunnlag_fjoraar`` for the year before, ``okonomiplan`` from the budget
    year on. ``df`` needs the columns ``aar`` and ``datatype``."""
    if grunnlag_fjoraar not in GRUNNLAG_FJORAAR:
        raise ValueError(f"grunnlag_fjoraar må være en av {GRUNNLAG_FJORAAR}, "
                         f"ikke «{grunnlag_fjoraar}»")
    aar = df["aar"].astype(int)
    want = pd.Series("regnskap", index=df.index)
    want[aar == budsjettaar - 1] = grunnlag_fjoraar
    want[aar >= budsjettaar] = "okonomiplan"
    return df[df["datatype"] == want]


def _lines(okonomiplan: pd.DataFrame, kommunenummer: str, tabell: str, posts: list[str],
           budsjettaar: int, grunnlag_fjoraar: str) -> pd.DataFrame:
    """Wide frame (aar, datatype, one column per post) with the accounting sign; a post the
    data lacks for a year is NaN, never 0."""
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == tabell) & (okonomiplan["dimensjon"] == "")
                      & okonomiplan["post"].isin(posts)]
    sel = pick_year_basis(sel, budsjettaar, grunnlag_fjoraar)
    if sel.empty:
        return pd.DataFrame(columns=["aar", "datatype", *posts])
    wide = sel.pivot_table(index=["aar", "datatype"], columns="post", values="belop",
                           aggfunc="sum").reset_index()
    wide.columns.name = None
    for p in posts:
        if p not in wide:
            wide[p] = float("nan")
    wide["aar"] = wide["aar"].astype(int)
    return wide.sort_values("aar").reset_index(drop=True)


# ---------------------------------------------------------------- frie inntekter


def deflators(forutsetninger: pd.DataFrame | None, kommunenummer: str) -> dict[int, float]:
    """The deflator (samlet lønns- og prisvekst, %) per year where the data gives one."""
    if forutsetninger is None:
        return {}
    sel = forutsetninger[(forutsetninger["kommunenummer"] == kommunenummer)
                         & (forutsetninger["parameter"] == "deflator_pst")]
    return {int(r.aar): float(r.verdi) for r in sel.itertuples()}


def assumption(forutsetninger: pd.DataFrame | None, kommunenummer: str, parameter: str,
               aar: int) -> float | None:
    """One value from finans_forutsetninger (None when the data does not give it)."""
    if forutsetninger is None:
        return None
    sel = forutsetninger[(forutsetninger["kommunenummer"] == kommunenummer)
                         & (forutsetninger["parameter"] == parameter)
                         & (forutsetninger["aar"] == aar)]
    return None if sel.empty else float(sel["verdi"].iloc[0])


def real_growth_pct(nominal_pct: float, deflator_pct: float) -> float:
    """Real growth in % from nominal growth and a deflator: (1+g)/(1+d) − 1."""
    return ((1 + nominal_pct / 100) / (1 + deflator_pct / 100) - 1) * 100


def free_income(okonomiplan: pd.DataFrame, kommunenummer: str, budsjettaar: int,
                grunnlag_fjoraar: str = "revidert_budsjett",
                deflator: dict[int, float] | None = None) -> pd.DataFrame:
    """Frie inntekter (skatt på inntekt og formue + ordinært rammetilskudd; eiendomsskatt
    not included) per year as positive amounts, with the change from the year before in
    1000 kr and %, and real growth where ``deflator`` (aar → %) has the year.

    Columns: aar, datatype, skatt, rammetilskudd, frie_inntekter, endring, vekst_pst,
    deflator_pst, realvekst_pst.
    """
    w = _lines(okonomiplan, kommunenummer, "sentrale_inntekter",
               ["skatt_inntekt_formue", "rammetilskudd"], budsjettaar, grunnlag_fjoraar)
    out = pd.DataFrame({"aar": w["aar"], "datatype": w["datatype"],
                        "skatt": -w["skatt_inntekt_formue"],
                        "rammetilskudd": -w["rammetilskudd"]})
    out["frie_inntekter"] = out["skatt"] + out["rammetilskudd"]
    prev = out.set_index("aar")["frie_inntekter"]
    before = out["aar"].map(lambda a: prev.get(a - 1, float("nan")))
    out["endring"] = out["frie_inntekter"] - before
    out["vekst_pst"] = out["endring"] / before * 100
    deflator = deflator or {}
    out["deflator_pst"] = out["aar"].map(lambda a: deflator.get(int(a), float("nan")))
    out["realvekst_pst"] = [
        real_growth_pct(g, d) if not (pd.isna(g) or pd.isna(d)) else float("nan")
        for g, d in zip(out["vekst_pst"], out["deflator_pst"], strict=True)
    ]
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- finance items


def finance_items(okonomiplan: pd.DataFrame, kommunenummer: str, budsjettaar: int,
                  grunnlag_fjoraar: str = "revidert_budsjett",
                  frie: pd.DataFrame | None = None) -> pd.DataFrame:
    """Renteutgifter, renteinntekter og utbytte, avdrag and netto finansutgifter per year.

    Renteutgifter, avdrag and netto finansutgifter are positive expenses; renteinntekter og
    utbytte is a positive income. netto = renteutgifter − renteinntekter + avdrag (the
    source's «Netto finansinntekter/finansutgifter»). With ``frie`` (from
    :func:`free_income`) the share of frie inntekter is added.
    """
    posts = ["renteutgifter", "renteinntekter_utbytte", "avdrag"]
    w = _lines(okonomiplan, kommunenummer, "finans", posts, budsjettaar, grunnlag_fjoraar)
    out = pd.DataFrame({"aar": w["aar"], "datatype": w["datatype"],
                        "renteutgifter": w["renteutgifter"],
                        "renteinntekter_utbytte": -w["renteinntekter_utbytte"],
                        "avdrag": w["avdrag"]})
    out["netto_finansutgifter"] = (out["renteutgifter"] - out["renteinntekter_utbytte"]
                                   + out["avdrag"])
    if frie is not None and not frie.empty:
        fi = frie.set_index("aar")["frie_inntekter"]
        out["frie_inntekter"] = out["aar"].map(lambda a: fi.get(a, float("nan")))
        out["andel_frie_inntekter_pst"] = out["netto_finansutgifter"] / out["frie_inntekter"] * 100
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- interest sensitivity


@dataclass(frozen=True)
class DebtBasis:
    """The debt the interest sensitivity is computed on, and where it comes from."""

    belop: float  # 1000 kr
    aar: int | None
    forklaring: str
    fra_data: bool


def default_debt(kostra: pd.DataFrame | None, folketall: pd.DataFrame | None,
                 kommunenummer: str) -> DebtBasis | None:
    """Netto lånegjeld in 1000 kr for the latest year where both KOSTRA's netto lånegjeld
    in kr per innbygger and the folketall at 31.12 are in the data (per innbygger ×
    folketall ÷ 1000). None when the data cannot give it."""
    if kostra is None or folketall is None:
        return None
    per = kostra[(kostra["kommunenummer"] == kommunenummer)
                 & (kostra["indikator"] == "netto_lanegjeld_per_innb")
                 & (kostra["dimensjon"] == "")].set_index("aar")["verdi"]
    pop = folketall[folketall["kommunenummer"] == kommunenummer].set_index("aar")["folketall"]
    years = sorted(set(per.index) & set(pop.index))
    if not years:
        return None
    y = int(years[-1])
    belop = float(per[y]) * float(pop[y]) / 1000
    text = (f"Netto lånegjeld {y} beregnet som {fmt_number(per[y])} kr per innbygger (KOSTRA) "
            f"× {fmt_number(pop[y])} innbyggere 31.12.{y}")
    return DebtBasis(belop=belop, aar=y, forklaring=text, fra_data=True)


def model_debt(data: dict[str, pd.DataFrame], kommune: Kommune,
               budsjettaar: int) -> DebtBasis | None:
    """Netto lånegjeld at the start of the budget year from the shared economic model (the
    debt path the handlingsregler and investering reports show); KOSTRA × folketall when the
    data have no investment plan."""
    from helpers.model.economy import economy

    e = economy(data, kommune.kommunenummer, budsjettaar)
    if e.investering is not None:
        d = e.investering.base.debt.set_index("aar")
        if budsjettaar in d.index:
            start = e.investering.base.startgjeld
            return DebtBasis(
                belop=float(d.loc[budsjettaar, "inngaaende_gjeld"]), aar=start.aar,
                forklaring=(f"Netto lånegjeld ved inngangen til {budsjettaar} i den felles "
                            f"gjeldsberegningen: {start.forklaring}"),
                fra_data=True)
    return default_debt(data.get("kostra"), data.get("folketall"), kommune.kommunenummer)


def scenario_label(pp: float) -> str:
    """'+1,0 pp' / '-0,5 pp' (plain ASCII sign and space, for the key-figure dimension)."""
    return f"{pp:+.1f}".replace(".", ",") + " pp"


def interest_sensitivity(gjeld: float, andel_flytende_pst: float, scenarier_pp: list[float],
                         frie_inntekter: float | None = None) -> pd.DataFrame:
    """Change in annual interest cost (1000 kr) for each change in the interest rate
    (percentage points), on the share of the debt that has a floating rate:
    gjeld × andel/100 × pp/100. A full-year effect; fixed-rate loans are assumed not to
    reprice within the year.

    Columns: scenario, endring_pp, rentekostnad_endring, andel_frie_inntekter_pst.
    """
    if gjeld < 0:
        raise ValueError("Gjelden kan ikke være negativ")
    if not 0 <= andel_flytende_pst <= 100:
        raise ValueError("Andelen med flytende rente må være mellom 0 og 100 %")
    flytende = gjeld * andel_flytende_pst / 100
    rows = []
    for pp in scenarier_pp:
        change = flytende * pp / 100
        share = (change / frie_inntekter * 100 if frie_inntekter and not pd.isna(frie_inntekter)
                 else float("nan"))
        rows.append({"scenario": scenario_label(pp), "endring_pp": float(pp),
                     "rentekostnad_endring": change, "andel_frie_inntekter_pst": share})
    return pd.DataFrame(rows, columns=["scenario", "endring_pp", "rentekostnad_endring",
                                       "andel_frie_inntekter_pst"])


# ---------------------------------------------------------------- frames and balance


def area_frames(rammer: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """Net frame per rammeområde, year and datatype (the source's «Sum» of each area's
    Driftsbudsjett; net expense positive, Finans negative). Columns: rammeomrade, aar,
    datatype, belop."""
    sel = rammer[(rammer["kommunenummer"] == kommunenummer) & (rammer["niva"] == "rammeomrade")]
    out = sel[["rammeomrade", "aar", "datatype", "belop"]].copy()
    out["aar"] = out["aar"].astype(int)
    return out.reset_index(drop=True)


def frame_table(rammer: pd.DataFrame, kommunenummer: str, budsjettaar: int) -> pd.DataFrame:
    """Frames per rammeområde for every year in the data. Columns: rammeomrade, aar,
    datatype, belop; ``endring_fra_fjoraar`` (from the frame the year before: for the
    budget year the opprinnelig budsjett of the year before, the source's «Budsjett»
    column; for later plan years the plan's previous year) and
    ``endring_fra_budsjett_fjoraar`` (from the opprinnelig budsjett of the year before the
    budget year), each also in % (``_pst``)."""
    f = area_frames(rammer, kommunenummer)
    base = f[(f["aar"] == budsjettaar - 1) & (f["datatype"] == "budsjett")]
    base = base.set_index("rammeomrade")["belop"]
    plan = f[f["datatype"].isin(["budsjett", "okonomiplan"])]
    prev = {(r, a): b for r, a, b in zip(plan["rammeomrade"], plan["aar"], plan["belop"],
                                         strict=True)
            if a >= budsjettaar}
    for r, b in base.items():
        prev[(r, budsjettaar - 1)] = b

    def change(r, a, b, ref):
        if a < budsjettaar or ref is None or pd.isna(ref):
            return float("nan")
        return b - ref

    def pct(e, ref):
        return e / abs(ref) * 100 if not pd.isna(e) and ref not in (None, 0) else float("nan")

    f["endring_fra_fjoraar"] = [change(r, a, b, prev.get((r, a - 1)))
                                for r, a, b in zip(f["rammeomrade"], f["aar"], f["belop"],
                                                   strict=True)]
    f["endring_fra_fjoraar_pst"] = [pct(e, prev.get((r, a - 1))) for r, a, e in zip(
        f["rammeomrade"], f["aar"], f["endring_fra_fjoraar"], strict=True)]
    f["endring_fra_budsjett_fjoraar"] = [change(r, a, b, base.get(r)) for r, a, b in zip(
        f["rammeomrade"], f["aar"], f["belop"], strict=True)]
    f["endring_fra_budsjett_fjoraar_pst"] = [pct(e, base.get(r)) for r, e in zip(
        f["rammeomrade"], f["endring_fra_budsjett_fjoraar"], strict=True)]
    order = {r: i for i, r in enumerate(dict.fromkeys(f["rammeomrade"]))}
    return f.sort_values(["rammeomrade", "aar"], key=lambda s: s.map(order)
                         if s.name == "rammeomrade" else s).reset_index(drop=True)


def rounding_tolerance(n_figures: int) -> float:
    """The largest difference that rounding can explain when ``n_figures`` amounts, each
    rounded to whole 1000 kr, are added: half a thousand per figure."""
    return 0.5 * n_figures


def budget_balance(rammer: pd.DataFrame, kommunenummer: str,
                   toleranse: float | None = None) -> pd.DataFrame:
    """The sum of all rammeområder including Finans per year and datatype. In a budget or
    plan year it must be zero (kommuneloven § 14-4: balance in every year of the plan).

    A sum within ``toleranse`` (default: the rounding bound, 0.5 per area summed) counts as
    balanced. Columns: aar, datatype, sum, antall_rammeomrader, toleranse, krav (True for
    budget/plan years; accounts are shown but not judged), i_balanse (None where there is
    no requirement), avvik (the sum when the year is out of balance, else 0).
    """
    f = area_frames(rammer, kommunenummer)
    rows = []
    for (aar, datatype), g in f.groupby(["aar", "datatype"], sort=True):
        total = float(g["belop"].sum())
        n = int(g["rammeomrade"].nunique())
        tol = rounding_tolerance(n) if toleranse is None else float(toleranse)
        krav = datatype in BUDGET_DATATYPES
        balanced = abs(total) <= tol if krav else None
        rows.append({"aar": int(aar), "datatype": datatype, "sum": total,
                     "antall_rammeomrader": n, "toleranse": tol, "krav": krav,
                     "i_balanse": balanced,
                     "avvik": (0.0 if balanced else total) if krav else float("nan")})
    return pd.DataFrame(rows, columns=["aar", "datatype", "sum", "antall_rammeomrader",
                                       "toleranse", "krav", "i_balanse", "avvik"])


def unbalanced_years(balance: pd.DataFrame) -> pd.DataFrame:
    """The budget/plan years that are out of balance (empty when all balance)."""
    return balance[balance["krav"] & (balance["i_balanse"] == False)]  # noqa: E712


# ---------------------------------------------------------------- frame bridge


def frame_bridge(rammeendringer: pd.DataFrame, kommunenummer: str, aar: int) -> pd.DataFrame:
    """From opprinnelig budsjett to the new frame per rammeområde in one plan year, through
    the adjustment steps in the source's order (units added up to their rammeområde).

    Columns: rammeomrade, steg (kategori key or 'ramme'), steg_navn, belop, start, slutt.
    For the waterfall: a step runs from ``start`` to ``slutt``; the first and last bars
    start at zero. Steps the area does not have are left out.
    """
    sel = rammeendringer[(rammeendringer["kommunenummer"] == kommunenummer)
                         & (rammeendringer["aar"] == aar)]
    rows = []
    for area in dict.fromkeys(sel["rammeomrade"]):
        g = sel[sel["rammeomrade"] == area]
        sums = g.groupby("kategori")["belop"].sum()
        level = 0.0
        for kat in KATEGORI:
            if kat not in sums.index:
                continue
            value = float(sums[kat])
            if kat == "opprinnelig_budsjett":
                rows.append({"rammeomrade": area, "steg": kat, "steg_navn": KATEGORI_NAVN[kat],
                             "belop": value, "start": 0.0, "slutt": value})
                level = value
                continue
            rows.append({"rammeomrade": area, "steg": kat, "steg_navn": KATEGORI_NAVN[kat],
                         "belop": value, "start": level, "slutt": level + value})
            level += value
        rows.append({"rammeomrade": area, "steg": "ramme", "steg_navn": KATEGORI_NAVN["ramme"],
                     "belop": level, "start": 0.0, "slutt": level})
    return pd.DataFrame(rows, columns=["rammeomrade", "steg", "steg_navn", "belop", "start",
                                       "slutt"])


def bridge_check(bridge: pd.DataFrame, rammer: pd.DataFrame, kommunenummer: str,
                 aar: int) -> pd.DataFrame:
    """Compare each bridge with the frames printed in the Driftsbudsjett tables: the
    opprinnelig budsjett against last year's budget, and the computed frame against the
    printed frame. Columns: rammeomrade, opprinnelig, budsjett_fjoraar, avvik_start,
    ramme_beregnet, ramme_trykt, avvik_ramme, antall_linjer."""
    f = area_frames(rammer, kommunenummer)
    prev = f[(f["aar"] == aar - 1) & (f["datatype"] == "budsjett")].set_index("rammeomrade")
    now = f[(f["aar"] == aar) & f["datatype"].isin(BUDGET_DATATYPES)].set_index("rammeomrade")
    rows = []
    for area, g in bridge.groupby("rammeomrade", sort=False):
        start = g.loc[g["steg"] == "opprinnelig_budsjett", "belop"]
        start = float(start.iloc[0]) if len(start) else float("nan")
        end = float(g.loc[g["steg"] == "ramme", "belop"].iloc[0])
        b_prev = float(prev["belop"][area]) if area in prev.index else float("nan")
        b_now = float(now["belop"][area]) if area in now.index else float("nan")
        rows.append({"rammeomrade": area, "opprinnelig": start, "budsjett_fjoraar": b_prev,
                     "avvik_start": start - b_prev, "ramme_beregnet": end, "ramme_trykt": b_now,
                     "avvik_ramme": end - b_now, "antall_linjer": int((g["steg"] != "ramme")
                                                                     .sum())})
    return pd.DataFrame(rows, columns=["rammeomrade", "opprinnelig", "budsjett_fjoraar",
                                       "avvik_start", "ramme_beregnet", "ramme_trykt",
                                       "avvik_ramme", "antall_linjer"])


def largest_measures(rammeendringer: pd.DataFrame, kommunenummer: str, aar: int,
                     kategorier: tuple[str, ...] = REALENDRINGER, n: int = 10,
                     uten_samleposter: bool = True) -> pd.DataFrame:
    """The ``n`` largest named measures (by absolute amount) in one plan year.

    Columns: rammeomrade, virksomhet, kategori, kategori_navn, tiltak, belop. Lumped lines
    such as «Andre tiltak» are left out unless ``uten_samleposter`` is False; measures with
    zero effect in the year are left out.
    """
    sel = rammeendringer[(rammeendringer["kommunenummer"] == kommunenummer)
                         & (rammeendringer["aar"] == aar)
                         & rammeendringer["kategori"].isin(kategorier)
                         & (rammeendringer["belop"] != 0)]
    if uten_samleposter:
        sel = sel[~sel["tiltak"].isin(SAMLEPOSTER)]
    out = sel[["rammeomrade", "virksomhet", "kategori", "tiltak", "belop"]].copy()
    out["kategori_navn"] = out["kategori"].map(KATEGORI_NAVN)
    out = out.assign(_abs=out["belop"].abs()).sort_values(["_abs", "tiltak"],
                                                          ascending=[False, True])
    return out.drop(columns="_abs").head(n)[["rammeomrade", "virksomhet", "kategori",
                                             "kategori_navn", "tiltak", "belop"]
                                            ].reset_index(drop=True)


# ---------------------------------------------------------------- KS prognosis


KS_RAMMETILSKUDD_POSTER = ("innbyggertilskudd", "utgiftsutjevning", "overgangsordning_ingar",
                           "saker_sarskilt_fordeling", "sor_norge_tilskudd", "ordinaert_skjonn")


def ks_table(inntektsprognose: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """The KS prognosis as printed (income positive): one row per line, one column per
    year. Lines the source leaves blank are NaN."""
    sel = inntektsprognose[inntektsprognose["kommunenummer"] == kommunenummer]
    if sel.empty:
        return pd.DataFrame()
    order = list(dict.fromkeys(sel["post"]))
    wide = sel.pivot_table(index=["post", "post_navn", "radtype"], columns="aar",
                           values="belop", aggfunc="sum")
    wide = -wide
    wide = wide.reset_index()
    wide.columns.name = None
    wide.columns = [int(c) if isinstance(c, int | float) and not isinstance(c, bool) else c
                    for c in wide.columns]
    return wide.sort_values("post", key=lambda s: s.map({p: i for i, p in enumerate(order)})
                            ).reset_index(drop=True)


def ks_check(inntektsprognose: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """Check the KS table's printed sums against its lines (income positive):

    - sum rammetilskudd uten inntektsutjevning = the six grant lines;
    - sum rammetilskudd = the printed sum above + netto inntektsutjevning;
    - sum skatt og rammetilskudd (rounded to 100) = the printed sum rammetilskudd + skatt.

    Columns: aar, post, trykt, beregnet, avvik (trykt − beregnet), toleranse.
    """
    sel = inntektsprognose[inntektsprognose["kommunenummer"] == kommunenummer]
    if sel.empty:
        return pd.DataFrame(columns=["aar", "post", "trykt", "beregnet", "avvik", "toleranse"])
    v = (-sel.set_index(["aar", "post"])["belop"]).to_dict()
    rows = []
    for aar in sorted(sel["aar"].astype(int).unique()):
        parts = [v.get((aar, p)) for p in KS_RAMMETILSKUDD_POSTER]
        parts = [p for p in parts if p is not None]
        printed1 = v.get((aar, "sum_rammetilskudd_uten_inntektsutjevning"))
        if printed1 is not None:
            rows.append({"aar": aar, "post": "sum_rammetilskudd_uten_inntektsutjevning",
                         "trykt": printed1, "beregnet": float(sum(parts)),
                         "toleranse": rounding_tolerance(len(parts))})
        printed2 = v.get((aar, "sum_rammetilskudd"))
        utj = v.get((aar, "netto_inntektsutjevning"))
        if printed2 is not None and printed1 is not None and utj is not None:
            rows.append({"aar": aar, "post": "sum_rammetilskudd", "trykt": printed2,
                         "beregnet": printed1 + utj, "toleranse": rounding_tolerance(2)})
        printed3 = v.get((aar, "sum_skatt_rammetilskudd_avrundet"))
        skatt = v.get((aar, "skatt_inntekt_formue"))
        if printed3 is not None and printed2 is not None and skatt is not None:
            rows.append({"aar": aar, "post": "sum_skatt_rammetilskudd_avrundet",
                         "trykt": printed3, "beregnet": float(round((printed2 + skatt) / 100)
                                                              * 100),
                         "toleranse": 0.0})
    out = pd.DataFrame(rows, columns=["aar", "post", "trykt", "beregnet", "toleranse"])
    out["avvik"] = out["trykt"] - out["beregnet"]
    return out[["aar", "post", "trykt", "beregnet", "avvik", "toleranse"]]


# ---------------------------------------------------------------- key figures


def key_figures(kommune_navn: str, frie: pd.DataFrame, finans: pd.DataFrame,
                balance: pd.DataFrame, frames: pd.DataFrame, sensitivity: pd.DataFrame,
                budsjettaar: int) -> pd.DataFrame:
    """The report's rows for nokkeltall.csv (rapport «finans»).

    frie_inntekter, frie_inntekter_vekst (1000 kr) and frie_inntekter_vekst_pst per year,
    frie_inntekter_realvekst_pst where a deflator is known; renteutgifter,
    renteinntekter_utbytte, avdrag, netto_finansutgifter (1000 kr, positive) and
    netto_finansutgifter_pst_frie_inntekter per year; budsjettbalanse per budget/plan year
    (1000 kr; 0 when balanced within rounding, otherwise minus the sum of the frames: a
    deficit is negative); ramme per rammeområde (dimensjon) per budget/plan year and
    ramme_endring_fra_fjoraar for the plan years;
    rentekostnad_endring per scenario (dimensjon, aar = budsjettaar).
    """
    recs: list[dict] = []

    def add(nokkel, aar, verdi, enhet, dimensjon=""):
        if verdi is None or (isinstance(verdi, float) and math.isnan(verdi)):
            return
        recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": kommune_navn,
                     "aar": int(aar), "dimensjon": dimensjon, "verdi": float(verdi),
                     "enhet": enhet})

    for r in frie.itertuples():
        add("frie_inntekter", r.aar, r.frie_inntekter, "1000 kr")
        add("frie_inntekter_vekst", r.aar, r.endring, "1000 kr")
        add("frie_inntekter_vekst_pst", r.aar, round_half_up(r.vekst_pst, 2), "%")
        add("frie_inntekter_realvekst_pst", r.aar, round_half_up(r.realvekst_pst, 2), "%")
    for r in finans.itertuples():
        add("renteutgifter", r.aar, r.renteutgifter, "1000 kr")
        add("renteinntekter_utbytte", r.aar, r.renteinntekter_utbytte, "1000 kr")
        add("avdrag", r.aar, r.avdrag, "1000 kr")
        add("netto_finansutgifter", r.aar, r.netto_finansutgifter, "1000 kr")
        if "andel_frie_inntekter_pst" in finans:
            add("netto_finansutgifter_pst_frie_inntekter", r.aar,
                round_half_up(r.andel_frie_inntekter_pst, 2), "%")
    for r in balance[balance["krav"]].itertuples():
        add("budsjettbalanse", r.aar, -r.avvik + 0.0, "1000 kr")  # deficit negative
    plan = frames[frames["datatype"].isin(BUDGET_DATATYPES)]
    for r in plan.itertuples():
        add("ramme", r.aar, r.belop, "1000 kr", r.rammeomrade)
        if r.aar >= budsjettaar:
            add("ramme_endring_fra_fjoraar", r.aar, r.endring_fra_fjoraar, "1000 kr",
                r.rammeomrade)
    for r in sensitivity.itertuples():
        add("rentekostnad_endring", budsjettaar, round(r.rentekostnad_endring, 1), "1000 kr",
            r.scenario)
    return key_figure_frame(recs)


# ---------------------------------------------------------------- commentary


def price_basis(forutsetninger: pd.DataFrame | None, kommunenummer: str,
                budsjettaar: int) -> int | None:
    """The price level of the plan years as the data declare it (``prisnivaa_aar`` in
    finans_forutsetninger: the year whose prices the plan is in, 0 for current prices);
    None when the source does not say."""
    v = assumption(forutsetninger, kommunenummer, "prisnivaa_aar", budsjettaar)
    return None if v is None else int(v)


def price_basis_text(prisnivaa: int | None) -> str:
    """'' when the source says nothing; otherwise ', i faste 2024-priser' or
    ', i løpende priser'."""
    if prisnivaa is None:
        return ""
    return ", i løpende priser" if prisnivaa == 0 else f", i faste {prisnivaa}-priser"


def commentary(frie: pd.DataFrame, finans: pd.DataFrame, balance: pd.DataFrame,
               frames: pd.DataFrame, sensitivity: pd.DataFrame, budsjettaar: int,
               vekst_statsbudsjett_pst: float | None = None,
               andel_flytende_pst: float | None = None,
               prisnivaa: int | None = None) -> list[str]:
    """Bokmål sentences that describe the figures (one string per paragraph)."""
    out: list[str] = []
    fi = frie.set_index("aar")
    if budsjettaar in fi.index and not pd.isna(fi.loc[budsjettaar, "frie_inntekter"]):
        r = fi.loc[budsjettaar]
        text = (f"Frie inntekter (skatt og rammetilskudd) er budsjettert til "
                f"{fmt_mill(r['frie_inntekter'])} i {budsjettaar}")
        if not pd.isna(r["endring"]):
            text += (f", {fmt_mill(r['endring'], sign=True)} eller "
                     f"{fmt_pct(r['vekst_pst'], sign=True)} fra {budsjettaar - 1}")
        text += "."
        if not pd.isna(r["realvekst_pst"]):
            text += (f" Med en deflator på {fmt_pct(r['deflator_pst'])} tilsvarer det en "
                     f"realvekst på {fmt_pct(r['realvekst_pst'], sign=True)}.")
        if vekst_statsbudsjett_pst is not None:
            text += (f" Økonomiplanen oppgir selv {fmt_pct(vekst_statsbudsjett_pst)} vekst, "
                     "målt mot statsbudsjettets anslag for året før")
            if not pd.isna(r["deflator_pst"]):
                real = real_growth_pct(vekst_statsbudsjett_pst, r["deflator_pst"])
                text += f", som gir en realvekst på {fmt_pct(real, sign=True)}"
            text += "."
        out.append(text)
        last = fi.index.max()
        if last > budsjettaar and not pd.isna(fi.loc[last, "frie_inntekter"]):
            growth = (fi.loc[last, "frie_inntekter"] / r["frie_inntekter"] - 1) * 100
            out.append(f"Fra {budsjettaar} til {last} øker frie inntekter med "
                       f"{fmt_pct(growth)} i alt i økonomiplanen{price_basis_text(prisnivaa)}.")
    fn = finans.set_index("aar")
    if budsjettaar in fn.index:
        r = fn.loc[budsjettaar]
        text = (f"Netto finansutgifter (renter og avdrag minus renteinntekter og utbytte) er "
                f"{fmt_mill(r['netto_finansutgifter'])} i {budsjettaar}")
        if budsjettaar - 1 in fn.index:
            d = r["netto_finansutgifter"] - fn.loc[budsjettaar - 1, "netto_finansutgifter"]
            text += f", {fmt_mill(d, sign=True)} fra året før"
            dr = r["renteutgifter"] - fn.loc[budsjettaar - 1, "renteutgifter"]
            text += f"; renteutgiftene alene øker med {fmt_mill(dr, sign=True)}"
        text += "."
        if "andel_frie_inntekter_pst" in fn and not pd.isna(r["andel_frie_inntekter_pst"]):
            text += (f" Det tilsvarer {fmt_pct(r['andel_frie_inntekter_pst'])} av frie "
                     "inntekter")
            last = fn.index.max()
            if last > budsjettaar and not pd.isna(fn.loc[last, "andel_frie_inntekter_pst"]):
                text += (f", og andelen er {fmt_pct(fn.loc[last, 'andel_frie_inntekter_pst'])} "
                         f"i {last}")
            text += "."
        out.append(text)
    if not sensitivity.empty:
        pos = sensitivity[sensitivity["endring_pp"] > 0].sort_values("endring_pp")
        if not pos.empty:
            r = pos.iloc[0]
            share = ("" if andel_flytende_pst is None else
                     f" når {fmt_pct(andel_flytende_pst, 0)} av gjelden har flytende rente")
            out.append(f"En renteøkning på {fmt_number(r['endring_pp'], 1)} prosentpoeng gir "
                       f"{fmt_mill(r['rentekostnad_endring'])} mer i årlige renteutgifter"
                       f"{share}.")
    req = balance[balance["krav"]]
    bad = unbalanced_years(balance)
    if not req.empty:
        years = req["aar"].tolist()
        if bad.empty:
            out.append(f"Budsjettet og økonomiplanen er i balanse i alle år "
                       f"({years[0]}–{years[-1]}): rammeområdene og finansområdet summerer "
                       "til null innenfor avrundingen.")
        else:
            parts = [f"{r.aar} ({fmt_number(r.sum, sign=True)} i 1000 kr)"
                     for r in bad.itertuples()]
            out.append("UBALANSE: summen av rammeområdene og finansområdet er ikke null i "
                       + ", ".join(parts) + ". Kommuneloven § 14-4 krever balanse i hvert år "
                       "av økonomiplanen.")
    ch = frames[(frames["aar"] == budsjettaar) & frames["endring_fra_fjoraar"].notna()
                & (frames["rammeomrade"] != "Finans")]
    if not ch.empty:
        up = ch.sort_values("endring_fra_fjoraar", ascending=False).iloc[0]
        down = ch.sort_values("endring_fra_fjoraar").iloc[0]
        text = (f"Blant tjenesteområdene øker {up['rammeomrade']} mest fra budsjettet for "
                f"{budsjettaar - 1} til {budsjettaar} "
                f"({fmt_mill(up['endring_fra_fjoraar'], sign=True)})")
        if down["endring_fra_fjoraar"] < 0:
            text += (f", mens {down['rammeomrade']} får lavere ramme "
                     f"({fmt_mill(down['endring_fra_fjoraar'], sign=True)})")
        out.append(text + ".")
    return out


# ================================================================ report presentation
# The notebook calls :func:`analyse` once and shows what the functions below return.

DATATYPE_NAVN = {
    "regnskap": "Regnskap",
    "budsjett": "Opprinnelig budsjett",
    "revidert_budsjett": "Revidert budsjett",
    "prognose": "Årsprognose",
    "okonomiplan": "Økonomiplan",
}
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
        return list(range(self.budsjettaar, self.budsjettaar + 4))


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


def _dt(d: str) -> str:
    return DATATYPE_NAVN.get(d, d)


def _is_plan(d: str) -> bool:
    return d == "okonomiplan"


# ---------------------------------------------------------------- summary


def summary_text(a: Analysis) -> str:
    """The generated commentary as Markdown paragraphs."""
    paras = commentary(a.frie, a.finans, a.balance, a.frames, a.sensitivity, a.budsjettaar,
                       a.vekst_statsbudsjett_pst,
                       a.andel_flytende_pst if a.debt is not None else None, a.prisnivaa)
    return "\n\n".join(paras) if paras else "Dataene gir ikke grunnlag for en oppsummering."


def key_facts(a: Analysis) -> list[tuple[str, str]]:
    """(value, label) boxes for the top of the report."""
    out = []
    b = a.budsjettaar
    fi = a.frie.set_index("aar") if not a.frie.empty else pd.DataFrame()
    if b in fi.index:
        out.append((fmt_mill(fi.loc[b, "frie_inntekter"]), f"frie inntekter {b}"))
        if not pd.isna(fi.loc[b, "vekst_pst"]):
            out.append((fmt_pct(fi.loc[b, "vekst_pst"], sign=True),
                        f"vekst fra {b - 1} ({_dt(a.grunnlag_fjoraar).lower()})"))
    fn = a.finans.set_index("aar") if not a.finans.empty else pd.DataFrame()
    if b in fn.index:
        out.append((fmt_mill(fn.loc[b, "netto_finansutgifter"]), f"netto finansutgifter {b}"))
        if "andel_frie_inntekter_pst" in fn:
            out.append((fmt_pct(fn.loc[b, "andel_frie_inntekter_pst"]),
                        "av frie inntekter går til renter og avdrag (netto)"))
    req = a.balance[a.balance["krav"]] if not a.balance.empty else a.balance
    if not req.empty:
        bad = unbalanced_years(a.balance)
        out.append(("I balanse" if bad.empty else f"{len(bad)} år i ubalanse",
                    f"budsjett og økonomiplan {req['aar'].min()}–{req['aar'].max()}"))
    return out


# ---------------------------------------------------------------- tables


def free_income_table(a: Analysis) -> pd.DataFrame:
    f = a.frie
    if f.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "År": f["aar"].astype(str),
        "Tall": f["datatype"].map(_dt),
        "Skatt": f["skatt"].map(fmt_1000kr),
        "Rammetilskudd": f["rammetilskudd"].map(fmt_1000kr),
        "Frie inntekter": f["frie_inntekter"].map(fmt_1000kr),
        "Endring": f["endring"].map(lambda v: fmt_1000kr(v, sign=True)),
        "Vekst": f["vekst_pst"].map(lambda v: fmt_pct(v, sign=True)),
        "Deflator": f["deflator_pst"].map(fmt_pct),
        "Realvekst": f["realvekst_pst"].map(lambda v: fmt_pct(v, sign=True)),
    })


def growth_note(a: Analysis) -> str:
    """How the report's growth figure relates to the source's own figure."""
    b = a.budsjettaar
    fi = a.frie.set_index("aar") if not a.frie.empty else pd.DataFrame()
    if b not in fi.index or pd.isna(fi.loc[b, "vekst_pst"]):
        return ""
    text = (f"Veksten for {b} er målt mot {_dt(a.grunnlag_fjoraar).lower()} for {b - 1} i "
            "kommunens egne tall.")
    if a.vekst_statsbudsjett_pst is not None:
        text += (f" Økonomiplanen oppgir selv {fmt_pct(a.vekst_statsbudsjett_pst)} vekst, målt "
                 "mot inntektsnivået staten la til grunn i statsbudsjettet. Grunnlagene er "
                 "ulike: kommunens egne tall bygger blant annet på et skatteanslag som er "
                 "justert opp etter erfaringstall, og året før er målt med kommunens eget "
                 "budsjett.")
        d = fi.loc[b, "deflator_pst"]
        if not pd.isna(d):
            text += (f" Mot deflatoren på {fmt_pct(d)} gir kildens vekst en realvekst på "
                     f"{fmt_pct(real_growth_pct(a.vekst_statsbudsjett_pst, d), sign=True)}.")
    return text


def finance_table(a: Analysis) -> pd.DataFrame:
    f = a.finans
    if f.empty:
        return pd.DataFrame()
    out = pd.DataFrame({
        "År": f["aar"].astype(str),
        "Tall": f["datatype"].map(_dt),
        "Renteutgifter": f["renteutgifter"].map(fmt_1000kr),
        "Renteinntekter og utbytte": f["renteinntekter_utbytte"].map(fmt_1000kr),
        "Avdrag": f["avdrag"].map(fmt_1000kr),
        "Netto finansutgifter": f["netto_finansutgifter"].map(fmt_1000kr),
    })
    if "andel_frie_inntekter_pst" in f:
        out["Andel av frie inntekter"] = f["andel_frie_inntekter_pst"].map(fmt_pct)
    return out


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    return [
        "Rentefølsomheten bygger på forutsetninger som settes med parameterne "
        "`andel_flytende_pst` (andel av gjelden med flytende rente), `rentescenarier_pp` "
        "(renteendringene) og `gjeld_1000kr` (gjelden; ellers gjelden ved inngangen til "
        "budsjettåret i den felles gjeldsberegningen, som i investeringsrapporten).",
        "Realveksten bruker deflatoren i `data/finans_forutsetninger.csv`; parameteren "
        "`deflator_pst` legger til eller overstyrer år. Året før budsjettåret bygger på "
        f"`grunnlag_fjoraar` (nå «{a.grunnlag_fjoraar}»).",
    ]


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


def balance_status_class(value: object) -> str:
    text = str(value)
    if text == "IKKE I BALANSE":
        return "status-brudd"
    if text == "I balanse":
        return "status-ok"
    return ""


def balance_warnings(a: Analysis) -> list[str]:
    """One loud line per unbalanced year (empty when all balance)."""
    out = []
    for r in unbalanced_years(a.balance).itertuples():
        side = "mer utgifter enn inntekter" if r.sum > 0 else "mer inntekter enn utgifter"
        out.append(f"**{r.aar} er ikke i balanse:** rammeområdene og Finans summerer til "
                   f"{fmt_number(r.sum, sign=True)} (1000 kr), altså {fmt_mill(abs(r.sum))} "
                   f"{side}. Kommuneloven § 14-4 krever balanse i hvert år av "
                   "økonomiplanen.")
    return out


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


def data_notes(a: Analysis) -> list[str]:
    """Where the source's own tables disagree (rounding aside)."""
    out = []
    c = a.bridge_check
    if not c.empty:
        for r in c.itertuples():
            if not pd.isna(r.avvik_start) and abs(r.avvik_start) > 0.5:
                out.append(f"{r.rammeomrade}: rammeoversikten starter fra "
                           f"{fmt_number(r.opprinnelig)}, mens driftsbudsjettet for "
                           f"{a.budsjettaar - 1} viser {fmt_number(r.budsjett_fjoraar)} "
                           f"(forskjell {fmt_number(r.avvik_start, sign=True)}).")
            tol = rounding_tolerance(r.antall_linjer)
            if not pd.isna(r.avvik_ramme) and abs(r.avvik_ramme) > tol:
                out.append(f"{r.rammeomrade}: rammeoversikten gir {fmt_number(r.ramme_beregnet)}"
                           f", driftsbudsjettet {fmt_number(r.ramme_trykt)}.")
    k = a.ks_check
    if not k.empty:
        names = {"sum_rammetilskudd_uten_inntektsutjevning":
                 "sum rammetilskudd uten inntektsutjevning",
                 "sum_rammetilskudd": "sum rammetilskudd",
                 "sum_skatt_rammetilskudd_avrundet": "sum skatt og rammetilskudd (avrundet)"}
        for r in k[k["avvik"].abs() > k["toleranse"]].itertuples():
            out.append(f"KS-prognosen {r.aar}: {names.get(r.post, r.post)} er trykt som "
                       f"{fmt_number(r.trykt)}, men linjene over gir "
                       f"{fmt_number(r.beregnet)} (avvik {fmt_number(r.avvik, sign=True)}).")
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


# ---------------------------------------------------------------- charts


def _year_kind(d: str) -> str:
    return "Økonomiplan" if _is_plan(d) else "Regnskap og budsjett"


def chart_free_income(a: Analysis) -> alt.LayerChart | None:
    f = a.frie.dropna(subset=["frie_inntekter"])
    if f.empty:
        return None
    df = pd.DataFrame({"aar": f["aar"].astype(str), "verdi": f["frie_inntekter"] / 1000,
                       "datatype_navn": f["datatype"].map(_year_kind)})
    return charts.bars_vs_threshold(df, title="Frie inntekter (skatt og rammetilskudd)",
                                    y_title="mill. kr", y_format=",.1f")


def chart_finance(a: Analysis) -> alt.LayerChart | None:
    f = a.finans.dropna(subset=["netto_finansutgifter"])
    if f.empty:
        return None
    parts = [("Renteutgifter", f["renteutgifter"]), ("Avdrag", f["avdrag"]),
             ("Renteinntekter og utbytte (trekkes fra)", -f["renteinntekter_utbytte"])]
    long = pd.concat([pd.DataFrame({"aar": f["aar"].astype(str), "post": name,
                                    "belop": values / 1000}) for name, values in parts])
    order = [p[0] for p in parts]
    title = alt.Title("Finansutgifter per år", subtitle="Søylene viser renteutgifter og avdrag "
                      "over null og renteinntekter under null; ruten er netto finansutgifter.")
    bars = alt.Chart(long, title=title).mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5, size=28).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(belop):Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("post:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[charts.HIGHLIGHT,
                                                             charts.HIGHLIGHT_LIGHT, "#d9d9d9"])),
        order=alt.Order("post_rekkefolge:Q"),
        tooltip=["post:N", alt.Tooltip("belop:Q", format=",.1f")],
    ).transform_calculate(post_rekkefolge="indexof(" + str(order) + ", datum.post)")
    net = pd.DataFrame({"aar": f["aar"].astype(str), "netto": f["netto_finansutgifter"] / 1000})
    points = alt.Chart(net).mark_point(shape="diamond", size=70, filled=True,
                                       color="#1a1a1a").encode(x="aar:O", y="netto:Q")
    labels = alt.Chart(net).mark_text(align="left", dx=7, fontSize=10, color="#1a1a1a").encode(
        x="aar:O", y="netto:Q", text=alt.Text("netto:Q", format=",.1f"))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    return (bars + zero + points + labels).properties(width=charts.WIDTH, height=charts.HEIGHT)


def chart_finance_share(a: Analysis) -> alt.LayerChart | None:
    f = a.finans
    if f.empty or "andel_frie_inntekter_pst" not in f:
        return None
    f = f.dropna(subset=["andel_frie_inntekter_pst"])
    if f.empty:
        return None
    df = pd.DataFrame({"aar": f["aar"].astype(str), "verdi": f["andel_frie_inntekter_pst"],
                       "datatype_navn": f["datatype"].map(_year_kind)})
    return charts.bars_vs_threshold(df, title="Netto finansutgifter i % av frie inntekter",
                                    y_title="% av frie inntekter", y_format=",.1f")


def chart_sensitivity(a: Analysis) -> alt.LayerChart | None:
    s = a.sensitivity
    if s.empty:
        return None
    df = pd.DataFrame({"Renteendring": s["scenario"].str.replace("-", "\u2212", regex=False),
                       "mill": s["rentekostnad_endring"] / 1000})
    return charts.diverging_bars(df, category="Renteendring", value="mill",
                                 title="Endring i årlige renteutgifter",
                                 x_title="mill. kr per år", x_format=",.1f")


def chart_frame_change(a: Analysis) -> alt.LayerChart | None:
    f = a.frames
    if f.empty:
        return None
    sel = f[(f["aar"] == a.budsjettaar) & f["endring_fra_fjoraar"].notna()
            & (f["rammeomrade"] != "Finans")]
    if sel.empty:
        return None
    df = pd.DataFrame({"Rammeområde": sel["rammeomrade"],
                       "mill": sel["endring_fra_fjoraar"] / 1000})
    prev = _year_labels(f, a.budsjettaar).get(a.budsjettaar - 1, str(a.budsjettaar - 1))
    return charts.diverging_bars(
        df, category="Rammeområde", value="mill",
        title=f"Endring i ramme fra {prev[0].lower() + prev[1:]} til {a.budsjettaar}",
        x_title="mill. kr", x_format=",.0f")


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
    return alt.vconcat(*rows, title=title, spacing=18).resolve_scale(x="independent",
                                                                    y="independent")


def report_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for nokkeltall.csv from an :class:`Analysis`."""
    frames = a.frames[a.frames["aar"] >= a.budsjettaar - 1] if not a.frames.empty else a.frames
    return key_figures(a.kommune.navn, a.frie, a.finans, a.balance, frames, a.sensitivity,
                       a.budsjettaar)
