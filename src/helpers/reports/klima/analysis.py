"""The klima report's analysis: what the report shows, computed once from the
data and the model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune
from helpers.data.specs.klima import TILTAK_TYPER
from helpers.presentation.formatting import fmt_list, fmt_number, fmt_pct, md_text
from helpers.presentation.merknad import Note
from helpers.reports.klima.emissions import (
    BANE_REFERANSE,
    BANE_TILTAK,
    budget_for_year,
    comparison_table,
    measure_table,
    per_capita,
    plan_years_covered,
    sector_table,
    select_measures,
    source_table,
    years,
)
from helpers.reports.klima.paths import (
    Gap,
    ReferenceMethod,
    emission_paths,
    reduction_target,
    reference_path,
    target_gap,
)

TYPE_NAVN = {"direkte": "Direkte", "indirekte": "Indirekte", "totalt": "Totalt"}


METODE_NAVN = {"flat": "flat", "endring": "fast endring per år", "trend": "lineær trend"}


@dataclass
class Analysis:
    """Everything the klimabudsjett report shows, computed once by :func:`analyse`."""

    kommune: Kommune
    peers: list[Kommune]
    budsjettaar: int
    plan_years: list[int]
    method: ReferenceMethod
    types: list[str]
    long_term_after_table: bool
    end_year: int
    emission_year: int | None
    sectors: pd.DataFrame
    sources: pd.DataFrame
    comparison: pd.DataFrame
    per_capita: pd.DataFrame
    measures: pd.DataFrame
    reductions: pd.DataFrame
    measure_budget_year: int | None
    targets: pd.DataFrame
    target: dict | None
    paths: pd.DataFrame
    gap: Gap
    data: dict[str, pd.DataFrame] = field(repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def has_measures(self) -> bool:
        return not self.measures.empty

    @property
    def peer_numbers(self) -> list[str]:
        return [p.kommunenummer for p in self.peers]


def make_method(metode: str = "flat", endring_pst: Mapping[str, float] | None = None,
                endring_alle_pst: float = 0.0, trendaar: int = 5) -> ReferenceMethod:
    """The reference-path method from the notebook's parameters."""
    if metode == "endring" and endring_pst:
        return ReferenceMethod("endring", dict(endring_pst), trendaar, endring_alle_pst)
    if metode == "endring":
        return ReferenceMethod("endring", endring_alle_pst, trendaar)
    return ReferenceMethod(metode, 0.0, trendaar)


