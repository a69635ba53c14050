"""Hostile YAML (issue 29, point 7): a syntax error or a ``!!python`` tag in an alternative
or a parameter file is refused in bokmål, naming file, line, column and the line's text –
no English from PyYAML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.data.yamltext import describe

ROOT = Path(__file__).resolve().parents[3]
ENGLISH = ("constructor", "expected", "found", "while ", "mapping", "could not", "scanning",
           "parsing", "tag:yaml.org")


def _error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as err:
        yaml.safe_load(text)
    return err.value


@pytest.mark.parametrize("text, where, what", [
    # the unclosed list is named where it opens (line 2, column 14), not at the end of file
    ("kommune: Røros\nbudsjettaar: [2024\n", "linje 2, kolonne 14 («budsjettaar: [2024»)",
     "ikke lukket med «]»"),
    ("kommune: !!python/object/apply:os.system ['echo hei']\n", "linje 1, kolonne 10",
     "taggen «!!python/object/apply:os.system» er ikke tillatt"),
    ("navn: x\nbeskrivelse: Tid: 10\n", "linje 2, kolonne 17", "et kolon (:) der det ikke"),
    ("navn: 'Skole\n", "linje 1, kolonne 7", "anførselstegnet som begynner her"),
    ("navn: x\n\tendringer: 1\n", "linje 2, kolonne 1", "tabulator"),
    ("navn: x\n---\nnavn: y\n", "linje 2, kolonne 1", "mer enn ett dokument"),
    ("rammer:\n  - a\n b: 1\n", "linje 3, kolonne 2", "innrykket stemmer ikke"),
])
def test_yaml_errors_in_bokmal_with_file_line_column_and_text(text, where, what):
    message = describe(_error(text), "alternativer/x.yaml")
    assert message.startswith(f"alternativer/x.yaml, {where}")
    assert what in message
    assert not any(word in message for word in ENGLISH), message


def test_an_unknown_problem_still_has_no_english():
    class Odd(yaml.MarkedYAMLError):
        pass

    exc = _error("a: [1\n")
    odd = Odd(problem="something PyYAML may say one day", problem_mark=exc.problem_mark)
    message = describe(odd, "p.yaml")
    assert message.startswith("p.yaml, linje 2, kolonne 1: filen er ikke gyldig YAML")
    assert "something" not in message


@pytest.mark.parametrize("body, message", [
    ("navn: X\nbeskrivelse: !!python/object/apply:os.system ['echo hei']\n",
     "x.yaml, linje 2, kolonne 14 («beskrivelse: !!python/object/apply:os.system ['echo "
     "hei']»): taggen «!!python/object/apply:os.system» er ikke tillatt"),
    ("navn: X\nendringer: [1, 2\n", "x.yaml, linje 2, kolonne 12 («endringer: [1, 2»): listen som "
     "begynner med «[» her, er ikke lukket med «]»."),
])
def test_alternative_file_refused_in_bokmal(tmp_path, body, message):
    from helpers.data.load import load_data
    from helpers.reports.alternativer import analysis as A

    f = tmp_path / "x.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(A.AlternativeError) as err:
        A.analyse(load_data(ROOT / "data"), "Røros", 2024, [f])
    assert message in str(err.value)
    assert not any(word in str(err.value) for word in ENGLISH)


def test_parameter_file_with_python_tag_is_refused_in_bokmal(tmp_path):
    params = tmp_path / "parametre.yaml"
    params.write_text("kommune: Røros\nbudsjettaar: !!python/object/apply:os.system "
                      "['touch " + str(tmp_path / "kjort") + "']\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "build", "kostra",
                          "--data", str(ROOT / "data"), "--params", str(params),
                          "--out", str(tmp_path / "ut")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert (f"hop: feil: {params}, linje 2, kolonne 14 («budsjettaar: "
            "!!python/object/apply:os.system") in run.stderr
    assert "taggen «!!python/object/apply:os.system» er ikke tillatt" in run.stderr
    assert not any(word in run.stderr for word in ENGLISH)
    assert not (tmp_path / "kjort").exists()
    assert not (tmp_path / "ut" / "manifest.json").exists()
