"""The statutory budget statements of budsjett- og regnskapsforskriften (FOR-2019-06-07-714)
kapittel 5, computed from the project's data and the shared economy model.

Every function returns a tidy frame with the columns ``paragraf``, ``linje_nr``, ``linje``
(the line's name as printed), ``aar``, ``verdi`` (1000 kr, float; NaN when the data lack the
figure – a missing figure is never 0) and ``er_sum`` (True for sum and result lines).
:func:`reconcile_5_4` adds ``til_linje`` (the line of første ledd an item is moved to).

Sign convention (the regulation's presentation, as in the published statements)
---------------------------------------------------------------------------------
Incomes and expenses are both shown as **positive** amounts. Results are signed:
«Brutto driftsresultat» and «Netto driftsresultat» are positive for a surplus, «Netto
finansutgifter» is negative when finance costs exceed finance income. Dispositions are
positive for a set-aside or a transfer and negative for a use of a fund (the «netto
avsetninger til eller bruk av …» lines). The carried-forward lines («Fremført til
inndekning i senere år») are positive when an uncovered amount (merforbruk / udekket beløp)
is carried forward, and 0 when the budget balances. Net appropriations per rammeområde
(§ 5-4 andre ledd) are positive for a net expense, as the rammer are printed (Finans,
which holds the general incomes, is negative). The data files keep the accounts' signs
(income negative); the functions turn them here.

Line layouts and where they come from
-------------------------------------
The lines of § 5-4 første ledd and § 5-5 første ledd are those printed by Stavanger kommune,
Årsrapport 2020, tables «14.3 Bevilgningsoversikt drift del 1» («Løyvingsoversikt drift
§ 5-4 1. ledd») and «14.5 Bevilgningsoversikt investering del 1» («Løyvingsoversikt
investering § 5-5 1. ledd»), arsrapport2020.stavanger.kommune.no, rendered in bokmål. The
text of the regulation itself (Lovdata) and the Veileder were not in the sources that could
be searched; later amendments to the line lists are therefore not checked.

§ 5-4 første ledd – Bevilgningsoversikt drift:

 1 Rammetilskudd
 2 Inntekts- og formuesskatt
 3 Eiendomsskatt
 4 Andre generelle driftsinntekter
 5 Sum generelle driftsinntekter (1–4)
 6 Sum bevilgninger drift, netto (andre ledd, reconciled, see :func:`reconcile_5_4`)
 7 Avskrivninger
 8 Sum netto driftsutgifter (6 + 7)
 9 Brutto driftsresultat (5 − 8)
10 Renteinntekter
11 Utbytter
12 Gevinster og tap på finansielle omløpsmidler
13 Renteutgifter
14 Avdrag på lån
15 Netto finansutgifter (10 + 11 + 12 − 13 − 14)
16 Motpost avskrivninger
17 Netto driftsresultat (9 + 15 + 16)
   Disponering eller dekning av netto driftsresultat:
18 Overføring til investering
19 Netto avsetninger til eller bruk av bundne driftsfond
20 Netto avsetninger til eller bruk av disposisjonsfond
21 Dekning av tidligere års merforbruk
22 Sum disponeringer eller dekning av netto driftsresultat (18–21)
23 Fremført til inndekning i senere år (merforbruk) (22 − 17)

Stavanger prints line 21 as «Bruk av tidlegare års mindreforbruk» (a transitional line
for the surplus of 2019 under the old rules); the name used here follows § 5-5's «Dekning
av tidligere års udekket beløp» and «Budsjettert dekning av tidligere års merforbruk» in
the § 5-9 statement. It is the one line whose wording is inferred, not copied.

§ 5-5 første ledd – Bevilgningsoversikt investering:

 1 Investeringer i varige driftsmidler
 2 Tilskudd til andres investeringer
 3 Investeringer i aksjer og andeler i selskaper
 4 Utlån av egne midler
 5 Avdrag på lån
 6 Sum investeringsutgifter (1–5)
 7 Kompensasjon for merverdiavgift
 8 Tilskudd fra andre
 9 Salg av varige driftsmidler
10 Salg av finansielle anleggsmidler
11 Utdeling fra selskaper
12 Mottatte avdrag på utlån av egne midler
13 Bruk av lån
14 Sum investeringsinntekter (7–13)
15 Videreutlån
16 Bruk av lån til videreutlån
17 Avdrag på lån til videreutlån
18 Mottatte avdrag på videreutlån
19 Netto utgifter videreutlån (15 − 16 + 17 − 18)
20 Overføring fra drift
21 Netto avsetninger til eller bruk av bundne investeringsfond
22 Netto avsetninger til eller bruk av ubundet investeringsfond
23 Dekning av tidligere års udekket beløp
24 Sum overføring fra drift og netto avsetninger (20 − 21 − 22 − 23)
25 Fremført til inndekning i senere år (udekket beløp) (6 + 19 − 14 − 24)

In lines 21–23 a set-aside (or a covering of earlier deficits) uses money, so it is
subtracted from the financing in line 24; with the model's financing they are 0.

§ 5-7 has no prescribed line list; the statement here gives netto lånegjeld at the start
of the year, new loans, repayments and netto lånegjeld at the end of the year, from the
debt path of :func:`helpers.model.economy.economy` (netto lånegjeld, not brutto gjeld).

Where each line comes from (Røros data)
---------------------------------------
§ 5-4: lines 1–4 from ``okonomiplan.csv`` (tabell ``sentrale_inntekter``), 7 and 16 from
``avskrivninger``, 13 and 14 from ``renteutgifter`` and ``avdrag``; the data hold renter and
utbytte as one figure (``renteinntekter_utbytte``), so lines 10 and 11 are NaN while line 15
uses the combined figure; line 12 is NaN (no such figure in the data). Line 17 is the
economy model's netto driftsresultat. Line 18 is the investment financing the economy model
gives to «egenkapital» (own funds), the same figure as § 5-5 line 20. Line 19 is
«Netto avsetninger og årsoppgjørdisposisjoner i tjenesteområdene» (read as the service areas'
bound funds – the source does not say which funds), line 20 is «Til ubundne avsetninger» plus
«Bruk av ubundne avsetninger». Line 21 is 0: the plan's table «Avsetninger og
årsoppgjørdisposisjoner» lists every disposition and has no covering of earlier deficits.

§ 5-5: lines 1–5 from the economy model's investment programme (``investering.csv``):
projects whose name contains «aksje» go on line 3, all others on line 1 (the data do not
mark grants to others or lending, so lines 2, 4 and 5 have no project). The financing is
the economy model's (``helpers.investering.financing``): momskompensasjon → 7, tilskudd → 8,
salg → 9, lån → 13, egenkapital → 20; lines 10–12 and 21–23 are 0 because the model has no
such source. Videreutlån (15–19) is not in the data: NaN, and so is line 25.
"""

