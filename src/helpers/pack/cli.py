"""The ``hop`` command (HØP): build reports and check data. Help text in bokmål.

argparse (standard library) is used because every text it prints, usage line and group
titles included, can be set in bokmål; rich prints progress and results.

``hop --help``, ``hop list`` and an unchanged ``hop build`` import neither pandas, pandera
nor WeasyPrint (``tests/unit/pack/test_light_path.py``): everything heavy, PyYAML included, is
imported
where it is used.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import time
from pathlib import Path

from helpers import settings

_ERRORS = [  # argparse's own messages, in bokmål
    (r"unrecognized arguments: (.*)", r"ukjente argumenter: \1"),
    (r"the following arguments are required: (.*)", r"disse argumentene mangler: \1"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"ugyldig verdi for \1: \3"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"ugyldig valg for \1: \2 (velg blant \3)"),
    (r"argument (\S+): expected one argument", r"\1 trenger en verdi"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]
INTERRUPTED = "Avbrutt – tidligere rapporter er beholdt"
MAX_PARAMS_BYTES = 1_000_000


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


def _parser(commands: bool = True) -> argparse.ArgumentParser:
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
    b.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="antall rapporter som bygges samtidig (standard: antall kjerner)")
    # issue 13: incremental builds
    b.add_argument("--force", action="store_true",
                   help="bygg alle de valgte rapportene på nytt, også de som er uendret")
    b.add_argument("--dry-run", action="store_true", dest="proevekjoering",
                   help="vis hvilke rapporter som ville blitt bygget og hvorfor, uten å bygge")
    b.add_argument("--dato", type=_iso_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="møtedatoen eller dokumentdatoen som står på forsiden av "
                        "dokumentene (uten: ingen dato på forsiden)")
    b.add_argument("--interaktiv", action="store_true",
                   help="HTML med diagrammer som viser tall når musa holdes over dem "
                        "(skript lagt inn i filen, ingen nett); PDF-en er den samme")
    from helpers.pack.many import add_build_options  # issue 31: many folders

    add_build_options(b)

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

    if commands:  # issue 30: build, validate and list need none of the others' imports
        from helpers.pack.commands import discover

        for command in discover():
            command.add_parser(sub, _Formatter)
    return p


def _iso_date(text: str) -> str:
    """``--dato``: a date as ÅÅÅÅ-MM-DD, kept as that text."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» er ingen dato – skriv den som ÅÅÅÅ-MM-DD, f.eks. 2023-12-14") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"forventet et heltall, fikk «{text}»") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"må være minst 1, fikk {value}")
    return value


@functools.cache
def _yaml():
    """PyYAML, imported the first time parameters are parsed, with the bounded loader and
    its error: ``(yaml, loader, alias error)``."""
    import yaml

    class AliasRefused(yaml.YAMLError):
        pass

    class BoundedLoader(yaml.SafeLoader):
        """PyYAML's safe loader without aliases: ``*navn`` can blow a few lines up to
        billions of elements ("billion laughs"), and parameters never need them."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise AliasRefused("YAML-aliaser (*navn) er ikke tillatt i parametere")
            return super().compose_node(parent, index)

    return yaml, BoundedLoader, AliasRefused


def load_yaml(text: str):
    """Parse parameter YAML safely and bounded (no objects, no aliases)."""
    yaml, loader, _ = _yaml()
    return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass


def _yaml_problem(exc, fil: str | None = None) -> str:
    """The bokmål refusal of a YAML error (file, line, column, the line, what to do)."""
    from helpers.data.yamltext import describe

    if isinstance(exc, _yaml()[2]):
        return f"{fil}: {exc}" if fil else str(exc)
    return describe(exc, fil)


def parse_overrides(items: list[str]) -> dict:
    """``["kommune=Tynset", "budsjettaar=2024"]`` → dict, values parsed as YAML."""
    out = {}
    if not items:
        return out
    yaml = _yaml()[0]
    for item in items:
        if "=" not in item:
            raise SystemExit(f"hop: feil: --set trenger formen NAVN=VERDI, fikk «{item}»")
        name, _, raw = item.partition("=")
        try:
            out[name.strip()] = load_yaml(raw) if raw.strip() else ""
        except yaml.YAMLError as exc:
            raise SystemExit(f"hop: feil: kan ikke lese verdien til {name} "
                             f"(--set): {_yaml_problem(exc)}") from None
    return out


def _load_params_file(path: str | None) -> dict:
    if not path:
        return {}
    p = Path(path)
    if not p.exists():
        raise SystemExit(f"hop: feil: finner ikke parameterfilen {path}")
    if not p.is_file():
        raise SystemExit(f"hop: feil: parameterfilen {path} er ikke en fil")
    if p.stat().st_size > MAX_PARAMS_BYTES:
        raise SystemExit(f"hop: feil: parameterfilen {path} er for stor (over 1 MB)")
    yaml = _yaml()[0]
    try:
        data = load_yaml(p.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise SystemExit(f"hop: feil: {path} er ikke en tekstfil i UTF-8") from None
    except OSError as exc:
        raise SystemExit(f"hop: feil: kan ikke lese {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise SystemExit(f"hop: feil: {_yaml_problem(exc, path)}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"hop: feil: {path} må være en YAML-ordbok (navn: verdi)")
    return data


def _data_dir_or_exit(given: str | None) -> Path:
    """The data folder ``--data`` names, or the project's (see :mod:`helpers.paths`)."""
    from helpers.data.paths import data_dir

    try:
        return data_dir(given)
    except FileNotFoundError as exc:
        raise SystemExit(f"hop: feil: {exc}") from None


