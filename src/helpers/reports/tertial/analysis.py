"""The tertial report: accounts to date against the periodised budget, the year-end
forecast per rammeområde, and what the forecast does to netto driftsresultat and
disposisjonsfond (read from the shared economic model, :mod:`helpers.model.economy`).

Sign convention (as the accounts): expenses positive, incomes negative. An avvik is
regnskap − periodisert budsjett, so a positive avvik is merforbruk (or mindreinntekt) and a
negative one mindreforbruk (or merinntekt). A forecast deviation (prognoseavvik) has the same
sign: positive makes the year's result worse by that amount.

All amounts in 1000 kr."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data.kommuner import Kommune, resolve
from helpers.model.economy import Economy, economy, plan_years_in_data
from helpers.presentation.formatting import fmt_list, fmt_number

TOTAL = "Totalt"


EXAMPLE_MARK = "Eksempeldata"


MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]


# KOSTRA arts (national standard) for the central incomes and the finance items
CENTRAL = [("Skatt på inntekt og formue", ("870", "871")), ("Rammetilskudd", ("800", "800")),
           ("Eiendomsskatt", ("874", "875"))]


FINANCE = [("Renteutgifter", ("500", "509")), ("Avdrag", ("510", "519")),
           ("Renteinntekter og utbytte", ("900", "909"))]


# arts below netto driftsresultat (avsetninger, bruk av fond, overføring til investering)
BELOW_RESULT = [("530", "589"), ("930", "989")]


FUND_ARTS = ("548", "940")  # avsetning til og bruk av disposisjonsfond


KEY_NAMES = {"regnskap_hittil": "Regnskap hittil",
             "budsjett_periodisert_hittil": "Periodisert budsjett hittil",
             "avvik_hittil": "Avvik hittil",
             "budsjett_aar": "Revidert årsbudsjett",
             "aarsprognose_avvik": "Prognoseavvik ved årsslutt"}


class TertialError(ValueError):
    """A tertial the data cannot give (bokmål message, no traceback in notebooks)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


@dataclass
class Tertial:
    kommune: Kommune
    aar: int
    tertial: int
    periode: int
    example: bool
    lines: pd.DataFrame
    frames: pd.DataFrame
    central: pd.DataFrame
    finance: pd.DataFrame
    projects: pd.DataFrame
    history: pd.DataFrame
    effect: dict
    notes: list[str] = field(default_factory=list)
    economy: Economy | None = field(default=None, repr=False)

    @property
    def period_text(self) -> str:
        return "Årsslutt " + str(self.aar) if self.tertial == 3 else \
            f"{self.tertial}. tertial {self.aar}"

    @property
    def date_text(self) -> str:
        last = calendar.monthrange(self.aar, self.periode)[1]
        return f"{last}. {MONTHS[self.periode - 1]} {self.aar}"


def in_ranges(art: str, ranges) -> bool:
    return any(lo <= art <= hi for lo, hi in ranges)


def to_1000kr(df: pd.DataFrame) -> pd.Series:
    """Amounts in 1000 kr: rows marked «1000 kr» as they are, others (kroner, the
    accounting systems' unit) divided by 1000."""
    unit = df["enhet"] if "enhet" in df else pd.Series("", index=df.index)
    return df["belop"].astype(float).where(unit == "1000 kr", df["belop"].astype(float) / 1000)


def month_shares(keys: pd.DataFrame | None, art: str) -> np.ndarray:
    """The 12 monthly shares of an art's annual budget: its key, or 1/12 per month."""
    if keys is not None and art:
        k = keys[(keys["art_fra"] <= art) & (keys["art_til"] >= art)]
        if len(k):
            first = k[k["nokkel"] == k["nokkel"].iloc[0]].sort_values("periode")
            return first["andel"].to_numpy(dtype=float)
    return np.full(12, 1 / 12)


def periodise(budget: pd.DataFrame, keys: pd.DataFrame | None, periode: int) -> pd.Series:
    """The budget spread over the months and summed up to and including ``periode`` (not
    the annual budget × months/12)."""
    cache: dict[str, float] = {}
    out = []
    for art, amount in zip(budget["art"], budget["belop_1000"], strict=True):
        if art not in cache:
            cache[art] = float(month_shares(keys, art)[:periode].sum())
        out.append(amount * cache[art])
    return pd.Series(out, index=budget.index, dtype=float)