from __future__ import annotations

import pandas as pd

from .economy import Economy, economy

COLUMNS = ["paragraf", "linje_nr", "linje", "aar", "verdi", "er_sum"]
NAN = float("nan")

LINES_5_4_1 = {
    1: "Rammetilskudd",
    2: "Inntekts- og formuesskatt",
    3: "Eiendomsskatt",
    4: "Andre generelle driftsinntekter",
    5: "Sum generelle driftsinntekter",
    6: "Sum bevilgninger drift, netto",
    7: "Avskrivninger",
    8: "Sum netto driftsutgifter",
    9: "Brutto driftsresultat",
    10: "Renteinntekter",
    11: "Utbytter",
    12: "Gevinster og tap på finansielle omløpsmidler",
    13: "Renteutgifter",
    14: "Avdrag på lån",
    15: "Netto finansutgifter",
    16: "Motpost avskrivninger",
    17: "Netto driftsresultat",
    18: "Overføring til investering",
    19: "Netto avsetninger til eller bruk av bundne driftsfond",
    20: "Netto avsetninger til eller bruk av disposisjonsfond",
    21: "Dekning av tidligere års merforbruk",
    22: "Sum disponeringer eller dekning av netto driftsresultat",
    23: "Fremført til inndekning i senere år (merforbruk)",
}
SUMS_5_4_1 = {5, 6, 8, 9, 15, 17, 22, 23}

