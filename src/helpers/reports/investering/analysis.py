"""The investment programme in the economic plan, how it is financed, and what it does to
debt and finance costs (rapport ``investering``).

All amounts are in 1000 kr. Investment amounts are expenses and positive. Budget lines read
from ``okonomiplan.csv`` carry the accounting sign there; the functions here return them as
positive costs where they say so.

The debt model is deliberately simple and every assumption is a parameter:

* **Opening debt** (``startgjeld``) is the latest netto lånegjeld that KOSTRA gives
  (kr per innbygger × folketall 31.12), unless the caller gives another figure. Changes in
  the years between that year and the first plan year are not in the data and are left out.
* **Existing debt** is repaid by a fixed amount per year (``avdrag_eksisterende``), by
  default the plan's budgeted «Avdrag på lån» in the first plan year.
* **New loans** finance the part of each year's investment that grants, VAT compensation,
  sales and equity do not (:class:`Financing`). They are serial loans drawn at the end of
  the investment year (or partly during it, see :class:`LoanTerms`), repaid in equal
  instalments from the following year, with interest on the balance at the start of a year.
* **Brutto driftsinntekter** come from the shared model (:mod:`helpers.model.bdi`): KOSTRA
  where known, the plan's own figures for plan years, projection only where neither exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct, fmt_pp
from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.handlingsregler.analysis import rules_source

RAPPORT = "investering"
KATEGORIER = ("ordinær", "selvkost")
KATEGORI_NAVN = {"ordinær": "Ordinære investeringer", "selvkost": "Selvkostinvesteringer",
                 "totalt": "Sum investeringer"}
DEBT_RULE = "netto_lanegjeld"


class InvesteringError(ValueError):
    """A problem with the investment data or the report's parameters (bokmål message)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


