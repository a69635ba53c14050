"""The council's financial rules (handlingsregler) computed from the data files.

All amounts are in 1000 kr. Budget lines in ``okonomiplan.csv`` carry the accounting
sign (income negative); the functions here turn them into plain positive amounts where
they say so."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.kommuner import Kommune, name_of
from helpers.data.queries import DATATYPE_NAVN, kostra_rows, per_capita_total  # noqa: F401

# Budget columns used for the set-aside rule, in the order a year is best described.
PLAN_DATATYPES = ("regnskap", "revidert_budsjett", "okonomiplan")


@dataclass(frozen=True)
class Rule:
    regel: str
    indikator: str
    terskel: float
    krav: str  # "minst" or "hoyst"
    status: str
    formulering: str
    lesing: str = ""  # how a rule that can be read two ways is read (SET_ASIDE_READINGS)

    def met(self, value: float) -> bool | None:
        if pd.isna(value):
            return None
        return value >= self.terskel if self.krav == "minst" else value <= self.terskel

    @property
    def symbol(self) -> str:
        """'≥ 1,75 %' or '≤ 90 %'."""
        sign = "≥" if self.krav == "minst" else "≤"
        return f"{sign}\u00a0{self.terskel:g}\u00a0%".replace(".", ",")

    @property
    def label(self) -> str:
        word = "minst" if self.krav == "minst" else "høyst"
        return f"{word} {self.terskel:g} %".replace(".", ",")


def rules_source(handlingsregler: pd.DataFrame, kommunenummer: str,
                 regler_fra: str | None = None) -> str:
    """Whose rules measure a municipality: its own rows in handlingsregler.csv; otherwise
    the municipality (kommunenummer) in ``regler_fra``, or else the first one in the file."""
    own = handlingsregler["kommunenummer"] == kommunenummer
    if own.any():
        return kommunenummer
    if regler_fra:
        return regler_fra
    return str(handlingsregler["kommunenummer"].iloc[0])


def rules_for(handlingsregler: pd.DataFrame, kommune: Kommune,
              fallback: str | None = None, overrides: dict[str, float | None] | None = None
              ) -> dict[str, Rule]:
    """The municipality's rules; a municipality without its own rows is measured against
    another municipality's rules (see :func:`rules_source`), which the report states."""
    source = rules_source(handlingsregler, kommune.kommunenummer, fallback)
    rows = handlingsregler[handlingsregler["kommunenummer"] == source]
    out = {}
    for r in rows.itertuples():
        terskel = r.terskel
        if overrides and overrides.get(r.regel) is not None:
            terskel = float(overrides[r.regel])
        lesing = getattr(r, "lesing", "")
        lesing = lesing if isinstance(lesing, str) and lesing else ""
        if r.regel == "avsetning_disposisjonsfond":
            lesing = set_aside_reading(lesing or None)
        out[r.regel] = Rule(r.regel, r.indikator, float(terskel), r.krav, r.status,
                            r.formulering, lesing)
    return out


def indicator_series(data: dict[str, pd.DataFrame], kommunenummer: str,
                     indikator: str) -> pd.DataFrame:
    """One indicator for one municipality across KOSTRA years and budget/plan years.

    Columns: aar, verdi, datatype, kilde. KOSTRA (accounts) wins where a year is in both.
    """
    parts = []
    k = data.get("kostra")
    if k is not None:
        sel = kostra_rows(k[k["kommunenummer"] == kommunenummer], indikator)
        parts.append(sel.assign(datatype="kostra")[["aar", "verdi", "datatype", "kilde"]])
    p = data.get("plan_indikatorer")
    if p is not None:
        sel = p[(p["kommunenummer"] == kommunenummer) & (p["indikator"] == indikator)]
        parts.append(sel[["aar", "verdi", "datatype", "kilde"]])
    if not parts:
        return pd.DataFrame(columns=["aar", "verdi", "datatype", "kilde"])
    out = pd.concat(parts, ignore_index=True)
    out = out.drop_duplicates("aar", keep="first").sort_values("aar").reset_index(drop=True)
    out["aar"] = out["aar"].astype(int)
    return out


def peer_values(kostra: pd.DataFrame, kommuner: pd.DataFrame, indikator: str,
                kommunenumre: list[str]) -> pd.DataFrame:
    """Long frame (kommune, kommunenummer, aar, verdi) for several municipalities."""
    sel = kostra_rows(kostra, indikator, kommunenumre=kommunenumre)
    names = name_of(kommuner)
    out = sel.assign(kommune=sel["kommunenummer"].map(names))
    out = out[["kommune", "kommunenummer", "aar", "verdi"]].copy()
    out["aar"] = out["aar"].astype(int)
    order = {k: i for i, k in enumerate(kommunenumre)}
    return out.sort_values(["aar", "kommunenummer"], key=lambda s: s.map(order)
                           if s.name == "kommunenummer" else s).reset_index(drop=True)


