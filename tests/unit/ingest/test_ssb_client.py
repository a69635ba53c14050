"""SSB-klienten (PxWebApi v2) og JSON-stat2-dekoderen, uten nett.

Svaret i ``fixtures/ssb/07221-v0-post-response-jsonstat2.json`` er et ekte, lagret svar fra SSB
(tabell 07221, prisindeks for brukte boliger). HTTP-laget testes med en falsk transport, og
klokke og sleep er falske, så ingen test venter eller går på nett.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ssb"
RESPONSE = FIXTURES / "07221-v0-post-response-jsonstat2.json"


from helpers.ingest.sources import jsonstat, ssb  # noqa: E402

SsbError = jsonstat.SsbError


# -- Falske hjelpere ------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeTransport:
    """Gir svarene i rekkefølge (et unntak i lista kastes), og husker hvert kall."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.calls: list[dict] = []

    def __call__(self, method, url, *, headers, body, timeout):
        self.calls.append(
            {"method": method, "url": url, "headers": headers, "body": body, "timeout": timeout}
        )
        item = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if callable(item) and not isinstance(item, ssb.HttpResponse):
            item = item(method, url, body)
        if isinstance(item, BaseException):
            raise item
        return item


def client(transport, clock=None, **kwargs):
    clock = clock or FakeClock()
    return ssb.SsbClient(transport, clock=clock, sleep=clock.sleep, **kwargs)


def ok(doc) -> ssb.HttpResponse:
    body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return ssb.HttpResponse(200, body, {"Content-Type": "application/json"})


def tiny(region=("0301",), tid=("2024",), values=None, status=None):
    """Et lite, håndlaget JSON-stat2-svar: Region × ContentsCode × Tid."""
    n = len(region) * len(tid)
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "testtabell",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(region), 1, len(tid)],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {r: i for i, r in enumerate(region)},
                    "label": {r: f"Kommune {r}" for r in region},
                },
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {"index": {"Folk": 0}, "label": {"Folk": "Folkemengde"}},
            },
            "Tid": {"label": "år", "category": {"index": list(tid)}},
        },
        "value": values if values is not None else [float(i + 1) for i in range(n)],
    }
    if status is not None:
        doc["status"] = status
    return doc


# -- Dekoderen mot det lagrede svaret ---------------------------------------------------------


@pytest.fixture(scope="module")
def recorded():
    return jsonstat.decode(RESPONSE.read_bytes())


def test_recorded_response_shape_and_labels(recorded):
    assert len(recorded) == 12 * 3 * 1 * 8
    assert list(recorded.columns[:8]) == [
        "Region", "Region_tekst", "Boligtype", "Boligtype_tekst",
        "ContentsCode", "ContentsCode_tekst", "Tid", "Tid_tekst",
    ]  # fmt: skip
    assert recorded["Region"].nunique() == 12
    assert recorded["Boligtype"].nunique() == 3
    assert recorded["Tid"].nunique() == 8
    assert recorded.attrs["tabell"] == "07221"
    assert recorded.attrs["oppdatert"] == "2024-01-12T07:00:00Z"
    assert recorded.attrs["dimensjoner"]["Tid"] == "kvartal"
    labels = dict(zip(recorded["Region"], recorded["Region_tekst"], strict=True))
    assert labels["TOTAL"] == "Hele landet"
    assert labels["003"] == "Bergen"
    assert set(recorded["Boligtype_tekst"]) == {"Eneboliger", "Småhus", "Blokkleiligheter"}


def _cell(frame, region, boligtype, tid):
    row = frame[(frame.Region == region) & (frame.Boligtype == boligtype) & (frame.Tid == tid)]
    assert len(row) == 1
    return row.iloc[0]


