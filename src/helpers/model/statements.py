"""The statutory budget statements of budsjett- og regnskapsforskriften (FOR-2019-06-07-714)
kapittel 5, computed from the project's data and the shared economy model.

Every function returns a tidy frame with the columns ``paragraf``, ``linje_nr``, ``linje``
(the line's name as printed), ``aar``, ``verdi`` (1000 kr, float; NaN when the data lack the
figure – a missing figure is never 0) and ``er_sum`` (True for sum and result lines).
:func:`reconcile_5_4` has, instead of ``linje``, ``post`` (the row's code), ``gjenstand`` (the
item moved, a code) and ``omrade`` (the central rammeområde), which the report turns into row
labels, and adds ``til_linje`` (the line of første ledd an item is moved to) and
``toleranse`` (the difference the source's rounding explains);
:func:`paragraf_5_4_1` adds ``inngaar_i`` (the line a line's amount is folded into, 0 for
none) and :func:`paragraf_5_4_2` ``post`` (``ramme``, ``rest``, ``fond`` or ``sum``).
The oppstillinger report says, for every line a statement leaves missing, why and what fills
it (:func:`helpers.reports.oppstillinger.text.line_notes`).

Sign convention (one for every statement: the regulation's presentation)
------------------------------------------------------------------------
Incomes and expenses are shown as **positive** amounts, as the lines name them («Renteutgifter
38 822», «Skatt 215 334»). Results are signed: «Brutto driftsresultat» and «Netto
driftsresultat» are positive for a surplus, «Netto finansutgifter» is negative when the
finance costs exceed the finance income. Every set-aside to a fund is positive, every use
of a fund negative (§ 5-5 has its own convention for its financing lines, see
:mod:`helpers.model.statements_invest`). The carried-forward lines («Fremført til
inndekning i senere år») are positive when an uncovered amount is carried forward and 0 when
the statement balances. Net appropriations per rammeområde (§ 5-4 andre ledd) are positive
for a net expense, as the rammer are printed (Finans, which holds the general incomes, is
negative). The data files keep the accounts' signs (income negative); the functions turn
them here.

Line layouts and where they come from
-------------------------------------
The text of the regulation (Lovdata) and the ministry's Veileder were not among the sources
that could be searched. The layouts are taken from statements municipalities publish under
the regulation, numbered as there:

* § 5-4 første ledd, 25 lines: Giske kommune, årsrapport 2022, «Løyvingsoversikt – drift»
  (arsrapport.giske.kommune.no/2022/rekneskapsskjema/rekneskapsskjema-1a). Lines 1–17 are
  the same in Stavanger's 2020 and 2021 annual reports and in Sandnes' økonomiplan
  2021–2024; those older statements have two net fund lines («Netto avsetninger til eller
  bruk av bundne driftsfond / disposisjonsfond») where the 2022 statements have four gross
  ones (avsetninger and bruk separately). Molde kommune's årsregnskap 2022 prints the same
  gross lines, and both municipalities' § 5-9 statements for 2022 list avsetninger and bruk
  separately, so the amended layout is the one used here.
* § 5-5 første ledd, 27 lines: lines 1–20 as Stavanger kommune, årsrapport 2020, «14.5
  Bevilgningsoversikt investering del 1»; lines 21–25 are the gross fund lines in the same
  wording as the § 5-9 investment statement Giske prints for 2022 («Avsetninger til / Bruk
  av bundne investeringsfond», «… ubundet investeringsfond», «Dekning av tidligere års
  udekket beløp»), by the same amendment as § 5-4; lines 26–27 as Stavanger. All 27 lines,
  in this order and wording, are printed in Giske kommune's økonomiplan 2024–2027, «6.4
  Løyvingsoversikt investering jf. § 5-5 første ledd»
  (okonomiplan.giske.kommune.no/2024/okonomi/budsjettskjema-2a).
* § 5-5 andre ledd: the gross appropriation per project (the plan's project rows), grouped
  as the plan groups them (rammeområde, ordinær/selvkost), with a sum per group and in all.
* § 5-7 has no prescribed line list: the debt at the start of the year, new loans,
  repayments and the debt at the end of the year, from the other statements' lines and the
  accounts' opening balance (:mod:`helpers.model.statements_invest`).

§ 5-4 første ledd: 1 Rammetilskudd, 2 Inntekts- og formuesskatt, 3 Eiendomsskatt, 4 Andre
generelle driftsinntekter, 5 Sum generelle driftsinntekter (1–4), 6 Sum bevilgninger drift,
netto (andre ledd, reconciled, see :func:`reconcile_5_4`), 7 Avskrivninger, 8 Sum netto
driftsutgifter (6 + 7), 9 Brutto driftsresultat (5 − 8), 10 Renteinntekter, 11 Utbytter,
12 Gevinster og tap på finansielle omløpsmidler, 13 Renteutgifter, 14 Avdrag på lån,
15 Netto finansutgifter (10 + 11 + 12 − 13 − 14), 16 Motpost avskrivninger, 17 Netto
driftsresultat (9 + 15 + 16); disponering: 18 Overføring til investering, 19 Avsetninger til
bundne driftsfond, 20 Bruk av bundne driftsfond, 21 Avsetninger til disposisjonsfond, 22 Bruk
av disposisjonsfond, 23 Dekning av tidligere års merforbruk, 24 Sum disponeringer eller
dekning av netto driftsresultat (18–23), 25 Fremført til inndekning i senere år (merforbruk)
(24 − 17).

§ 5-5 and § 5-7: :mod:`helpers.model.statements_invest` (lines, signs and sources).

Where each line comes from (the data files)
-------------------------------------------
§ 5-4: lines 1–4 from ``okonomiplan.csv`` (tabell ``sentrale_inntekter``), 7 and 16 from
``avskrivninger``, 13 and 14 from ``renteutgifter`` and ``avdrag``. The data hold renter and
utbytte as one figure (``renteinntekter_utbytte``): it is on line 10, and line 11 is
folded into it (column ``inngaar_i`` = 10; the report prints «i linje 10» and a note), so
line 15 = 10 + 11 + 12 − 13 − 14 adds up line by line. The plan's table of finance items
lists every finance item and has no gains or losses, so line 12 is 0 where the table is
given. Line 17 is the economy model's netto driftsresultat (the plan's dispositions; see
:func:`_result` for a plan out of balance). The plan's table «Avsetninger og
årsoppgjørdisposisjoner» lists every disposition and sums to netto driftsresultat: «Til
ubundne avsetninger» → 21 and «Bruk av ubundne avsetninger» → 22; «Netto avsetninger og
årsoppgjørdisposisjoner i tjenesteområdene» is the service areas' net set-aside to bound
funds, one net figure: it is on line 19 when it is a net set-aside (≥ 0) and on line 20
when it is a net use, and the other line is folded into it. The table has no transfer to
investment and no covering of earlier deficits, so lines 18 and 23 are 0.

§ 5-4 andre ledd (:func:`paragraf_5_4_2`) is printed as municipalities print it (Giske
kommune, økonomiplan 2024–2027, «Løyvingsoversikt drift – rammeområde jf. § 5-4 andre
ledd»): its sum is første ledd's line 6. The central rammeområde's general incomes,
finance items, depreciation and fund movements are taken out, because første ledd shows
them, and what remains of that area is its own row; the service areas' net fund
movements, which their rammer hold, are taken out in one row. The reconciliation
(:func:`reconcile_5_4`) shows each amount moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.model.central_area import central_area
from helpers.model.central_area import rammer as _rammer
from helpers.model.labels import (  # noqa: F401 (the label tables, re-exported)
    DISPONERING,
    FOND_5_4_2,
    LINES_5_4_1,
    LINES_5_5_1,
    LINES_5_7,
    P_5_4_1,
    P_5_4_2,
    P_5_5_1,
    P_5_5_2,
    P_5_7,
    P_AVST,
    SUM_5_4_2,
    SUM_5_4_2_RAMMER,
    SUM_5_5_2,
)

from .economy import Economy, economy

COLUMNS = ["paragraf", "linje_nr", "linje", "aar", "verdi", "er_sum"]
NAN = float("nan")


@dataclass(frozen=True)
class Finding:
    """Something the reader of a statement must be told (a line the data cannot fill, a
    source that leaves figures out), as a code and the figures it is about. The model
    returns findings (``frame.attrs["merknader"]``); the report's text module words them
    (:func:`helpers.reports.common_text.art_note`,
    :func:`helpers.reports.tertial.text.statement_note`)."""

    kode: str
    verdier: dict = field(default_factory=dict)

SUMS_5_4_1 = {5, 6, 8, 9, 15, 17, 24, 25}
SUMS_5_5_1 = {6, 14, 19, 26, 27}

# How each sum line of første ledd is made from other lines: line → ((sign, line), …), in
# the order they are computed (a later sum may use an earlier one). The regulation's
# signs (module doc): an expense is subtracted where it is positive. The plan's § 5-4
# (:func:`paragraf_5_4_1`) computes every sum so, except line 17, the plan's result
# (:func:`_result`), which equals 9 + 15 + 16 within the source's rounding.
SUM_PARTS_5_4_1: dict[int, tuple[tuple[int, int], ...]] = {
    5: ((1, 1), (1, 2), (1, 3), (1, 4)),
    8: ((1, 6), (1, 7)),
    9: ((1, 5), (-1, 8)),
    15: ((1, 10), (1, 11), (1, 12), (-1, 13), (-1, 14)),
    17: ((1, 9), (1, 15), (1, 16)),
    24: ((1, 18), (1, 19), (1, 20), (1, 21), (1, 22), (1, 23)),
    25: ((1, 24), (-1, 17)),
}
SUM_PARTS_5_5_1: dict[int, tuple[tuple[int, int], ...]] = {
    6: ((1, 1), (1, 2), (1, 3), (1, 4), (1, 5)),
    14: ((1, 7), (1, 8), (1, 9), (1, 10), (1, 11), (1, 12), (1, 13)),
    19: ((1, 15), (-1, 16), (1, 17), (-1, 18)),
    26: ((1, 20), (1, 21), (1, 22), (1, 23), (1, 24), (1, 25)),
    27: ((1, 6), (1, 19), (-1, 14), (-1, 26)),
}


def line_number(names: dict[int, str], name: str) -> int:
    """The number of the line called ``name`` in a layout (``LINES_5_4_1`` …), so that
    other modules name lines instead of copying numbers; KeyError for a name the layout
    does not have."""
    for nr, n in names.items():
        if n == name:
            return nr
    raise KeyError(name)


def with_sums(values: dict[int, float],
              parts: dict[int, tuple[tuple[int, int], ...]]) -> dict[int, float]:
    """``values`` (the detail lines) with every sum line of ``parts`` computed in order;
    a sum with a missing part is missing (:func:`add_known`)."""
    v = dict(values)
    for nr, terms in parts.items():
        v[nr] = sum_line(v, terms)
    return v


def sum_line(values: dict[int, float], terms: tuple[tuple[int, int], ...]) -> float:
    """One sum line: the signed ``terms`` ((sign, line), …) of ``values``; missing when a
    part is."""
    return add_known(*(values.get(i, NAN) if sign > 0 else _neg(values.get(i, NAN))
                       for sign, i in terms))

# |netto driftsresultat from the lines − the model's| up to half a unit per rammeområde is
# the source's rounding of the printed rammer (each rounded to 1000 kr, as the finans
# report's balance check); more is an unreconciled difference
ROUNDING_PER_RAMME = 0.5


def rounding(n_rammer: int) -> float:
    """The largest difference the rounding of ``n_rammer`` printed rammer explains."""
    return ROUNDING_PER_RAMME * max(int(n_rammer), 1)


# ---------------------------------------------------------------- helpers


def add_known(*values: float) -> float:
    """Sum that stays unknown when a part is unknown (a sum of unknowns is not 0)."""
    total = 0.0
    for v in values:
        if pd.isna(v):
            return NAN
        total += float(v)
    return total


def _neg(v: float) -> float:
    return NAN if pd.isna(v) else -float(v)


def _frame(paragraf: str, names: dict[int, str], sums: set[int],
           values: dict[int, dict[int, float]],
           folded: dict[int, dict[int, int]] | None = None) -> pd.DataFrame:
    """The tidy frame of a statement; ``folded``: year → {line: the line its amount is
    in} (adds the column ``inngaar_i``, 0 where a line is not folded)."""
    rows = [{"paragraf": paragraf, "linje_nr": nr, "linje": names[nr], "aar": int(y),
             "verdi": float(v) + 0.0 if not pd.isna(v) else NAN, "er_sum": nr in sums}
            for y, by_line in values.items() for nr, v in sorted(by_line.items())]
    out = _typed(pd.DataFrame(rows, columns=COLUMNS))
    if folded is not None:
        out["inngaar_i"] = [int(folded.get(int(r.aar), {}).get(int(r.linje_nr), 0))
                            for r in out.itertuples()]
        out["inngaar_i"] = out["inngaar_i"].astype(int)
    return out


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    out["verdi"] = out["verdi"].astype(float)
    out["er_sum"] = out["er_sum"].astype(bool)
    out["aar"] = out["aar"].astype(int)
    out["linje_nr"] = out["linje_nr"].astype(int)
    return out


def _economy(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None,
             e: Economy | None) -> Economy:
    """``e``, or the economy with the default assumptions every report shares."""
    return e if e is not None else economy(data, kommune, budsjettaar)


def _okp_values(data: dict[str, pd.DataFrame], knr: str, aar: int
                ) -> dict[tuple[str, str], float]:
    """The plan figures of ``okonomiplan.csv`` for one year, accounts' sign, summed per
    (tabell, post); a line the file does not have is absent (missing, not zero). One
    selection per year, not one per line (issue 30: the file's text columns are compared
    in Python)."""
    okp = data.get("okonomiplan")
    if okp is None:
        return {}
    sel = okp[(okp["kommunenummer"] == knr) & (okp["datatype"] == "okonomiplan")
              & (okp["aar"] == aar)]
    return {(str(t), str(p)): float(v) for (t, p), v in
            sel.groupby(["tabell", "post"], sort=False)["belop"].sum().items()}


def _plan_lines(data: dict[str, pd.DataFrame], knr: str, aar: int) -> dict[str, float]:
    """The plan's central lines for one year, turned to the regulation's signs."""
    values = _okp_values(data, knr, aar)

    def line(tabell: str, post: str) -> float:
        return values.get((tabell, post), NAN)

    v = {p: line("sentrale_inntekter", p)
         for p in ("rammetilskudd", "skatt_inntekt_formue", "eiendomsskatt",
                   "andre_statstilskudd")}
    out = {k: _neg(x) for k, x in v.items()}  # income positive
    out["avskrivninger"] = line("sentrale_utgifter", "avskrivninger")
    out["renteutgifter"] = line("finans", "renteutgifter")
    out["avdrag"] = line("finans", "avdrag")
    out["renteinntekter_utbytte"] = _neg(line("finans", "renteinntekter_utbytte"))
    out["til_fond"] = line("avsetninger", "til_ubundne_avsetninger")
    out["bruk_fond"] = line("avsetninger", "bruk_ubundne_avsetninger")
    out["tjenesteomrader"] = line("avsetninger", "avsetninger_tjenesteomrader")
    return out


# ---------------------------------------------------------------- § 5-4 andre ledd


def paragraf_5_4_2(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None) -> pd.DataFrame:
    """§ 5-4 andre ledd: net appropriation per rammeområde per plan year, printed so that
    its sum is første ledd's line 6 (module doc). Column ``post``: ``ramme`` (a
    rammeområde as the plan prints it, ``finans_rammer.csv``, level ``rammeomrade``),
    ``rest`` (the central area without what første ledd shows on its own lines, under the
    area's name), ``fond`` (the service areas' net fund movements, taken out) and ``sum``.
    Without a known central area the rammer are listed as printed and the sum is
    «Sum rammer», not line 6."""
    e = _economy(data, kommune, budsjettaar, e)
    knr = e.kommune.kommunenummer
    rows = []
    for y in e.plan_years:
        r = _rammer(data, knr, y)
        area = central_area(r)
        items = _moved_items(data, knr, y)
        seq = []
        for name, v in r.items():
            if name == area:
                rest = add_known(float(v), *[_neg(x) for _, _, x, c in items if c])
                seq.append((name, rest, "rest"))
            else:
                seq.append((name, float(v), "ramme"))
        if area is not None:
            fond = [x for code, _, x, c in items if not c]
            seq.append((FOND_5_4_2, _neg(add_known(*fond)), "fond"))
            total = add_known(*[v for _, v, _ in seq]) if seq else NAN
            seq.append((SUM_5_4_2, total, "sum"))
        else:
            seq.append((SUM_5_4_2_RAMMER, float(r.sum()) if not r.empty else NAN, "sum"))
        for i, (name, v, post) in enumerate(seq, start=1):
            rows.append({"paragraf": P_5_4_2, "linje_nr": i, "linje": name, "aar": int(y),
                         "verdi": float(v) + 0.0 if not pd.isna(v) else NAN,
                         "er_sum": post == "sum", "post": post})
    return _typed(pd.DataFrame(rows, columns=[*COLUMNS, "post"]))


# ---------------------------------------------------------------- reconciliation


def _moved_items(data: dict[str, pd.DataFrame], knr: str,
                 aar: int) -> list[tuple[str, str, float, bool]]:
    """The items the rammer (andre ledd) hold that første ledd shows on its own lines, as
    (item code, target line, amount contained in the rammer with the rammer's sign, whether
    the central rammeområde holds it). The codes: :data:`MOVED_ITEMS`."""
    p = _plan_lines(data, knr, aar)
    general = add_known(p["rammetilskudd"], p["skatt_inntekt_formue"], p["eiendomsskatt"],
                   p["andre_statstilskudd"])
    return [
        ("generelle_driftsinntekter", "1–5", _neg(general), True),
        ("avskrivninger", "7", p["avskrivninger"], True),
        ("motpost_avskrivninger", "16", _neg(p["avskrivninger"]), True),
        ("renteutgifter", "13", p["renteutgifter"], True),
        ("avdrag", "14", p["avdrag"], True),
        ("renteinntekter_utbytte", "10–11", _neg(p["renteinntekter_utbytte"]), True),
        ("disposisjonsfond", "21–22", add_known(p["til_fond"], p["bruk_fond"]), True),
        ("tjenesteomrader", "19–20", p["tjenesteomrader"], False),
    ]


# the codes of the items :func:`_moved_items` lists, in its order
MOVED_ITEMS = ("generelle_driftsinntekter", "avskrivninger", "motpost_avskrivninger",
               "renteutgifter", "avdrag", "renteinntekter_utbytte", "disposisjonsfond",
               "tjenesteomrader")
# the rows of the reconciliation (column ``post``), in their order; ``flyttet_ut`` is one
# row per moved item (column ``gjenstand``: the item's code), ``rest`` only where the
# central rammeområde is known (column ``omrade``: its name)
RECONCILIATION_ROWS = ("sum_andre_ledd", "flyttet_ut", "linje_6", "differanse", "rest",
                       "fra_linjene", "modell", "avvik")


def _line_6(data: dict[str, pd.DataFrame], knr: str, aar: int) -> float:
    r = _rammer(data, knr, aar)
    if r.empty:
        return NAN
    return add_known(float(r.sum()), *[_neg(v) for _, _, v, _ in _moved_items(data, knr, aar)])


def reconcile_5_4(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                  *, e: Economy | None = None) -> pd.DataFrame:
    """How the sum of § 5-4 andre ledd becomes line 6 «Sum bevilgninger drift, netto» of
    første ledd, per plan year.

    Rows (column ``post``, :data:`RECONCILIATION_ROWS`; the report's text module gives
    them their labels and the ``linje`` column): the sum of andre ledd; each item the
    rammer hold that første ledd shows on another line (``flyttet_ut``, item code in
    ``gjenstand``, target line in ``til_linje``), with the amount taken out (the negative
    of what the rammer hold); line 6; the difference (line 6 − sum of andre ledd, equal to
    the sum of the items). Whatever the central rammeområde (:func:`central_area`, Røros:
    Finans; its name in ``omrade`` on every row) holds beyond the listed items stays in
    line 6 (``rest``). Then the balance check: netto driftsresultat from lines 9, 15 and
    16, the economy model's figure (the plan's dispositions) and the difference, which is
    minus the sum of the rammer (0 when the rammer balance; the source rounds each ramme,
    so ±1–2; more is a plan out of balance, carried forward in line 25).
    Nothing is balanced by a plug: a difference is a row of its own.
    """
    e = _economy(data, kommune, budsjettaar, e)
    knr = e.kommune.kommunenummer
    first = paragraf_5_4_1(data, kommune, budsjettaar, e=e)
    rows = []
    for y in e.plan_years:
        r = _rammer(data, knr, y)
        total = float(r.sum()) if not r.empty else NAN
        items = _moved_items(data, knr, y)
        line6 = _line_6(data, knr, y)
        f = first[first["aar"] == y].set_index("linje_nr")["verdi"]
        area = central_area(r)
        bottom_up = add_known(f.get(9, NAN), f.get(15, NAN), f.get(16, NAN))
        model = e.value("netto_driftsresultat", y)
        seq = [("sum_andre_ledd", "", "", total, True)]
        seq += [("flyttet_ut", item, line, _neg(v), False) for item, line, v, _ in items]
        seq += [
            ("linje_6", "", "6", line6, True),
            ("differanse", "", "", add_known(line6, _neg(total)), True),
        ]
        if area is not None:
            rest = add_known(float(r[area]), *[_neg(v) for _, _, v, central in items
                                               if central])
            seq.append(("rest", "", "6", rest, False))
        seq += [
            ("fra_linjene", "", "", bottom_up, True),
            ("modell", "", "17", model, False),
            ("avvik", "", "", add_known(bottom_up, _neg(model)), True),
        ]
        for i, (post, item, line, v, is_sum) in enumerate(seq, start=1):
            rows.append({"paragraf": P_AVST, "linje_nr": i, "post": post, "gjenstand": item,
                         "omrade": area or "", "aar": int(y),
                         "verdi": float(v) + 0.0 if not pd.isna(v) else NAN,
                         "er_sum": is_sum, "til_linje": line,
                         "toleranse": rounding(len(r))})
    cols = [c for c in COLUMNS if c != "linje"]
    return _typed(pd.DataFrame(rows, columns=[*cols, "post", "gjenstand", "omrade",
                                              "til_linje", "toleranse"]))


def rest_rows(avstemming: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation's rest rows (one per year where the central area is known)."""
    return avstemming[avstemming["post"] == "rest"]


