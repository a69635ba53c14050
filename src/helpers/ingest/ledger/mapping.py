"""From an export's rows to ledger lines: the profile's columns, KOSTRA codes out of
longer codes, periods, kontoklasse (drift or investering) and the accounts' sign."""

from __future__ import annotations

import math
import re

from helpers.data.load import Problem
from helpers.ingest.ledger.profile import Digits, Profile
from helpers.ingest.ledger.reading import (
    MAX_PROBLEMS,
    Export,
    LedgerError,
    Line,
    _Bad,
    _norm,
    code_text,
    parse_amount,
    parse_period,
)

_WHAT = {"ansvar": "ansvar", "art": "art", "funksjon": "funksjon (eller tjeneste)",
         "belop": "beløp"}


def find_columns(export: Export, profile: Profile) -> dict[str, int]:
    """Field → column index, by the profile's header names (first one found wins)."""
    by_name: dict[str, int] = {}
    for j, h in enumerate(export.header):
        by_name.setdefault(_norm(h), j)
    out = {}
    for what, names in profile.columns.items():
        for name in names:
            if _norm(name) in by_name:
                out[what] = by_name[_norm(name)]
                break
    missing = [w for w in ("ansvar", "art", "funksjon", "belop") if w not in out]
    if missing:
        raise LedgerError([
            Problem(export.file, 1, None, None,
                    f"fant ingen kolonne for {_WHAT[w]} – profilen «{profile.name}» ser etter "
                    + ", ".join(f"«{n}»" for n in profile.headers(w))
                    + "; eksporten har " + ", ".join(f"«{h}»" for h in export.header if h))
            for w in missing])
    return out


def kostra_code(text: str, digits: Digits | None, what: str) -> str:
    """The three-digit KOSTRA code in a code cell (leading zeros put back)."""
    if digits is None:
        if re.fullmatch(r"\d{1,3}", text):
            return text.zfill(3)
        if re.fullmatch(r"\d{5}", text) and what == "funksjon":
            raise _Bad("en KOSTRA-funksjon med tre siffer; en tjeneste med fem siffer "
                       "(funksjonen og to siffer til) leses når profilen sier hvilke siffer "
                       "som er funksjonen ([siffer] funksjon = { fra = 1, til = 3 })")
        raise _Bad(f"en KOSTRA-{what} med tre siffer – har koden flere siffer, angi i "
                   f"profilen hvilke som er KOSTRA-koden ([siffer] {what} = "
                   "{ fra = ..., til = ... })")
    if not text.isdigit():
        raise _Bad(f"en kode med bare siffer, der siffer {digits.fra}–{digits.til} er "
                   f"KOSTRA-{what}en")
    if digits.lengde is not None and len(text) < digits.lengde:
        text = text.zfill(digits.lengde)
    if len(text) < digits.til:
        raise _Bad(f"en kode med minst {digits.til} siffer, der siffer "
                   f"{digits.fra}–{digits.til} er KOSTRA-{what}en")
    return text[digits.fra - 1:digits.til]


