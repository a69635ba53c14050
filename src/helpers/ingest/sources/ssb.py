"""Klient for SSBs Statistikkbank gjennom PxWebApi v2, med JSON-stat2 som svarformat.

* Data-URL: ``{BASE_URL}/tables/{id}/data?lang=no&outputFormat=json-stat2&valueCodes[Var]=a,b``;
  blir GET-URL-en lengre enn :data:`MAX_GET_URL_LENGTH` tegn, brukes POST til samme endepunkt
  med ``{"selection": [{"variableCode": .., "valueCodes": [..]}]}`` (SSB svarer 404 på
  GET-URL-er over ca. 2 100 tegn).
* Høyst :data:`MAX_CELLS` celler per uttrekk: en større spørring deles på regiondimensjonen.
* Høyst :data:`MAX_CALLS` spørringer per :data:`TIME_WINDOW` sekunder (SSB: 30 per minutt per
  IP-adresse); klokke og sleep kan byttes ut i tester.
* 429 (med ``Retry-After``), 5xx, tidsavbrudd og brudd i forbindelsen prøves på nytt med
  eksponentiell back-off; andre feil gir :class:`SsbError` med bokmålsmelding.

Transporten, User-Agent, tidsavbrudd, kallrate og nye forsøk er felles med KLASS-klienten og
ligger i :mod:`.http` (:class:`HttpClient`); navnene importeres også herfra som før.

Bare standardbiblioteket og pandas, ikke resten av ``helpers``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from .http import (
    DEFAULT_TIMEOUT,
    MAX_CALLS,
    TIME_WINDOW,
    USER_AGENT,
    HttpClient,
    HttpResponse,
    RateLimiter,
    Transport,
    urllib_transport,
)
from .http import error_text as _error_text
from .jsonstat import SsbError, _categories, decode, not_a_dataset, read_file

__all__ = [
    "BASE_URL",
    "MAX_CALLS",
    "MAX_CELLS",
    "MAX_GET_URL_LENGTH",
    "TIME_WINDOW",
    "USER_AGENT",
    "FetchResult",
    "HttpResponse",
    "TableMeta",
    "parse_metadata",
    "RateLimiter",
    "SsbClient",
    "SsbError",
    "from_file",
    "save_raw",
    "urllib_transport",
]

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
#: Celler per uttrekk (SSBs brukerveiledning og /config «maxDataCells»).
MAX_CELLS = 800_000
#: GET-URL-er over ca. 2 100 tegn gir 404 hos SSB; vi bytter til POST over 2 000.
MAX_GET_URL_LENGTH = 2000

#: Navn på regiondimensjonen i vanlige SSB-tabeller og KOSTRA-tabeller.
REGION_DIMENSIONS = (
    "Region",
    "KOKkommuneregion0000",
    "KOKfylkesregion0000",
    "KOKbydelsregion0000",
)

Selection = Mapping[str, "str | Sequence[str]"]


@dataclass
class FetchResult:
    """Resultatet av én logisk spørring (kan ha vært flere HTTP-kall)."""

    table: str
    frame: pd.DataFrame
    raw: list[bytes]
    requests: list[dict[str, Any]]


@dataclass
class TableMeta:
    """A table's metadata (``/tables/{id}/metadata``, JSON-stat2 without values).

    dims: variable → {code: label}, in the table's order; eliminable: the variables SSB lets a
    query leave out; notes: the table's notes and every dimension's and category's notes;
    discontinued: SSB's ``extension.discontinued`` (``None`` when SSB does not say).
    """

    table: str
    label: str
    updated: str | None
    discontinued: bool | None
    dims: dict[str, dict[str, str]]
    eliminable: set[str]
    notes: list[str]
    raw: bytes = b""

    def successors(self) -> list[str]:
        """Table numbers the title or notes point to («erstattet av tabell 14746», «se
        tabell …», «replaced by table …»), other than the table itself."""
        text = " ".join([self.label, *self.notes])
        found = re.findall(r"(?:tabell|table)(?:ene|en|s)?\s+(\d{5})", text, flags=re.IGNORECASE)
        return [t for t in dict.fromkeys(found) if t != self.table]


def _note_texts(note: Any) -> list[str]:
    if isinstance(note, str):
        return [note]
    if isinstance(note, list):
        return [str(n) for n in note if n]
    if isinstance(note, Mapping):  # category notes: {code: [text, ...]}
        return [t for v in note.values() for t in _note_texts(v)]
    return []


def parse_metadata(body: bytes | str | Mapping, table: str) -> TableMeta:
    """JSON-stat2 metadata → :class:`TableMeta`; a bokmål :class:`SsbError` for anything
    else (JSON-stat 1, a query file, a dimension without categories)."""
    raw = body if isinstance(body, bytes) else (
        body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8"))
    doc = body if isinstance(body, Mapping) else SsbClient._parse(raw, table)
    if not isinstance(doc, Mapping):
        raise SsbError("metadataene er ikke et JSON-objekt.", table)
    refusal = not_a_dataset(doc)
    if refusal:
        raise SsbError(refusal, table)
    ids, dims = doc.get("id"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(dims, Mapping):
        raise SsbError("metadataene er ikke JSON-stat2: «id» eller «dimension» mangler.", table)
    out: dict[str, dict[str, str]] = {}
    eliminable: set[str] = set()
    notes = _note_texts(doc.get("note"))
    for var in ids:
        if var not in dims:
            raise SsbError(f"dimensjonen «{var}» står i «id», men ikke i «dimension».", table)
        codes, labels = _categories(var, dims[var], table)
        out[str(var)] = labels
        ext = dims[var].get("extension") or {}
        if isinstance(ext, Mapping) and ext.get("elimination") is True:
            eliminable.add(str(var))
        notes += _note_texts(dims[var].get("note"))
        notes += _note_texts((dims[var].get("category") or {}).get("note"))
    ext = doc.get("extension") if isinstance(doc.get("extension"), Mapping) else {}
    px = ext.get("px") if isinstance(ext.get("px"), Mapping) else {}
    disc = ext.get("discontinued")
    return TableMeta(
        table=str(px.get("tableid") or table), label=str(doc.get("label") or ""),
        updated=doc.get("updated"), discontinued=disc if isinstance(disc, bool) else None,
        dims=out, eliminable=eliminable, notes=notes, raw=raw)


def _codes(value: str | Sequence[str]) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split(",") if v] if "(" not in value else [value]
    return [str(v) for v in value]


def _is_expression(code: str) -> bool:
    return any(ch in code for ch in "*?(")


class SsbClient(HttpClient):
    """Henter tabeller fra SSB. Alle avhengigheter til omverdenen kan byttes ut i tester."""

    service = "SSB"
    offline_hint = (", eller lagre tabellen for hånd fra Statistikkbanken og les den med "
                    "hop hent --fra-fil")

    def __init__(
        self,
        transport: Transport | None = None,
        *,
        base_url: str = BASE_URL,
        lang: str = "no",
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_cells: int = MAX_CELLS,
        max_get_url_length: int = MAX_GET_URL_LENGTH,
        rate_limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = USER_AGENT,
    ):
        super().__init__(transport, timeout=timeout, max_retries=max_retries, backoff=backoff,
                         max_backoff=max_backoff, rate_limiter=rate_limiter, clock=clock,
                         sleep=sleep, user_agent=user_agent)
        self.base_url = base_url.rstrip("/")
        self.lang = lang
        self.max_cells = max_cells
        self.max_get_url_length = max_get_url_length

    # -- URL og POST-kropp -------------------------------------------------------------

    def data_url(
        self,
        table: str,
        selection: Selection | None = None,
        codelists: Mapping[str, str] | None = None,
    ) -> str:
        """GET-URL for ``/tables/{id}/data`` med ``valueCodes[Var]=...`` per variabel."""
        parts = [f"lang={self.lang}", "outputFormat=json-stat2"]
        for var, value in (selection or {}).items():
            codes = []
            for code in _codes(value):
                # Uttrykk med komma (range(a,b)) må stå i hakeparenteser i GET.
                codes.append(f"[{code}]" if "," in code else code)
            encoded = ",".join(urllib.parse.quote(c, safe="*?()[],:") for c in codes)
            parts.append(f"valueCodes[{urllib.parse.quote(var, safe='')}]={encoded}")
        for var, codelist in (codelists or {}).items():
            parts.append(
                f"codelist[{urllib.parse.quote(var, safe='')}]="
                f"{urllib.parse.quote(codelist, safe='')}"
            )
        return f"{self._table_url(table)}/data?" + "&".join(parts)

    def post_url(self, table: str) -> str:
        return f"{self._table_url(table)}/data?lang={self.lang}&outputFormat=json-stat2"

    @staticmethod
    def post_body(selection: Selection, codelists: Mapping[str, str] | None = None) -> dict:
        """POST-kroppen i v2-form: ``{"selection": [{"variableCode", "valueCodes"}, ...]}``."""
        items = []
        for var, value in selection.items():
            item: dict[str, Any] = {"variableCode": var, "valueCodes": _codes(value)}
            if codelists and var in codelists:
                item["codeList"] = codelists[var]
            items.append(item)
        return {"selection": items}

    def _table_url(self, table: str) -> str:
        return f"{self.base_url}/tables/{urllib.parse.quote(str(table), safe='')}"

    # -- Celletelling og deling --------------------------------------------------------

    @staticmethod
    def count_cells(selection: Selection) -> int | None:
        """Antall celler spørringen gir, eller None når et uttrykk (``*``, ``top(3)``) er med."""
        total = 1
        for value in selection.values():
            codes = _codes(value)
            if any(_is_expression(c) for c in codes):
                return None
            total *= len(codes)
        return total

    def split(
        self, table: str, selection: Selection, region_dim: str | None = None
    ) -> list[dict[str, list[str]]]:
        """Del en spørring over :attr:`max_cells` celler i biter på regiondimensjonen."""
        sel = {var: _codes(value) for var, value in selection.items()}
        cells = self.count_cells(sel)
        if cells is None or cells <= self.max_cells:
            return [sel]
        region = region_dim or next((d for d in REGION_DIMENSIONS if d in sel), None)
        if region is None:
            region = next((d for d in sel if "region" in d.lower()), None)
        if region is None or region not in sel:
            raise SsbError(
                f"spørringen gir {cells} celler (grensen er {self.max_cells}), og den har ingen "
                "regiondimensjon å dele på. Velg færre verdier.",
                table,
            )
        regions = sel[region]
        per_region = cells // len(regions)
        if per_region > self.max_cells:
            raise SsbError(
                f"spørringen gir {per_region} celler for én region (grensen er "
                f"{self.max_cells}). Velg færre verdier for de andre variablene.",
                table,
            )
        chunk = max(1, self.max_cells // per_region)
        return [{**sel, region: regions[i : i + chunk]} for i in range(0, len(regions), chunk)]

    # -- HTTP ------------------------------------------------------------------------

    def _client_error(self, resp: HttpResponse, table: str | None, url: str) -> SsbError:
        detail = _error_text(resp.body)
        lower = detail.lower()
        if resp.status == 400 and "non-existent" in lower:
            return SsbError(
                f"ukjent kode i spørringen — SSB sier «{detail}» (HTTP 400). Sjekk variabel- og "
                "verdikodene mot tabellens metadata; kodene endres av og til.",
                table,
            )
        if resp.status == 400 and "too many cells" in lower:
            return SsbError(
                f"spørringen gir for mange celler — SSB sier «{detail}» (HTTP 400).", table
            )
        if resp.status == 400:
            return SsbError(
                "SSB avviste spørringen (HTTP 400)" + (f": «{detail}»" if detail else "."),
                table,
            )
        if resp.status == 404:
            return SsbError(
                "fant ikke tabellen hos SSB (HTTP 404). Sjekk tabellnummeret; tabellen kan være "
                f"avsluttet, eller URL-en ({len(url)} tegn) er for lang."
                + (f" SSB sier: «{detail}»" if detail else ""),
                table,
            )
        if resp.status == 403:
            return SsbError(
                "tabellen er ikke tilgjengelig gjennom API-et (HTTP 403)."
                + (f" SSB sier: «{detail}»" if detail else ""),
                table,
            )
        return SsbError(
            f"SSB svarte med HTTP {resp.status}" + (f": «{detail}»" if detail else "."), table
        )

    # -- Metadata og søk ---------------------------------------------------------------

    def metadata_url(self, table: str) -> str:
        return f"{self._table_url(table)}/metadata?lang={self.lang}"

    def metadata(self, table: str) -> TableMeta:
        """The table's metadata (codes, labels, notes, whether SSB has discontinued it)."""
        resp = self.request("GET", self.metadata_url(table), None, str(table))
        return parse_metadata(resp.body, str(table))

    def search_url(self, query: str, include_discontinued: bool = False) -> str:
        q = urllib.parse.quote(query, safe="")
        return (f"{self.base_url}/tables?lang={self.lang}&query={q}&pageSize=100"
                + ("&includeDiscontinued=true" if include_discontinued else ""))

    def search(self, query: str, include_discontinued: bool = False
               ) -> tuple[list[dict[str, Any]], bytes]:
        """SSB's table search (``/tables?query=``): the ``tables`` list and the raw answer."""
        resp = self.request("GET", self.search_url(query, include_discontinued), None, None)
        doc = self._parse(resp.body, "søk")
        tables = doc.get("tables") if isinstance(doc, Mapping) else None
        if not isinstance(tables, list):
            raise SsbError("svaret på tabellsøket har ikke feltet «tables».")
        return [t for t in tables if isinstance(t, Mapping)], resp.body

    # -- Henting ---------------------------------------------------------------------

    def fetch(
        self,
        table: str,
        selection: Selection,
        *,
        codelists: Mapping[str, str] | None = None,
        region_dim: str | None = None,
        expect_dims: Sequence[str] | None = None,
    ) -> FetchResult:
        """Hent ``selection`` fra ``table`` som én ryddig DataFrame (delt opp ved behov).

        ``expect_dims`` (standard: variablene i ``selection``) må finnes i svaret; ellers har
        tabellen endret struktur, og det gir :class:`SsbError`.
        """
        table = str(table)
        parts = self.split(table, selection, region_dim)
        frames: list[pd.DataFrame] = []
        raws: list[bytes] = []
        log: list[dict[str, Any]] = []
        expected = list(expect_dims) if expect_dims is not None else list(selection)
        for part in parts:
            url = self.data_url(table, part, codelists)
            if len(url) > self.max_get_url_length:
                method, url = "POST", self.post_url(table)
                payload = self.post_body(part, codelists)
                body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            else:
                method, payload, body = "GET", None, None
            resp = self.request(method, url, body, table)
            doc = self._parse(resp.body, table)
            self._check_dims(doc, expected, table)
            frames.append(decode(doc, table))
            raws.append(resp.body)
            log.append({"method": method, "url": url, "body": payload, "selection": part})
        import pandas as pd

        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        frame.attrs = dict(frames[0].attrs)
        return FetchResult(table, frame, raws, log)

    @staticmethod
    def _parse(body: bytes, table: str) -> Any:
        if not body:
            raise SsbError("SSB sendte et tomt svar.", table)
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SsbError(
                f"svaret fra SSB er ikke gyldig JSON — trolig avkortet underveis "
                f"({len(body)} byte mottatt; {exc}). Prøv igjen senere.",
                table,
            ) from None

    @staticmethod
    def _check_dims(doc: Any, expected: Sequence[str], table: str) -> None:
        if not isinstance(doc, Mapping) or not isinstance(doc.get("id"), list):
            return  # decode() gir en presis melding
        present = {str(d).lower(): d for d in doc["id"]}
        missing = [d for d in expected if d.lower() not in present]
        if missing:
            raise SsbError(
                "tabellen har endret struktur: dimensjonen "
                + ", ".join(f"«{d}»" for d in missing)
                + " finnes ikke lenger (tabellen har "
                + ", ".join(f"«{d}»" for d in doc["id"])
                + "). Oppdater spørringen.",
                table,
            )


