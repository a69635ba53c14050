"""issue 21: the municipality list shipped with the package (helpers.ingest.kommuneliste)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from helpers.ingest import kommuneliste as kl


def test_the_list_has_the_357_municipalities_of_2024_with_unique_numbers():
    ks = kl.kommuner()
    assert len(ks) == 357
    assert len({k.kommunenummer for k in ks}) == 357
    assert all(len(k.kommunenummer) == 4 and k.kommunenummer.isdigit() for k in ks)
    assert "9999" not in {k.kommunenummer for k in ks}  # KLASS' «Uoppgitt» is not one
    # every number starts with its county's number, and the 2024 counties are all there
    assert all(k.kommunenummer[:2] == k.fylkesnummer for k in ks)
    per_county = Counter(k.fylke for k in ks)
    assert len(per_county) == 15
    # the three counties split on 1.1.2024 (Viken 51, Vestfold og Telemark 23, Troms og
    # Finnmark 39 municipalities) are split in full
    assert per_county["Østfold"] + per_county["Akershus"] + per_county["Buskerud"] == 51
    assert per_county["Vestfold"] + per_county["Telemark"] == 23
    assert per_county["Troms"] + per_county["Finnmark"] == 39


def test_roros_tynset_and_the_known_groups_are_as_their_sources_say():
    by = kl.etter_nummer()
    roros, tynset = by["5025"], by["3427"]
    assert (roros.navn, roros.fylke) == ("Røros - Rosse", "Trøndelag")
    assert (tynset.navn, tynset.fylke) == ("Tynset", "Innlandet")
    assert roros.kostragruppe == "EKG11" and "HØP 2024–2027" in roros.kostragruppe_kilde
    # no source in the list gives Tynset's group: it is left empty, never guessed
    assert tynset.kostragruppe is None and tynset.kostragruppe_kilde == ""
    assert by["0301"].kostragruppe == "EKG13"   # SSB: group 13 is Oslo
    assert by["1508"].kostragruppe == "EKG11"   # SSB: Ålesund stays in group 11
    assert by["1580"].kostragruppe == "EKG01"   # SSB: Haram placed in group 1 from 2024
    assert all(k.kostragruppe_kilde for k in kl.kommuner() if k.kostragruppe)


def test_the_17_kostra_groups_sum_to_357_and_no_group_has_more_members_than_ssb_says():
    groups = kl.kostragrupper()
    assert list(groups) == [f"EKG{n:02d}" for n in range(1, 18)]
    assert sum(g.antall_kommuner for g in groups.values()) == 357
    assert groups["EKG01"].antall_kommuner == 40 and groups["EKG13"].antall_kommuner == 1
    assert groups["EKG11"].navn == "KOSTRA-gruppe 11"
    for code, g in groups.items():
        assert len(kl.medlemmer(code)) <= g.antall_kommuner, code
    assert {k.kostragruppe for k in kl.kommuner()} - {None} <= set(groups)


def test_old_numbers_are_understood_and_named():
    hit = kl.finn("3001")
    assert hit.kommune.kommunenummer == "3101" and hit.kommune.navn == "Halden"
    assert hit.merknad.startswith("3001 er nå 3101 Halden")
    assert kl.finn("5444").kommune.navn == "Sør-Varanger"       # Troms og Finnmark → 5605
    assert kl.finn("5444").kommune.kommunenummer == "5605"
    assert kl.finn("3818").kommune.kommunenummer == "4026"      # Tinn went to Telemark
    assert kl.finn("5001").kommune.navn == "Trondheim - Tråante"  # unchanged, no note
    assert kl.finn("5001").merknad == ""
    with pytest.raises(kl.UkjentKommune, match=r"1507 ble delt .*Ålesund \(1508.*Haram \(1580"):
        kl.finn("1507")
    # every old number points at a municipality of 2024, and none two at one
    changes = [e for e in kl.endringer() if e.endring == "nytt_nummer"]
    assert len(changes) == 113
    assert len({e.nytt_nummer for e in changes}) == 113
    assert all(e.nytt_nummer in kl.etter_nummer() for e in kl.endringer())


def test_numbers_from_before_2020_are_followed_to_today():
    hit = kl.finn("0101")  # Halden: 3001 in 2020, 3101 in 2024
    assert hit.kommune.kommunenummer == "3101"
    assert hit.merknad == ("0101 er nå 3101 Halden (nummeret ble endret: 3001 fra 1.1.2020, "
                           "3101 fra 1.1.2024).")
    assert kl.finn("1640").kommune.kommunenummer == "5025"  # Røros until 2017
    hit = kl.finn("1601")  # Trondheim: 5001 in 2018, Klæbu merged in in 2020
    assert hit.merknad.endswith("(nummeret ble endret: 5001 fra 1.1.2018 (sammenslåing "
                                "1.1.2020)).")
    assert kl.finn("1662").merknad.endswith("5030 fra 1.1.2018, 5001 fra 1.1.2020 "
                                            "(sammenslåing)).")  # Klæbu
    assert kl.finn("0124").kommune.kommunenummer == "3118"  # Askim → Indre Østfold
    with pytest.raises(kl.UkjentKommune, match=r"5012 ble delt 1.1.2020; i dag hører det til "
                                               r"Heim \(5055.*Hitra \(5056.*Orkland \(5059"):
        kl.finn("5012")  # Snillfjord
    with pytest.raises(kl.UkjentKommune, match="endret siden 2018"):
        kl.finn("0999")


def test_names_are_found_without_regard_to_case_diacritics_or_the_word_kommune():
    assert kl.finn("tynset").kommune.kommunenummer == "3427"
    assert kl.finn("ROROS").kommune.kommunenummer == "5025"
    assert kl.finn("Rosse").kommune.kommunenummer == "5025"       # the Sami name
    assert kl.finn("Tromso kommune").kommune.kommunenummer == "5501"
    assert kl.finn("Karasjok").kommune.kommunenummer == "5610"
    assert kl.finn("Os (Hedm.)").kommune.kommunenummer == "3430"  # as KOSTRA writes it
    assert kl.finn(301).kommune.kommunenummer == "0301"


def test_an_ambiguous_name_names_both_candidates_in_bokmal():
    with pytest.raises(kl.UkjentKommune) as exc:
        kl.finn("Herøy")
    msg = str(exc.value)
    assert "Herøy (Møre og Romsdal) (1515)" in msg and "Herøy (Nordland) (1818)" in msg
    assert "Oppgi kommunenummeret" in msg
    assert kl.finn("Herøy (Nordland)").kommune.kommunenummer == "1818"
    with pytest.raises(kl.UkjentKommune, match=r"Våler \(Østfold\) \(3114\).*Våler "
                                               r"\(Innlandet\) \(3419\)"):
        kl.finn("våler")


def test_an_unknown_name_or_number_is_a_bokmal_message():
    with pytest.raises(kl.UkjentKommune, match="Finner ingen kommune som heter «Atlantis»"):
        kl.finn("Atlantis")
    with pytest.raises(kl.UkjentKommune, match="Finner ikke kommunenummer 9999"):
        kl.finn("9999")


def test_the_list_ships_with_the_package():
    """The files are package data (pyproject), read through importlib.resources."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml")
                              .read_text(encoding="utf-8"))
    data = pyproject["tool"]["setuptools"]["package-data"]["helpers.ingest.kommuneliste"]
    assert "*.csv" in data


