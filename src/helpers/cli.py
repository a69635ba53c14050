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
        epilog="Eksempler:\n  hop build\n  hop build handlingsregler --set kommune=Tynset\n"
               "  hop build kostra --set sammenligning='[Tynset, Oppdal]'\n  hop validate",
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
    b.add_argument("--data", default="data", metavar="MAPPE",
                   help="mappen med CSV-filene (standard: data/)")
    b.add_argument("--out", default="reports", metavar="MAPPE",
                   help="mappen rapportene skrives til (standard: reports/)")
    b.add_argument("--set", action="append", default=[], metavar="NAVN=VERDI", dest="sett",
                   help="overstyr en parameter; verdien leses som YAML, f.eks. "
                        "--set budsjettaar=2024 eller --set sammenligning='[Tynset, Oppdal]' "
                        "(kan gjentas)")
    b.add_argument("--params", metavar="FIL.yaml",
                   help="YAML-fil med parametere (--set går foran)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="antall rapporter som bygges samtidig (standard: antall kjerner)")
    # issue 13: incremental builds
    b.add_argument("--force", action="store_true",
                   help="bygg alle de valgte rapportene på nytt, også de som er uendret")
    b.add_argument("--dry-run", action="store_true", dest="proevekjoering",
                   help="vis hvilke rapporter som ville blitt bygget og hvorfor, uten å bygge")

    v = sub.add_parser("validate", help="sjekk en datamappe og vis alle feil",
                       formatter_class=_Formatter, add_help=False,
                       description="Leser og validerer alle CSV-filene i datamappen.")
    v._optionals.title = "valg"
    v.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    v.add_argument("--data", default="data", metavar="MAPPE",
                   help="mappen med CSV-filene (standard: data/)")

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


def _cmd_validate(args) -> int:
    from rich.console import Console

    from .data import validate_dir

    console = Console(highlight=False)
    problems = validate_dir(args.data)
    if not problems:
        console.print(f"[green]✓[/] Dataene i {args.data} er gyldige.")
        return 0
    console.print(f"[red]✗[/] {len(problems)} feil i {args.data}:")
    for p in problems:
        console.print(f"  - {p}", markup=False)
    return 1


def _cmd_list() -> int:
    from .build import available_reports, declared_parameters

    for info in available_reports().values():
        print(f"{info.name}: {info.title}")
        for name, p in declared_parameters(info.notebook).items():
            if name == "nokkeltall_ut":
                continue
            print(f"    {name} = {p['default']}  # {p.get('help', '')}")
    return 0


def _unchanged_fast_path(args) -> int | None:
    """issue 13: when every requested report is unchanged, say so and stop before pandas,
    Papermill or a kernel is started. None when something must be built."""
    if args.force or args.proevekjoering:
        return None
    from .fingerprint import unchanged_pack

    params = {**_load_params_file(args.params), **parse_overrides(args.sett)}
    names = unchanged_pack(args.rapporter, params, Path(args.data).resolve(),
                           Path(args.out).resolve())
    if names is None:
        return None
    from rich.console import Console

    Console(highlight=False).print(
        f"[green]Uendret:[/] {len(names)} rapport(er) i {args.out}/ er bygget fra de samme "
        "dataene, parameterne og den samme koden; ingenting ble skrevet (--force bygger på "
        "nytt).")
    return 0


def _cmd_build(args) -> int:
    fast = _unchanged_fast_path(args)  # issue 13
    if fast is not None:
        return fast
    from rich.console import Console

    from .build import available_reports, build, declared_parameters
    from .data import DataError
    from .formatting import fmt_number

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
    data_dir = Path(args.data).resolve()
    out_dir = Path(args.out).resolve()
    if args.proevekjoering:  # issue 13
        from .fingerprint import describe, plan

        console.print(describe(plan(names, params, data_dir, out_dir, force=args.force)),
                      markup=False)
        return 0
    console.print(f"Bygger {len(names)} rapport(er) fra {args.data} til {args.out}: "
                  f"{', '.join(names)}")
    t0 = time.perf_counter()
    done = {"n": 0}

    def on_done(r):
        done["n"] += 1
        secs = sum(r.seconds.values())
        prefix = f"[{done['n']}/{len(names)}]"
        if r.reused:  # issue 13
            console.print(f"{prefix} [green]✓[/] {r.report} (uendret, gjenbrukt)")
        elif r.ok:
            console.print(f"{prefix} [green]✓[/] {r.report} ({fmt_number(secs, 1)} s)")
        else:
            console.print(f"{prefix} [red]✗ {r.report}[/]: ", end="")
            console.print(r.error, markup=False)

    try:
        with console.status("Kjører notatbøkene …"):
            results = build(names, params, out_dir, data_dir, jobs=args.jobs, on_done=on_done,
                            force=args.force)
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
