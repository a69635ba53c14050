"""The municipality's economy year by year: the one table behind handlingsregler, finans and
investering (and later the tertial report and alternative budgets).

Per year (KOSTRA history, budget year and plan years), in 1000 kr unless the name ends in
``_pst``: brutto driftsinntekter, netto driftsresultat (amount and %), gross set-aside to
disposisjonsfond, use of it and the net change, disposisjonsfond (amount and %),
investeringer, new loans, netto lånegjeld at year end (amount and %), and the plan's
renteutgifter and avdrag.

Sign convention: results, set-asides and net changes are signed (a deficit and a use of the
fund are negative); incomes, costs, investments, loans and debt are positive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import settings
from helpers.data.coverage import missing_years, missing_years_text, require_year
from helpers.data.kommuner import Kommune, name_of, resolve
from helpers.model import debt as inv
from helpers.model import rules as hr
from helpers.model.bdi import plan_netto_driftsresultat
from helpers.model.investment import InvesteringError
from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct

COLUMNS = [
    "aar", "datatype", "bdi", "bdi_kilde", "bdi_grunnlag", "netto_driftsresultat",
    "netto_driftsresultat_pst", "til_fond", "bruk_fond", "netto_avsetning_fond",
    "disposisjonsfond", "disposisjonsfond_pst", "investering", "nye_lan",
    "netto_lanegjeld", "netto_lanegjeld_pst", "renteutgifter", "avdrag",
]


@dataclass
class Economy:
    """One municipality's economy under one set of assumptions."""

    kommune: Kommune
    budsjettaar: int
    plan_years: list[int]
    table: pd.DataFrame
    rules: dict[str, hr.Rule]
    own_rules: bool
    rules_from: str
    investering: inv.Analysis | None
    earlier_appropriations: float
    debt_with_earlier: pd.DataFrame | None
    data: dict[str, pd.DataFrame] = field(repr=False)

    def value(self, column: str, aar: int) -> float:
        t = self.table.set_index("aar")
        if aar not in t.index:
            return float("nan")
        v = t.loc[aar, column]
        return float(v) if v is not None and not pd.isna(v) else float("nan")

    def series(self, column: str) -> pd.Series:
        return self.table.set_index("aar")[column].dropna()

    @property
    def terms(self) -> inv.LoanTerms | None:
        return self.investering.base.terms if self.investering else None


# ---------------------------------------------------------------- rules


def rules_notice(kommune: Kommune, own: bool, rules_from: str) -> str | None:
    """The one sentence every report uses when another municipality's rules are applied."""
    if own:
        return None
    return (f"{kommune.navn} har ingen egne handlingsregler i grunnlaget. Tallene måles derfor "
            f"mot reglene som er vedtatt i {rules_from}; de er ikke vedtatt for "
            f"{kommune.navn}.")


# ---------------------------------------------------------------- rule of thumb


def rule_of_thumb(terms: inv.LoanTerms, gjeld_reduksjon: float = 100_000) -> dict[str, float]:
    """Yearly finance costs saved by ``gjeld_reduksjon`` (1000 kr) less debt, with the loan
    terms the debt path uses: interest plus straight-line repayment."""
    return hr.debt_rule_of_thumb(gjeld_reduksjon, terms.rente_pst, terms.avdragstid_aar)


def rule_of_thumb_text(terms: inv.LoanTerms, terms_source: str,
                       gjeld_reduksjon: float = 100_000, plan_pst: float | None = None) -> str:
    """The rule of thumb in words, with its assumptions in the same sentence."""
    r = rule_of_thumb(terms, gjeld_reduksjon)
    text = (f"Med {fmt_pct(terms.rente_pst)} rente og {fmt_number(terms.avdragstid_aar, 0)} "
            f"års avdragstid ({terms_source}) gir {fmt_mill(gjeld_reduksjon, 0)} mindre "
            f"gjeld om lag {fmt_mill(r['renter'])} lavere renteutgifter og "
            f"{fmt_mill(r['avdrag'])} lavere avdrag, til sammen **{fmt_mill(r['sum'])} per "
            "år**. Samme rente og avdragstid brukes i gjeldsberegningen i alle rapportene.")
    if plan_pst is not None:
        text += (f" Økonomiplanen selv bruker en grovere tommelfingerregel: om lag "
                 f"{fmt_mill(gjeld_reduksjon * plan_pst / 100, 0)} per år per "
                 f"{fmt_mill(gjeld_reduksjon, 0)}.")
    return text


