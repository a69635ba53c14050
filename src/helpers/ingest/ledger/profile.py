"""Profiles: which columns of an accounting system's export hold what.

A profile is a small TOML file, one per accounting system (shipped ones in
``helpers/ingest/ledger/profiles/``; a municipality may write its own and give its path).
The format is documented in docs/bruk/hovedbok.md; an error in a profile names the file and
the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROFILE_DIR = Path(__file__).parent / "profiles"

# What an import needs or may use, in the data files' names.
FIELDS = ("ansvar", "art", "funksjon", "prosjekt", "periode", "aar", "belop", "kontoklasse",
          "kommunenummer")
REQUIRED = ("ansvar", "art", "funksjon", "belop")
CODE_FIELDS = ("art", "funksjon")  # KOSTRA codes of three digits
UNITS = ("kr", "1000 kr")
SIGNS = ("regnskap", "motsatt")
_TOP_KEYS = {"navn", "kilde", "bekreftet", "enhet", "fortegn", "desimal", "ark", "kolonner",
             "siffer", "kontoklasse"}


class ProfileError(ValueError):
    """A profile that cannot be used (bokmål message naming the file and key)."""


@dataclass(frozen=True)
class Digits:
    """Which digits of a longer code are the KOSTRA code (1-based, inclusive), and the
    code's full length (to put back leading zeros Excel dropped)."""

    fra: int
    til: int
    lengde: int | None = None


@dataclass(frozen=True)
class Profile:
    name: str              # the profile's short name (file stem), e.g. "visma"
    title: str             # the system, e.g. "Visma Enterprise"
    source: str            # where the column names come from
    confirmed: bool        # whether they were seen in a real export
    path: Path
    columns: dict[str, tuple[str, ...]]   # field → header names, first match wins
    digits: dict[str, Digits] = field(default_factory=dict)
    unit: str = "kr"
    sign: str = "regnskap"
    decimal: str = ","
    sheet: str | None = None
    klasse_from: str | None = None        # "kolonne" or "art"
    klasse_digit: int = 1                 # with klasse_from = "art": the digit to read
    drift: tuple[str, ...] = ("1",)
    investering: tuple[str, ...] = ("0",)

    def headers(self, what: str) -> tuple[str, ...]:
        return self.columns.get(what, ())


def available() -> dict[str, Path]:
    """The shipped profiles, by short name."""
    return {p.stem: p for p in sorted(PROFILE_DIR.glob("*.toml"))}


# tomllib's English messages → bokmål (what is wrong and what to write instead)
_TOML_PROBLEMS = (
    ("Unclosed array", "listen som begynner med «[», er ikke lukket med «]»"),
    ("Unclosed inline table", "tabellen som begynner med «{», er ikke lukket med «}»"),
    ("Expected '=' after a key", "forventet «nøkkel = verdi»; en nøkkel med mellomrom må stå "
                                 "i anførselstegn"),
    ("Illegal character", "teksten i anførselstegn er ikke lukket på samme linje"),
    ("Unterminated string", "teksten i anførselstegn er ikke lukket"),
    ("Cannot overwrite a value", "nøkkelen står to ganger"),
    ("Cannot declare", "tabellen ([…]) står to ganger"),
    ("Invalid value", "verdien er ikke gyldig – tekst må stå i anførselstegn "
                      "(«\"Ansvar\"»), en liste i [ ]"),
    ("Expected ']' at the end of a table", "tabellnavnet ([…]) er ikke lukket med «]»"),
    ("Expected newline or end of document", "noe står etter verdien på samme linje – én "
                                            "«nøkkel = verdi» per linje"),
)


def _toml_problem(path: Path, exc) -> str:
    text = str(exc)
    what = next((b for e, b in _TOML_PROBLEMS if text.startswith(e)),
                "filen er ikke gyldig TOML her")
    m = re.search(r"at line (\d+), column (\d+)", text)
    if m:
        line = int(m.group(1))
        lines = path.read_text(encoding="utf-8").splitlines()
        shown = f" («{lines[line - 1].strip()[:80]}»)" if 0 < line <= len(lines) else ""
        where = f", linje {line}, kolonne {m.group(2)}{shown}"
    else:
        where = ", ved slutten av filen"
    return f"Profilen {path.name}{where}: {what}."


def _fail(path: Path, key: str, text: str):
    raise ProfileError(f"Profilen {path.name}, nøkkelen «{key}»: {text}")