LINES_5_5_1 = {
    1: "Investeringer i varige driftsmidler",
    2: "Tilskudd til andres investeringer",
    3: "Investeringer i aksjer og andeler i selskaper",
    4: "Utlån av egne midler",
    5: "Avdrag på lån",
    6: "Sum investeringsutgifter",
    7: "Kompensasjon for merverdiavgift",
    8: "Tilskudd fra andre",
    9: "Salg av varige driftsmidler",
    10: "Salg av finansielle anleggsmidler",
    11: "Utdeling fra selskaper",
    12: "Mottatte avdrag på utlån av egne midler",
    13: "Bruk av lån",
    14: "Sum investeringsinntekter",
    15: "Videreutlån",
    16: "Bruk av lån til videreutlån",
    17: "Avdrag på lån til videreutlån",
    18: "Mottatte avdrag på videreutlån",
    19: "Netto utgifter videreutlån",
    20: "Overføring fra drift",
    21: "Netto avsetninger til eller bruk av bundne investeringsfond",
    22: "Netto avsetninger til eller bruk av ubundet investeringsfond",
    23: "Dekning av tidligere års udekket beløp",
    24: "Sum overføring fra drift og netto avsetninger",
    25: "Fremført til inndekning i senere år (udekket beløp)",
}
SUMS_5_5_1 = {6, 14, 19, 24, 25}

LINES_5_7 = {
    1: "Netto lånegjeld ved inngangen til året",
    2: "Nye lån",
    3: "Avdrag",
    4: "Netto lånegjeld ved utgangen av året",
}
SUMS_5_7 = {4}

SUM_5_4_2 = "Sum bevilgninger drift, netto (andre ledd)"
FINANS = "Finans"


# ---------------------------------------------------------------- helpers


def _add(*values: float) -> float:
    """Sum that stays unknown when a part is unknown (a sum of unknowns is not 0)."""
    total = 0.0
    for v in values:
        if pd.isna(v):
            return NAN
        total += float(v)
    return total


def _frame(paragraf: str, names: dict[int, str], sums: set[int],
           values: dict[int, dict[int, float]]) -> pd.DataFrame:
    rows = [{"paragraf": paragraf, "linje_nr": nr, "linje": names[nr], "aar": int(y),
             "verdi": float(v) + 0.0 if not pd.isna(v) else NAN, "er_sum": nr in sums}
            for y, by_line in values.items() for nr, v in sorted(by_line.items())]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["verdi"] = out["verdi"].astype(float)
    out["er_sum"] = out["er_sum"].astype(bool)
    return out


def _economy(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None,
             e: Economy | None, investering_kw: dict) -> Economy:
    return e if e is not None else economy(data, kommune, budsjettaar, **investering_kw)


def _okp_value(data: dict[str, pd.DataFrame], knr: str, tabell: str, post: str,
               aar: int) -> float:
    """One line of ``okonomiplan.csv`` (plan figures), accounts' sign; NaN when absent."""
    okp = data.get("okonomiplan")
    if okp is None:
        return NAN
    sel = okp[(okp["kommunenummer"] == knr) & (okp["tabell"] == tabell)
              & (okp["post"] == post) & (okp["datatype"] == "okonomiplan")
              & (okp["aar"] == aar)]
    return float(sel["belop"].sum()) if not sel.empty else NAN


def _rammer(data: dict[str, pd.DataFrame], knr: str, aar: int) -> pd.Series:
    """Net appropriation per rammeområde (accounts' sign = net expense positive)."""
    r = data.get("finans_rammer")
    if r is None:
        return pd.Series(dtype=float)
    sel = r[(r["kommunenummer"] == knr) & (r["niva"] == "rammeomrade")
            & (r["datatype"] == "okonomiplan") & (r["aar"] == aar)]
    return sel.groupby("rammeomrade", sort=False)["belop"].sum().astype(float)