def brutto_driftsinntekter(data: dict[str, pd.DataFrame], kommunenummer: str) -> pd.Series:
    """Brutto driftsinntekter in 1000 kr per year, where both KOSTRA's kr per innbygger and
    the folketall at 31.12 are in the data (kr per innbygger × folketall ÷ 1000)."""
    return per_capita_total(data, kommunenummer, "brutto_driftsinntekter_per_innb").rename(
        "brutto_driftsinntekter")


def budget_lines(okonomiplan: pd.DataFrame, kommunenummer: str, tabell: str,
                 datatypes: tuple[str, ...] = PLAN_DATATYPES) -> pd.DataFrame:
    """Wide frame: one row per (aar, datatype), one column per post (accounting sign)."""
    sel = okonomiplan[(okonomiplan["kommunenummer"] == kommunenummer)
                      & (okonomiplan["tabell"] == tabell) & (okonomiplan["dimensjon"] == "")
                      & okonomiplan["datatype"].isin(datatypes)]
    if sel.empty:
        return pd.DataFrame()
    wide = sel.pivot_table(index=["aar", "datatype"], columns="post", values="belop",
                           aggfunc="sum").reset_index()
    wide.columns.name = None
    wide["aar"] = wide["aar"].astype(int)
    return wide.sort_values(["aar", "datatype"]).reset_index(drop=True)


def frie_inntekter(okonomiplan: pd.DataFrame, kommunenummer: str,
                   datatypes: tuple[str, ...] = PLAN_DATATYPES) -> pd.DataFrame:
    """Skatt på inntekt og formue + rammetilskudd (eiendomsskatt not included), as
    positive amounts in 1000 kr, per year and datatype."""
    w = budget_lines(okonomiplan, kommunenummer, "sentrale_inntekter", datatypes)
    if w.empty:
        return pd.DataFrame(columns=["aar", "datatype", "skatt", "rammetilskudd",
                                     "frie_inntekter"])
    out = pd.DataFrame({
        "aar": w["aar"], "datatype": w["datatype"],
        "skatt": -w["skatt_inntekt_formue"], "rammetilskudd": -w["rammetilskudd"],
    })
    out["frie_inntekter"] = out["skatt"] + out["rammetilskudd"]
    return out


# The two ways the set-aside rule can be read: the gross amount the budget sets aside to
# the disposisjonsfond, or the net change of the fund (set aside minus used).
SET_ASIDE_READINGS = ("brutto", "netto")

# Half a thousand kr: the plan's figures are rounded to whole 1000 kr, so a set-aside within
# 0,5 of the requirement meets it.
ROUNDING_TOLERANCE_1000KR = 0.5


def set_aside_reading(lesing: str | None) -> str:
    """The reading of the set-aside rule: ``lesing`` as declared with the rule in
    handlingsregler.csv (column ``lesing``, the wording of the municipality's adopted rule)
    or given as a parameter; «brutto» when none is declared (a rule worded as an amount to
    be set aside, as Røros' «… settes av til disposisjonsfond»)."""
    if not lesing:
        return "brutto"
    if lesing not in SET_ASIDE_READINGS:
        raise ValueError(f"Ukjent lesing av avsetningsregelen: «{lesing}». "
                         "Forventet brutto eller netto.")
    return lesing


def set_aside_met(vurdert: float, krav: float) -> bool | None:
    """The set-aside rule: the judged amount at least the requirement, within the rounding
    tolerance (None where either is missing)."""
    if pd.isna(vurdert) or pd.isna(krav):
        return None
    return bool(vurdert >= krav - ROUNDING_TOLERANCE_1000KR)


