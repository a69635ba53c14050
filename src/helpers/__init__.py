"""hop-rapporter: a municipality's budget and accounts turned into council reports.

Five layers, each a package that imports only the layers below it (lowest first; the README
and CONTRIBUTING.md have the same table, and ``tests/test_layers.py`` enforces it):

- :mod:`helpers.presentation`: number format, chart theme, tables and notices, key-figure
  frames — how figures look, for every layer;
- :mod:`helpers.data`: file specs, loading and validation, read tracking, years covered,
  municipalities, project paths;
- :mod:`helpers.model`: the municipality's economy year by year and everything several
  reports share (brutto driftsinntekter, the rules and their status, the investment
  programme, financing, loans and the debt path);
- :mod:`helpers.reports`: one package per report (``analysis``, ``tables``, ``text``,
  ``charts``, ``keys`` and the entry point its notebook calls);
- :mod:`helpers.build`: the ``hop`` command, the runner, export and the appendix.

The module names from before the layers (``helpers.handlingsregler``, ``helpers.charts``,
``helpers.formatting`` …) still work for advisors' own notebooks: ``from helpers import
handlingsregler`` gives :mod:`helpers.reports.handlingsregler`, and so on (see
``_MOVED``). New code imports the layer paths.
"""

import importlib

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


def __getattr__(name: str):
    """``helpers.<old module name>`` → the module's place in the layers."""
    if name in _MOVED:
        return importlib.import_module(_MOVED[name])
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
