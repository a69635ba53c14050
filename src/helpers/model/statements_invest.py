"""§ 5-5 (bevilgningsoversikt investering) and § 5-7 (gjeld) of budsjett- og
regnskapsforskriften (FOR-2019-06-07-714), from the municipality's own figures only.

Columns as :mod:`helpers.model.statements` (``paragraf``, ``linje_nr``, ``linje``, ``aar``,
``verdi`` in 1000 kr, NaN where the data do not give the figure, ``er_sum``).

§ 5-5 første ledd, 27 lines (Stavanger kommune, årsrapport 2020, «Bevilgningsoversikt
investering del 1»; the gross fund lines 21–25 as Giske kommune's økonomiplan 2024–2027,
«Løyvingsoversikt investering jf. § 5-5 første ledd»): 1 Investeringer i varige
driftsmidler, 2 Tilskudd til andres investeringer, 3 Investeringer i aksjer og andeler i
selskaper, 4 Utlån av egne midler, 5 Avdrag på lån, 6 Sum investeringsutgifter (1–5),
7 Kompensasjon for merverdiavgift, 8 Tilskudd fra andre, 9 Salg av varige driftsmidler,
10 Salg av finansielle anleggsmidler, 11 Utdeling fra selskaper, 12 Mottatte avdrag på
utlån av egne midler, 13 Bruk av lån, 14 Sum investeringsinntekter (7–13), 15 Videreutlån,
16 Bruk av lån til videreutlån, 17 Avdrag på lån til videreutlån, 18 Mottatte avdrag på
videreutlån, 19 Netto utgifter videreutlån (15 − 16 + 17 − 18), 20 Overføring fra drift,
21 Avsetninger til bundne investeringsfond, 22 Bruk av bundne investeringsfond,
23 Avsetninger til ubundet investeringsfond, 24 Bruk av ubundet investeringsfond,
25 Dekning av tidligere års udekket beløp, 26 Sum overføring fra drift og netto
avsetninger (20–25), 27 Fremført til inndekning i senere år (udekket beløp)
(6 + 19 − 14 − 26).

Sign convention of § 5-5 (as Stavanger prints it): expenses (1–5, 15, 17) and incomes
(7–13, 16, 18) are positive; in lines 20–25 what finances the investments is positive
(overføring fra drift, bruk av fond) and what takes from the financing is negative
(avsetninger til fond, dekning av udekket beløp), so line 26 is the plain sum of 20–25 and
line 27 is 0 when the budget is fully financed.

Where the lines come from: 1–4 from the plan's investment programme
(``investering.csv``, the line per project from ``investering_prosjekter.csv``, column
``investeringstype``; without it a fixed asset, line 1). Line 5 and every financing line
from the municipality's financing plan, ``investering_finansiering.csv`` (column ``post``,
:data:`POST_LINE`; a plan year with rows is the whole financing that year, so a post not
given is 0). A plan year without rows there has lines 7–13, 15–27 missing – never the
tool's assumptions – and line 5 is 0 (the investment tables list every expense).

§ 5-7 has no prescribed line list. The lines (:data:`helpers.model.labels.LINES_5_7`):
1 Lånegjeld ved inngangen til året: the accounts' balance (post ``lanegjeld_inngaende``
for the year) or the year before's line 6; 2 Bruk av lån til investeringer (§ 5-5 line 13);
3 Bruk av lån til videreutlån (§ 5-5 line 16); 4 Avdrag på lån i driften (§ 5-4 line 14,
the plan's own avdrag); 5 Avdrag på lån i investeringsbudsjettet (§ 5-5 lines 5 + 17);
6 Lånegjeld ved utgangen av året (1 + 2 + 3 − 4 − 5). All positive.
"""

from __future__ import annotations

import pandas as pd

from helpers.model.labels import (
    LINES_5_5_1,
    LINES_5_7,
    P_5_4_1,
    P_5_5_1,
    P_5_5_2,
    P_5_7,
    SUM_5_5_2,
)
from helpers.model.statements import (
    COLUMNS,
    NAN,
    SUM_PARTS_5_5_1,
    SUMS_5_5_1,
    _economy,
    _frame,
    _typed,
    add_known,
    paragraf_5_4_1,
    with_sums,
)

from .economy import Economy