def save_raw(
    folder: str | Path,
    result: FetchResult,
    *,
    date: _dt.date | None = None,
) -> list[Path]:
    """Lagre rådata under ``folder/kilder/ssb/<tabell>-<dato>.json`` med ``.query.json`` ved siden.

    Var spørringen delt, får delene ``-del1``, ``-del2`` … i navnet. Spørringsfilen har
    tabell, dato, User-Agent og hvert kall (metode, URL, POST-kropp, utvalg). Returnerer stiene
    til datafilene.
    """
    date = date or _dt.date.today()
    target = Path(folder) / "kilder" / "ssb"
    target.mkdir(parents=True, exist_ok=True)
    stem = f"{result.table}-{date.isoformat()}"
    paths: list[Path] = []
    for i, raw in enumerate(result.raw, start=1):
        name = f"{stem}.json" if len(result.raw) == 1 else f"{stem}-del{i}.json"
        path = target / name
        path.write_bytes(raw)
        paths.append(path)
    query = {
        "tabell": result.table,
        "hentet": date.isoformat(),
        "kilde": "Statistisk sentralbyrå (SSB), PxWebApi v2, CC BY 4.0",
        "user_agent": USER_AGENT,
        "filer": [p.name for p in paths],
        "kall": result.requests,
    }
    (target / f"{stem}.query.json").write_text(
        json.dumps(query, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return paths


def from_file(path: str | Path) -> pd.DataFrame:
    """Les en JSON-stat2- eller CSV-fil (lagret av :func:`save_raw` eller for hånd fra
    Statistikkbanken) gjennom samme dekoder som API-svarene."""
    return read_file(path)
