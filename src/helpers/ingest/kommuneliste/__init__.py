"""Every Norwegian municipality of the 2024 division, shipped with the package.

The files beside this module (see ``LES-MEG.md`` there for sources and dates):

- ``kommuner_2024.csv``: the 357 municipalities (SSB KLASS 131), their county and, where a
  source gives it, their KOSTRA group with that source;
- ``kostragrupper_2020.csv``: the 17 KOSTRA groups (EKG01–EKG17) of SSB's 2020 grouping,
  still in force with the 2024 numbers, with criteria and number of members;
- ``kommunenummer_endringer.csv``: numbers that stopped on 31.12.2023 and what they became.

:func:`finn` looks a municipality up by number (also an old one) or name, ignoring case,
diacritics and the word «kommune»; an ambiguous name («Herøy») names every candidate.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from helpers.data.kommuner import UnknownKommune

LANDET_UTEN_OSLO = ("EAKUO", "Landet uten Oslo")
LANDET = ("EAK", "Landet")
AAR = 2024  # the division the list describes


@dataclass(frozen=True)
class Kommuneinfo:
    kommunenummer: str
    navn: str  # SSB's name, with the Sami or Kven form where it has one ("Røros - Rosse")
    fylkesnummer: str
    fylke: str
    kostragruppe: str | None  # "EKG11", or None when no source in the list gives it
    kostragruppe_kilde: str

    @property
    def navnedeler(self) -> list[str]:
        """The name's language forms ("Røros - Rosse" → ["Røros", "Rosse"])."""
        return [p.strip() for p in self.navn.split(" - ") if p.strip()]


@dataclass(frozen=True)
class Kostragruppe:
    kode: str
    navn: str
    folkemengde: str
    bundne_kostnader: str
    frie_disponible_inntekter: str
    antall_kommuner: int
    kilde: str


@dataclass(frozen=True)
class Endring:
    gammelt_nummer: str
    gyldig_til: str
    nytt_nummer: str
    nytt_navn: str
    endring: str  # "nytt_nummer", "sammenslåing" or "deling"
    kilde: str


@dataclass(frozen=True)
class Oppslag:
    """A lookup's answer: the municipality, and a note when an old number was given."""

    kommune: Kommuneinfo
    merknad: str = ""


class UkjentKommune(UnknownKommune):
    """No municipality, or more than one, answers to the text (message in bokmål)."""


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def kommuner() -> tuple[Kommuneinfo, ...]:
    """The 357 municipalities of the 2024 division, in number order."""
    return tuple(Kommuneinfo(r["kommunenummer"], r["navn"], r["fylkesnummer"], r["fylke"],
                             r["kostragruppe"] or None, r["kostragruppe_kilde"])
                 for r in _rows("kommuner_2024.csv"))


@cache
def kostragrupper() -> dict[str, Kostragruppe]:
    """The KOSTRA groups by code (``"EKG11"``)."""
    return {r["kode"]: Kostragruppe(r["kode"], r["navn"], r["folkemengde"],
                                    r["bundne_kostnader"], r["frie_disponible_inntekter"],
                                    int(r["antall_kommuner"]), r["kilde"])
            for r in _rows("kostragrupper_2020.csv")}


@cache
def endringer() -> tuple[Endring, ...]:
    """Numbers no longer in use and what became of them."""
    return tuple(Endring(r["gammelt_nummer"], r["gyldig_til"], r["nytt_nummer"],
                         r["nytt_navn"], r["endring"], r["kilde"])
                 for r in _rows("kommunenummer_endringer.csv"))


def tidligere_endringer() -> tuple[Endring, ...]:
    """Number changes before 2024 (1.1.2017, 1.1.2018, 1.1.2019 and the reform of 1.1.2020),
    in the numbers of their time: a 2020 number may have changed again in 2024 (see
    LES-MEG.md)."""
    return tuple(Endring(r["gammelt_nummer"], r["gyldig_til"], r["nytt_nummer"],
                         r["nytt_navn"], r["endring"], r["kilde"])
                 for r in _rows("kommunenummer_endringer_2018_2020.csv"))


def etter_nummer() -> dict[str, Kommuneinfo]:
    return {k.kommunenummer: k for k in kommuner()}


