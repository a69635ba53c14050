"""The ``hop`` command (HØP): build reports and check data. Help text in bokmål.

argparse (standard library) is used because every text it prints, usage line and group
titles included, can be set in bokmål; rich prints progress and results.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

_ERRORS = [  # argparse's own messages, in bokmål
    (r"unrecognized arguments: (.*)", r"ukjente argumenter: \1"),
    (r"the following arguments are required: (.*)", r"disse argumentene mangler: \1"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"ugyldig verdi for \1: \3"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"ugyldig valg for \1: \2 (velg blant \3)"),
    (r"argument (\S+): expected one argument", r"\1 trenger en verdi"),
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        import re

        for pattern, repl in _ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: feil: {message}\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups,
                                 prefix="Bruk: " if prefix is None else prefix)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="hop", formatter_class=_Formatter, add_help=False,
        description="Rapporter fra handlings- og økonomiplanen (HØP): handlingsregler, "
                    "KOSTRA, finans, investering, klimabudsjett og befolkning.",
        epilog="Eksempler:\n  hop build\n"
               "  hop build handlingsregler --set kommune=Tynset --out reports/tynset\n"
               "  hop build kostra --set sammenligning='[Tynset, Oppdal]' --out reports/utvalg\n"
               "  hop validate",
    )
    p._positionals.title = "kommandoer"
    p._optionals.title = "valg"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    sub = p.add_subparsers(dest="kommando", metavar="KOMMANDO", parser_class=_Parser)

    b = sub.add_parser("build", help="bygg rapporter (HTML, PDF, nøkkeltall)",
                       formatter_class=_Formatter, add_help=False,
                       description="Kjører rapportenes notatbøker med Papermill og lager "
                                   "HTML, PDF, nokkeltall.csv og manifest.json.")
    b._positionals.title = "argumenter"
    b._optionals.title = "valg"
    b.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    b.add_argument("rapporter", nargs="*", metavar="RAPPORT",
                   help="rapportene som skal bygges (standard: alle)")
    b.add_argument("--data", default=None, metavar="MAPPE",
                   help="mappen med CSV-filene (standard: prosjektets data/, uansett hvor "
                        "hop startes fra)")
    b.add_argument("--out", default=None, metavar="MAPPE",
                   help="mappen rapportene skrives til (standard: prosjektets reports/)")
    b.add_argument("--set", action="append", default=[], metavar="NAVN=VERDI", dest="sett",
                   help="overstyr en parameter; verdien leses som YAML, f.eks. "
                        "--set budsjettaar=2024 eller --set sammenligning='[Tynset, Oppdal]' "
                        "(kan gjentas)")
    b.add_argument("--params", metavar="FIL.yaml",
                   help="YAML-fil med parametere (--set går foran)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="antall rapporter som bygges samtidig (standard: antall kjerner)")
    b.add_argument("--interaktiv", action="store_true",
                   help="HTML med diagrammer som viser tall når musa holdes over dem "
                        "(skript lagt inn i filen, ingen nett); PDF-en er den samme")

    v = sub.add_parser("validate", help="sjekk en datamappe og vis alle feil",
                       formatter_class=_Formatter, add_help=False,
                       description="Leser og validerer alle CSV-filene i datamappen.")
    v._optionals.title = "valg"
    v.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    v.add_argument("--data", default=None, metavar="MAPPE",
                   help="mappen med CSV-filene (standard: prosjektets data/, uansett hvor "
                        "hop startes fra)")

    ls = sub.add_parser("list", help="vis rapportene og parameterne deres",
                        formatter_class=_Formatter, add_help=False)
    ls._optionals.title = "valg"
    ls.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    return p


def parse_overrides(items: list[str]) -> dict:
    """``["kommune=Tynset", "budsjettaar=2024"]`` → dict, values parsed as YAML."""
    out = {}
    for item in items:
        if "=" not in item:
            raise SystemExit(f"hop: feil: --set trenger formen NAVN=VERDI, fikk «{item}»")
        name, _, raw = item.partition("=")
        try:
            out[name.strip()] = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError as exc:
            raise SystemExit(f"hop: feil: kan ikke lese verdien til {name}: {exc}") from None
    return out


def _load_params_file(path: str | None) -> dict:
    if not path:
        return {}
    p = Path(path)
    if not p.exists():
        raise SystemExit(f"hop: feil: finner ikke parameterfilen {path}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SystemExit(f"hop: feil: {path} er ikke gyldig YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"hop: feil: {path} må være en YAML-ordbok (navn: verdi)")
    return data


def _data_dir_or_exit(given: str | None) -> Path:
    """The data folder ``--data`` names, or the project's (see :mod:`helpers.paths`)."""
    from .paths import data_dir

    try:
        return data_dir(given)
    except FileNotFoundError as exc:
        raise SystemExit(f"hop: feil: {exc}") from None