def to_lines(export: Export, profile: Profile, aar: int | None, kind: str) -> list[Line]:
    """Every data row as a :class:`Line`; every problem found is raised together."""
    cols = find_columns(export, profile)
    problems: list[Problem] = []
    lines: list[Line] = []

    def bad(n: int, j: int | None, value: object, expected: str) -> None:
        problems.append(Problem(export.file, n, export.labels[j] if j is not None else None,
                                value, expected))

    def get(values, what):
        j = cols.get(what)
        return (values[j] if j is not None and j < len(values) else None), j

    for n, values in export.rows:
        ok = True
        ansvar_v, ja = get(values, "ansvar")
        ansvar = code_text(ansvar_v)
        if not ansvar:
            bad(n, ja, None, "ansvaret er tomt – forventet ansvaret (kostnadsstedet) linjen "
                             "er ført på")
            ok = False
        codes = {}
        raw_art = ""
        for what in ("art", "funksjon"):
            v, j = get(values, what)
            text = code_text(v)
            if what == "art":
                raw_art = text
            if not text:
                bad(n, j, None, f"cellen er tom – forventet KOSTRA-{what}en")
                ok = False
                continue
            try:
                codes[what] = kostra_code(text, profile.digits.get(what), what)
            except _Bad as exc:
                bad(n, j, text, str(exc))
                ok = False
        v, jb = get(values, "belop")
        try:
            amount = parse_amount(v, profile.decimal)
            if math.isnan(amount):
                bad(n, jb, None, "beløpet er tomt – forventet et beløp (0 skrives 0)")
                ok = False
        except _Bad:
            bad(n, jb, v, "et beløp, f.eks. 1 234 567 eller -1 234,50")
            ok = False
            amount = 0.0
        year, periode = aar, None
        v, jp = get(values, "periode")
        if jp is not None and not (v is None or code_text(v) == ""):
            try:
                y, periode = parse_period(v)
                if y is not None:
                    if aar is not None and y != aar:
                        bad(n, jp, code_text(v), f"en periode i {aar} (året importen gjelder)")
                        ok = False
                    year = y
            except _Bad:
                bad(n, jp, code_text(v), "en periode som 3, 03, 202403 eller 2024-03")
                ok = False
        elif jp is not None and kind == "regnskap":
            bad(n, jp, None, "perioden er tom – forventet måneden 1–12")
            ok = False
        if kind == "regnskap" and periode is not None and not 1 <= periode <= 12:
            what = {0: " (inngående balanse)", 13: " (årsavslutning)"}.get(periode, "")
            bad(n, jp, code_text(v), f"en måned 1–12; periode {periode}{what} hører ikke til "
                                     "månedsregnskapet – ta den ut av eksporten")
            ok = False
        v, jy = get(values, "aar")
        if jy is not None and code_text(v):
            text = code_text(v)
            if not re.fullmatch(r"\d{4}", text) or (year is not None and int(text) != year):
                bad(n, jy, text, "et årstall" + (f" lik {year}" if year is not None else ""))
                ok = False
            else:
                year = int(text)
        klasse = "drift"
        if profile.klasse_from == "kolonne":
            v, jk = get(values, "kontoklasse")
            text = code_text(v)
            klasse = _klasse(text, profile)
            if klasse is None:
                bad(n, jk, text, "en kontoklasse for drift (" + ", ".join(profile.drift)
                                 + ") eller investering (" + ", ".join(profile.investering)
                                 + ")")
                ok = False
        elif profile.klasse_from == "art" and raw_art:
            d = profile.digits.get("art")
            full = raw_art.zfill(d.lengde) if d and d.lengde else raw_art
            digit = full[profile.klasse_digit - 1:profile.klasse_digit]
            klasse = _klasse(digit, profile)
            if klasse is None:
                bad(n, cols["art"], raw_art,
                    f"en art der siffer {profile.klasse_digit} er kontoklassen for drift ("
                    + ", ".join(profile.drift) + ") eller investering ("
                    + ", ".join(profile.investering) + ")")
                ok = False
        prosjekt_v, _ = get(values, "prosjekt")
        knr_v, _ = get(values, "kommunenummer")
        if len(problems) >= MAX_PROBLEMS:
            break
        if not ok:
            continue
        if profile.sign == "motsatt":
            amount = -amount
        lines.append(Line(n, year, periode, ansvar, codes["art"], codes["funksjon"],
                          code_text(prosjekt_v), klasse, amount,
                          code_text(knr_v).zfill(4) if code_text(knr_v) else None))
    if problems:
        shown: list = problems[:MAX_PROBLEMS]
        if len(problems) >= MAX_PROBLEMS:
            shown.append(f"lesingen stoppet etter {MAX_PROBLEMS} feil – rett dem og kjør "
                         "importen på nytt for å se resten")
        raise LedgerError(shown)
    if not lines:
        raise LedgerError([Problem(export.file, None, None, None,
                                   "eksporten har ingen linjer under overskriften – forventet "
                                   "minst én linje")])
    return lines


def _klasse(text: str, profile: Profile) -> str | None:
    t = text.strip().casefold()
    if t in {x.casefold() for x in profile.drift}:
        return "drift"
    if t in {x.casefold() for x in profile.investering}:
        return "investering"
    return None
