"""``hop hent [ssb|miljo|alt]``: fetch the public figures into the data folder.

The work is in :mod:`helpers.ingest.sources.fetch`; this module parses the arguments, prints
what changes (in Norwegian number format) and, unless ``--dry-run``, writes. The sources to
choose from are those of the registry (:func:`helpers.ingest.sources.registry.all_sources`).

The fetch modules (and pandas with them) are imported when the command runs, not when
``hop`` builds its parsers: ``hop --help`` stays light.

``--kommuner SPEC --gruppe MAPPE`` fetches for a whole set of municipalities at once
(:mod:`helpers.pack.commands.hent_many`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from helpers.data import paths
from helpers.ingest.sources.registry import all_sources

if TYPE_CHECKING:
    from helpers.ingest.sources import fetch
    from helpers.ingest.sources.ssb import SsbClient

NAME = "hent"

#: Replaced in tests with a client on a fake transport (no network in tests); None is
#: :class:`helpers.ingest.sources.ssb.SsbClient`.
client_factory: Callable[[], SsbClient] | None = None
miljo_transport: Callable | None = None


def add_parser(sub, formatter) -> None:
    p = sub.add_parser(
        NAME, formatter_class=formatter, add_help=False,
        help="hent offentlige tall fra SSB og Miljødirektoratet inn i datamappen",
        description=(
            "Henter KOSTRA-nøkkeltall, folketall, befolkningsendringer og framskrivning fra "
            "SSB (PxWebApi v2) og klimagassutslipp fra Miljødirektoratet for kommunene i "
            "kommuner.csv, og fletter dem inn i de samme CSV-filene rapportene leser. Rådata "
            "og spørringer lagres under kilder/. Ingenting skrives hvis noe feiler."),
    )
    p._optionals.title = "valg"
    p._positionals.title = "argumenter"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    p.add_argument("kilde", nargs="?", default="alt", choices=(*all_sources(), "alt"),
                   help="hva som skal hentes (standard: alt)")
    p.add_argument("--data", default=None, metavar="MAPPE",
                   help="datamappen (standard: prosjektets data/)")
    p.add_argument("--aar", nargs="+", default=None, metavar="ÅR",
                   help="årene som skal hentes, f.eks. 2019 2020 eller 2019-2022 (standard: "
                        "de siste fem KOSTRA-årene, alle år i framskrivning og utslipp)")
    p.add_argument("--kommune", default=None, metavar="KNR",
                   help="kommunen rapportene gjelder (standard: første kommune i kommuner.csv)")
    p.add_argument("--fra-fil", default=None, metavar="FIL",
                   help="les en JSON-stat2- eller CSV-fil (med koder) lagret for hånd fra "
                        "Statistikkbanken, eller Miljødirektoratets Excel-fil, i stedet for å "
                        "hente over nett")
    p.add_argument("--tabell", default=None, metavar="NR",
                   help="SSB-tabellen filen i --fra-fil kommer fra, hvis filen ikke sier det")
    p.add_argument("--dry-run", action="store_true",
                   help="vis hvilke tall som ville endret seg, uten å skrive noe")
    p.add_argument("--alle-endringer", action="store_true",
                   help="list alle endrede tall (standard: de 40 første per fil)")
    from helpers.pack.commands import hent_many

    hent_many.add_arguments(p)


def parse_years(items: list[str] | None) -> list[int] | None:
    from helpers.ingest.sources.jsonstat import SsbError

    if not items:
        return None
    years: list[int] = []
    for item in items:
        for part in item.replace(",", " ").split():
            m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
            if not m:
                raise SsbError(f"«{part}» er ikke et år eller et årsintervall (f.eks. 2019-2022).")
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if hi < lo:
                raise SsbError(f"årsintervallet «{part}» går baklengs.")
            years.extend(range(lo, hi + 1))
    return sorted(set(years))


def _fmt(value: str | None) -> str:
    from helpers.presentation.formatting import fmt_number

    if value is None:
        return "–"
    try:
        v = float(value)
    except ValueError:
        return value
    decimals = 0 if v.is_integer() else len(value.split(".")[-1]) if "." in value else 1
    return fmt_number(v, decimals)


def describe(collected: fetch.Collected, limit: int = 40) -> list[str]:
    """The changes as lines for the terminal (bokmål)."""
    lines: list[str] = []
    for name, upd in collected.updates.items():
        new = sum(1 for c in upd.changes if c.old is None)
        removed = sum(1 for c in upd.changes if c.new is None)
        changed = len(upd.changes) - new - removed
        lines.append(f"{name}: {changed} endret, {new} nye, {removed} fjernet, "
                     f"{upd.unchanged} uendret")
        edited = [c for c in upd.changes if c.old is not None and c.new is not None]
        gone = [c for c in upd.changes if c.new is None]
        for c in edited[:limit]:
            lines.append(f"  endret  {' '.join(k for k in c.key if k)}: {_fmt(c.old)} → "
                         f"{_fmt(c.new)}")
        for c in gone[:limit]:
            lines.append(f"  fjernet {' '.join(k for k in c.key if k)}: {_fmt(c.old)}")
        hidden = max(0, len(edited) - limit) + max(0, len(gone) - limit)
        if hidden:
            lines.append(f"  … og {hidden} endringer til (kjør med --alle-endringer for å se alle)")
    lines.extend(collected.notes)
    return lines


def run(args) -> int:
    from helpers.ingest.sources import fetch
    from helpers.ingest.sources.jsonstat import SsbError
    from helpers.ingest.sources.ssb import SsbClient

    factory = client_factory or SsbClient
    if getattr(args, "kommuner", None):
        from helpers.pack.commands import hent_many

        return hent_many.run(args, factory, miljo_transport, parse_years, describe)
    data_dir = paths.data_dir(args.data)
    try:
        years = parse_years(args.aar)
        collected = fetch.collect(
            data_dir, args.kilde, years=years,
            client=factory() if args.kilde in ("ssb", "alt") and not args.fra_fil
            else None,
            miljo_transport=miljo_transport, subject=args.kommune,
            from_file=args.fra_fil, table=args.tabell)
    except SsbError as exc:
        print(f"hop hent: {exc}", file=sys.stderr)
        print("Ingen filer er endret.", file=sys.stderr)
        return 1
    limit = 10**9 if getattr(args, "alle_endringer", False) else 40
    for line in describe(collected, limit):
        print(line)
    for line in collected.failures:
        print(f"hop hent: ikke hentet — {line}", file=sys.stderr)
    if args.dry_run:
        print("Tørrkjøring (--dry-run): ingenting er skrevet.")
        return 1 if collected.failures else 0
    written = fetch.apply(collected, data_dir)
    print(f"Skrev {len(written)} filer i {data_dir}.")
    if collected.failures:
        print(f"hop hent: {len(collected.failures)} tabell(er) ble ikke hentet (se over); "
              "tallene deres i datamappen er som før. Resten er hentet.", file=sys.stderr)
        return 1
    return 0