def _cmd_validate(args) -> int:
    from rich.console import Console

    from .data import validate_dir

    console = Console(highlight=False)
    args.data = _data_dir_or_exit(args.data)
    problems = validate_dir(args.data)
    if not problems:
        console.print(f"[green]✓[/] Dataene i {args.data} er gyldige.")
        return 0
    console.print(f"[red]✗[/] {len(problems)} feil i {args.data}:")
    for p in problems:
        console.print(f"  - {p}", markup=False)
    return 1


def _cmd_list() -> int:
    from .build import available_reports, declared_parameters, parse_default
    from .paths import describe_default_data_dir

    for info in available_reports().values():
        print(f"{info.name}: {info.title}")
        for name, p in declared_parameters(info.notebook).items():
            if name == "nokkeltall_ut":
                continue
            shown = p["default"]
            if name == "data_dir" and parse_default(shown) in ("", None):
                shown = f"{shown}  (= {describe_default_data_dir()})"
            print(f"    {name} = {shown}  # {p.get('help', '')}")
    return 0


def _cmd_build(args) -> int:
    from rich.console import Console

    from .build import available_reports, build, declared_parameters
    from .data import DataError
    from .formatting import fmt_number
    from .paths import reports_dir

    console = Console(highlight=False)
    infos = available_reports()
    names = args.rapporter or list(infos)
    unknown = [n for n in names if n not in infos]
    if unknown:
        console.print(f"[red]Ukjent rapport:[/] {', '.join(unknown)}. "
                      f"Kjente rapporter: {', '.join(infos)}")
        return 2
    params = {**_load_params_file(args.params), **parse_overrides(args.sett)}
    known_params = set()
    for n in names:
        known_params |= set(declared_parameters(infos[n].notebook))
    stray = sorted(set(params) - known_params)
    if stray:
        console.print(f"[red]Ukjent parameter:[/] {', '.join(stray)}. Parametere i de valgte "
                      f"rapportene: {', '.join(sorted(known_params - {'nokkeltall_ut'}))}")
        return 2
    if params and args.out is None:
        console.print("[yellow]Merk:[/] rapporter med egne parametere skrives til "
                      "standardmappen og erstatter rapportene der; bruk --out MAPPE for å "
                      "holde dem for seg.")
    data_dir = _data_dir_or_exit(args.data)
    out_dir = reports_dir(args.out)
    args.data, args.out = data_dir, out_dir
    console.print(f"Bygger {len(names)} rapport(er) fra {args.data} til {args.out}: "
                  f"{', '.join(names)}")
    t0 = time.perf_counter()
    done = {"n": 0}

    def on_done(r):
        done["n"] += 1
        secs = sum(r.seconds.values())
        prefix = f"[{done['n']}/{len(names)}]"
        if r.ok:
            console.print(f"{prefix} [green]✓[/] {r.report} ({fmt_number(secs, 1)} s)")
        else:
            console.print(f"{prefix} [red]✗ {r.report}[/]: ", end="")
            console.print(r.error, markup=False)

    if args.interaktiv:  # once here, not in every worker (cached afterwards)
        from .interactive import vega_bundle

        with console.status("Henter Vega-biblioteket fra vl-convert …"):
            vega_bundle()
    try:
        with console.status("Kjører notatbøkene …"):
            results = build(names, params, out_dir, data_dir, jobs=args.jobs, on_done=on_done,
                            interaktiv=args.interaktiv)
    except DataError as err:
        console.print("[red]Bygget ble stoppet før noen rapport ble skrevet.[/]")
        console.print(err.message(), markup=False)
        return 1
    failed = [r for r in results if not r.ok]
    elapsed = time.perf_counter() - t0
    if failed:
        console.print(f"[red]{len(failed)} av {len(results)} rapporter feilet[/] "
                      f"({fmt_number(elapsed, 1)} s). Tidligere utgaver av disse er beholdt.")
        return 1
    console.print(f"[green]Ferdig:[/] {len(results)} rapport(er) på {fmt_number(elapsed, 1)} s "
                  f"i {args.out}/ (nokkeltall.csv, manifest.json)")
    return 0


def _warn_if_not_locked() -> None:
    """Say so (on stderr) when installed versions differ from requirements.lock."""
    from rich.console import Console

    from .lockfile import lock_path, mismatches, warning_text

    path = lock_path()
    found = mismatches(path) if path else []
    if found:
        Console(stderr=True, highlight=False).print(f"[yellow]{warning_text(found, path)}[/]",
                                                    markup=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.kommando:
        _warn_if_not_locked()
    if args.kommando == "build":
        return _cmd_build(args)
    if args.kommando == "validate":
        return _cmd_validate(args)
    if args.kommando == "list":
        return _cmd_list()
    _parser().print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
