"""The befolkning report's generated text (bokmål): summary, commentary and notes."""

from __future__ import annotations

from helpers.presentation.formatting import fmt_list, fmt_mill, fmt_number, fmt_pct
from helpers.presentation.merknad import Note
from helpers.reports import claims
from helpers.reports.befolkning.analysis import Analysis, _groups_text, _people
from helpers.reports.befolkning.population import (
    ALTERNATIV_NAVN,
    TOTAL,
    age_group_label,
    full_years,
    period_label,
    with_total,
)
from helpers.reports.befolkning.tables import precision_words, service_groups_frame


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


def rounding_interval(verdi: float, desimaler: int) -> tuple[float, float]:
    """The values a figure rounded to ``desimaler`` can stand for: 2 (whole) → (1,5; 2,5)."""
    half = 0.5 * 10 ** (-int(desimaler))
    return float(verdi) - half, float(verdi) + half


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
        "flere av dem (f.eks. `67+`). Se `docs/bruk/befolkning.md`.")


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


def _more_or_fewer(change: int) -> str:
    """«12 flere», «3 færre» or «like mange», each only where true."""
    return claims.direction(change, f"{fmt_number(abs(change))} flere",
                            f"{fmt_number(abs(change))} færre", "like mange")


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
            f"For tjenestene betyr det {_more_or_fewer(dy)} "
            f"barn i barnehage- og grunnskolealder og {_more_or_fewer(do)} "
            f"innbyggere over 80 år i {a.end} enn i {a.start}"
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
    """The summary at the top of the report (Markdown). The aldersbæreevne paragraph
    (:func:`commentary_ratio`) is printed once, in its own section beside the chart."""
    parts = []
    if a.history is not None:
        parts.append(commentary_history(a))
    if a.wide is not None:
        parts.append(commentary_projection(a))
    if a.cost is not None:
        parts.append(commentary_cost(a))
    return "\n\n".join(p for p in parts if p)