def line_table(accounts: pd.DataFrame, budget: pd.DataFrame, original: pd.DataFrame,
               keys: pd.DataFrame | None, mapping: pd.DataFrame, periode: int) -> pd.DataFrame:
    """One row per ansvar/art/funksjon (or rammeområde where the budget has no ansvar):
    regnskap and periodised budget to date, avvik, original and revised annual budget."""
    dims = ["ansvar", "art", "funksjon"]
    ramme = dict(zip(mapping["ansvar"], mapping["rammeomrade"], strict=True))
    acc = accounts[accounts["periode"] <= periode].assign(belop_1000=to_1000kr)
    acc = acc.groupby(dims, as_index=False)["belop_1000"].sum().rename(
        columns={"belop_1000": "regnskap_hittil"})
    acc["rammeomrade"] = acc["ansvar"].map(ramme)
    b = budget.assign(belop_1000=to_1000kr)
    b["rammeomrade"] = [r if r else ramme.get(a, "") for a, r in
                        zip(b["ansvar"], b["rammeomrade"], strict=True)]
    b["budsjett_periodisert_hittil"] = periodise(b, keys, periode)
    keys_all = dims + ["rammeomrade"]
    b = b.groupby(keys_all, as_index=False)[["belop_1000", "budsjett_periodisert_hittil"]].sum()
    b = b.rename(columns={"belop_1000": "budsjett_revidert"})
    o = original.assign(belop_1000=to_1000kr)
    o["rammeomrade"] = [r if r else ramme.get(a, "") for a, r in
                        zip(o["ansvar"], o["rammeomrade"], strict=True)]
    o = o.groupby(keys_all, as_index=False)["belop_1000"].sum().rename(
        columns={"belop_1000": "budsjett_opprinnelig"})
    t = b.merge(o, on=keys_all, how="outer").merge(acc, on=keys_all, how="outer")
    for c in ("regnskap_hittil", "budsjett_periodisert_hittil", "budsjett_revidert",
              "budsjett_opprinnelig"):
        t[c] = t[c].fillna(0.0)  # a line with no budget has a budget of zero
    t["avvik_hittil"] = t["regnskap_hittil"] - t["budsjett_periodisert_hittil"]
    return t[keys_all + ["regnskap_hittil", "budsjett_periodisert_hittil", "avvik_hittil",
                         "budsjett_opprinnelig", "budsjett_revidert"]]


def _pct(part: float, whole: float) -> float:
    return part / abs(whole) * 100 if whole and not pd.isna(whole) else float("nan")


def frame_table(lines: pd.DataFrame, forecasts: pd.DataFrame | None, order: list[str],
                year_end: bool) -> pd.DataFrame:
    """Per rammeområde and in total: to date, annual budgets, forecast and comment."""
    cols = ["regnskap_hittil", "budsjett_periodisert_hittil", "avvik_hittil",
            "budsjett_opprinnelig", "budsjett_revidert"]
    g = lines.groupby("rammeomrade")[cols].sum()
    names = [r for r in order if r in g.index] + sorted(set(g.index) - set(order))
    t = g.loc[names].reset_index()
    if year_end:
        t["aarsprognose_avvik"] = t["avvik_hittil"]
        t["kommentar"] = ""
    elif forecasts is not None and len(forecasts):
        f = forecasts.set_index("rammeomrade")
        t["aarsprognose_avvik"] = t["rammeomrade"].map(f["prognose_avvik"]).astype(float)
        t["kommentar"] = t["rammeomrade"].map(f["kommentar"]).fillna("")
    else:
        t["aarsprognose_avvik"] = float("nan")
        t["kommentar"] = ""
    total = {c: t[c].sum() for c in cols}
    fc = t["aarsprognose_avvik"]
    total["aarsprognose_avvik"] = fc.sum() if fc.notna().any() else float("nan")
    t = pd.concat([t, pd.DataFrame([{"rammeomrade": TOTAL, **total, "kommentar": ""}])],
                  ignore_index=True)
    t["avvik_pst"] = [_pct(a, b) for a, b in zip(t["avvik_hittil"],
                                                  t["budsjett_periodisert_hittil"], strict=True)]
    # the total nets the central incomes against the services: a % of it means nothing
    t.loc[t["rammeomrade"] == TOTAL, "avvik_pst"] = float("nan")
    t["aarsprognose"] = t["budsjett_revidert"] + t["aarsprognose_avvik"]
    return t


def group_table(lines: pd.DataFrame, groups) -> pd.DataFrame:
    """Lines summed per group of arts (central incomes, finance items)."""
    rows = []
    for name, (lo, hi) in groups:
        sel = lines[(lines["art"] >= lo) & (lines["art"] <= hi)]
        rows.append({"post": name, "har_linjer": len(sel) > 0,
                     **{c: sel[c].sum() for c in ("regnskap_hittil",
                                                  "budsjett_periodisert_hittil",
                                                  "avvik_hittil", "budsjett_revidert")}})
    return pd.DataFrame(rows)