def unreconciled(avstemming: pd.DataFrame) -> dict[int, float]:
    """The years whose netto driftsresultat from the lines differs from the model's by more
    than the source's rounding (:func:`rounding`, column ``toleranse``), or cannot be
    computed: year → difference
    (NaN when unknown)."""
    a = avstemming[avstemming["post"] == "avvik"]
    return {int(r.aar): float(r.verdi) for r in a.itertuples()
            if pd.isna(r.verdi) or abs(r.verdi) > r.toleranse}


# ---------------------------------------------------------------- § 5-4 første ledd


def _result(from_lines: float, model: float, tol: float) -> float:
    """Line 17. The economy model's netto driftsresultat is the plan's dispositions (the
    result of a balanced plan); it is the line whenever the lines 9 + 15 + 16 give the same
    within the source's rounding (``tol``, see :func:`rounding`), so every report shows one
    figure. When
    they differ by more, the plan does not balance: the line is the result the
    appropriations give, and line 25 carries the difference forward (the reconciliation
    shows it and the report warns). Without the lines, the model's figure."""
    if pd.isna(from_lines) or pd.isna(model) or abs(from_lines - model) <= tol:
        return model
    return from_lines


def paragraf_5_4_1(data: dict[str, pd.DataFrame], kommune: str, budsjettaar: int | None = None,
                   *, e: Economy | None = None) -> pd.DataFrame:
    """§ 5-4 første ledd, bevilgningsoversikt drift, per plan year (lines in the module
    doc). ``e``: the economy (default: the shared assumptions)."""
    e = _economy(data, kommune, budsjettaar, e)
    knr = e.kommune.kommunenummer
    values: dict[int, dict[int, float]] = {}
    folded: dict[int, dict[int, int]] = {}
    for y in e.plan_years:
        p = _plan_lines(data, knr, y)
        v: dict[int, float] = {
            1: p["rammetilskudd"], 2: p["skatt_inntekt_formue"], 3: p["eiendomsskatt"],
            4: p["andre_statstilskudd"],
        }
        v[5] = sum_line(v, SUM_PARTS_5_4_1[5])
        v[6] = _line_6(data, knr, y)
        v[7] = p["avskrivninger"]
        v[8] = sum_line(v, SUM_PARTS_5_4_1[8])
        v[9] = sum_line(v, SUM_PARTS_5_4_1[9])
        # renter and utbytte: one figure in the data, on line 10 (line 11 folded in); the
        # plan's finance table has no gains or losses (module doc)
        fold: dict[int, int] = {}
        v[10] = p["renteinntekter_utbytte"]
        v[11] = 0.0 if not pd.isna(v[10]) else NAN
        if not pd.isna(v[10]):
            fold[11] = 10
        v[12] = 0.0 if not pd.isna(p["renteutgifter"]) else NAN
        v[13] = p["renteutgifter"]
        v[14] = p["avdrag"]
        v[15] = sum_line(v, SUM_PARTS_5_4_1[15])
        v[16] = p["avskrivninger"]
        v[17] = _result(add_known(v[9], v[15], v[16]), e.value("netto_driftsresultat", y),
                        rounding(len(_rammer(data, knr, y))))
        # the plan's table of dispositions has no transfer and no covering (module doc)
        has_table = any(not pd.isna(p[k]) for k in ("til_fond", "bruk_fond",
                                                    "tjenesteomrader"))
        v[18] = 0.0 if has_table else NAN
        # the service areas' fund movements: one net figure, on line 19 for a net
        # set-aside, on 20 for a net use; the other line folded into it
        net = p["tjenesteomrader"]
        v[19], v[20] = NAN, NAN
        if not pd.isna(net):
            on, other = (19, 20) if net >= 0 else (20, 19)
            v[on], v[other] = net, 0.0
            fold[other] = on
        v[21] = e.value("til_fond", y)
        v[22] = e.value("bruk_fond", y)
        v[23] = v[18]
        v[24] = sum_line(v, SUM_PARTS_5_4_1[24])
        v[25] = sum_line(v, SUM_PARTS_5_4_1[25])
        values[y] = v
        folded[y] = fold
    return _frame(P_5_4_1, LINES_5_4_1, SUMS_5_4_1, values, folded)
