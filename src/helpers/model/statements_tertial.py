"""§§ 5-4 and 5-5 (første ledd) of budsjett- og regnskapsforskriften for a tertial: the
adopted budget, the revised budget, the accounts to date, the year-end forecast and the
change the forecast would require (forecast − revised budget), per line.

The functions take the tertial's own tables (one row per ansvar/art/funksjon with
``rammeomrade``, ``regnskap_hittil``, ``budsjett_opprinnelig`` and ``budsjett_revidert``,
and the forecast deviation per rammeområde), so they sit below the report that builds
those tables. Lines and their order are those of :mod:`helpers.model.statements`
(:data:`~helpers.model.statements.LINES_5_4_1`, :data:`~helpers.model.statements.LINES_5_5_1`);
so are the sign convention and the sums.

Which line a budget or accounts row goes on (§ 5-4 første ledd)
---------------------------------------------------------------
By KOSTRA art (and, for line 4, function), numbered as the layout numbers the lines today
(:data:`ART_LINES_5_4` names the lines, so a renumbered layout moves the arts with them):
1 rammetilskudd 800; 2 inntekts- og formuesskatt 870; 3 eiendomsskatt 874–875; 4 andre
generelle driftsinntekter: other incomes (600–899) on the functions for general incomes,
800 (skatt) and 840 (statstilskudd); 7 avskrivninger 590; 10 renteinntekter 900–901;
11 utbytter 905; 12 gevinster og tap 509 and 909; 13 renteutgifter 500–501; 14 avdrag
510–511; 16 motpost avskrivninger 990; 18 overføring til investering 570; 19 avsetninger
til bundne driftsfond 550; 20 bruk av bundne driftsfond 950; 21 avsetninger til
disposisjonsfond 540–548; 22 bruk av disposisjonsfond 940; 23 dekning av tidligere års
merforbruk 530. Every other row is the rammeområdenes netto bevilgning, line 6. Every row
is on exactly one line, so line 25 is the sum of all rows with the accounts' sign (0 when
the budget balances). A budget given per rammeområde only (rows without art) cannot be put
on lines: its columns are missing except line 25.

The forecast per line
---------------------
The forecast is given per rammeområde (``prognose_avvik``, positive = merforbruk), not per
line. A rammeområde's deviation is about its net appropriation, so it is put on line 6
when the rammeområde has none of the rows of the general incomes, the finance lines and
the counter-entry for depreciation (1–4, 10–14 and 16) – depreciation or fund rows on a
service area's own functions do not change that; a rammeområde that has such rows
(Finans) has not said which of its lines the deviation belongs to, so every line it has
rows on is missing in the forecast columns, and so is every sum over them. Lines 17
and 25 are then still known from the total: the forecast moves netto driftsresultat by
minus the total deviation (as the tertial report's own «netto driftsresultat med
prognosen») and, with the dispositions as budgeted, line 25 by the total deviation. At
year-end (tertial 3) the forecast is the year's accounts, line by line.
"""

from __future__ import annotations

import pandas as pd

from helpers.model.statements import (
    LINES_5_4_1,
    LINES_5_5_1,
    NAN,
    P_5_4_1,
    P_5_5_1,
    SUM_PARTS_5_4_1,
    SUM_PARTS_5_5_1,
    SUMS_5_4_1,
    SUMS_5_5_1,
    Finding,
    add_known,
    line_number,
    with_sums,
)

COLUMNS_TERTIAL = ["opprinnelig", "revidert", "regnskap_hittil", "prognose", "endring"]
KEY_COLUMNS = ["paragraf", "linje_nr", "linje", "er_sum"] + COLUMNS_TERTIAL


def _nr(name: str) -> int:
    return line_number(LINES_5_4_1, name)


