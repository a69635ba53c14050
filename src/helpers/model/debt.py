"""Financing, loans and the debt path of the investment programme, and the whole
computation (:func:`analyse`) that the economic model (:mod:`helpers.model.economy`) reads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.model.investment import (
    DEBT_RULE,
    KATEGORIER,
    Financing,
    InvesteringError,
    Plan,
    apply_scenario,
    check_printed_sums,
    check_project_totals,
    financing,
    load_plan,
    scenario_changes,
    totals_by_year,
)
from helpers.model.rules import rules_source


def borrowing_by_year(fin_frame: pd.DataFrame, years: tuple[int, ...] | list[int]
                      ) -> pd.DataFrame:
    """New loans per year: aar, ordinær, selvkost, totalt (1000 kr)."""
    wide = (fin_frame.pivot_table(index="aar", columns="kategori", values="lan",
                                  aggfunc="sum")
            .reindex(index=list(years), columns=list(KATEGORIER)).fillna(0.0))
    wide["totalt"] = wide["ordinær"] + wide["selvkost"]
    wide.columns.name = None
    return wide.reset_index()


@dataclass(frozen=True)
class LoanTerms:
    """Terms for the new loans.

    ``rente_pst``: annual interest in percent. ``avdragstid_aar``: repayment period in years
    (serial loan, equal instalments from the year after the loan is drawn);
    ``avdragstid_selvkost_aar`` for selvkost loans (``None``: the same).
    ``andel_rente_laneaaret``: the share of a full year's interest paid in the year the loan
    is drawn (0 = drawn at the end of the year, 0.5 = on average mid-year).
    """

    rente_pst: float
    avdragstid_aar: float
    avdragstid_selvkost_aar: float | None = None
    andel_rente_laneaaret: float = 0.0

    def validate(self) -> None:
        if not 0 <= self.rente_pst <= 30:
            raise InvesteringError(f"Renten må være mellom 0 og 30 %, ikke {self.rente_pst:g}.")
        for name, v in (("avdragstid_aar", self.avdragstid_aar),
                        ("avdragstid_selvkost_aar", self.avdragstid_selvkost_aar)):
            if v is not None and not 1 <= v <= 60:
                raise InvesteringError(f"{name} må være mellom 1 og 60 år, ikke {v:g}.")
        if not 0 <= self.andel_rente_laneaaret <= 1:
            raise InvesteringError("andel_rente_laneaaret må være mellom 0 og 1, ikke "
                                   f"{self.andel_rente_laneaaret}.")

    def period_for(self, kategori: str) -> float:
        if kategori == "selvkost" and self.avdragstid_selvkost_aar is not None:
            return self.avdragstid_selvkost_aar
        return self.avdragstid_aar


def loan_schedule(borrowing: pd.DataFrame, terms: LoanTerms,
                  years: tuple[int, ...] | list[int]) -> pd.DataFrame:
    """Interest, repayments and balance of the new loans, per year and category.

    ``borrowing``: columns aar, kategori, lan (1000 kr). Returns aar, kategori, opptak,
    renter, avdrag, kapitalkostnad (renter + avdrag), restgjeld (at the end of the year).
    """
    terms.validate()
    r = terms.rente_pst / 100
    rows = []
    for year in years:
        for kat in KATEGORIER:
            n = terms.period_for(kat)
            loans = borrowing[(borrowing["kategori"] == kat) & (borrowing["aar"] <= year)]
            opptak = renter = avdrag = rest = 0.0
            for loan in loans.itertuples():
                amount = float(loan.lan)
                if amount == 0:
                    continue
                if loan.aar == year:
                    opptak += amount
                    renter += amount * r * terms.andel_rente_laneaaret
                    rest += amount
                    continue
                k = year - loan.aar  # 1 in the first year after the loan is drawn
                start = max(amount * (1 - (k - 1) / n), 0.0)
                pay = min(amount / n, start)
                renter += start * r
                avdrag += pay
                rest += start - pay
            rows.append({"aar": year, "kategori": kat, "opptak": opptak, "renter": renter,
                         "avdrag": avdrag, "kapitalkostnad": renter + avdrag,
                         "restgjeld": rest})
    return pd.DataFrame(rows)


def schedule_by_year(schedule: pd.DataFrame, column: str) -> pd.DataFrame:
    """One column of :func:`loan_schedule` as aar, ordinær, selvkost, totalt."""
    wide = schedule.pivot_table(index="aar", columns="kategori", values=column,
                                aggfunc="sum").reindex(columns=list(KATEGORIER)).fillna(0.0)
    wide["totalt"] = wide["ordinær"] + wide["selvkost"]
    wide.columns.name = None
    return wide.reset_index()


@dataclass(frozen=True)
class Known:
    """A figure from the data with the year it belongs to and where it comes from."""

    aar: int
    verdi: float
    forklaring: str


def _kostra(data: dict[str, pd.DataFrame], kommunenummer: str, indikator: str) -> pd.Series:
    k = data.get("kostra")
    if k is None:
        return pd.Series(dtype=float)
    sel = k[(k["kommunenummer"] == kommunenummer) & (k["indikator"] == indikator)
            & (k["dimensjon"] == "")]
    s = sel.set_index("aar")["verdi"].astype(float)
    s.index = s.index.astype(int)
    return s.sort_index()


def _per_capita_total(data: dict[str, pd.DataFrame], kommunenummer: str,
                      indikator: str) -> pd.Series:
    """kr per innbygger × folketall 31.12 ÷ 1000 = 1000 kr, for years with both."""
    per = _kostra(data, kommunenummer, indikator)
    f = data.get("folketall")
    if f is None or per.empty:
        return pd.Series(dtype=float)
    pop = f[f["kommunenummer"] == kommunenummer].set_index("aar")["folketall"].astype(float)
    pop.index = pop.index.astype(int)
    return (per * pop.reindex(per.index) / 1000).dropna()


def known_debt(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """Netto lånegjeld (1000 kr) per year where KOSTRA's kr per innbygger and the
    folketall are both in the data."""
    return _per_capita_total(data, kommunenummer, "netto_lanegjeld_per_innb")


def known_bdi(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """Brutto driftsinntekter (1000 kr) per year from KOSTRA kr per innbygger × folketall."""
    return _per_capita_total(data, kommunenummer, "brutto_driftsinntekter_per_innb")


def known_debt_ratio(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """KOSTRA's netto lånegjeld in % of brutto driftsinntekter, per year."""
    return _kostra(data, kommunenummer, "netto_lanegjeld_pst")


