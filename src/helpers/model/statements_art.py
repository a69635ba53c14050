"""§ 5-6 of budsjett- og regnskapsforskriften (FOR-2019-06-07-714): økonomisk oversikt
etter art – drift, from art-level figures.

Sources of art-level figures: the accounting system's export the tertial report reads
(``regnskap.csv``, column ``art``), the year's budget per art (``budsjett.csv``) and the
KOSTRA accounts extract to SSB (:mod:`helpers.ingest.kostra_extract`, the «0A»/«0M» drift
records). The arts go to the lines through ``kontoplan_art_5_6.csv`` (data, one set of
rows per kontoplan year). The economic plan (``okonomiplan.csv``) has no figures per art,
so for the plan years :func:`plan_years_missing` returns every line as missing with the
reason, never figures made up from other tables.

Every function returns the columns of :mod:`helpers.model.statements` (``paragraf``,
``linje_nr``, ``linje``, ``aar``, ``verdi`` in 1000 kr, ``er_sum``); notes for the reader
(arts the mapping does not place, lines without source) are in ``frame.attrs["merknader"]``
as :class:`~helpers.model.statements.Finding` codes (worded by
:func:`helpers.reports.common_text.art_note`):

* ``ingen_linjer`` (aar, kilde): the source has no records for the year;
* ``bare_rammeomrade`` (aar): the budget is given per rammeområde only, without art;
* ``arter_utenfor`` (aar, kilde, arter: art → sum, sum): arts the mapping does not place;
* ``regnskap_feil`` (aar, feil): the accounts year cannot be set up (the mapping's error);
* ``ingen_art_budsjett`` (aar: the plan years, or none): the plan has no figures per art.

``kilde`` is the caller's name for the source: the codes ``kostra_uttrekk`` and
``budsjett`` (:func:`statement_5_6`) or a report's own.

Lines (as Giske kommune prints the statement for 2022, numbered as there):

 1 Rammetilskudd                         17 Renteinntekter
 2 Inntekts- og formuesskatt             18 Utbytter
 3 Eiendomsskatt                         19 Gevinster og tap på finansielle omløpsmidler
 4 Andre skatteinntekter                 20 Renteutgifter
 5 Andre overføringer og tilskudd        21 Avdrag på lån
   fra staten                            22 Netto finansutgifter (17 + 18 + 19 − 20 − 21)
 6 Overføringer og tilskudd fra andre    23 Motpost avskrivninger
 7 Brukerbetalinger                      24 Netto driftsresultat (16 + 22 + 23)
 8 Salgs- og leieinntekter               25 Overføring til investering
 9 Sum driftsinntekter (1–8)             26 Avsetninger til bundne driftsfond
10 Lønnsutgifter                         27 Bruk av bundne driftsfond
11 Sosiale utgifter                      28 Avsetninger til disposisjonsfond
12 Kjøp av varer og tjenester            29 Bruk av disposisjonsfond
13 Overføringer og tilskudd til andre    30 Dekning av tidligere års merforbruk
14 Avskrivninger                         31 Sum disponeringer eller dekning av netto
15 Sum driftsutgifter (10–14)               driftsresultat (25–30)
16 Brutto driftsresultat (9 − 15)        32 Fremført til inndekning i senere år
                                            (merforbruk) (31 − 24)

Line 32 is not in the printed excerpt that was found; its name is the one § 5-4 første
ledd and § 5-9 use for the same amount.

Sign convention (the regulation's presentation, as printed): incomes (1–8, 17, 18) and
expenses (10–14, 20, 21) are positive; line 19 is positive for a net gain; results (16,
22, 24) are positive for a surplus (22 is negative when finance costs exceed finance
income); 23 is positive; set-asides (25, 26, 28, 30) are positive and uses of funds (27,
29) negative; 32 is positive for an uncovered amount carried forward and 0 when the
accounts (or the budget) balance. The sources keep the accounts' sign (expenses
positive, incomes negative); lines 1–8, 17–19 and 23 are therefore the negated sum of
their arts, the others the sum (a use of a fund, art 940 or 950, is already negative).
"""

from __future__ import annotations

import pandas as pd

from helpers.model.labels import LINES_5_6, P_5_6
from helpers.model.statements import COLUMNS, NAN, Finding, add_known

PARAGRAF = P_5_6

SUMS_5_6 = {9, 15, 16, 22, 24, 31, 32}
# lines whose amount is the negated sum of their arts (income in the accounts' sign)
NEGATED = {1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 23}
DETAIL = [nr for nr in LINES_5_6 if nr not in SUMS_5_6]

