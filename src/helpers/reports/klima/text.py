"""The klima report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

import pandas as pd

from helpers.data.specs.klima import TILTAK_TYPER, TOTALT
from helpers.presentation.formatting import fmt_1000kr, fmt_list, fmt_number, fmt_pct
from helpers.reports import claims
from helpers.reports.klima.analysis import TYPE_NAVN, Analysis, _t
from helpers.reports.klima.emissions import long_term_by_type, measure_counts, reductions_by_year


def maintainer_notes(a: Analysis) -> list[str]:
    """The parameters that change this report's result (for the maintainer only)."""
    return [
        "Referansebanen velges med parameteren `referansebane_metode` (flat, endring eller "
        "trend; med `referansebane_endring_pst`, `referansebane_endring_alle_pst` og "
        "`referansebane_trendaar`); tiltakene som trekkes fra, med `tiltak_typer` og "
        "`langsiktig_etter_tabell`; målet med `mal`, og grafens siste år med `sluttaar`.",
    ]


def commentary(a: Analysis) -> str:
    """A few sentences generated from the figures."""
    k = a.kommune
    parts = []
    if a.emission_year is not None and not a.sectors.empty:
        s = a.sectors[a.sectors["sektor"] != TOTALT].sort_values("verdi", ascending=False)
        total = float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
        top = s.head(3)
        lead = (f"I {a.emission_year} var klimagassutslippene i {k.navn} "
                f"{_t(total)} tonn CO2-ekvivalenter. ")
        lead += (f"Den største sektoren var {top.iloc[0]['sektor'].lower()} med "
                 f"{fmt_pct(top.iloc[0]['andel_pst'])} av utslippene")
        if len(top) > 1:
            rest = [f"{r.sektor.lower()} ({fmt_pct(r.andel_pst)})"
                    for r in top.iloc[1:].itertuples(index=False)]
            lead += f", fulgt av {fmt_list(rest)}"
        parts.append(lead + ".")
        pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
        if not pd.isna(pc.get(k.kommunenummer)):
            parts.append(f"Det tilsvarer {fmt_number(pc[k.kommunenummer], 1)} tonn per "
                         "innbygger.")
        if len(a.comparison.columns) > 1:
            tot = a.comparison.loc[TOTALT].sort_values()
            rank = list(tot.index).index(k.kommunenummer) + 1
            parts.append(f"Av de {len(tot)} kommunene i sammenligningen har {k.navn} "
                         + ("lavest" if rank == 1 else "høyest" if rank == len(tot)
                            else "nest lavest" if rank == 2 else f"nummer {rank} lavest")
                         + " samlet utslipp.")
    if a.has_measures:
        c = measure_counts(a.measures, a.reductions).set_index("type")
        n, q = int(c.loc["totalt", "antall"]), int(c.loc["totalt", "kvantifisert"])
        txt = (f"Klimabudsjettet for {a.measure_budget_year} har {n} tiltak "
               f"({int(c.loc['direkte', 'antall'])} for direkte og "
               f"{int(c.loc['indirekte', 'antall'])} for indirekte utslipp). ")
        if q == 0:
            txt += "Ingen av dem har en beregnet utslippseffekt."
        else:
            kinds = [TYPE_NAVN[t].lower() for t in TILTAK_TYPER if c.loc[t, "kvantifisert"]]
            txt += (f"Bare {q} av dem har en beregnet utslippseffekt"
                    + (f", alle for {kinds[0]} utslipp" if len(kinds) == 1 else "") + ".")
        parts.append(txt)
        by = reductions_by_year(a.measures, a.reductions).set_index("aar")
        y = a.measure_budget_year
        lt = long_term_by_type(a.measures).set_index("type")
        if y in by.index and not pd.isna(by.loc[y, "totalt"]):
            total = (float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
                     if a.emission_year is not None and not a.sectors.empty else None)
            red = float(by.loc[y, "totalt"])
            long_term = lt.loc["totalt", "reduksjon_langsiktig"]
            # Each share is computed from the figure it stands beside.
            first = tonnes_with_share(red, total, a.emission_year, first=True)
            second = tonnes_with_share(long_term, total, a.emission_year)
            parts.append(f"Til sammen gir tiltakene {first} lavere utslipp i {y} og "
                         f"{second} lavere per år på lang sikt.")
        cost = lt.loc["totalt", "kostnad_planperiode"]
        if not pd.isna(cost) and cost == 0:
            parts.append("Ingen av tiltakene har kostnader ført opp i planperioden.")
        elif not pd.isna(cost):
            parts.append(f"Tiltakene har kostnader på {fmt_1000kr(cost)} (1000 kr) i "
                         "planperioden.")
    g = a.gap
    if g.known:
        if g.gap > 0:
            parts.append(
                f"For å nå målet om {fmt_pct(g.mal_reduksjon_pst, 0)} kutt fra {g.basisaar} "
                f"må utslippet i {g.maalaar} ned til {_t(g.malnivaa)} tonn. Med tiltakene "
                f"gjenstår et gap på **{_t(g.gap)} tonn** "
                f"({fmt_number(g.gap_pp, 1)} prosentpoeng).")
        else:
            parts.append(f"Med tiltakene ligger utslippet i {g.maalaar} " + claims.direction(
                -g.gap, f"{_t(-g.gap)} tonn under målnivået.", "", "på målnivået."))
    elif a.target is not None:
        parts.append(f"Hvor langt unna målet om {fmt_pct(a.target['reduksjon_pst'], 0)} kutt "
                     f"fra {a.target['basisaar']} til {a.target['maalaar']} kommunen er, kan "
                     f"ikke regnes ut før utslippet i {a.target['basisaar']} er lagt inn.")
    return " ".join(parts)