def test_recorded_response_real_values(recorded):
    # Verdiene står i fila (radvis over id: Region, Boligtype, ContentsCode, Tid).
    assert _cell(recorded, "TOTAL", "01", "2022K1").verdi == 136.2
    assert _cell(recorded, "TOTAL", "01", "2023K4").verdi == 132.2
    assert _cell(recorded, "001", "01", "2022K1").verdi == 156.2
    assert _cell(recorded, "003", "03", "2023K4").verdi == 122.2


def test_recorded_missing_cells_are_nan_not_zero(recorded):
    missing = recorded[recorded.verdi.isna()]
    assert len(missing) == 24
    assert set(missing.status) == {".."}
    # Småhus i Innlandet, Trøndelag uten Trondheim og Nord-Norge mangler hele perioden.
    assert set(missing.Region_tekst) == {
        "Innlandet", "Trøndelag uten Trondheim", "Nord-Norge",
    }  # fmt: skip
    assert set(missing.Boligtype) == {"02"}
    assert not (recorded.verdi == 0).any()
    assert (recorded.status[recorded.verdi.notna()] == "").all()


# -- Dekoderen mot håndlagede svar -------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [{"1": ":"}, [None, ":", None, None], {"1": ".."}],
    ids=["skjermet-dict", "skjermet-liste", "mangler"],
)
def test_withheld_value_becomes_nan(status):
    # SSB kan sende et tall sammen med symbolet; det skal likevel ikke brukes.
    doc = tiny(region=("0301", "4601"), tid=("2024", "2025"), values=[1, 0, 3, 4], status=status)
    frame = jsonstat.decode(doc, "99999")
    assert math.isnan(frame.verdi[1])
    assert frame.status[1] in {":", ".."}
    assert frame.verdi.tolist()[2:] == [3.0, 4.0]


def test_sparse_values_list_index_and_default_labels():
    doc = tiny(region=("0301", "4601"), tid=("2024",), values={"1": 7.5})
    frame = jsonstat.decode(doc)
    assert math.isnan(frame.verdi[0]) and frame.verdi[1] == 7.5
    assert frame.Tid_tekst.tolist() == ["2024", "2024"]  # ingen label → koden
    assert frame.Region_tekst.tolist() == ["Kommune 0301", "Kommune 4601"]


def test_dimension_order_follows_id_and_index_positions():
    doc = tiny(region=("A", "B"), tid=("1", "2"), values=[1, 2, 3, 4])
    # Rekkefølgen i index-objektet betyr ingenting; posisjonene gjør.
    doc["dimension"]["Region"]["category"]["index"] = {"B": 1, "A": 0}
    frame = jsonstat.decode(doc)
    assert list(zip(frame.Region, frame.Tid, frame.verdi, strict=True)) == [
        ("A", "1", 1.0), ("A", "2", 2.0), ("B", "1", 3.0), ("B", "2", 4.0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "breakage, words",
    [
        (lambda d: d.pop("dimension"), "«dimension» mangler"),
        (lambda d: d.update(size=[3, 1, 1]), "kategorier"),
        (lambda d: d.update(value=[1, 2, 3]), "stemmer ikke med antall verdier"),
        (lambda d: d["id"].append("Kjonn") or d["size"].append(1), "ikke i «dimension»"),
        (lambda d: d.update({"class": "collection"}), "ikke «dataset»"),
    ],
)
def test_not_jsonstat2_gives_bokmal_error(breakage, words):
    doc = tiny(region=("0301", "4601"))
    breakage(doc)
    with pytest.raises(SsbError, match=words) as exc:
        jsonstat.decode(doc, "12134")
    assert "SSB-tabell 12134" in str(exc.value)


# -- HTTP-laget med falsk transport ------------------------------------------------------------


def test_get_url_form_and_user_agent():
    transport = FakeTransport(ok(tiny()))
    result = client(transport).fetch(
        "12134", {"Region": ["0301"], "ContentsCode": "Folk", "Tid": "top(3)"}
    )
    call = transport.calls[0]
    assert call["method"] == "GET" and call["body"] is None
    assert call["url"] == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/12134/data?lang=no&outputFormat=json-stat2"
        "&valueCodes[Region]=0301&valueCodes[ContentsCode]=Folk&valueCodes[Tid]=top(3)"
    )
    assert call["headers"]["User-Agent"] == "hop-rapporter/0.1 (+kommunal økonomi)"
    assert call["timeout"] == ssb.DEFAULT_TIMEOUT
    assert result.frame.verdi.tolist() == [1.0]


