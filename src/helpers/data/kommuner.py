"""Look up municipalities by name, alias or kommunenummer (the shared ``kommune`` parameter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only in annotations: importing this module does not load pandas
    import pandas as pd


class UnknownKommune(ValueError):
    """A municipality name or number that ``kommuner.csv`` does not list."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True)
class Kommune:
    kommunenummer: str
    navn: str
    type: str

    @property
    def visningsnavn(self) -> str:
        """'Røros kommune' (or the group's name as it is)."""
        return f"{self.navn} kommune" if self.type == "kommune" else self.navn


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def resolve(kommuner: pd.DataFrame, kommune: str | int) -> Kommune:
    """Find a municipality or group by kommunenummer, name or alias (case-insensitive)."""
    key = _norm(kommune)
    if key.isdigit():
        key = key.zfill(4)
    for _, row in kommuner.iterrows():
        names = {_norm(row["kommunenummer"]), _norm(row["navn"])}
        names |= {_norm(a) for a in str(row.get("alias", "") or "").split("|") if a.strip()}
        if key in names:
            return Kommune(row["kommunenummer"], row["navn"], row["type"])
    known = ", ".join(f"{r.navn} ({r.kommunenummer})" for r in kommuner.itertuples())
    raise UnknownKommune(f"Kjenner ikke kommunen «{kommune}». Kjente kommuner: {known}. "
                         "Legg den til i data/kommuner.csv.")


def resolve_many(kommuner: pd.DataFrame, names: list[str] | None) -> list[Kommune]:
    """Resolve a list (``None`` gives an empty list)."""
    return [resolve(kommuner, n) for n in (names or [])]


def default_comparison(kommuner: pd.DataFrame, chosen: Kommune) -> list[Kommune]:
    """Every other municipality in ``kommuner.csv`` (groups left out)."""
    rows = kommuner[(kommuner["type"] == "kommune") & (kommuner["kommunenummer"]
                                                       != chosen.kommunenummer)]
    return [Kommune(r.kommunenummer, r.navn, r.type) for r in rows.itertuples()]


def comparison(kommuner: pd.DataFrame, chosen: Kommune,
               sammenligning: list[str] | None) -> list[Kommune]:
    """The comparison set: the named ones, or the default when none are named."""
    if sammenligning:
        return [k for k in resolve_many(kommuner, sammenligning)
                if k.kommunenummer != chosen.kommunenummer]
    return default_comparison(kommuner, chosen)


def name_of(kommuner: pd.DataFrame) -> dict[str, str]:
    """kommunenummer → navn."""
    return dict(zip(kommuner["kommunenummer"], kommuner["navn"], strict=True))
