"""The overview of a set of municipalities (``gruppe.csv``): the three financial indicators
behind the handlingsregler, per municipality and KOSTRA year, against the national norm
and each municipality's KOSTRA group, and a screen for ROBEK risk and weak buffers.

Every figure comes through the model functions the handlingsregler report uses
(:func:`helpers.model.rules.peer_values` for the KOSTRA series,
:func:`helpers.model.rules.robek_signals` for accumulated merforbruk), so a municipality's
row here equals its own handlingsregler report."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune, name_of, resolve
from helpers.data.queries import kostra_rows
from helpers.model import rules as hr

#: The indicators, in the order the report shows them (all in % of brutto driftsinntekter).
INDICATORS = ("netto_driftsresultat_pst", "disposisjonsfond_pst", "netto_lanegjeld_pst")

#: The national norm per indicator (None: there is none). Det tekniske beregningsutvalg
#: (TBU) recommends a netto driftsresultat of 1,75 % of driftsinntektene for the
#: municipalities; neither TBU nor KS gives a national level for disposisjonsfond or netto
#: lånegjeld (see docs/bruk/oversikt.md).
NORMS: dict[str, float | None] = {
    "netto_driftsresultat_pst": 1.75,
    "disposisjonsfond_pst": None,
    "netto_lanegjeld_pst": None,
}

#: Kommuneloven § 28-1: accumulated merforbruk above 3 % of driftsinntektene.
MERFORBRUK_GRENSE_PST = 3.0

#: The default weak-buffer threshold: a disposisjonsfond below the § 28-1 limit of 3 %
#: cannot cover a merforbruk of the size that brings a municipality into ROBEK.
SVAK_BUFFER_PST = 3.0

#: Screen status codes (the text module words them).
OK, VARSEL, BRUDD, MANGLER = "ok", "varsel", "brudd", "mangler data"


@dataclass
class Analysis:
    """members: knr, navn, fylke, kostragruppe (gruppe.csv, names from kommuner.csv);
    values: indikator, kommunenummer, kommune, aar, verdi (KOSTRA, the last ``years``);
    groups: indikator, kostragruppe, gruppe, aar, verdi (the groups' averages in the data);
    screen: one row per municipality (see :func:`screen`)."""

    members: pd.DataFrame
    subject: Kommune | None
    years: list[int]
    values: pd.DataFrame
    groups: pd.DataFrame
    screen: pd.DataFrame
    norms: dict[str, float | None]
    svak_buffer_pst: float
    merforbruk_grense_pst: float
    sources: dict[str, list[str]]
    data: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def names(self) -> list[str]:
        """The municipalities in the order of gruppe.csv."""
        return list(self.members["navn"])

    @property
    def last_year(self) -> int | None:
        return self.years[-1] if self.years else None


def members_of(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The group from gruppe.csv, with each municipality's name as kommuner.csv spells it
    (the name every other report uses)."""
    g = data["gruppe"].reset_index(drop=True)
    names = name_of(data["kommuner"])
    return pd.DataFrame({
        "knr": g["knr"].astype(str),
        "navn": [names.get(k, n) for k, n in zip(g["knr"], g["navn"], strict=True)],
        "fylke": g["fylke"],
        "kostragruppe": g["kostragruppe"].fillna("").astype(str),
    })


def kostra_values(data: dict[str, pd.DataFrame], knrs: list[str],
                  antall_aar: int) -> tuple[pd.DataFrame, list[int]]:
    """The three indicators for every municipality over the last ``antall_aar`` KOSTRA
    years the group has figures for, through :func:`helpers.model.rules.peer_values`."""
    parts = [hr.peer_values(data["kostra"], data["kommuner"], ind, knrs).assign(indikator=ind)
             for ind in INDICATORS]
    long = pd.concat(parts, ignore_index=True)
    years = sorted(set(long["aar"]))[-antall_aar:] if antall_aar > 0 else []
    long = long[long["aar"].isin(years)]
    return (long[["indikator", "kommunenummer", "kommune", "aar", "verdi"]]
            .reset_index(drop=True), years)


def group_values(data: dict[str, pd.DataFrame], codes: list[str],
                 years: list[int]) -> pd.DataFrame:
    """The KOSTRA groups' averages for the indicators, where the data hold them."""
    cols = ["indikator", "kostragruppe", "gruppe", "aar", "verdi"]
    codes = [c for c in dict.fromkeys(codes) if c]
    if not codes:
        return pd.DataFrame(columns=cols)
    parts = [hr.peer_values(data["kostra"], data["kommuner"], ind, codes).assign(indikator=ind)
             for ind in INDICATORS]
    g = pd.concat(parts, ignore_index=True)
    g = g[g["aar"].isin(years)].rename(columns={"kommunenummer": "kostragruppe",
                                                "kommune": "gruppe"})
    g["gruppe"] = g["gruppe"].fillna(g["kostragruppe"])
    return g[cols].reset_index(drop=True)


def source_lines(data: dict[str, pd.DataFrame], knrs: list[str],
                 years: list[int]) -> dict[str, list[str]]:
    """Per indicator, the distinct sources (the ``kilde`` of the rows shown)."""
    out = {}
    for ind in INDICATORS:
        rows = kostra_rows(data["kostra"], ind, kommunenumre=knrs)
        rows = rows[rows["aar"].isin(years)]
        out[ind] = list(dict.fromkeys(str(k) for k in rows["kilde"] if str(k).strip()))
    return out


def _latest(values: pd.DataFrame, ind: str, knr: str) -> tuple[int | None, float]:
    s = values[(values["indikator"] == ind) & (values["kommunenummer"] == knr)]
    s = s.dropna(subset=["verdi"]).sort_values("aar")
    if s.empty:
        return None, float("nan")
    return int(s["aar"].iloc[-1]), float(s["verdi"].iloc[-1])


def buffer_status(fond_pst: float, grense_pst: float) -> str:
    """Weak buffer: disposisjonsfond strictly below the threshold."""
    if pd.isna(fond_pst):
        return MANGLER
    return VARSEL if fond_pst < grense_pst else OK


def deficit_status(ndr_pst: float, fond_pst: float) -> str:
    """A negative netto driftsresultat the disposisjonsfond at the year's end does not
    cover: a merforbruk that must be covered within the time kommuneloven § 14-10 allows
    (§ 28-1 brings a municipality into ROBEK when it is not)."""
    if pd.isna(ndr_pst):
        return MANGLER
    if ndr_pst >= 0:
        return OK
    if pd.isna(fond_pst):
        return MANGLER
    return VARSEL if fond_pst < -ndr_pst else OK


def merforbruk_signal(data: dict[str, pd.DataFrame], kommune: Kommune, grense_pst: float,
                      years: list[int]) -> tuple[int | None, float, str]:
    """Accumulated merforbruk in the latest of ``years`` the data hold, through
    :func:`helpers.model.rules.robek_signals` (above ``grense_pst`` % is a breach)."""
    sig = hr.robek_signals(data, kommune, grense_pst)
    sig = sig[(sig["tegn"] == "akkumulert_merforbruk") & sig["aar"].notna()]
    sig = sig[sig["aar"].astype(int).isin(years)].sort_values("aar")
    if sig.empty:
        return None, float("nan"), MANGLER
    last = sig.iloc[-1]
    return int(last["aar"]), float(last["verdi"]), BRUDD if last["status"] == "brudd" else OK


def screen(data: dict[str, pd.DataFrame], members: pd.DataFrame, values: pd.DataFrame,
           years: list[int], svak_buffer_pst: float, merforbruk_grense_pst: float
           ) -> pd.DataFrame:
    """One row per municipality, for the latest year each has figures for: the
    disposisjonsfond and the weak-buffer status, netto driftsresultat and whether a
    deficit is covered by the fund, and accumulated merforbruk against § 28-1's limit."""
    rows = []
    for m in members.itertuples():
        k = Kommune(m.knr, m.navn, "kommune")
        fond_aar, fond = _latest(values, "disposisjonsfond_pst", m.knr)
        ndr_aar, ndr = _latest(values, "netto_driftsresultat_pst", m.knr)
        fond_same = (fond if ndr_aar is not None and fond_aar == ndr_aar
                     else _value(values, "disposisjonsfond_pst", m.knr, ndr_aar))
        mf_aar, mf, mf_status = merforbruk_signal(data, k, merforbruk_grense_pst, years)
        rows.append({
            "kommunenummer": m.knr, "kommune": m.navn,
            "fond_aar": fond_aar, "disposisjonsfond_pst": fond,
            "buffer": buffer_status(fond, svak_buffer_pst),
            "ndr_aar": ndr_aar, "netto_driftsresultat_pst": ndr,
            "underskudd": deficit_status(ndr, fond_same),
            "merforbruk_aar": mf_aar, "akkumulert_merforbruk_pst": mf,
            "merforbruk": mf_status,
        })
    return pd.DataFrame(rows, columns=[
        "kommunenummer", "kommune", "fond_aar", "disposisjonsfond_pst", "buffer", "ndr_aar",
        "netto_driftsresultat_pst", "underskudd", "merforbruk_aar",
        "akkumulert_merforbruk_pst", "merforbruk"])


def _value(values: pd.DataFrame, ind: str, knr: str, aar: int | None) -> float:
    if aar is None:
        return float("nan")
    s = values[(values["indikator"] == ind) & (values["kommunenummer"] == knr)
               & (values["aar"] == aar)]["verdi"]
    return float(s.iloc[0]) if len(s) else float("nan")


def analyse(data: dict[str, pd.DataFrame], kommune: str = "", antall_aar: int = 4,
            svak_buffer_pst: float = SVAK_BUFFER_PST,
            norm_netto_driftsresultat_pst: float = NORMS["netto_driftsresultat_pst"]
            ) -> Analysis:
    """Everything the overview shows. ``kommune`` (name or number, "" for none): the
    municipality highlighted; it must be one of the group's."""
    if antall_aar < 1:
        raise ValueError(f"antall_aar må være minst 1, fikk {antall_aar}")
    members = members_of(data)
    knrs = list(members["knr"])
    subject = None
    if kommune not in (None, ""):
        subject = resolve(data["kommuner"], kommune)
        if subject.kommunenummer not in knrs:
            raise ValueError(
                f"Kommunen {subject.navn} ({subject.kommunenummer}) er ikke med i gruppen; "
                f"gruppen er {', '.join(members['navn'])}.")
    values, years = kostra_values(data, knrs, antall_aar)
    groups = group_values(data, list(members["kostragruppe"]), years)
    norms = dict(NORMS) | {"netto_driftsresultat_pst": norm_netto_driftsresultat_pst}
    return Analysis(
        members=members, subject=subject, years=years, values=values, groups=groups,
        screen=screen(data, members, values, years, svak_buffer_pst, MERFORBRUK_GRENSE_PST),
        norms=norms, svak_buffer_pst=float(svak_buffer_pst),
        merforbruk_grense_pst=MERFORBRUK_GRENSE_PST,
        sources=source_lines(data, knrs, years), data=data)


def indicator_frame(a: Analysis, ind: str) -> pd.DataFrame:
    """One indicator, long (kommune, kommunenummer, aar, verdi), in the group's order."""
    v = a.values[a.values["indikator"] == ind]
    order = {k: i for i, k in enumerate(a.members["knr"])}
    return (v.assign(_o=v["kommunenummer"].map(order)).sort_values(["_o", "aar"])
            .drop(columns=["_o", "indikator"]).reset_index(drop=True))