# (art from, art to, line) – line 4 and line 6 are decided in :func:`line_5_4`
ART_LINES_5_4 = [(lo, hi, _nr(name)) for lo, hi, name in [
    ("800", "800", "Rammetilskudd"), ("870", "870", "Inntekts- og formuesskatt"),
    ("874", "875", "Eiendomsskatt"), ("590", "590", "Avskrivninger"),
    ("900", "901", "Renteinntekter"), ("905", "905", "Utbytter"),
    ("509", "509", "Gevinster og tap på finansielle omløpsmidler"),
    ("909", "909", "Gevinster og tap på finansielle omløpsmidler"),
    ("500", "501", "Renteutgifter"), ("510", "511", "Avdrag på lån"),
    ("990", "990", "Motpost avskrivninger"), ("570", "570", "Overføring til investering"),
    ("550", "550", "Avsetninger til bundne driftsfond"),
    ("950", "950", "Bruk av bundne driftsfond"),
    ("540", "548", "Avsetninger til disposisjonsfond"),
    ("940", "940", "Bruk av disposisjonsfond"),
    ("530", "530", "Dekning av tidligere års merforbruk"),
]]
GENERAL_FUNCTIONS = ("800", "840")
L_GENERAL = _nr("Andre generelle driftsinntekter")
L_APPROPRIATIONS = _nr("Sum bevilgninger drift, netto")  # line 6
L_RESULT = _nr("Netto driftsresultat")
L_DISPOSALS = _nr("Sum disponeringer eller dekning av netto driftsresultat")
L_CARRIED = _nr("Fremført til inndekning i senere år (merforbruk)")
# incomes: shown positive
NEGATED_5_4 = {_nr(n) for n in ("Rammetilskudd", "Inntekts- og formuesskatt", "Eiendomsskatt",
                                "Andre generelle driftsinntekter", "Renteinntekter",
                                "Utbytter", "Gevinster og tap på finansielle omløpsmidler",
                                "Motpost avskrivninger")}
# general incomes, finance, motpost: the lines a service area's forecast is not about
CENTRAL_LINES = NEGATED_5_4 | {_nr("Renteutgifter"), _nr("Avdrag på lån")}
# the detail lines (6 is the sum of andre ledd, a detail line here)
DETAIL_5_4 = [n for n in LINES_5_4_1 if n not in SUMS_5_4_1 or n == L_APPROPRIATIONS]


def line_5_4(art: str, funksjon: str) -> int:
    """The § 5-4 første ledd line of one row (module doc)."""
    for lo, hi, line in ART_LINES_5_4:
        if lo <= art <= hi:
            return line
    if funksjon in GENERAL_FUNCTIONS and "600" <= art <= "899":
        return L_GENERAL
    return L_APPROPRIATIONS


def _sums_5_4(v: dict[int, float]) -> dict[int, float]:
    return with_sums({n: x for n, x in v.items() if n in DETAIL_5_4}, SUM_PARTS_5_4_1)


def _column(lines: pd.DataFrame, col: str) -> dict[int, float]:
    if ((lines["art"] == "") & (lines[col] != 0)).any():
        # a budget per rammeområde only: no line can be told, but the total can
        v = dict.fromkeys(LINES_5_4_1, NAN)
        v[L_CARRIED] = float(lines[col].sum())
        return v
    by = lines.groupby("linje_5_4")[col].sum()
    v = {}
    for nr in DETAIL_5_4:
        s = float(by.get(nr, 0.0))  # the export holds every row: no row is nothing booked
        v[nr] = -s if nr in NEGATED_5_4 else s
    return _sums_5_4(v)


def _touched(lines: pd.DataFrame) -> dict[str, set[int]]:
    live = lines[(lines["budsjett_revidert"] != 0) | (lines["regnskap_hittil"] != 0)]
    return {r: set(g["linje_5_4"]) for r, g in live.groupby("rammeomrade")}


