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

from dataclasses import dataclass, field, replace

import pandas as pd

from helpers.data.coverage import missing_years, require_year
from helpers.data.kommuner import Kommune, name_of, resolve
from helpers.data.queries import PLAN_YEARS, kostra_series, plan_series, plan_years
from helpers.model import debt as inv
from helpers.model import rules as hr
from helpers.model.bdi import plan_netto_driftsresultat
from helpers.model.investment import InvesteringError
from helpers.model.provenance import economy_sources
from helpers.presentation.provenance import Kilde

COLUMNS = [
    "aar", "datatype", "bdi", "bdi_kilde", "bdi_grunnlag", "bdi_fra_aar", "bdi_vekst_pst",
    "netto_driftsresultat",
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
    investering: inv.Programme | None
    earlier_appropriations: float
    debt_with_earlier: pd.DataFrame | None
    data: dict[str, pd.DataFrame] = field(repr=False)
    sources: pd.DataFrame | None = field(default=None, repr=False)
    """Where each value of :attr:`table` comes from: a frame aligned with it whose cells
    are :class:`helpers.presentation.provenance.Kilde` or None
    (:func:`helpers.model.provenance.economy_sources`)."""

    def source(self, column: str, aar: int) -> Kilde | None:
        """Where the value of ``column`` in ``aar`` comes from (None: no value)."""
        if self.sources is None or column not in self.sources.columns:
            return None
        rows = self.table.index[self.table["aar"] == aar]
        if len(rows) == 0:
            return None
        v = self.sources.loc[rows[0], column]
        return v if isinstance(v, Kilde) else None

    def is_estimate(self, column: str, aar: int) -> bool:
        """True when the value of ``column`` in ``aar`` is an estimate (or invented): a
        sentence printing it says «anslått», a table marks it."""
        s = self.source(column, aar)
        return s is not None and s.is_estimate

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


# ---------------------------------------------------------------- rule of thumb


def rule_of_thumb(terms: inv.LoanTerms, gjeld_reduksjon: float = 100_000) -> dict[str, float]:
    """Yearly finance costs saved by ``gjeld_reduksjon`` (1000 kr) less debt, with the loan
    terms the debt path uses: interest plus straight-line repayment."""
    return hr.debt_rule_of_thumb(gjeld_reduksjon, terms.rente_pst, terms.avdragstid_aar)


# ---------------------------------------------------------------- the table


def _kostra(data: dict[str, pd.DataFrame], knr: str, indikator: str) -> pd.Series:
    return kostra_series(data, knr, indikator)


def _plan_pct(data: dict[str, pd.DataFrame], knr: str, indikator: str,
              datatype: str = "okonomiplan") -> pd.Series:
    return plan_series(data, knr, indikator, datatype)


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
                      param: str = "budsjettaar", length: int = PLAN_YEARS) -> list[int]:
    """Stop with one bokmål line (:class:`helpers.coverage.CoverageError`) when
    ``budsjettaar`` is not a plan year in the data; otherwise return the years of the
    plan period the data do not cover (empty when all are). A municipality with no plan at
    all (e.g. a peer) gets every year back: the report shows its history only."""
    have = plan_years_in_data(data, kommune.kommunenummer)
    want = plan_years(budsjettaar, length)
    if not have:
        return want
    require_year(param, budsjettaar, have, f"økonomiplanen for {kommune.navn}")
    return missing_years(want, have)


def _rules(data: dict[str, pd.DataFrame], k: Kommune, regler_fra: str | None,
           terskler: dict[str, float | None] | None) -> tuple[dict[str, hr.Rule], bool, str]:
    """The rules measuring ``k``, whether they are its own, and whose they are (name)."""
    fallback = resolve(data["kommuner"], regler_fra).kommunenummer if regler_fra else None
    hreg = data.get("handlingsregler")
    if hreg is None or hreg.empty:
        return {}, False, ""
    source = hr.rules_source(hreg, k.kommunenummer, fallback)
    rules = hr.rules_for(hreg, k, fallback=fallback, overrides=terskler)
    return rules, source == k.kommunenummer, name_of(data["kommuner"]).get(source, source)


def _plan_period(data: dict[str, pd.DataFrame], k: Kommune, budsjettaar: int | None
                 ) -> tuple[int | None, list[int]]:
    """The first plan year (None: the newest plan in the data) and the plan years the
    data cover."""
    have = plan_years_in_data(data, k.kommunenummer)
    if budsjettaar is None:
        budsjettaar = have[0] if have else None
    else:
        check_budget_year(data, k, budsjettaar)
    if budsjettaar is None:
        return None, []
    return budsjettaar, [y for y in plan_years(budsjettaar) if y in have]


