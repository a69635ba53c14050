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

All functions take DataFrames and parameters and do no file I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from helpers.data.coverage import require_year
from helpers.data.kommuner import Kommune, resolve
from helpers.data.specs.befolkning import KOMPONENTER
from helpers.presentation import charts
from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct, round_half_up
from helpers.presentation.merknad import Note
from helpers.presentation.nokkeltall import key_figure_frame

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


# ---------------------------------------------------------------- history by cause


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


# ---------------------------------------------------------------- projection


def projection_long(framskrivning: pd.DataFrame, kommunenummer: str,
                    alternativ: str | None = None, start: int | None = None,
                    end: int | None = None, navn: str | None = None) -> pd.DataFrame:
    """The projection rows for one municipality, alternative and period (inclusive).

    With ``alternativ=None`` the file must hold exactly one alternative for the
    municipality. Raises ValueError (bokmål) when nothing matches, and
    :class:`helpers.coverage.CoverageError` when ``start`` or ``end`` is not a year of the
    projection (``navn`` names the municipality in that message).
    """
    df = framskrivning[framskrivning["kommunenummer"] == kommunenummer]
    if df.empty:
        raise ValueError(f"befolkning_framskrivning.csv har ingen rader for kommunenummer "
                         f"{kommunenummer}")
    alternatives = sorted(df["alternativ"].unique())
    if alternativ is None:
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


# ---------------------------------------------------------------- demographic cost


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


# ---------------------------------------------------------------- key figures


