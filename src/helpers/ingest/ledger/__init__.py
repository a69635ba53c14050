"""Ledger exports from the municipality's accounting system (Visma Enterprise, Unit4/Agresso,
Xledger …) into ``regnskap.csv`` and ``budsjett.csv`` (``hop hovedbok``).

- :mod:`.profile`: a small TOML file per system saying which columns hold what (shipped in
  ``profiles/``; docs/bruk/hovedbok.md shows how to write one);
- :mod:`.reading`: the export (CSV or .xlsx) as rows, and amounts, codes and periods as
  exports write them;
- :mod:`.mapping`: rows to ledger lines with KOSTRA art and funksjon;
- :mod:`.importing`: units, reconciliation, ansvar, and the atomic write.
"""

from helpers.ingest.ledger.importing import KINDS, VERSIONS, LedgerResult, import_ledger
from helpers.ingest.ledger.profile import Profile, ProfileError, available, load_profile
from helpers.ingest.ledger.reading import LedgerError

__all__ = ["KINDS", "VERSIONS", "LedgerError", "LedgerResult", "Profile", "ProfileError",
           "available", "import_ledger", "load_profile"]
