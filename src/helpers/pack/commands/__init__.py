"""Extra ``hop`` sub-commands, one module each (``hop ny``, ``hop hent`` …).

A module here is found by :func:`discover` and needs three names:

- ``NAME``: the sub-command as typed (``"ny"``);
- ``add_parser(sub, formatter)``: adds its parser to argparse's sub-parsers ``sub`` with
  ``sub.add_parser(NAME, formatter_class=formatter, add_help=False, ...)`` and bokmål help;
- ``run(args) -> int``: runs it and returns the exit code.

So a new command is a new file, and :mod:`helpers.pack.cli` never needs editing for it.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def discover() -> list[ModuleType]:
    """The command modules in this package, sorted by module name."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if all(hasattr(module, n) for n in ("NAME", "add_parser", "run")):
            found.append(module)
    return found
