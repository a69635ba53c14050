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
  where known, the plan's own figures for plan years, projection only where neither exists."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from helpers.model.labels import KATEGORI_NAVN
from helpers.presentation.formatting import fmt_list, fmt_number

KATEGORIER = ("ordinær", "selvkost")




DEBT_RULE = "netto_lanegjeld"


class InvesteringError(ValueError):
    """A problem with the investment data or the report's parameters (bokmål message)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


class UnknownProject(InvesteringError):
    """A scenario or financing parameter names a project that the plan does not have."""


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


@dataclass(frozen=True)
class Plan:
    """One municipality's investment programme in one plan edition.

    ``projects``: one row per project (rekkefolge, kategori, rammeomrade, prosjekt,
    tidligere_bevilget, netto_prosjektutgift, lanefinansieres, investeringstype – the
    § 5-5 expense line, investeringstype_oppgitt – whether the data gave it), in the
    source's order.
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
    # the § 5-5 expense line; without the column every project counts as a fixed asset
    # (the statements say so, see helpers.model.statements)
    it = (p["investeringstype"] if "investeringstype" in p
          else pd.Series("", index=p.index)).fillna("")
    p["investeringstype_oppgitt"] = it.ne("")
    p["investeringstype"] = it.replace("", "varige_driftsmidler")
    p = p[["rekkefolge", "kategori", "rammeomrade", "prosjekt", "tidligere_bevilget",
           "netto_prosjektutgift", "lanefinansieres", "investeringstype",
           "investeringstype_oppgitt"]]
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
    """One row per project the scenario touches: prosjekt, tiltak (``dropp``: taken out of
    the plan; ``utsett``: postponed), utsett_aar (years postponed; 0 for ``dropp``), and the
    amount in the plan period before (plan) and after (scenario), and the difference
    (endring_belop), in 1000 kr. The report words the change
    (:func:`helpers.reports.investering.text.change_text`)."""
    scen = apply_scenario(plan, utsett, dropp, utsett_aar)
    if isinstance(utsett, dict):
        shifts = dict(zip(resolve_projects(plan, list(utsett)), utsett.values(), strict=True))
    else:
        shifts = dict.fromkeys(resolve_projects(plan, utsett), utsett_aar)
    rows = []
    before = plan.in_period().groupby("prosjekt")["belop"].sum()
    after = scen.in_period().groupby("prosjekt")["belop"].sum()
    for name in resolve_projects(plan, dropp):
        rows.append({"prosjekt": name, "tiltak": "dropp", "utsett_aar": 0,
                     "plan": before.get(name, 0.0), "scenario": 0.0})
    for name, n in shifts.items():
        rows.append({"prosjekt": name, "tiltak": "utsett", "utsett_aar": n,
                     "plan": before.get(name, 0.0), "scenario": after.get(name, 0.0)})
    out = pd.DataFrame(rows, columns=["prosjekt", "tiltak", "utsett_aar", "plan", "scenario"])
    out["endring_belop"] = out["scenario"] - out["plan"]
    return out


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
