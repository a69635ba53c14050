"""The sub-commands found in helpers.pack.commands: all present, and help in bokmål."""

from __future__ import annotations

import contextlib
import io

import pytest

from helpers.pack.cli import _parser
from helpers.pack.commands import discover

ENGLISH = ("positional arguments", "options:", "usage:", "show this help")


def test_the_data_commands_are_found():
    assert {c.NAME for c in discover()} >= {"ny", "hent", "importer", "eksporter"}


@pytest.mark.parametrize("name", ["build", "validate", "list",
                                  *sorted(c.NAME for c in discover())])
def test_help_is_in_bokmal(name):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        _parser().parse_args([name, "--help"])
    assert exit_.value.code == 0
    text = out.getvalue()
    assert text.startswith("Bruk: hop " + name)
    for word in ENGLISH:
        assert word not in text, (name, word)