def paragraf_5_4_1_tertial(lines: pd.DataFrame, forecasts: pd.DataFrame,
                           year_end: bool) -> pd.DataFrame:
    """§ 5-4 første ledd for the tertial. ``lines``: the tertial's rows (module doc);
    ``forecasts``: ``rammeomrade`` and ``aarsprognose_avvik`` (1000 kr, accounts' sign;
    NaN for a rammeområde without a forecast; a ``Totalt`` row is ignored).

    Returns one row per line with :data:`COLUMNS_TERTIAL` (regulation's signs) and
    ``attrs["merknader"]``: :class:`~helpers.model.statements.Finding` codes
    (``prognose_uten_linjer``: omrader, avvik; ``uten_prognose``: omrader;
    ``budsjett_uten_art``: versjoner, linje) saying which forecasts could not be placed on
    lines, worded by :func:`helpers.reports.tertial.text.statement_note`."""
    lines = lines.assign(linje_5_4=[line_5_4(a, f) for a, f in
                                    zip(lines["art"], lines["funksjon"], strict=True)])
    cols = {c: _column(lines, src) for c, src in (("opprinnelig", "budsjett_opprinnelig"),
                                                   ("revidert", "budsjett_revidert"),
                                                   ("regnskap_hittil", "regnskap_hittil"))}
    notes: list[Finding] = []
    if year_end:
        prog = dict(cols["regnskap_hittil"])
        change = {n: add_known(prog[n], -cols["revidert"][n]) for n in LINES_5_4_1}
    else:
        fc = forecasts[forecasts["rammeomrade"] != "Totalt"]
        dev = dict(zip(fc["rammeomrade"], fc["aarsprognose_avvik"].astype(float), strict=True))
        touched = _touched(lines)
        change_d = dict.fromkeys(DETAIL_5_4, 0.0)
        unknown: set[int] = set()
        unplaced = []
        for area, used in touched.items():
            d = dev.get(area, NAN)
            if pd.isna(d):
                unknown |= used
                unplaced.append((area, d))
            elif used & CENTRAL_LINES:
                unknown |= used
                unplaced.append((area, d))
            else:
                change_d[L_APPROPRIATIONS] += d
        for nr in unknown:
            change_d[nr] = NAN
        change = _sums_5_4({n: (-x if n in NEGATED_5_4 and not pd.isna(x) else x)
                            for n, x in change_d.items()})
        total = sum(dev.get(a, NAN) for a in touched) if touched else NAN
        if pd.isna(change[L_RESULT]) and not pd.isna(total):
            change[L_RESULT] = -total
        if (pd.isna(change[L_CARRIED]) and not pd.isna(total)
                and not pd.isna(change[L_DISPOSALS])):
            change[L_CARRIED] = add_known(change[L_DISPOSALS], -change[L_RESULT])
        prog = {n: add_known(cols["revidert"][n], change[n]) for n in LINES_5_4_1}
        known = [a for a, d in unplaced if not pd.isna(d)]
        if known:
            notes.append(Finding("prognose_uten_linjer", {
                "omrader": known, "avvik": [float(dev[a]) for a in known]}))
        missing = [a for a, d in unplaced if pd.isna(d)]
        if missing:
            notes.append(Finding("uten_prognose", {"omrader": missing}))
    no_art = [c for c, src in (("opprinnelig", "budsjett_opprinnelig"),
                                ("revidert", "budsjett_revidert"))
              if ((lines["art"] == "") & (lines[src] != 0)).any()]
    if no_art:
        notes.append(Finding("budsjett_uten_art", {"versjoner": no_art, "linje": L_CARRIED}))
    cols["prognose"] = prog
    cols["endring"] = change
    out = _table(P_5_4_1, LINES_5_4_1, SUMS_5_4_1, cols)
    out.attrs["merknader"] = notes
    return out


