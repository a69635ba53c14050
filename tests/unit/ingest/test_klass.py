"""The KLASS client and ``hop ny`` fetching the KOSTRA groups itself, without network.

``fixtures/klass/131-112-correspondsAt-konstruert.json`` has the exact shape KLASS answers
with (see the README there) and groups made up for the test. Every test gives the client a
fake transport; the real one is replaced by one that fails the test, and ``HOP_UTEN_NETT``
(set for every test in conftest) is removed only where a fake transport is in place.
"""

from __future__ import annotations

import csv
import datetime
import json
import types
from datetime import date
from pathlib import Path

import pytest

from helpers.ingest import kommuneliste as kl
from helpers.ingest.sources import http, klass
from helpers.pack import cli
from helpers.pack.commands import ny

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "klass" / \
    "131-112-correspondsAt-konstruert.json"
RAW = FIXTURE.read_bytes()
TODAY = "2026-03-02"  # today, for hop ny and the client (_fixed_day): no test reads the clock
URL = ("https://data.ssb.no/api/klass/v1/classifications/131/correspondsAt?"
       f"targetClassificationId=112&date={TODAY}&language=nb")


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
    """Gives the answers in order (an exception is raised), the last one again and again."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls: list[dict] = []

    def __call__(self, method, url, *, headers, body, timeout):
        self.calls.append({"method": method, "url": url, "headers": dict(headers),
                           "body": body, "timeout": timeout})
        item = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(item, BaseException):
            raise item
        return item


def ok(body: bytes = RAW) -> http.HttpResponse:
    return http.HttpResponse(200, body, {"Content-Type": "application/json;charset=UTF-8"})


def client(transport, clock=None) -> klass.KlassClient:
    clock = clock or FakeClock()
    return klass.KlassClient(transport, clock=clock, sleep=clock.sleep)


class _Day(date):
    @classmethod
    def today(cls):
        return cls.fromisoformat(TODAY)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    """``hop ny`` and the KLASS client ask for today's correspondence and write the date;
    today is TODAY, also when the suite runs past midnight."""
    monkeypatch.setattr(ny, "date", _Day)
    monkeypatch.setattr(klass, "_dt", types.SimpleNamespace(**{**vars(datetime), "date": _Day}))


@pytest.fixture(autouse=True)
def _real_transport_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("en test prøvde å gå på nett")
    monkeypatch.setattr(http, "urllib_transport", refuse)


@pytest.fixture
def online(monkeypatch):
    """``hop ny`` with network: the fake transport given, a fake clock; returns a setter."""
    monkeypatch.delenv(ny.OFFLINE_ENV, raising=False)
    clock = FakeClock()

    def use(transport: FakeTransport) -> FakeClock:
        monkeypatch.setattr(ny, "klass_client_factory", lambda: client(transport, clock))
        return clock
    return use


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# -- the client -------------------------------------------------------------------------


def test_the_request_is_the_documented_one_and_the_items_are_read():
    transport = FakeTransport(ok())
    result = client(transport).corresponds_at("131", "112", TODAY)
    (call,) = transport.calls
    assert (call["method"], call["url"], call["body"]) == ("GET", URL, None)
    assert call["headers"]["Accept"] == "application/json"
    assert call["headers"]["User-Agent"] == http.USER_AGENT
    assert call["timeout"] == http.DEFAULT_TIMEOUT
    assert result.raw == RAW
    tynset = next(i for i in result.items if i["sourceCode"] == "3427")
    assert (tynset["targetCode"], tynset["targetName"]) == ("EKG02", "KOSTRA-gruppe 2")
    files = klass.raw_files(result)
    assert files[f"kilder/klass/131-112-correspondsAt-{TODAY}.json"] == RAW
    query = json.loads(files[f"kilder/klass/131-112-correspondsAt-{TODAY}.query.json"])
    assert (query["url"], query["dato"], query["hentet"]) == (URL, TODAY, TODAY)


def test_a_5xx_is_tried_again_after_back_off_then_the_answer_is_used():
    clock = FakeClock()
    transport = FakeTransport(http.HttpResponse(503, b'{"error":"Service Unavailable"}'),
                              ok())
    result = client(transport, clock).corresponds_at("131", "112", TODAY)
    assert len(transport.calls) == 2 and clock.sleeps == [1.0]
    assert len(result.items) == 10


def test_5xx_every_time_gives_up_in_bokmal():
    clock = FakeClock()
    transport = FakeTransport(http.HttpResponse(500, b""))
    with pytest.raises(klass.KlassError) as exc:
        client(transport, clock).corresponds_at("131", "112", TODAY)
    assert str(exc.value) == ("SSB KLASS: SSB KLASS hadde en feil på sin side (HTTP 500). "
                              "Ga opp etter 3 forsøk.")
    assert clock.sleeps == [1.0, 2.0]


def test_404_says_there_is_no_correspondence_for_the_date_and_is_not_retried():
    transport = FakeTransport(http.HttpResponse(404, b'{"error":"Not Found","message":'
                                                     b'"no correspondence"}'))
    with pytest.raises(klass.KlassError, match=f"fant ingen korrespondanse 131 → 112 per "
                                               f"{TODAY} \\(HTTP 404\\).*no correspondence"):
        client(transport).corresponds_at("131", "112", TODAY)
    assert len(transport.calls) == 1


@pytest.mark.parametrize("body, expected", [
    (b'{"correspondenceMapping": []}',
     "svaret har endret struktur: forventet et JSON-objekt med «correspondenceItems»: en "
     "liste der hver rad har «sourceCode», «sourceName», «targetCode», «targetName»; fikk "
     "«correspondenceMapping»."),
    (b'{"correspondenceItems": [{"sourceCode": "3427", "sourceName": "Tynset", '
     b'"targetName": "KOSTRA-gruppe 2"}]}',
     "rad 1 i «correspondenceItems» mangler «targetCode»"),
    (b"<correspondenceItems/>", "svaret fra KLASS er ikke gyldig JSON"),
    (RAW[: len(RAW) // 2], "trolig avkortet underveis"),
])
def test_a_changed_structure_names_what_was_expected(body, expected):
    with pytest.raises(klass.KlassError) as exc:
        client(FakeTransport(ok(body))).corresponds_at("131", "112", TODAY)
    assert expected in str(exc.value)


def test_group_codes_map_to_the_ekg_codes_of_kommuner_csv():
    items = {"correspondenceItems": [
        {"sourceCode": "3427", "targetCode": "EKG02", "targetName": "KOSTRA-gruppe 2"},
        {"sourceCode": "3428", "targetCode": "2", "targetName": "KOSTRA-gruppe 2"},
        {"sourceCode": "3429", "targetCode": "11", "targetName": "Rogaland"},  # not a group
    ]}
    grupper = kl.grupper_fra_klass(json.dumps(items), "kilde")
    assert grupper == {"3427": ("EKG02", "kilde"), "3428": ("EKG02", "kilde")}


# -- hop ny -------------------------------------------------------------------------------


def test_hop_ny_fetches_tynsets_group_and_takes_the_peers_from_it(tmp_path, online, capsys):
    transport = FakeTransport(ok())
    online(transport)
    folder = tmp_path / "tynset"
    assert cli.main(["ny", "Tynset", "--mappe", str(folder)]) == 0
    out = capsys.readouterr().out
    assert len(transport.calls) == 1 and transport.calls[0]["url"] == URL
    got = rows(folder / "kommuner.csv")
    # the same county first, then number order, at most five: Holtålen (50) is left out
    assert [(r["kommunenummer"], r["kostragruppe"]) for r in got] == [
        ("3427", "EKG02"), ("3424", "EKG02"), ("3426", "EKG02"), ("3428", "EKG02"),
        ("3429", "EKG02"), ("3430", "EKG02"), ("EKG02", ""), ("EAKUO", "")]
    kilde = (f"SSB KLASS, korrespondanse 131 (kommuneinndeling) → 112 (KOSTRA-grupper) per "
             f"{TODAY}, hentet {TODAY} (kilder/klass/131-112-correspondsAt-{TODAY}.json)")
    assert got[0]["kilde"].endswith(f"; KOSTRA-gruppe: {kilde}")
    assert all(r["kilde"].endswith(kilde) for r in got[1:6])
    assert "samme KOSTRA-gruppe (EKG02)" in got[1]["kilde"]
    assert (folder / f"kilder/klass/131-112-correspondsAt-{TODAY}.json").read_bytes() == RAW
    query = json.loads((folder / f"kilder/klass/131-112-correspondsAt-{TODAY}.query.json")
                       .read_text(encoding="utf-8"))
    assert query["url"] == URL
    assert "KOSTRA-gruppene er hentet fra SSB KLASS" in out
    assert "KOSTRA-gruppene er hentet fra SSB KLASS; svaret og spørringen ligger i " \
        "`kilder/klass/`" in (folder / "LES-MEG.md").read_text(encoding="utf-8")
    assert "står ikke i kommunelisten" not in out
    assert "Sammenligning: Rendalen (3424), Tolga (3426), Alvdal (3428)" in out


def test_the_fetched_groups_go_before_the_shipped_list(tmp_path, online):
    # Røros is EKG11 in the shipped list, so nothing is fetched for Røros itself; for
    # Holtålen (no group in the list) the answer's groups replace the list's, Røros too.
    online(FakeTransport(ok()))
    folder = tmp_path / "holtalen"
    assert cli.main(["ny", "5026", "--mappe", str(folder), "--maks-sammenligning", "6"]) == 0
    got = [(r["kommunenummer"], r["kostragruppe"]) for r in rows(folder / "kommuner.csv")]
    assert got[:7] == [("5026", "EKG02"), ("3424", "EKG02"), ("3426", "EKG02"),
                       ("3427", "EKG02"), ("3428", "EKG02"), ("3429", "EKG02"),
                       ("3430", "EKG02")]
    assert ("5025", "EKG05") not in got


def test_a_5xx_then_success_through_hop_ny(tmp_path, online):
    transport = FakeTransport(http.HttpResponse(502, b""), ok())
    clock = online(transport)
    assert cli.main(["ny", "3427", "--mappe", str(tmp_path / "t")]) == 0
    assert len(transport.calls) == 2 and clock.sleeps == [1.0]
    assert rows(tmp_path / "t" / "kommuner.csv")[0]["kostragruppe"] == "EKG02"


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "LES-MEG.md"}


def test_without_network_the_folder_and_message_are_as_before(tmp_path, online, capsys):
    transport = FakeTransport(ConnectionError("Name or service not known"))
    clock = online(transport)
    folder = tmp_path / "nett" / "tynset"
    assert cli.main(["ny", "Tynset", "--mappe", str(folder)]) == 0
    out = capsys.readouterr().out
    assert len(transport.calls) == 3 and clock.sleeps == [1.0, 2.0]
    assert "KOSTRA-gruppen til Tynset står ikke i kommunelisten" in out
    assert ("Fikk ikke hentet KOSTRA-gruppene: SSB KLASS: får ikke kontakt med SSB KLASS "
            "(Name or service not known). Sjekk nettforbindelsen. Ga opp etter 3 forsøk. "
            "Lagre svaret for hånd") in out
    assert f'curl -H "Accept: application/json" -o kostragrupper.json "{URL}"' in out
    assert "--kostragrupper kostragrupper.json" in out
    # nothing from the failed fetch, nothing left beside the folder
    assert not (folder / "kilder").exists()
    assert "hentet fra SSB KLASS" not in (folder / "LES-MEG.md").read_text(encoding="utf-8")
    assert [p.name for p in folder.parent.iterdir()] == ["tynset"]
    # the same files and bytes as a folder made with --uten-nett
    plain = tmp_path / "uten" / "tynset"
    assert cli.main(["ny", "Tynset", "--mappe", str(plain), "--uten-nett"]) == 0
    assert len(transport.calls) == 3  # --uten-nett asks nothing
    assert _listing(folder) == _listing(plain)
    assert [r["kommunenummer"] for r in rows(folder / "kommuner.csv")] == ["3427", "EAKUO"]


def test_a_changed_answer_through_hop_ny_names_what_was_expected(tmp_path, online, capsys):
    online(FakeTransport(ok(b'{"items": []}')))
    assert cli.main(["ny", "Tynset", "--mappe", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    assert "svaret har endret struktur: forventet et JSON-objekt med «correspondenceItems»" in out
    assert "fikk «items»" in out
    assert not (tmp_path / "t" / "kilder").exists()


def test_an_answer_with_numbers_outside_the_division_is_refused(tmp_path, online, capsys):
    doc = json.loads(RAW)
    doc["correspondenceItems"][3]["sourceCode"] = "0441"  # Oppdal before 2018
    online(FakeTransport(ok(json.dumps(doc).encode())))
    assert cli.main(["ny", "Tynset", "--mappe", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    assert "SSB KLASS: kommunenummer 0441 (i EKG02) finnes ikke i kommuneinndelingen" in out
    assert rows(tmp_path / "t" / "kommuner.csv")[0]["kostragruppe"] == ""


def test_no_fetch_when_the_group_is_known_or_a_file_is_given(tmp_path, online):
    transport = FakeTransport(ok())
    online(transport)
    assert cli.main(["ny", "5025", "--mappe", str(tmp_path / "roros")]) == 0
    assert cli.main(["ny", "Tynset", "--kostragrupper", str(FIXTURE),
                     "--mappe", str(tmp_path / "fil")]) == 0
    assert transport.calls == []
    assert not (tmp_path / "roros" / "kilder").exists()
    assert not (tmp_path / "fil" / "kilder").exists()
    subject = rows(tmp_path / "fil" / "kommuner.csv")[0]
    assert subject["kostragruppe"] == "EKG02"
    assert f"fra filen {FIXTURE.name}" in subject["kilde"]
    assert "hentet fra SSB KLASS" not in (tmp_path / "fil" / "LES-MEG.md").read_text("utf-8")


def test_the_environment_variable_keeps_hop_ny_offline(tmp_path, monkeypatch):
    transport = FakeTransport(ok())
    monkeypatch.setattr(ny, "klass_client_factory", lambda: client(transport))
    monkeypatch.setenv(ny.OFFLINE_ENV, "1")
    assert cli.main(["ny", "Tynset", "--mappe", str(tmp_path / "t")]) == 0
    monkeypatch.setenv(ny.OFFLINE_ENV, "0")  # "0" means: do fetch
    assert cli.main(["ny", "Tynset", "--mappe", str(tmp_path / "u")]) == 0
    assert len(transport.calls) == 1


def test_a_group_the_shipped_table_does_not_know_still_gets_its_line(tmp_path, online):
    doc = json.loads(RAW)
    for item in doc["correspondenceItems"]:
        if item["targetCode"] == "EKG02":
            item["targetCode"], item["targetName"] = "EKG18", "KOSTRA-gruppe 18"
    online(FakeTransport(ok(json.dumps(doc).encode())))
    assert cli.main(["ny", "3427", "--mappe", str(tmp_path / "t")]) == 0
    got = rows(tmp_path / "t" / "kommuner.csv")
    assert [(r["kommunenummer"], r["navn"], r["type"]) for r in got[-2:]] == [
        ("EKG18", "KOSTRA-gruppe 18", "kommunegruppe"),
        ("EAKUO", "Landet uten Oslo", "kommunegruppe")]
    assert got[-2]["kilde"].startswith("SSB KLASS, korrespondanse 131")
    assert [r["kommunenummer"] for r in got[1:6]] == ["3424", "3426", "3428", "3429", "3430"]