# ---------------------------------------------------------------- the table


def _kostra(data: dict[str, pd.DataFrame], knr: str, indikator: str) -> pd.Series:
    s = hr.indicator_series(data, knr, indikator)
    s = s[s["datatype"] == "kostra"]
    return s.set_index("aar")["verdi"].astype(float)


def _plan_pct(data: dict[str, pd.DataFrame], knr: str, indikator: str,
              datatype: str = "okonomiplan") -> pd.Series:
    p = data.get("plan_indikatorer")
    if p is None:
        return pd.Series(dtype=float)
    sel = p[(p["kommunenummer"] == knr) & (p["indikator"] == indikator)
            & (p["datatype"] == datatype)]
    s = sel.set_index("aar")["verdi"].astype(float)
    s.index = s.index.astype(int)
    return s


def _avsetninger(okp: pd.DataFrame | None, knr: str) -> pd.DataFrame:
    if okp is None:
        return pd.DataFrame(columns=["aar", "til_fond", "bruk_fond"])
    w = hr.budget_lines(okp, knr, "avsetninger", ("okonomiplan",))
    if w.empty:
        return pd.DataFrame(columns=["aar", "til_fond", "bruk_fond"])
    return pd.DataFrame({"aar": w["aar"], "til_fond": w.get("til_ubundne_avsetninger"),
                         "bruk_fond": w.get("bruk_ubundne_avsetninger")})


def plan_years_in_data(data: dict[str, pd.DataFrame], knr: str) -> list[int]:
    """The years the data hold plan figures for (økonomiplan lines or plan indicators)."""
    years: set[int] = set()
    okp = data.get("okonomiplan")
    if okp is not None:
        sel = okp[(okp["kommunenummer"] == knr) & (okp["datatype"] == "okonomiplan")]
        years |= {int(y) for y in sel["aar"]}
    p = data.get("plan_indikatorer")
    if p is not None:
        sel = p[(p["kommunenummer"] == knr) & (p["datatype"] == "okonomiplan")]
        years |= {int(y) for y in sel["aar"]}
    return sorted(years)


def check_budget_year(data: dict[str, pd.DataFrame], kommune: Kommune, budsjettaar: int,
                      param: str = "budsjettaar", length: int = 4) -> list[int]:
    """Stop with one bokmål line (:class:`helpers.coverage.CoverageError`) when
    ``budsjettaar`` is not a plan year in the data; otherwise return the years of the
    plan period the data do not cover (empty when all are). A municipality with no plan at
    all (e.g. a peer) gets every year back: the report shows its history only."""
    have = plan_years_in_data(data, kommune.kommunenummer)
    want = list(range(int(budsjettaar), int(budsjettaar) + length))
    if not have:
        return want
    require_year(param, budsjettaar, have, f"økonomiplanen for {kommune.navn}")
    return missing_years(want, have)


def coverage_text(missing: list[int], budsjettaar: int, length: int = 4) -> str:
    """What the reader must know on page 1 when part of the plan period has no figures."""
    want = list(range(budsjettaar, budsjettaar + length))
    text = missing_years_text(want, [y for y in want if y not in missing], "grunnlaget",
                              "Planperioden")
    return "" if text is None else text + " Tabeller og tekst viser bare årene som har tall."