class UnknownProject(InvesteringError):
    """A scenario or financing parameter names a project that the plan does not have."""


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Plan:
    """One municipality's investment programme in one plan edition.

    ``projects``: one row per project (rekkefolge, kategori, rammeomrade, prosjekt,
    tidligere_bevilget, netto_prosjektutgift, lanefinansieres), in the source's order.
    ``amounts``: one row per project and year (prosjekt, kategori, rammeomrade, aar, belop).
    A scenario may move amounts past the last plan year; ``years`` stays the plan period.
    """

    kommunenummer: str
    budsjettaar: int
    years: tuple[int, ...]
    projects: pd.DataFrame
    amounts: pd.DataFrame
    label: str = "Økonomiplanen"

    @property
    def period_label(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if self.years else ""

    def in_period(self) -> pd.DataFrame:
        """The amounts that fall inside the plan period."""
        return self.amounts[self.amounts["aar"].isin(self.years)]

    def outside_period(self) -> pd.DataFrame:
        """Amounts a scenario has pushed past the plan period (empty for the plan itself)."""
        return self.amounts[~self.amounts["aar"].isin(self.years)]


def available_plans(investering: pd.DataFrame, kommunenummer: str) -> list[int]:
    """The plan editions (budsjettaar) the data has for a municipality."""
    sel = investering[investering["kommunenummer"] == kommunenummer]
    return sorted(int(b) for b in sel["budsjettaar"].dropna().unique())


def load_plan(data: dict[str, pd.DataFrame], kommunenummer: str,
              budsjettaar: int | None = None, datatype: str = "okonomiplan") -> Plan:
    """The investment programme from ``investering.csv`` and ``investering_prosjekter.csv``.

    ``budsjettaar`` picks the plan edition (``None``: the latest one in the data). Raises
    :class:`InvesteringError` when the municipality or edition has no rows, or when an
    amount names a project the project file does not list.
    """
    inv = data.get("investering")
    pro = data.get("investering_prosjekter")
    if inv is None or pro is None:
        raise InvesteringError("Investeringsrapporten trenger data/investering.csv og "
                               "data/investering_prosjekter.csv.")
    editions = available_plans(inv, kommunenummer)
    if not editions:
        others = sorted(set(inv["kommunenummer"]))
        raise InvesteringError(
            f"investering.csv har ingen investeringsprosjekter for kommunenummer "
            f"{kommunenummer}. Data finnes for: {', '.join(others) or 'ingen'}.")
    if budsjettaar is None:
        budsjettaar = editions[-1]
    if int(budsjettaar) not in editions:
        raise InvesteringError(
            f"investering.csv har ingen plan med budsjettår {budsjettaar} for kommunenummer "
            f"{kommunenummer}. Tilgjengelige budsjettår: "
            f"{', '.join(map(str, editions))}.")
    budsjettaar = int(budsjettaar)
    a = inv[(inv["kommunenummer"] == kommunenummer) & (inv["budsjettaar"] == budsjettaar)
            & (inv["datatype"] == datatype)]
    if a.empty:
        raise InvesteringError(
            f"investering.csv har ingen rader med datatype «{datatype}» for budsjettår "
            f"{budsjettaar}.")
    p = pro[(pro["kommunenummer"] == kommunenummer)
            & (pro["budsjettaar"] == budsjettaar)].copy()
    missing = sorted(set(a["prosjekt"]) - set(p["prosjekt"]))
    if missing:
        raise InvesteringError(
            "Disse prosjektene står i investering.csv, men mangler i "
            f"investering_prosjekter.csv (budsjettår {budsjettaar}): {fmt_list(missing)}.")
    p = p.reset_index(drop=True)
    p["rekkefolge"] = range(len(p))
    lf = p["lanefinansieres"] if "lanefinansieres" in p else pd.Series("", index=p.index)
    p["lanefinansieres"] = lf.fillna("").replace("", "ja")
    p = p[["rekkefolge", "kategori", "rammeomrade", "prosjekt", "tidligere_bevilget",
           "netto_prosjektutgift", "lanefinansieres"]]
    amounts = a[["prosjekt", "aar", "belop"]].merge(
        p[["prosjekt", "kategori", "rammeomrade"]], on="prosjekt", how="left")
    amounts["aar"] = amounts["aar"].astype(int)
    amounts = amounts[["prosjekt", "kategori", "rammeomrade", "aar", "belop"]]
    years = tuple(sorted(int(y) for y in amounts["aar"].unique()))
    return Plan(kommunenummer, budsjettaar, years, p, amounts.reset_index(drop=True))


def project_names(plan: Plan) -> list[str]:
    return list(plan.projects["prosjekt"])


def resolve_projects(plan: Plan, names: list[str] | tuple[str, ...] | None,
                     what: str = "scenarioet") -> list[str]:
    """The plan's spelling of each name (case and spacing do not matter).

    Raises :class:`UnknownProject` listing every known project when a name is not found.
    """
    known = {_norm(n): n for n in project_names(plan)}
    out, unknown = [], []
    for name in names or []:
        hit = known.get(_norm(name))
        if hit is None:
            unknown.append(name)
        else:
            out.append(hit)
    if unknown:
        listed = "\n".join(f"  - {n}" for n in project_names(plan))
        raise UnknownProject(
            f"Kjenner ikke {'prosjektet' if len(unknown) == 1 else 'prosjektene'} "
            f"{fmt_list([f'«{u}»' for u in unknown])} i {what}. "
            f"Prosjektene i planen (budsjettår {plan.budsjettaar}) er:\n{listed}")
    return out


# ---------------------------------------------------------------- scenario


def apply_scenario(plan: Plan, utsett: list[str] | dict[str, int] | None = None,
                   dropp: list[str] | None = None, utsett_aar: int = 1,
                   label: str = "Scenario") -> Plan:
    """The plan with projects postponed or dropped.

    ``utsett``: names of projects to postpone by ``utsett_aar`` years, or a dict
    name → years. Postponed amounts keep their size; what is pushed past the plan period
    stays in :meth:`Plan.outside_period`. ``dropp``: names of projects to take out.
    """
    if isinstance(utsett, dict):
        shifts = dict(zip(resolve_projects(plan, list(utsett)), utsett.values(), strict=True))
    else:
        shifts = dict.fromkeys(resolve_projects(plan, utsett), utsett_aar)
    dropped = resolve_projects(plan, dropp)
    both = sorted(set(shifts) & set(dropped))
    if both:
        raise InvesteringError(
            f"{fmt_list([f'«{b}»' for b in both])} står både blant prosjektene som skal "
            "utsettes og dem som skal tas ut. Velg det ene.")
    for name, n in shifts.items():
        if int(n) != n or n < 0:
            raise InvesteringError(f"Utsettelsen for «{name}» må være et helt antall år "
                                   f"(0 eller mer), ikke {n}.")
    a = plan.amounts[~plan.amounts["prosjekt"].isin(dropped)].copy()
    shift = a["prosjekt"].map(shifts).fillna(0).astype(int)
    a["aar"] = a["aar"] + shift
    a = a.groupby(["prosjekt", "kategori", "rammeomrade", "aar"], as_index=False,
                  sort=False)["belop"].sum()
    return replace(plan, amounts=a.reset_index(drop=True), label=label)


def scenario_changes(plan: Plan, utsett: list[str] | dict[str, int] | None = None,
                     dropp: list[str] | None = None, utsett_aar: int = 1) -> pd.DataFrame:
    """One row per project the scenario touches: prosjekt, endring (a sentence), and the
    amount in the plan period before and after (1000 kr)."""
    scen = apply_scenario(plan, utsett, dropp, utsett_aar)
    if isinstance(utsett, dict):
        shifts = dict(zip(resolve_projects(plan, list(utsett)), utsett.values(), strict=True))
    else:
        shifts = dict.fromkeys(resolve_projects(plan, utsett), utsett_aar)
    rows = []
    before = plan.in_period().groupby("prosjekt")["belop"].sum()
    after = scen.in_period().groupby("prosjekt")["belop"].sum()
    for name in resolve_projects(plan, dropp):
        rows.append({"prosjekt": name, "endring": "tas ut av planen",
                     "plan": before.get(name, 0.0), "scenario": 0.0})
    for name, n in shifts.items():
        rows.append({"prosjekt": name, "endring": f"utsettes {n} år",
                     "plan": before.get(name, 0.0), "scenario": after.get(name, 0.0)})
    out = pd.DataFrame(rows, columns=["prosjekt", "endring", "plan", "scenario"])
    out["endring_belop"] = out["scenario"] - out["plan"]
    return out


# ---------------------------------------------------------------- programme tables


def totals_by_year(plan: Plan) -> pd.DataFrame:
    """Investment per plan year: columns aar, ordinær, selvkost, totalt (1000 kr)."""
    a = plan.in_period()
    wide = (a.pivot_table(index="aar", columns="kategori", values="belop", aggfunc="sum")
            .reindex(index=list(plan.years), columns=list(KATEGORIER)).fillna(0.0))
    wide["totalt"] = wide["ordinær"] + wide["selvkost"]
    wide.columns.name = None
    return wide.reset_index()


def period_totals(plan: Plan) -> dict[str, float]:
    """Investment over the whole plan period: ordinær, selvkost and totalt (1000 kr)."""
    t = totals_by_year(plan)
    return {k: float(t[k].sum()) for k in (*KATEGORIER, "totalt")}


def by_area_and_year(plan: Plan, kategori: str | None = None) -> pd.DataFrame:
    """Long frame aar, rammeomrade, belop (for the stacked chart), in the source's order."""
    a = plan.in_period()
    if kategori:
        a = a[a["kategori"] == kategori]
    order = list(dict.fromkeys(plan.projects["rammeomrade"]))
    out = a.groupby(["aar", "rammeomrade"], as_index=False)["belop"].sum()
    out["rekkefolge"] = out["rammeomrade"].map({r: i for i, r in enumerate(order)})
    return out.sort_values(["aar", "rekkefolge"]).drop(columns="rekkefolge").reset_index(
        drop=True)


def largest_projects(plan: Plan, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest projects by amount in the plan period: prosjekt, kategori,
    rammeomrade, belop, andel_pst (share of the whole programme)."""
    a = plan.in_period()
    s = a.groupby(["prosjekt", "kategori", "rammeomrade"], as_index=False, sort=False)[
        "belop"].sum()
    total = s["belop"].sum()
    s["andel_pst"] = s["belop"] / total * 100 if total else float("nan")
    return s.sort_values("belop", ascending=False, kind="stable").head(n).reset_index(
        drop=True)


def _sum(series: pd.Series) -> float:
    return float(series.sum(min_count=1))


def programme_table(plan: Plan, kategori: str) -> pd.DataFrame:
    """The HØP layout for one category: per rammeområde the projects, then «Sum <område>»;
    last a «Sum» row. Columns: radtype (omrade/prosjekt/sum_omrade/sum), tekst,
    tidligere_bevilget, netto_prosjektutgift, one column per plan year, sum_periode.
    ``tidligere_bevilget``/``netto_prosjektutgift`` are NaN where the source has no figure.
    """
    years = list(plan.years)
    p = plan.projects[plan.projects["kategori"] == kategori]
    a = plan.in_period()
    wide = (a[a["kategori"] == kategori]
            .pivot_table(index="prosjekt", columns="aar", values="belop", aggfunc="sum")
            .reindex(columns=years).fillna(0.0))
    rows = []

    def row(radtype, tekst, tb, npu, values):
        r = {"radtype": radtype, "tekst": tekst, "tidligere_bevilget": tb,
             "netto_prosjektutgift": npu}
        r.update({y: v for y, v in zip(years, values, strict=True)})
        r["sum_periode"] = float(sum(values)) if values else 0.0
        rows.append(r)

    all_vals = [0.0] * len(years)
    for area in dict.fromkeys(p["rammeomrade"]):
        pa = p[p["rammeomrade"] == area]
        rows.append({"radtype": "omrade", "tekst": area})
        area_vals = [0.0] * len(years)
        for r in pa.itertuples():
            vals = [float(wide.loc[r.prosjekt, y]) if r.prosjekt in wide.index else 0.0
                    for y in years]
            row("prosjekt", r.prosjekt, r.tidligere_bevilget, r.netto_prosjektutgift, vals)
            area_vals = [x + v for x, v in zip(area_vals, vals, strict=True)]
        row("sum_omrade", f"Sum {area}", _sum(pa["tidligere_bevilget"]),
            _sum(pa["netto_prosjektutgift"]), area_vals)
        all_vals = [x + v for x, v in zip(all_vals, area_vals, strict=True)]
    row("sum", "Sum", _sum(p["tidligere_bevilget"]), _sum(p["netto_prosjektutgift"]),
        all_vals)
    cols = ["radtype", "tekst", "tidligere_bevilget", "netto_prosjektutgift", *years,
            "sum_periode"]
    return pd.DataFrame(rows).reindex(columns=cols)


def summary_table(plan: Plan) -> pd.DataFrame:
    """Ordinary and selvkost investments apart and together: rows ordinær, selvkost,
    totalt (column kategori, tekst), one column per plan year and sum_periode."""
    t = totals_by_year(plan).set_index("aar")
    rows = []
    for k in (*KATEGORIER, "totalt"):
        r = {"kategori": k, "tekst": KATEGORI_NAVN[k]}
        r.update({y: float(t.loc[y, k]) for y in plan.years})
        r["sum_periode"] = float(t[k].sum())
        rows.append(r)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- checks against the source


def check_printed_sums(plan: Plan, summer: pd.DataFrame | None) -> pd.DataFrame:
    """Compare the sums computed from the project rows with the sum rows printed in the
    source (``investering_summer.csv``). One row per printed sum: tabell, kategori,
    rammeomrade, post, aar, trykt, beregnet, avvik (beregnet − trykt)."""
    cols = ["tabell", "kategori", "rammeomrade", "post", "aar", "trykt", "beregnet", "avvik"]
    if summer is None or summer.empty:
        return pd.DataFrame(columns=cols)
    s = summer[(summer["kommunenummer"] == plan.kommunenummer)
               & (summer["budsjettaar"] == plan.budsjettaar)]
    a = plan.in_period()
    rows = []
    for r in s.itertuples():
        pp = plan.projects[plan.projects["kategori"] == r.kategori]
        aa = a[a["kategori"] == r.kategori]
        if r.rammeomrade:
            pp = pp[pp["rammeomrade"] == r.rammeomrade]
            aa = aa[aa["rammeomrade"] == r.rammeomrade]
        if r.post == "tidligere_bevilget":
            computed = float(pp["tidligere_bevilget"].fillna(0).sum())
        elif r.post == "netto_prosjektutgift":
            computed = float(pp["netto_prosjektutgift"].fillna(0).sum())
        elif r.post == "bevilgning":
            computed = float(aa.loc[aa["aar"] == r.aar, "belop"].sum())
        else:
            computed = float(aa["belop"].sum())
        rows.append({"tabell": r.tabell, "kategori": r.kategori, "rammeomrade": r.rammeomrade,
                     "post": r.post, "aar": None if pd.isna(r.aar) else int(r.aar),
                     "trykt": float(r.belop), "beregnet": computed,
                     "avvik": computed - float(r.belop)})
    return pd.DataFrame(rows, columns=cols)


def check_project_totals(plan: Plan) -> pd.DataFrame:
    """Projects where tidligere bevilget + the plan period's amounts differ from the
    netto prosjektutgift the source prints (only where both are given). Columns:
    prosjekt, tidligere_bevilget, sum_periode, netto_prosjektutgift, avvik."""
    per = plan.in_period().groupby("prosjekt")["belop"].sum()
    p = plan.projects.dropna(subset=["tidligere_bevilget", "netto_prosjektutgift"]).copy()
    p["sum_periode"] = p["prosjekt"].map(per).fillna(0.0)
    p["avvik"] = p["netto_prosjektutgift"] - (p["tidligere_bevilget"] + p["sum_periode"])
    out = p[p["avvik"].abs() > 0.5]
    return out[["prosjekt", "tidligere_bevilget", "sum_periode", "netto_prosjektutgift",
                "avvik"]].reset_index(drop=True)


# ---------------------------------------------------------------- financing


@dataclass(frozen=True)
class Financing:
    """How the investments are financed, in percent of each year's amount.

    Ordinary projects: VAT compensation, grants, sales and equity (transfer from operations
    or use of funds) as given; loans cover the rest. Projects marked ``lanefinansieres=nei``
    in the data, and those named in ``ikke_lanefinansiert``, are financed by equity only.
    Selvkost projects: ``selvkost_lan_pst`` by loans (repaid through the fees), the rest by
    equity. The defaults borrow everything that may be borrowed, because the source does
    not show how the programme is financed.
    """

    momskompensasjon_pst: float = 0.0
    tilskudd_pst: float = 0.0
    salg_pst: float = 0.0
    egenkapital_pst: float = 0.0
    selvkost_lan_pst: float = 100.0
    ikke_lanefinansiert: tuple[str, ...] = field(default_factory=tuple)

    def validate(self) -> None:
        shares = {"momskompensasjon_pst": self.momskompensasjon_pst,
                  "tilskudd_pst": self.tilskudd_pst, "salg_pst": self.salg_pst,
                  "egenkapital_pst": self.egenkapital_pst,
                  "selvkost_lan_pst": self.selvkost_lan_pst}
        for name, v in shares.items():
            if not 0 <= v <= 100:
                raise InvesteringError(f"{name} må være mellom 0 og 100 (prosent), ikke {v}.")
        other = (self.momskompensasjon_pst + self.tilskudd_pst + self.salg_pst
                 + self.egenkapital_pst)
        if other > 100:
            raise InvesteringError(
                "Momskompensasjon, tilskudd, salg og egenkapital er til sammen "
                f"{fmt_number(other, 1)} % av investeringene – de kan ikke være mer enn 100 %.")

    @property
    def lan_pst(self) -> float:
        """The share of ordinary, loan-financeable investments covered by loans."""
        return 100.0 - (self.momskompensasjon_pst + self.tilskudd_pst + self.salg_pst
                        + self.egenkapital_pst)


FINANCING_SOURCES = ("momskompensasjon", "tilskudd", "salg", "egenkapital", "lan")


def financing(plan: Plan, fin: Financing) -> pd.DataFrame:
    """Financing per plan year and category: aar, kategori, investering, momskompensasjon,
    tilskudd, salg, egenkapital, lan (1000 kr; the sources add up to investering)."""
    fin.validate()
    no_loan = set(resolve_projects(plan, list(fin.ikke_lanefinansiert),
                                   what="listen over prosjekter som ikke lånefinansieres"))
    no_loan |= set(plan.projects.loc[plan.projects["lanefinansieres"] == "nei", "prosjekt"])
    a = plan.in_period().copy()
    ordinary = (a["kategori"] == "ordinær") & ~a["prosjekt"].isin(no_loan)
    selvkost = a["kategori"] == "selvkost"
    for src in FINANCING_SOURCES:
        a[src] = 0.0
    for src in ("momskompensasjon", "tilskudd", "salg", "egenkapital"):
        a.loc[ordinary, src] = a.loc[ordinary, "belop"] * getattr(fin, f"{src}_pst") / 100
    a.loc[ordinary, "lan"] = a.loc[ordinary, "belop"] * fin.lan_pst / 100
    a.loc[selvkost, "lan"] = a.loc[selvkost, "belop"] * fin.selvkost_lan_pst / 100
    a.loc[selvkost, "egenkapital"] = a.loc[selvkost, "belop"] - a.loc[selvkost, "lan"]
    rest = ~ordinary & ~selvkost
    a.loc[rest, "egenkapital"] = a.loc[rest, "belop"]
    out = (a.groupby(["aar", "kategori"], as_index=False)[["belop", *FINANCING_SOURCES]]
           .sum().rename(columns={"belop": "investering"}))
    grid = pd.MultiIndex.from_product([list(plan.years), list(KATEGORIER)],
                                      names=["aar", "kategori"]).to_frame(index=False)
    out = grid.merge(out, on=["aar", "kategori"], how="left").fillna(0.0)
    return out[["aar", "kategori", "investering", *FINANCING_SOURCES]]


def borrowing_by_year(fin_frame: pd.DataFrame, years: tuple[int, ...] | list[int]
                      ) -> pd.DataFrame:
    """New loans per year: aar, ordinær, selvkost, totalt (1000 kr)."""
    wide = (fin_frame.pivot_table(index="aar", columns="kategori", values="lan",
                                  aggfunc="sum")
            .reindex(index=list(years), columns=list(KATEGORIER)).fillna(0.0))
    wide["totalt"] = wide["ordinær"] + wide["selvkost"]
    wide.columns.name = None
    return wide.reset_index()


# ---------------------------------------------------------------- loans


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


# ---------------------------------------------------------------- debt and income data


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


# ---------------------------------------------------------------- the whole computation


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


# ---------------------------------------------------------------- key figures


def key_figures(result: Result, kommune_navn: str) -> pd.DataFrame:
    """The report's key figures for the plan (not a scenario).

    ``investering``, ``laneopptak`` and ``kapitalkostnad`` (interest + repayments on the
    new loans) per plan year with dimensjon ordinær/selvkost/totalt; ``investering_periode``
    for the whole period with the same dimensions (aar = the plan's first year);
    ``lanegjeld`` (netto lånegjeld at the end of the year) and ``lanegjeld_pst`` (in % of
    brutto driftsinntekter, where known or projected). All in 1000 kr except the percent.
    """
    recs = []

    def add(nokkel, aar, dim, verdi, enhet="1000 kr"):
        if verdi is None or verdi != verdi:
            return
        recs.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": kommune_navn,
                     "aar": int(aar), "dimensjon": dim, "verdi": float(verdi),
                     "enhet": enhet})

    dims = (*KATEGORIER, "totalt")
    for frame, nokkel in ((result.totals, "investering"), (result.borrowing, "laneopptak"),
                          (result.capital_cost, "kapitalkostnad")):
        for _, row in frame.iterrows():
            for d in dims:
                add(nokkel, row["aar"], d, row[d])
    for d, v in period_totals(result.plan).items():
        add("investering_periode", result.plan.budsjettaar, d, v)
    for r in result.debt.itertuples():
        add("lanegjeld", r.aar, "", round(r.utgaaende_gjeld))
        add("lanegjeld_pst", r.aar, "", round(r.lanegjeld_pst, 1), "%")
        # the same figure under the name the handlingsregler report uses
        add("netto_lanegjeld_pst", r.aar, "", round(r.lanegjeld_pst, 1), "%")
    return key_figure_frame(recs)


# ---------------------------------------------------------------- commentary


def commentary(result: Result, scenario: Result | None = None,
               tommelfingerregel_pst: float | None = None) -> list[str]:
    """Short paragraphs (bokmål) that describe the figures."""
    plan = result.plan
    years = result.years
    last = years[-1]
    tot = period_totals(plan)
    t = result.totals.set_index("aar")
    out = []
    peak = int(t["totalt"].idxmax())
    out.append(
        f"Planen for {plan.period_label} inneholder investeringer for til sammen "
        f"{fmt_mill(tot['totalt'])}, hvorav {fmt_mill(tot['selvkost'])} er "
        f"selvkostinvesteringer som betales av gebyrene. Året med mest investering er "
        f"{peak} med {fmt_mill(t.loc[peak, 'totalt'])}; i {last} er nivået "
        f"{fmt_mill(t.loc[last, 'totalt'])}.")
    big = largest_projects(plan, 3)
    if not big.empty:
        parts = [f"{r.prosjekt} ({fmt_mill(r.belop)})" for r in big.itertuples()]
        share = big["belop"].sum() / tot["totalt"] * 100 if tot["totalt"] else float("nan")
        out.append(f"De tre største prosjektene i perioden er {fmt_list(parts)}. Sammen står "
                   f"de for {fmt_pct(share, 0)} av hele programmet.")
    b = result.borrowing.set_index("aar")
    cc = result.capital_cost.set_index("aar")
    fin = result.financing
    out.append(
        f"Med forutsetningene i rapporten lånefinansieres {fmt_pct(fin.lan_pst, 0)} av de "
        f"ordinære investeringene og {fmt_pct(fin.selvkost_lan_pst, 0)} av "
        f"selvkostinvesteringene. Det gir nye lån på {fmt_mill(b['totalt'].sum())} i "
        f"perioden. Med {fmt_pct(result.terms.rente_pst)} rente og "
        f"{fmt_number(result.terms.avdragstid_aar)} års avdragstid koster de nye lånene "
        f"{fmt_mill(cc.loc[last, 'totalt'])} i renter og avdrag i {last}; "
        f"{fmt_mill(cc.loc[last, 'ordinær'])} av dette må dekkes av kommunens frie "
        f"inntekter, resten av selvkostgebyrene.")
    d = result.debt.set_index("aar")
    change = d.loc[last, "utgaaende_gjeld"] - result.startgjeld.verdi
    direction = "øker" if change > 0 else "går ned"
    out.append(
        f"Lånegjelden {direction} fra {fmt_mill(result.startgjeld.verdi)} til "
        f"{fmt_mill(d.loc[last, 'utgaaende_gjeld'])} ved utgangen av {last}, fordi avdragene "
        f"på eksisterende gjeld ({fmt_mill(result.avdrag_eksisterende.verdi)} per år) "
        f"{'er mindre enn' if change > 0 else 'er større enn'} de nye lånene.")
    pct = d["lanegjeld_pst"]
    if result.ceiling is not None and pct.notna().any():
        basis = (f"Regnet fra gjelden ved utgangen av {result.startgjeld.aar} og med brutto "
                 "driftsinntekter fra økonomiplanen, ")
        over = [int(y) for y, v in pct.items() if v == v and v > result.ceiling]
        if over:
            text = (basis + f"er netto lånegjeld over handlingsregelens tak på "
                    f"{fmt_pct(result.ceiling, 0)} av brutto driftsinntekter i "
                    f"{fmt_list([str(y) for y in over])}")
            if last in over:
                gap = (d.loc[last, "utgaaende_gjeld"]
                       - result.ceiling / 100 * d.loc[last, "bdi"])
                text += (f". I {last} er den {fmt_pct(pct[last])}; for å være innenfor "
                         f"taket det året måtte gjelden vært {fmt_mill(gap)} lavere.")
            else:
                text += (f", men under taket i {last} ({fmt_pct(pct[last])}).")
            out.append(text)
        else:
            out.append(basis + f"holder netto lånegjeld seg under taket på "
                       f"{fmt_pct(result.ceiling, 0)} av brutto driftsinntekter i hele "
                       f"perioden ({fmt_pct(pct[last])} i {last}).")
    if tommelfingerregel_pst is not None:
        out.append(
            f"Kommunens egen tommelfingerregel sier at hver 100 mill. kr i lavere gjeld gir "
            f"om lag {fmt_number(tommelfingerregel_pst)} mill. kr lavere finanskostnader per "
            f"år. Regnet slik tilsvarer de nye lånene i perioden "
            f"{fmt_mill(b['totalt'].sum() * tommelfingerregel_pst / 100)} i årlige "
            f"finanskostnader.")
    if scenario is not None:
        st = period_totals(scenario.plan)
        sd = scenario.debt.set_index("aar")
        scc = scenario.capital_cost.set_index("aar")
        moved = scenario.plan.outside_period()["belop"].sum()
        debt_change = sd.loc[last, "utgaaende_gjeld"] - d.loc[last, "utgaaende_gjeld"]
        text = (
            f"I scenarioet er investeringene i perioden til sammen {fmt_mill(st['totalt'])}, "
            f"en endring på {fmt_mill(st['totalt'] - tot['totalt'], sign=True)} fra planen. "
            f"Gjelden ved utgangen av {last} blir "
            f"{fmt_mill(sd.loc[last, 'utgaaende_gjeld'])} "
            f"({fmt_mill(debt_change, sign=True)}), og renter og avdrag på nye lån i {last} "
            f"endres med "
            f"{fmt_mill(scc.loc[last, 'totalt'] - cc.loc[last, 'totalt'], sign=True)}.")
        if sd["lanegjeld_pst"].notna().any() and pct.notna().any():
            text += (f" Lånegjelden i prosent av brutto driftsinntekter blir "
                     f"{fmt_pct(sd.loc[last, 'lanegjeld_pst'])} i {last} "
                     f"({fmt_pp(sd.loc[last, 'lanegjeld_pst'] - pct[last])}).")
        if moved > 0:
            text += (f" {fmt_mill(moved)} er skjøvet ut over {last} og kommer i tillegg "
                     f"etter planperioden.")
        out.append(text)
    return out


def notes(result: Result, checks: pd.DataFrame | None = None,
          project_checks: pd.DataFrame | None = None) -> list[str]:
    """Caveats the report must state: where the data is thin or inconsistent."""
    out = []
    first = result.years[0]
    if result.startgjeld.aar and result.startgjeld.aar < first - 1:
        gap = list(range(result.startgjeld.aar + 1, first))
        out.append(
            f"Startgjelden er {result.startgjeld.forklaring}. Låneopptak og avdrag i "
            f"{fmt_list([str(y) for y in gap])} finnes ikke i dataene og er ikke tatt med.")
    proj = result.bdi[result.bdi["kilde"].isin(["framskrevet", "ukjent"])]
    if not proj.empty:
        how = fmt_list(sorted(set(proj["grunnlag"])))
        out.append(f"Brutto driftsinntekter for {fmt_list([str(y) for y in proj['aar']])} "
                   f"står ikke i dataene; de er {how}.")
    earlier = result.plan.projects["tidligere_bevilget"].sum()
    if earlier > 0:
        out.append(
            f"Prosjektene har {fmt_mill(earlier)} i tidligere bevilgninger. Den delen av dem "
            "som ennå ikke er brukt og lånefinansiert ved starten av perioden, kommer i "
            "tillegg til lånene i rapporten. Grunnlaget sier ikke hvor stor den er.")
    missing = result.plan.projects[result.plan.projects["tidligere_bevilget"].isna()]
    if not missing.empty:
        out.append("Kilden oppgir ikke tidligere bevilget og netto prosjektutgift for "
                   f"{fmt_list(list(missing['prosjekt']))}; cellene står tomme.")
    if checks is not None and not checks.empty:
        bad = checks[checks["avvik"].abs() > 0.5]
        for r in bad.itertuples():
            where = r.rammeomrade or "hele tabellen"
            col = r.post.replace("_", " ") + (f" {int(r.aar)}" if pd.notna(r.aar) else "")
            out.append(
                f"Den trykte summen for {KATEGORI_NAVN[r.kategori].lower()} ({where}, "
                f"{col}) er {fmt_number(r.trykt)}, mens prosjektradene summerer til "
                f"{fmt_number(r.beregnet)} (1000 kr).")
    if project_checks is not None and not project_checks.empty:
        for r in project_checks.itertuples():
            out.append(
                f"For «{r.prosjekt}» er netto prosjektutgift {fmt_number(r.netto_prosjektutgift)}"
                f", men tidligere bevilget ({fmt_number(r.tidligere_bevilget)}) pluss "
                f"periodens beløp ({fmt_number(r.sum_periode)}) er "
                f"{fmt_number(r.tidligere_bevilget + r.sum_periode)} (1000 kr).")
    return out


# ================================================================ presentation
# The analysis bundle the notebook computes once, display tables with Norwegian labels,
# charts in the shared look, and the texts. Numbers come from the functions above.


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


def analysis_key_figures(a: Analysis) -> pd.DataFrame:
    """The report's key figures (for the plan, under the report's assumptions)."""
    return key_figures(a.base, a.kommune.navn)


# ---------------------------------------------------------------- texts


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    out = [
        "Finansieringen er forutsetninger: parameterne `momskompensasjon_pst`, "
        "`tilskudd_pst`, `salg_pst`, `egenkapital_pst`, `selvkost_lan_pst` og "
        "`ikke_lanefinansiert`; lånevilkårene `rente_pst`, `avdragstid_aar`, "
        "`avdragstid_selvkost_aar` og `andel_rente_laneaaret`; gjelden `startgjeld`, "
        "`avdrag_eksisterende`, `bdi_vekst_pst` og `lanegjeld_tak_pst`.",
    ]
    if a.scenario is None:
        out.append("Scenarioet med utsatte eller uttatte prosjekter vises når parameterne "
                   "`utsett` (med `utsett_aar`) eller `dropp` nevner prosjekter, f.eks. "
                   "`hop build investering --set utsett='[Utbygging legesenter]'`.")
    if a.plan.projects["tidligere_bevilget"].sum() > 0:
        out.append("Ubrukte, lånefinansierte tidligere bevilgninger er ikke med i "
                   "startgjelden; gi gjelden ved periodens start som parameteren `startgjeld` "
                   "om den er kjent.")
    return out


def intro(a: Analysis) -> str:
    """Title and one generated line."""
    n = len(a.plan.projects)
    return (f"# Investeringer – {a.kommune.visningsnavn}\n\n"
            f"Investeringsprogrammet i handlings- og økonomiplanen {a.plan.period_label}: "
            f"{n} prosjekter, hvordan de kan finansieres, og hva de betyr for lånegjeld og "
            f"finanskostnader.")


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    """(value, label) pairs for the key-fact boxes."""
    tot = period_totals(a.plan)
    last = a.years[-1]
    d = a.base.debt.set_index("aar")
    cc = a.base.capital_cost.set_index("aar")
    facts = [
        (fmt_mill(tot["totalt"]), f"investeringer {a.plan.period_label}"),
        (fmt_mill(tot["selvkost"]), "herav selvkost (gebyrfinansiert)"),
        (fmt_mill(a.base.borrowing["totalt"].sum()), "nye lån i perioden"),
        (fmt_mill(cc.loc[last, "totalt"]), f"renter og avdrag på nye lån {last}"),
    ]
    if pd.notna(d.loc[last, "lanegjeld_pst"]):
        facts.append((fmt_pct(d.loc[last, "lanegjeld_pst"]),
                      f"netto lånegjeld/brutto driftsinntekter {last}"))
    return facts


def summary_text(a: Analysis) -> str:
    paras = commentary(a.base, None, None)
    if a.debt_basis:
        paras.insert(4 if len(paras) > 4 else len(paras), a.debt_basis)
    if a.rule_of_thumb_text:
        paras.append(a.rule_of_thumb_text)
    if a.rules_notice:
        paras.append(a.rules_notice)
    return "\n\n".join(paras)


def scenario_text(a: Analysis) -> str:
    if a.scenario is None:
        return ""
    return commentary(a.base, a.scenario)[-1]


def assumptions_text(a: Analysis) -> str:
    """The assumptions behind the loans, as the report used them."""
    f, t = a.base.financing, a.base.terms
    parts = [
        f"Ordinære investeringer: momskompensasjon {fmt_pct(f.momskompensasjon_pst, 0)}, "
        f"tilskudd {fmt_pct(f.tilskudd_pst, 0)}, salg {fmt_pct(f.salg_pst, 0)}, egenkapital "
        f"{fmt_pct(f.egenkapital_pst, 0)} og lån {fmt_pct(f.lan_pst, 0)}.",
        f"Selvkostinvesteringer: lån {fmt_pct(f.selvkost_lan_pst, 0)}.",
    ]
    no_loan = sorted(set(a.plan.projects.loc[a.plan.projects["lanefinansieres"] == "nei",
                                             "prosjekt"]) | set(f.ikke_lanefinansiert))
    if no_loan:
        parts.append(f"Ikke lånefinansiert (egenkapital): {fmt_list(no_loan)}.")
    n_sk = t.period_for("selvkost")
    parts.append(
        f"Nye lån: {fmt_pct(t.rente_pst)} rente og {fmt_number(t.avdragstid_aar)} års "
        f"avdragstid" + (f" ({fmt_number(n_sk)} år for selvkost)" if n_sk != t.avdragstid_aar
                         else "") + f" ({a.terms_source}). Lånene tas opp ved utgangen av "
        "investeringsåret" + (f", med {fmt_pct(t.andel_rente_laneaaret * 100, 0)} av en "
                              "årsrente i låneåret" if t.andel_rente_laneaaret else "")
        + ", og betales ned med like store avdrag fra året etter.")
    parts.append(
        f"Startgjeld: {fmt_mill(a.base.startgjeld.verdi)} – {a.base.startgjeld.forklaring}. "
        f"Avdrag på eksisterende gjeld: {fmt_mill(a.base.avdrag_eksisterende.verdi)} per år "
        f"– {a.base.avdrag_eksisterende.forklaring}.")
    return "\n".join(f"- {p}" for p in parts)


def data_notes(a: Analysis) -> list[str]:
    return notes(a.base, a.checks, a.project_checks)


# ---------------------------------------------------------------- display tables


def _fmt_cell(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else fmt_number(v)


def _year_labels(years: tuple[int, ...]) -> dict[int, str]:
    return {y: str(y) for y in years}


def period_column(years: tuple[int, ...]) -> str:
    return f"Sum {years[0]}–{str(years[-1])[-2:]}"


def programme_display(a: Analysis, kategori: str, plan: Plan | None = None):
    """The HØP table for one category as a styled table: area headings in bold, «Sum» rows
    bold with a rule. Empty cells where the source gives no figure."""
    from helpers.presentation import report

    plan = plan or a.plan
    t = programme_table(plan, kategori)
    years = plan.years
    out = pd.DataFrame({"Investeringsprosjekter": t["tekst"]})
    out["Tidligere bevilget"] = t["tidligere_bevilget"].map(_fmt_cell)
    out["Netto prosjektutgift"] = t["netto_prosjektutgift"].map(_fmt_cell)
    for y in years:
        out[str(y)] = t[y].map(_fmt_cell)
    out[period_column(years)] = t["sum_periode"].map(_fmt_cell)
    head = t["radtype"] == "omrade"
    out.loc[head, out.columns[1:]] = ""
    styler = report.table(out, text_columns=["Investeringsprosjekter"],
                          caption=f"{KATEGORI_NAVN[kategori]} (1000 kr)")
    kinds = t["radtype"].tolist()

    def style_row(row):
        kind = kinds[row.name]
        if kind == "omrade":
            return ["font-weight: bold; font-style: italic; border-bottom: none;"] * len(row)
        if kind in ("sum_omrade", "sum"):
            top = "1pt" if kind == "sum" else "0.6pt"
            return [f"font-weight: bold; border-top: {top} solid #1a1a1a;"] * len(row)
        return [""] * len(row)

    return styler.apply(style_row, axis=1)


def summary_display(a: Analysis) -> pd.DataFrame:
    """Ordinary and selvkost apart and together, formatted."""
    t = summary_table(a.plan)
    out = pd.DataFrame({"": t["tekst"]})
    for y in a.years:
        out[str(y)] = t[y].map(fmt_number)
    out[period_column(a.years)] = t["sum_periode"].map(fmt_number)
    return out


def financing_display(r: Result) -> pd.DataFrame:
    """Financing per year, ordinary and selvkost together (1000 kr)."""
    f = r.finance.groupby("aar")[["investering", *FINANCING_SOURCES]].sum()
    b = r.borrowing.set_index("aar")
    rows = {
        "Investeringer": f["investering"],
        "Momskompensasjon": f["momskompensasjon"],
        "Tilskudd": f["tilskudd"],
        "Salg": f["salg"],
        "Egenkapital (drift/fond)": f["egenkapital"],
        "Nye lån, ordinære": b["ordinær"],
        "Nye lån, selvkost": b["selvkost"],
        "Nye lån i alt": b["totalt"],
    }
    out = pd.DataFrame({"": list(rows)})
    for y in r.plan.years:
        out[str(y)] = [fmt_number(s.get(y, 0.0)) for s in rows.values()]
    out[period_column(r.plan.years)] = [fmt_number(s.sum()) for s in rows.values()]
    return out


def debt_display(r: Result) -> pd.DataFrame:
    """The debt path per year, formatted, one row per line item."""
    d = r.debt.set_index("aar")
    items = [
        ("Lånegjeld 1.1.", d["inngaaende_gjeld"], fmt_number),
        ("+ nye lån", d["nye_lan"], fmt_number),
        ("− avdrag på eksisterende gjeld", d["avdrag_eksisterende"], fmt_number),
        ("− avdrag på nye lån", d["avdrag_nye_lan"], fmt_number),
        ("Lånegjeld 31.12.", d["utgaaende_gjeld"], fmt_number),
        ("herav nye selvkostlån", d["herav_selvkost"], fmt_number),
        ("Brutto driftsinntekter", d["bdi"], fmt_number),
        ("Lånegjeld i % av brutto driftsinntekter", d["lanegjeld_pst"], fmt_pct),
        ("… uten nye selvkostlån", d["lanegjeld_uten_selvkost_pst"], fmt_pct),
    ]
    out = pd.DataFrame({"1000 kr": [i[0] for i in items]})
    for y in r.plan.years:
        out[str(y)] = [fmt(s[y]) for _, s, fmt in items]
    return out


def capital_cost_display(r: Result) -> pd.DataFrame:
    """Interest and repayments on the new loans per year, ordinary and selvkost apart."""
    s = r.schedule
    rows = []
    for kat in KATEGORIER:
        k = s[s["kategori"] == kat].set_index("aar")
        rows.append((f"Renter, {kat}", k["renter"]))
        rows.append((f"Avdrag, {kat}", k["avdrag"]))
    cc = r.capital_cost.set_index("aar")
    rows.append(("Sum ordinære (belaster frie inntekter)", cc["ordinær"]))
    rows.append(("Sum selvkost (dekkes av gebyrer)", cc["selvkost"]))
    rows.append(("Sum renter og avdrag på nye lån", cc["totalt"]))
    out = pd.DataFrame({"1000 kr": [r_[0] for r_ in rows]})
    for y in r.plan.years:
        out[str(y)] = [fmt_number(v[y]) for _, v in rows]
    return out


def repayment_display(r: Result) -> pd.DataFrame:
    c = repayment_check(r)
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Avdrag i økonomiplanen": c["avdrag_plan"].map(fmt_number),
        "Avdrag i rapportens beregning": c["avdrag_modell"].map(fmt_number),
        "Forskjell": c["avvik"].map(lambda v: fmt_number(v, sign=True)),
    })


def changes_display(a: Analysis) -> pd.DataFrame:
    c = a.changes
    return pd.DataFrame({
        "Prosjekt": c["prosjekt"],
        "Endring": c["endring"],
        f"I planen {a.plan.period_label}": c["plan"].map(fmt_number),
        f"I scenarioet {a.plan.period_label}": c["scenario"].map(fmt_number),
        "Forskjell": c["endring_belop"].map(lambda v: fmt_number(v, sign=True)),
    })


MAAL_NAVN = {
    "investering": ("Investeringer (1000 kr)", fmt_number),
    "laneopptak": ("Nye lån (1000 kr)", fmt_number),
    "kapitalkostnad": ("Renter og avdrag på nye lån (1000 kr)", fmt_number),
    "lanegjeld": ("Lånegjeld 31.12. (1000 kr)", fmt_number),
    "lanegjeld_pst": ("Lånegjeld i % av brutto driftsinntekter", fmt_pct),
}


def compare_display(a: Analysis) -> pd.DataFrame:
    """Plan and scenario side by side: one row per measure and variant."""
    c = compare(a.base, a.scenario)
    rows = []
    for maal, (label, fmt) in MAAL_NAVN.items():
        sel = c[c["maal"] == maal].set_index("aar")
        for col, name in (("plan", "plan"), ("scenario", "scenario"), ("endring", "endring")):
            r = {"Mål": label if col == "plan" else "", "": name}
            for y in a.years:
                v = sel.loc[y, col]
                if col == "endring":
                    r[str(y)] = fmt_pp(v) if maal == "lanegjeld_pst" else fmt_number(v, sign=True)
                else:
                    r[str(y)] = fmt(v)
            rows.append(r)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- charts

SELVKOST_COLOUR = "#8c8c8c"


def chart_programme(a: Analysis, plan: Plan | None = None, title: str | None = None):
    """Stacked bars per year: the ordinary investments by rammeområde (blues) and the
    selvkost investments (grey), with the year's total above each bar."""
    import altair as alt

    from helpers.presentation import charts

    plan = plan or a.plan
    parts = []
    areas = []
    for kat in KATEGORIER:
        df = by_area_and_year(plan, kat)
        label = (df["rammeomrade"] if kat == "ordinær"
                 else "Selvkost: " + df["rammeomrade"])
        df = df.assign(serie=label)
        parts.append(df)
        areas += list(dict.fromkeys(df["serie"]))
    long = pd.concat(parts, ignore_index=True)
    long["mill"] = long["belop"] / 1000
    long = long[long["belop"] != 0]
    colours = []
    n_ord = 0
    for s in areas:
        if s.startswith("Selvkost"):
            colours.append(SELVKOST_COLOUR if colours.count(SELVKOST_COLOUR) == 0 else "#b3b3b3")
        else:
            # colour-blind safe and distinct in greyscale print: the shared palette
            colours.append(charts.CATEGORICAL[n_ord % len(charts.CATEGORICAL)])
            n_ord += 1
    long["orden"] = long["serie"].map({s: i for i, s in enumerate(areas)})
    bars = alt.Chart(long, title=title or f"Investeringer per år og rammeområde "
                     f"{plan.period_label}").mark_bar(size=46, stroke="white",
                                                      strokeWidth=0.8).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(mill):Q", title="mill. kr", axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=areas,
                        scale=alt.Scale(domain=areas, range=colours),
                        legend=alt.Legend(columns=2)),
        order=alt.Order("orden:Q", sort="ascending"),
        tooltip=["serie:N", alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("mill:Q", format=",.1f", title="mill. kr")],
    )
    totals = (totals_by_year(plan).assign(mill=lambda d: d["totalt"] / 1000))
    labels = alt.Chart(totals).mark_text(dy=-7, fontSize=10, color="#222222").encode(
        x="aar:O", y="mill:Q", text=alt.Text("mill:Q", format=",.1f"))
    return (bars + labels).properties(width=charts.WIDTH, height=charts.HEIGHT)