def analyse(data: Mapping[str, pd.DataFrame], kommune: str, budsjettaar: int = 2024,
            sammenligning: list[str] | None = None, planperiode_aar: int = 4,
            method: ReferenceMethod | None = None,
            tiltak_typer: Iterable[str] = TILTAK_TYPER, langsiktig_etter_tabell: bool = True,
            mal: str = "", sluttaar: int = 2030) -> Analysis:
    """Compute everything the report shows."""
    from helpers.data.coverage import missing_years_text, require_year
    from helpers.data.kommuner import comparison, resolve

    data = data if isinstance(data, dict) else dict(data)  # keeps hop build's read tracking
    k = resolve(data["kommuner"], kommune)
    peers = comparison(data["kommuner"], k, sammenligning)
    types = [t for t in tiltak_typer if t in TILTAK_TYPER]
    unknown = [t for t in tiltak_typer if t not in TILTAK_TYPER]
    if unknown:
        raise ValueError(f"Ukjent type tiltak {unknown}; bruk «direkte» og/eller «indirekte»")
    method = method or ReferenceMethod()
    utslipp = data["klima_utslipp"]
    knr = k.kommunenummer
    yrs = years(utslipp, knr)
    emission_year = yrs[-1] if yrs else None
    notes = []
    if method.method == "trend" and yrs:
        try:
            reference_path(utslipp, knr, yrs[-1] + 1, method)
        except ValueError as exc:
            notes.append(f"Referansebanen kan ikke følge trenden for {k.navn}: {exc}. Banen er "
                         "derfor holdt flat.")
            method = ReferenceMethod("flat")
    sectors = sector_table(utslipp, knr, emission_year) if yrs else pd.DataFrame()
    sources = source_table(utslipp, knr, emission_year) if yrs else pd.DataFrame()
    # Compare in the chosen municipality's latest year (the peers' figures for that year).
    nrs = [knr] + [p.kommunenummer for p in peers]
    cmp_ = comparison_table(utslipp, nrs, emission_year) if yrs else pd.DataFrame()
    pc = per_capita(utslipp, data.get("folketall"), nrs, emission_year) if yrs \
        else pd.DataFrame()
    # A budget year no climate budget covers stops the report; a plan period it only
    # partly covers is said on page 1.
    covered = plan_years_covered(data["klima_tiltak"], knr)
    if covered:
        what = f"klimabudsjettene for {k.navn}"
        budsjettaar = require_year("budsjettaar", budsjettaar, covered, what)
        gap_note = missing_years_text(range(budsjettaar, budsjettaar + planperiode_aar),
                                      covered, what, "Planperioden")
        if gap_note:
            notes.append(gap_note)
    t, r = select_measures(data["klima_tiltak"], data["klima_tiltak_reduksjon"], knr,
                           budget_for_year(data["klima_tiltak"], knr, budsjettaar))
    mb_year = int(t["budsjettaar"].iloc[0]) if not t.empty else None
    targets = data["klima_mal"][data["klima_mal"]["kommunenummer"] == knr].reset_index(drop=True)
    target = reduction_target(data["klima_mal"], knr, mal or None)
    end_year = max([sluttaar, budsjettaar + planperiode_aar - 1]
                   + ([target["maalaar"]] if target else []))
    paths = (emission_paths(utslipp, t, r, knr, end_year, method, types, target,
                            langsiktig_etter_tabell) if yrs else pd.DataFrame(
        columns=["aar", "bane", "verdi"]))
    gap = target_gap(utslipp, t, r, knr, target, method, types, langsiktig_etter_tabell)
    return Analysis(
        kommune=k, peers=peers, budsjettaar=budsjettaar,
        plan_years=list(range(budsjettaar, budsjettaar + planperiode_aar)), method=method,
        types=types, long_term_after_table=langsiktig_etter_tabell, end_year=end_year,
        emission_year=emission_year, sectors=sectors, sources=sources, comparison=cmp_,
        per_capita=pc, measures=t, reductions=r, measure_budget_year=mb_year,
        targets=targets, target=target, paths=paths, gap=gap, data=data, notes=notes,
    )


def _t(v: float | None, decimals: int = 1) -> str:
    return fmt_number(v, decimals)


def _names(a: Analysis) -> dict[str, str]:
    return dict(zip(a.data["kommuner"]["kommunenummer"], a.data["kommuner"]["navn"],
                    strict=True))


def measures_display(a: Analysis, typ: str) -> pd.DataFrame:
    """One type's measures: costs (1000 kr) and reduction per plan year (tonnes)."""
    tab = measure_table(a.measures, a.reductions, typ)
    if tab.empty:
        return pd.DataFrame()
    y0 = a.measure_budget_year or a.budsjettaar
    p_end = y0 + len(a.plan_years) - 1
    years_ = [y for y in a.plan_years if y in tab.columns]
    out = pd.DataFrame({
        "Tiltak": tab["tiltak"],
        "Sektor": tab["sektor"],
        f"Kostnad {y0}": tab["kostnad_budsjettaar"].map(lambda v: fmt_number(v, 0)),
        f"Kostnad {y0}–{p_end}": tab["kostnad_planperiode"].map(lambda v: fmt_number(v, 0)),
    })
    for y in years_:
        out[str(y)] = tab[y].map(_t)
    out["Langsiktig"] = tab["reduksjon_langsiktig"].map(_t)
    return out


