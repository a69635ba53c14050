"""issue 30: each data file's validated frame is kept between processes
(helpers.data.reads), so a build validates only what changed. What it rests on must hold:
the frame from the cache is the frame validation gives; a changed file, a changed list of
municipalities or changed code validates again; a file with errors is reported every time
and never kept."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import DATA_DIR

from helpers.data import load as load_module
from helpers.data import reads
from helpers.data.load import DataError, load_data


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the project's data and an empty cache of its own; the per-process cache
    emptied before each load (as in a new process); every validation counted."""
    monkeypatch.setenv("HOP_HURTIGLAGER", str(tmp_path / "lager"))
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    validated: list[str] = []
    real = load_module.validate_frame

    def counting(spec, df, *args, **kwargs):
        validated.append(spec.name)
        return real(spec, df, *args, **kwargs)

    monkeypatch.setattr(load_module, "validate_frame", counting)
    return data, validated


def _load(data):
    reads._CACHE.clear()  # a new process
    return load_data(data)


def test_a_second_process_takes_every_frame_from_the_cache_unchanged(folder):
    data, validated = folder
    first = dict(_load(data))
    assert len(validated) == len(first) > 20
    second = dict(_load(data))
    assert len(validated) == len(first), "validated again although nothing changed"
    assert second.keys() == first.keys()
    for name, df in first.items():
        pd.testing.assert_frame_equal(second[name], df, check_exact=True)
    # a real figure, through the cache: Røros' KOSTRA indicators are still there
    assert (second["kostra"]["kommunenummer"] == "5025").any()


def test_a_changed_file_alone_is_validated_again_with_its_new_figures(folder):
    data, validated = folder
    first = dict(_load(data))
    n = len(validated)
    path = data / "kostra.csv"
    text = path.read_text(encoding="utf-8")
    head, first_row, rest = text.split("\n", 2)
    path.write_text("\n".join([head, first_row, rest]) + "\n", encoding="utf-8")  # same
    again = dict(_load(data))
    assert validated[n:] == ["kostra.csv"]  # its bytes changed (a line end), nothing else
    pd.testing.assert_frame_equal(again["kostra"], first["kostra"])


def test_another_list_of_municipalities_validates_every_file_naming_them(folder):
    data, validated = folder
    _load(data)
    n = len(validated)
    path = data / "kommuner.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same rows
    _load(data)
    assert validated[n:] == ["kommuner.csv"]  # the same municipalities: nothing else
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + '\n5001,Trondheim,kommune,'
                    ',,"SSBs standard for kommuner 2024"\n', encoding="utf-8")
    _load(data)
    assert len(validated) == 2 * n + 1  # every file again: the known municipalities changed


def test_changed_code_validates_again(folder, monkeypatch):
    data, validated = folder
    _load(data)
    n = len(validated)
    monkeypatch.setitem(reads._SOURCE, "kode", "en annen versjon av koden")
    _load(data)
    assert len(validated) == 2 * n


def test_a_file_with_an_error_is_reported_each_time_and_never_kept(folder, tmp_path):
    data, validated = folder
    path = data / "kostra.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("verdi")] = "mye"
    path.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n",
                    encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(DataError) as err:
            _load(data)
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "kostra.csv" in messages[0]
    assert "linje 2" in messages[0] and "mye" in messages[0]
    assert validated.count("kostra.csv") == 2
    kept = list((tmp_path / "lager" / reads.VALIDATED_FOLDER).glob("*.pickle"))
    assert len(kept) == len(set(validated)) - 1  # every file but kostra.csv