def emission_share_pst(tonnes: float | None, total: float | None) -> float | None:
    """``tonnes`` as a percentage of the total emissions (None when either is unknown or
    the total is not positive)."""
    if tonnes is None or total is None or pd.isna(tonnes) or pd.isna(total) or total <= 0:
        return None
    return float(tonnes) / float(total) * 100


def tonnes_with_share(tonnes: float, total: float | None, emission_year: int | None,
                      first: bool = False) -> str:
    """'5,3 tonn (0,02 % av utslippene i 2021)': the amount and its own share of the
    emissions. ``first`` names the year; later figures in the same sentence say 'av
    utslippene' only. Without a total, just the amount."""
    share = emission_share_pst(tonnes, total)
    text = f"{_t(tonnes)} tonn"
    if share is None:
        return text
    where = f"av utslippene i {emission_year}" if first else "av utslippene"
    return f"{text} ({fmt_pct(share, 2)} {where})"


def keyfacts(a: Analysis) -> list[tuple[str, str]]:
    items = []
    if not a.sectors.empty:
        total = float(a.sectors.loc[a.sectors["sektor"] == TOTALT, "verdi"].iloc[0])
        items.append((_t(total), f"tonn CO2-ekv. i {a.emission_year}"))  # as in the text
        pc = a.per_capita.set_index("kommunenummer")["tonn_per_innbygger"]
        if not pd.isna(pc.get(a.kommune.kommunenummer)):
            items.append((fmt_number(pc[a.kommune.kommunenummer], 1), "tonn per innbygger"))
    if a.has_measures:
        c = measure_counts(a.measures, a.reductions).set_index("type")
        items.append((f"{int(c.loc['totalt', 'kvantifisert'])} av "
                      f"{int(c.loc['totalt', 'antall'])}", "tiltak med beregnet effekt"))
        lt = long_term_by_type(a.measures).set_index("type")
        items.append((_t(lt.loc["totalt", "reduksjon_langsiktig"]),
                      "tonn langsiktig reduksjon per år"))
    if a.gap.known:
        items.append((_t(a.gap.gap, 0), f"tonn gap mot målet i {a.gap.maalaar}"))
    return items


def flat_paths_text(a: Analysis, share_limit_pst: float = 1.0) -> str:
    """Why the emission paths are not drawn, when a chart would show lines on top of each
    other: the data have emissions for one year only (so the reference path is flat at it)
    and the measures move the path by less than ``share_limit_pst`` % of it. Empty when the
    chart tells something."""
    from helpers.reports.klima.emissions import BANE_HISTORIE, BANE_REFERANSE, BANE_TILTAK

    p = a.paths
    if p.empty:
        return ""
    hist = p[p["bane"] == BANE_HISTORIE].dropna(subset=["verdi"])
    ref = p[p["bane"] == BANE_REFERANSE].set_index("aar")["verdi"]
    tilt = p[p["bane"] == BANE_TILTAK].set_index("aar")["verdi"]
    if len(hist) > 1 or ref.empty or tilt.empty or p["bane"].nunique() > 3:
        return ""
    diff = (ref - tilt.reindex(ref.index)).abs()
    level = float(ref.abs().max())
    gap = {0: float(diff.max()) / level * 100 if level else float("nan")}
    y0, y1 = int(ref.index.min()), int(ref.index.max())
    red = float(diff.loc[y1]) if y1 in diff.index else float(diff.max())
    return claims.claim(
        f"Utslippsbanene er ikke tegnet: grunnlaget har utslipp bare for {int(hist['aar'].iloc[0])}"
        f", så referansebanen er flat på {_t(float(ref.iloc[0]))} tonn fra {y0} til {y1}, og "
        f"tiltakene gir {_t(red)} tonn lavere utslipp i {y1} – for lite til at linjene kan "
        "skilles i et diagram.", [0], claims.below(gap, share_limit_pst),
        {"avstand_pst": gap}).text()
