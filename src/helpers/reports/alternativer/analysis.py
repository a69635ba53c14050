"""Alternative budgets (rapport ``alternativer``): what a proposal does to balance, results,
disposisjonsfond and debt, computed on the shared economic model.

An alternative is a YAML file with changes to the model's inputs (all 1000 kr):

- ``rammer``: more (positive) or less expense on a rammeområde in a year;
- ``inntekter``: more (positive) or less income on a central income post in a year;
- ``fond``: more (positive) or less use of disposisjonsfond in a year;
- ``investeringer``: projects to postpone (``utsett``, by ``utsett_aar`` years) or drop
  (``dropp``) — the model's debt path and capital costs follow.

Every figure of the plan column is the model's (the same as in the other reports); an
alternative's figures are the plan's plus the effect of its changes:

- netto driftsresultat changes by inntekter − rammer − the change in renter and avdrag on
  new loans;
- brutto driftsinntekter change by the income changes;
- budget balance (kommuneloven § 14-4) is the plan's balance + inntekter − rammer + fond −
  the change in renter and avdrag: negative is a deficit that is not financed, positive an
  amount not allocated;
- disposisjonsfond at year end falls by the accumulated extra use of it;
- netto lånegjeld is the scenario's debt path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from helpers.data import reads
from helpers.data.yamltext import describe
from helpers.model import economy as model
from helpers.model import rules as hr
from helpers.model.debt import DebtAssumptions
from helpers.presentation.formatting import fmt_list
from helpers.reports import finans as F

PLAN_NAME = "Økonomiplanen"


MAX_BYTES = 200_000


MEASURES = ("netto_driftsresultat_pst", "disposisjonsfond_pst", "netto_lanegjeld_pst")


RULE_OF = {"netto_driftsresultat_pst": "netto_driftsresultat",
           "disposisjonsfond_pst": "disposisjonsfond",
           "netto_lanegjeld_pst": "netto_lanegjeld"}


class AlternativeError(ValueError):
    """A malformed or inconsistent alternative (bokmål message naming file and line)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True)
class Change:
    navn: str  # rammeområde or post as the data spell it ("" for fond)
    aar: int
    belop: float
    linje: int


@dataclass
class Alternative:
    navn: str
    beskrivelse: str
    fil: str
    rammer: list[Change] = field(default_factory=list)
    inntekter: list[Change] = field(default_factory=list)
    fond: list[Change] = field(default_factory=list)
    utsett: list[str] = field(default_factory=list)
    utsett_aar: int = 1
    dropp: list[str] = field(default_factory=list)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that remembers the line of every mapping (``__linje__``)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__linje__"] = node.start_mark.line + 1
        return mapping


def _norm(text: object) -> str:
    return " ".join(str(text).casefold().split())


def _parse(text: str, fil: str) -> dict:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise AlternativeError(f"{fil}, linje {line}: YAML-aliaser (*navn) er ikke "
                                       "tillatt i et alternativ; skriv verdiene ut.")
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise AlternativeError(describe(exc, fil)) from None
    if not isinstance(doc, dict):
        raise AlternativeError(f"{fil}: filen må være en YAML-tabell med navn, beskrivelse og "
                               "endringer.")
    return doc