def _cmd_validate(args) -> int:
    from rich.console import Console

    from helpers.data.load import validate_dir

    console = Console(highlight=False, soft_wrap=True)
    args.data = _data_dir_or_exit(args.data)
    problems = validate_dir(args.data, empty_as_missing=True)  # issue 21: listed below
    if not problems:
        console.print(f"[green]✓[/] Dataene i {args.data} er gyldige.")
        _print_missing_inputs(console, args.data)  # issue 21
        return 0
    console.print(f"[red]✗[/] {len(problems)} feil i {args.data}:")
    for p in problems:
        console.print(f"  - {p}", markup=False, soft_wrap=True)
    _print_missing_inputs(console, args.data)
    return 1


def _print_missing_inputs(console, data_dir: Path) -> None:
    """issue 21: which inputs are still missing, what fills each, what can be built."""
    from helpers.data.inputs import INPUTS, first_kommune, missing_inputs
    from helpers.pack.catalogue import report_inputs

    # for the subject, as hop build checks it: a file with rows, but none for it, is missing
    found = missing_inputs(data_dir, report_inputs().values(),
                           kommunenummer=first_kommune(Path(data_dir)))
    if found.missing:
        console.print(f"[yellow]Mangler[/] {len(found.missing)} inndata (filen er tom eller "
                      "finnes ikke – manglende tall er ikke null):")
        by_command: dict[str, list[str]] = {}
        for stem in found.missing:
            info = INPUTS.get(stem)
            by_command.setdefault(info.fylles_av if info else "", []).append(
                f"{stem}.csv" + (f" – {info.innhold}" if info else ""))
        for command, lines in by_command.items():
            console.print(f"  Fylles av «{command}»:" if command else "  Annet:", markup=False)
            for line in lines:
                console.print(f"    - {line}", markup=False, soft_wrap=True)
    if found.buildable:
        console.print("Kan bygges nå: " + ", ".join(found.buildable))
    for report, stems in found.blocked.items():
        console.print(f"Kan ikke bygges ennå: {report} (mangler "
                      + ", ".join(f"{s}.csv" for s in stems) + ")", markup=False)
    for note in found.notes:
        console.print(f"Merk: {note}", markup=False, soft_wrap=True)


def _cmd_list() -> int:
    from helpers.data.paths import describe_default_data_dir
    from helpers.pack.catalogue import available_reports, declared_parameters, parse_default

    for info in available_reports().values():
        print(f"{info.name}: {info.title}")
        for name, p in declared_parameters(info.notebook).items():
            if name == settings.KEY_FIGURE_PARAM:
                continue
            shown = p["default"]
            if name == "data_dir" and parse_default(shown) in ("", None):
                shown = f"{shown}  (= {describe_default_data_dir()})"
            print(f"    {name} = {shown}  # {p.get('help', '')}")
    return 0


def _unchanged_fast_path(args) -> int | None:
    """issue 13: when every requested report is unchanged, say so and stop before pandas,
    Papermill or a kernel is started. None when something must be built."""
    if args.force or args.proevekjoering or args.interaktiv or args.dato:
        return None
    from helpers.data.paths import reports_dir
    from helpers.pack.fingerprint import unchanged_pack

    params = {**_load_params_file(args.params), **parse_overrides(args.sett)}
    out_dir = reports_dir(args.out)
    names = unchanged_pack(args.rapporter, params, _data_dir_or_exit(args.data), out_dir)
    if names is None:
        return None
    # plain print: rich alone is a third of this path's imports (issue 30)
    print(f"Uendret: {len(names)} rapport(er) i {out_dir}/ er bygget fra de samme dataene, "
          "parameterne og den samme koden; ingenting ble skrevet (--force bygger på nytt).")
    return 0