def starting_debt(data: dict[str, pd.DataFrame], kommunenummer: str,
                  override: float | None = None, first_year: int | None = None) -> Known:
    """The opening debt for the plan period: ``override`` if given, else the latest netto
    lånegjeld from KOSTRA × folketall. Raises :class:`InvesteringError` if neither exists."""
    if override is not None:
        year = (first_year - 1) if first_year else 0
        return Known(year, float(override), "startgjelden oppgitt som forutsetning")
    s = known_debt(data, kommunenummer)
    if s.empty:
        raise InvesteringError(
            "Finner ikke netto lånegjeld for kommunen: kostra.csv trenger indikatoren "
            "netto_lanegjeld_per_innb og folketall.csv folketallet samme år. Oppgi ellers "
            "startgjeld (1000 kr) som parameter.")
    year = int(s.index.max())
    return Known(year, float(s[year]),
                 f"netto lånegjeld 31.12.{year} ifølge KOSTRA, regnet som kr per innbygger × "
                 "folketall")


def plan_finance_lines(okonomiplan: pd.DataFrame, kommunenummer: str,
                       years: tuple[int, ...] | list[int],
                       datatype: str = "okonomiplan") -> pd.DataFrame:
    """The plan's own renteutgifter and avdrag per year as positive costs:
    aar, renteutgifter, avdrag (NaN where the data has no figure)."""
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == "finans")
                      & (okonomiplan["datatype"] == datatype)
                      & okonomiplan["post"].isin(["renteutgifter", "avdrag"])]
    wide = sel.pivot_table(index="aar", columns="post", values="belop", aggfunc="sum")
    wide.index = wide.index.astype(int)
    wide = wide.reindex(index=list(years), columns=["renteutgifter", "avdrag"])
    wide.columns.name = None
    return wide.rename_axis("aar").reset_index()