def _number(value: object, fil: str, line: int, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AlternativeError(f"{fil}, linje {line}: {what} må være et tall (1000 kr), ikke "
                               f"«{value}».")
    if value != value or abs(value) > 1e9:
        raise AlternativeError(f"{fil}, linje {line}: {what} «{value}» er ikke et gyldig beløp.")
    return float(value)


def _year(value: object, fil: str, line: int, years: list[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in years:
        raise AlternativeError(f"{fil}, linje {line}: året «{value}» er ikke et planår – "
                               f"planen gjelder {years[0]}–{years[-1]}.")
    return int(value)


def _match(name: object, known: list[str], fil: str, line: int, what: str) -> str:
    by_norm = {_norm(k): k for k in known}
    hit = by_norm.get(_norm(name))
    if hit is None:
        raise AlternativeError(f"{fil}, linje {line}: ukjent {what} «{name}». Kjente: "
                               f"{fmt_list(sorted(known))}.")
    return hit


def known_names(data: dict[str, pd.DataFrame], kommunenummer: str) -> dict[str, list[str]]:
    """The names an alternative may use: rammeområder (the finans report's frames), central
    income posts (as ``post`` or ``post_navn``) and projects."""
    r = data.get("finans_rammer")
    areas = sorted(set(r.loc[r["kommunenummer"] == kommunenummer, "rammeomrade"])) \
        if r is not None else []
    okp = data["okonomiplan"]
    si = okp[(okp["kommunenummer"] == kommunenummer) & (okp["tabell"] == "sentrale_inntekter")]
    posts = sorted(set(si["post_navn"]) | set(si["post"]))
    pr = data.get("investering_prosjekter")
    projects = sorted(set(pr.loc[pr["kommunenummer"] == kommunenummer, "prosjekt"])) \
        if pr is not None else []
    return {"rammer": areas, "inntekter": posts, "prosjekter": projects}


def read_alternative(path: Path | str, data: dict[str, pd.DataFrame], kommunenummer: str,
                     plan_years: list[int]) -> Alternative:
    """Read and check one alternative. Errors name the file and the line."""
    path = Path(path)
    fil = path.name
    reads.record(path)  # for hop build's fingerprint
    if not path.is_file():
        raise AlternativeError(f"{fil}: finner ikke filen med alternativet.")
    if path.stat().st_size > MAX_BYTES:
        raise AlternativeError(f"{fil}: filen er større enn {MAX_BYTES // 1000} kB – et "
                               "alternativ er noen få linjer.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AlternativeError(f"{fil}: filen er ikke UTF-8-tekst.") from None
    doc = _parse(text, fil)
    navn = doc.get("navn")
    if not isinstance(navn, str) or not navn.strip():
        raise AlternativeError(f"{fil}, linje {doc['__linje__']}: alternativet mangler «navn».")
    if _norm(navn) == _norm(PLAN_NAME):
        raise AlternativeError(f"{fil}: navnet «{navn}» er reservert for planen selv.")
    alt_ = Alternative(navn=navn.strip(), beskrivelse=str(doc.get("beskrivelse") or ""),
                       fil=fil)
    endringer = doc.get("endringer") or {}
    if not isinstance(endringer, dict):
        raise AlternativeError(f"{fil}: «endringer» må være en tabell (rammer, inntekter, "
                               "fond, investeringer).")
    unknown = set(endringer) - {"rammer", "inntekter", "fond", "investeringer", "__linje__"}
    if unknown:
        raise AlternativeError(f"{fil}, linje {endringer['__linje__']}: ukjent endringstype "
                               f"{fmt_list(sorted(unknown))} – bruk rammer, inntekter, fond "
                               "eller investeringer.")
    names = known_names(data, kommunenummer)
    for kind, key, what in (("rammer", "rammeomrade", "rammeområde"),
                            ("inntekter", "post", "inntektspost"), ("fond", None, None)):
        items = endringer.get(kind) or []
        if not isinstance(items, list):
            raise AlternativeError(f"{fil}: «{kind}» må være en liste.")
        for item in items:
            if not isinstance(item, dict):
                raise AlternativeError(f"{fil}: hver linje under «{kind}» må ha aar og belop.")
            line = item["__linje__"]
            navn_ = _match(item.get(key), names[kind], fil, line, what) if key else ""
            year = _year(item.get("aar"), fil, line, plan_years)
            belop = _number(item.get("belop"), fil, line, "belop")
            getattr(alt_, kind).append(Change(navn_, year, belop, line))
    inv_ = endringer.get("investeringer") or {}
    if inv_:
        line = inv_.get("__linje__", 0)
        for key in ("utsett", "dropp"):
            projects = inv_.get(key) or []
            if not isinstance(projects, list):
                raise AlternativeError(f"{fil}, linje {line}: «{key}» må være en liste med "
                                       "prosjektnavn.")
            setattr(alt_, key, [_match(p, names["prosjekter"], fil, line, "prosjekt")
                                for p in projects])
        ua = inv_.get("utsett_aar", 1)
        if isinstance(ua, bool) or not isinstance(ua, int) or not 1 <= ua <= 10:
            raise AlternativeError(f"{fil}, linje {line}: utsett_aar må være et helt antall år "
                                   f"(1–10), ikke «{ua}».")
        alt_.utsett_aar = ua
    return alt_


def alternative_files(folder: Path | str) -> list[Path]:
    """Every ``*.yaml`` in ``folder``, sorted by name (none if the folder is missing)."""
    folder = Path(folder)
    reads.record(folder)  # a new or removed file changes the report
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _sum_by_year(changes: list[Change], years: list[int]) -> pd.Series:
    s = pd.Series(0.0, index=years)
    for c in changes:
        s[c.aar] += c.belop
    return s


def plan_balance(data: dict[str, pd.DataFrame], kommunenummer: str,
                 years: list[int]) -> pd.Series:
    """The plan's own budget balance per year from the finans report's computation
    (negative = deficit; 0 when balanced within rounding)."""
    r = data.get("finans_rammer")
    if r is None or r[r["kommunenummer"] == kommunenummer].empty:
        return pd.Series(float("nan"), index=years)
    b = F.budget_balance(r, kommunenummer)
    b = b[b["krav"]].drop_duplicates("aar", keep="last").set_index("aar")["avvik"]
    return pd.Series([-float(b[y]) if y in b.index else float("nan") for y in years],
                     index=years)


def frie_inntekter_change(alt_: Alternative, data: dict[str, pd.DataFrame],
                          kommunenummer: str, years: list[int]) -> pd.Series:
    """The part of the income changes that is skatt or rammetilskudd (the base of the
    set-aside rule)."""
    okp = data["okonomiplan"]
    si = okp[(okp["kommunenummer"] == kommunenummer) & (okp["tabell"] == "sentrale_inntekter")]
    frie = {p for p, n in zip(si["post"], si["post_navn"], strict=True)
            if p in ("skatt_inntekt_formue", "rammetilskudd")}
    frie |= set(si.loc[si["post"].isin(frie), "post_navn"])
    return _sum_by_year([c for c in alt_.inntekter if c.navn in frie], years)


def compute(data: dict[str, pd.DataFrame], e: model.Economy,
            alt_: Alternative | None = None) -> pd.DataFrame:
    """One column of the comparison: the plan (``alt_`` None) or an alternative, per plan
    year. Columns: aar, budsjettbalanse, netto_driftsresultat, netto_driftsresultat_pst,
    bdi, disposisjonsfond, disposisjonsfond_pst, nye_lan, netto_lanegjeld,
    netto_lanegjeld_pst, renteutgifter, avdrag, avsetning_vurdert, avsetning_krav."""
    years = e.plan_years
    knr = e.kommune.kommunenummer
    t = e.table.set_index("aar").loc[years]
    out = pd.DataFrame({"aar": years})
    zero = pd.Series(0.0, index=years)
    rammer = _sum_by_year(alt_.rammer, years) if alt_ else zero
    inntekter = _sum_by_year(alt_.inntekter, years) if alt_ else zero
    fond = _sum_by_year(alt_.fond, years) if alt_ else zero
    d_renter, d_avdrag = zero.copy(), zero.copy()
    nye_lan = t["nye_lan"].copy()
    debt = t["netto_lanegjeld"].copy()
    if alt_ is not None and (alt_.utsett or alt_.dropp):
        e2 = model.economy(data, knr, e.budsjettaar, assumptions=DebtAssumptions(
            utsett=alt_.utsett, utsett_aar=alt_.utsett_aar, dropp=alt_.dropp))
        base, scen = e2.investering.base, e2.investering.scenario
        for col, target in (("renter", d_renter), ("avdrag", d_avdrag)):
            b = base.schedule.groupby("aar")[col].sum()
            s = scen.schedule.groupby("aar")[col].sum()
            for y in years:
                target[y] = float(s.get(y, 0.0)) - float(b.get(y, 0.0))
        nye_lan = scen.borrowing.set_index("aar")["totalt"].reindex(years)
        debt = scen.debt.set_index("aar")["utgaaende_gjeld"].reindex(years)
    d_cap = d_renter + d_avdrag
    d_ndr = inntekter - rammer - d_cap
    bdi = t["bdi"] + inntekter
    ndr = t["netto_driftsresultat"] + d_ndr
    fund = t["disposisjonsfond"] - fond.cumsum()
    sa_rule = e.rules.get("avsetning_disposisjonsfond")
    lesing = sa_rule.lesing if sa_rule is not None and sa_rule.lesing else "brutto"
    set_aside = hr.set_aside_rule(data["okonomiplan"], knr,
                                  sa_rule.terskel if sa_rule is not None else 1.75,
                                  ("okonomiplan",), lesing=lesing).set_index("aar")
    frie = set_aside["frie_inntekter"].reindex(years)
    if alt_ is not None:
        frie = frie + frie_inntekter_change(alt_, data, knr, years)
    pct = (e.rules["avsetning_disposisjonsfond"].terskel
           if "avsetning_disposisjonsfond" in e.rules else 1.75)
    out["budsjettbalanse"] = (plan_balance(data, knr, years) + inntekter - rammer + fond
                              - d_cap).values
    out["netto_driftsresultat"] = ndr.values
    out["bdi"] = bdi.values
    if alt_ is None:
        out["netto_driftsresultat_pst"] = t["netto_driftsresultat_pst"].values
        out["disposisjonsfond_pst"] = t["disposisjonsfond_pst"].values
        out["netto_lanegjeld_pst"] = t["netto_lanegjeld_pst"].values
    else:
        out["netto_driftsresultat_pst"] = (ndr / bdi * 100).values
        out["disposisjonsfond_pst"] = (fund / bdi * 100).values
        out["netto_lanegjeld_pst"] = (debt / bdi * 100).values
    out["disposisjonsfond"] = fund.values
    out["nye_lan"] = nye_lan.values
    out["netto_lanegjeld"] = debt.values
    out["renteutgifter"] = (t["renteutgifter"] + d_renter).values
    out["avdrag"] = (t["avdrag"] + d_avdrag).values
    # the amount the rule is judged on, in the rule's reading: more use of the fund lowers
    # the net change, not the gross set-aside
    out["avsetning_vurdert"] = (set_aside["vurdert"].reindex(years)
                              - (fond if lesing == "netto" else 0.0)).values
    out["avsetning_krav"] = (frie * pct / 100).values
    return out


def rule_status(col: pd.DataFrame, rules: dict[str, hr.Rule]) -> pd.DataFrame:
    """Met (True/False, None where unknown) per rule and year."""
    out = pd.DataFrame({"aar": col["aar"]})
    for m in MEASURES:
        rule = rules.get(RULE_OF[m])
        if rule is not None:
            out[RULE_OF[m]] = [rule.met(v) for v in col[m]]
    if "avsetning_disposisjonsfond" in rules:
        out["avsetning_disposisjonsfond"] = [
            hr.set_aside_met(v, k) for v, k in zip(col["avsetning_vurdert"],
                                                   col["avsetning_krav"], strict=True)]
    return out


@dataclass
class Analysis:
    economy: model.Economy
    alternatives: list[Alternative]
    columns: dict[str, pd.DataFrame]  # navn → compute() frame; the plan first
    status: dict[str, pd.DataFrame]

    @property
    def kommune(self):
        return self.economy.kommune

    @property
    def years(self) -> list[int]:
        return self.economy.plan_years


def analyse(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int,
            files: list[Path | str]) -> Analysis:
    e = model.economy(data, kommune, budsjettaar, strict=True)
    if not e.plan_years:
        raise AlternativeError(f"Grunnlaget har ingen økonomiplan for {e.kommune.navn}.")
    alts = [read_alternative(f, data, e.kommune.kommunenummer, e.plan_years) for f in files]
    seen: dict[str, str] = {}
    for a in alts:
        if _norm(a.navn) in seen:
            raise AlternativeError(f"{a.fil}: navnet «{a.navn}» er brukt også i "
                                   f"{seen[_norm(a.navn)]}.")
        seen[_norm(a.navn)] = a.fil
    columns = {PLAN_NAME: compute(data, e)}
    for a in alts:
        columns[a.navn] = compute(data, e, a)
    status = {n: rule_status(c, e.rules) for n, c in columns.items()}
    return Analysis(economy=e, alternatives=alts, columns=columns, status=status)