def measures_all_zero(a: Analysis, typ: str) -> pd.Series:
    """Per row of :func:`measures_display`: True when every number of the measure (costs,
    the yearly and the long-term reduction) is 0 or missing."""
    tab = measure_table(a.measures, a.reductions, typ)
    if tab.empty:
        return pd.Series(dtype=bool)
    numbers = ["kostnad_budsjettaar", "kostnad_planperiode", "reduksjon_langsiktig",
               *[y for y in a.plan_years if y in tab.columns]]
    return (tab[numbers].astype(float).fillna(0) == 0).all(axis=1)


def measures_print(a: Analysis, typ: str) -> tuple[pd.DataFrame, str]:
    """The measures of one type for print, where a long list of rows that are all 0 says
    nothing: the rows with at least one number other than 0 (a table, maybe empty), and
    one sentence naming the others compactly, by sector (issue 11). The HTML keeps the
    whole table (:func:`measures_display`)."""
    full = measures_display(a, typ)
    if full.empty:
        return full, ""
    zero = measures_all_zero(a, typ).to_numpy()
    shown = full[~zero].reset_index(drop=True)
    rest = full[zero]
    if rest.empty:
        return shown, ""
    groups = []
    for sector, names in rest.groupby("Sektor", sort=True)["Tiltak"]:
        groups.append(f"*{md_text(sector)}:* " + "; ".join(md_text(n.strip()) for n in names))
    n, total = len(rest), len(full)
    lead = (f"Alle de {total} tiltakene" if n == total
            else f"{n} av de {total} tiltakene")
    return shown, (f"{lead} for {typ} utslipp har 0 i alle "
                   "tallene (ingen kostnad og ingen beregnet reduksjon). De er: "
                   + ". ".join(groups) + ".")


def measures_description(a: Analysis) -> pd.DataFrame:
    """The measures that have a description, with owner and rammeområde."""
    t = a.measures
    if t.empty:
        return pd.DataFrame()
    t = t[t["beskrivelse"] != ""]
    return pd.DataFrame({
        "Tiltak": t["tiltak"],
        "Type": t["type"].map(TYPE_NAVN),
        "Rammeområde": t["rammeomraade"].replace("", "–"),
        "Beskrivelse": t["beskrivelse"],
    })


def path_assumptions(a: Analysis, drawn: bool = True) -> str:
    """Every assumption behind the chart, for the text under it (``drawn`` False: the
    paths are said in words instead, so nothing refers to a chart)."""
    parts = []
    if a.emission_year is not None:
        yrs = years(a.data["klima_utslipp"], a.kommune.kommunenummer)
        hist = (f"Historiske utslipp: Miljødirektoratets tall for {yrs[0]}–{yrs[-1]}"
                if len(yrs) > 1 else
                f"Historiske utslipp: bare ett år med tall ({yrs[0]})"
                + (", så grafen viser ingen historisk utvikling" if drawn else ""))
        parts.append(hist + ".")
    parts.append(a.method.describe() + f" Banen går til {a.end_year}.")
    if a.has_measures:
        typer = fmt_list([TYPE_NAVN[t].lower() for t in a.types]) or "ingen"
        txt = (f"Banen med tiltak trekker fra beregnet reduksjon for {typer} tiltak i "
               f"klimabudsjettet for {a.measure_budget_year}, utover det tiltakene alt ga i "
               "siste år med utslippstall.")
        if a.long_term_after_table:
            txt += " Etter siste år i tiltakstabellen brukes tiltakets langsiktige reduksjon."
        else:
            txt += " Etter siste år i tiltakstabellen regnes ingen reduksjon."
        if "indirekte" in a.types:
            txt += (" Indirekte tiltak kutter utslipp utenfor kommunen (f.eks. fra produksjon av "
                    "varer) og vil ikke synes i Miljødirektoratets tall, så banen med tiltak er "
                    "optimistisk.")
        parts.append(txt)
        wide = a.paths.pivot(index="aar", columns="bane", values="verdi")
        if {BANE_REFERANSE, BANE_TILTAK} <= set(wide.columns):
            end = wide[[BANE_REFERANSE, BANE_TILTAK]].dropna().iloc[-1]
            diff = end[BANE_REFERANSE] - end[BANE_TILTAK]
            if drawn and end[BANE_REFERANSE] and abs(diff) < 0.01 * end[BANE_REFERANSE]:
                parts.append(
                    f"I {int(end.name)} skiller banen med tiltak seg fra referansebanen med "
                    f"{_t(diff)} tonn ({fmt_pct(diff / end[BANE_REFERANSE] * 100, 2)}), så de "
                    "to linjene ligger nesten oppå hverandre.")
    else:
        parts.append(f"Det finnes ingen klimatiltak for {a.kommune.navn} i dataene, så banen "
                     "med tiltak mangler.")
    if a.target is not None:
        if a.gap.malnivaa is not None:
            parts.append(f"Målbanen går i rett linje fra siste kjente utslipp til målnivået i "
                         f"{a.target['maalaar']} ({fmt_pct(a.target['reduksjon_pst'], 0)} under "
                         f"{a.target['basisaar']}).")
        else:
            parts.append(f"Målbanen mangler fordi utslippet i basisåret {a.target['basisaar']} "
                         "ikke finnes i dataene.")
    return " ".join(parts)


