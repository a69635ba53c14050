"""The decoder on a second real SSB answer: table 05300 (distance to the nearest cultural
venue), as SSB's own ``statisticsnorway/dapla-statbank-client`` records it in its tests.

``fixtures/ssb/05300-v0-post-response-jsonstat2.json`` is the JSON-stat2 answer to a POST
against the old API (v0), compact as SSB sends it: ``version`` last, ``status`` as an object
of flat positions, ``null`` where SSB has a symbol («.» cannot occur, «..» no data).
``fixtures/ssb/05300-v0-metadata.json`` is the same table's description from the old API
(``title``/``variables``) – a file people save and mistake for data. Source, commit and
licence: ``fixtures/ssb/README.md``.

The figures asserted are SSB's, read from the file by hand (value positions counted over
``id`` with the last dimension fastest): for every venue and year up to 2016 the six distance
shares add up to 100 % ± 3 (rounded percentages), which is what makes the file believable as
a real answer and what the decoder must keep.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from helpers.ingest.sources import jsonstat, ssb
from helpers.ingest.sources.jsonstat import SsbError, decode

SSB_FIX = Path(__file__).resolve().parents[2] / "fixtures" / "ssb"
RESPONSE = SSB_FIX / "05300-v0-post-response-jsonstat2.json"
METADATA = SSB_FIX / "05300-v0-metadata.json"


@pytest.fixture(scope="module")
def frame():
    return decode(RESPONSE.read_bytes())


def cell(frame, avstand: str, tilbud: str, tid: str):
    row = frame[(frame["Avstand1"] == avstand) & (frame["Kulturtilbud"] == tilbud)
                & (frame["Tid"] == tid)]
    assert len(row) == 1
    return row.iloc[0]


def test_shape_order_and_metadata(frame):
    assert len(frame) == 6 * 8 * 1 * 9
    assert list(frame.columns[:8]) == [
        "Avstand1", "Avstand1_tekst", "Kulturtilbud", "Kulturtilbud_tekst",
        "ContentsCode", "ContentsCode_tekst", "Tid", "Tid_tekst"]
    # the last dimension varies fastest: the first nine rows are one series over the years
    assert list(frame["Tid"][:9]) == ["1991", "1994", "1997", "2000", "2004", "2008",
                                      "2012", "2016", "2021"]
    assert set(frame["Avstand1"][:9]) == {"01"} and set(frame["Kulturtilbud"][:9]) == {"01"}
    # the table number comes from extension.px.tableid when the caller gives none
    assert frame.attrs["tabell"] == "05300"
    assert frame.attrs["kilde"] == "Statistisk sentralbyrå"
    assert frame.attrs["oppdatert"] == "2022-05-24T06:00:00Z"
    assert frame.attrs["dimensjoner"]["Kulturtilbud"] == "kulturtilbud"


def test_real_figures(frame):
    # cinema under 1 km: 16 % in 1991, 14 % in 1994, 12 % in 2021
    kino = [cell(frame, "01", "01", t)["verdi"] for t in ("1991", "1994", "2021")]
    assert kino == [16.0, 14.0, 12.0]
    assert cell(frame, "01", "01", "1991")["Kulturtilbud_tekst"] == (
        "Kino eller lokale med jevnlig spillefilmframvisning")
    # bookshop 10–24 km in 1991: 12 %
    assert cell(frame, "04", "08", "1991")["verdi"] == 12.0
    assert cell(frame, "04", "08", "1991")["Avstand1_tekst"] == "10-24 km"
    shares = frame[frame["Tid"] != "2021"].groupby(["Kulturtilbud", "Tid"])["verdi"].sum()
    assert shares.between(97, 101).all(), shares[~shares.between(97, 101)]


def test_symbols_are_missing_not_zero(frame):
    # «.» at flat position 71: bookshop, under 1 km, 2021 (value null in the file)
    bok = cell(frame, "01", "08", "2021")
    assert bok["status"] == "." and math.isnan(bok["verdi"])
    # «..» at position 360: cinema, 50 km or more, 1991
    far = cell(frame, "06", "01", "1991")
    assert far["status"] == ".." and math.isnan(far["verdi"])
    doc = json.loads(RESPONSE.read_text(encoding="utf-8"))
    assert frame["verdi"].isna().sum() == len(doc["status"]) == 28
    assert (frame["status"] != "").sum() == 28
    # a real zero stays a zero (public library, 50 km or more: 0 in 2016, «..» in 1991)
    lib = cell(frame, "06", "07", "2016")
    assert lib["verdi"] == 0.0 and lib["status"] == ""
    assert cell(frame, "06", "07", "1991")["status"] == ".."


def test_read_from_a_saved_file_gives_the_same_frame(frame):
    for reader in (jsonstat.read_file, ssb.from_file):
        again = reader(RESPONSE)
        assert again["verdi"].equals(frame["verdi"]) and list(again.columns) == list(
            frame.columns)


def test_old_api_table_description_is_refused_as_what_it_is():
    with pytest.raises(SsbError, match=r"tabellbeskrivelsen fra SSBs gamle API \(v0/v1.*"
                       r"«05300: Avstand til nærmeste.*ingen tall"):
        decode(METADATA.read_bytes())
    with pytest.raises(SsbError, match="tabellbeskrivelsen fra SSBs gamle API"):
        ssb.parse_metadata(METADATA.read_bytes(), "05300")