def medlemmer(gruppe: str, liste: tuple[Kommuneinfo, ...] | None = None
              ) -> list[Kommuneinfo]:
    """The municipalities the list (or ``liste``) places in a KOSTRA group (maybe not all of
    them: see :attr:`Kostragruppe.antall_kommuner`)."""
    return [k for k in (liste or kommuner()) if k.kostragruppe == gruppe]


def normaliser(text: str) -> str:
    """Lower case, no diacritics, æ/ø as ae/o, single spaces, no trailing «kommune»."""
    text = " ".join(str(text).casefold().split())
    text = text.replace("æ", "ae").replace("ø", "o")
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return text.removesuffix(" kommune").strip()


def _names(k: Kommuneinfo) -> set[str]:
    """Every form a user may type for ``k``: the full name, each language form, and each
    without its county in brackets ("Herøy (Nordland)" → "herøy")."""
    forms = {k.navn, *k.navnedeler}
    forms |= {f.split(" (")[0] for f in forms}
    return {normaliser(f) for f in forms}


def _candidates(ks: list[Kommuneinfo]) -> str:
    return " og ".join(f"{k.navn} ({k.kommunenummer})" if "(" in k.navn
                       else f"{k.navn} ({k.kommunenummer}, {k.fylke})" for k in ks)


def _before_2020(nummer: str, by_number: dict[str, Kommuneinfo]) -> Oppslag | None:
    """An old number of 2018–2020, followed through each later change to today's number;
    None if it is not one. A number that was split, or that merged into another, is named
    with what it became (the user must choose or confirm)."""
    later = {}
    for e in (*tidligere_endringer(), *endringer()):
        later.setdefault((e.gammelt_nummer, e.gyldig_til[:4]), []).append(e)
    path, current, year = [], nummer, None
    for (old, til), rows in sorted(later.items(), key=lambda kv: kv[0][1]):
        if old != current or (year is not None and int(til) < year):
            continue
        if len(rows) > 1:
            ks = [by_number[k] for k in _today(rows, later, by_number)]
            raise UkjentKommune(f"Kommunenummer {nummer} ble delt 1.1.{int(til) + 1}; i dag "
                                f"hører det til {_candidates(ks)}. Oppgi det nye nummeret.")
        path.append((rows[0], int(til) + 1))
        current, year = rows[0].nytt_nummer, int(til) + 1
    if not path or current not in by_number:
        return None
    ny = by_number[current]
    steps: list[str] = []
    for i, (e, y) in enumerate(path):
        same = i > 0 and e.nytt_nummer == path[i - 1][0].nytt_nummer
        if not same:
            steps.append(f"{e.nytt_nummer} fra 1.1.{y}")
        if e.endring == "sammenslåing":
            steps[-1] += f" (sammenslåing 1.1.{y})" if same else " (sammenslåing)"
    return Oppslag(ny, f"{nummer} er nå {ny.kommunenummer} {ny.navn} (nummeret ble endret: "
                       f"{', '.join(steps)}).")


def _today(rows, later, by_number) -> list[str]:
    """Today's numbers of the parts of a split (each followed through later changes)."""
    out = []
    for e in rows:
        n, y = e.nytt_nummer, int(e.gyldig_til[:4])
        for (old, til), nxt in sorted(later.items(), key=lambda kv: kv[0][1]):
            if old == n and int(til) > y and len(nxt) == 1:
                n, y = nxt[0].nytt_nummer, int(til)
        if n in by_number and n not in out:
            out.append(n)
    return out