def _plan_lines(data: dict[str, pd.DataFrame], knr: str, aar: int) -> dict[str, float]:
    """The plan's central lines for one year, turned to the regulation's signs."""
    v = {p: _okp_value(data, knr, "sentrale_inntekter", p, aar)
         for p in ("rammetilskudd", "skatt_inntekt_formue", "eiendomsskatt",
                   "andre_statstilskudd")}
    out = {k: -x for k, x in v.items()}  # income positive
    out["avskrivninger"] = _okp_value(data, knr, "sentrale_utgifter", "avskrivninger", aar)
    out["renteutgifter"] = _okp_value(data, knr, "finans", "renteutgifter", aar)
    out["avdrag"] = _okp_value(data, knr, "finans", "avdrag", aar)
    out["renteinntekter_utbytte"] = -_okp_value(data, knr, "finans",
                                                "renteinntekter_utbytte", aar)
    out["til_fond"] = _okp_value(data, knr, "avsetninger", "til_ubundne_avsetninger", aar)
    out["bruk_fond"] = _okp_value(data, knr, "avsetninger", "bruk_ubundne_avsetninger", aar)
    out["tjenesteomrader"] = _okp_value(data, knr, "avsetninger",
                                        "avsetninger_tjenesteomrader", aar)
    return out


def _egenkapital(e: Economy, aar: int) -> float:
    if e.investering is None:
        return NAN
    f = e.investering.base.finance
    sel = f[f["aar"] == aar]
    return float(sel["egenkapital"].sum()) if not sel.empty else NAN


# ---------------------------------------------------------------- § 5-4 andre ledd


def paragraf_5_4_2(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None, **investering_kw) -> pd.DataFrame:
    """§ 5-4 andre ledd: net appropriation per rammeområde (``finans_rammer.csv``, level
    ``rammeomrade``) per plan year, and their sum. Finans is listed like the others: it is
    one of the rammeområder the municipality appropriates to."""
    e = _economy(data, kommune, budsjettaar, e, investering_kw)
    knr = e.kommune.kommunenummer
    rows = []
    for y in e.plan_years:
        r = _rammer(data, knr, y)
        for i, (name, v) in enumerate(r.items(), start=1):
            rows.append({"paragraf": "5-4 andre ledd", "linje_nr": i, "linje": name,
                         "aar": int(y), "verdi": float(v), "er_sum": False})
        rows.append({"paragraf": "5-4 andre ledd", "linje_nr": len(r) + 1,
                     "linje": SUM_5_4_2, "aar": int(y),
                     "verdi": float(r.sum()) if not r.empty else NAN, "er_sum": True})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["verdi"] = out["verdi"].astype(float)
    out["er_sum"] = out["er_sum"].astype(bool)
    return out


# ---------------------------------------------------------------- reconciliation


def _moved_items(data: dict[str, pd.DataFrame], knr: str,
                 aar: int) -> list[tuple[str, str, float]]:
    """The items the rammer (andre ledd) hold that første ledd shows on its own lines, as
    (name, target line, amount contained in the rammer with the rammer's sign)."""
    p = _plan_lines(data, knr, aar)
    general = _add(p["rammetilskudd"], p["skatt_inntekt_formue"], p["eiendomsskatt"],
                   p["andre_statstilskudd"])
    return [
        ("Generelle driftsinntekter (i Finans)", "1–5", -general),
        ("Avskrivninger (i Finans)", "7", p["avskrivninger"]),
        ("Motpost avskrivninger (i Finans)", "16", -p["avskrivninger"]),
        ("Renteutgifter (i Finans)", "13", p["renteutgifter"]),
        ("Avdrag på lån (i Finans)", "14", p["avdrag"]),
        ("Renteinntekter og utbytte (i Finans)", "10–11", -p["renteinntekter_utbytte"]),
        ("Avsetninger til og bruk av disposisjonsfond (i Finans)", "20",
         _add(p["til_fond"], p["bruk_fond"])),
        ("Netto avsetninger og årsoppgjørdisposisjoner i tjenesteområdene", "19",
         p["tjenesteomrader"]),
    ]


def _line_6(data: dict[str, pd.DataFrame], knr: str, aar: int) -> float:
    r = _rammer(data, knr, aar)
    if r.empty:
        return NAN
    return _add(float(r.sum()), *[-v for _, _, v in _moved_items(data, knr, aar)])


