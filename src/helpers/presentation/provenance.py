"""What a figure rests on (its *grunnlag*), for every layer: the model assigns it, the
tables mark it, the sentences and ``nokkeltall.csv`` say it.

Six kinds (:class:`Grunnlag`):

- ``plan``: the municipality's adopted or proposed budget/økonomiplan;
- ``regnskap``: its accounts;
- ``statistikk``: a public statistic (table, codes, date), e.g. KOSTRA from SSB;
- ``beregnet``: an exact calculation from figures of the kinds above;
- ``anslag``: an estimate, resting on an assumption or an approximation (which it
  says: :attr:`Kilde.antar`);
- ``eksempel``: invented example data.

Provenance flows through sums (:func:`combine`): a figure with an invented part is an
example, one with an estimated part is an estimate, a calculation from different kinds is
``beregnet``, and a sum of figures of one kind keeps that kind.

>>> combine(Grunnlag.PLAN, Grunnlag.PLAN)
<Grunnlag.PLAN: 'plan'>
>>> combine(Grunnlag.PLAN, Grunnlag.STATISTIKK)
<Grunnlag.BEREGNET: 'beregnet'>
>>> combine(Grunnlag.PLAN, Grunnlag.ANSLAG, Grunnlag.STATISTIKK)
<Grunnlag.ANSLAG: 'anslag'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Grunnlag(StrEnum):
    """The kind of source a figure rests on; the value is the code in ``nokkeltall.csv``."""

    PLAN = "plan"
    REGNSKAP = "regnskap"
    STATISTIKK = "statistikk"
    BEREGNET = "beregnet"
    ANSLAG = "anslag"
    EKSEMPEL = "eksempel"

    @property
    def label(self) -> str:
        """The kind in bokmål, for a legend or a table column."""
        return LABELS[self]

    @property
    def is_estimate(self) -> bool:
        """True for an estimate or an invented figure: what a table marks and a
        statement must not print."""
        return self in (Grunnlag.ANSLAG, Grunnlag.EKSEMPEL)

    @classmethod
    def parse(cls, value: object) -> Grunnlag | None:
        """A kind from its code (or a kind); None for a missing or unknown value."""
        if isinstance(value, Grunnlag):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            return None


LABELS: Mapping[Grunnlag, str] = {
    Grunnlag.PLAN: "Kommunens budsjett/økonomiplan",
    Grunnlag.REGNSKAP: "Kommunens regnskap",
    Grunnlag.STATISTIKK: "Offentlig statistikk",
    Grunnlag.BEREGNET: "Beregnet av tallene over",
    Grunnlag.ANSLAG: "Anslått",
    Grunnlag.EKSEMPEL: "Eksempel – oppdiktede tall",
}

# The mark after an estimated figure in a table, and after an invented one. Text, not
# colour, so it reaches the tagged PDF, a screen reader and a copy-paste.
MARKS: Mapping[Grunnlag, str] = {Grunnlag.ANSLAG: "*", Grunnlag.EKSEMPEL: "†"}

# The kind of a figure by the ``datatype`` the data files give it.
BY_DATATYPE: Mapping[str, Grunnlag] = {
    "okonomiplan": Grunnlag.PLAN,
    "budsjett": Grunnlag.PLAN,
    "revidert_budsjett": Grunnlag.PLAN,
    "regnskap": Grunnlag.REGNSKAP,
    "kostra": Grunnlag.STATISTIKK,
    "prognose": Grunnlag.ANSLAG,
    "eksempel": Grunnlag.EKSEMPEL,
}

_ORDER = (Grunnlag.EKSEMPEL, Grunnlag.ANSLAG)

# How a data file says a row is invented: its ``kilde`` contains this word (the tertial
# report's example ledger, budget and forecasts do).
EXAMPLE_MARK = "eksempeldata"


def of_datatype(datatype: object) -> Grunnlag | None:
    """The kind of a figure with ``datatype`` (``okonomiplan`` → plan, ``kostra`` →
    statistikk …); None when unknown."""
    return BY_DATATYPE.get(str(datatype))


def is_example(kilde: object) -> bool:
    """True when a data row's ``kilde`` says it is invented (contains «Eksempeldata»)."""
    return isinstance(kilde, str) and EXAMPLE_MARK in kilde.casefold()