def economy(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None, *,
            regler_fra: str | None = None, terskler: dict[str, float | None] | None = None,
            strict: bool = False, **investering_kw) -> Economy:
    """The economy of ``kommune`` for the plan starting in ``budsjettaar`` (None: the
    newest plan in the data). ``investering_kw`` go to :func:`helpers.investering.analyse`
    (financing shares, loan terms, start debt, scenario); with none given, every report
    gets the same figures. ``strict``: an error in the investment data stops (the
    investering report); otherwise the debt path is left out."""
    k = resolve(data["kommuner"], kommune)
    knr = k.kommunenummer
    fallback = resolve(data["kommuner"], regler_fra).kommunenummer if regler_fra else None
    hreg = data.get("handlingsregler")
    if hreg is not None and not hreg.empty:
        source = hr.rules_source(hreg, knr, fallback)
        rules = hr.rules_for(hreg, k, fallback=fallback, overrides=terskler)
        own = source == knr
        rules_from = name_of(data["kommuner"]).get(source, source)
    else:
        rules, own, rules_from = {}, False, ""
    plan_years_all = plan_years_in_data(data, knr)
    if budsjettaar is None:
        budsjettaar = plan_years_all[0] if plan_years_all else None
    else:
        check_budget_year(data, k, budsjettaar)
    plan_years = ([y for y in settings.plan_years(budsjettaar) if y in plan_years_all]
                  if budsjettaar is not None else [])

    analysis = None
    if data.get("investering") is not None and budsjettaar is not None:
        kw = dict(investering_kw)
        kw.pop("lanegjeld_tak_pst", None)
        try:
            analysis = inv.analyse(data, knr, budsjettaar, lanegjeld_tak_pst=(
                rules["netto_lanegjeld"].terskel if "netto_lanegjeld" in rules else None),
                **kw)
        except InvesteringError:
            if strict:
                raise
            analysis = None
    hist_years = sorted(set(_kostra(data, knr, "netto_driftsresultat_pst").index)
                        | set(_kostra(data, knr, "disposisjonsfond_pst").index)
                        | set(_kostra(data, knr, "netto_lanegjeld_pst").index))
    # the budget in force before the plan (e.g. budsjett 2023), where the data have it
    budget_pct: dict[str, dict[int, float]] = {}
    for ind in ("netto_driftsresultat_pst", "disposisjonsfond_pst"):
        for dt in ("revidert_budsjett", "budsjett"):
            for y, v in _plan_pct(data, knr, ind, dt).items():
                if y not in hist_years and (not plan_years or y < plan_years[0]):
                    budget_pct.setdefault(ind, {}).setdefault(int(y), float(v))
    budget_years = sorted({y for d in budget_pct.values() for y in d})
    years = sorted(set(hist_years) | set(budget_years) | set(plan_years))
    bdi = inv.project_bdi(data, knr, years, investering_kw.get("bdi_vekst_pst"))
    # history keeps KOSTRA's base only; no projected base for past years
    t = pd.DataFrame({"aar": years})
    t["datatype"] = ["okonomiplan" if y in plan_years
                     else "budsjett" if y in budget_years else "kostra" for y in years]
    t = t.merge(bdi.rename(columns={"kilde": "bdi_kilde", "grunnlag": "bdi_grunnlag"}),
                on="aar", how="left")
    hist = t["datatype"] != "okonomiplan"
    t.loc[hist & (t["bdi_kilde"] != "kostra"), ["bdi", "bdi_kilde", "bdi_grunnlag"]] = (
        float("nan"), "ukjent", "ukjent")

    ndr_pct = {**budget_pct.get("netto_driftsresultat_pst", {}),
               **_kostra(data, knr, "netto_driftsresultat_pst").to_dict(),
               **_plan_pct(data, knr, "netto_driftsresultat_pst").to_dict()}
    fund_pct = {**budget_pct.get("disposisjonsfond_pst", {}),
                **_kostra(data, knr, "disposisjonsfond_pst").to_dict(),
                **_plan_pct(data, knr, "disposisjonsfond_pst").to_dict()}
    ndr_amount = plan_netto_driftsresultat(data.get("okonomiplan"), knr).to_dict()
    t["netto_driftsresultat_pst"] = t["aar"].map(ndr_pct)
    t["netto_driftsresultat"] = [
        ndr_amount.get(y, float("nan")) if dt == "okonomiplan"
        else (p / 100 * b if pd.notna(p) and pd.notna(b) else float("nan"))
        for y, dt, p, b in zip(t["aar"], t["datatype"], t["netto_driftsresultat_pst"],
                               t["bdi"], strict=True)]
    av = _avsetninger(data.get("okonomiplan"), knr)
    t = t.merge(av, on="aar", how="left")
    t["netto_avsetning_fond"] = t["til_fond"] + t["bruk_fond"]
    t["disposisjonsfond_pst"] = t["aar"].map(fund_pct)
    t["disposisjonsfond"] = t["disposisjonsfond_pst"] / 100 * t["bdi"]

    kostra_debt = _kostra(data, knr, "netto_lanegjeld_pst").to_dict()
    debt_amount = inv.known_debt(data, knr).to_dict()
    t["investering"] = float("nan")
    t["nye_lan"] = float("nan")
    t["netto_lanegjeld"] = t["aar"].map(debt_amount)
    t["netto_lanegjeld_pst"] = t["aar"].map(kostra_debt)
    if analysis is not None:
        base = analysis.base
        tot = base.totals.set_index("aar")["totalt"]
        loans = base.borrowing.set_index("aar")["totalt"]
        d = base.debt.set_index("aar")
        for i, y in t["aar"].items():
            if y in d.index and t.at[i, "datatype"] == "okonomiplan":
                t.at[i, "investering"] = float(tot.get(y, float("nan")))
                t.at[i, "nye_lan"] = float(loans.get(y, float("nan")))
                t.at[i, "netto_lanegjeld"] = float(d.loc[y, "utgaaende_gjeld"])
                t.at[i, "netto_lanegjeld_pst"] = float(d.loc[y, "lanegjeld_pst"])
    okp = data.get("okonomiplan")
    lines = (inv.plan_finance_lines(okp, knr, years) if okp is not None
             else pd.DataFrame({"aar": years, "renteutgifter": float("nan"),
                                "avdrag": float("nan")}))
    t = t.merge(lines, on="aar", how="left")
    t = t[COLUMNS]

    earlier = 0.0
    debt_with_earlier = None
    if analysis is not None:
        projects = analysis.plan.projects
        loanable = projects[projects["lanefinansieres"] != "nei"]
        earlier = float(loanable["tidligere_bevilget"].fillna(0).sum())
        if earlier > 0 and investering_kw.get("startgjeld") is None:
            upper = inv.compute(data, analysis.plan, analysis.base.financing,
                                analysis.base.terms,
                                startgjeld=analysis.base.startgjeld.verdi + earlier,
                                avdrag_eksisterende=analysis.base.avdrag_eksisterende.verdi,
                                bdi_vekst_pst=investering_kw.get("bdi_vekst_pst"))
            debt_with_earlier = upper.debt[["aar", "utgaaende_gjeld", "lanegjeld_pst"]]
    e = Economy(kommune=k, budsjettaar=budsjettaar, plan_years=plan_years, table=t,
                rules=rules, own_rules=own, rules_from=rules_from, investering=analysis,
                earlier_appropriations=earlier, debt_with_earlier=debt_with_earlier,
                data=data)
    if analysis is not None:
        analysis.debt_basis = debt_basis_text(e)
        analysis.rules_notice = rules_notice(k, own, rules_from)
        analysis.rule_of_thumb_text = rule_of_thumb_text(
            analysis.base.terms, analysis.terms_source,
            plan_pst=analysis.tommelfingerregel_pst)
    return e