def key_figures(endringer: pd.DataFrame, framskrivning: pd.DataFrame,
                kommuner: pd.DataFrame, kommune: str, start: int | None = None,
                end: int | None = None, working: tuple[str, ...] = DEFAULT_WORKING_AGE,
                elderly: tuple[str, ...] = DEFAULT_ELDERLY, alternativ: str | None = None,
                costs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The befolkning report's key figures (see helpers.nokkeltall).

    folketall (31.12 of aar; dimensjon ``registrert`` for registered whole years, then
    ``framskrevet`` for the projection), folkevekst,
    fodselsoverskudd and netto_innvandring_flytting per whole history year;
    aldersgruppe_antall, aldersgruppe_indeks (first projection year = 100) and
    aldersgruppe_vekst_pst (index − 100) per projection year with dimensjon the age group
    (``alle`` for the total); aldersbaereevne per projection year; and, when ``costs`` are
    given, demografisk_kostnad_endring (1000 kr against the first projection year).
    Part-year history periods are left out. Values are rounded as the report shows them
    (persons and 1000 kr whole, index and % to one decimal, aldersbaereevne to two).
    """
    chosen = resolve(kommuner, kommune)
    knr, navn = chosen.kommunenummer, chosen.navn
    records: list[dict] = []

    def add(nokkel: str, aar: int, verdi: float, enhet: str, dimensjon: str = "",
            desimaler: int = 0) -> None:
        records.append({"rapport": RAPPORT, "nokkel": nokkel, "kommune": navn, "aar": int(aar),
                        "dimensjon": dimensjon, "verdi": float(verdi), "enhet": enhet,
                        "desimaler": desimaler})

    history = history_table(endringer, knr)
    proj = projection_long(framskrivning, knr, alternativ, start, end)
    wide = projection_wide(proj)
    for _, r in population_series(history, wide).iterrows():
        add("folketall", r["aar"], r["folketall"], "antall", r["type"])
    for _, r in full_years(history).iterrows():
        add("folkevekst", r["aar"], r["folkevekst"], "antall")
        add("fodselsoverskudd", r["aar"], r["fodselsoverskudd"], "antall")
        add("netto_innvandring_flytting", r["aar"], r["netto_innvandring_flytting"], "antall")
    total = with_total(wide)
    index = growth_index(total)
    for y in total.index:
        for g in total.columns:
            add("aldersgruppe_antall", y, total.loc[y, g], "antall", g)
            add("aldersgruppe_indeks", y, index.loc[y, g], "indeks", g, 1)
            add("aldersgruppe_vekst_pst", y, index.loc[y, g] - 100, "%", g, 1)
    for y, v in aldersbaereevne(wide, working, elderly).items():
        add("aldersbaereevne", y, v, "forhold", desimaler=2)
    if costs is not None and not costs[costs["kommunenummer"] == knr].empty:
        cp = demographic_cost(proj, costs, knr)
        for _, r in cp.per_year.iterrows():
            add("demografisk_kostnad_endring", r["aar"], r["endring_fra_start_1000kr"],
                "1000 kr")
    return key_figure_frame(records)


# ================================================================ presentation
# The analysis bundle, display tables, charts and generated commentary (bokmål) used by
# notebooks/befolkning.ipynb.


@dataclass
class Analysis:
    """Everything the befolkning report shows, computed once by :func:`analyse`."""

    kommune: Kommune
    working: tuple[str, ...]
    elderly: tuple[str, ...]
    alternativ: str | None
    history: pd.DataFrame | None
    checks: pd.DataFrame
    projection: pd.DataFrame | None
    wide: pd.DataFrame | None
    index: pd.DataFrame | None
    ratio: pd.Series | None
    ratio_comparison: pd.DataFrame
    series: pd.DataFrame
    base_check: dict | None
    group_problems: list[str]
    cost: CostPressure | None
    has_cost_file: bool
    data: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def start(self) -> int | None:
        return None if self.wide is None else int(self.wide.index.min())

    @property
    def end(self) -> int | None:
        return None if self.wide is None else int(self.wide.index.max())


def analyse(data: dict[str, pd.DataFrame], kommune: str, start: int | None = None,
            end: int | None = None, working: tuple[str, ...] | list[str] = DEFAULT_WORKING_AGE,
            elderly: tuple[str, ...] | list[str] = DEFAULT_ELDERLY,
            alternativ: str | None = None) -> Analysis:
    """Compute the report for one municipality and projection period.

    Parts the data do not cover for the municipality are left as None (the report says
    so); invalid parameters (unknown period, age groups or alternative) raise ValueError.
    """
    k = resolve(data["kommuner"], kommune)
    knr = k.kommunenummer
    working, elderly = tuple(working), tuple(elderly)
    endringer = data.get("befolkning_endringer")
    history = None
    if endringer is not None and (endringer["kommunenummer"] == knr).any():
        history = history_table(endringer, knr)
    checks = (history_checks(history, data.get("folketall"), knr) if history is not None
              else history_checks(pd.DataFrame(columns=["avvik_komponenter", "avvik_kjede"])))
    fr = data.get("befolkning_framskrivning")
    projection = wide = index = ratio = None
    group_problems: list[str] = []
    if fr is not None and (fr["kommunenummer"] == knr).any():
        projection = projection_long(fr, knr, alternativ, start, end, navn=k.navn)
        alternativ = str(projection["alternativ"].iloc[0])
        group_problems = projection_checks(projection)
        wide = projection_wide(projection)
        index = growth_index(with_total(wide))
        ratio = aldersbaereevne(wide, working, elderly)
    ratio_cmp = (aldersbaereevne_comparison(ratio, data.get("befolkning_aldersbaereevne"), knr)
                 if ratio is not None else aldersbaereevne_comparison(pd.Series(), None, knr))
    empty_hist = pd.DataFrame(columns=["aar", "til_kvartal", "folketall_slutt"])
    empty_wide = pd.DataFrame(index=pd.Index([], dtype=int))
    series = population_series(history if history is not None else empty_hist,
                               wide if wide is not None else empty_wide)
    base = (projection_base_check(history, wide)
            if history is not None and wide is not None else None)
    costs = data.get("befolkning_kostnad_aldersgruppe")
    has_cost = costs is not None and (costs["kommunenummer"] == knr).any()
    cost = demographic_cost(projection, costs, knr) if has_cost and projection is not None \
        else None
    return Analysis(kommune=k, working=working, elderly=elderly, alternativ=alternativ,
                    history=history, checks=checks, projection=projection, wide=wide,
                    index=index, ratio=ratio, ratio_comparison=ratio_cmp, series=series,
                    base_check=base, group_problems=group_problems, cost=cost,
                    has_cost_file=costs is not None, data=data)


def analysis_key_figures(a: Analysis) -> pd.DataFrame:
    """The key figures for an analysis (empty when the data lack history or projection)."""
    if a.history is None or a.projection is None:
        return key_figure_frame([])
    return key_figures(a.data["befolkning_endringer"], a.data["befolkning_framskrivning"],
                       a.data["kommuner"], a.kommune.kommunenummer, a.start, a.end,
                       a.working, a.elderly, a.alternativ,
                       a.data.get("befolkning_kostnad_aldersgruppe"))


ALTERNATIV_NAVN = {"sterk_aldring": "sterk aldring", "hovedalternativ": "hovedalternativet"}


def _groups_text(groups: tuple[str, ...]) -> str:
    """'16–66 år' for contiguous groups, else a list of the groups."""
    parsed = []
    for g in groups:
        lo, _, hi = g.rstrip("+").partition("-")
        parsed.append((int(lo), None if g.endswith("+") else int(hi or lo)))
    parsed.sort(key=lambda p: p[0])
    contiguous = all(parsed[i][1] is not None and parsed[i][1] + 1 == parsed[i + 1][0]
                     for i in range(len(parsed) - 1))
    if contiguous:
        lo, hi = parsed[0][0], parsed[-1][1]
        return f"{lo} år og eldre" if hi is None else f"{lo}–{hi} år"
    return fmt_list([age_group_label(g) for g in groups])


def missing_data(a: Analysis) -> list[str]:
    """Plain statements (Markdown) of what the data lack for this municipality."""
    out = []
    n = a.kommune.navn
    if a.history is None:
        out.append(Note(f"Befolkningsendringer etter årsak for {n} er ikke med i grunnlaget.",
                        f"Ingen rader for {n} i `data/befolkning_endringer.csv`."))
    if a.projection is None:
        out.append(Note(f"Befolkningsframskrivningen for {n} er ikke med i grunnlaget, så "
                        "aldersgrupper og aldersbæreevne kan ikke vises.",
                        f"Ingen rader for {n} i `data/befolkning_framskrivning.csv`."))
    for p in a.group_problems:
        out.append(f"Aldersgruppene i framskrivningen: {p}.")
    return out


def intro_line(a: Analysis) -> str:
    """One line under the title: what the report covers."""
    parts = []
    if a.history is not None:
        y0, y1 = int(a.history["aar"].min()), int(a.history["aar"].max())
        parts.append(f"befolkningsendring etter årsak {y0}–{y1}")
    if a.wide is not None:
        alt_name = ALTERNATIV_NAVN.get(a.alternativ or "", a.alternativ or "")
        parts.append(f"framskrivning etter aldersgruppe {a.start}–{a.end} ({alt_name})")
        parts.append("aldersbæreevne")
    if not parts:
        return "Dataene har ingen befolkningstall for kommunen."
    text = fmt_list(parts)
    return text[0].upper() + text[1:] + "."


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    """Boxed key facts: (formatted value, label)."""
    out: list[tuple[str, str]] = []
    if a.history is not None and not full_years(a.history).empty:
        last = full_years(a.history).iloc[-1]
        out.append((fmt_number(last["folketall_slutt"]),
                    f"innbyggere 31.12.{int(last['aar'])}"))
        out.append((fmt_number(last["folkevekst"], 0, sign=True),
                    f"folkevekst {int(last['aar'])}"))
    if a.wide is not None:
        old = [g for g in ("80-89", "90+") if g in a.wide.columns]
        if old:
            first, last_v = a.wide[old].iloc[0].sum(), a.wide[old].iloc[-1].sum()
            out.append((fmt_pct((last_v / first - 1) * 100, 0, sign=True),
                        f"innbyggere over 80 år, {a.start}–{a.end}"))
        out.append((f"{fmt_number(a.ratio.iloc[0], 2)} → {fmt_number(a.ratio.iloc[-1], 2)}",
                    f"aldersbæreevne {a.start}–{a.end}"))
    return out


def projection_caption(a: Analysis) -> str:
    alt_name = ALTERNATIV_NAVN.get(a.alternativ or "", a.alternativ or "")
    return f"Antall personer 1. januar, framskrivning {alt_name}"


def ratio_mismatch(a: Analysis) -> str:
    """A warning (Markdown) when the computed aldersbæreevne disagrees with a published
    figure in the period; empty when they agree or cannot be compared."""
    c = a.ratio_comparison
    wrong = c[c["stemmer"].notna() & (c["stemmer"] == False)]  # noqa: E712
    if wrong.empty:
        return ""
    years = fmt_list([str(y) for y in wrong["aar"]])
    return Note(
        f"**Beregnet aldersbæreevne avviker fra publisert tall for {years}.** Rapporten "
        f"regner {_groups_text(a.working)} som arbeidsfør alder og "
        f"{_groups_text(a.elderly)} som eldre. De publiserte tallene for {a.kommune.navn} "
        "får en med 16–66 år og 67 år og eldre.",
        "Aldersgruppene i aldersbæreevnen velges med parameterne `arbeidsfor_alder` og "
        "`eldre`.")


# ---------------------------------------------------------------- tables


def history_display(a: Analysis) -> pd.DataFrame:
    """The history by cause as in the seed: one row per figure, one column per period,
    with the gap between folkevekst and its components as the last row."""
    h = a.history
    cols = [period_label(int(y), int(q)) for y, q in zip(h["aar"], h["til_kvartal"],
                                                         strict=True)]
    rows = {label: h[key].tolist() for key, label in HISTORY_LABELS.items()}
    rows["Folkevekst − komponentene"] = h["avvik_komponenter"].tolist()
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "Antall personer"
    return out.reset_index()


def checks_display(a: Analysis) -> pd.DataFrame:
    """The mismatches found in the history, explained in bokmål."""
    what = {
        "komponenter": "Folkevekst mot summen av komponentene",
        "kjede": "Start mot slutten av perioden før",
        "folketall.csv": "Slutt mot registrert folketall",
    }
    c = a.checks
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Kontroll": c["kontroll"].map(what),
        "Forventet": c["forventet"],
        "I tabellen": c["faktisk"],
        "Avvik": c["avvik"].map(lambda v: fmt_number(v, 0, sign=True)),
    })


def _group_rows(a: Analysis, frame: pd.DataFrame) -> pd.DataFrame:
    labels = {g: age_group_label(g) for g in a.wide.columns} | {TOTAL: "I alt"}
    out = frame.T.copy()
    out.columns = [str(c) for c in out.columns]
    out.insert(0, "Aldersgruppe", [labels[g] for g in out.index])
    return out.reset_index(drop=True)


def projection_display(a: Analysis) -> pd.DataFrame:
    """Persons per age group (rows) and year (columns), with the total last."""
    return _group_rows(a, with_total(a.wide))


def index_display(a: Analysis) -> pd.DataFrame:
    """The age groups indexed to the first year of the period (= 100), one decimal as text."""
    shown = a.index.map(lambda v: fmt_number(v, 1))
    return _group_rows(a, shown)


def service_groups_frame(a: Analysis) -> pd.DataFrame:
    """The groups that drive service demand: persons first and last year, change."""
    rows = []
    for g, service in SERVICE_GROUPS.items():
        if g not in a.wide.columns:
            continue
        first, last = int(a.wide[g].iloc[0]), int(a.wide[g].iloc[-1])
        rows.append({"aldersgruppe": g, "tjeneste": service, "forste": first, "siste": last,
                     "endring": last - first, "endring_pst": (last / first - 1) * 100})
    return pd.DataFrame(rows)


def service_groups_display(a: Analysis) -> pd.DataFrame:
    s = service_groups_frame(a)
    return pd.DataFrame({
        "Aldersgruppe": s["aldersgruppe"].map(age_group_label),
        "Tjeneste": s["tjeneste"],
        str(a.start): s["forste"],
        str(a.end): s["siste"],
        "Endring": s["endring"].map(lambda v: fmt_number(v, 0, sign=True)),
        "Endring %": s["endring_pst"].map(lambda v: fmt_pct(v, 1, sign=True)),
    })


def ratio_frame(a: Analysis) -> pd.DataFrame:
    """Working age, elderly and aldersbæreevne per projection year."""
    return pd.DataFrame({
        "aar": a.wide.index.astype(int),
        "arbeidsfor": a.wide[list(a.working)].sum(axis=1).to_numpy(),
        "eldre": a.wide[list(a.elderly)].sum(axis=1).to_numpy(),
        "aldersbaereevne": a.ratio.to_numpy(),
    })


def ratio_display(a: Analysis) -> pd.DataFrame:
    r = ratio_frame(a)
    return pd.DataFrame({
        "År (1.1.)": r["aar"].astype(str),
        f"Arbeidsfør alder ({_groups_text(a.working)})": r["arbeidsfor"],
        f"Eldre ({_groups_text(a.elderly)})": r["eldre"],
        "Aldersbæreevne": r["aldersbaereevne"].map(lambda v: fmt_number(v, 2)),
    })


def precision_words(desimaler: int) -> str:
    """'hele tall', 'én desimal', '2 desimaler'."""
    return {0: "hele tall", 1: "én desimal"}.get(int(desimaler), f"{int(desimaler)} desimaler")


def rounding_interval(verdi: float, desimaler: int) -> tuple[float, float]:
    """The values a figure rounded to ``desimaler`` can stand for: 2 (whole) → (1,5; 2,5)."""
    half = 0.5 * 10 ** (-int(desimaler))
    return float(verdi) - half, float(verdi) + half


def ratio_comparison_display(a: Analysis) -> pd.DataFrame:
    """Published against computed, compared at the published figure's precision: a source
    figure given as a whole number is shown whole, beside the computed value rounded the
    same way, and the verdict says at which precision they agree."""
    c = a.ratio_comparison
    dec = [int(d) for d in c["desimaler"]]
    verdict = [("–" if pd.isna(v) else ("Ja" if v else "Nei") + f", på {precision_words(d)}")
               for v, d in zip(c["stemmer"], dec, strict=True)]
    return pd.DataFrame({
        "År": c["aar"].astype(str),
        "Publisert": [fmt_number(v, d) + (" (avrundet)" if d < 2 else "")
                      for v, d in zip(c["publisert"], dec, strict=True)],
        "Beregnet": c["beregnet"].map(lambda v: fmt_number(v, 2)),
        "Beregnet, avrundet som kilden": [fmt_number(v, d) for v, d in
                                          zip(c["beregnet_avrundet"], dec, strict=True)],
        "Stemmer": verdict,
    })


def cost_display(a: Analysis) -> pd.DataFrame:
    py = a.cost.per_year
    return pd.DataFrame({
        "År": py["aar"].astype(str),
        "Kostnad (1000 kr)": py["kostnad_1000kr"],
        "Endring fra året før (1000 kr)": py["endring_fra_forrige_1000kr"].map(
            lambda v: fmt_number(v, 0, sign=True)),
        f"Endring fra {a.start} (1000 kr)": py["endring_fra_start_1000kr"].map(
            lambda v: fmt_number(v, 0, sign=True)),
    })


def cost_missing_text(a: Analysis) -> str:
    """What to add for the demographic cost pressure (Markdown)."""
    groups = ", ".join(f"`{g}`" for g in (a.wide.columns if a.wide is not None else []))
    where = ("Filen finnes, men har ingen rader for " + a.kommune.navn + ". "
             if a.has_cost_file else "")
    return Note(
        "**Demografisk kostnadspress kan ikke regnes ut.** Kostnaden per innbygger i hver "
        "aldersgruppe (for eksempel barnehage per innbygger 1–5 år, grunnskole per innbygger "
        "6–15 år og pleie og omsorg per innbygger 67 år og eldre) er ikke med i grunnlaget.",
        f"Demografisk kostnadspress: {where}Legg inn "
        "`data/befolkning_kostnad_aldersgruppe.csv` med kolonnene kommunenummer, aar, "
        "aldersgruppe, alder_fra, alder_til, kr_per_innbygger og kilde – kroner per "
        "innbygger *i aldersgruppen*, f.eks. KOSTRA-tallene for barnehage per innbygger "
        "1–5 år, grunnskole per innbygger 6–15 år og pleie og omsorg per innbygger 67 år "
        f"og eldre. Framskrivningens aldersgrupper er {groups}; en kostnadsgruppe kan dekke "
        "flere av dem (f.eks. `67+`). Se `data/dokumentasjon/befolkning.md`.")


# ---------------------------------------------------------------- charts


def chart_components(a: Analysis) -> alt.LayerChart:
    """Births surplus and net migration per period as stacked bars, folkevekst as points."""
    h = a.history
    labels = [period_label(int(y), int(q)) for y, q in zip(h["aar"], h["til_kvartal"],
                                                           strict=True)]
    parts = {"Fødselsoverskudd": "fodselsoverskudd",
             "Netto innvandring": "netto_innvandring",
             "Netto innenlands flytting": "netto_innenlands"}
    long = pd.concat([pd.DataFrame({"periode": labels, "komponent": name,
                                    "personer": h[col].to_numpy()})
                      for name, col in parts.items()], ignore_index=True)
    order = list(parts)
    # Part-year periods get their note on a second axis line.
    axis = alt.Axis(labelExpr="split(replace(datum.label, ' (', '|('), '|')")
    bars = alt.Chart(long, title="Befolkningsendring etter årsak").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("periode:N", title=None, sort=labels, axis=axis),
        y=alt.Y("personer:Q", title="Personer", axis=alt.Axis(format=",.0f")),
        color=alt.Color("komponent:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[charts.HIGHLIGHT,
                                                             charts.HIGHLIGHT_LIGHT,
                                                             "#d9d9d9"])),
        order=alt.Order("rekkefolge:Q"),
        tooltip=["periode:N", "komponent:N", alt.Tooltip("personer:Q", format=",.0f")],
    ).transform_calculate(rekkefolge=f"indexof({order!r}, datum.komponent)")
    growth = pd.DataFrame({"periode": labels, "personer": h["folkevekst"].to_numpy(),
                           "serie": "Folkevekst"})
    points = alt.Chart(growth).mark_point(shape="diamond", size=70, filled=True,
                                          color="#1a1a1a").encode(
        x=alt.X("periode:N", sort=labels), y="personer:Q",
        shape=alt.Shape("serie:N", title=None, scale=alt.Scale(range=["diamond"])),
        tooltip=["periode:N", alt.Tooltip("personer:Q", title="Folkevekst", format=",.0f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    return (bars + zero + points).resolve_scale(shape="independent").properties(
        width=charts.WIDTH, height=charts.HEIGHT)


def population_axis(folketall: pd.Series) -> tuple[float, float]:
    """The folketall axis: the values with a margin of 30 % of their span (at least 20
    people), widened to whole hundreds; it starts at zero only if the margin reaches it."""
    import math

    lo, hi = float(folketall.min()), float(folketall.max())
    pad = max(20.0, (hi - lo) * 0.3)
    return max(0.0, math.floor((lo - pad) / 100) * 100), math.ceil((hi + pad) / 100) * 100


def chart_population(a: Analysis) -> alt.LayerChart:
    """Registered and projected population (31.12), projection dashed and lighter."""
    s = a.series.copy()
    s["serie"] = s["type"].map({"registrert": "Registrert", "framskrevet": "Framskrevet"})
    # Let the projected line start where the registered one ends.
    reg = s[s["type"] == "registrert"]
    if not reg.empty and (s["type"] == "framskrevet").any():
        bridge = reg.iloc[[-1]].assign(serie="Framskrevet")
        s = pd.concat([s, bridge], ignore_index=True).sort_values(["serie", "aar"])
    order = ["Registrert", "Framskrevet"]
    lo, hi = population_axis(s["folketall"])
    # The change is small beside the level, so the axis does not start at zero; the chart
    # says so in its subtitle (a quantity axis not starting at zero must say it).
    title = alt.TitleParams("Folketall 31.12", subtitle=(
        f"Aksen starter på {fmt_number(lo)} innbyggere, ikke på null." if lo > 0 else ""))
    base = alt.Chart(s, title=title).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("folketall:Q", title="Innbyggere", axis=alt.Axis(format=",.0f"),
                scale=alt.Scale(domain=[lo, hi], zero=False, nice=False)),
        color=alt.Color("serie:N", title=None, sort=order,
                        scale=alt.Scale(domain=order,
                                        range=[charts.HIGHLIGHT, charts.HIGHLIGHT_LIGHT])),
        strokeDash=alt.StrokeDash("serie:N", title=None, sort=order,
                                  scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]])),
        tooltip=[alt.Tooltip("tidspunkt:N", title="Tidspunkt"),
                 alt.Tooltip("folketall:Q", format=",.0f")],
    )
    return (base.mark_line(strokeWidth=3) + base.mark_point(filled=True, size=40)).properties(
        width=charts.WIDTH, height=charts.HEIGHT)


def chart_age_index(a: Analysis) -> alt.LayerChart:
    """Each age group indexed to the first year; service groups dark, others grey."""
    idx = a.index.drop(columns=[TOTAL])
    long = idx.reset_index().melt(id_vars="aar", var_name="gruppe", value_name="indeks")
    long["Aldersgruppe"] = long["gruppe"].map(age_group_label)
    names = [age_group_label(g) for g in idx.columns]
    service = [age_group_label(g) for g in SERVICE_GROUPS if g in idx.columns]
    others = [n for n in names if n not in service]
    domain = service + others
    service_colors = [charts.HIGHLIGHT, "#2e7d32", "#b22222", "#8a5a00"]
    colors = service_colors[:len(service)] + [charts.PEER_SHADES[i % 7]
                                              for i in range(len(others))]
    shape_list = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
                  "triangle-right", "triangle-left"]
    shapes = [shape_list[i % len(shape_list)] for i in range(len(domain))]
    long["_tjeneste"] = long["Aldersgruppe"].isin(service)
    base = alt.Chart(long, title=f"Aldersgruppene i forhold til {a.start} (= 100)").encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("indeks:Q", title="Indeks", scale=alt.Scale(zero=False),
                axis=alt.Axis(format=",.0f")),
        color=alt.Color("Aldersgruppe:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=colors)),
        shape=alt.Shape("Aldersgruppe:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=shapes)),
        tooltip=["Aldersgruppe:N", alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("indeks:Q", format=",.1f")],
    )
    lines = base.mark_line().encode(
        strokeWidth=alt.condition("datum._tjeneste", alt.value(3), alt.value(1.2)),
        strokeDash=alt.condition("datum._tjeneste", alt.value([1, 0]), alt.value([4, 2])),
    )
    ref = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(color="#666666").encode(y="y:Q")
    return (ref + lines + base.mark_point(size=35)).properties(
        width=charts.WIDTH, height=charts.HEIGHT + 40)


def chart_service_groups(a: Analysis) -> alt.Chart:
    """Persons per service-driving age group per year, one small panel each."""
    groups = [g for g in SERVICE_GROUPS if g in a.wide.columns]
    long = a.wide[groups].reset_index().melt(id_vars="aar", var_name="gruppe",
                                             value_name="personer")
    long["Aldersgruppe"] = long["gruppe"].map(
        lambda g: f"{age_group_label(g)} ({SERVICE_GROUPS[g].split(' (')[0]})")
    order = list(dict.fromkeys(long["Aldersgruppe"]))
    years = [int(y) for y in a.wide.index]
    step = 1 if len(years) <= 6 else 2
    return alt.Chart(long).mark_bar(color=charts.HIGHLIGHT).encode(
        x=alt.X("aar:O", title=None, axis=alt.Axis(values=years[::step])),
        y=alt.Y("personer:Q", title="Personer", axis=alt.Axis(format=",.0f")),
        tooltip=["Aldersgruppe:N", alt.Tooltip("aar:O", title="År"), "personer:Q"],
    ).properties(width=charts.WIDTH // 2 - 40, height=130).facet(
        facet=alt.Facet("Aldersgruppe:N", title=None, sort=order), columns=2,
    ).resolve_scale(y="independent")


def chart_ratio(a: Analysis) -> alt.LayerChart:
    """Aldersbæreevne per projection year, with published figures as points."""
    r = ratio_frame(a).assign(serie="Beregnet fra framskrivningen")
    title = "Aldersbæreevne: personer i arbeidsfør alder per eldre"
    base = alt.Chart(r, title=title).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("aldersbaereevne:Q", title="Forholdstall", scale=alt.Scale(zero=True),
                axis=alt.Axis(format=",.1f")),
        tooltip=[alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("aldersbaereevne:Q", format=",.2f")],
    )
    line = base.mark_line(strokeWidth=3).encode(
        color=alt.Color("serie:N", title=None, scale=alt.Scale(range=[charts.HIGHLIGHT])))
    points = base.mark_point(filled=True, size=40, color=charts.HIGHLIGHT)
    labels = base.mark_text(dy=-10, fontSize=10, color="#222222").encode(
        text=alt.Text("aldersbaereevne:Q", format=",.2f"))
    chart = line + points + labels
    pub = a.ratio_comparison
    pub = pub[pub["aar"].isin(r["aar"])]
    if not pub.empty:
        # A published figure is drawn at its precision: a point where it has two decimals
        # (as the computed line), a bar over every value it can stand for where the source
        # rounded more (2 as a whole number covers 1,5–2,5), labelled as written.
        p = pub.assign(serie="Publisert (SSB / økonomiplanen)")
        p["fra"], p["til"] = zip(*[rounding_interval(v, d) for v, d in
                                   zip(p["publisert"], p["desimaler"], strict=True)],
                                 strict=True)
        p["etikett"] = [f"Publisert: {fmt_number(v, int(d))} (avrundet til "
                        f"{precision_words(d)})"
                        for v, d in zip(p["publisert"], p["desimaler"], strict=True)]
        exact = p[p["desimaler"] >= 2]
        rounded = p[p["desimaler"] < 2]
        tooltip = [alt.Tooltip("aar:O", title="År"), alt.Tooltip("etikett:N", title="Publisert")]
        if not exact.empty:
            chart = chart + alt.Chart(exact).mark_point(
                size=90, filled=False, strokeWidth=2, color=charts.THRESHOLD).encode(
                x=alt.X("aar:O"), y="publisert:Q",
                shape=alt.Shape("serie:N", title=None, scale=alt.Scale(range=["square"])),
                tooltip=tooltip)
        if not rounded.empty:
            band = alt.Chart(rounded).encode(x=alt.X("aar:O"), tooltip=tooltip)
            chart = (chart
                     + band.mark_bar(size=14, opacity=0.25, color=charts.THRESHOLD,
                                     stroke=charts.THRESHOLD, strokeWidth=1.5).encode(
                         y="fra:Q", y2="til:Q")
                     + band.mark_text(dx=-12, dy=-4, align="right", baseline="bottom",
                                      fontSize=10, color=charts.THRESHOLD).encode(
                         y="fra:Q", text=alt.Text("etikett:N")))
    return chart.properties(width=charts.WIDTH, height=charts.HEIGHT)


def chart_cost(a: Analysis) -> alt.LayerChart:
    """Change in cost against the first year, 1000 kr, as bars."""
    py = a.cost.per_year.copy()
    bars = alt.Chart(py, title=f"Endring i kostnad fra {a.start}, faste priser").mark_bar(
        stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("aar:O", title=None),
        y=alt.Y("endring_fra_start_1000kr:Q", title="1000 kr", axis=alt.Axis(format=",.0f")),
        color=alt.condition("datum.endring_fra_start_1000kr > 0", alt.value(charts.NEGATIVE),
                            alt.value("#b3b3b3")),
        tooltip=[alt.Tooltip("aar:O", title="År"),
                 alt.Tooltip("endring_fra_start_1000kr:Q", title="1000 kr", format=",.0f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#1a1a1a").encode(y="y:Q")
    return (bars + zero).properties(width=charts.WIDTH, height=charts.HEIGHT)


# ---------------------------------------------------------------- commentary


def _people(n: float) -> str:
    n = int(round(n))
    return f"{fmt_number(abs(n), 0)} {'person' if abs(n) == 1 else 'personer'}"


def commentary_history(a: Analysis) -> str:
    """What happened to the population in the history, from the figures (Markdown)."""
    h = full_years(a.history)
    if h.empty:
        return ""
    first, last = h.iloc[0], h.iloc[-1]
    change = int(last["folketall_slutt"] - first["folketall_start"])
    births = int(h["fodselsoverskudd"].sum())
    migration = int(h["netto_innvandring_flytting"].sum())
    neg_births = int((h["fodselsoverskudd"] < 0).sum())
    y0, y1 = int(first["aar"]), int(last["aar"])
    direction = "økte" if change > 0 else "falt" if change < 0 else "var uendret"
    text = [f"Fra 1.1.{y0} til 31.12.{y1} {direction} folketallet i {a.kommune.navn}"
            + (f" med {_people(change)}" if change else "")
            + f", fra {fmt_number(first['folketall_start'])} til "
              f"{fmt_number(last['folketall_slutt'])}."]
    text.append(
        f"Det ble født færre enn det døde i {neg_births} av {len(h)} år; samlet var "
        f"fødselsoverskuddet {fmt_number(births, 0, sign=True)}. Innvandring og innenlands "
        f"flytting ga til sammen {fmt_number(migration, 0, sign=True)}"
        + (", og det er flyttingen som holder folketallet oppe." if births < 0 < migration
           else "."))
    worst = h.loc[h["folkevekst"].idxmin()]
    best = h.loc[h["folkevekst"].idxmax()]
    text.append(f"Størst nedgang var det i {int(worst['aar'])} "
                f"({fmt_number(worst['folkevekst'], 0, sign=True)}), størst vekst i "
                f"{int(best['aar'])} ({fmt_number(best['folkevekst'], 0, sign=True)}).")
    part = a.history[a.history["til_kvartal"] < 4]
    for _, r in part.iterrows():
        text.append(f"For {period_label(int(r['aar']), int(r['til_kvartal']))} er "
                    f"folkeveksten {fmt_number(r['folkevekst'], 0, sign=True)}, men det "
                    "gjelder bare en del av året.")
    return " ".join(text)


def commentary_checks(a: Analysis) -> str:
    """How well the components and totals agree (Markdown)."""
    c = a.checks
    comp = c[c["kontroll"] == "komponenter"]
    other = c[c["kontroll"] != "komponenter"]
    n = len(a.history)
    if c.empty:
        return (f"Komponentene summerer til folkeveksten i alle {n} periodene, og hver "
                "periode starter der den forrige sluttet.")
    text = []
    if not comp.empty:
        biggest = int(comp["avvik"].abs().max())
        text.append(
            f"Folkeveksten (endringen i folketallet) er ikke lik summen av fødselsoverskudd og "
            f"netto innvandring og flytting i {len(comp)} av {n} perioder "
            f"({fmt_list([str(y) for y in comp['aar']])}); største avvik er "
            f"{_people(biggest)}.")
        if biggest <= 2:
            text.append("Så små avvik skyldes som regel at hendelser registreres etter at "
                        "folketallet er talt opp, og har ingen betydning for tolkningen.")
    if not other.empty:
        text.append(f"**{len(other)} andre avvik** mellom folketall i tabellen og "
                    "folketallet ved periodens start eller det registrerte folketallet ved "
                    "årets slutt – se tabellen.")
    else:
        text.append("Hver periode starter der den forrige sluttet"
                    + (", og folketallet ved årets slutt er det samme som det registrerte "
                       "folketallet." if a.data.get("folketall") is not None else "."))
    return " ".join(text)


def commentary_projection(a: Analysis) -> str:
    """The projection's main message (Markdown)."""
    w = with_total(a.wide)
    first, last = w.iloc[0], w.iloc[-1]
    total_change = int(last[TOTAL] - first[TOTAL])
    alt_name = ALTERNATIV_NAVN.get(a.alternativ or "", a.alternativ or "")
    text = [f"Framskrivningen ({alt_name}) gir {fmt_number(last[TOTAL])} innbyggere 1.1.{a.end}"
            + (f", {fmt_number(abs(total_change))} {'færre' if total_change < 0 else 'flere'} "
               f"enn 1.1.{a.start}" if total_change else f", like mange som 1.1.{a.start}")
            + (" – nesten uendret i antall, men sammensetningen endrer seg mye."
               if abs(total_change) < 0.01 * first[TOTAL] else ".")]
    idx = a.index.drop(columns=[TOTAL]).iloc[-1] - 100
    up = idx[idx > 0].sort_values(ascending=False)
    down = idx[idx < 0].sort_values()
    if not up.empty:
        text.append("Vokser: " + fmt_list([
            f"{age_group_label(g)} ({fmt_pct(v, 0, sign=True)}, "
            f"{fmt_number(w[g].iloc[-1] - w[g].iloc[0], 0, sign=True)})" for g, v in up.items()])
            + ".")
    if not down.empty:
        text.append("Krymper: " + fmt_list([
            f"{age_group_label(g)} ({fmt_pct(v, 0, sign=True)}, "
            f"{fmt_number(w[g].iloc[-1] - w[g].iloc[0], 0, sign=True)})"
            for g, v in down.items()]) + ".")
    s = service_groups_frame(a)
    young = s[s["aldersgruppe"].isin(["1-5", "6-15"])]
    old = s[s["aldersgruppe"].isin(["80-89", "90+"])]
    if not young.empty and not old.empty:
        dy, do = int(young["endring"].sum()), int(old["endring"].sum())
        text.append(
            f"For tjenestene betyr det {fmt_number(abs(dy))} {'færre' if dy < 0 else 'flere'} "
            f"barn i barnehage- og grunnskolealder og {fmt_number(abs(do))} "
            f"{'flere' if do > 0 else 'færre'} innbyggere over 80 år i {a.end} enn i {a.start}"
            + (": behovet flytter fra oppvekst til omsorg." if dy < 0 < do else "."))
    return " ".join(text)


def commentary_ratio(a: Analysis) -> str:
    """Aldersbæreevne now and at the end of the period, against published figures."""
    r = a.ratio
    text = [f"Med {_groups_text(a.working)} som arbeidsfør alder og {_groups_text(a.elderly)} "
            f"som eldre er aldersbæreevnen {fmt_number(r.iloc[0], 2)} i {a.start} og "
            f"{fmt_number(r.iloc[-1], 2)} i {a.end}, en nedgang på "
            f"{fmt_pct((1 - r.iloc[-1] / r.iloc[0]) * 100, 0)}."
            if r.iloc[-1] < r.iloc[0] else
            f"Aldersbæreevnen går fra {fmt_number(r.iloc[0], 2)} i {a.start} til "
            f"{fmt_number(r.iloc[-1], 2)} i {a.end}."]
    if r.iloc[-1] < r.iloc[0]:
        per_elder = 1 / r.iloc[-1] - 1 / r.iloc[0]
        text.append(f"Det blir {fmt_number(per_elder * 100, 0)} flere eldre per 100 personer "
                    f"i arbeidsfør alder ({fmt_number(100 / r.iloc[-1], 0)} mot "
                    f"{fmt_number(100 / r.iloc[0], 0)}).")
    c = a.ratio_comparison
    earlier = c[c["aar"] < a.start]
    if not earlier.empty:
        e = earlier.iloc[0]
        text.append(f"Til sammenligning var den publiserte aldersbæreevnen "
                    f"{fmt_number(e['publisert'], int(e['desimaler']))} i {int(e['aar'])}.")
    inside = c[c["stemmer"].notna()]
    if not inside.empty:
        wrong = inside[inside["stemmer"] == False]  # noqa: E712
        if wrong.empty:
            text.append("Utregningen stemmer med de publiserte tallene for "
                        f"{fmt_list([str(y) for y in inside['aar']])} (avrundet som i kilden).")
            for r in inside[inside["desimaler"] < 2].itertuples():
                lo, hi = rounding_interval(r.publisert, r.desimaler)
                text.append(f"Tallet for {int(r.aar)} er oppgitt avrundet til "
                            f"{precision_words(r.desimaler)} "
                            f"({fmt_number(r.publisert, int(r.desimaler))}); det sier bare at "
                            f"verdien ligger mellom {fmt_number(lo, int(r.desimaler) + 1)} og "
                            f"{fmt_number(hi, int(r.desimaler) + 1)}, og beregnet verdi er "
                            f"{fmt_number(r.beregnet, 2)}.")
        else:
            text.append("**Utregningen stemmer ikke med de publiserte tallene for "
                        f"{fmt_list([str(y) for y in wrong['aar']])}** – sjekk hvilke "
                        "aldersgrupper som regnes som arbeidsføre og eldre.")
    return " ".join(text)


def commentary_cost(a: Analysis) -> str:
    cp = a.cost
    py = cp.per_year.set_index("aar")
    change = py["endring_fra_start_1000kr"].iloc[-1]
    text = [f"Hvis kostnaden per innbygger i hver aldersgruppe holder seg på nivået fra "
            f"{cp.cost_year}, endrer utgiftene seg med {fmt_mill(change, 1, sign=True)} fra "
            f"{a.start} til {a.end} bare på grunn av befolkningsendringene."]
    if cp.uncovered:
        text.append("Aldersgrupper uten kostnadstall er holdt utenfor: "
                    + fmt_list([age_group_label(g) for g in cp.uncovered]) + ".")
    return " ".join(text)


def commentary(a: Analysis) -> str:
    """The summary at the top of the report (Markdown)."""
    parts = []
    if a.history is not None:
        parts.append(commentary_history(a))
    if a.wide is not None:
        parts.append(commentary_projection(a))
        parts.append(commentary_ratio(a))
    if a.cost is not None:
        parts.append(commentary_cost(a))
    return "\n\n".join(p for p in parts if p)