# investering_prosjekter.csv, column investeringstype → line of § 5-5 første ledd
INVESTERINGSTYPE_LINJE = {"varige_driftsmidler": 1, "tilskudd_til_andre": 2,
                          "aksjer_andeler": 3, "utlan_egne_midler": 4}
# investering_finansiering.csv, column post → (line of § 5-5 første ledd, printed sign)
POST_LINE = {
    "avdrag_lan": (5, 1), "kompensasjon_merverdiavgift": (7, 1),
    "tilskudd_fra_andre": (8, 1), "salg_varige_driftsmidler": (9, 1),
    "salg_finansielle_anleggsmidler": (10, 1), "utdeling_fra_selskaper": (11, 1),
    "mottatte_avdrag_utlan": (12, 1), "bruk_av_lan": (13, 1), "videreutlan": (15, 1),
    "bruk_av_lan_videreutlan": (16, 1), "avdrag_lan_videreutlan": (17, 1),
    "mottatte_avdrag_videreutlan": (18, 1), "overforing_fra_drift": (20, 1),
    "avsetning_bundne_investeringsfond": (21, -1), "bruk_bundne_investeringsfond": (22, 1),
    "avsetning_ubundet_investeringsfond": (23, -1), "bruk_ubundet_investeringsfond": (24, 1),
    "dekning_udekket": (25, -1),
}
OPENING_DEBT = "lanegjeld_inngaende"  # the post of § 5-7's opening debt
FINANCING_LINES = tuple(sorted({nr for nr, _ in POST_LINE.values()} - {5}))
SUMS_5_7 = {6}
# § 5-7's lines from the other statements: line → (statement, its line)
SOURCE_5_7 = {2: (P_5_5_1, 13), 3: (P_5_5_1, 16), 4: (P_5_4_1, 14)}


def financing_plan(data: dict[str, pd.DataFrame], knr: str,
                   budsjettaar: int) -> pd.DataFrame:
    """The municipality's financing plan for the plan that starts in ``budsjettaar``
    (``investering_finansiering.csv``): columns ``aar``, ``post``, ``belop``; empty when
    the data have none."""
    f = data.get("investering_finansiering")
    if f is None or f.empty:
        return pd.DataFrame(columns=["aar", "post", "belop"])
    sel = f[(f["kommunenummer"] == knr) & (f["budsjettaar"] == int(budsjettaar))]
    return sel[["aar", "post", "belop"]].reset_index(drop=True)


def financing_years(data: dict[str, pd.DataFrame], e: Economy) -> list[int]:
    """The plan years whose financing the financing plan gives."""
    plan = financing_plan(data, e.kommune.kommunenummer, e.budsjettaar)
    fin = plan[plan["post"] != OPENING_DEBT]
    return sorted(int(y) for y in fin["aar"].unique() if int(y) in e.plan_years)


def _programme(e: Economy, y: int) -> pd.DataFrame:
    """The plan's project amounts of year ``y`` with the § 5-5 line of each project."""
    a = e.investering
    prog = a.base.plan.in_period()
    prog = prog[prog["aar"] == y].merge(
        a.base.plan.projects[["prosjekt", "investeringstype"]], on="prosjekt", how="left")
    prog["linje_nr"] = prog["investeringstype"].map(INVESTERINGSTYPE_LINJE).fillna(1)
    return prog


def paragraf_5_5_1(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None) -> pd.DataFrame:
    """§ 5-5 første ledd per plan year (module doc): the investment programme and the
    municipality's financing plan; the financing lines missing where it has no rows."""
    e = _economy(data, kommune, budsjettaar, e)
    plan = financing_plan(data, e.kommune.kommunenummer, e.budsjettaar)
    have = set(financing_years(data, e))
    values: dict[int, dict[int, float]] = {}
    for y in e.plan_years:
        if e.investering is None:
            values[y] = dict.fromkeys(LINES_5_5_1, NAN)
            continue
        prog = _programme(e, y)
        v: dict[int, float] = {nr: float(prog.loc[prog["linje_nr"] == nr, "belop"].sum())
                               for nr in (1, 2, 3, 4)}
        v[5] = 0.0
        if y in have:
            v.update(dict.fromkeys(FINANCING_LINES, 0.0))
            rows = plan[plan["aar"] == y]
            for post, (nr, sign) in POST_LINE.items():
                amount = float(rows.loc[rows["post"] == post, "belop"].sum())
                v[nr] = sign * amount + 0.0
        else:
            v.update(dict.fromkeys(FINANCING_LINES, NAN))
        values[y] = with_sums(v, SUM_PARTS_5_5_1)
    return _frame(P_5_5_1, LINES_5_5_1, SUMS_5_5_1, values)