def chart_largest(a: Analysis, n: int = 8):
    """The largest projects in the period as ranked horizontal bars (mill. kr)."""
    from helpers.presentation import charts

    big = largest_projects(a.plan, n).assign(mill=lambda d: d["belop"] / 1000)
    big["prosjekt"] = [p if k == "ordinær" else f"{p} (selvkost)"
                       for p, k in zip(big["prosjekt"], big["kategori"], strict=True)]
    chart = charts.ranked_bars(big, category="prosjekt", value="mill",
                               highlight=big["prosjekt"].iloc[0] if len(big) else None,
                               title=f"De største prosjektene {a.plan.period_label}",
                               x_title="mill. kr", x_format=",.1f")
    return chart.properties(width=charts.WIDTH - 230).configure_axisY(labelLimit=300)


def debt_ratio_frame(a: Analysis) -> pd.DataFrame:
    """KOSTRA history and the report's projection of netto lånegjeld in % of brutto
    driftsinntekter: aar, verdi, datatype_navn."""
    hist = a.kostra_ratio
    rows = [{"aar": int(y), "verdi": float(v), "datatype_navn": "Regnskap (KOSTRA)"}
            for y, v in hist.items() if y < a.years[0]]
    for r in a.base.debt.itertuples():
        if pd.notna(r.lanegjeld_pst):
            rows.append({"aar": int(r.aar), "verdi": float(r.lanegjeld_pst),
                         "datatype_navn": "Beregnet for planårene"})
    return pd.DataFrame(rows, columns=["aar", "verdi", "datatype_navn"])