def missing_data(a: Analysis) -> list[str]:
    """Plain statements of what the data lack, and how to add it (what the gap lacks is
    in ``a.gap.mangler``, shown with the gap)."""
    k = a.kommune
    out = []
    if a.emission_year is None:
        out.append(Note(
            f"Grunnlaget har ingen utslippstall for {k.navn}.",
            f"Ingen utslippstall for {k.navn} i `data/klima_utslipp.csv`. Legg inn "
            "Miljødirektoratets tall per sektor (kolonnene kommunenummer, aar, sektor, verdi i "
            "tonn CO2-ekvivalenter, datatype statistikk, kilde)."))
    else:
        yrs = years(a.data["klima_utslipp"], k.kommunenummer)
        if len(yrs) == 1:
            out.append(Note(
                f"Utslippstallene for {k.navn} i grunnlaget gjelder bare {yrs[0]}, så "
                "rapporten kan ikke vise historisk utvikling eller trend.",
                "Miljødirektoratet publiserer utslippsserien fra 2009; legg inn alle årene i "
                "`data/klima_utslipp.csv` for å få historisk utvikling, trend og målnivå."))
        missing_pc = [p for p in a.per_capita.itertuples(index=False)
                      if pd.isna(p.tonn_per_innbygger)]
        if missing_pc:
            names = _names(a)
            who = fmt_list([names[p.kommunenummer] for p in missing_pc])
            out.append(Note(
                f"Folketallet for {a.emission_year} er ikke med i grunnlaget for {who}, så "
                "utslipp per innbygger vises bare der folketallet er kjent.",
                f"Folketall for {a.emission_year} mangler for {who} i `data/folketall.csv`."))
        peers_missing = [p.navn for p in a.peers
                         if p.kommunenummer not in a.comparison.columns]
        if peers_missing:
            out.append(f"Utslippstall for {a.emission_year} mangler for "
                       f"{fmt_list(peers_missing)}.")
    if not a.has_measures:
        out.append(Note(
            f"Grunnlaget har ingen klimatiltak for {k.navn}.",
            f"Ingen klimatiltak for {k.navn} i `data/klima_tiltak.csv` og "
            "`data/klima_tiltak_reduksjon.csv`."))
    elif a.measure_budget_year != a.budsjettaar:
        out.append(f"Klimatiltakene for budsjettåret {a.budsjettaar} finnes ikke; rapporten viser "
                   f"tiltakene fra klimabudsjettet for {a.measure_budget_year}.")
    return out + a.notes
