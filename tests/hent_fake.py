"""The tests' fake SSB and Miljødirektoratet for ``hop hent``, without network.

The answers are the recorded fixtures of ``fixtures/hent/`` (SSB's JSON-stat2 form with
constructed figures for Røros 5025, Tynset 3427 and KOSTRA group 11; see the README there).
Shared by the tests of one folder's fetch (``tests/unit/ingest/test_hent.py``,
``test_ssb_real.py``), of the fetch for many (``tests/unit/pack/test_hent_many.py``,
``test_build_many.py``) and by ``benchmarks/bench_many.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from helpers.ingest import kommuneliste as kl
from helpers.ingest.sources import ssb

FIX = Path(__file__).resolve().parent / "fixtures" / "hent"
XLSX = FIX / "utslippsstatistikk_alle_kommuner.xlsx"
#: The tables one fetch asks, one data request each.
TABLES = ("12143", "12137", "12362", "07459", "14288", "01222")
#: The regions of Røros' test folder (the project's data/kommuner.csv).
FOLDER_REGIONS = ("5025", "3427", "5021", "5027", "3430", "5026", "EKG11")
#: Every municipality and comparison group (SSB's metadata lists them all).
ALL_REGIONS = (*(k.kommunenummer for k in kl.kommuner()),
               *(f"EKG{i:02d}" for i in range(1, 18)), "EAKUO")


def response(table: str) -> bytes:
    return (FIX / f"{table}-response.json").read_bytes()


def metadata(table: str, doc: dict | None = None,
             regions: tuple[str, ...] = FOLDER_REGIONS) -> bytes:
    """The table's metadata as SSB's ``/metadata`` gives it (JSON-stat2 without values),
    made from the data fixture: the same dimensions and labels, with the region dimension
    widened to ``regions`` (SSB's metadata lists every municipality; the data fixture only
    those it has figures for). Constructed."""
    doc = json.loads(response(table)) if doc is None else doc
    for var in ("KOKkommuneregion0000", "Region"):
        if var in doc["dimension"]:
            cat = doc["dimension"][var]["category"]
            for code in regions:
                if code not in cat["label"]:
                    cat["label"][code] = code
                    cat["index"][code] = len(cat["index"])
            doc["size"][doc["id"].index(var)] = len(cat["index"])
    doc["value"] = []
    doc.pop("status", None)
    return json.dumps(doc).encode()


class Transport:
    """Answers by table number from the fixtures; ``override`` replaces single answers
    (``"12143"``, ``"12143/metadata"``, ``"miljo"``, ``"search"``; an exception is raised).
    Records every request: ``calls`` (method, url), ``headers`` and ``bodies``."""

    #: The regions the metadata lists (see :func:`metadata`).
    regions: tuple[str, ...] = FOLDER_REGIONS

    def __init__(self, override=None):
        self.calls: list[tuple[str, str]] = []
        self.headers: list[dict] = []
        self.bodies: list[bytes | None] = []
        self.override = override or {}

    def __call__(self, method, url, *, headers, body, timeout):
        self.calls.append((method, url))
        self.headers.append(dict(headers))
        self.bodies.append(body)
        if "miljodirektoratet" in url:
            item = self.override.get("miljo", ssb.HttpResponse(200, XLSX.read_bytes()))
        elif "/tables?" in url:  # the table search (finds the newest projection)
            item = self.override.get("search", ssb.HttpResponse(
                200, (FIX / "search-framskrevet-folkemengde.json").read_bytes()))
        else:
            table = re.search(r"/tables/(\d+)/", url).group(1)
            kind = "metadata" if "/metadata" in url else "data"
            item = self.override.get(f"{table}/{kind}", self.override.get(table))
            if item is None:
                item = ssb.HttpResponse(200, metadata(table, regions=self.regions)
                                        if kind == "metadata" else response(table))
        if isinstance(item, BaseException):
            raise item
        return item

    def data_requests(self) -> list[str]:
        """The table of each data request, in order."""
        found = (re.search(r"/tables/(\d+)/data\?", url) for _, url in self.calls)
        return [m.group(1) for m in found if m]

    def regions_asked(self, table: str) -> set[str]:
        """The regions the first data request for ``table`` asked (GET or POST)."""
        for (_method, url), body in zip(self.calls, self.bodies, strict=True):
            if f"/tables/{table}/data" in url:
                if body:
                    sel = json.loads(body)["selection"]
                    return {c for s in sel if "egion" in s["variableCode"]
                            for c in s["valueCodes"]}
                m = re.search(r"valueCodes\[(?:Region|KOKkommuneregion0000)\]=([^&]+)", url)
                return set(unquote(m.group(1)).split(","))
        return set()


class CountyTransport(Transport):
    """The same answers, with metadata that lists every municipality and group: what a fetch
    for a county or for all municipalities asks about."""

    regions = ALL_REGIONS


def client(transport: Transport) -> ssb.SsbClient:
    return ssb.SsbClient(transport=transport, sleep=lambda s: None, max_retries=1)


def use_in_hent(transport: Transport):
    """Point ``hop hent`` at ``transport``; returns a function that restores it."""
    from helpers.pack.commands import hent

    saved = hent.client_factory, hent.miljo_transport
    hent.client_factory = lambda: client(transport)
    hent.miljo_transport = transport

    def restore() -> None:
        hent.client_factory, hent.miljo_transport = saved
    return restore


def fetch_set(spec: str, root: Path, transport: Transport | None = None
              ) -> tuple[int, Transport]:
    """``hop hent --kommuner SPEC --gruppe ROOT --uten-nett`` on the fixtures: the exit code
    and the transport (its record of every request)."""
    from helpers.pack import cli

    t = transport or CountyTransport()
    restore = use_in_hent(t)
    try:
        code = cli.main(["hent", "--kommuner", spec, "--gruppe", str(root), "--uten-nett"])
    finally:
        restore()
    return code, t