def chart_debt_ratio(a: Analysis):
    """Netto lånegjeld in % of brutto driftsinntekter, history and plan, against the
    ceiling (``None`` when nothing is known)."""
    from helpers.presentation import charts

    df = debt_ratio_frame(a)
    if df.empty:
        return None
    ceiling = a.base.ceiling
    return charts.bars_vs_threshold(
        df, threshold=ceiling,
        threshold_label=f"Handlingsregel {fmt_pct(ceiling, 0)}" if ceiling else "",
        title="Netto lånegjeld i % av brutto driftsinntekter",
        y_title="% av brutto driftsinntekter")


def chart_capital_cost(a: Analysis):
    """Interest and repayments on the new loans per year: ordinary (dark) and selvkost
    (grey) stacked."""
    import altair as alt

    from helpers.presentation import charts

    cc = a.base.capital_cost
    long = pd.concat([
        pd.DataFrame({"aar": cc["aar"], "serie": "Ordinære (frie inntekter)",
                      "mill": cc["ordinær"] / 1000}),
        pd.DataFrame({"aar": cc["aar"], "serie": "Selvkost (gebyrer)",
                      "mill": cc["selvkost"] / 1000}),
    ])
    series = list(dict.fromkeys(long["serie"]))
    bars = alt.Chart(long, title="Renter og avdrag på nye lån (driftskonsekvens)").mark_bar(
        size=46, stroke="white", strokeWidth=0.8).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("sum(mill):Q", title="mill. kr", axis=alt.Axis(format=",.1f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=[charts.HIGHLIGHT,
                                                              SELVKOST_COLOUR])),
        order=alt.Order("serie:N", sort="ascending"),
    )
    tot = cc.assign(mill=cc["totalt"] / 1000)
    labels = alt.Chart(tot).mark_text(dy=-7, fontSize=10, color="#222222").encode(
        x="aar:O", y="mill:Q", text=alt.Text("mill:Q", format=",.1f"))
    return (bars + labels).properties(width=charts.WIDTH, height=charts.HEIGHT - 40)


