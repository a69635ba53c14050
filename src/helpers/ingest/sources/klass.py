"""Klient for SSBs klassifikasjonsdatabase KLASS: korrespondansen mellom to klassifikasjoner.

``hop ny`` bruker den for KOSTRA-gruppene: korrespondansen fra klassifikasjon 131
(Standard for kommuneinndeling) til 112 (KOSTRA-grupperinger) på en dato,

    GET {BASE_URL}/classifications/131/correspondsAt?targetClassificationId=112
        &date=YYYY-MM-DD&language=nb
    Accept: application/json

(KLASS' API-veiledning, «correspondsAt»: parameterne ``targetClassificationId``, ``date``,
``language`` og ``includeFuture``; uten ``Accept`` svarer KLASS med XML; 404 når det ikke
finnes noen korrespondanse for datoen). Svaret er ``{"correspondenceItems": [{"sourceCode",
"sourceName", "sourceShortName", "targetCode", "targetName", "targetShortName", "validFrom",
"validTo"}, …]}``; for 131 → 112 er ``targetCode`` gruppens kode i KOSTRA-tabellene
(``EKG11``, ``targetName`` «KOSTRA-gruppe 11»), slik SSBs egne klienter (``ssb-klass-python``,
``fagfunksjoner.kostra.kostra_kommunekorr``) bruker den.

HTTP-laget (transport, User-Agent, tidsavbrudd, nye forsøk med back-off, bokmålsfeil) er det
samme som SSB-klienten bruker (:class:`.http.HttpClient`).
"""

from __future__ import annotations

import datetime as _dt
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .http import USER_AGENT, HttpClient, HttpResponse, error_text
from .jsonstat import SsbError

BASE_URL = "https://data.ssb.no/api/klass/v1"
KOMMUNEINNDELING = "131"
KOSTRAGRUPPER = "112"
ITEM_FIELDS = ("sourceCode", "sourceName", "targetCode", "targetName")
RAW_FOLDER = Path("kilder") / "klass"


class KlassError(SsbError):
    """Noe gikk galt med henting eller lesing av en korrespondanse fra KLASS (bokmål)."""

    def __str__(self) -> str:
        return f"SSB KLASS: {self.melding}"


@dataclass
class Correspondence:
    """Én korrespondanse slik KLASS svarte: spørringen, datoen, rådata og radene."""

    source: str
    target: str
    date: str  # the date asked for, YYYY-MM-DD
    url: str
    fetched: _dt.date
    raw: bytes
    items: list[dict[str, Any]]

    @property
    def stem(self) -> str:
        return f"{self.source}-{self.target}-correspondsAt-{self.date}"

    def kilde(self) -> str:
        """The ``kilde`` text for rows that come from this correspondence."""
        return (f"SSB KLASS, korrespondanse {self.source} (kommuneinndeling) → {self.target} "
                f"(KOSTRA-grupper) per {self.date}, hentet {self.fetched.isoformat()} "
                f"({(RAW_FOLDER / (self.stem + '.json')).as_posix()})")


def corresponds_at_url(source: str, target: str, date: str, *, base_url: str = BASE_URL,
                       language: str = "nb") -> str:
    query = urllib.parse.urlencode({"targetClassificationId": target, "date": date,
                                    "language": language})
    return f"{base_url.rstrip('/')}/classifications/{source}/correspondsAt?{query}"