class MappingError(ValueError):
    """The art-to-line mapping is missing for a year or names a line § 5-6 does not have."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def mapping_for(mapping: pd.DataFrame | None, aar: int) -> pd.DataFrame:
    """The mapping rows for ``aar``: the latest kontoplan year not after ``aar``."""
    if mapping is None or mapping.empty:
        raise MappingError("Koblingen fra KOSTRA-art til linje i § 5-6 mangler i "
                           "grunnlaget.")
    years = sorted(int(y) for y in mapping["aar"].unique() if int(y) <= int(aar))
    if not years:
        have = ", ".join(str(int(y)) for y in sorted(mapping["aar"].unique()))
        raise MappingError(f"Koblingen fra art til linje i § 5-6 har ingen kontoplan for "
                           f"{aar} eller tidligere (den har {have}).")
    m = mapping[mapping["aar"] == years[-1]]
    bad = m[~m["linje_nr"].astype(int).isin(DETAIL)]
    if len(bad):
        r = bad.iloc[0]
        raise MappingError(f"Koblingen fra art til linje i § 5-6 legger artene "
                           f"{r['art_fra']}–{r['art_til']} på linje {int(r['linje_nr'])}, som "
                           f"er en sumlinje eller ikke finnes – forventet en av linjene "
                           f"{', '.join(str(n) for n in DETAIL)}.")
    return m


def line_of(arts: pd.Series, m: pd.DataFrame) -> pd.Series:
    """The § 5-6 line of each art (NaN for an art the mapping does not place)."""
    out = pd.Series(NAN, index=arts.index, dtype=float)
    for r in m.itertuples():
        out[(arts >= r.art_fra) & (arts <= r.art_til)] = float(r.linje_nr)
    return out


def paragraf_5_6(records: pd.DataFrame, mapping: pd.DataFrame | None, aar: int,
                 *, source: str = "") -> pd.DataFrame:
    """§ 5-6 for one year from art-level ``records`` (columns ``art`` and ``belop`` in
    1000 kr with the accounts' sign, for that year only).

    A line no record maps to is 0 (the source holds every art that has an amount); when
    ``records`` is empty every line is missing. Arts the mapping does not place are left
    out and named, with their sum, in ``attrs["merknader"]``; line 32 then no longer
    equals the sum of all records, and the note says so.
    """
    m = mapping_for(mapping, aar)
    notes: list[Finding] = []
    if records is None or records.empty:
        out = _frame({int(aar): dict.fromkeys(LINES_5_6, NAN)})
        why = records.attrs.get("merknad") if records is not None else None
        out.attrs["merknader"] = [why or Finding("ingen_linjer",
                                                 {"aar": int(aar), "kilde": source})]
        return out
    arts = records["art"].astype(str)
    lines = line_of(arts, m)
    amounts = records["belop"].astype(float)
    v: dict[int, float] = {}
    for nr in DETAIL:
        s = float(amounts[lines == nr].sum())
        v[nr] = -s if nr in NEGATED else s
    v[9] = add_known(*(v[i] for i in range(1, 9)))
    v[15] = add_known(*(v[i] for i in range(10, 15)))
    v[16] = v[9] - v[15]
    v[22] = v[17] + v[18] + v[19] - v[20] - v[21]
    v[24] = v[16] + v[22] + v[23]
    v[31] = add_known(*(v[i] for i in range(25, 31)))
    v[32] = v[31] - v[24]
    unplaced = records[lines.isna()]
    if len(unplaced):
        by_art = unplaced.groupby(arts[lines.isna()])["belop"].sum()
        notes.append(Finding("arter_utenfor", {
            "aar": int(aar), "kilde": source,
            "arter": {str(a): float(b) for a, b in by_art.items()},
            "sum": float(by_art.sum())}))
    out = _frame({int(aar): v})
    out.attrs["merknader"] = notes
    return out


def _frame(values: dict[int, dict[int, float]]) -> pd.DataFrame:
    rows = [{"paragraf": PARAGRAF, "linje_nr": nr, "linje": LINES_5_6[nr], "aar": int(y),
             "verdi": float(v) + 0.0 if not pd.isna(v) else NAN, "er_sum": nr in SUMS_5_6}
            for y, by_line in values.items() for nr, v in sorted(by_line.items())]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["verdi"] = out["verdi"].astype(float)
    out["er_sum"] = out["er_sum"].astype(bool)
    return out


def plan_years_missing(years) -> pd.DataFrame:
    """Every line missing for the plan ``years``, with the reason in ``attrs``."""
    out = _frame({int(y): dict.fromkeys(LINES_5_6, NAN) for y in years})
    out.attrs["merknader"] = [Finding("ingen_art_budsjett")]
    return out


# ------------------------------------------------------------ record sources


def _to_1000kr(df: pd.DataFrame) -> pd.Series:
    unit = df["enhet"] if "enhet" in df else pd.Series("", index=df.index)
    b = df["belop"].astype(float)
    return b.where(unit == "1000 kr", b / 1000)


def records_from_accounts(data: dict[str, pd.DataFrame], kommunenummer: str, aar: int,
                          periode: int | None = None) -> pd.DataFrame:
    """Art-level records from ``regnskap.csv`` (kroner unless ``enhet`` says «1000 kr»),
    summed over the periods up to and including ``periode`` (all periods when None).
    Rows with a ``prosjekt`` are kept: the export is the operating accounts."""
    acc = data.get("regnskap")
    if acc is None:
        return pd.DataFrame(columns=["art", "belop"])
    sel = acc[(acc["kommunenummer"] == kommunenummer) & (acc["aar"] == int(aar))]
    if periode is not None:
        sel = sel[sel["periode"] <= int(periode)]
    return pd.DataFrame({"art": sel["art"].astype(str), "belop": _to_1000kr(sel)})


def records_from_budget(data: dict[str, pd.DataFrame], kommunenummer: str, aar: int,
                        versjon: str = "opprinnelig") -> pd.DataFrame:
    """Art-level records from ``budsjett.csv`` for one version. A budget with rows without
    an art (per rammeområde only) cannot go on § 5-6 lines: the result is then empty
    (every line missing) with the reason in ``attrs["merknad"]`` (a
    :class:`~helpers.model.statements.Finding`)."""
    bud = data.get("budsjett")
    if bud is None:
        return pd.DataFrame(columns=["art", "belop"])
    sel = bud[(bud["kommunenummer"] == kommunenummer) & (bud["aar"] == int(aar))
              & (bud["versjon"] == versjon)]
    if ((sel["art"] == "") & (sel["belop"] != 0)).any():
        out = pd.DataFrame(columns=["art", "belop"])
        out.attrs["merknad"] = Finding("bare_rammeomrade", {"aar": int(aar)})
        return out
    return pd.DataFrame({"art": sel["art"].astype(str), "belop": _to_1000kr(sel)})


def records_from_extract(extract: pd.DataFrame, kommunenummer: str, aar: int,
                         skjema: str = "0A", kvartal: str = "") -> pd.DataFrame:
    """Art-level records from a KOSTRA extract read by
    :func:`helpers.ingest.kostra_extract.read_extract`: the drift records of ``skjema``
    (``0A`` kommunekassen, ``0M`` konsolidert) for the municipality and year (the annual
    accounts, or the quarter ``kvartal`` of a quarterly file), already in 1000 kr with the
    accounts' sign."""
    from helpers.ingest.kostra_extract import operating

    sel = operating(extract, kommunenummer, aar, skjema, kvartal)
    return pd.DataFrame({"art": sel["art"].astype(str), "belop": sel["belop"].astype(float)})


# ------------------------------------------------------------ for a budget appendix


def statement_5_6(data: dict[str, pd.DataFrame], kommunenummer: str, plan_years,
                  extract: pd.DataFrame | None = None, skjema: str = "0A"
                  ) -> tuple[pd.DataFrame, list[str]]:
    """§ 5-6 for a budget document: one block per plan year and, with a KOSTRA
    ``extract`` (:func:`helpers.ingest.kostra_extract.read_extract`), the latest accounts
    year in it before the first plan year.

    A plan year whose adopted budget is in ``budsjett.csv`` per art (``versjon`` =
    ``opprinnelig``) gets its figures from there; every other plan year is missing, and
    the notes say that the source has no art-level budget. Returns the tidy frame (columns
    of :mod:`helpers.model.statements`) and the notes (findings, module doc) for the text
    under the table; the frame's ``attrs["kilder"]`` maps each year to «regnskap» or «budsjett»,
    and ``attrs["kvartal"]`` the accounts year to its quarter when the extract is a quarterly
    file (the accounts so far that year, not the year's).
    """
    mapping = data.get("kontoplan_art_5_6")
    years = [int(y) for y in plan_years]
    blocks: list[pd.DataFrame] = []
    notes: list[Finding] = []
    kilder: dict[int, str] = {}
    kvartal: dict[int, str] = {}
    if extract is not None and len(years):
        from helpers.ingest.kostra_extract import latest_period

        period = latest_period(extract, kommunenummer, skjema, before=years[0])
        if period is not None:
            y, q = period
            try:
                f = paragraf_5_6(records_from_extract(extract, kommunenummer, y, skjema, q),
                                 mapping, y, source="kostra_uttrekk")
                kilder[y] = "regnskap"
                if q:
                    kvartal[y] = q
            except MappingError as err:
                f = _frame({y: dict.fromkeys(LINES_5_6, NAN)})
                f.attrs["merknader"] = [Finding("regnskap_feil", {"aar": y, "feil": str(err)})]
            blocks.append(f)
            notes += f.attrs.get("merknader", [])
    missing = []
    for y in years:
        rec = records_from_budget(data, kommunenummer, y, "opprinnelig")
        if rec.empty:
            missing.append(y)
            continue
        f = paragraf_5_6(rec, mapping, y, source="budsjett")
        blocks.append(f)
        notes += f.attrs.get("merknader", [])
        kilder[y] = "budsjett"
    if missing:
        blocks.append(plan_years_missing(missing))
        notes.append(Finding("ingen_art_budsjett", {"aar": tuple(missing)}))
    out = pd.concat(blocks, ignore_index=True) if blocks else _frame({})
    out.attrs["kilder"] = kilder
    out.attrs["kvartal"] = kvartal
    return out, notes