def test_range_expression_with_comma_is_bracketed_in_get():
    url = ssb.SsbClient(FakeTransport(ok(tiny()))).data_url("1", {"Tid": ["range(2020,2022)"]})
    assert url.endswith("valueCodes[Tid]=[range(2020,2022)]")


def test_429_honours_retry_after_then_succeeds():
    clock = FakeClock()
    transport = FakeTransport(ssb.HttpResponse(429, b"", {"Retry-After": "7"}), ok(tiny()))
    result = client(transport, clock).fetch(
        "1", {"Region": "0301", "ContentsCode": "Folk", "Tid": "2024"}
    )
    assert len(transport.calls) == 2
    assert clock.sleeps == [7.0]
    assert result.frame.verdi.tolist() == [1.0]


def test_5xx_backs_off_exponentially_then_succeeds():
    clock = FakeClock()
    transport = FakeTransport(ssb.HttpResponse(503, b""), ssb.HttpResponse(500, b""), ok(tiny()))
    client(transport, clock, backoff=1.5).fetch(
        "1", {"Region": "0301", "ContentsCode": "Folk", "Tid": "2024"}
    )
    assert len(transport.calls) == 3
    assert clock.sleeps == [1.5, 3.0]


def test_timeout_gives_bokmal_message_after_retries():
    clock = FakeClock()
    transport = FakeTransport(TimeoutError("timed out"))
    with pytest.raises(SsbError) as exc:
        client(transport, clock, max_retries=2, timeout=5).fetch("12134", {"Region": "0301"})
    message = str(exc.value)
    assert "SSB-tabell 12134" in message
    assert "svarte ikke innen 5 sekunder (tidsavbrudd)" in message
    assert "Ga opp etter 3 forsøk" in message
    assert len(transport.calls) == 3 and clock.sleeps == [1.0, 2.0]


def test_no_network_gives_bokmal_message():
    import urllib.error

    transport = FakeTransport(urllib.error.URLError("Name or service not known"))
    with pytest.raises(SsbError, match="får ikke kontakt med SSB"):
        client(transport, max_retries=0).fetch("12134", {"Region": "0301"})


def test_truncated_body_gives_bokmal_message():
    body = json.dumps(tiny()).encode()[:-40]
    with pytest.raises(SsbError, match="ikke gyldig JSON — trolig avkortet") as exc:
        client(FakeTransport(ok(body))).fetch("07221", {"Region": "0301"})
    assert "SSB-tabell 07221" in str(exc.value)


def test_unknown_code_400_quotes_ssb_error_body():
    body = json.dumps(
        {"type": "Parameter error", "title": "Non-existent value", "status": 400}
    ).encode()
    transport = FakeTransport(ssb.HttpResponse(400, body))
    with pytest.raises(SsbError, match="ukjent kode.*«Non-existent value»"):
        client(transport).fetch("12134", {"KOKkommuneregion0000": "9999"})
    assert len(transport.calls) == 1  # 400 prøves ikke på nytt


def test_changed_table_structure_is_reported():
    with pytest.raises(SsbError, match="endret struktur: dimensjonen «KOKart0000»"):
        client(FakeTransport(ok(tiny()))).fetch("12134", {"Region": "0301", "KOKart0000": "AGD2"})


def _answer_for_selection(method, url, body):
    """Et svar med nøyaktig regionene som ble spurt om (GET eller POST)."""
    if method == "POST":
        selection = {s["variableCode"]: s["valueCodes"] for s in json.loads(body)["selection"]}
        regions = selection["Region"]
    else:
        part = url.split("valueCodes[Region]=")[1].split("&")[0]
        regions = part.split(",")
    n = len(regions)
    return ok(tiny(region=tuple(regions), tid=("2024",), values=[float(r) for r in regions][:n]))