def of_row(datatype: object, kilde: object = None) -> Grunnlag | None:
    """The kind of a data row: eksempel when its ``kilde`` says so, else by ``datatype``."""
    return Grunnlag.EKSEMPEL if is_example(kilde) else of_datatype(datatype)


def combine(*kinds: Grunnlag | None | Iterable[Grunnlag | None]) -> Grunnlag | None:
    """The kind of a figure computed from figures of ``kinds`` (a sum, a ratio): see the
    module doc. Missing parts (None) are left out; None when no part is known."""
    flat: list[Grunnlag] = []
    for k in kinds:
        if k is None:
            continue
        if isinstance(k, Grunnlag):
            flat.append(k)
        else:
            flat.extend(x for x in k if x is not None)
    if not flat:
        return None
    for weak in _ORDER:
        if weak in flat:
            return weak
    return flat[0] if len(set(flat)) == 1 else Grunnlag.BEREGNET


@dataclass(frozen=True)
class Kilde:
    """Where one figure comes from: its kind, a source reference (``ref``: the plan's
    table, the statistic's table and date) and, for an estimate, what it assumes
    (``antar``, a bokmål clause read after «Anslått:»)."""

    grunnlag: Grunnlag
    ref: str = ""
    antar: str = ""

    @property
    def is_estimate(self) -> bool:
        return self.grunnlag.is_estimate

    @property
    def mark(self) -> str:
        return MARKS.get(self.grunnlag, "")

    def text(self) -> str:
        """One line for ``nokkeltall.csv``'s ``kilde`` column: the reference, and for an
        estimate what it assumes."""
        parts = [p for p in (self.ref, self.antar and f"anslått: {self.antar}") if p]
        return "; ".join(parts)


def _parts(antar: str) -> list[str]:
    """The assumptions joined in ``antar`` (by «; »), without a closing full stop."""
    return [p.strip().rstrip(".") for p in antar.split("; ") if p.strip()] if antar else []


def combine_sources(*sources: Kilde | None, ref: str = "") -> Kilde | None:
    """The source of a figure computed from ``sources``: the combined kind, and the
    assumptions of the estimated parts (each once, in order; assumptions are joined and
    split by «; »)."""
    known = [s for s in sources if s is not None]
    kind = combine(s.grunnlag for s in known)
    if kind is None:
        return None
    assumed: list[str] = []
    for s in known:
        for part in _parts(s.antar):
            if part not in assumed:
                assumed.append(part)
    return Kilde(kind, ref, "; ".join(assumed))


def marked(text: str, source: Kilde | Grunnlag | None) -> str:
    """``text`` with the mark of an estimated or invented figure after it."""
    kind = source.grunnlag if isinstance(source, Kilde) else source
    return f"{text}{MARKS.get(kind, '')}" if kind is not None else text


def legend(sources: Iterable[Kilde | None]) -> list[str]:
    """The Markdown lines under a table for the marked figures in it: «\\* Anslått: …»
    with each assumption once, and «† Eksempel – oppdiktede tall.» when there is an
    invented one."""
    assumed: list[str] = []
    estimate = example = False
    for s in sources:
        if s is None:
            continue
        if s.grunnlag is Grunnlag.EKSEMPEL:
            example = True
        elif s.grunnlag is Grunnlag.ANSLAG:
            estimate = True
            for part in _parts(s.antar):
                if part not in assumed:
                    assumed.append(part)
    out = []
    if estimate:
        body = "; ".join(assumed) if assumed else "tallet bygger på en forutsetning"
        # the star escaped: the notes are Markdown, where «* » starts a list
        out.append(f"\\{MARKS[Grunnlag.ANSLAG]} {LABELS[Grunnlag.ANSLAG]}: "
                   f"{body.rstrip('.')}.")
    if example:
        out.append(f"{MARKS[Grunnlag.EKSEMPEL]} {LABELS[Grunnlag.EKSEMPEL]}.")
    return out


def is_estimate(source: Kilde | Grunnlag | None) -> bool:
    """True when a figure with ``source`` is an estimate or invented: the question a
    sentence asks before it prints the figure (it then says «anslått»)."""
    kind = source.grunnlag if isinstance(source, Kilde) else source
    return kind is not None and kind.is_estimate


def anslatt(source: Kilde | Grunnlag | None, text: str = "anslått ") -> str:
    """``text`` («anslått ») for an estimated figure, '' otherwise: «den {anslatt(s)}
    lånegjelden»."""
    return text if is_estimate(source) else ""