def _cmd_build(args) -> int:
    if getattr(args, "mapper", None):  # issue 31: every folder of a set
        from helpers.pack.many import cmd_build_many

        return cmd_build_many(args, parse_overrides(args.sett))
    fast = _unchanged_fast_path(args)  # issue 13
    if fast is not None:
        return fast
    from rich.console import Console

    from helpers.data.load import DataError
    from helpers.data.paths import reports_dir
    from helpers.pack.catalogue import available_reports, declared_parameters
    from helpers.pack.parametre import ParameterError, check_types
    from helpers.pack.runner import build
    from helpers.presentation.formatting import fmt_number

    console = Console(highlight=False, soft_wrap=True)
    infos = available_reports()
    names = args.rapporter or list(infos)
    unknown = [n for n in names if n not in infos]
    if unknown:
        console.print(f"[red]Ukjent rapport:[/] {', '.join(unknown)}. "
                      f"Kjente rapporter: {', '.join(infos)}")
        return 2
    params = {**_load_params_file(args.params), **parse_overrides(args.sett)}
    declared = {n: declared_parameters(infos[n].notebook) for n in names}
    known_params = set()
    for n in names:
        known_params |= set(declared[n])
    stray = sorted(set(params) - known_params)
    if stray:
        shown = sorted(known_params - {settings.KEY_FIGURE_PARAM})
        console.print(f"[red]Ukjent parameter:[/] {', '.join(stray)}. Parametere i de valgte "
                      f"rapportene: {', '.join(shown)}")
        return 2
    type_problems = check_types(params, declared)
    if type_problems:
        console.print(ParameterError(type_problems).message(), markup=False, soft_wrap=True)
        return 2
    if params and args.out is None:
        console.print("[yellow]Merk:[/] rapporter med egne parametere skrives til "
                      "standardmappen og erstatter rapportene der; bruk --out MAPPE for å "
                      "holde dem for seg.")
    data_dir = _data_dir_or_exit(args.data)
    out_dir = reports_dir(args.out)
    args.data, args.out = data_dir, out_dir
    if out_dir.exists() and not out_dir.is_dir():
        console.print(f"[red]Feil:[/] --out {args.out} er en fil, ikke en mappe – rapportene "
                      "skrives til en mappe", highlight=False)
        return 2
    if args.proevekjoering:  # issue 13
        from helpers.pack.fingerprint import describe, plan

        console.print(describe(plan(names, params, data_dir, out_dir, force=args.force)),
                      markup=False)
        return 0
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        console.print(f"[red]Feil:[/] kan ikke lage mappen {args.out}: {exc.strerror or exc}")
        return 2
    console.print(f"Bygger {len(names)} rapport(er) fra {args.data} til {args.out}: "
                  f"{', '.join(names)}")
    if "kommune" not in params and (data_dir / "parametre.yaml").is_file():  # issue 21
        console.print(f"[yellow]Merk:[/] {data_dir} har parametre.yaml fra «hop ny» med "
                      f"kommunen, men den er ikke brukt; bygg med --params "
                      f"{data_dir / 'parametre.yaml'}")
    t0 = time.perf_counter()
    done = {"n": 0}

    def on_done(r):
        done["n"] += 1
        secs = sum(r.seconds.values())
        prefix = f"[{done['n']}/{len(names)}]"
        if r.reused:  # issue 13
            console.print(f"{prefix} [green]✓[/] {r.report} (uendret, gjenbrukt)")
        elif r.ok and r.missing:  # issue 21: the notes name each file (helpers.mangler)
            console.print(f"{prefix} [yellow]! {r.report}: mangler data[/] – bygget som én "
                          "side som sier hva som mangler, ikke med i vedlegget:")
            for note in r.notes[1:]:
                console.print(f"    - {note.removeprefix('Mangler data: ')}", markup=False)
        elif r.ok:
            console.print(f"{prefix} [green]✓[/] {r.report} ({fmt_number(secs, 1)} s)")
            if r.notes:
                console.print(f"    {_notes_summary(r.notes)}", markup=False)
        else:
            console.print(f"{prefix} [red]✗ {r.report}[/]: ", end="")
            console.print(r.error, markup=False)

    def on_wait():
        console.print(f"En annen bygging skriver til {args.out}; venter til den er ferdig …")

    if args.interaktiv:  # once here, not in every worker (cached afterwards)
        from helpers.pack.interactive import vega_bundle

        with console.status("Henter Vega-biblioteket fra vl-convert …"):
            vega_bundle()
    try:
        with console.status("Kjører notatbøkene …"):
            results = build(names, params, out_dir, data_dir, jobs=args.jobs, on_done=on_done,
                            on_wait=on_wait, force=args.force, interaktiv=args.interaktiv,
                            dato=args.dato)
    except (DataError, ParameterError) as err:
        console.print("[red]Bygget ble stoppet før noen rapport ble skrevet.[/]")
        console.print(err.message(), markup=False, soft_wrap=True)
        return 1
    failed = [r for r in results if not r.ok]
    elapsed = time.perf_counter() - t0
    if failed:
        console.print(f"[red]{len(failed)} av {len(results)} rapporter feilet[/] "
                      f"({fmt_number(elapsed, 1)} s). Tidligere utgaver av disse er beholdt.")
        return 1
    lacking = [r.report for r in results if r.missing]  # issue 21
    if lacking and len(lacking) == len(results):
        console.print(f"[yellow]Ferdig, men ingen av rapportene har data ennå[/] "
                      f"({fmt_number(elapsed, 1)} s): hver er én side som sier hva som "
                      f"mangler, i {args.out}/. «hop validate --data {args.data}» viser hva "
                      "som fyller hver fil.")
        return 0
    console.print(f"[green]Ferdig:[/] {len(results)} rapport(er) på {fmt_number(elapsed, 1)} s "
                  f"i {args.out}/ ({_documents(out_dir)}index.html, nokkeltall.csv, "
                  "manifest.json, merknader.md, kontroll.md)")
    if lacking:
        console.print(f"[yellow]Mangler data:[/] {', '.join(lacking)} (ikke med i vedlegget; "
                      f"«hop validate --data {args.data}» viser hva som fyller hver fil)")
    appendix_error = _appendix_error(out_dir)
    if appendix_error:
        console.print("[red]Et dokument ble ikke laget:[/] ", end="")
        console.print(appendix_error, markup=False)
        return 1
    return 0


