"""Ledger exports from the municipality's accounting system (Visma Enterprise, Unit4/Agresso,
Xledger …) into ``regnskap.csv`` and ``budsjett.csv`` (``hop hovedbok``).

- :mod:`.profile`: a small TOML file per system saying which columns hold what (shipped in
  ``profiles/``; docs/bruk/hovedbok.md shows how to write one);
- :mod:`.reading`: the export (CSV or .xlsx) as rows, and amounts, codes and periods as
  exports write them;
- :mod:`.mapping`: rows to ledger lines with KOSTRA art and funksjon;
- :mod:`.importing`: units, reconciliation, ansvar, and the atomic write.
"""

import importlib

# The public names and the module each lives in. Loaded on first use, so that reading the
# profile names (``hop --help``) does not import pandas through the importer.
_NAMES = {
    "KINDS": "importing", "VERSIONS": "importing", "LedgerResult": "importing",
    "import_ledger": "importing", "Profile": "profile", "ProfileError": "profile",
    "available": "profile", "load_profile": "profile", "LedgerError": "reading",
}
__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
