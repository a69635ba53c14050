"""``hop eksporter [--data MAPPE] FIL.xlsx``: the data folder's own figures as a workbook."""

from __future__ import annotations

from pathlib import Path

NAME = "eksporter"


def add_parser(sub, formatter) -> None:
    p = sub.add_parser(
        NAME, formatter_class=formatter, add_help=False,
        help="skriv kommunens egne tall til én arbeidsbok (grunnlag.xlsx)",
        description="Skriver datamappens egne tall (økonomiplan, rammer, budsjett, "
                    "investeringer, handlingsregler, klimatiltak, tertialtall) til én "
                    "Excel-arbeidsbok med ett ark per fil, overskrifter med enhet og fortegn, "
                    "nedtrekkslister, tallkontroll og et «Les meg»-ark. Offentlige tall "
                    "(KOSTRA, befolkning, utslipp) er ikke med.",
        epilog="Eksempel:\n  hop eksporter --data data grunnlag.xlsx\n"
               "  (fyll ut i Excel)\n  hop importer grunnlag.xlsx --data data")
    p._positionals.title = "argumenter"
    p._optionals.title = "valg"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    p.add_argument("fil", metavar="FIL.xlsx", help="arbeidsboken som skal skrives")
    p.add_argument("--data", default=None, metavar="MAPPE",
                   help="datamappen (standard: prosjektets data/)")


def run(args) -> int:
    from rich.console import Console

    from helpers.data.load import DataError
    from helpers.data.paths import data_dir
    from helpers.ingest.workbook import export_workbook

    console = Console(highlight=False, soft_wrap=True)
    try:
        folder = data_dir(args.data)
    except FileNotFoundError as exc:
        console.print(f"hop: feil: {exc}", markup=False)
        return 2
    target = Path(args.fil)
    if target.suffix.lower() != ".xlsx":
        console.print(f"hop: feil: {target} – forventet et filnavn som slutter på .xlsx",
                      markup=False)
        return 2
    if not folder.is_dir():
        console.print(f"hop: feil: {folder}: datamappen finnes ikke", markup=False)
        return 2
    try:
        made = export_workbook(folder, target)
    except DataError as err:
        console.print("[red]✗[/] Kunne ikke lese datamappen – ingen arbeidsbok er skrevet:")
        for p in err.problems:
            console.print(f"  - {p}", markup=False)
        return 1
    except OSError as exc:
        console.print(f"hop: feil: kan ikke skrive {target}: {exc.strerror or exc} (er filen "
                      "åpen i Excel?)", markup=False)
        return 1
    filled = sum(1 for _s, _spec, n in made if n)
    rows = sum(n for _s, _spec, n in made)
    console.print(f"[green]✓[/] Skrev {target}: {len(made)} ark ({filled} med tall, "
                  f"{rows} rader) fra {folder}.")
    console.print(f"  Fyll ut i Excel og kjør «hop importer {target} --data {folder}».",
                  markup=False)
    return 0