def set_aside_rule(okonomiplan: pd.DataFrame, kommunenummer: str, pct: float = 1.75,
                   datatypes: tuple[str, ...] = PLAN_DATATYPES,
                   lesing: str = "brutto") -> pd.DataFrame:
    """The annual set-aside rule: ``pct`` % of frie inntekter against the planned
    set-aside to disposisjonsfond in the finance area.

    Columns: the gross set-aside (``til_fond``, til ubundne avsetninger), the use
    (``bruk_fond``, negative), the net change of the fund (``planlagt`` = til + bruk), the
    amount the rule is judged on (``vurdert``: ``til_fond`` when ``lesing`` is «brutto»,
    ``planlagt`` when «netto»), ``avvik`` = vurdert − krav, ``vurdert_pst`` (in % of frie
    inntekter) and ``oppfylt`` (:func:`set_aside_met`). The reading is the rule's own
    (:func:`set_aside_reading`); the report states it."""
    lesing = set_aside_reading(lesing)
    cols = ["aar", "datatype", "frie_inntekter", "krav", "til_fond", "bruk_fond", "planlagt",
            "vurdert", "avvik", "vurdert_pst", "oppfylt", "lesing"]
    fi = frie_inntekter(okonomiplan, kommunenummer, datatypes)
    av = budget_lines(okonomiplan, kommunenummer, "avsetninger", datatypes)
    if fi.empty or av.empty:
        return pd.DataFrame(columns=cols)
    av = av.assign(til_fond=av.get("til_ubundne_avsetninger", float("nan")),
                   bruk_fond=av.get("bruk_ubundne_avsetninger", float("nan")))
    av["planlagt"] = av["til_fond"] + av["bruk_fond"]
    out = fi.merge(av[["aar", "datatype", "til_fond", "bruk_fond", "planlagt"]],
                   on=["aar", "datatype"])
    out["krav"] = out["frie_inntekter"] * pct / 100
    out["vurdert"] = out["til_fond"] if lesing == "brutto" else out["planlagt"]
    out["avvik"] = out["vurdert"] - out["krav"]
    out["vurdert_pst"] = out["vurdert"] / out["frie_inntekter"] * 100
    out["oppfylt"] = [set_aside_met(v, k) for v, k in zip(out["vurdert"], out["krav"],
                                                         strict=True)]
    out["lesing"] = lesing
    return out[cols].reset_index(drop=True)


def disposisjonsfond_net_of_premieavvik(disposisjonsfond_pst: float, bdi_1000kr: float,
                                        premieavvik_1000kr: float) -> float:
    """Disposisjonsfond minus accumulated premieavvik, in % of brutto driftsinntekter."""
    fond = disposisjonsfond_pst / 100 * bdi_1000kr
    return (fond - premieavvik_1000kr) / bdi_1000kr * 100


def premieavvik_rule(data: dict[str, pd.DataFrame], kommune: Kommune) -> pd.DataFrame:
    """The proposed rule per year where disposisjonsfond %, brutto driftsinntekter and
    premieavvik are all in the data; empty otherwise."""
    pa = data.get("premieavvik")
    cols = ["aar", "disposisjonsfond_pst", "premieavvik", "brutto_driftsinntekter",
            "disposisjonsfond_uten_premieavvik_pst"]
    if pa is None:
        return pd.DataFrame(columns=cols)
    pa = pa[pa["kommunenummer"] == kommune.kommunenummer].set_index("aar")
    disp = indicator_series(data, kommune.kommunenummer, "disposisjonsfond_pst")
    bdi = brutto_driftsinntekter(data, kommune.kommunenummer)
    rows = []
    for r in disp.itertuples():
        if r.aar in pa.index and r.aar in bdi.index:
            prem = float(pa.loc[r.aar, "premieavvik_akkumulert"])
            rows.append({"aar": r.aar, "disposisjonsfond_pst": r.verdi, "premieavvik": prem,
                         "brutto_driftsinntekter": bdi[r.aar],
                         "disposisjonsfond_uten_premieavvik_pst":
                             disposisjonsfond_net_of_premieavvik(r.verdi, bdi[r.aar], prem)})
    return pd.DataFrame(rows, columns=cols)


def debt_rule_of_thumb(gjeld_reduksjon: float = 100_000, rente_pst: float = 5.0,
                       avdragstid_aar: float = 30) -> dict[str, float]:
    """Yearly finance costs saved by ``gjeld_reduksjon`` (1000 kr) less debt: the interest
    on it plus the straight-line repayment over ``avdragstid_aar`` years."""
    renter = gjeld_reduksjon * rente_pst / 100
    avdrag = gjeld_reduksjon / avdragstid_aar
    return {"gjeld_reduksjon": gjeld_reduksjon, "renter": renter, "avdrag": avdrag,
            "sum": renter + avdrag}


def fund_use(okonomiplan: pd.DataFrame | None, kommunenummer: str) -> dict[tuple[int, str], float]:
    """Bruk av ubundne avsetninger (disposisjonsfond) per (year, datatype) in 1000 kr,
    with the accounting sign (negative = the fund is used); a year the data do not give is
    absent (missing is not zero)."""
    if okonomiplan is None:
        return {}
    w = budget_lines(okonomiplan, kommunenummer, "avsetninger",
                     ("budsjett", "okonomiplan", "revidert_budsjett", "regnskap"))
    if w.empty or "bruk_ubundne_avsetninger" not in w.columns:
        return {}
    return {(int(r.aar), str(r.datatype)): float(r.bruk_ubundne_avsetninger)
            for r in w.itertuples() if pd.notna(r.bruk_ubundne_avsetninger)}