def _programme(data: dict[str, pd.DataFrame], knr: str, budsjettaar: int | None,
               rules: dict[str, hr.Rule], assumptions: inv.DebtAssumptions,
               strict: bool) -> inv.Programme | None:
    """The investment programme and its debt path, measured against the rules' debt
    ceiling; None when the data have none (or, unless ``strict``, an error)."""
    if data.get("investering") is None or budsjettaar is None:
        return None
    tak = rules["netto_lanegjeld"].terskel if "netto_lanegjeld" in rules else None
    try:
        return inv.programme(data, knr, budsjettaar,
                             replace(assumptions, lanegjeld_tak_pst=tak))
    except InvesteringError:
        if strict:
            raise
        return None


def _budget_before_plan(data: dict[str, pd.DataFrame], knr: str, hist_years: list[int],
                        plan_years_: list[int]) -> dict[str, dict[int, float]]:
    """The budget in force before the plan (e.g. budsjett 2023), where the data have it:
    indicator → year → percent."""
    out: dict[str, dict[int, float]] = {}
    for ind in ("netto_driftsresultat_pst", "disposisjonsfond_pst"):
        for dt in ("revidert_budsjett", "budsjett"):
            for y, v in _plan_pct(data, knr, ind, dt).items():
                if y not in hist_years and (not plan_years_ or y < plan_years_[0]):
                    out.setdefault(ind, {}).setdefault(int(y), float(v))
    return out


def _year_frame(data: dict[str, pd.DataFrame], knr: str, years: list[int],
                plan_years_: list[int], budget_years: list[int],
                bdi_vekst_pst: float | None) -> pd.DataFrame:
    """aar, datatype and brutto driftsinntekter; history keeps KOSTRA's base only (no
    projected base for past years)."""
    bdi = inv.project_bdi(data, knr, years, bdi_vekst_pst)
    t = pd.DataFrame({"aar": years})
    t["datatype"] = ["okonomiplan" if y in plan_years_
                     else "budsjett" if y in budget_years else "kostra" for y in years]
    t = t.merge(bdi.rename(columns={"kilde": "bdi_kilde", "grunnlag": "bdi_grunnlag",
                                    "fra_aar": "bdi_fra_aar", "vekst_pst": "bdi_vekst_pst"}),
                on="aar", how="left")
    hist = t["datatype"] != "okonomiplan"
    t.loc[hist & (t["bdi_kilde"] != "kostra"),
          ["bdi", "bdi_kilde", "bdi_grunnlag", "bdi_fra_aar", "bdi_vekst_pst"]] = (
        float("nan"), "ukjent", "ukjent", float("nan"), float("nan"))
    return t


def _add_result_and_fund(t: pd.DataFrame, data: dict[str, pd.DataFrame], knr: str,
                         budget_pct: dict[str, dict[int, float]]) -> pd.DataFrame:
    """Netto driftsresultat (amount and %), set-asides and disposisjonsfond."""
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
    t = t.merge(_avsetninger(data.get("okonomiplan"), knr), on="aar", how="left")
    t["netto_avsetning_fond"] = t["til_fond"] + t["bruk_fond"]
    t["disposisjonsfond_pst"] = t["aar"].map(fund_pct)
    t["disposisjonsfond"] = t["disposisjonsfond_pst"] / 100 * t["bdi"]
    return t


def _add_investment_and_debt(t: pd.DataFrame, data: dict[str, pd.DataFrame], knr: str,
                             programme: inv.Programme | None) -> pd.DataFrame:
    """Investeringer, new loans and netto lånegjeld: KOSTRA for history, the debt path
    for the plan years."""
    t["investering"] = float("nan")
    t["nye_lan"] = float("nan")
    t["netto_lanegjeld"] = t["aar"].map(inv.known_debt(data, knr).to_dict())
    t["netto_lanegjeld_pst"] = t["aar"].map(_kostra(data, knr, "netto_lanegjeld_pst").to_dict())
    if programme is None:
        return t
    base = programme.base
    tot = base.totals.set_index("aar")["totalt"]
    loans = base.borrowing.set_index("aar")["totalt"]
    d = base.debt.set_index("aar")
    for i, y in t["aar"].items():
        if y in d.index and t.at[i, "datatype"] == "okonomiplan":
            t.at[i, "investering"] = float(tot.get(y, float("nan")))
            t.at[i, "nye_lan"] = float(loans.get(y, float("nan")))
            t.at[i, "netto_lanegjeld"] = float(d.loc[y, "utgaaende_gjeld"])
            t.at[i, "netto_lanegjeld_pst"] = float(d.loc[y, "lanegjeld_pst"])
    return t