def finn(text: str | int) -> Oppslag:
    """Find a municipality by kommunenummer, old kommunenummer or name.

    Raises :class:`UkjentKommune` (bokmål) for an unknown text, a name that fits several
    municipalities (naming each) or an old number that was split.
    """
    raw = str(text).strip()
    by_number = etter_nummer()
    if raw.isdigit() and len(raw) <= 4:
        nummer = raw.zfill(4)
        if nummer in by_number:
            return Oppslag(by_number[nummer])
        nye = [e for e in endringer() if e.gammelt_nummer == nummer]
        if len(nye) == 1:
            ny = by_number[nye[0].nytt_nummer]
            return Oppslag(ny, f"{nummer} er nå {ny.kommunenummer} {ny.navn} (nummeret ble "
                               f"endret fra 1.1.2024).")
        if nye:
            ks = [by_number[e.nytt_nummer] for e in nye]
            raise UkjentKommune(f"Kommunenummer {nummer} ble delt 1.1.2024 i {_candidates(ks)}."
                                " Oppgi det nye nummeret.")
        found = _before_2020(nummer, by_number)
        if found is not None:
            return found
        raise UkjentKommune(f"Finner ikke kommunenummer {nummer} i kommuneinndelingen for "
                            f"{AAR} (SSB) eller blant nummer som er endret siden 2018.")
    key = normaliser(raw)
    hits = [k for k in kommuner() if key in _names(k)]
    if not hits and " (" in key:  # "Os (Hedm.)" as KOSTRA writes it: try without brackets
        hits = [k for k in kommuner() if key.split(" (")[0] in _names(k)]
    if len(hits) == 1:
        return Oppslag(hits[0])
    if hits:
        raise UkjentKommune(f"«{raw}» kan være {_candidates(hits)}. Oppgi kommunenummeret "
                            f"eller hele navnet, f.eks. «{hits[0].navn}».")
    near = [k for k in kommuner() if any(n.startswith(key) for n in _names(k))] if key else []
    hint = f" Mente du {_candidates(near[:3])}?" if near else ""
    raise UkjentKommune(f"Finner ingen kommune som heter «{raw}» i kommuneinndelingen for "
                        f"{AAR} (SSB).{hint}")


_GROUP_CODE = re.compile(r"^EKG\d{2}$")
_GROUP_NAME = re.compile(r"^KOSTRA-gruppe (\d{1,2})$", re.IGNORECASE)


def _group_code(code: object, name: object) -> str:
    """KLASS 112 gives the group as the KOSTRA tables do (``EKG11``, «KOSTRA-gruppe 11»); a
    bare ``11`` or ``011`` named «KOSTRA-gruppe 11» becomes ``EKG11`` too."""
    text = str(code).strip()
    hit = _GROUP_NAME.match(str(name or "").strip())
    if text.isdigit() and hit and int(text) == int(hit.group(1)):
        return f"EKG{int(text):02d}"
    return text


def grupper_fra_klass(text: str, kilde: str) -> dict[str, tuple[str, str]]:
    """KOSTRA group per kommunenummer from a KLASS correspondence between classification 131
    (municipalities) and 112 (KOSTRA groups), as SSB's KLASS API returns it, in either
    direction: ``classifications/131/correspondsAt?targetClassificationId=112&date=…``
    gives ``correspondenceItems``, ``correspondencetables/{id}`` gives
    ``correspondenceMaps``; each item has ``sourceCode`` and ``targetCode``. Returns
    ``{kommunenummer: (group code, source)}``.

    Raises :class:`ValueError` (bokmål) for a file of another shape, a municipality in two
    groups, or a number that is not in the 2024 division.
    """
    try:
        doc = json.loads(text)
        items = doc.get("correspondenceItems", doc.get("correspondenceMaps"))
        pairs = [(str(m["sourceCode"]), _group_code(m["targetCode"], m.get("targetName")))
                 for m in items]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError("forventet en korrespondanse fra KLASS (JSON med "
                         "«correspondenceItems» eller «correspondenceMaps», hver med "
                         "«sourceCode» og «targetCode»)") from None
    known = etter_nummer()
    out: dict[str, tuple[str, str]] = {}
    for a, b in pairs:
        group, nummer = (a, b) if _GROUP_CODE.match(a) else (b, a)
        if not _GROUP_CODE.match(group):
            continue  # not a KOSTRA-group row (e.g. Longyearbyen or a note)
        if nummer not in known:
            raise ValueError(f"kommunenummer {nummer} (i {group}) finnes ikke i "
                             f"kommuneinndelingen for {AAR}; bruk korrespondansen for {AAR}")
        if nummer in out and out[nummer][0] != group:
            raise ValueError(f"kommunenummer {nummer} står i både {out[nummer][0]} og {group}")
        out[nummer] = (group, kilde)
    if not out:
        raise ValueError("fant ingen rader med KOSTRA-gruppe (EKG01–EKG17) i filen")
    return out


def med_grupper(grupper: dict[str, tuple[str, str]]) -> tuple[Kommuneinfo, ...]:
    """The list with these KOSTRA groups (from :func:`grupper_fra_klass`) in place of its
    own: a source file the user gives wins over the shipped list."""
    return tuple(
        Kommuneinfo(k.kommunenummer, k.navn, k.fylkesnummer, k.fylke, *grupper[k.kommunenummer])
        if k.kommunenummer in grupper else k for k in kommuner())