def result_effect(e: Economy | None, aar: int, lines: pd.DataFrame,
                  total_forecast: float) -> dict:
    """What the forecast does to netto driftsresultat and disposisjonsfond for the year,
    from the model's figures (plan) plus the budget revisions and the forecast."""
    out: dict = {"aar": aar, "prognose": total_forecast}
    if e is None:
        return out
    ndr = e.value("netto_driftsresultat", aar)
    bdi = e.value("bdi", aar)
    fund = e.value("disposisjonsfond", aar)
    has_art = lines["art"] != ""
    delta = lines["budsjett_revidert"] - lines["budsjett_opprinnelig"]
    operating = ~lines["art"].map(lambda a: bool(a) and in_ranges(a, BELOW_RESULT))
    revision_result = float(delta[operating].sum())
    revision_fund = float(delta[has_art & lines["art"].isin(FUND_ARTS)].sum())
    ndr_rev = ndr - revision_result
    fc = total_forecast if not pd.isna(total_forecast) else 0.0
    out.update({
        "bdi": bdi, "ndr_plan": ndr, "ndr_revidert": ndr_rev,
        "ndr_revidert_pst": ndr_rev / bdi * 100 if bdi else float("nan"),
        "ndr_prognose": ndr_rev - fc,
        "ndr_prognose_pst": (ndr_rev - fc) / bdi * 100 if bdi else float("nan"),
        "fond_plan": fund, "fond_revidert": fund + revision_fund,
        "fond_prognose": fund + revision_fund - fc,
        "fond_prognose_pst": (fund + revision_fund - fc) / bdi * 100 if bdi else float("nan"),
        "revisjon_resultat": revision_result,
    })
    for rule in ("netto_driftsresultat", "disposisjonsfond"):
        r = e.rules.get(rule)
        out[f"{rule}_terskel"] = r.terskel if r is not None else float("nan")
    return out


def is_example(data: dict[str, pd.DataFrame]) -> bool:
    """True when the tertial files say they hold example data (their kilde column)."""
    for stem in ("regnskap", "prognose", "budsjett"):
        df = data.get(stem)
        if df is not None and "kilde" in df and \
                df["kilde"].astype(str).str.startswith(EXAMPLE_MARK).any():
            return True
    return False


def _need(data: dict[str, pd.DataFrame], stem: str) -> pd.DataFrame:
    df = data.get(stem)
    if df is None:
        raise TertialError(f"Tertialrapporten trenger filen {stem}.csv i datamappen. "
                           "Se dataordboken for hva den skal inneholde.")
    return df