def reconcile_5_4(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                  *, e: Economy | None = None, **investering_kw) -> pd.DataFrame:
    """How the sum of § 5-4 andre ledd becomes line 6 «Sum bevilgninger drift, netto» of
    første ledd, per plan year.

    Rows: the sum of andre ledd; each item the rammer hold that første ledd shows on another
    line (``til_linje``), with the amount taken out (the negative of what the rammer hold);
    line 6; the difference (line 6 − sum of andre ledd, equal to the sum of the items).
    Whatever the Finans ramme holds beyond the listed items stays in line 6 and is shown as
    «Finans: resten av rammen». Then the balance check: netto driftsresultat from lines 9,
    15 and 16, line 17 (the economy model's figure) and the difference, which is minus the
    sum of the rammer (0 when the rammer balance; the source rounds each ramme, so ±1–2).
    """
    e = _economy(data, kommune, budsjettaar, e, investering_kw)
    knr = e.kommune.kommunenummer
    first = paragraf_5_4_1(data, kommune, budsjettaar, e=e)
    rows = []
    for y in e.plan_years:
        r = _rammer(data, knr, y)
        total = float(r.sum()) if not r.empty else NAN
        items = _moved_items(data, knr, y)
        line6 = _line_6(data, knr, y)
        f = first[first["aar"] == y].set_index("linje_nr")["verdi"]
        finans = float(r.get(FINANS, NAN))
        rest = _add(finans, *[-v for name, _, v in items if "(i Finans)" in name])
        bottom_up = _add(f.get(9, NAN), f.get(15, NAN), f.get(16, NAN))
        seq = [("Sum andre ledd", "", total, True)]
        seq += [(f"Flyttet ut: {name}", line, -v, False) for name, line, v in items]
        seq += [
            ("Sum bevilgninger drift, netto (linje 6)", "6", line6, True),
            ("Differanse linje 6 − sum andre ledd", "", _add(line6, -total), True),
            ("Finans: resten av rammen (blir stående i linje 6)", "6", rest, False),
            ("Netto driftsresultat regnet fra linje 9, 15 og 16", "", bottom_up, True),
            ("Netto driftsresultat (linje 17, økonomimodellen)", "17", f.get(17, NAN), False),
            ("Avvik netto driftsresultat (ubalanse i rammene)", "",
             _add(bottom_up, -f.get(17, NAN)), True),
        ]
        for i, (name, line, v, is_sum) in enumerate(seq, start=1):
            rows.append({"paragraf": "5-4 avstemming", "linje_nr": i, "linje": name,
                         "aar": int(y), "verdi": float(v) + 0.0 if not pd.isna(v) else NAN,
                         "er_sum": is_sum, "til_linje": line})
    out = pd.DataFrame(rows, columns=[*COLUMNS, "til_linje"])
    out["verdi"] = out["verdi"].astype(float)
    out["er_sum"] = out["er_sum"].astype(bool)
    return out


# ---------------------------------------------------------------- § 5-4 første ledd


def paragraf_5_4_1(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None, **investering_kw) -> pd.DataFrame:
    """§ 5-4 første ledd, bevilgningsoversikt drift, per plan year (lines in the module
    doc). ``investering_kw`` go to the economy model (financing shares etc.)."""
    e = _economy(data, kommune, budsjettaar, e, investering_kw)
    knr = e.kommune.kommunenummer
    values: dict[int, dict[int, float]] = {}
    for y in e.plan_years:
        p = _plan_lines(data, knr, y)
        v: dict[int, float] = {
            1: p["rammetilskudd"], 2: p["skatt_inntekt_formue"], 3: p["eiendomsskatt"],
            4: p["andre_statstilskudd"],
        }
        v[5] = _add(v[1], v[2], v[3], v[4])
        v[6] = _line_6(data, knr, y)
        v[7] = p["avskrivninger"]
        v[8] = _add(v[6], v[7])
        v[9] = _add(v[5], -v[8]) if not pd.isna(v[8]) else NAN
        v[10], v[11], v[12] = NAN, NAN, NAN  # held only combined / not in the data
        v[13] = p["renteutgifter"]
        v[14] = p["avdrag"]
        v[15] = _add(p["renteinntekter_utbytte"], -v[13] if not pd.isna(v[13]) else NAN,
                     -v[14] if not pd.isna(v[14]) else NAN)
        v[16] = p["avskrivninger"]
        v[17] = e.value("netto_driftsresultat", y)
        v[18] = _egenkapital(e, y)
        v[19] = p["tjenesteomrader"]
        v[20] = _add(p["til_fond"], p["bruk_fond"])
        v[21] = 0.0  # the plan's table of dispositions has no such line (module doc)
        v[22] = _add(v[18], v[19], v[20], v[21])
        v[23] = _add(v[22], -v[17]) if not pd.isna(v[17]) else NAN
        values[y] = v
    return _frame("5-4 første ledd", LINES_5_4_1, SUMS_5_4_1, values)


