"""hop-rapporter: a municipality's budget and accounts turned into council reports.

Six layers, each a package that imports only the layers below it (lowest first;
``docs/utvikling/arkitektur.md`` has the same table, and ``tests/unit/project/test_layers.py``
enforces it):

- :mod:`helpers.presentation`: number format, chart theme, tables and notices, key-figure
  frames — how figures look, for every layer;
- :mod:`helpers.data`: file specs, loading and validation, read tracking, years covered,
  municipalities, project paths;
- :mod:`helpers.ingest`: what brings figures in from outside (SSB, KLASS,
  Miljødirektoratet, the workbook, the municipality list, the KOSTRA accounts file);
- :mod:`helpers.model`: the municipality's economy year by year and everything several
  reports share (brutto driftsinntekter, the rules and their status, the investment
  programme, financing, loans and the debt path);
- :mod:`helpers.reports`: one package per report (``analysis``, ``tables``, ``text``,
  ``charts``, ``keys`` and the entry point its notebook calls);
- :mod:`helpers.pack`: the top layer that makes the pack: the ``hop`` command, the runner,
  export and the appendix.

The module names from before the layers (``helpers.handlingsregler``, ``helpers.charts``,
``helpers.formatting`` …) still work for advisors' own notebooks: ``from helpers import
handlingsregler`` gives :mod:`helpers.reports.handlingsregler`, and so on (see
``_MOVED``). The top layer was called ``helpers.build`` and the ingest modules lived under
``helpers.data``; those import paths still work too (see ``_RENAMED``). New code imports the
layer paths.
"""

import importlib
import importlib.abc
import importlib.util
import sys

_MOVED = {
    "handlingsregler": "helpers.reports.handlingsregler",
    "handlingsregler_rapport": "helpers.reports.handlingsregler",
    "finans": "helpers.reports.finans",
    "investering": "helpers.reports.investering",
    "kostra": "helpers.reports.kostra",
    "klima": "helpers.reports.klima",
    "befolkning": "helpers.reports.befolkning",
    "tertial": "helpers.reports.tertial",
    "alternativer": "helpers.reports.alternativer",
    "charts": "helpers.presentation.charts",
    "formatting": "helpers.presentation.formatting",
    "report": "helpers.presentation.report",
    "nokkeltall": "helpers.presentation.nokkeltall",
    "kommuner": "helpers.data.kommuner",
    "coverage": "helpers.data.coverage",
    "specs": "helpers.data.specs",
    "paths": "helpers.data.paths",
}

# Old package prefixes → new ones: ``import helpers.build.cli`` gives the module
# ``helpers.pack.cli`` itself (one module object, not a copy).
_RENAMED = {
    "helpers.build": "helpers.pack",
    "helpers.data.sources": "helpers.ingest.sources",
    "helpers.data.workbook": "helpers.ingest.workbook",
    "helpers.data.kommuneliste": "helpers.ingest.kommuneliste",
    "helpers.data.kostra_extract": "helpers.ingest.kostra_extract",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass


class _RenamedFinder(importlib.abc.MetaPathFinder):
    """Finds a module under its old name and hands out the module under its new one."""

    def find_spec(self, fullname, path=None, target=None):
        for old, new in _RENAMED.items():
            if fullname == old or fullname.startswith(old + "."):
                target_name = new + fullname[len(old):]
                if importlib.util.find_spec(target_name) is None:
                    return None
                return importlib.util.spec_from_loader(fullname, _AliasLoader(target_name))
        return None


if not any(isinstance(f, _RenamedFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _RenamedFinder())


def __getattr__(name: str):
    """``helpers.<old module name>`` → the module's place in the layers."""
    if name in _MOVED:
        return importlib.import_module(_MOVED[name])
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
