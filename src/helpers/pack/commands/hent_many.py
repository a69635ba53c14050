"""``hop hent --kommuner SPEC --gruppe MAPPE``: one fetch for a whole set of municipalities.

SPEC is a list of municipalities (numbers or names, comma separated), a county
(``fylke:50`` or ``fylke:Trøndelag``), a KOSTRA group (``kostragruppe:EKG11``) or ``alle``.
For each municipality of the set a data folder ``MAPPE/<knr>-<navn>/`` is made as ``hop
ny`` makes it (comparison municipalities from the KOSTRA group, the group, Landet uten
Oslo), unless it exists. Then every table is asked once for all folders together
(:func:`helpers.ingest.sources.many.fetch_many`), the raw answers are kept once under
``MAPPE/kilder/``, and each folder gets the rows for the municipalities and groups of its
own ``kommuner.csv`` (the subject-only files for its subject alone), merged exactly as
``hop hent`` merges. ``MAPPE/oversikt/`` gets the set's data for the overview report:
``gruppe.csv`` (knr, navn, fylke, kostragruppe), ``kommuner.csv``, ``kostra.csv`` and
``folketall.csv`` for every municipality fetched.

Nothing in the folders is written unless every merge worked (folders that did not exist
are made first).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.ingest import kommuneliste as kl
from helpers.pack.commands import ny

OVERVIEW = "oversikt"
GROUP_FILE = "gruppe.csv"
GROUP_COLUMNS = ("knr", "navn", "fylke", "kostragruppe")
#: The files of the overview folder besides gruppe.csv and kommuner.csv.
OVERVIEW_FILES = ("kostra.csv", "folketall.csv")


class ManyError(Exception):
    """A set or folder ``hop hent --kommuner`` refuses (message in bokmål)."""


def add_arguments(p) -> None:
    p.add_argument("--kommuner", default=None, metavar="SPEC",
                   help="hent for mange kommuner på én gang: en liste (5025,5021), et fylke "
                        "(fylke:50), en KOSTRA-gruppe (kostragruppe:EKG11) eller «alle»; "
                        "krever --gruppe")
    p.add_argument("--gruppe", default=None, metavar="MAPPE",
                   help="mappen for settet: én datamappe per kommune (MAPPE/KNR-NAVN), "
                        "rådata i MAPPE/kilder og oversikten i MAPPE/oversikt")
    p.add_argument("--kostragrupper", default=None, metavar="FIL",
                   help="KOSTRA-gruppene fra KLASS lagret som JSON (som hop ny "
                        "--kostragrupper); ellers hentes de fra KLASS når noen mangler")
    p.add_argument("--uten-nett", action="store_true",
                   help="ikke hent KOSTRA-gruppene fra KLASS (som hop ny --uten-nett)")


def folder_name(k: kl.Kommuneinfo) -> str:
    return f"{k.kommunenummer}-{ny._slug(k.navn)}"


def resolve(spec: str, liste: Sequence[kl.Kommuneinfo]) -> list[kl.Kommuneinfo]:
    """The municipalities SPEC names, in number order (a list keeps its own order)."""
    text = spec.strip()
    low = text.casefold()
    if low == "alle":
        return list(liste)
    if low.startswith("fylke:"):
        want = text.split(":", 1)[1].strip()
        hits = [k for k in liste if k.fylkesnummer == want.zfill(2)
                or kl.normaliser(k.fylke) == kl.normaliser(want)]
        if not hits:
            fylker = sorted({f"{k.fylkesnummer} {k.fylke}" for k in liste})
            raise ManyError(f"fant ikke fylket «{want}»; fylkene er {', '.join(fylker)}.")
        return hits
    if low.startswith("kostragruppe:"):
        want = text.split(":", 1)[1].strip().upper()
        if want.isdigit():
            want = f"EKG{int(want):02d}"
        hits = [k for k in liste if k.kostragruppe == want]
        if not hits:
            raise ManyError(
                f"ingen kommune i kommunelisten er i KOSTRA-gruppen «{want}». Kommunelisten "
                "kjenner bare noen få gruppene; gi gruppene fra KLASS med --kostragrupper "
                "FIL.json, eller la hop hente dem (uten --uten-nett).")
        return hits
    by_number = {k.kommunenummer: k for k in liste}
    chosen: list[kl.Kommuneinfo] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        found = by_number[kl.finn(part).kommune.kommunenummer]
        if found not in chosen:
            chosen.append(found)
    if not chosen:
        raise ManyError("--kommuner er tom; gi kommuner, fylke:NR, kostragruppe:EKGNN eller alle.")
    return chosen


def municipality_list(spec: str, groups_file: str | None, offline: bool
                      ) -> tuple[tuple[kl.Kommuneinfo, ...], dict[str, bytes], str]:
    """The municipality list with KOSTRA groups: from ``groups_file``, else fetched from KLASS
    (unless offline), else the shipped list. Returns it, raw KLASS files and a note."""
    if groups_file:
        try:
            return ny._list_with_groups(groups_file), {}, ""
        except ny.NyError as exc:
            raise ManyError(str(exc)) from None
    if offline:
        return kl.kommuner(), {}, ""
    fetched, extra, why = ny.fetch_groups()
    return (fetched, extra, "") if fetched is not None else (kl.kommuner(), {}, why)


def ensure_folders(root: Path, members: Sequence[kl.Kommuneinfo],
                   liste: Sequence[kl.Kommuneinfo], extra: dict[str, bytes] | None = None
                   ) -> tuple[dict[str, Path], list[str]]:
    """Each member's data folder (made as ``hop ny`` makes it when missing): knr → folder,
    and one line per folder made."""
    folders: dict[str, Path] = {}
    made: list[str] = []
    for k in members:
        target = root / folder_name(k)
        if not (target / "kommuner.csv").is_file():
            peers, _ = ny.default_peers(k, ny.DEFAULT_MAX, tuple(liste))
            ny.write_folder(target, k, ny.kommuner_rows(k, peers, False), extra)
            made.append(f"Laget {target.name}/ ({len(peers)} sammenligningskommuner)")
        folders[k.kommunenummer] = target
    return folders, made


def _csv_text(columns: Sequence[str], rows: Sequence[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n",
                       extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _kommuner_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "kommuner.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def write_overview(root: Path, members: Sequence[kl.Kommuneinfo],
                   folders: dict[str, Path]) -> Path:
    """``MAPPE/oversikt/`` with ``gruppe.csv`` (the set) and ``kommuner.csv`` (every
    municipality and group of the set's folders, set members first). Returns the folder."""
    from helpers.data.specs import all_specs

    target = root / OVERVIEW
    target.mkdir(parents=True, exist_ok=True)
    gruppe = [{"knr": k.kommunenummer, "navn": k.navn, "fylke": k.fylke,
               "kostragruppe": k.kostragruppe or ""} for k in members]
    (target / GROUP_FILE).write_text(_csv_text(GROUP_COLUMNS, gruppe), encoding="utf-8")
    seen: dict[str, dict[str, str]] = {}
    for k in members:  # each member's own row first, then peers and groups
        rows = _kommuner_rows(folders[k.kommunenummer])
        own = next(r for r in rows if r["kommunenummer"] == k.kommunenummer)
        seen.setdefault(k.kommunenummer, own)
    for k in members:
        for r in _kommuner_rows(folders[k.kommunenummer]):
            seen.setdefault(r["kommunenummer"], r)
    kommuner = sorted(seen.values(), key=lambda r: r.get("type") != "kommune")
    specs = all_specs()
    (target / "kommuner.csv").write_text(_csv_text(list(specs["kommuner"].columns), kommuner),
                                         encoding="utf-8")
    # The other files the loader requires, as hop ny writes them (headers only: missing,
    # not zero; the national reference files copied), so the folder validates.
    project_data = ny._project_data()
    for stem, spec in specs.items():
        path = target / spec.name
        if stem == "kommuner" or spec.optional or path.exists():
            continue
        if stem in ny.NATIONAL and (project_data / spec.name).is_file():
            path.write_bytes((project_data / spec.name).read_bytes())
        else:
            path.write_text(_csv_text(list(spec.columns), []), encoding="utf-8")
    return target


def _relocate(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The raw answers lie in ``MAPPE/kilder/``, one level above each folder: the «kilde»
    of each row points there."""
    return [{**r, "kilde": r["kilde"].replace("rådata kilder/", "rådata ../kilder/")}
            if "kilde" in r else r for r in rows]


def split_rows(rows: dict[str, list[dict[str, str]]], regions: set[str], subject: str,
               subject_only: set[str]) -> dict[str, list[dict[str, str]]]:
    """The rows one folder gets: its municipalities' and groups' (its subject's alone in the
    files a one-folder fetch fills for the subject only)."""
    out: dict[str, list[dict[str, str]]] = {}
    for fname, rs in rows.items():
        keep = {subject} if fname in subject_only else regions
        out[fname] = _relocate([r for r in rs if r.get("kommunenummer") in keep])
    return out


def run(args, client_factory, miljo_transport, parse_years, describe) -> int:
    """``hop hent --kommuner``; ``parse_years`` and ``describe`` are ``hop hent``'s own
    (passed in: :mod:`.hent` imports this module)."""
    from helpers.ingest.sources import fetch, many
    from helpers.ingest.sources.jsonstat import SsbError

    if not args.gruppe:
        print("hop hent: --kommuner krever --gruppe MAPPE (mappen for settet).", file=sys.stderr)
        return 2
    if args.data or args.fra_fil or args.kommune:
        print("hop hent: --kommuner kan ikke brukes med --data, --kommune eller --fra-fil.",
              file=sys.stderr)
        return 2
    root = Path(args.gruppe)
    try:
        years = parse_years(args.aar)
        liste, extra, why = municipality_list(args.kommuner, args.kostragrupper,
                                              ny._offline(args))
        if why:
            print(f"Merk: {why}")
        members = resolve(args.kommuner, liste)
        folders, made = ensure_folders(root, members, liste, extra)
        for line in made:
            print(line)
        overview = write_overview(root, members, folders)
        mun = fetch.read_kommuner(overview, members[0].kommunenummer)
        got = many.fetch_many(
            overview, mun, [k.kommunenummer for k in members], what=args.kilde, years=years,
            client=client_factory() if args.kilde in ("ssb", "alt") else None,
            miljo_transport=miljo_transport)
        subject_only = many.subject_only_files()
        plans: list[tuple[Path, fetch.Collected]] = []
        for k in members:
            folder = folders[k.kommunenummer]
            own = fetch.read_kommuner(folder, k.kommunenummer)
            part = split_rows(got.rows, {*own.kommuner, *own.groups}, k.kommunenummer,
                              subject_only)
            plans.append((folder, fetch.Collected(
                {f: fetch.merge(folder, f, rs) for f, rs in sorted(part.items())})))
        every = {*mun.kommuner, *mun.groups}
        part = split_rows({f: rs for f, rs in got.rows.items() if f in OVERVIEW_FILES},
                          every, "", set())
        plans.append((overview, fetch.Collected(
            {f: fetch.merge(overview, f, rs) for f, rs in sorted(part.items())})))
    except (SsbError, ManyError, kl.UkjentKommune, ny.NyError) as exc:
        print(f"hop hent: {exc}", file=sys.stderr)
        return 1
    for line in got.notes:
        print(line)
    for line in got.failures:
        print(f"hop hent: ikke hentet — {line}", file=sys.stderr)
    changed = sum(len(u.changes) for _, c in plans for u in c.updates.values())
    print(f"{len(members)} kommuner; {changed} tall nye eller endret i {len(plans)} mapper.")
    if args.dry_run:
        for folder, c in plans[:3]:
            print(f"{folder.name}:")
            for line in describe(c, 10):
                print(f"  {line}")
        print("Tørrkjøring (--dry-run): ingenting er hentet inn i mappene.")
        return 1 if got.failures else 0
    for save in got.raws:
        save(root)
    written = 0
    for folder, c in plans:
        written += len(fetch.apply(c, folder))
    print(f"Skrev {written} filer i {len(plans)} mapper under {root}; rådata i "
          f"{root / 'kilder'}.")
    if got.failures:
        print(f"hop hent: {len(got.failures)} tabell(er) ble ikke hentet (se over).",
              file=sys.stderr)
        return 1
    return 0
