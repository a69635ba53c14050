"""Metadata resolution and the decoder on SSB's own PxWebApi 2 answers for table 11118
(consumer price index by delivery sector), in Norwegian, as printed in a user guide written
at SSB (``janbrus/ssb-api-python-examples``, ``PxWebApi2/beta-bruker.md``; source, commit and
licence in ``fixtures/ssb/README.md``).

``fixtures/ssb/11118-v2-metadata-no.json``: ``GET /tables/11118/metadata?lang=no`` – no
variable may be left out (``elimination: false`` everywhere), a table note that names a
*discontinued predecessor* («Se den avsluttede tidsserien 03363»), ``extension.px`` and
``contact``. ``fixtures/ssb/11118-v2-data-default-no.json``: the default extract
``GET /tables/11118/data?lang=no`` – 2023 only, and the dimensions in another order than in
the metadata (``Leveringssektor, Tid, ContentsCode`` vs ``Leveringssektor, ContentsCode,
Tid``), which is how SSB answers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_ssb_client import FakeTransport, client, ok  # noqa: E402

from helpers.ingest.sources import ssb  # noqa: E402
from helpers.ingest.sources.jsonstat import decode  # noqa: E402

SSB_FIX = Path(__file__).resolve().parents[2] / "fixtures" / "ssb"
META = SSB_FIX / "11118-v2-metadata-no.json"
DATA = SSB_FIX / "11118-v2-data-default-no.json"


@pytest.fixture(scope="module")
def meta() -> ssb.TableMeta:
    return ssb.parse_metadata(META.read_bytes(), "11118")


def test_metadata_is_read(meta):
    assert meta.table == "11118" and meta.discontinued is None
    assert meta.label.startswith("11118: Konsumprisindeks for varer og tjenester")
    assert meta.updated == "2024-01-10T07:00:00Z"
    assert list(meta.dims) == ["Leveringssektor", "ContentsCode", "Tid"]
    assert meta.dims["ContentsCode"] == {"LevIndAar": "Konsumprisindeks (2015=100)",
                                         "Aarsendring": "Årsendring (prosent)"}
    assert len(meta.dims["Leveringssektor"]) == 14
    assert meta.dims["Leveringssektor"]["B112"] == "Energivarer"
    assert list(meta.dims["Tid"]) == [str(y) for y in range(2015, 2024)]
    assert meta.eliminable == set()  # every variable must be chosen
    assert meta.raw == META.read_bytes()


def test_a_note_about_a_discontinued_predecessor_is_no_successor(meta):
    assert meta.notes == ["F.o.m. 2017 er referanseår 2015=100. Se den avsluttede tidsserien "
                          "03363 for tall t.o.m 2015 etter gammel klassifisering av "
                          "leveransesektor med 1998=100."]
    # 03363 is the old series this table replaced, not a table that replaces 11118
    assert meta.successors() == []


def test_default_extract_real_figures():
    frame = decode(DATA.read_bytes())
    assert frame.attrs["tabell"] == "11118"
    assert frame.attrs["kilde"] == "Statistisk sentralbyrå"
    assert len(frame) == 28 and set(frame["Tid"]) == {"2023"}
    assert list(frame["ContentsCode"][:2]) == ["LevIndAar", "Aarsendring"]  # fastest

    def value(sector, code):
        row = frame[(frame["Leveringssektor"] == sector) & (frame["ContentsCode"] == code)]
        assert len(row) == 1
        return row.iloc[0]["verdi"]

    # goods 133,3 (2015=100), up 5,8 %; energy 235,2, down 7,0 %; rent 116,8, up 3,8 %
    assert (value("B1", "LevIndAar"), value("B1", "Aarsendring")) == (133.3, 5.8)
    assert (value("B112", "LevIndAar"), value("B112", "Aarsendring")) == (235.2, -7.0)
    assert (value("B21", "LevIndAar"), value("B21", "Aarsendring")) == (116.8, 3.8)
    assert frame["status"].eq("").all() and frame["verdi"].notna().all()


def test_client_accepts_the_data_in_another_dimension_order_than_the_metadata(meta):
    body = DATA.read_bytes()
    transport = FakeTransport(ok(META.read_bytes()), ok(body))
    c = client(transport)
    got = c.metadata("11118")
    selection = {dim: list(codes) for dim, codes in got.dims.items()}
    selection["Tid"] = ["2023"]
    result = c.fetch("11118", selection)
    assert result.raw == [body]
    assert len(result.frame) == 28
    assert list(result.frame.columns[:6]) == [
        "Leveringssektor", "Leveringssektor_tekst", "Tid", "Tid_tekst",
        "ContentsCode", "ContentsCode_tekst"]
    doc = json.loads(body)
    assert result.frame["verdi"].tolist() == [float(v) for v in doc["value"]]