def paragraf_5_5_2(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None) -> pd.DataFrame:
    """§ 5-5 andre ledd: the gross appropriation per project and plan year, in the plan's
    order and groups (``gruppe`` = rammeområde, with «(selvkost)» for the self-financing
    projects), a sum per group («Sum <gruppe>») and the sum of all (equal to § 5-5 første
    ledd line 6). Empty without an investment programme."""
    e = _economy(data, kommune, budsjettaar, e)
    cols = [*COLUMNS, "gruppe"]
    a = e.investering
    if a is None:
        return _typed(pd.DataFrame(columns=cols))
    projects = a.base.plan.projects.sort_values("rekkefolge")
    amounts = a.base.plan.in_period()
    groups: dict[str, list[str]] = {}
    for r in projects.itertuples():
        g = r.rammeomrade + (" (selvkost)" if r.kategori == "selvkost" else "")
        groups.setdefault(g, []).append(r.prosjekt)
    rows = []
    for y in e.plan_years:
        by_project = amounts[amounts["aar"] == y].groupby("prosjekt")["belop"].sum()
        nr, total = 0, 0.0
        for g, names in groups.items():
            sub = 0.0
            for name in names:
                nr += 1
                val = float(by_project.get(name, 0.0))
                sub += val
                rows.append((nr, name, y, val, False, g))
            nr += 1
            rows.append((nr, f"Sum {g}", y, sub, True, g))
            total += sub
        rows.append((nr + 1, SUM_5_5_2, y, total, True, ""))
    out = pd.DataFrame([{"paragraf": P_5_5_2, "linje_nr": n, "linje": li, "aar": int(y),
                         "verdi": v, "er_sum": s, "gruppe": g}
                        for n, li, y, v, s, g in rows], columns=cols)
    return _typed(out)


def opening_debt(data: dict[str, pd.DataFrame], e: Economy) -> dict[int, float]:
    """Year → the accounts' debt at 1 January that the financing plan gives
    (post ``lanegjeld_inngaende``)."""
    plan = financing_plan(data, e.kommune.kommunenummer, e.budsjettaar)
    rows = plan[plan["post"] == OPENING_DEBT]
    return {int(r.aar): float(r.belop) for r in rows.itertuples()}


def paragraf_5_7(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                 *, e: Economy | None = None, s_5_4_1: pd.DataFrame | None = None,
                 s_5_5_1: pd.DataFrame | None = None) -> pd.DataFrame:
    """§ 5-7 per plan year (module doc): the debt from the accounts' opening balance, the
    loans of § 5-5 and the avdrag of § 5-4 (the plan's own), so that every figure is the
    one the other statements print. ``s_5_4_1``/``s_5_5_1``: those statements when the
    caller has them."""
    e = _economy(data, kommune, budsjettaar, e)
    if s_5_4_1 is None:
        s_5_4_1 = paragraf_5_4_1(data, kommune, budsjettaar, e=e)
    if s_5_5_1 is None:
        s_5_5_1 = paragraf_5_5_1(data, kommune, budsjettaar, e=e)
    drift = s_5_4_1.set_index(["linje_nr", "aar"])["verdi"]
    inv = s_5_5_1.set_index(["linje_nr", "aar"])["verdi"]
    opening = opening_debt(data, e)
    values: dict[int, dict[int, float]] = {}
    previous = NAN
    for y in e.plan_years:
        v = {1: opening.get(y, previous),
             2: inv.get((13, y), NAN), 3: inv.get((16, y), NAN),
             4: drift.get((14, y), NAN),
             5: add_known(inv.get((5, y), NAN), inv.get((17, y), NAN))}
        v[6] = add_known(v[1], v[2], v[3], -v[4], -v[5])
        values[y] = v
        previous = v[6]
    return _frame(P_5_7, LINES_5_7, SUMS_5_7, values)