def default_repayment(okonomiplan: pd.DataFrame, kommunenummer: str,
                      years: tuple[int, ...] | list[int]) -> Known:
    """The default yearly repayment on existing debt: the plan's budgeted «Avdrag på lån»
    in the first plan year (before any loan taken in the period falls due)."""
    lines = plan_finance_lines(okonomiplan, kommunenummer, years)
    first = lines.iloc[0]
    if pd.isna(first["avdrag"]):
        raise InvesteringError(
            f"okonomiplan.csv har ikke «Avdrag på lån» (tabell finans, post avdrag) for "
            f"{int(first['aar'])}. Oppgi avdrag_eksisterende (1000 kr per år) som parameter.")
    return Known(int(first["aar"]), float(first["avdrag"]),
                 f"budsjettert «Avdrag på lån» {int(first['aar'])} i økonomiplanen")


def implied_loan_terms(startgjeld: float, renteutgifter: float, avdrag: float,
                       andel_rente_laneaaret: float = 0.0) -> LoanTerms:
    """Loan terms implied by the plan: interest = renteutgifter ÷ debt (rounded to 0.1 %),
    repayment period = debt ÷ avdrag (whole years). A rough average over today's loans,
    used as the default for new loans when no other terms are given."""
    if startgjeld <= 0 or avdrag <= 0:
        raise InvesteringError("Kan ikke utlede rente og avdragstid uten positiv gjeld og "
                               "positive avdrag. Oppgi rente_pst og avdragstid_aar.")
    return LoanTerms(rente_pst=round(renteutgifter / startgjeld * 100, 1),
                     avdragstid_aar=float(round(startgjeld / avdrag)),
                     andel_rente_laneaaret=andel_rente_laneaaret)


def sentrale_inntekter(okonomiplan: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """Sum of the «Sentrale inntekter» table as a positive amount, per year and datatype."""
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == "sentrale_inntekter")]
    out = sel.groupby(["aar", "datatype"], as_index=False)["belop"].sum()
    out["sentrale_inntekter"] = -out["belop"]
    out["aar"] = out["aar"].astype(int)
    return out[["aar", "datatype", "sentrale_inntekter"]]


def project_bdi(data: dict[str, pd.DataFrame], kommunenummer: str,
                years: tuple[int, ...] | list[int], vekst_pst: float | None = None
                ) -> pd.DataFrame:
    """Brutto driftsinntekter for the plan years (1000 kr): aar, bdi, kilde, grunnlag —
    the one path every report uses (:func:`helpers.model.bdi.bdi_path`)."""
    from helpers.model.bdi import bdi_path

    return bdi_path(data, kommunenummer, years, vekst_pst)


def debt_ceiling(handlingsregler: pd.DataFrame | None, kommunenummer: str,
                 override: float | None = None) -> float | None:
    """The ceiling on netto lånegjeld in % of brutto driftsinntekter (the municipality's own
    rule, else the example municipality's), or ``override``."""
    if override is not None:
        return float(override)
    if handlingsregler is None:
        return None
    source = rules_source(handlingsregler, kommunenummer)
    sel = handlingsregler[(handlingsregler["kommunenummer"] == source)
                          & (handlingsregler["regel"] == DEBT_RULE)]
    return float(sel["terskel"].iloc[0]) if not sel.empty else None


