"""``hop ny KOMMUNE``: a complete, documented data folder for any Norwegian municipality.

It writes ``kommuner.csv`` (the municipality, its comparison municipalities, its KOSTRA
group and «Landet uten Oslo», each row with its source), every other file the loader
requires with its header only (missing, not zero), ``parametre.yaml`` for ``hop build
--params`` and ``LES-MEG.md`` saying what fills each file. The folder is written beside the
target and renamed into place, and a folder that is not empty is never touched.

When the subject's KOSTRA group is not in the shipped list and no ``--kostragrupper`` file is
given, the groups are fetched from SSB's KLASS (correspondence 131 → 112 on today's date,
:mod:`helpers.ingest.sources.klass`) unless ``--uten-nett`` or ``$HOP_UTEN_NETT`` says not to;
the raw answer and its query go to the folder's ``kilder/klass/``. A failed fetch changes
nothing but the message: the folder is made as without network.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from helpers import settings
from helpers.data.inputs import IMPORTER, INPUTS
from helpers.data.specs import NY, all_specs, fill_command
from helpers.ingest import kommuneliste as kl
from helpers.ingest.sources import klass
from helpers.ingest.sources.registry import all_sources

NAME = "ny"
DEFAULT_MAX = 5  # Røros' HØP compares with five municipalities
KLASS_SOURCE = f"SSB KLASS 131, kommuneinndelingen {kl.AAR} (kommunelisten i hop)"


#: Set to skip the KLASS fetch (as ``--uten-nett``); the test suite sets it for every test.
OFFLINE_ENV = settings.OFFLINE_ENV
#: Replaced in tests with a client on a fake transport (no network in tests).
klass_client_factory: Callable[[], klass.KlassClient] = klass.KlassClient


class NyError(Exception):
    """A request ``hop ny`` refuses (message in bokmål)."""


def add_parser(sub, formatter) -> None:
    p = sub.add_parser(
        NAME, formatter_class=formatter, add_help=False,
        help="lag en ny, dokumentert datamappe for en kommune",
        description="Lager en datamappe for kommunen: kommuner.csv med kommunen, "
                    "sammenligningskommunene, KOSTRA-gruppen og landet uten Oslo, tomme "
                    "filer (bare overskrift) for alt som skal fylles, og LES-MEG.md som sier "
                    "hva som fyller hver fil. Har ikke kommunelisten KOSTRA-gruppen, hentes "
                    "den fra SSB KLASS (uten nett: se --kostragrupper).")
    p._optionals.title = "valg"
    p._positionals.title = "argumenter"
    p.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")
    p.add_argument("kommune", metavar="KOMMUNE",
                   help="kommunenummer eller navn (også gammelt nummer, f.eks. 3001)")
    p.add_argument("--mappe", metavar="MAPPE",
                   help="mappen som lages (standard: data-<kommunenummer>-<navn>); må være "
                        "ny eller tom")
    p.add_argument("--sammenligning", metavar="A,B,...", action="append", default=[],
                   help="sammenligningskommuner, skilt med komma (standard: kommuner i "
                        "samme KOSTRA-gruppe)")
    p.add_argument("--kostragrupper", metavar="FIL.json",
                   help="KOSTRA-gruppene fra KLASS (korrespondansen mellom klassifikasjon 131 "
                        "og 112, lagret som JSON); går foran kommunelisten")
    p.add_argument("--uten-nett", action="store_true", dest="uten_nett",
                   help="ikke prøv å hente KOSTRA-gruppene fra SSB KLASS når kommunelisten "
                        f"ikke har gruppen (også med miljøvariabelen {OFFLINE_ENV}=1)")
    p.add_argument("--maks-sammenligning", metavar="N", type=int, default=DEFAULT_MAX,
                   dest="maks", help=f"høyst så mange sammenligningskommuner fra KOSTRA-"
                                     f"gruppen (standard {DEFAULT_MAX})")


def _slug(text: str) -> str:
    keep = kl.normaliser(text.split(" - ")[0]).replace(" ", "-")
    return "".join(c for c in keep if c.isalnum() or c == "-")


def default_peers(subject: kl.Kommuneinfo, maks: int,
                  liste: tuple[kl.Kommuneinfo, ...] | None = None
                  ) -> tuple[list[kl.Kommuneinfo], str]:
    """Municipalities of the subject's KOSTRA group: those in its county first, then in
    number order, at most ``maks``. Returns them and a note for the terminal ("" if none).
    The shipped list has no population, so nearest population cannot be used."""
    group = subject.kostragruppe
    if not group:
        return [], (f"KOSTRA-gruppen til {subject.navn} står ikke i kommunelisten (se "
                    "LES-MEG.md i helpers/ingest/kommuneliste). Oppgi sammenligningskommuner "
                    "med --sammenligning A,B,... (f.eks. kommunene dere sammenligner med i "
                    "økonomiplanen), eller KOSTRA-gruppene fra KLASS med --kostragrupper "
                    "FIL.json; KOSTRA-gruppen kan også føres inn i kommuner.csv.")
    members = [k for k in kl.medlemmer(group, liste)
               if k.kommunenummer != subject.kommunenummer]
    members.sort(key=lambda k: (k.fylkesnummer != subject.fylkesnummer, k.kommunenummer))
    chosen = members[:max(0, maks)]
    info = kl.kostragrupper().get(group)
    note = ""
    known = len(kl.medlemmer(group, liste))
    if info and known < info.antall_kommuner:
        note = (f"Kommunelisten kjenner {known} av {info.antall_kommuner} "
                f"kommuner i {info.navn}; sammenligningen har {len(chosen)}. Oppgi flere med "
                "--sammenligning.")
    return chosen, note


def _row(k: kl.Kommuneinfo, kilde: str) -> dict[str, str]:
    aliases = [*k.navnedeler, *(f"{n} kommune" for n in k.navnedeler)]
    return {"kommunenummer": k.kommunenummer, "navn": k.navn, "type": "kommune",
            "kostragruppe": k.kostragruppe or "",
            "alias": "|".join(a for a in dict.fromkeys(aliases) if a != k.navn),
            "kilde": kilde}


def kommuner_rows(subject: kl.Kommuneinfo, peers: list[kl.Kommuneinfo], given: bool
                  ) -> list[dict[str, str]]:
    """The rows of ``kommuner.csv``: subject, peers, the group, Landet uten Oslo."""
    def group_source(k: kl.Kommuneinfo) -> str:
        return f"; KOSTRA-gruppe: {k.kostragruppe_kilde}" if k.kostragruppe else ""

    rows = [_row(subject, f"{KLASS_SOURCE}{group_source(subject)}")]
    why = ("sammenligningskommune oppgitt med hop ny --sammenligning" if given else
           f"sammenligningskommune i samme KOSTRA-gruppe ({subject.kostragruppe})")
    rows += [_row(k, f"{KLASS_SOURCE}; {why}{group_source(k)}") for k in peers]
    group = kl.kostragrupper().get(subject.kostragruppe or "")
    if group:
        rows.append({"kommunenummer": group.kode, "navn": group.navn, "type": "kommunegruppe",
                     "kostragruppe": "", "alias": f"Kostragruppe {int(group.kode[3:])}",
                     "kilde": f"{group.kilde}; gjennomsnitt for gruppen i SSBs KOSTRA-tabeller "
                              "(region " + group.kode + ")"})
    elif subject.kostragruppe:  # a group the shipped table does not know (a new grouping)
        nr = int(subject.kostragruppe[3:])
        rows.append({"kommunenummer": subject.kostragruppe, "navn": f"KOSTRA-gruppe {nr}",
                     "type": "kommunegruppe", "kostragruppe": "",
                     "alias": f"Kostragruppe {nr}",
                     "kilde": f"{subject.kostragruppe_kilde}; gjennomsnitt for gruppen i SSBs "
                              f"KOSTRA-tabeller (region {subject.kostragruppe})"})
    code, navn = kl.LANDET_UTEN_OSLO
    rows.append({"kommunenummer": code, "navn": navn, "type": "kommunegruppe",
                 "kostragruppe": "", "alias": "Landet uten Oslo|EAKUO",
                 "kilde": "SSBs KOSTRA-tabeller, region EAKUO (landet uten Oslo)"})
    return rows


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def les_meg(subject: kl.Kommuneinfo, rows: list[dict[str, str]], mappe: str = "MAPPEN"
            ) -> str:
    """The folder's LES-MEG.md: what each file holds and which command fills it."""
    from helpers.pack.catalogue import report_inputs

    specs = all_specs()
    declared = report_inputs()
    public = [fill_command(name) for name in all_sources()]  # hop hent ssb, hop hent miljo
    by_source: dict[str, list[str]] = {**{c: [] for c in public}, IMPORTER: []}
    for stem, spec in specs.items():
        info = INPUTS.get(stem)
        if stem == "kommuner" or info is None:
            continue
        needs = [r for r, w in declared.items() if stem in w.trenger]
        mark = ("" if not spec.optional else
                f" (ikke laget; trengs av {', '.join(needs)})" if needs else
                " (valgfri, ikke laget)")
        by_source.setdefault(info.fylles_av, []).append(
            f"- `{spec.name}`{mark}: {info.innhold}.")
    names = ", ".join(f"{r['navn']} ({r['kommunenummer']})" for r in rows)
    if f"({klass.RAW_FOLDER.as_posix()}/" in rows[0]["kilde"]:  # fetched by hop ny
        names += (f". KOSTRA-gruppene er hentet fra SSB KLASS; svaret og spørringen ligger i "
                  f"`{klass.RAW_FOLDER.as_posix()}/`")
    reports = "\n".join(
        f"- {name}: trenger " + ", ".join(f"`{specs[s].name}`" for s in need.trenger)
        for name, need in declared.items())
    return f"""# Datamappe for {subject.navn} kommune ({subject.kommunenummer})

Laget med `hop ny` {date.today().isoformat()}. Filene med bare overskrift er **tomme: tallene
mangler** (et tomt felt er aldri null). Kjør `hop validate --data {mappe}` for å se hva
som fortsatt mangler og hvilke rapporter som kan bygges.

## Ferdig: `kommuner.csv`

{names}. Kilde på hver rad. Standard sammenligning i rapportene er alle kommunene i filen
(gruppene vises som referanse). Rett gjerne i filen: legg til eller fjern
sammenligningskommuner, og fyll inn `kostragruppe` der den mangler.

## 1. Offentlige tall: {" og ".join(f"`{c}`" for c in public)}

Se «Hent offentlige tall» i hop-rapporters docs/bruk/hent.md. Uten nett: lagre tabellen fra
SSBs Statistikkbank og bruk `hop hent ssb --fra-fil FIL`.

{chr(10).join(chr(10).join(by_source[c]) for c in public)}

## 2. Kommunens egne tall: `{IMPORTER}`

Se «Grunnlagsarbeidsboken» i hop-rapporters docs/bruk/grunnlag.md: økonomiplanen, rammene,
investeringsprogrammet, handlingsreglene og klimabudsjettet fylles i arbeidsboken
`grunnlag.xlsx` i denne mappen (ett ark per fil, overskrifter med enhet og fortegn, lister og
et eksempel, ellers tom), og `hop importer grunnlag.xlsx --data MAPPEN` skriver filene under
når hele arbeidsboken er gyldig.

{chr(10).join(by_source[IMPORTER])}

## 3. Sjekk og bygg

```bash
hop validate --data {mappe}
hop build --data {mappe} --params {mappe}/parametre.yaml --out rapporter
```

En rapport som mangler tall, bygges som en kort side som sier hvilke tall som mangler; den
tas ikke med i vedlegget. Rapportene og filene de trenger:

{reports}
"""