def _notes_summary(notes: list[str]) -> str:
    """One line per report for the terminal (the notes themselves are in merknader.md)."""
    word = "merknad" if len(notes) == 1 else "merknader"
    return (f"{len(notes)} {word} om data og parametere til den som vedlikeholder dataene, "
            "se merknader.md")


def _appendix_error(out_dir: Path) -> str:
    import json

    try:
        manifest = json.loads((out_dir / settings.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return "; ".join(f"{d.get('fil', '')}: {d['feil']}"
                     for d in manifest.get("dokumenter", {}).values() if d.get("feil"))


def _documents(out_dir: Path) -> str:
    """The council documents the build left in ``out_dir`` («vedlegg.pdf, …, »)."""
    from helpers.pack.cases import CASES

    return "".join(f"{c.pdf}, " for c in CASES.values() if (out_dir / c.pdf).is_file())


def _warn_if_not_locked() -> None:
    """Say so (on stderr) when installed versions differ from requirements.lock."""
    from helpers.pack.lockfile import lock_path, mismatches_cached, warning_text

    path = lock_path()
    found = mismatches_cached(path) if path else []
    if found:
        from rich.console import Console

        Console(stderr=True, highlight=False).print(f"[yellow]{warning_text(found, path)}[/]",
                                                    markup=True)


def main(argv: list[str] | None = None) -> int:
    """Run ``hop``. Ctrl-C ends with a bokmål line and exit code 130; a closed pipe
    (``hop list | head -1``) ends quietly."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print(f"\n{INTERRUPTED}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader has gone; point stdout at devnull so the exit flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # e.g. an output folder we may not write to
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"hop: feil: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    own = bool(argv) and argv[0] in ("build", "validate", "list")
    args = _parser(commands=not own).parse_args(argv)
    if args.kommando:
        _warn_if_not_locked()
    if args.kommando == "build":
        return _cmd_build(args)
    if args.kommando == "validate":
        return _cmd_validate(args)
    if args.kommando == "list":
        return _cmd_list()
    from helpers.pack.commands import discover

    for command in discover():
        if args.kommando == command.NAME:
            return command.run(args)
    _parser().print_help()
    return 2


def run() -> None:
    """The ``hop`` command (and ``python -m helpers.pack.cli``): :func:`main`, then end the
    process without tearing the interpreter down. Every file is written and closed when
    :func:`main` returns (through temporary files, the worker pool shut down); freeing the
    objects of pandas, WeasyPrint and the rest one by one took about 0,9 s after every
    build (issue 30). Output is flushed first."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
