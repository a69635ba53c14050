"""Financing, loans and the debt path of the investment programme, and the whole
computation (:func:`programme`) that the economic model (:mod:`helpers.model.economy`)
reads, under the assumptions in :class:`DebtAssumptions`.

Numbers only: where a figure comes from is a code (:attr:`Known.kilde`,
:attr:`Programme.terms_basis`); the reports say it in words
(:mod:`helpers.reports.common_text`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from helpers.data.queries import kostra_series, per_capita_total
from helpers.model.investment import (
    DEBT_RULE,
    KATEGORIER,
    Financing,
    InvesteringError,
    Plan,
    apply_scenario,
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
    """A figure with the year it belongs to and where it comes from.

    ``kilde``: ``startgjeld_oppgitt`` / ``avdrag_oppgitt`` (given as an assumption),
    ``kostra`` (netto lånegjeld from KOSTRA kr per innbygger × folketall) or ``plan`` (the
    plan's budgeted «Avdrag på lån» in ``aar``)."""

    aar: int
    verdi: float
    kilde: str


def known_debt(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """Netto lånegjeld (1000 kr) per year where KOSTRA's kr per innbygger and the
    folketall are both in the data."""
    return per_capita_total(data, kommunenummer, "netto_lanegjeld_per_innb")


def known_bdi(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """Brutto driftsinntekter (1000 kr) per year from KOSTRA kr per innbygger × folketall."""
    return per_capita_total(data, kommunenummer, "brutto_driftsinntekter_per_innb")


def known_debt_ratio(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """KOSTRA's netto lånegjeld in % of brutto driftsinntekter, per year."""
    return kostra_series(data, kommunenummer, "netto_lanegjeld_pst")


def starting_debt(data: dict[str, pd.DataFrame], kommunenummer: str,
                  override: float | None = None, first_year: int | None = None) -> Known:
    """The opening debt for the plan period: ``override`` if given, else the latest netto
    lånegjeld from KOSTRA × folketall. Raises :class:`InvesteringError` if neither exists."""
    if override is not None:
        year = (first_year - 1) if first_year else 0
        return Known(year, float(override), "startgjeld_oppgitt")
    s = known_debt(data, kommunenummer)
    if s.empty:
        raise InvesteringError(
            "Finner ikke netto lånegjeld for kommunen: kostra.csv trenger indikatoren "
            "netto_lanegjeld_per_innb og folketall.csv folketallet samme år. Oppgi ellers "
            "startgjeld (1000 kr) som parameter.")
    year = int(s.index.max())
    return Known(year, float(s[year]), "kostra")


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
    return Known(int(first["aar"]), float(first["avdrag"]), "plan")


def plan_repayments(lines: pd.DataFrame, schedule: pd.DataFrame, fallback: float
                    ) -> tuple[dict[int, float], dict[int, str]]:
    """The repayment on the opening debt per year that makes the debt path repay the
    plan's own «Avdrag på lån» (``lines``: :func:`plan_finance_lines`): the plan's
    figure less what the new loans of ``schedule`` repay that year (not below 0). A
    year without a plan figure repays ``fallback`` on the opening debt (an estimate).
    Returns the repayments and, per year, ``plan`` or ``anslag``."""
    plan = lines.set_index("aar")["avdrag"]
    new = (schedule.groupby("aar")["avdrag"].sum() if not schedule.empty
           else pd.Series(dtype=float))
    out: dict[int, float] = {}
    kinds: dict[int, str] = {}
    for y in plan.index:
        y = int(y)
        given = plan.get(y)
        if given is None or pd.isna(given):
            out[y], kinds[y] = float(fallback), "anslag"
            continue
        rest = float(given) - float(new.get(y, 0.0))
        out[y] = max(rest, 0.0)
        kinds[y] = "plan" if rest >= 0 else "anslag"
    return out, kinds


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


def debt_path(startgjeld: float, avdrag_eksisterende: float | Mapping[int, float],
              schedule: pd.DataFrame, years: tuple[int, ...] | list[int],
              bdi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Debt through the plan period (1000 kr). ``avdrag_eksisterende``: the yearly
    repayment on the opening debt, one amount for every year or one per year (a year
    missing from the mapping repeats the last year's).

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
    per_year = (dict(avdrag_eksisterende) if isinstance(avdrag_eksisterende, Mapping)
                else {})
    repay = float("nan") if per_year else float(avdrag_eksisterende)  # type: ignore[arg-type]
    for y in years:
        repay = float(per_year.get(y, repay))
        pay = min(0.0 if repay != repay else repay, existing)
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
    avdrag_kilde: dict[int, str] = field(default_factory=dict)
    """Per plan year where the total repayment comes from: ``plan`` (the plan's «Avdrag på
    lån», which the debt path then repays exactly) or ``anslag`` (the first plan year's
    repayment on existing debt carried on, plus the new loans' schedule)."""

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years


def compute(data: dict[str, pd.DataFrame], plan: Plan, fin: Financing | None = None,
            terms: LoanTerms | None = None, startgjeld: float | None = None,
            avdrag_eksisterende: float | None = None, bdi_vekst_pst: float | None = None,
            lanegjeld_tak_pst: float | None = None,
            avdrag_per_aar: Mapping[int, float] | None = None) -> Result:
    """Financing, new loans, capital costs and the debt path for a plan or a scenario.

    ``terms`` ``None``: terms implied by the plan (:func:`implied_loan_terms`).
    ``startgjeld``/``avdrag_eksisterende`` ``None``: from the data (see the module doc);
    with neither ``avdrag_eksisterende`` nor ``avdrag_per_aar`` given, the debt path
    repays the plan's «Avdrag på lån» in each year the plan has it
    (:func:`plan_repayments`). ``avdrag_per_aar``: the repayment on the opening debt per
    year (a scenario gets the plan's, so only its new loans differ).
    """
    fin = fin or Financing()
    knr = plan.kommunenummer
    okp = data.get("okonomiplan")
    if okp is None:
        okp = pd.DataFrame(columns=["kommunenummer", "tabell", "datatype", "post", "aar",
                                    "belop"])
    start = starting_debt(data, knr, startgjeld, plan.years[0])
    if avdrag_eksisterende is not None:
        repay = Known(plan.years[0], float(avdrag_eksisterende), "avdrag_oppgitt")
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
    if avdrag_per_aar is None and avdrag_eksisterende is None:
        avdrag_per_aar, avdrag_kilde = plan_repayments(lines, sched, repay.verdi)
    else:
        avdrag_kilde = {int(y): "anslag" for y in plan.years}
    debt = debt_path(start.verdi, avdrag_per_aar if avdrag_per_aar is not None
                     else repay.verdi, sched, plan.years, bdi)
    return Result(
        plan=plan, financing=fin, terms=terms, startgjeld=start, avdrag_eksisterende=repay,
        totals=totals_by_year(plan), finance=fin_frame,
        borrowing=borrowing_by_year(fin_frame, plan.years), schedule=sched,
        capital_cost=schedule_by_year(sched, "kapitalkostnad"), debt=debt, bdi=bdi,
        plan_lines=lines,
        ceiling=debt_ceiling(data.get("handlingsregler"), knr, lanegjeld_tak_pst),
        avdrag_kilde=avdrag_kilde,
    )


@dataclass(frozen=True)
class DebtAssumptions:
    """The assumptions behind financing, new loans and the debt path: the investering
    report's parameters. Every field left at its default gives the figures every report
    shares (the terms and start figures the plan itself implies)."""

    momskompensasjon_pst: float = 0.0
    """Share of ordinary investments covered by VAT compensation, in percent."""
    tilskudd_pst: float = 0.0
    """Share of ordinary investments covered by grants, in percent."""
    salg_pst: float = 0.0
    """Share of ordinary investments covered by sales of assets, in percent."""
    egenkapital_pst: float = 0.0
    """Share of ordinary investments covered by transfers from operations or funds, in
    percent."""
    selvkost_lan_pst: float = 100.0
    """Share of the selvkost investments financed by loans, in percent."""
    ikke_lanefinansiert: tuple[str, ...] = ()
    """Projects (names as in the plan) that are in addition not financed by loans."""
    rente_pst: float | None = None
    """Interest on new loans in percent; ``None``: implied by the plan
    (:func:`implied_loan_terms`)."""
    avdragstid_aar: float | None = None
    """Repayment period of new loans in years; ``None``: implied by the plan."""
    avdragstid_selvkost_aar: float | None = None
    """Repayment period of new selvkost loans in years; ``None``: as ``avdragstid_aar``."""
    andel_rente_laneaaret: float = 0.0
    """Share of a year's interest paid in the year a loan is drawn (0: drawn at year end)."""
    startgjeld: float | None = None
    """Debt at the start of the period in 1000 kr; ``None``: the latest KOSTRA figure."""
    avdrag_eksisterende: float | None = None
    """Yearly repayment on today's debt in 1000 kr; ``None``: the plan's «Avdrag på lån» in
    the first plan year."""
    bdi_vekst_pst: float | None = None
    """Yearly growth of brutto driftsinntekter in percent; ``None``: follows the plan's
    sentrale inntekter (:func:`helpers.model.bdi.bdi_path`)."""
    lanegjeld_tak_pst: float | None = None
    """Ceiling on netto lånegjeld in % of brutto driftsinntekter; ``None``: the rule in
    ``handlingsregler.csv``."""
    utsett: tuple[str, ...] | dict[str, int] = ()
    """Scenario: projects postponed (names as in the plan), or a dict name → years."""
    utsett_aar: int = 1
    """Scenario: the number of years the projects in ``utsett`` are pushed."""
    dropp: tuple[str, ...] = ()
    """Scenario: projects taken out of the plan."""

    def __post_init__(self) -> None:
        # the notebooks' parameters are lists; keep the assumptions immutable
        for name in ("ikke_lanefinansiert", "dropp", "utsett"):
            value = getattr(self, name)
            if value is None:
                object.__setattr__(self, name, ())
            elif isinstance(value, list):
                object.__setattr__(self, name, tuple(value))

    def financing(self) -> Financing:
        """The financing shares as :class:`helpers.model.investment.Financing`."""
        return Financing(self.momskompensasjon_pst, self.tilskudd_pst, self.salg_pst,
                         self.egenkapital_pst, self.selvkost_lan_pst,
                         tuple(self.ikke_lanefinansiert or ()))

    @property
    def has_scenario(self) -> bool:
        return bool(self.utsett or self.dropp)


@dataclass
class Programme:
    """The investment programme's financing and debt under one set of assumptions: the
    plan and (when projects are postponed or dropped) a scenario.

    ``terms_basis``: ``valgt`` (both loan terms given), ``utledet`` (both implied by the
    plan) or ``delvis`` (one given, the other implied)."""

    kommune: object  # helpers.data.kommuner.Kommune
    plan: Plan
    base: Result
    scenario: Result | None
    changes: pd.DataFrame
    terms_basis: str
    tommelfingerregel_pst: float | None
    assumptions: DebtAssumptions

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years


def _compute_kw(a: DebtAssumptions) -> dict:
    return dict(startgjeld=a.startgjeld, avdrag_eksisterende=a.avdrag_eksisterende,
                bdi_vekst_pst=a.bdi_vekst_pst, lanegjeld_tak_pst=a.lanegjeld_tak_pst)


def resolve_terms(data: dict[str, pd.DataFrame], plan: Plan, a: DebtAssumptions
                  ) -> tuple[LoanTerms, str]:
    """The loan terms for new loans and their basis (see :class:`Programme`): terms not
    given are implied by the plan (:func:`implied_loan_terms`)."""
    rente_pst, avdragstid_aar, basis = a.rente_pst, a.avdragstid_aar, "valgt"
    if rente_pst is None or avdragstid_aar is None:
        implied = compute(data, plan, a.financing(), None, **_compute_kw(a)).terms
        basis = "delvis" if rente_pst is not None or avdragstid_aar is not None else "utledet"
        rente_pst = implied.rente_pst if rente_pst is None else rente_pst
        avdragstid_aar = implied.avdragstid_aar if avdragstid_aar is None else avdragstid_aar
    terms = LoanTerms(float(rente_pst), float(avdragstid_aar),
                      None if a.avdragstid_selvkost_aar is None
                      else float(a.avdragstid_selvkost_aar),
                      float(a.andel_rente_laneaaret))
    return terms, basis


def programme(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
              assumptions: DebtAssumptions | None = None) -> Programme:
    """The plan and (when ``assumptions`` postpone or drop projects) a scenario."""
    from helpers.data.kommuner import resolve

    a = assumptions or DebtAssumptions()
    k = resolve(data["kommuner"], kommune)
    plan = load_plan(data, k.kommunenummer, budsjettaar)
    terms, basis = resolve_terms(data, plan, a)
    kw = dict(fin=a.financing(), terms=terms, **_compute_kw(a))
    base = compute(data, plan, **kw)
    scenario, changes = None, pd.DataFrame()
    if a.has_scenario:
        utsett = a.utsett if isinstance(a.utsett, dict) else list(a.utsett)
        scen_plan = apply_scenario(plan, utsett, list(a.dropp), a.utsett_aar)
        repay = dict(zip(base.debt["aar"].astype(int), base.debt["avdrag_eksisterende"],
                         strict=True)) if a.avdrag_eksisterende is None else None
        scenario = compute(data, scen_plan, avdrag_per_aar=repay, **kw)
        scenario.avdrag_kilde = {y: "anslag" for y in scenario.avdrag_kilde}
        changes = scenario_changes(plan, utsett, list(a.dropp), a.utsett_aar)
    return Programme(
        kommune=k, plan=plan, base=base, scenario=scenario, changes=changes,
        terms_basis=basis,
        tommelfingerregel_pst=rule_of_thumb(data.get("investering_forutsetninger"),
                                            k.kommunenummer, plan.budsjettaar),
        assumptions=a,
    )