KLASS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "klass" / \
    "131-112-correspondsAt-utdrag.json"


def test_kostra_groups_are_read_from_a_klass_correspondence_in_either_shape():
    import json

    text = KLASS_FILE.read_text(encoding="utf-8")
    groups = kl.grupper_fra_klass(text, "KLASS-fil")
    assert groups == {"0301": ("EKG13", "KLASS-fil"), "1508": ("EKG11", "KLASS-fil"),
                      "1580": ("EKG01", "KLASS-fil"), "4601": ("EKG12", "KLASS-fil")}
    # the correspondence table endpoint, and the other direction (112 → 131), give the same
    items = json.loads(text)["correspondenceItems"]
    flipped = [{"sourceCode": i["targetCode"], "targetCode": i["sourceCode"]} for i in items]
    assert kl.grupper_fra_klass(json.dumps({"correspondenceMaps": flipped}), "KLASS-fil") \
        == groups
    updated = {k.kommunenummer: k for k in kl.med_grupper(groups)}
    assert updated["1580"].kostragruppe == "EKG01" and updated["1580"].kostragruppe_kilde == \
        "KLASS-fil"
    assert updated["5025"].kostragruppe == "EKG11"  # not in the file: the list's own stays
    assert kl.etter_nummer()["4601"].kostragruppe_kilde != "KLASS-fil"  # list unchanged


@pytest.mark.parametrize("text,expected", [
    ('{"codes": []}', "forventet en korrespondanse fra KLASS"),
    ("ikke json", "forventet en korrespondanse fra KLASS"),
    ('{"correspondenceItems": [{"sourceCode": "1507", "targetCode": "EKG11"}]}',
     "kommunenummer 1507 (i EKG11) finnes ikke i kommuneinndelingen for 2024"),
    ('{"correspondenceItems": [{"sourceCode": "3427", "targetCode": "EKG01"},'
     ' {"sourceCode": "3427", "targetCode": "EKG02"}]}',
     "kommunenummer 3427 står i både EKG01 og EKG02"),
    ('{"correspondenceItems": [{"sourceCode": "3427", "targetCode": "34"}]}',
     "fant ingen rader med KOSTRA-gruppe"),
])
def test_a_klass_file_of_another_shape_is_a_bokmal_message(text, expected):
    with pytest.raises(ValueError, match=re.escape(expected)):
        kl.grupper_fra_klass(text, "x")