def _table(paragraf: str, names: dict[int, str], sums: set[int],
           cols: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = []
    for nr, name in names.items():
        row = {"paragraf": paragraf, "linje_nr": nr, "linje": name, "er_sum": nr in sums}
        for c in COLUMNS_TERTIAL:
            v = cols[c].get(nr, NAN)
            row[c] = float(v) + 0.0 if not pd.isna(v) else NAN
        rows.append(row)
    out = pd.DataFrame(rows, columns=KEY_COLUMNS)
    for c in COLUMNS_TERTIAL:
        out[c] = out[c].astype(float)
    return out


def paragraf_5_5_1_tertial(adopted: pd.DataFrame, status: pd.DataFrame,
                           programme: pd.DataFrame, aar: int) -> pd.DataFrame:
    """§ 5-5 første ledd for the tertial.

    ``adopted``: :func:`helpers.model.statements.paragraf_5_5_1` (the adopted budget, all
    plan years; the year ``aar`` is used). ``status``: the projects' status this tertial
    (``prosjekt``, ``budsjett_aar`` = revised, ``regnskap_hittil``, ``prognose_aar``).
    ``programme``: the adopted investment programme of the year (``prosjekt``, ``belop``).

    The data hold investment accounts and revised budgets only for the projects in the
    status file, and no financing at all. Line 1 (and the sum, line 6, when lines 2–5 are
    0 in the adopted budget) is filled only when the status file covers every project of
    the adopted programme; otherwise it is missing and ``attrs["merknader"]`` gives the
    covered projects' figures (finding ``status_delvis``; ``ingen_status`` without a
    status file; ``ingen_finansiering`` always, see
    :func:`helpers.reports.tertial.text.statement_note`). The financing lines are missing
    in all but the adopted column.
    """
    a = adopted[adopted["aar"] == int(aar)].set_index("linje_nr")["verdi"]
    cols: dict[str, dict[int, float]] = {c: {} for c in COLUMNS_TERTIAL}
    cols["opprinnelig"] = {int(n): float(v) for n, v in a.items()}
    notes: list[Finding] = []
    planned = set(programme.loc[programme["belop"] != 0, "prosjekt"]) if len(programme) else set()
    covered = set(status["prosjekt"]) if len(status) else set()
    complete = bool(planned) and planned <= covered
    fixed = line_number(LINES_5_5_1, "Investeringer i varige driftsmidler")
    total_nr = line_number(LINES_5_5_1, "Sum investeringsutgifter")
    others = [i for _, i in SUM_PARTS_5_5_1[total_nr] if i != fixed]
    only_line_1 = all(cols["opprinnelig"].get(n, NAN) == 0 for n in others)
    if complete and len(status):
        rev = float(status["budsjett_aar"].sum())
        acc = float(status["regnskap_hittil"].sum())
        prog = (float(status["prognose_aar"].sum()) if status["prognose_aar"].notna().all()
                else NAN)
        for c, v in (("revidert", rev), ("regnskap_hittil", acc), ("prognose", prog)):
            cols[c][fixed] = v
            if only_line_1:
                cols[c].update({**dict.fromkeys(others, 0.0), total_nr: v})
        cols["endring"][fixed] = add_known(prog, -rev)
        if only_line_1:
            cols["endring"][total_nr] = cols["endring"][fixed]
    elif len(status):
        n_plan = len(planned)
        share = float(programme.loc[programme["prosjekt"].isin(covered), "belop"].sum())
        total = float(programme["belop"].sum())
        prog_known = status["prognose_aar"].notna()
        notes.append(Finding("status_delvis", {
            "prosjekter_med_status": len(covered), "prosjekter": n_plan,
            "belop_med_status": share, "belop": total,
            "revidert": float(status["budsjett_aar"].sum()),
            "regnskap_hittil": float(status["regnskap_hittil"].sum()),
            "prognose": (float(status["prognose_aar"].sum()) if prog_known.all() else None),
            "uten_prognose": int((~prog_known).sum())}))
    else:
        notes.append(Finding("ingen_status"))
    notes.append(Finding("ingen_finansiering"))
    out = _table(P_5_5_1, LINES_5_5_1, SUMS_5_5_1, cols)
    out.attrs["merknader"] = notes
    return out
