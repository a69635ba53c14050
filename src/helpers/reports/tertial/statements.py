"""The tertial report's statutory statements: §§ 5-4 and 5-5 første ledd (adopted budget,
revised budget, accounts to date, forecast and the change the forecast requires) and
§ 5-6 (økonomisk oversikt etter art – drift) from the budget and the accounts per art,
optionally with the last KOSTRA extract to SSB. Computed by
:mod:`helpers.model.statements_tertial` and :mod:`helpers.model.statements_art`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.kostra_extract import (
    extract_path,
    latest_period,
    period_label,
    read_extract,
)
from helpers.model.statements import (
    LINES_5_4_1,
    LINES_5_5_1,
    line_number,
    paragraf_5_4_1,
)
from helpers.model.statements_art import (
    MappingError,
    paragraf_5_6,
    records_from_accounts,
    records_from_budget,
    records_from_extract,
)
from helpers.model.statements_invest import paragraf_5_5_1
from helpers.model.statements_tertial import (
    COLUMNS_TERTIAL,
    L_CARRIED,
    L_DISPOSALS,
    paragraf_5_4_1_tertial,
    paragraf_5_5_1_tertial,
)
from helpers.presentation import report
from helpers.presentation.formatting import fmt_list, fmt_number
from helpers.reports.common_text import SIGN_TEXT_5_6, art_note  # noqa: F401 (SIGN_TEXT_5_6: the notebook)
from helpers.reports.tertial.analysis import TOTAL, Tertial
from helpers.reports.tertial.text import statement_note

SIGN_TEXT = ("Fortegn som i forskriftens oppstilling: inntekter og utgifter er positive tall; "
             "brutto driftsresultat, netto finansutgifter og netto driftsresultat er "
             "positive ved overskudd (netto finansutgifter er negative når finansutgiftene "
             "er større enn finansinntektene); avsetninger er positive og bruk av fond "
             "negativ; fremført beløp er positivt når et merforbruk må dekkes senere. "
             "Endringen er prognose minus revidert budsjett med samme fortegn som linjen: "
             "et negativt tall på en inntektslinje er mindreinntekt, et positivt tall på "
             "en utgiftslinje merforbruk. – betyr at tallet mangler.")

SIGN_TEXT_5_5 = ("Fortegn som i forskriftens oppstilling: investeringsutgiftene og "
                 "finansieringen (inntekter, overføring fra drift) er positive tall; "
                 "avsetninger til fond er positive og bruk av fond negativ, og i linje "
                 f"{line_number(LINES_5_5_1, 'Sum overføring fra drift og netto avsetninger')}"
                 " trekkes avsetningene fra og bruken legges til; fremført beløp er positivt "
                 "når et udekket beløp må dekkes senere. Endringen er prognose minus "
                 "revidert budsjett. – betyr at tallet mangler.")

HEADERS = {"opprinnelig": "Vedtatt budsjett", "revidert": "Revidert budsjett",
           "regnskap_hittil": "Regnskap hittil", "prognose": "Årsprognose",
           "endring": "Endring prognosen krever"}

MOTPOST = line_number(LINES_5_4_1, "Motpost avskrivninger")
# the lines the accounting system's budget is compared with the plan's on (plan_differences)
COMPARED = [line_number(LINES_5_4_1, n) for n in (
    "Rammetilskudd", "Inntekts- og formuesskatt", "Eiendomsskatt",
    "Andre generelle driftsinntekter", "Avskrivninger", "Renteutgifter", "Avdrag på lån",
    "Motpost avskrivninger")]

KEY_PREFIX = {"5-4 første ledd": "paragraf_5_4_1", "5-5 første ledd": "paragraf_5_5_1",
              "5-6": "paragraf_5_6"}


@dataclass
class Statements:
    drift: pd.DataFrame
    investering: pd.DataFrame
    art: pd.DataFrame | None
    notes_drift: list[str] = field(default_factory=list)
    notes_investering: list[str] = field(default_factory=list)
    notes_art: list[str] = field(default_factory=list)
    kostra_aar: int | None = None
    maintainer: list[str] = field(default_factory=list)
    kostra_kvartal: str = ""


def statements(t: Tertial, data: dict[str, pd.DataFrame], kostra_fil: str = "",
               data_dir: str = "") -> Statements:
    """§§ 5-4, 5-5 and 5-6 for the tertial (``kostra_fil``: a KOSTRA extract to add
    its accounts to § 5-6, absolute or relative to the data folder or the working folder;
    empty for none)."""
    year_end = t.tertial == 3
    forecasts = t.frames[t.frames["rammeomrade"] != TOTAL]
    drift = paragraf_5_4_1_tertial(t.lines, forecasts, year_end)
    notes_drift = [statement_note(f) for f in drift.attrs.get("merknader", [])]
    if year_end:
        notes_drift.append("Ved årsslutt er prognosen årets regnskap.")
    else:
        notes_drift.append("Avsetninger, bruk av fond og motpost avskrivninger føres i "
                           f"årsoppgjøret i desember. I regnskapet hittil er linje {MOTPOST} "
                           f"og {L_DISPOSALS} derfor ofte 0, og linje {L_CARRIED} er bare "
                           "nettoen av det som er ført så langt, ikke et beløp som er "
                           "fremført.")
    e = t.economy
    notes_drift += plan_differences(drift, data, t)
    if e is not None and e.investering is not None and t.aar in e.plan_years:
        adopted = paragraf_5_5_1(data, t.kommune.kommunenummer, None, e=e)
        plan = e.investering.base.plan.in_period()
        programme = plan[plan["aar"] == t.aar].groupby("prosjekt", as_index=False)["belop"].sum()
    else:
        adopted = pd.DataFrame(columns=["aar", "linje_nr", "verdi"])
        programme = pd.DataFrame(columns=["prosjekt", "belop"])
    inv = paragraf_5_5_1_tertial(adopted, t.projects, programme, t.aar)
    notes_inv = [statement_note(f) for f in inv.attrs.get("merknader", [])]
    if adopted.empty:
        notes_inv.insert(0, f"Økonomiplanen i grunnlaget har ikke investeringsbudsjett for "
                            f"{t.aar}.")

    art, notes_art, (kostra_aar, kvartal), maint = _art(t, data,
                                                        extract_path(kostra_fil, data_dir))
    return Statements(drift, inv, art, notes_drift, notes_inv, notes_art, kostra_aar, maint,
                      kvartal)


def plan_differences(drift: pd.DataFrame, data: dict[str, pd.DataFrame],
                     t: Tertial) -> list[str]:
    """Lines where the adopted budget in the accounting system differs from the economic
    plan's § 5-4 for the year (more than 1, the plan's rounding)."""
    e = t.economy
    if e is None or t.aar not in e.plan_years:
        return []
    plan = paragraf_5_4_1(data, t.kommune.kommunenummer, None, e=e)
    plan = plan[plan["aar"] == t.aar].set_index("linje_nr")["verdi"]
    own = drift.set_index("linje_nr")
    diffs = []
    for nr in COMPARED:
        a, b = own.loc[nr, "opprinnelig"], plan.get(nr, float("nan"))
        if not pd.isna(a) and not pd.isna(b) and abs(a - b) > 1:
            diffs.append(f"{own.loc[nr, 'linje'].lower()} (linje {nr}: "
                         f"{fmt_number(a, 0)} i budsjettet, {fmt_number(b, 0)} i "
                         "økonomiplanen)")
    if not diffs:
        return []
    return [f"Det vedtatte budsjettet i økonomisystemet er ikke likt økonomiplanen for "
            f"{t.aar} på {len(diffs)} {'linje' if len(diffs) == 1 else 'linjer'}: "
            f"{fmt_list(diffs)}. Tabellen viser budsjettet slik det er lagt inn i "
            "økonomisystemet."]


def _art(t: Tertial, data: dict[str, pd.DataFrame], kostra_fil: str):
    mapping = data.get("kontoplan_art_5_6")
    knr = t.kommune.kommunenummer
    notes: list[str] = []
    try:
        parts = {
            "opprinnelig": paragraf_5_6(records_from_budget(data, knr, t.aar, "opprinnelig"),
                                        mapping, t.aar, source="vedtatt budsjett"),
            "revidert": paragraf_5_6(records_from_budget(data, knr, t.aar, "revidert"),
                                     mapping, t.aar, source="revidert budsjett"),
            "regnskap_hittil": paragraf_5_6(records_from_accounts(data, knr, t.aar, t.periode),
                                            mapping, t.aar, source="regnskapet"),
        }
    except MappingError as err:
        return None, [f"Koblingen fra art til linje i den økonomiske oversikten mangler for "
                      f"{t.aar}, så oversikten etter art vises ikke."], (None, ""), [
                          f"{err} Koblingen ligger i kontoplan_art_5_6.csv (se data/README.md, "
                          "«kontoplan_art_5_6.csv»); legg inn radene for kontoplanåret."]
    maint: list[str] = []
    kostra_aar, kostra_kvartal = None, ""
    if kostra_fil:
        x = read_extract(kostra_fil)
        period = latest_period(x, knr, "0A")
        if period is not None:
            y, q = period
            try:
                parts["kostra"] = paragraf_5_6(records_from_extract(x, knr, y, "0A", q),
                                               mapping, y, source="KOSTRA-uttrekket")
                kostra_aar, kostra_kvartal = y, q
            except MappingError as err:
                maint.append(f"KOSTRA-uttrekket gjelder {period_label(y, q)}: {err} "
                             "Oversikten etter art vises uten KOSTRA-kolonnen.")
        else:
            notes.append("KOSTRA-uttrekket har ingen driftsposter (skjema 0A) for "
                         f"{t.kommune.navn}.")
    base = parts["revidert"][["paragraf", "linje_nr", "linje", "er_sum"]].copy()
    for name, p in parts.items():
        base[name] = p["verdi"].to_numpy()
        notes += [n for n in map(art_note, p.attrs.get("merknader", [])) if n not in notes]
    notes.append("Årsprognosen er gitt per rammeområde, ikke per art, så oversikten etter "
                 "art har ingen prognose.")
    if t.tertial < 3:
        notes.append("Avsetninger, bruk av fond og motpost avskrivninger føres i "
                     "årsoppgjøret; i regnskapet hittil er linje 32 bare nettoen av det som "
                     "er ført så langt.")
    return base, notes, (kostra_aar, kostra_kvartal), maint


def _bold_sums(styler, frame: pd.DataFrame):
    flags = list(frame["er_sum"])

    def style(row):
        return ["font-weight: bold" if flags[row.name] else ""] * len(row)

    return styler.apply(style, axis=1)


def statement_table(frame: pd.DataFrame, caption: str, columns: list[str] | None = None,
                    extra_headers: dict[str, str] | None = None):
    """A statement as a report table: line number, line and the value columns, sum lines
    in bold, missing values as –."""
    cols = columns or COLUMNS_TERTIAL
    heads = {**HEADERS, **(extra_headers or {})}
    shown = pd.DataFrame({"Nr.": frame["linje_nr"].astype(str), "Linje": frame["linje"]})
    for c in cols:
        shown[heads[c]] = frame[c].astype(float)
    shown = shown.reset_index(drop=True)
    styler = report.table(shown, caption=caption, text_columns=["Nr.", "Linje"])
    return _bold_sums(styler, frame.reset_index(drop=True))


def art_columns(s: Statements, t: Tertial) -> tuple[list[str], dict[str, str]]:
    cols = ["opprinnelig", "revidert", "regnskap_hittil"]
    heads = {}
    if s.art is not None and "kostra" in s.art:
        cols.append("kostra")
        heads["kostra"] = f"Regnskap {period_label(s.kostra_aar, s.kostra_kvartal)} (KOSTRA)"
    return cols, heads


def statement_key_figures(s: Statements, t: Tertial) -> pd.DataFrame:
    """rapport=tertial: one key per statement and column (``paragraf_5_4_1_revidert`` …,
    ``paragraf_5_6_regnskap_hittil``), ``dimensjon`` = the line's name, 1000 kr, the
    regulation's signs; missing figures are left out."""
    from helpers.presentation.nokkeltall import key_figure_frame

    recs = []
    frames = [s.drift, s.investering] + ([s.art] if s.art is not None else [])
    for f in frames:
        for r in f.to_dict("records"):
            prefix = KEY_PREFIX[r["paragraf"]]
            for c in COLUMNS_TERTIAL + ["kostra"]:
                v = r.get(c)
                if v is None or pd.isna(v):
                    continue
                aar = s.kostra_aar if c == "kostra" else t.aar
                recs.append({"rapport": "tertial", "nokkel": f"{prefix}_{c}",
                             "kommune": t.kommune.navn, "aar": aar, "dimensjon": r["linje"],
                             "verdi": round(float(v), 3), "enhet": "1000 kr"})
    return key_figure_frame(recs)
