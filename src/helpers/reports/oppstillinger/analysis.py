"""The statutory budget statements (budsjett- og regnskapsforskriften kapittel 5) for one
municipality and plan: every figure from :mod:`helpers.model.statements` and the shared
economy model, computed once.

The report's sections follow the regulation: § 5-4 (første ledd, andre ledd and the
reconciliation between them), § 5-5 (første and andre ledd), § 5-6 (økonomisk oversikt
etter art, :func:`helpers.model.statements_art.statement_5_6`: the last accounts year in a
KOSTRA extract before the plan, and each plan year whose adopted budget is in
``budsjett.csv`` per art), § 5-7.

The tertial report's example budget (``budsjett.csv`` rows whose ``kilde`` starts with
«Eksempeldata», an invented split per art) is never used here: the statements are the
budget's appendix. The plan's own «Driftsbudsjett» tables (``finans_driftsbudsjett.csv``)
hold nine hovedarter per rammeområde, groups that each span several § 5-6 lines (lønn holds
lønnsutgifter and sosiale utgifter, finansutgifter renter, avdrag, avskrivninger and
avsetninger, …), so they give no § 5-6 line either; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune
from helpers.data.kostra_extract import extract_path, read_extract
from helpers.model import statements as st
from helpers.model import statements_invest as si
from helpers.model.economy import Economy, check_budget_year, economy
from helpers.model.statements_art import PARAGRAF as P_5_6
from helpers.model.statements_art import statement_5_6


@dataclass
class Analysis:
    kommune: Kommune
    budsjettaar: int
    years: list[int]              # the plan years the data cover
    missing_years: list[int]      # plan years of the period the data do not cover
    economy: Economy = field(repr=False)
    s_5_4_1: pd.DataFrame = field(repr=False)
    s_5_4_2: pd.DataFrame = field(repr=False)
    avstemming: pd.DataFrame = field(repr=False)
    s_5_5_1: pd.DataFrame = field(repr=False)
    s_5_5_2: pd.DataFrame = field(repr=False)
    s_5_7: pd.DataFrame = field(repr=False)
    # § 5-6: only the years with figures; year → «regnskap» (KOSTRA extract) or «budsjett»
    s_5_6: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    kilder_5_6: dict[int, str] = field(default_factory=dict)
    kvartal_5_6: dict[int, str] = field(default_factory=dict)
    years_5_6_missing: list[int] = field(default_factory=list)  # plan years without art
    # findings for the reader (helpers.model.statements_art; worded by text.art_notes)
    notes_5_6: list[st.Finding] = field(default_factory=list)
    hovedart_years: list[int] = field(default_factory=list)  # plan years with hovedarter
    maintainer_5_6: list[str] = field(default_factory=list)
    # year → netto driftsresultat from the lines minus the plan's (beyond rounding)
    unreconciled: dict[int, float] = field(default_factory=dict)
    # the plan years whose financing the municipality's financing plan gives
    financing_years: list[int] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.years)

    def statement(self, paragraf: str) -> pd.DataFrame:
        return {st.P_5_4_1: self.s_5_4_1, st.P_5_4_2: self.s_5_4_2,
                st.P_AVST: self.avstemming, st.P_5_5_1: self.s_5_5_1,
                st.P_5_5_2: self.s_5_5_2, st.P_5_7: self.s_5_7, P_5_6: self.s_5_6}[paragraf]

    def value(self, paragraf: str, linje_nr: int, aar: int) -> float:
        f = self.statement(paragraf)
        sel = f[(f["linje_nr"] == linje_nr) & (f["aar"] == aar)]
        return float(sel["verdi"].iloc[0]) if not sel.empty else float("nan")


EXAMPLE_MARK = "Eksempeldata"  # the kilde of the tertial report's invented example rows


def _without_example_budget(data: dict[str, pd.DataFrame]) -> tuple[dict, bool]:
    bud = data.get("budsjett")
    if bud is None or "kilde" not in bud:
        return data, False
    example = bud["kilde"].astype(str).str.startswith(EXAMPLE_MARK)
    if not example.any():
        return data, False
    return {**data, "budsjett": bud[~example]}, True


def _hovedart_years(data: dict[str, pd.DataFrame], knr: str, years: list[int]) -> list[int]:
    d = data.get("finans_driftsbudsjett")
    if d is None:
        return []
    have = set(d.loc[(d["kommunenummer"] == knr) & (d["datatype"] == "okonomiplan"), "aar"])
    return [y for y in years if y in have]


def art_statement(data: dict[str, pd.DataFrame], e: Economy, kostra_fil: str = "",
                  data_dir: str = "") -> dict:
    """§ 5-6 for the plan (module doc): the fields of :class:`Analysis` that hold it."""
    knr = e.kommune.kommunenummer
    years = list(e.plan_years)
    clean, dropped = _without_example_budget(data)
    path = extract_path(kostra_fil, data_dir)
    extract = read_extract(path) if path else None
    frame, notes = statement_5_6(clean, knr, years, extract) if years else (pd.DataFrame(),
                                                                              [])
    kilder = dict(frame.attrs.get("kilder", {})) if len(frame) else {}
    maint = []
    if dropped:
        maint.append("`data/budsjett.csv` har eksempeldata (kolonnen `kilde` begynner med "
                     "«Eksempeldata»); de brukes bare i tertialrapporten, ikke i "
                     "økonomisk oversikt etter art (§ 5-6) i budsjettoppstillingene.")
    if extract is not None and "regnskap" not in kilder.values() and years:
        maint.append(f"KOSTRA-uttrekket {path} har ikke driftsregnskap (skjema 0A) for "
                     f"{e.kommune.navn} for et år før {years[0]}; § 5-6 har derfor ingen "
                     "regnskapskolonne.")
    elif extract is None and years:
        maint.append("§ 5-6 får en kolonne med siste regnskapsår når notatboken får "
                     "KOSTRA-uttrekket kommunen sender SSB (`--set kostra_fil=FIL`).")
    shown = frame[frame["aar"].isin(kilder)] if len(frame) else frame
    return {"s_5_6": shown.reset_index(drop=True), "kilder_5_6": kilder,
            "kvartal_5_6": dict(frame.attrs.get("kvartal", {})) if len(frame) else {},
            "years_5_6_missing": [y for y in years if y not in kilder],
            "notes_5_6": notes, "hovedart_years": _hovedart_years(data, knr, years),
            "maintainer_5_6": maint}


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int,
            kostra_fil: str = "", data_dir: str = "") -> Analysis:
    """The statements for ``kommune``'s plan starting in ``budsjettaar`` (the shared economy
    model with its default assumptions, as every report uses it). A budget year the data
    have no plan for stops with one line (:func:`check_budget_year`); a municipality
    without any plan gets empty statements (``has_data`` False). ``kostra_fil``: a KOSTRA
    extract whose last accounts year before the plan § 5-6 shows (empty for none; found
    as the tertial report finds it, :func:`helpers.data.kostra_extract.extract_path`)."""
    e = economy(data, kommune, budsjettaar)
    missing = check_budget_year(data, e.kommune, budsjettaar)
    s_5_4_1 = st.paragraf_5_4_1(data, kommune, budsjettaar, e=e)
    s_5_4_2 = st.paragraf_5_4_2(data, kommune, budsjettaar, e=e)
    avst = st.reconcile_5_4(data, kommune, budsjettaar, e=e)
    s_5_5_1 = si.paragraf_5_5_1(data, kommune, budsjettaar, e=e)
    s_5_5_2 = si.paragraf_5_5_2(data, kommune, budsjettaar, e=e)
    s_5_7 = si.paragraf_5_7(data, kommune, budsjettaar, e=e, s_5_4_1=s_5_4_1,
                            s_5_5_1=s_5_5_1)
    return Analysis(
        kommune=e.kommune, budsjettaar=int(budsjettaar), years=list(e.plan_years),
        missing_years=[y for y in missing if y not in e.plan_years], economy=e,
        s_5_4_1=s_5_4_1, s_5_4_2=s_5_4_2, avstemming=avst, s_5_5_1=s_5_5_1,
        s_5_5_2=s_5_5_2, s_5_7=s_5_7, unreconciled=st.unreconciled(avst),
        financing_years=si.financing_years(data, e) if e.plan_years else [],
        **art_statement(data, e, kostra_fil, data_dir))
