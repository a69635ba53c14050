"""The finans report: frie inntekter, finance costs and interest sensitivity, budget balance,
and the frames per rammeområde.

All amounts are in 1000 kr. The data files carry the accounting sign (income negative,
expense positive); the functions here say in their docstrings when they turn a line into a
plain positive amount. Nothing here reads files: every function takes DataFrames from
:func:`helpers.data.load_data` and parameters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.kommuner import Kommune
from helpers.data.load import DataError, Problem
from helpers.data.specs.finans import KATEGORI
from helpers.presentation.formatting import (
    fmt_number,
)
from helpers.reports.common_text import known_text

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
                            f"gjeldsberegningen: {known_text(start)}"),
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
