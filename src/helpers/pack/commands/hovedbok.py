"""``hop hovedbok FIL --profil visma --som regnskap|budsjett``: a ledger export from the
accounting system into regnskap.csv or budsjett.csv (:mod:`helpers.ingest.ledger`)."""

from __future__ import annotations

NAME = "hovedbok"


def add_parser(sub, formatter) -> None:
    from helpers.ingest.ledger.profile import available

    names = ", ".join(available())
    p = sub.add_parser(
        NAME, formatter_class=formatter, add_help=False,
        help="les en eksport fra økonomisystemet (regnskap eller budsjett) inn i datamappen",
        description="Leser hovedbokseksporten fra økonomisystemet (CSV eller .xlsx) med en "
                    "profil for systemet, kontrollerer enheten, at budsjettets drift og "
                    "investering hver går opp i 0 og at ansvarene har rammeområde, og skriver "
                    "driftslinjene i 1000 kr til regnskap.csv eller budsjett.csv. Årets linjer "
                    "(for budsjettet: årets linjer i samme versjon) erstattes; resten av filen "
                    "beholdes. Ved feil skrives ingenting. Se docs/bruk/hovedbok.md.",
        epilog="Eksempler:\n"
               "  hop hovedbok regnskap_april.csv --profil visma --som regnskap --kommune Røros\n"
               "  hop hovedbok budsjett.xlsx --profil unit4 --som budsjett --versjon opprinnelig "
               "--kommune 5025 --aar 2024")
    p._positionals.title = "argumenter"
    p._optionals.title = "valg"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    p.add_argument("fil", metavar="FIL", help="eksporten (CSV eller .xlsx)")
    p.add_argument("--profil", required=True, metavar="PROFIL",
                   help=f"økonomisystemet: {names}, eller stien til en egen profil (.toml)")
    p.add_argument("--som", required=True, choices=("regnskap", "budsjett"),
                   help="om eksporten er regnskapet (per måned) eller budsjettet")
    p.add_argument("--kommune", required=True, metavar="KOMMUNE",
                   help="kommunens navn eller nummer, slik det står i kommuner.csv")
    p.add_argument("--versjon", choices=("opprinnelig", "revidert"), default=None,
                   help="budsjettets versjon (må oppgis for budsjett)")
    p.add_argument("--aar", type=int, default=None, metavar="ÅR",
                   help="året, når eksporten ikke har det i en kolonne eller i perioden")
    p.add_argument("--enhet", choices=("kr", "1000 kr"), default=None,
                   help="beløpenes enhet, når verken overskriften eller profilen sier det "
                        "riktig")
    p.add_argument("--data", default=None, metavar="MAPPE",
                   help="datamappen (standard: prosjektets data/)")
    p.add_argument("--dry-run", action="store_true", dest="proevekjoering",
                   help="kontroller og vis hva som ville blitt skrevet, uten å skrive")


def run(args) -> int:
    from rich.console import Console

    from helpers.data.paths import data_dir
    from helpers.ingest.ledger import LedgerError, ProfileError, import_ledger
    from helpers.presentation.formatting import fmt_number

    console = Console(highlight=False, soft_wrap=True)
    try:
        folder = data_dir(args.data)
    except FileNotFoundError as exc:
        console.print(f"hop: feil: {exc}", markup=False)
        return 2
    try:
        r = import_ledger(args.fil, folder, args.profil, args.som, args.kommune, aar=args.aar,
                          versjon=args.versjon, enhet=args.enhet,
                          dry_run=args.proevekjoering)
    except ProfileError as exc:
        console.print(f"[red]✗[/] {exc}", markup=True)
        return 1
    except LedgerError as err:
        console.print(f"[red]✗[/] {err.message()}", soft_wrap=True)
        return 1
    except OSError as exc:
        console.print(f"hop: feil: {exc.strerror or exc}. Kjør kommandoen på nytt; en import "
                      "som ble avbrutt under flyttingen, fullføres da.", markup=False)
        return 1
    verb = "ville blitt" if args.proevekjoering else "ble"
    lines = f"{fmt_number(r.lines_read)} linjer lest (beløp i {r.unit})"
    if r.status == "uendret":
        console.print(f"[green]✓[/] Eksporten er gyldig og lik {r.file}; ingenting er endret "
                      f"({lines}).")
    else:
        console.print(f"[green]✓[/] Eksporten er gyldig. {r.file} {verb} skrevet i {folder} "
                      f"({r.status}): {lines}, {fmt_number(r.lines_written)} linjer i 1000 kr"
                      + (f", {fmt_number(r.replaced)} tidligere linjer for samme år erstattet"
                         if r.replaced else "") + ".", markup=True)
    for klasse in r.totals:
        console.print(f"  {klasse.capitalize()}sbudsjettet går opp i 0.")
    for note in r.notes:
        console.print(f"  Merk: {note}", markup=False)
    return 0