# ---------------------------------------------------------------- statements


def debt_basis_text(e: Economy) -> str:
    """What the debt path starts from and leaves out, and which way that biases it — one
    sentence for the summaries of every report that shows the plan years' debt."""
    a = e.investering
    if a is None:
        return ""
    start = a.base.startgjeld
    first, last = e.plan_years[0], e.plan_years[-1]
    parts = []
    gap = list(range(start.aar + 1, first)) if start.aar else []
    text = (f"Gjelden i planårene er beregnet fra netto lånegjeld ved utgangen av {start.aar} "
            f"({fmt_mill(start.verdi)}) med planens investeringer og lån")
    if gap:
        parts.append(f"låneopptak og avdrag i {fmt_list([str(y) for y in gap])} (ukjent "
                     "retning)")
    if e.earlier_appropriations > 0:
        parts.append(f"lån til inntil {fmt_mill(e.earlier_appropriations)} i tidligere "
                     "bevilgninger som ikke er brukt ennå (trekker gjelden opp)")
    if parts:
        text += "; ikke med er " + fmt_list(parts)
    text += "."
    if e.debt_with_earlier is not None:
        up = e.debt_with_earlier.set_index("aar")
        text += (f" Lånefinansieres alle de tidligere bevilgningene i {first}, blir netto "
                 f"lånegjeld {fmt_pct(up.loc[last, 'lanegjeld_pst'])} av brutto "
                 f"driftsinntekter i {last} i stedet for "
                 f"{fmt_pct(e.value('netto_lanegjeld_pst', last))}.")
    return text


