"""The build layer: the ``hop`` command and everything that turns notebooks into a pack.

- :mod:`helpers.pack.cli`: the ``hop`` command;
- :mod:`helpers.pack.runner`: building reports (parameters, workers, manifest, key figures);
- :mod:`helpers.pack.many`: ``hop build --mapper``: every data folder of a set, one task
  each, on a local process pool or a Dask distributed cluster;
- :mod:`helpers.pack.engine`: the in-process Papermill engine;
- :mod:`helpers.pack.fingerprint`: what a report's build depended on (incremental builds);
- :mod:`helpers.pack.parametre`: parameter checks against notebooks and data;
- :mod:`helpers.pack.export`: HTML and PDF export (nbconvert, WeasyPrint);
- :mod:`helpers.pack.interactive`: the ``--interaktiv`` HTML with live charts;
- :mod:`helpers.pack.appendix`: a council document's layout (cover, contents, reports) and
  ``index.html``, ``merknader.md``;
- :mod:`helpers.pack.cases`: the council cases (one document each: ``vedlegg.pdf``,
  ``tertialrapport.pdf`` …) and the marking of example data (``eksempel.txt``);
- :mod:`helpers.pack.documents`: the documents of a build, one per case;
- :mod:`helpers.pack.kontroll`: ``kontroll.md``, the checks of the municipality's own tables;
- :mod:`helpers.pack.nokkeltall_xlsx`: the key-figure workbook;
- :mod:`helpers.pack.lockfile`: installed versions against ``requirements.lock``;
- :mod:`helpers.pack.utforsk`: the function index for ``notebooks/utforsk.ipynb``.

The top layer: it may import every layer below, and nothing imports it.
"""