# ---------------------------------------------------------------- § 5-5 første ledd


def paragraf_5_5_1(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None, **investering_kw) -> pd.DataFrame:
    """§ 5-5 første ledd, bevilgningsoversikt investering, per plan year (lines in the
    module doc), from the economy model's investment programme and financing."""
    e = _economy(data, kommune, budsjettaar, e, investering_kw)
    values: dict[int, dict[int, float]] = {}
    a = e.investering
    for y in e.plan_years:
        if a is None:
            values[y] = {nr: NAN for nr in LINES_5_5_1}
            continue
        prog = a.base.plan.in_period()
        prog = prog[prog["aar"] == y]
        shares = prog["prosjekt"].str.contains("aksje", case=False, na=False)
        fin = a.base.finance[a.base.finance["aar"] == y]
        s = {c: float(fin[c].sum()) for c in
             ("momskompensasjon", "tilskudd", "salg", "egenkapital", "lan")}
        v: dict[int, float] = {
            1: float(prog.loc[~shares, "belop"].sum()), 2: 0.0,
            3: float(prog.loc[shares, "belop"].sum()), 4: 0.0, 5: 0.0,
        }
        v[6] = _add(v[1], v[2], v[3], v[4], v[5])
        v.update({7: s["momskompensasjon"], 8: s["tilskudd"], 9: s["salg"], 10: 0.0,
                  11: 0.0, 12: 0.0, 13: s["lan"]})
        v[14] = _add(*(v[i] for i in range(7, 14)))
        v.update({15: NAN, 16: NAN, 17: NAN, 18: NAN})  # videreutlån: not in the data
        v[19] = _add(v[15], -v[16] if not pd.isna(v[16]) else NAN, v[17],
                     -v[18] if not pd.isna(v[18]) else NAN)
        v[20] = s["egenkapital"]
        v.update({21: 0.0, 22: 0.0, 23: 0.0})
        v[24] = _add(v[20], -v[21], -v[22], -v[23])
        v[25] = _add(v[6], v[19], -v[14], -v[24])
        values[y] = v
    return _frame("5-5 første ledd", LINES_5_5_1, SUMS_5_5_1, values)


# ---------------------------------------------------------------- § 5-7


def paragraf_5_7(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                 *, e: Economy | None = None, **investering_kw) -> pd.DataFrame:
    """§ 5-7, debt: netto lånegjeld at the start and end of each plan year, new loans and
    repayments, all from the economy model's debt path (NaN without it)."""
    e = _economy(data, kommune, budsjettaar, e, investering_kw)
    values: dict[int, dict[int, float]] = {}
    d = e.investering.base.debt.set_index("aar") if e.investering is not None else None
    for y in e.plan_years:
        if d is None or y not in d.index:
            values[y] = {nr: NAN for nr in LINES_5_7}
            continue
        row = d.loc[y]
        values[y] = {
            1: float(row["inngaaende_gjeld"]), 2: float(row["nye_lan"]),
            3: float(row["avdrag_eksisterende"] + row["avdrag_nye_lan"]),
            4: e.value("netto_lanegjeld", y),
        }
    return _frame("5-7", LINES_5_7, SUMS_5_7, values)

