"""Befolkning: population change by cause, the projection by age group, aldersbæreevne
and the demographic cost pressure the projection implies.

Conventions used throughout:

* ``befolkning_endringer.csv`` gives, per year, the population at the start and end of
  the period and the components of change. A year whose ``til_kvartal`` is below 4 covers
  only part of the year (2023 in the Røros seed covers 1.–2. kvartal).
* ``befolkning_framskrivning.csv`` gives persons per age group on 1 January of each year
  (SSB's convention); the first year is the registered base year.
* ``folketall`` key figures use the 31.12 convention of ``folketall.csv`` and KOSTRA:
  the projection's value for 1.1. of year *t* is reported as the population at 31.12 of
  year *t − 1*. Age-group figures and aldersbæreevne keep the 1.1. year labels, as SSB
  (table 07459) and the seed do.

All functions take DataFrames and parameters and do no file I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.coverage import require_year
from helpers.data.specs.befolkning import KOMPONENTER
from helpers.presentation.formatting import round_half_up

RAPPORT = "befolkning"


# Working age and elderly for aldersbæreevne. 16–66 per person 67+ reproduces the 2,63
# the seed gives for Røros in 2023 (SSB table 07459); 20–66 would give 2,45.
DEFAULT_WORKING_AGE = ("16-19", "20-66")


DEFAULT_ELDERLY = ("67-79", "80-89", "90+")


# The age groups that drive service demand, with the service they stand for.
SERVICE_GROUPS = {
    "1-5": "barnehage",
    "6-15": "grunnskole",
    "80-89": "omsorg (80–89 år)",
    "90+": "omsorg (90 år og eldre)",
}


TOTAL = "alle"  # column / dimensjon for all age groups together


# Bokmål labels for the history table's rows, in display order.
HISTORY_LABELS = {
    "folketall_start": "Folketall ved periodens start",
    "fodte": "Fødte",
    "dode": "Døde",
    "fodselsoverskudd": "Fødselsoverskudd",
    "innvandring": "Innvandring",
    "utvandring": "Utvandring",
    "innflytting_innenlands": "Innflytting, innenlands",
    "utflytting_innenlands": "Utflytting, innenlands",
    "netto_innvandring_flytting": "Netto innvandring og flytting",
    "folkevekst": "Folkevekst",
    "folketall_slutt": "Folketall ved periodens slutt",
}


def history_table(endringer: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """One row per year with the stored components and the derived figures.

    Derived columns: ``fodselsoverskudd`` (fødte − døde), ``netto_innvandring``,
    ``netto_innenlands``, ``netto_innvandring_flytting`` (the two nets together),
    ``folkevekst`` (folketall at the end − at the start), ``komponentsum``
    (fødselsoverskudd + netto innvandring og flytting), ``avvik_komponenter``
    (folkevekst − komponentsum) and ``avvik_kjede`` (this period's start − the previous
    period's end; empty for the first year).
    """
    df = endringer[endringer["kommunenummer"] == kommunenummer]
    if df.empty:
        raise ValueError(f"befolkning_endringer.csv har ingen rader for kommunenummer "
                         f"{kommunenummer}")
    quarters = df.groupby("aar")["til_kvartal"].nunique()
    if (quarters > 1).any():
        years = ", ".join(str(y) for y in quarters[quarters > 1].index)
        raise ValueError(f"befolkning_endringer.csv: ulik til_kvartal innen samme år ({years})")
    wide = df.pivot(index="aar", columns="komponent", values="verdi")
    missing = [(int(y), k) for y in wide.index for k in KOMPONENTER
               if k not in wide.columns or pd.isna(wide.loc[y, k])]
    if missing:
        text = ", ".join(f"{y}: {k}" for y, k in missing)
        raise ValueError(f"befolkning_endringer.csv mangler komponenter ({text})")
    wide = wide[list(KOMPONENTER)].astype("int64")
    wide.columns.name = None
    out = wide.reset_index()
    out.insert(1, "til_kvartal", df.groupby("aar")["til_kvartal"].first().astype(int).values)
    out["fodselsoverskudd"] = out["fodte"] - out["dode"]
    out["netto_innvandring"] = out["innvandring"] - out["utvandring"]
    out["netto_innenlands"] = out["innflytting_innenlands"] - out["utflytting_innenlands"]
    out["netto_innvandring_flytting"] = out["netto_innvandring"] + out["netto_innenlands"]
    out["folkevekst"] = out["folketall_slutt"] - out["folketall_start"]
    out["komponentsum"] = out["fodselsoverskudd"] + out["netto_innvandring_flytting"]
    out["avvik_komponenter"] = out["folkevekst"] - out["komponentsum"]
    prev_end = out["folketall_slutt"].shift(1)
    consecutive = out["aar"].diff() == 1
    out["avvik_kjede"] = (out["folketall_start"] - prev_end).where(consecutive).astype("Int64")
    out["aar"] = out["aar"].astype(int)
    return out


def full_years(history: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``history`` that cover a whole year (til_kvartal 4)."""
    return history[history["til_kvartal"] == 4]


def period_label(aar: int, til_kvartal: int) -> str:
    """'2022' for a whole year, '2023 (1.–2. kv.)' for part of a year."""
    if til_kvartal == 4:
        return str(aar)
    if til_kvartal == 1:
        return f"{aar} (1. kv.)"
    return f"{aar} (1.–{til_kvartal}. kv.)"


def history_checks(history: pd.DataFrame, folketall: pd.DataFrame | None = None,
                   kommunenummer: str | None = None) -> pd.DataFrame:
    """Every place where the history's components and totals disagree.

    Checks: (1) folkevekst against fødselsoverskudd + netto innvandring og flytting;
    (2) the start of each period against the end of the one before; (3) when
    ``folketall`` (folketall.csv) and ``kommunenummer`` are given, the end of each whole
    year against the 31.12 figure there. Returns one row per mismatch with columns
    aar, kontroll, forventet, faktisk, avvik (an empty frame when all agree).
    """
    rows: list[dict] = []
    for _, r in history.iterrows():
        if r["avvik_komponenter"] != 0:
            rows.append({"aar": int(r["aar"]), "kontroll": "komponenter",
                         "forventet": int(r["komponentsum"]), "faktisk": int(r["folkevekst"]),
                         "avvik": int(r["avvik_komponenter"])})
        if pd.notna(r["avvik_kjede"]) and r["avvik_kjede"] != 0:
            rows.append({"aar": int(r["aar"]), "kontroll": "kjede",
                         "forventet": int(r["folketall_start"] - r["avvik_kjede"]),
                         "faktisk": int(r["folketall_start"]), "avvik": int(r["avvik_kjede"])})
    if folketall is not None and kommunenummer is not None:
        ft = folketall[folketall["kommunenummer"] == kommunenummer].set_index("aar")
        for _, r in full_years(history).iterrows():
            y = int(r["aar"])
            if y in ft.index:
                registered = int(ft.loc[y, "folketall"])
                if registered != int(r["folketall_slutt"]):
                    rows.append({"aar": y, "kontroll": "folketall.csv",
                                 "forventet": registered, "faktisk": int(r["folketall_slutt"]),
                                 "avvik": int(r["folketall_slutt"]) - registered})
    return pd.DataFrame(rows, columns=["aar", "kontroll", "forventet", "faktisk", "avvik"])


def projection_long(framskrivning: pd.DataFrame, kommunenummer: str,
                    alternativ: str | None = None, start: int | None = None,
                    end: int | None = None, navn: str | None = None) -> pd.DataFrame:
    """The projection rows for one municipality, alternative and period (inclusive).

    With ``alternativ=None`` the file must hold exactly one alternative for the
    municipality, or SSB's main alternative (``hovedalternativ``, written by ``hop hent``)
    among several, which is then used. Raises ValueError (bokmål) when nothing matches, and
    :class:`helpers.coverage.CoverageError` when ``start`` or ``end`` is not a year of the
    projection (``navn`` names the municipality in that message).
    """
    df = framskrivning[framskrivning["kommunenummer"] == kommunenummer]
    if df.empty:
        raise ValueError(f"befolkning_framskrivning.csv har ingen rader for kommunenummer "
                         f"{kommunenummer}")
    alternatives = sorted(df["alternativ"].unique())
    if alternativ is None:
        if len(alternatives) > 1 and "hovedalternativ" in alternatives:
            alternatives = ["hovedalternativ"]
        if len(alternatives) > 1:
            raise ValueError("befolkning_framskrivning.csv har flere alternativer ("
                             + ", ".join(alternatives) + "); velg ett med parameteren "
                             "«alternativ»")
        alternativ = alternatives[0]
    elif alternativ not in alternatives:
        raise ValueError(f"Framskrivingsalternativet «{alternativ}» finnes ikke; "
                         f"tilgjengelig: {', '.join(alternatives)}")
    df = df[df["alternativ"] == alternativ]
    years = sorted(int(y) for y in df["aar"].unique())
    lo = years[0] if start is None else int(start)
    hi = years[-1] if end is None else int(end)
    what = (f"framskrivningen for {navn or kommunenummer} "
            f"({ALTERNATIV_NAVN.get(alternativ, alternativ)})")
    for param, y in (("framskriving_fra", start), ("framskriving_til", end)):
        if y is not None:
            require_year(param, y, years, what)
    if lo >= hi:
        raise ValueError(f"Framskrivingsperioden {lo}–{hi} må ha et sluttår etter startåret")
    return df[(df["aar"] >= lo) & (df["aar"] <= hi)].copy()


def age_groups(projection: pd.DataFrame) -> pd.DataFrame:
    """The age groups in a projection, youngest first: aldersgruppe, alder_fra, alder_til,
    aldersgruppe_navn."""
    cols = ["aldersgruppe", "alder_fra", "alder_til", "aldersgruppe_navn"]
    groups = projection[cols].drop_duplicates("aldersgruppe")
    return groups.sort_values("alder_fra", kind="stable").reset_index(drop=True)


def age_group_label(code: str) -> str:
    """'1–5 år', '0 år', '90 år og eldre' for an age-group code."""
    if code.endswith("+"):
        return f"{code[:-1]} år og eldre"
    return code.replace("-", "–") + " år"


def projection_checks(projection: pd.DataFrame) -> list[str]:
    """Problems with the age groups (bokmål): gaps, overlaps, groups missing in some
    years. An empty list when the groups tile 0 years and up without gaps."""
    problems: list[str] = []
    groups = age_groups(projection)
    expected_from = 0
    for i, g in groups.iterrows():
        if int(g["alder_fra"]) != expected_from:
            kind = "hull" if int(g["alder_fra"]) > expected_from else "overlapp"
            problems.append(f"Aldersgruppene har {kind} ved {expected_from} år "
                            f"(gruppen {g['aldersgruppe']} starter på {g['alder_fra']} år)")
        if pd.isna(g["alder_til"]):
            if i != len(groups) - 1:
                problems.append(f"Bare den eldste gruppen kan være åpen ({g['aldersgruppe']})")
            expected_from = 10_000
        else:
            expected_from = int(g["alder_til"]) + 1
    if expected_from != 10_000:
        problems.append("Den eldste aldersgruppen bør være åpen oppover (f.eks. 90+)")
    counts = projection.groupby("aar")["aldersgruppe"].nunique()
    for y, n in counts.items():
        if n != len(groups):
            problems.append(f"{y}: {n} av {len(groups)} aldersgrupper har tall")
    return problems


def projection_wide(projection: pd.DataFrame) -> pd.DataFrame:
    """Persons per year (rows) and age group (columns, youngest first)."""
    order = list(age_groups(projection)["aldersgruppe"])
    wide = projection.pivot(index="aar", columns="aldersgruppe", values="verdi")
    wide = wide[order].astype("int64")
    wide.index = wide.index.astype(int)
    wide.columns.name = None
    return wide


def with_total(wide: pd.DataFrame) -> pd.DataFrame:
    """``wide`` with a column ``alle`` holding the sum of the age groups."""
    out = wide.copy()
    out[TOTAL] = wide.sum(axis=1)
    return out


def growth_index(wide: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """Each column indexed to ``base_year`` (default the first year) = 100."""
    base_year = int(wide.index.min()) if base_year is None else int(base_year)
    if base_year not in wide.index:
        raise ValueError(f"Basisåret {base_year} finnes ikke i framskrivningen")
    base = wide.loc[base_year]
    zero = [c for c in wide.columns if base[c] == 0]
    if zero:
        raise ValueError(f"Kan ikke indeksere grupper med 0 personer i {base_year}: {zero}")
    return wide.astype(float).div(base.astype(float), axis=1) * 100


def aldersbaereevne(wide: pd.DataFrame, working: tuple[str, ...] = DEFAULT_WORKING_AGE,
                    elderly: tuple[str, ...] = DEFAULT_ELDERLY) -> pd.Series:
    """Persons in working age per elderly person, per year."""
    working, elderly = tuple(working), tuple(elderly)
    unknown = [g for g in working + elderly if g not in wide.columns]
    if unknown:
        raise ValueError(f"Ukjente aldersgrupper for aldersbæreevne: {unknown}; "
                         f"framskrivningen har {list(wide.columns)}")
    both = set(working) & set(elderly)
    if both:
        raise ValueError(f"Aldersgruppene {sorted(both)} kan ikke være både arbeidsfør og eldre")
    if not working or not elderly:
        raise ValueError("Aldersbæreevne trenger minst én gruppe i arbeidsfør alder og én eldre")
    out = wide[list(working)].sum(axis=1) / wide[list(elderly)].sum(axis=1)
    return out.rename("aldersbaereevne")


def aldersbaereevne_comparison(computed: pd.Series, published: pd.DataFrame | None,
                               kommunenummer: str) -> pd.DataFrame:
    """Published aldersbæreevne next to the computed value, rounded like the source.

    Columns: aar, publisert, desimaler, beregnet, beregnet_avrundet, stemmer (bool, or
    missing where the year is outside the projection).
    """
    cols = ["aar", "publisert", "desimaler", "beregnet", "beregnet_avrundet", "stemmer"]
    if published is None or published.empty:
        return pd.DataFrame(columns=cols)
    pub = published[published["kommunenummer"] == kommunenummer].sort_values("aar")
    rows = []
    for _, r in pub.iterrows():
        y = int(r["aar"])
        dec = int(r["desimaler"])
        value = float(computed[y]) if y in computed.index else float("nan")
        rounded = round_half_up(value, dec) if pd.notna(value) else float("nan")
        match = pd.NA if pd.isna(value) else bool(rounded == round_half_up(r["verdi"], dec))
        rows.append({"aar": y, "publisert": float(r["verdi"]), "desimaler": dec,
                     "beregnet": value, "beregnet_avrundet": rounded, "stemmer": match})
    return pd.DataFrame(rows, columns=cols)


def population_series(history: pd.DataFrame, wide: pd.DataFrame) -> pd.DataFrame:
    """Registered and projected population on one axis, 31.12 convention.

    Columns: aar (population at 31.12 of aar), folketall, type ("registrert" or
    "framskrevet"), tidspunkt ("31.12.2022", "1.1.2024"). Whole history years come from
    the history; projection years that fall after the last whole history year are added
    (the projection's 1.1. of year t is 31.12 of year t − 1).
    """
    rows = [{"aar": int(r["aar"]), "folketall": int(r["folketall_slutt"]),
             "type": "registrert", "tidspunkt": f"31.12.{int(r['aar'])}"}
            for _, r in full_years(history).iterrows()]
    last = max((r["aar"] for r in rows), default=None)
    totals = wide.sum(axis=1)
    for y, v in totals.items():
        aar = int(y) - 1
        if last is not None and aar <= last:
            continue
        rows.append({"aar": aar, "folketall": int(v), "type": "framskrevet",
                     "tidspunkt": f"1.1.{int(y)}"})
    return pd.DataFrame(rows, columns=["aar", "folketall", "type", "tidspunkt"])


def projection_base_check(history: pd.DataFrame, wide: pd.DataFrame) -> dict | None:
    """Compare the projection's base-year total (1.1. of its first year) with the
    registered population at 31.12 the year before. None when the history lacks that
    year; otherwise a dict with aar, registrert, framskrivning, avvik."""
    base = int(wide.index.min())
    hist = full_years(history).set_index("aar")
    if base - 1 not in hist.index:
        return None
    registered = int(hist.loc[base - 1, "folketall_slutt"])
    projected = int(wide.loc[base].sum())
    return {"aar": base, "registrert": registered, "framskrivning": projected,
            "avvik": projected - registered}


@dataclass
class CostPressure:
    """The demographic cost pressure implied by a projection.

    per_group: aar, aldersgruppe, personer, kr_per_innbygger, kostnad_1000kr.
    per_year: aar, kostnad_1000kr, endring_fra_forrige_1000kr, endring_fra_start_1000kr.
    uncovered: projection age groups no cost group covers (left out of the sums).
    cost_year: the year (price level) of the costs used.
    """

    per_group: pd.DataFrame
    per_year: pd.DataFrame
    uncovered: list[str] = field(default_factory=list)
    cost_year: int | None = None


def _within(lo: int, hi: float, c_lo: int, c_hi: float) -> bool:
    return c_lo <= lo and hi <= c_hi


def _overlaps(lo: int, hi: float, c_lo: int, c_hi: float) -> bool:
    return lo <= c_hi and c_lo <= hi


def demographic_cost(projection: pd.DataFrame, costs: pd.DataFrame, kommunenummer: str,
                     cost_year: int | None = None) -> CostPressure:
    """Cost per year if each age group keeps its cost per inhabitant (fixed prices).

    ``costs`` has the columns of befolkning_kostnad_aldersgruppe.csv. A cost group may
    span several projection groups (e.g. 67+ for 67–79, 80–89 and 90+); a projection
    group that straddles two cost groups is an error. ``cost_year`` defaults to the
    latest year in ``costs`` for the municipality.
    """
    c = costs[costs["kommunenummer"] == kommunenummer]
    if c.empty:
        raise ValueError(f"befolkning_kostnad_aldersgruppe.csv har ingen rader for "
                         f"kommunenummer {kommunenummer}")
    cost_year = int(c["aar"].max()) if cost_year is None else int(cost_year)
    c = c[c["aar"] == cost_year]
    if c.empty:
        raise ValueError(f"befolkning_kostnad_aldersgruppe.csv har ingen rader for {cost_year}")
    inf = float("inf")
    cost_groups = [(r["aldersgruppe"], int(r["alder_fra"]),
                    inf if pd.isna(r["alder_til"]) else int(r["alder_til"]),
                    float(r["kr_per_innbygger"])) for _, r in c.iterrows()]
    mapping: dict[str, str] = {}
    uncovered: list[str] = []
    for _, g in age_groups(projection).iterrows():
        lo = int(g["alder_fra"])
        hi = inf if pd.isna(g["alder_til"]) else int(g["alder_til"])
        inside = [cg[0] for cg in cost_groups if _within(lo, hi, cg[1], cg[2])]
        touching = [cg[0] for cg in cost_groups if _overlaps(lo, hi, cg[1], cg[2])]
        if len(inside) == 1 and len(touching) == 1:
            mapping[g["aldersgruppe"]] = inside[0]
        elif touching:
            raise ValueError(f"Aldersgruppen {g['aldersgruppe']} i framskrivningen passer ikke "
                             f"inn i én kostnadsgruppe (berører {touching})")
        else:
            uncovered.append(g["aldersgruppe"])
    price = {cg[0]: cg[3] for cg in cost_groups}
    p = projection[projection["aldersgruppe"].isin(mapping)].copy()
    p["kostnadsgruppe"] = p["aldersgruppe"].map(mapping)
    per_group = (p.groupby(["aar", "kostnadsgruppe"], sort=False)["verdi"].sum()
                 .rename("personer").reset_index()
                 .rename(columns={"kostnadsgruppe": "aldersgruppe"}))
    per_group["aar"] = per_group["aar"].astype(int)
    per_group["personer"] = per_group["personer"].astype(int)
    per_group["kr_per_innbygger"] = per_group["aldersgruppe"].map(price)
    per_group["kostnad_1000kr"] = per_group["personer"] * per_group["kr_per_innbygger"] / 1000
    per_group = per_group.sort_values(["aar"], kind="stable").reset_index(drop=True)
    per_year = per_group.groupby("aar")["kostnad_1000kr"].sum().reset_index()
    per_year["endring_fra_forrige_1000kr"] = per_year["kostnad_1000kr"].diff()
    per_year["endring_fra_start_1000kr"] = (per_year["kostnad_1000kr"]
                                            - per_year["kostnad_1000kr"].iloc[0])
    return CostPressure(per_group, per_year, uncovered, cost_year)


ALTERNATIV_NAVN = {"sterk_aldring": "sterk aldring", "hovedalternativ": "hovedalternativet"}
