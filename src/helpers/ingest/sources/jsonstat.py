"""JSON-stat2 fra SSB (PxWebApi v2) til en ryddig («tidy») pandas-tabell.

Én rad per celle, i tabellens egen rekkefølge (radvis over ``id``, siste dimensjon varierer
raskest). For hver dimensjon to kolonner: koden (``Region``) og teksten (``Region_tekst``).
Deretter ``verdi`` (float) og ``status`` (str, tom når SSB ikke satte et symbol).

En celle uten tall (``null``) eller med et av SSBs symboler for manglende/skjermede tall
(``.``, ``..``, ``...``, ``:``) blir NaN, aldri 0. Andre symboler (f.eks. ``*`` for foreløpige
tall) beholdes i ``status`` uten at tallet tas bort.

Bare standardbiblioteket og pandas, ikke resten av ``helpers``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded by the decoders: SsbError alone does not need pandas
    import pandas as pd

__all__ = [
    "MISSING_SYMBOLS",
    "SsbError",
    "decode",
    "decode_csv",
    "not_a_dataset",
    "read_file",
]

#: SSBs symboler for celler uten publiserbart tall: ``.`` = kan ikke forekomme,
#: ``..`` = tallgrunnlag mangler, ``...`` = oppgave mangler (eldre tabeller), ``:`` = skjermet.
MISSING_SYMBOLS = frozenset({".", "..", "...", ":"})

VALUE_COLUMN = "verdi"
STATUS_COLUMN = "status"
LABEL_SUFFIX = "_tekst"


class SsbError(Exception):
    """Noe gikk galt med henting eller lesing av en SSB-tabell (meldingen er på bokmål)."""

    def __init__(self, melding: str, tabell: str | None = None):
        self.tabell = tabell
        self.melding = melding
        super().__init__(f"SSB-tabell {tabell}: {melding}" if tabell else f"SSB: {melding}")


def _categories(dim_id: str, dim: Any, tabell: str | None) -> tuple[list[str], dict[str, str]]:
    """Kodene i riktig rekkefølge og tekstene deres for én dimensjon."""
    if not isinstance(dim, Mapping):
        raise SsbError(f"dimensjonen «{dim_id}» er ikke et JSON-objekt.", tabell)
    category = dim.get("category")
    if not isinstance(category, Mapping):
        raise SsbError(f"dimensjonen «{dim_id}» mangler «category».", tabell)
    index = category.get("index")
    labels = category.get("label") or {}
    if not isinstance(labels, Mapping):
        raise SsbError(f"«category.label» for «{dim_id}» er ikke et JSON-objekt.", tabell)
    if index is None:
        # JSON-stat tillater å utelate index når det bare er én kategori.
        if len(labels) != 1:
            raise SsbError(f"dimensjonen «{dim_id}» mangler «category.index».", tabell)
        codes = [str(next(iter(labels)))]
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, Mapping):
        try:
            ordered = sorted(index.items(), key=lambda kv: int(kv[1]))
        except (TypeError, ValueError):
            raise SsbError(
                f"«category.index» for «{dim_id}» har posisjoner som ikke er heltall.", tabell
            ) from None
        positions = [int(p) for _, p in ordered]
        if positions != list(range(len(positions))):
            raise SsbError(
                f"«category.index» for «{dim_id}» har hull eller dubletter i posisjonene.", tabell
            )
        codes = [str(c) for c, _ in ordered]
    else:
        raise SsbError(f"«category.index» for «{dim_id}» er verken liste eller objekt.", tabell)
    if len(set(codes)) != len(codes):
        raise SsbError(f"dimensjonen «{dim_id}» har samme kode flere ganger.", tabell)
    return codes, {c: str(labels.get(c, c)) for c in codes}


def _number(raw: Any, pos: int, tabell: str | None) -> float:
    if raw is None:
        return math.nan
    if isinstance(raw, bool):
        raise SsbError(f"verdi nr. {pos} er en sannhetsverdi, ikke et tall.", tabell)
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text in MISSING_SYMBOLS or text == "":
            return math.nan
        try:
            return float(text.replace(",", "."))
        except ValueError:
            pass
    raise SsbError(f"verdi nr. {pos} ({raw!r}) er ikke et tall.", tabell)


def _sparse(raw: Any, n: int, what: str, tabell: str | None) -> dict[int, Any]:
    """``value``/``status`` som objekt {«flat indeks»: x} → {int: x}, med grensesjekk."""
    out: dict[int, Any] = {}
    for key, item in raw.items():
        try:
            pos = int(key)
        except (TypeError, ValueError):
            raise SsbError(
                f"«{what}» har nøkkelen {key!r}, som ikke er en indeks.", tabell
            ) from None
        if not 0 <= pos < n:
            raise SsbError(f"«{what}» har indeks {pos}, men tabellen har bare {n} celler.", tabell)
        out[pos] = item
    return out


#: Where a table is saved by hand in the format ``hop hent --fra-fil`` reads.
SAVE_HINT = ("lagre tabellen på nytt fra Statistikkbanken (ssb.no/statbank, «Lagre/Last ned» "
             "→ «JSON-stat2»), eller hent den med hop hent")


def not_a_dataset(doc: Mapping) -> str | None:
    """A bokmål sentence when ``doc`` is a JSON file of another kind than a JSON-stat2
    dataset that people mistake for one: a JSON-stat 1 response (what SSB's old API, v0/v1,
    returns by default: ``{"dataset": {...}}`` or a bundle ``{"navn": {"dimension": ...}}``),
    or a saved query (v0/v1 ``{"query": [...], "response": ...}``, v2 ``{"selection": [...]}``)
    instead of the response to it, or the old API's table description (``title`` and
    ``variables``, what ``GET .../api/v0/no/table/NNNNN`` returns). None for anything else."""
    wrapped = doc.get("queryObj")
    if isinstance(wrapped, Mapping) and isinstance(wrapped.get("query"), list):
        # Statistikkbanken's «API-spørring» file: the query, its table and where to post it
        table = doc.get("tableIdForQuery")
        return ("filen er en spørring lagret fra Statistikkbanken"
                + (f" for tabell {table}" if isinstance(table, str) else "")
                + " (feltene «queryObj» og «postUrl»), ikke et svar med tall. Send spørringen "
                "til adressen i «postUrl» og lagre svaret; eller " + SAVE_HINT + ".")
    if "query" in doc and isinstance(doc.get("query"), list) or (
            "selection" in doc and isinstance(doc.get("selection"), list)
            and "dimension" not in doc):
        return ("filen er en spørring (det man sender til SSB), ikke et svar med tall. "
                "Kjør spørringen i Statistikkbanken eller mot API-et og lagre svaret; eller "
                + SAVE_HINT + ".")
    if ("variables" in doc and isinstance(doc.get("variables"), list) and "title" in doc
            and "dimension" not in doc):
        # the old API's answer to GET .../api/v0/no/table/NNNNN (seen in SSB's own
        # dapla-statbank-client tests, table 05300): the codes, no figures
        title = doc.get("title")
        return ("filen er tabellbeskrivelsen fra SSBs gamle API (v0/v1, feltene «title» og "
                "«variables»"
                + (f", «{title}»" if isinstance(title, str) and title else "")
                + "): den har kodene, men ingen tall, og er ikke JSON-stat2. Bruk den til å "
                "lage en spørring og lagre svaret som JSON-stat2; eller " + SAVE_HINT + ".")
    if "id" not in doc and "dimension" not in doc:
        inner = [v for v in doc.values() if isinstance(v, Mapping) and "dimension" in v]
        if inner and (set(doc) == {"dataset"} or len(inner) == len(doc)):
            return ("filen er JSON-stat 1 (det gamle API-ets standardformat), ikke JSON-stat2 — "
                    "hop leser bare JSON-stat2. Lagre som JSON-stat2 fra Statistikkbanken "
                    "(«Lagre/Last ned» → «JSON-stat2»), eller be om «json-stat2» i "
                    "spørringen (response.format), eller hent tabellen med hop hent.")
    return None


def decode(doc: Any, tabell: str | None = None) -> pd.DataFrame:
    """Et JSON-stat2-datasett (dict eller JSON-tekst/bytes) → ryddig DataFrame.

    ``tabell`` brukes bare i feilmeldinger; ellers hentes tabellnummeret fra
    ``extension.px.tableid`` når det finnes. Metadata legges i ``DataFrame.attrs``:
    ``tabell``, ``tittel``, ``oppdatert``, ``kilde``, ``dimensjoner`` (kode → tekst).
    """
    if isinstance(doc, (bytes, bytearray, str)):
        try:
            doc = json.loads(doc)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SsbError(
                f"svaret er ikke gyldig JSON (avkortet eller ødelagt?): {exc}", tabell
            ) from None
    if not isinstance(doc, Mapping):
        raise SsbError("svaret er ikke et JSON-stat2-datasett (ikke et JSON-objekt).", tabell)
    refusal = not_a_dataset(doc)
    if refusal:
        raise SsbError(refusal, tabell)
    extension = doc.get("extension")
    px = extension.get("px") if isinstance(extension, Mapping) else None
    if tabell is None and isinstance(px, Mapping) and px.get("tableid"):
        tabell = str(px["tableid"])
    klass = doc.get("class")
    if klass is not None and klass != "dataset":
        raise SsbError(f"svaret er JSON-stat av klassen «{klass}», ikke «dataset».", tabell)
    for key in ("id", "size", "dimension"):
        if key not in doc:
            raise SsbError(f"svaret er ikke JSON-stat2: feltet «{key}» mangler.", tabell)
    ids, sizes, dims = doc["id"], doc["size"], doc["dimension"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise SsbError("«id» er ikke en liste med dimensjonsnavn.", tabell)
    if not isinstance(sizes, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes
    ):
        raise SsbError("«size» er ikke en liste med ikke-negative heltall.", tabell)
    if len(ids) != len(sizes):
        raise SsbError(
            f"«id» har {len(ids)} dimensjoner, men «size» har {len(sizes)} tall.", tabell
        )
    if not isinstance(dims, Mapping):
        raise SsbError("«dimension» er ikke et JSON-objekt.", tabell)

    codes_per_dim: list[list[str]] = []
    labels_per_dim: list[dict[str, str]] = []
    dim_labels: dict[str, str] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dims:
            raise SsbError(f"dimensjonen «{dim_id}» står i «id», men ikke i «dimension».", tabell)
        codes, labels = _categories(dim_id, dims[dim_id], tabell)
        if len(codes) != size:
            raise SsbError(
                f"dimensjonen «{dim_id}» har {len(codes)} kategorier, men «size» sier {size}.",
                tabell,
            )
        codes_per_dim.append(codes)
        labels_per_dim.append(labels)
        dim_labels[dim_id] = str(dims[dim_id].get("label", dim_id))

    n = math.prod(sizes)
    if "value" not in doc:
        raise SsbError("svaret er ikke JSON-stat2: feltet «value» mangler.", tabell)
    raw_values = doc["value"]
    if isinstance(raw_values, list):
        if len(raw_values) != n:
            raise SsbError(
                f"produktet av «size» ({' × '.join(map(str, sizes))} = {n}) stemmer ikke med "
                f"antall verdier ({len(raw_values)}).",
                tabell,
            )
        values = [_number(v, i, tabell) for i, v in enumerate(raw_values)]
    elif isinstance(raw_values, Mapping):
        values = [math.nan] * n
        for pos, v in _sparse(raw_values, n, "value", tabell).items():
            values[pos] = _number(v, pos, tabell)
    else:
        raise SsbError("«value» er verken liste eller objekt.", tabell)

    raw_status = doc.get("status")
    statuses = [""] * n
    if raw_status is None:
        pass
    elif isinstance(raw_status, str):
        statuses = [raw_status] * n
    elif isinstance(raw_status, list):
        if len(raw_status) == 1:
            statuses = ["" if raw_status[0] is None else str(raw_status[0])] * n
        elif len(raw_status) == n:
            statuses = ["" if s is None else str(s) for s in raw_status]
        else:
            raise SsbError(
                f"«status» har {len(raw_status)} elementer, men tabellen har {n} celler.", tabell
            )
    elif isinstance(raw_status, Mapping):
        for pos, s in _sparse(raw_status, n, "status", tabell).items():
            statuses[pos] = "" if s is None else str(s)
    else:
        raise SsbError("«status» er verken tekst, liste eller objekt.", tabell)
    for i, s in enumerate(statuses):
        if s.strip() in MISSING_SYMBOLS:
            values[i] = math.nan

    columns: dict[str, list[str]] = {}
    combos = list(itertools.product(*codes_per_dim)) if n else []
    for d, dim_id in enumerate(ids):
        col = [c[d] for c in combos]
        columns[dim_id] = col
        columns[dim_id + LABEL_SUFFIX] = [labels_per_dim[d][c] for c in col]
    import pandas as pd

    frame = pd.DataFrame(columns, dtype=object)
    for dim_id in ids:
        frame[dim_id] = frame[dim_id].astype(str) if n else frame[dim_id]
    frame[VALUE_COLUMN] = pd.Series(values, dtype="float64")
    frame[STATUS_COLUMN] = pd.Series(statuses, dtype=object)
    frame.attrs.update(
        {
            "tabell": tabell,
            "tittel": doc.get("label"),
            "oppdatert": doc.get("updated"),
            "kilde": doc.get("source"),
            "dimensjoner": dim_labels,
        }
    )
    return frame


def decode_csv(text: str, tabell: str | None = None) -> pd.DataFrame:
    """En CSV-fil lagret for hånd fra Statistikkbanken → samme ryddige form som :func:`decode`.

    Statistikkbanken lagrer «bred» CSV: først kolonner for dimensjonene (tekst), deretter én
    kolonne per kombinasjon av statistikkvariabel og tid (overskriften er teksten). Skilletegn
    ``;`` eller ``,`` (eller tabulator); en eventuell tittellinje øverst hoppes over. Kolonnene
    med tall smeltes sammen til ``variabel`` + ``verdi``; symboler som ``..`` og ``:`` gir NaN og
    havner i ``status``. Dimensjonene får tekst = kode, fordi filen bare har én av dem.
    """
    lines = [ln for ln in text.lstrip("\ufeff").splitlines() if ln.strip()]
    if not lines:
        raise SsbError("CSV-filen er tom.", tabell)
    sample = "\n".join(lines[:5])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    widest = max(len(r) for r in rows)
    while rows and len(rows[0]) < widest:  # tittellinje(r)
        rows.pop(0)
    if len(rows) < 2 or widest < 2:
        raise SsbError("CSV-filen har ingen tabell med overskrift og tall.", tabell)
    header, body = rows[0], rows[1:]
    for r in body:
        if len(r) != len(header):
            raise SsbError(
                f"CSV-raden {r!r} har {len(r)} felt, men overskriften har {len(header)}.", tabell
            )

    def is_value(cell: str) -> bool:
        s = cell.strip().replace("\u00a0", "").replace(" ", "")
        if s in MISSING_SYMBOLS or s in {"", "-"}:
            return True
        try:
            float(s.replace(",", "."))
        except ValueError:
            return False
        return True

    n_dims = 0
    for j in range(len(header)):
        if all(is_value(r[j]) for r in body):
            break
        n_dims = j + 1
    if n_dims == 0 or n_dims == len(header):
        raise SsbError("fant ikke både dimensjonskolonner og tallkolonner i CSV-filen.", tabell)
    dim_names = [h.strip() for h in header[:n_dims]]
    records: dict[str, list[Any]] = {c: [] for c in dim_names}
    for c in dim_names:
        records[c + LABEL_SUFFIX] = []
    records["variabel"] = []
    records[VALUE_COLUMN] = []
    records[STATUS_COLUMN] = []
    for r in body:
        for j in range(n_dims, len(header)):
            for d, c in enumerate(dim_names):
                records[c].append(r[d].strip())
                records[c + LABEL_SUFFIX].append(r[d].strip())
            records["variabel"].append(header[j].strip())
            s = r[j].strip().replace("\u00a0", "").replace(" ", "")
            if s in MISSING_SYMBOLS or s == "":
                records[VALUE_COLUMN].append(math.nan)
                records[STATUS_COLUMN].append(s)
            elif s == "-":  # SSB: «-» = null (tallet er 0)
                records[VALUE_COLUMN].append(0.0)
                records[STATUS_COLUMN].append(s)
            else:
                records[VALUE_COLUMN].append(float(s.replace(",", ".")))
                records[STATUS_COLUMN].append("")
    import pandas as pd

    frame = pd.DataFrame(records)
    frame[VALUE_COLUMN] = frame[VALUE_COLUMN].astype("float64")
    frame.attrs.update({"tabell": tabell, "dimensjoner": {c: c for c in dim_names}})
    return frame


def read_file(path: str | Path, tabell: str | None = None) -> pd.DataFrame:
    """Les en JSON-stat2- eller CSV-fil fra disk gjennom samme dekoder."""
    path = Path(path)
    if tabell is None:
        tabell = path.name.split("-")[0].split(".")[0] or None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SsbError(f"kan ikke lese filen {path}: {exc.strerror or exc}", tabell) from None
    if path.suffix.lower() == ".csv":
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        return decode_csv(text, tabell)
    return decode(raw, tabell)