WORKBOOK = "grunnlag.xlsx"

# Reference data that are the same for every municipality (the KOSTRA art → § 5-6 line
# mapping): the files hop ny fills besides kommuner.csv, copied from the project's data
# folder, not left empty.
NATIONAL = tuple(stem for stem, spec in all_specs().items()
                 if spec.source == NY and stem != "kommuner")


def _project_data() -> Path:
    from helpers.data.paths import data_dir

    try:
        return data_dir(None)
    except FileNotFoundError:
        return Path("/nonexistent")


def write_folder(target: Path, subject: kl.Kommuneinfo, rows: list[dict[str, str]],
                 extra: dict[str, bytes] | None = None) -> None:
    """Write the folder beside ``target`` and rename it into place; ``extra`` are more files
    (path relative to the folder → content), e.g. the raw KLASS answer."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise NyError(f"{target} finnes og er ikke en mappe; velg en ny mappe med --mappe.")
    if target.is_dir() and any(target.iterdir()):
        raise NyError(f"Mappen {target} finnes og er ikke tom. hop ny skriver bare til en ny "
                      "eller tom mappe, så ingenting blir overskrevet; velg en annen mappe "
                      "med --mappe.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        specs = all_specs()
        project_data = _project_data()
        for stem, spec in specs.items():
            if stem == "kommuner":
                text = _csv_text(list(spec.columns), rows)
            elif stem in NATIONAL and (project_data / spec.name).is_file():
                shutil.copyfile(project_data / spec.name, tmp / spec.name)
                continue
            elif spec.optional:
                continue
            else:
                text = _csv_text(list(spec.columns), [])
            (tmp / spec.name).write_text(text, encoding="utf-8")
        # Only the municipality: every report declares it (a parameter no chosen report
        # declares stops hop build), and the default comparison is the other municipalities
        # of kommuner.csv, which are the peers above.
        (tmp / "parametre.yaml").write_text(
            f'kommune: "{subject.kommunenummer}"  # {subject.navn}\n', encoding="utf-8")
        (tmp / "LES-MEG.md").write_text(les_meg(subject, rows, str(target)), encoding="utf-8")
        # The municipality's own figures are filled in this workbook and read back with
        # hop importer (sheets with headers, units, lists and an example, all empty).
        from helpers.ingest.workbook import export_workbook

        export_workbook(tmp, tmp / WORKBOOK)
        for name, content in (extra or {}).items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(content)
        tmp.chmod(0o755)
        if target.is_dir():  # empty (checked above); os.replace cannot replace it everywhere
            target.rmdir()
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _list_with_groups(path: str | None) -> tuple[kl.Kommuneinfo, ...]:
    """The municipality list, with the KOSTRA groups of a KLASS file when one is given."""
    if not path:
        return kl.kommuner()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NyError(f"--kostragrupper {path}: kan ikke lese filen "
                      f"({getattr(exc, 'strerror', None) or exc}).") from None
    stamp = date.fromtimestamp(file.stat().st_mtime).isoformat()
    kilde = (f"SSB KLASS, korrespondanse kommuneinndeling (131) – KOSTRA-grupper (112), "
             f"fra filen {file.name} (lagret {stamp})")
    try:
        return kl.med_grupper(kl.grupper_fra_klass(text, kilde))
    except ValueError as exc:
        raise NyError(f"--kostragrupper {path}: {exc}.") from None


def _offline(args) -> bool:
    return bool(getattr(args, "uten_nett", False) or settings.offline())


def fetch_groups(today: date | None = None
                 ) -> tuple[tuple[kl.Kommuneinfo, ...] | None, dict[str, bytes], str]:
    """The list with KLASS' KOSTRA groups (131 → 112 on ``today``), the raw files for
    ``kilder/klass/``, and "" — or ``None``, no files and why the fetch failed, with the
    command that saves the answer by hand (bokmål)."""
    day = (today or date.today()).isoformat()
    try:
        result = klass_client_factory().corresponds_at(
            klass.KOMMUNEINNDELING, klass.KOSTRAGRUPPER, day, today=today)
        grupper = kl.grupper_fra_klass(result.raw.decode("utf-8"), result.kilde())
    except (klass.KlassError, ValueError) as exc:
        reason = str(exc) if isinstance(exc, klass.KlassError) else f"SSB KLASS: {exc}"
        url = klass.corresponds_at_url(klass.KOMMUNEINNDELING, klass.KOSTRAGRUPPER, day)
        return None, {}, (
            f"Fikk ikke hentet KOSTRA-gruppene: {reason.rstrip('.')}. Lagre svaret for hånd "
            f'(med JSON-hodet; en nettleser får XML): curl -H "Accept: application/json" '
            f'-o kostragrupper.json "{url}", og kjør hop ny på nytt med --kostragrupper '
            "kostragrupper.json.")
    return kl.med_grupper(grupper), klass.raw_files(result), ""


def _split(values: list[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def run(args) -> int:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    try:
        liste = _list_with_groups(args.kostragrupper)
        by_number = {k.kommunenummer: k for k in liste}
        found = kl.finn(args.kommune)
        subject = by_number[found.kommune.kommunenummer]
        extra: dict[str, bytes] = {}
        if not subject.kostragruppe and not args.kostragrupper and not _offline(args):
            fetched, extra, why = fetch_groups()
            if fetched is None:
                console.print(f"[yellow]Merk:[/] {escape(why)}", markup=True)
            else:
                liste = fetched
                by_number = {k.kommunenummer: k for k in liste}
                subject = by_number[subject.kommunenummer]
                console.print("  KOSTRA-gruppene er hentet fra SSB KLASS (korrespondanse "
                              f"131 → 112); rådata i {klass.RAW_FOLDER.as_posix()}/.")
        if found.merknad:
            console.print(f"[yellow]Merk:[/] {found.merknad}", markup=True)
        given = _split(args.sammenligning)
        if given:
            peers = []
            for name in given:
                hit = kl.finn(name)
                if hit.merknad:
                    console.print(f"[yellow]Merk:[/] {hit.merknad}")
                peer = by_number[hit.kommune.kommunenummer]
                if peer.kommunenummer != subject.kommunenummer and peer not in peers:
                    peers.append(peer)
            note = ""
        else:
            if args.maks < 0:
                raise NyError("--maks-sammenligning må være 0 eller mer.")
            peers, note = default_peers(subject, args.maks, liste)
        rows = kommuner_rows(subject, peers, bool(given))
        target = Path(args.mappe or f"data-{subject.kommunenummer}-{_slug(subject.navn)}")
        write_folder(target, subject, rows, extra)
    except (kl.UkjentKommune, NyError) as exc:
        console.print(f"[red]Feil:[/] {exc}", markup=True)
        return 2
    except OSError as exc:
        console.print(f"[red]Feil:[/] kunne ikke skrive mappen: {exc.strerror or exc}")
        return 2
    console.print(f"[green]✓[/] Laget {target}/ for {subject.navn} kommune "
                  f"({subject.kommunenummer}).")
    if peers:
        console.print("  Sammenligning: " + ", ".join(f"{k.navn} ({k.kommunenummer})"
                                                       for k in peers))
    if note:
        console.print(f"[yellow]Merk:[/] {note}")
    console.print(f"  Neste steg: se {target}/LES-MEG.md, så «hop validate --data {target}».")
    return 0