def _add_finance_lines(t: pd.DataFrame, data: dict[str, pd.DataFrame], knr: str,
                       years: list[int]) -> pd.DataFrame:
    """The plan's own renteutgifter and avdrag."""
    okp = data.get("okonomiplan")
    lines = (inv.plan_finance_lines(okp, knr, years) if okp is not None
             else pd.DataFrame({"aar": years, "renteutgifter": float("nan"),
                                "avdrag": float("nan")}))
    return t.merge(lines, on="aar", how="left")


def _earlier_appropriations(data: dict[str, pd.DataFrame], programme: inv.Programme | None,
                            assumptions: inv.DebtAssumptions
                            ) -> tuple[float, pd.DataFrame | None]:
    """Loan-financeable appropriations from earlier plans not yet spent (1000 kr), and the
    debt path if they were all borrowed in the first plan year (None when there are none
    or the start debt is given)."""
    if programme is None:
        return 0.0, None
    projects = programme.plan.projects
    loanable = projects[projects["lanefinansieres"] != "nei"]
    earlier = float(loanable["tidligere_bevilget"].fillna(0).sum())
    if earlier <= 0 or assumptions.startgjeld is not None:
        return earlier, None
    base = programme.base
    upper = inv.compute(data, programme.plan, base.financing, base.terms,
                        startgjeld=base.startgjeld.verdi + earlier,
                        avdrag_per_aar=dict(zip(base.debt["aar"].astype(int),
                                                base.debt["avdrag_eksisterende"],
                                                strict=True)),
                        bdi_vekst_pst=assumptions.bdi_vekst_pst)
    return earlier, upper.debt[["aar", "utgaaende_gjeld", "lanegjeld_pst"]]


def economy(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None, *,
            regler_fra: str | None = None, terskler: dict[str, float | None] | None = None,
            strict: bool = False, assumptions: inv.DebtAssumptions | None = None) -> Economy:
    """The economy of ``kommune`` for the plan starting in ``budsjettaar`` (None: the
    newest plan in the data). ``assumptions`` (financing shares, loan terms, start debt,
    scenario; :class:`helpers.model.debt.DebtAssumptions`) go to the debt path; with none
    given, every report gets the same figures. ``strict``: an error in the investment data
    stops (the investering report); otherwise the debt path is left out."""
    assumptions = assumptions or inv.DebtAssumptions()
    k = resolve(data["kommuner"], kommune)
    knr = k.kommunenummer
    rules, own, rules_from = _rules(data, k, regler_fra, terskler)
    budsjettaar, plan_years_ = _plan_period(data, k, budsjettaar)
    programme = _programme(data, knr, budsjettaar, rules, assumptions, strict)
    hist_years = sorted(set(_kostra(data, knr, "netto_driftsresultat_pst").index)
                        | set(_kostra(data, knr, "disposisjonsfond_pst").index)
                        | set(_kostra(data, knr, "netto_lanegjeld_pst").index))
    budget_pct = _budget_before_plan(data, knr, hist_years, plan_years_)
    budget_years = sorted({y for d in budget_pct.values() for y in d})
    years = sorted(set(hist_years) | set(budget_years) | set(plan_years_))
    t = _year_frame(data, knr, years, plan_years_, budget_years, assumptions.bdi_vekst_pst)
    t = _add_result_and_fund(t, data, knr, budget_pct)
    t = _add_investment_and_debt(t, data, knr, programme)
    t = _add_finance_lines(t, data, knr, years)[COLUMNS]
    earlier, debt_with_earlier = _earlier_appropriations(data, programme, assumptions)
    return Economy(kommune=k, budsjettaar=budsjettaar, plan_years=plan_years_, table=t,
                   rules=rules, own_rules=own, rules_from=rules_from, investering=programme,
                   earlier_appropriations=earlier, debt_with_earlier=debt_with_earlier,
                   data=data,
                   sources=economy_sources(t, programme.base if programme else None))


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
                    "verdi": r.vurdert_pst, "terskel": rule.terskel, "krav": rule.krav,
                    "oppfylt": r.oppfylt,  # the rule's reading and rounding tolerance
                    "avstand_pp": r.vurdert_pst - rule.terskel,
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