def bdi_basis_text(e: Economy) -> str:
    """How brutto driftsinntekter for the plan years were found, in one sentence."""
    t = e.table[e.table["aar"].isin(e.plan_years)]
    if t.empty:
        return ""
    groups: dict[str, list[str]] = {}
    for r in t.itertuples():
        groups.setdefault(r.bdi_grunnlag, []).append(str(r.aar))
    parts = [f"{fmt_list(ys)} {how}" for how, ys in groups.items()]
    return ("Brutto driftsinntekter i planårene (grunnlaget for prosentene): "
            + "; ".join(parts) + ". Prosentene i planen er avrundet til én desimal, så "
            "beløpene er omtrentlige.")


def source_remarks(data: dict[str, pd.DataFrame], kommunenummer: str, tema: str) -> list[str]:
    """What the source itself says about a series (``kildemerknader.csv``), for the report
    to show beside it."""
    m = data.get("kildemerknader")
    if m is None:
        return []
    sel = m[(m["kommunenummer"] == kommunenummer) & (m["tema"] == tema)]
    return [str(x) for x in sel["merknad"]]


def status_table(data: dict[str, pd.DataFrame], kommune: Kommune, rules: dict[str, hr.Rule],
                 set_aside: pd.DataFrame | None = None, table: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """Every rule for every year the model covers: value, threshold, met or not, the
    distance in percentage points and (where brutto driftsinntekter are known) in 1000 kr.

    ``table`` is the economy's yearly table (:func:`helpers.model.economy.economy`); by
    default it is computed with the default assumptions. Distance = value − threshold
    (negative is below the threshold). For a ceiling (høyst) a positive distance is a
    breach; for a floor (minst) a negative one is.
    """
    if table is None:
        table = economy(data, kommune.kommunenummer).table
    rows = []
    for rule in rules.values():
        if rule.regel == "avsetning_disposisjonsfond":
            if set_aside is None or set_aside.empty:
                continue
            for r in set_aside.itertuples():
                rows.append({
                    "regel": rule.regel, "aar": r.aar, "datatype": r.datatype,
                    "verdi": r.planlagt_pst, "terskel": rule.terskel, "krav": rule.krav,
                    "oppfylt": rule.met(r.planlagt_pst),
                    "avstand_pp": r.planlagt_pst - rule.terskel,
                    "avstand_1000kr": r.avvik,
                })
            continue
        if rule.indikator not in table.columns:
            continue
        for r in table[["aar", "datatype", "bdi", rule.indikator]].itertuples(index=False):
            value = getattr(r, rule.indikator)
            if pd.isna(value):
                continue
            dist = value - rule.terskel
            rows.append({
                "regel": rule.regel, "aar": int(r.aar), "datatype": r.datatype,
                "verdi": value, "terskel": rule.terskel, "krav": rule.krav,
                "oppfylt": rule.met(value), "avstand_pp": dist,
                "avstand_1000kr": dist / 100 * r.bdi if pd.notna(r.bdi) else float("nan"),
            })
    cols = ["regel", "aar", "datatype", "verdi", "terskel", "krav", "oppfylt", "avstand_pp",
            "avstand_1000kr"]
    return pd.DataFrame(rows, columns=cols)