def test_large_query_is_split_on_region_and_union_is_whole():
    regions = [f"{i:04d}" for i in range(1, 11)]
    transport = FakeTransport(_answer_for_selection)
    # 10 regioner × 1 × 1 celler med en grense på 4 celler → 3 kall (4 + 4 + 2).
    result = client(transport, max_cells=4).fetch(
        "1", {"Region": regions, "ContentsCode": "Folk", "Tid": "2024"}
    )
    assert len(transport.calls) == 3
    sent = [r for c in result.requests for r in c["selection"]["Region"]]
    assert sent == regions
    assert result.frame.Region.tolist() == regions
    assert result.frame.verdi.tolist() == [float(r) for r in regions]
    assert len(result.raw) == 3


def test_rate_limiter_keeps_30_per_minute():
    clock = FakeClock()
    limiter = ssb.RateLimiter(clock=clock, sleep=clock.sleep)
    for _ in range(31):
        limiter.wait()
    assert clock.sleeps == [60.0]


def test_long_url_switches_to_post_with_v2_body():
    regions = [f"{i:04d}" for i in range(1000, 1500)]  # 500 × 5 tegn > 2 000
    transport = FakeTransport(_answer_for_selection)
    result = client(transport).fetch(
        "12134", {"Region": regions, "ContentsCode": ["Folk"], "Tid": ["2024"]}
    )
    call = transport.calls[0]
    assert call["method"] == "POST"
    assert call["url"] == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/12134/data?lang=no&outputFormat=json-stat2"
    )
    assert call["headers"]["Content-Type"].startswith("application/json")
    body = json.loads(call["body"])
    assert body["selection"][0] == {"variableCode": "Region", "valueCodes": regions}
    assert body["selection"][2] == {"variableCode": "Tid", "valueCodes": ["2024"]}
    assert len(result.frame) == 500


# -- Lagring og lesing fra fil -----------------------------------------------------------------


def test_save_raw_and_from_file_round_trip(tmp_path):
    import datetime as dt

    raw = RESPONSE.read_bytes()
    transport = FakeTransport(ssb.HttpResponse(200, raw))
    result = client(transport).fetch(
        "07221", {"Region": ["TOTAL", "001"], "Boligtype": "01", "Tid": "2022K1"}
    )
    paths = ssb.save_raw(tmp_path, result, date=dt.date(2026, 12, 4))
    assert paths == [tmp_path / "kilder" / "ssb" / "07221-2026-12-04.json"]
    assert paths[0].read_bytes() == raw
    query = json.loads((tmp_path / "kilder/ssb/07221-2026-12-04.query.json").read_text())
    assert query["tabell"] == "07221" and query["hentet"] == "2026-12-04"
    assert query["kall"][0]["method"] == "GET"
    again = ssb.from_file(paths[0])
    assert _cell(again, "003", "03", "2023K4").verdi == 122.2
    assert again.verdi.isna().sum() == 24


def test_from_file_reads_statistikkbanken_csv(tmp_path):
    path = tmp_path / "12134-lagret.csv"
    path.write_text(
        "12134: Finansielle nøkkeltall\n"
        '"region";"statistikkvariabel";"2024";"2025"\n'
        '"4601 Bergen";"Netto driftsresultat";"-2,4";"1,0"\n'
        '"0301 Oslo";"Netto driftsresultat";":";".."\n',
        encoding="utf-8",
    )
    frame = ssb.from_file(path)
    assert frame.attrs["tabell"] == "12134"
    assert frame.variabel.tolist() == ["2024", "2025", "2024", "2025"]
    assert frame.verdi.tolist()[:2] == [-2.4, 1.0]
    assert frame.verdi[2:].isna().all()
    assert frame.status.tolist()[2:] == [":", ".."]