def analyse(data: dict[str, pd.DataFrame], kommune: str, aar: int, tertial: int) -> Tertial:
    """Everything the tertial report shows, for ``tertial`` (1, 2 or 3 = year-end) of
    ``aar``."""
    if tertial not in (1, 2, 3):
        raise TertialError(f"Tertialet må være 1, 2 eller 3 (årsslutt), ikke {tertial}.")
    k = resolve(data["kommuner"], kommune)
    knr, aar, periode = k.kommunenummer, int(aar), 4 * int(tertial)
    notes: list[str] = []
    acc = _need(data, "regnskap")
    acc = acc[(acc["kommunenummer"] == knr) & (acc["aar"] == aar)]
    if acc.empty:
        years = sorted({int(y) for y in _need(data, "regnskap")["aar"]})
        raise TertialError(f"Regnskapet har ingen linjer for {k.navn} i {aar}"
                           + (f" (det har {fmt_list([str(y) for y in years])})." if years
                              else "."))
    last = int(acc["periode"].max())
    if last < periode:
        raise TertialError(f"Regnskapet for {k.navn} {aar} går bare til og med "
                           f"{MONTHS[last - 1]}; {tertial}. tertial trenger regnskap til og "
                           f"med {MONTHS[periode - 1]}.")
    bud = _need(data, "budsjett")
    bud = bud[(bud["kommunenummer"] == knr) & (bud["aar"] == aar)]
    if bud.empty:
        raise TertialError(f"Budsjettet har ingen linjer for {k.navn} i {aar}.")
    original = bud[bud["versjon"] == "opprinnelig"]
    revised = bud[bud["versjon"] == "revidert"]
    if revised.empty:
        revised = original
        notes.append("Grunnlaget har ikke revidert budsjett for året; opprinnelig budsjett "
                     "brukes som revidert.")
    if original.empty:
        original = revised
        notes.append("Grunnlaget har ikke opprinnelig budsjett for året; revidert budsjett "
                     "vises også som opprinnelig.")
    mapping = _need(data, "ansvar_rammeomrade")
    mapping = mapping[mapping["kommunenummer"] == knr]
    keys = data.get("periodisering")
    if keys is not None:
        keys = keys[(keys["kommunenummer"] == knr) & (keys["aar"] == aar)]
        keys = keys if len(keys) else None
    if keys is None:
        notes.append("Grunnlaget har ingen periodiseringsnøkler for året, så budsjettet er "
                     "fordelt med en tolvtedel per måned. Lønn med feriepenger i juni og "
                     "inntekter som kommer i terminer, gir da avvik som bare skyldes "
                     "tidspunktet.")
    lines = line_table(acc, revised, original, keys, mapping, periode)

    order = list(dict.fromkeys(mapping["rammeomrade"]))
    rammer = data.get("finans_rammer")
    if rammer is not None:
        plan_order = list(dict.fromkeys(rammer[rammer["kommunenummer"] == knr]["rammeomrade"]))
        order = [r for r in plan_order if r in order] + [r for r in order
                                                         if r not in plan_order]
    prog = data.get("prognose")
    prog = (prog[(prog["kommunenummer"] == knr) & (prog["aar"] == aar)]
            if prog is not None else pd.DataFrame())
    now = prog[prog["tertial"] == tertial] if len(prog) else prog
    frames = frame_table(lines, now, order, year_end=tertial == 3)
    missing_fc = frames[(frames["rammeomrade"] != TOTAL)
                        & frames["aarsprognose_avvik"].isna()]["rammeomrade"].tolist()
    if tertial < 3 and missing_fc:
        if len(missing_fc) == len(frames) - 1:
            notes.append("Grunnlaget har ingen årsprognose for dette tertialet, så rapporten "
                         "kan ikke si hva året ender med.")
        else:
            notes.append(f"{fmt_list(missing_fc)} har ikke levert årsprognose for "
                         "tertialet. Totalen for prognosen gjelder bare rammeområdene som har "
                         "levert.")

    history = forecast_history(prog, frames, tertial)
    total_fc = float(frames.loc[frames["rammeomrade"] == TOTAL, "aarsprognose_avvik"].iloc[0])
    e = None
    try:
        budsjettaar = aar if aar in plan_years_in_data(data, knr) else None
        e = economy(data, k.kommunenummer, budsjettaar)
    except (ValueError, KeyError):  # no plan for the year: the report says so below
        e = None
    effect = result_effect(e, aar, lines, total_fc)
    if e is None or pd.isna(effect.get("ndr_plan", float("nan"))):
        notes.append(f"Økonomiplanen i grunnlaget har ikke netto driftsresultat for {aar}, "
                     "så rapporten kan ikke si hva prognosen betyr for handlingsreglene.")

    inv = data.get("investering_status")
    projects = pd.DataFrame()
    if inv is not None:
        projects = inv[(inv["kommunenummer"] == knr) & (inv["aar"] == aar)
                       & (inv["tertial"] == tertial)].copy()
    return Tertial(kommune=k, aar=aar, tertial=int(tertial), periode=periode,
                   example=is_example(data), lines=lines, frames=frames,
                   central=group_table(lines, CENTRAL), finance=group_table(lines, FINANCE),
                   projects=projects, history=history, effect=effect, notes=notes, economy=e)


def forecast_history(prog: pd.DataFrame, frames: pd.DataFrame, tertial: int) -> pd.DataFrame:
    """The forecast at each tertial so far per rammeområde and (at year-end) the actual
    deviation: columns rammeomrade, tidspunkt, prognose_avvik."""
    rows = []
    if len(prog):
        for r in prog[prog["tertial"] <= min(tertial, 2)].itertuples():
            rows.append({"rammeomrade": r.rammeomrade, "tidspunkt": f"{r.tertial}. tertial",
                         "prognose_avvik": float(r.prognose_avvik)})
    if tertial == 3:
        for r in frames[frames["rammeomrade"] != TOTAL].itertuples():
            rows.append({"rammeomrade": r.rammeomrade, "tidspunkt": "Regnskap",
                         "prognose_avvik": float(r.avvik_hittil)})
    return pd.DataFrame(rows, columns=["rammeomrade", "tidspunkt", "prognose_avvik"])


def comments(t: Tertial) -> list[str]:
    """One line per rammeområde with its forecast and comment."""
    out = []
    for r in t.frames[t.frames["rammeomrade"] != TOTAL].itertuples():
        if pd.isna(r.aarsprognose_avvik):
            out.append(f"**{r.rammeomrade}**: ingen prognose levert.")
        elif r.kommentar:
            out.append(f"**{r.rammeomrade}** ({fmt_number(r.aarsprognose_avvik, 0, sign=True)}): "
                       f"{r.kommentar}")
    return out