def parse_items(body: bytes, ref: str | None = None) -> list[dict[str, Any]]:
    """The ``correspondenceItems`` of a KLASS answer, checked: a list of objects, each with
    ``sourceCode``, ``sourceName``, ``targetCode`` and ``targetName``. Raises
    :class:`KlassError` naming what was expected and what came."""
    if not body:
        raise KlassError("KLASS sendte et tomt svar.", ref)
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KlassError(f"svaret fra KLASS er ikke gyldig JSON — trolig avkortet underveis "
                         f"eller XML fordi Accept-hodet manglet ({len(body)} byte mottatt; "
                         f"{exc}).", ref) from None
    expected = ("forventet et JSON-objekt med «correspondenceItems»: en liste der hver rad har "
                + ", ".join(f"«{f}»" for f in ITEM_FIELDS))
    if not isinstance(doc, Mapping) or not isinstance(doc.get("correspondenceItems"), list):
        got = (", ".join(f"«{k}»" for k in list(doc)[:6]) if isinstance(doc, Mapping)
               else "en liste" if isinstance(doc, list) else "noe annet enn et JSON-objekt")
        raise KlassError(f"svaret har endret struktur: {expected}; fikk "
                         f"{got or 'et tomt objekt'}.", ref)
    items = doc["correspondenceItems"]
    for i, item in enumerate(items, start=1):
        missing = ([f for f in ITEM_FIELDS if f not in item] if isinstance(item, Mapping)
                   else list(ITEM_FIELDS))
        if missing:
            raise KlassError(f"svaret har endret struktur: rad {i} i «correspondenceItems» "
                             f"mangler {', '.join(f'«{f}»' for f in missing)} ({expected}).",
                             ref)
    if not items:
        raise KlassError("KLASS svarte med en tom korrespondanse (ingen rader i "
                         "«correspondenceItems»).", ref)
    return items


class KlassClient(HttpClient):
    """Henter korrespondanser fra KLASS. Transport, klokke og sleep kan byttes ut i tester."""

    service = "SSB KLASS"
    offline_hint = ""  # hop ny says how to save the answer by hand (a browser gets XML)
    error = KlassError

    def __init__(self, transport=None, *, base_url: str = BASE_URL, language: str = "nb",
                 max_retries: int = 2, **kwargs):
        super().__init__(transport, max_retries=max_retries, **kwargs)
        self.base_url = base_url
        self.language = language

    def corresponds_at(self, source: str, target: str, date: str | _dt.date,
                       *, today: _dt.date | None = None) -> Correspondence:
        """The correspondence from ``source`` to ``target`` valid on ``date``."""
        day = date.isoformat() if isinstance(date, _dt.date) else str(date)
        url = corresponds_at_url(source, target, day, base_url=self.base_url,
                                 language=self.language)
        ref = f"{source} → {target} per {day}"
        resp = self.request("GET", url, None, ref)
        items = parse_items(resp.body, ref)
        return Correspondence(source, target, day, url, today or _dt.date.today(),
                              resp.body, items)

    def _client_error(self, resp: HttpResponse, ref: str | None, url: str) -> KlassError:
        detail = error_text(resp.body)
        said = f" KLASS sier: «{detail}»." if detail else ""
        if resp.status == 404:
            return KlassError(f"fant ingen korrespondanse {ref} (HTTP 404). Korrespondansen "
                              "for et nytt år kan komme senere enn årsskiftet; prøv en "
                              f"tidligere dato.{said}", None)
        if resp.status == 400:
            return KlassError(f"KLASS avviste spørringen {ref} (HTTP 400).{said}", None)
        return KlassError(f"KLASS svarte med HTTP {resp.status} på {ref}.{said}", None)


def raw_files(result: Correspondence) -> dict[str, bytes]:
    """The raw answer and its query, as files relative to a data folder:
    ``kilder/klass/<kilde>-<mål>-correspondsAt-<dato>.json`` and ``….query.json``."""
    query = {
        "kilde": "Statistisk sentralbyrå (SSB), KLASS, CC BY 4.0",
        "korrespondanse": f"klassifikasjon {result.source} → {result.target}",
        "dato": result.date,
        "hentet": result.fetched.isoformat(),
        "metode": "GET",
        "url": result.url,
        "accept": "application/json",
        "user_agent": USER_AGENT,
        "fil": f"{result.stem}.json",
    }
    base = RAW_FOLDER.as_posix()
    return {f"{base}/{result.stem}.json": result.raw,
            f"{base}/{result.stem}.query.json":
                (json.dumps(query, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