def debt_path(startgjeld: float, avdrag_eksisterende: float, schedule: pd.DataFrame,
              years: tuple[int, ...] | list[int], bdi: pd.DataFrame | None = None
              ) -> pd.DataFrame:
    """Debt through the plan period (1000 kr).

    Per year: inngaaende_gjeld, nye_lan, avdrag_eksisterende, avdrag_nye_lan,
    utgaaende_gjeld, eksisterende_gjeld (what is left of the opening debt), nye_lan_rest
    and herav_selvkost (balance of the new loans, all and selvkost only), bdi,
    lanegjeld_pst (utgående gjeld in % of bdi) and lanegjeld_uten_selvkost_pst (without
    the new selvkost loans, which the fees pay for).
    """
    new = schedule.groupby("aar")[["opptak", "avdrag", "restgjeld"]].sum()
    sk = schedule[schedule["kategori"] == "selvkost"].set_index("aar")["restgjeld"]
    b = bdi.set_index("aar")["bdi"] if bdi is not None else pd.Series(dtype=float)
    rows = []
    existing = float(startgjeld)
    total = float(startgjeld)
    for y in years:
        pay = min(float(avdrag_eksisterende), existing)
        existing -= pay
        opening = total
        nye = float(new.loc[y, "opptak"]) if y in new.index else 0.0
        avdrag_nye = float(new.loc[y, "avdrag"]) if y in new.index else 0.0
        rest_new = float(new.loc[y, "restgjeld"]) if y in new.index else 0.0
        total = existing + rest_new
        herav_sk = float(sk.get(y, 0.0))
        inc = float(b.get(y, float("nan")))
        rows.append({
            "aar": y, "inngaaende_gjeld": opening, "nye_lan": nye,
            "avdrag_eksisterende": pay, "avdrag_nye_lan": avdrag_nye,
            "utgaaende_gjeld": total, "eksisterende_gjeld": existing,
            "nye_lan_rest": rest_new, "herav_selvkost": herav_sk, "bdi": inc,
            "lanegjeld_pst": total / inc * 100 if inc == inc and inc else float("nan"),
            "lanegjeld_uten_selvkost_pst": ((total - herav_sk) / inc * 100
                                            if inc == inc and inc else float("nan")),
        })
    return pd.DataFrame(rows)


def rule_of_thumb(forutsetninger: pd.DataFrame | None, kommunenummer: str,
                  budsjettaar: int) -> float | None:
    """The plan's rule of thumb: yearly finance costs per krone of debt, in percent."""
    if forutsetninger is None:
        return None
    sel = forutsetninger[(forutsetninger["kommunenummer"] == kommunenummer)
                         & (forutsetninger["budsjettaar"] == budsjettaar)
                         & (forutsetninger["forutsetning"] == "tommelfingerregel_finanskostnad")]
    return None if sel.empty else float(sel["verdi"].iloc[0])


@dataclass
class Result:
    """Everything the report shows for one plan or scenario."""

    plan: Plan
    financing: Financing
    terms: LoanTerms
    startgjeld: Known
    avdrag_eksisterende: Known
    totals: pd.DataFrame          # aar, ordinær, selvkost, totalt
    finance: pd.DataFrame         # aar, kategori, investering, sources …
    borrowing: pd.DataFrame       # aar, ordinær, selvkost, totalt
    schedule: pd.DataFrame        # aar, kategori, opptak, renter, avdrag, kapitalkostnad, …
    capital_cost: pd.DataFrame    # aar, ordinær, selvkost, totalt
    debt: pd.DataFrame            # see debt_path
    bdi: pd.DataFrame             # aar, bdi, grunnlag
    plan_lines: pd.DataFrame      # aar, renteutgifter, avdrag (the plan's own budget)
    ceiling: float | None = None

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years