def robek_signals(data: dict[str, pd.DataFrame], kommune: Kommune,
                  merforbruk_grense_pst: float = 3.0) -> pd.DataFrame:
    """Warning signs under kommuneloven § 28-1 that follow from the figures.

    Returns rows with: tegn, aar, status ('ok', 'varsel', 'brudd', 'mangler data'), verdi,
    grunn (why, a code the report words: ``ikke_negativt``, ``fond_mangler``,
    ``fond_for_lite``, ``fond_under_neste_aar``, ``fond_taeres`` (the budget uses the fund
    and it falls), ``fond_brukes`` (uses it, the fund does not fall), ``fond_ikke_brukt``
    (no use of the fund that year), ``fond_bruk_mangler`` (the use is not in the data),
    ``merforbruk_mangler``, ``merforbruk_over``, ``merforbruk_innenfor``), grense (the
    limit in %, for the merforbruk sign) and the values the words rest on: bruk_fond (bruk
    av disposisjonsfond in 1000 kr, negative = use), fond_pst (the fund at the year's end)
    and fond_forrige_pst (the year before), in % of brutto driftsinntekter. The checks:
    (1) a negative netto driftsresultat in a budget/plan year must be covered — the fund
    at the year's end must not be negative, and should cover next year's deficit;
    (2) accumulated merforbruk above ``merforbruk_grense_pst`` % of brutto driftsinntekter
    (needs the indicator ``akkumulert_merforbruk_pst``).
    """
    nd = indicator_series(data, kommune.kommunenummer, "netto_driftsresultat_pst")
    df_ = indicator_series(data, kommune.kommunenummer, "disposisjonsfond_pst")
    use = fund_use(data.get("okonomiplan"), kommune.kommunenummer)
    rows = []
    plan = nd[nd["datatype"].isin(["budsjett", "okonomiplan", "revidert_budsjett"])]
    fund = df_.set_index("aar")["verdi"]
    deficit = nd.set_index("aar")["verdi"]
    nan = float("nan")
    for r in plan.itertuples():
        f = fund.get(r.aar)
        f = nan if f is None else float(f)
        prev = fund.get(r.aar - 1)
        prev = nan if prev is None else float(prev)
        bruk = use.get((int(r.aar), str(r.datatype)), nan)
        vals = {"bruk_fond": bruk, "fond_pst": f, "fond_forrige_pst": prev}
        if r.verdi >= 0:
            rows.append({"tegn": "underskudd_dekket", "aar": r.aar, "status": "ok",
                         "verdi": r.verdi, "grunn": "ikke_negativt", **vals})
            continue
        if pd.isna(f):
            rows.append({"tegn": "underskudd_dekket", "aar": r.aar, "status": "mangler data",
                         "verdi": r.verdi, "grunn": "fond_mangler", **vals})
        elif f < 0:
            rows.append({"tegn": "underskudd_dekket", "aar": r.aar, "status": "brudd",
                         "verdi": r.verdi, "grunn": "fond_for_lite", **vals})
        else:
            nxt = deficit.get(r.aar + 1)
            short = nxt is not None and not pd.isna(nxt) and nxt < 0 and f < -nxt
            if short:
                grunn = "fond_under_neste_aar"
            elif pd.isna(bruk):
                grunn = "fond_bruk_mangler"
            elif bruk >= 0:
                grunn = "fond_ikke_brukt"
            elif not pd.isna(prev) and f < prev:
                grunn = "fond_taeres"
            else:
                grunn = "fond_brukes"
            rows.append({"tegn": "underskudd_dekket", "aar": r.aar, "status": "varsel",
                         "verdi": r.verdi, "grunn": grunn, **vals})
    mf = indicator_series(data, kommune.kommunenummer, "akkumulert_merforbruk_pst")
    if mf.empty:
        rows.append({"tegn": "akkumulert_merforbruk", "aar": None, "status": "mangler data",
                     "verdi": float("nan"), "grunn": "merforbruk_mangler"})
    for r in mf.itertuples():
        brudd = r.verdi > merforbruk_grense_pst
        rows.append({"tegn": "akkumulert_merforbruk", "aar": r.aar,
                     "status": "brudd" if brudd else "ok", "verdi": r.verdi,
                     "grunn": "merforbruk_over" if brudd else "merforbruk_innenfor",
                     "grense": float(merforbruk_grense_pst)})
    return pd.DataFrame(rows, columns=["tegn", "aar", "status", "verdi", "grunn", "grense",
                                       "bruk_fond", "fond_pst", "fond_forrige_pst"])
