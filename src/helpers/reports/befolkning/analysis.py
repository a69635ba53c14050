"""The befolkning report's analysis: what the report shows, computed once from the
data and the model."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kommuner import Kommune, resolve
from helpers.presentation.formatting import fmt_list, fmt_number
from helpers.presentation.merknad import Note
from helpers.reports.befolkning.population import (
    ALTERNATIV_NAVN,
    DEFAULT_ELDERLY,
    DEFAULT_WORKING_AGE,
    CostPressure,
    age_group_label,
    aldersbaereevne,
    aldersbaereevne_comparison,
    demographic_cost,
    growth_index,
    history_checks,
    history_table,
    population_series,
    projection_base_check,
    projection_checks,
    projection_long,
    projection_wide,
    with_total,
)


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


def _people(n: float) -> str:
    n = int(round(n))
    return f"{fmt_number(abs(n), 0)} {'person' if abs(n) == 1 else 'personer'}"


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
