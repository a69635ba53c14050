"""``hop importer FIL.xlsx [--data MAPPE]``: the workbook back to validated CSV files."""

from __future__ import annotations

from pathlib import Path

NAME = "importer"


def add_parser(sub, formatter) -> None:
    p = sub.add_parser(
        NAME, formatter_class=formatter, add_help=False,
        help="les arbeidsboken (grunnlag.xlsx) og skriv de kontrollerte CSV-filene",
        description="Leser hele arbeidsboken, kontrollerer den med de samme reglene som "
                    "«hop validate», og skriver CSV-filene først når alt er riktig. Feil "
                    "nevnes med ark og celle (f.eks. Investering!F7). Andre filer i mappen "
                    "røres ikke.",
        epilog="Eksempel:\n  hop importer grunnlag.xlsx --data data")
    p._positionals.title = "argumenter"
    p._optionals.title = "valg"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    p.add_argument("fil", metavar="FIL.xlsx", help="arbeidsboken som skal leses")
    p.add_argument("--data", default=None, metavar="MAPPE",
                   help="datamappen filene skrives til (standard: prosjektets data/)")
    p.add_argument("--dry-run", action="store_true", dest="proevekjoering",
                   help="kontroller og vis hva som ville blitt endret, uten å skrive")


_SHOWN = {"ny": "ny", "endret": "endret", "fjernet": "fjernet"}


def run(args) -> int:
    from rich.console import Console

    from helpers.data.paths import data_dir
    from helpers.ingest.workbook import WorkbookError, import_workbook

    console = Console(highlight=False, soft_wrap=True)
    try:
        folder = data_dir(args.data)
    except FileNotFoundError as exc:
        console.print(f"hop: feil: {exc}", markup=False)
        return 2
    try:
        result = import_workbook(Path(args.fil), folder, dry_run=args.proevekjoering)
    except WorkbookError as err:
        console.print(f"[red]✗[/] {err.message()}", soft_wrap=True)
        return 1
    except OSError as exc:
        console.print(f"hop: feil: kan ikke skrive i {folder}: {exc.strerror or exc}. Kjør "
                      "kommandoen på nytt når mappen kan skrives; en import som ble avbrutt "
                      "under flyttingen, fullføres da.", markup=False)
        return 1
    changed = [(s, f, st) for s, f, st in result.files if st in _SHOWN]
    verb = "ville blitt" if args.proevekjoering else "ble"
    if changed:
        files = "1 fil" if len(changed) == 1 else f"{len(changed)} filer"
        console.print(f"[green]✓[/] Arbeidsboken er gyldig. {files} {verb} skrevet i "
                      f"{folder}:")
        for sheet, name, status in changed:
            console.print(f"  - {name} ({status}, fra arket «{sheet}»)", markup=False)
    else:
        console.print(f"[green]✓[/] Arbeidsboken er gyldig og lik filene i {folder}; "
                      "ingenting er endret.")
    unchanged = result.count("uendret")
    if unchanged:
        console.print(f"  {'1 fil' if unchanged == 1 else f'{unchanged} filer'} er uendret.")
    for note in result.notes:
        console.print(f"  Merk: {note}", markup=False)
    return 0