def chart_scenario(a: Analysis):
    """Plan and scenario side by side per year: lånegjeld in % of brutto driftsinntekter
    where known, otherwise in mill. kr."""
    import altair as alt

    from helpers.presentation import charts

    if a.scenario is None:
        return None
    c = compare(a.base, a.scenario)
    use_pct = c.loc[c["maal"] == "lanegjeld_pst", "plan"].notna().all()
    maal = "lanegjeld_pst" if use_pct else "lanegjeld"
    sel = c[c["maal"] == maal]
    scale = 1 if use_pct else 1 / 1000
    long = pd.concat([
        pd.DataFrame({"aar": sel["aar"], "serie": "Plan", "verdi": sel["plan"] * scale}),
        pd.DataFrame({"aar": sel["aar"], "serie": "Scenario", "verdi": sel["scenario"] * scale}),
    ])
    series = ["Plan", "Scenario"]
    y_title = "% av brutto driftsinntekter" if use_pct else "mill. kr"
    bars = alt.Chart(long, title="Netto lånegjeld: plan og scenario").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        xOffset=alt.XOffset("serie:N", sort=series),
        y=alt.Y("verdi:Q", title=y_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("serie:N", title=None, sort=series,
                        scale=alt.Scale(domain=series, range=["#b3b3b3", charts.HIGHLIGHT])),
    )
    labels = alt.Chart(long).mark_text(dy=-6, fontSize=9, color="#222222").encode(
        x="aar:O", xOffset=alt.XOffset("serie:N", sort=series), y="verdi:Q",
        text=alt.Text("verdi:Q", format=",.1f"))
    chart = bars + labels
    if use_pct and a.base.ceiling is not None:
        chart = chart + _ceiling_layer(a.base.ceiling,
                                       f"Handlingsregel {fmt_pct(a.base.ceiling, 0)}")
    return chart.properties(width=charts.WIDTH, height=charts.HEIGHT)


def _ceiling_layer(value: float, label: str):
    """A dashed rule with a label for the debt ceiling (the shared threshold look)."""
    import altair as alt

    from helpers.presentation import charts

    df = pd.DataFrame({"terskel": [value], "etikett": [label]})
    rule = alt.Chart(df).mark_rule(color=charts.THRESHOLD, strokeDash=[6, 4],
                                   strokeWidth=1.5).encode(y="terskel:Q")
    text = alt.Chart(df).mark_text(align="right", baseline="bottom", dy=-3, x="width",
                                   color=charts.THRESHOLD, fontSize=11).encode(
        y="terskel:Q", text="etikett:N")
    return rule + text
