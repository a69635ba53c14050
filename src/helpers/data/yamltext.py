"""PyYAML's errors in bokmål: where (file, line, column, the line's text) and what to do.

PyYAML reports a syntax error or a refused tag in English («could not determine a
constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'»). The files a
municipality writes (``alternativer/*.yaml``, parameter files for ``hop build --params``)
are read with safe loaders; this module turns their errors into one bokmål sentence naming
the file, line, column and value, and what was expected. Only PyYAML's error *object* is
read here (its marks and problem text); PyYAML itself is imported by the caller.
"""

from __future__ import annotations

import re

# problem text (regex, matched against PyYAML's English) → (bokmål, point at the context mark)
# The context mark is where the unclosed thing began; for those errors it is the useful place.
_PROBLEMS: tuple[tuple[str, str, bool], ...] = (
    (r"could not determine a constructor for the tag '([^']*)'",
     "taggen «{tag}» er ikke tillatt – filen kan bare ha tekst, tall, datoer, lister og "
     "tabeller (navn: verdi); fjern taggen", False),
    (r"expected ',' or '\]'", "listen som begynner med «[» her, er ikke lukket med «]»", True),
    (r"expected ',' or '\}'", "tabellen som begynner med «{{» her, er ikke lukket med «}}»",
     True),
    (r"found unexpected end of stream|found unexpected end of line",
     "anførselstegnet som begynner her, er ikke lukket", True),
    (r"found unknown escape character",
     "ukjent tegn etter «\\» i tekst i doble anførselstegn – bruk enkle anførselstegn "
     "('…') eller skriv «\\\\»", False),
    (r"mapping values are not allowed here",
     "et kolon (:) der det ikke kan stå – sett verdien i anførselstegn hvis den selv har "
     "kolon, eller rett innrykket", False),
    (r"could not find expected ':'",
     "forventet «navn: verdi», men linjen har ikke kolon etter navnet", False),
    (r"found character '\\t' that cannot start any token",
     "tabulator – YAML må rykkes inn med mellomrom", False),
    (r"found character '(.)' that cannot start any token",
     "tegnet «{char}» kan ikke begynne en verdi her – sett verdien i anførselstegn", False),
    (r"expected <block end>|did not find expected '-' indicator|expected <document start>",
     "innrykket stemmer ikke med linjene over – linjer på samme nivå må ha like mange "
     "mellomrom foran seg", False),
    (r"expected the node content",
     "en verdi mangler her (etter «[», «{{», «-» eller et kolon) – skriv verdien eller lukk "
     "listen", False),
    (r"found undefined alias", "aliaset (*navn) viser ikke til noe anker (&navn)", False),
    (r"but found another document",
     "filen har mer enn ett dokument (en linje «---» midt i) – den skal ha ett", False),
    (r"found duplicate (YAML|TAG) directive", "direktivet (%…) står to ganger", False),
    (r"found a tab character", "tabulator – YAML må rykkes inn med mellomrom", False),
    (r"special characters are not allowed",
     "filen har et tegn som ikke er tillatt i en tekstfil (et styretegn)", False),
)


def _problem(exc) -> tuple[str, bool]:
    text = str(getattr(exc, "problem", None) or "")
    for pattern, bokmal, at_context in _PROBLEMS:
        m = re.search(pattern, text)
        if m:
            groups = m.groups()
            tag = groups[0] if groups else ""
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            return bokmal.format(tag=tag, char=tag), at_context
    return ("filen er ikke gyldig YAML her – sjekk innrykk, kolon og anførselstegn", False)


def _line_text(mark) -> str:
    buffer = getattr(mark, "buffer", None)
    if not buffer:
        return ""
    lines = buffer.rstrip("\0").split("\n")
    if 0 <= mark.line < len(lines):
        return lines[mark.line].strip()
    return ""


def describe(exc, fil: str | None = None) -> str:
    """One bokmål sentence for a PyYAML error: ``fil, linje L, kolonne K («tekst»): hva``.

    Errors that are not PyYAML's marked errors (e.g. a loader's own refusal, already in
    bokmål) are returned as their text with the file in front."""
    prefix = f"{fil}: " if fil else ""
    if not hasattr(exc, "problem_mark"):
        return f"{prefix}{exc}"
    what, at_context = _problem(exc)
    mark = exc.context_mark if at_context and getattr(exc, "context_mark", None) else None
    mark = mark or exc.problem_mark
    if mark is None:
        return f"{prefix}{what}."
    text = _line_text(mark)
    shown = f" («{text[:80]}{'…' if len(text) > 80 else ''}»)" if text else ""
    where = f"linje {mark.line + 1}, kolonne {mark.column + 1}{shown}"
    return f"{fil}, {where}: {what}." if fil else f"{where}: {what}."