def _strings(path: Path, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str | int) and str(v).strip() for v in value):
        _fail(path, key, f"verdien {value!r} er ikke gyldig – forventet et kolonnenavn eller "
                         "en liste med kolonnenavn, f.eks. [\"Ansvar\", \"Ansvarsnr\"]")
    return tuple(str(v).strip() for v in value)


def load_profile(name_or_path: str | Path) -> Profile:
    """A shipped profile by name (``visma``) or a profile file by path."""
    text = str(name_or_path)
    shipped = available()
    if text in shipped:
        path = shipped[text]
    else:
        path = Path(text)
        if not path.exists():
            known = ", ".join(shipped)
            raise ProfileError(f"Fant ikke profilen «{text}» – forventet en av {known}, eller "
                               "stien til en profilfil (.toml)")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(_toml_problem(path, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"Profilen {path} kan ikke leses: {exc}") from None
    for key in raw:
        if key not in _TOP_KEYS:
            _fail(path, key, "ukjent nøkkel – forventet en av " + ", ".join(sorted(_TOP_KEYS)))
    cols = raw.get("kolonner")
    if not isinstance(cols, dict):
        _fail(path, "kolonner", "tabellen [kolonner] mangler – forventet hvilke kolonner som "
                                "har ansvar, art, funksjon og beløp")
    columns = {}
    for key, value in cols.items():
        if key not in FIELDS:
            _fail(path, f"kolonner.{key}", "ukjent felt – forventet en av " + ", ".join(FIELDS))
        columns[key] = _strings(path, f"kolonner.{key}", value)
    for key in REQUIRED:
        if key not in columns:
            _fail(path, f"kolonner.{key}", "mangler – forventet kolonnenavnet eksporten bruker")
    digits = {}
    for key, value in (raw.get("siffer") or {}).items():
        if key not in ("art", "funksjon") or not isinstance(value, dict):
            _fail(path, f"siffer.{key}", "forventet art eller funksjon = { fra = 1, til = 3 }")
        try:
            d = Digits(int(value["fra"]), int(value["til"]),
                       int(value["lengde"]) if "lengde" in value else None)
        except (KeyError, TypeError, ValueError):
            _fail(path, f"siffer.{key}", "forventet fra og til som heltall, f.eks. "
                                         "{ fra = 2, til = 4, lengde = 5 }")
        if d.til - d.fra != 2 or d.fra < 1 or (d.lengde is not None and d.lengde < d.til):
            _fail(path, f"siffer.{key}", f"fra {d.fra} til {d.til} er ikke tre siffer i koden "
                                         "– forventet tre siffer (KOSTRA-koden)")
        digits[key] = d
    unit = raw.get("enhet", "kr")
    if unit not in UNITS:
        _fail(path, "enhet", f"verdien «{unit}» er ikke gyldig – forventet kr eller 1000 kr")
    sign = raw.get("fortegn", "regnskap")
    if sign not in SIGNS:
        _fail(path, "fortegn", f"verdien «{sign}» er ikke gyldig – forventet regnskap "
                               "(inntekt negativ) eller motsatt (inntekt positiv)")
    decimal = raw.get("desimal", ",")
    if decimal not in (",", "."):
        _fail(path, "desimal", f"verdien «{decimal}» er ikke gyldig – forventet \",\" eller \".\"")
    klasse = raw.get("kontoklasse") or {}
    klasse_from = klasse.get("fra")
    if klasse_from not in (None, "kolonne", "art"):
        _fail(path, "kontoklasse.fra", f"verdien «{klasse_from}» er ikke gyldig – forventet "
                                       "kolonne eller art")
    if klasse_from == "kolonne" and "kontoklasse" not in columns:
        _fail(path, "kolonner.kontoklasse", "mangler – kontoklasse.fra = \"kolonne\" trenger "
                                            "kolonnenavnet")
    return Profile(
        name=path.stem, title=str(raw.get("navn", path.stem)), source=str(raw.get("kilde", "")),
        confirmed=bool(raw.get("bekreftet", False)), path=path, columns=columns,
        digits=digits, unit=unit, sign=sign, decimal=decimal, sheet=raw.get("ark"),
        klasse_from=klasse_from, klasse_digit=int(klasse.get("siffer", 1)),
        drift=_strings(path, "kontoklasse.drift", klasse.get("drift", ["1"])),
        investering=_strings(path, "kontoklasse.investering", klasse.get("investering", ["0"])),
    )