def compute(data: dict[str, pd.DataFrame], plan: Plan, fin: Financing | None = None,
            terms: LoanTerms | None = None, startgjeld: float | None = None,
            avdrag_eksisterende: float | None = None, bdi_vekst_pst: float | None = None,
            lanegjeld_tak_pst: float | None = None) -> Result:
    """Financing, new loans, capital costs and the debt path for a plan or a scenario.

    ``terms`` ``None``: terms implied by the plan (:func:`implied_loan_terms`).
    ``startgjeld``/``avdrag_eksisterende`` ``None``: from the data (see the module doc).
    """
    fin = fin or Financing()
    knr = plan.kommunenummer
    okp = data.get("okonomiplan")
    if okp is None:
        okp = pd.DataFrame(columns=["kommunenummer", "tabell", "datatype", "post", "aar",
                                    "belop"])
    start = starting_debt(data, knr, startgjeld, plan.years[0])
    if avdrag_eksisterende is not None:
        repay = Known(plan.years[0], float(avdrag_eksisterende),
                      "avdraget oppgitt som forutsetning")
    else:
        repay = default_repayment(okp, knr, plan.years)
    lines = plan_finance_lines(okp, knr, plan.years)
    if terms is None:
        first = lines.iloc[0]
        if pd.isna(first["renteutgifter"]):
            raise InvesteringError(
                "okonomiplan.csv mangler renteutgifter for første planår, så renten kan ikke "
                "utledes. Oppgi rente_pst og avdragstid_aar.")
        terms = implied_loan_terms(start.verdi, float(first["renteutgifter"]), repay.verdi)
    fin_frame = financing(plan, fin)
    sched = loan_schedule(fin_frame[["aar", "kategori", "lan"]], terms, plan.years)
    bdi = project_bdi(data, knr, plan.years, bdi_vekst_pst)
    debt = debt_path(start.verdi, repay.verdi, sched, plan.years, bdi)
    return Result(
        plan=plan, financing=fin, terms=terms, startgjeld=start, avdrag_eksisterende=repay,
        totals=totals_by_year(plan), finance=fin_frame,
        borrowing=borrowing_by_year(fin_frame, plan.years), schedule=sched,
        capital_cost=schedule_by_year(sched, "kapitalkostnad"), debt=debt, bdi=bdi,
        plan_lines=lines,
        ceiling=debt_ceiling(data.get("handlingsregler"), knr, lanegjeld_tak_pst),
    )


def repayment_check(result: Result) -> pd.DataFrame:
    """The model's repayments (existing + new loans) against the plan's budgeted «Avdrag
    på lån», per year: aar, avdrag_plan, avdrag_modell, avvik (modell − plan)."""
    d = result.debt.set_index("aar")
    lines = result.plan_lines.set_index("aar")
    rows = []
    for y in result.years:
        model = float(d.loc[y, "avdrag_eksisterende"] + d.loc[y, "avdrag_nye_lan"])
        plan = float(lines.loc[y, "avdrag"]) if y in lines.index else float("nan")
        rows.append({"aar": y, "avdrag_plan": plan, "avdrag_modell": model,
                     "avvik": model - plan})
    return pd.DataFrame(rows)


def compare(base: Result, scen: Result) -> pd.DataFrame:
    """Plan and scenario side by side per year: for each measure (investering, laneopptak,
    kapitalkostnad, lanegjeld, lanegjeld_pst) the columns plan, scenario and endring."""
    rows = []
    measures = {
        "investering": lambda r: r.totals.set_index("aar")["totalt"],
        "laneopptak": lambda r: r.borrowing.set_index("aar")["totalt"],
        "kapitalkostnad": lambda r: r.capital_cost.set_index("aar")["totalt"],
        "lanegjeld": lambda r: r.debt.set_index("aar")["utgaaende_gjeld"],
        "lanegjeld_pst": lambda r: r.debt.set_index("aar")["lanegjeld_pst"],
    }
    for name, get in measures.items():
        p, s = get(base), get(scen)
        for y in base.years:
            rows.append({"maal": name, "aar": y, "plan": float(p.get(y, float("nan"))),
                         "scenario": float(s.get(y, float("nan")))})
    out = pd.DataFrame(rows)
    out["endring"] = out["scenario"] - out["plan"]
    return out


