"""The ingest layer: what brings figures into a data folder from outside.

- :mod:`helpers.ingest.sources`: public statistics (SSB's PxWebApi, KLASS,
  Miljødirektoratet's emission file) and the files ``hop hent`` writes from them;
- :mod:`helpers.ingest.workbook`: the workbook ``grunnlag.xlsx`` (``hop eksporter`` and
  ``hop importer``) for the municipality's own figures;
- :mod:`helpers.ingest.ledger`: ledger exports from the accounting system (``hop hovedbok``)
  into ``regnskap.csv`` and ``budsjett.csv``, with a profile per system;
- :mod:`helpers.ingest.kommuneliste`: every municipality of the current division, number
  changes and KOSTRA groups (``hop ny``);
- :mod:`helpers.ingest.kostra_extract`: the KOSTRA accounts file a municipality sends SSB.

Sits above :mod:`helpers.data` (it writes the files the data layer declares and validates)
and below :mod:`helpers.model`; used by the ``hop`` commands and, for the KOSTRA accounts
file, by the statements.
"""