@dataclass
class Analysis:
    """Everything the investment report shows, computed once."""

    kommune: object  # helpers.kommuner.Kommune
    plan: Plan
    base: Result
    scenario: Result | None
    changes: pd.DataFrame
    checks: pd.DataFrame
    project_checks: pd.DataFrame
    tommelfingerregel_pst: float | None
    kostra_ratio: pd.Series
    terms_source: str
    data: dict[str, pd.DataFrame] = field(repr=False)
    # filled in by the economic model (helpers.model.economy), which every report reads
    debt_basis: str = ""
    rules_notice: str | None = None
    rule_of_thumb_text: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None, *,
            momskompensasjon_pst: float = 0.0, tilskudd_pst: float = 0.0,
            salg_pst: float = 0.0, egenkapital_pst: float = 0.0,
            selvkost_lan_pst: float = 100.0, ikke_lanefinansiert: list[str] | None = None,
            rente_pst: float | None = None, avdragstid_aar: float | None = None,
            avdragstid_selvkost_aar: float | None = None, andel_rente_laneaaret: float = 0.0,
            startgjeld: float | None = None, avdrag_eksisterende: float | None = None,
            bdi_vekst_pst: float | None = None, lanegjeld_tak_pst: float | None = None,
            utsett: list[str] | dict[str, int] | None = None, utsett_aar: int = 1,
            dropp: list[str] | None = None) -> Analysis:
    """The plan and (when projects are named in ``utsett`` or ``dropp``) a scenario.

    Loan terms not given are implied by the plan (:func:`implied_loan_terms`).
    """
    from helpers.data.kommuner import resolve

    k = resolve(data["kommuner"], kommune)
    plan = load_plan(data, k.kommunenummer, budsjettaar)
    fin = Financing(momskompensasjon_pst, tilskudd_pst, salg_pst, egenkapital_pst,
                    selvkost_lan_pst, tuple(ikke_lanefinansiert or ()))
    terms, source = None, "valgt som forutsetninger"
    if rente_pst is None or avdragstid_aar is None:
        implied = compute(data, plan, fin, None, startgjeld, avdrag_eksisterende,
                          bdi_vekst_pst, lanegjeld_tak_pst).terms
        source = ("utledet av planen: renteutgiftene i første planår delt på startgjelden, og "
                  "startgjelden delt på budsjetterte avdrag")
        if rente_pst is not None or avdragstid_aar is not None:
            source = "delvis valgt som forutsetninger, resten " + source
        rente_pst = implied.rente_pst if rente_pst is None else rente_pst
        avdragstid_aar = implied.avdragstid_aar if avdragstid_aar is None else avdragstid_aar
    terms = LoanTerms(float(rente_pst), float(avdragstid_aar),
                      None if avdragstid_selvkost_aar is None else float(avdragstid_selvkost_aar),
                      float(andel_rente_laneaaret))
    kw = dict(fin=fin, terms=terms, startgjeld=startgjeld,
              avdrag_eksisterende=avdrag_eksisterende, bdi_vekst_pst=bdi_vekst_pst,
              lanegjeld_tak_pst=lanegjeld_tak_pst)
    base = compute(data, plan, **kw)
    scenario, changes = None, pd.DataFrame()
    if utsett or dropp:
        scen_plan = apply_scenario(plan, utsett, dropp, utsett_aar)
        scenario = compute(data, scen_plan, **kw)
        changes = scenario_changes(plan, utsett, dropp, utsett_aar)
    return Analysis(
        kommune=k, plan=plan, base=base, scenario=scenario, changes=changes,
        checks=check_printed_sums(plan, data.get("investering_summer")),
        project_checks=check_project_totals(plan),
        tommelfingerregel_pst=rule_of_thumb(data.get("investering_forutsetninger"),
                                            k.kommunenummer, plan.budsjettaar),
        kostra_ratio=known_debt_ratio(data, k.kommunenummer), terms_source=source,
        data=data,
    )
