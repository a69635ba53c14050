"""The build layer: the ``hop`` command and everything that turns notebooks into a pack.

- :mod:`helpers.build.cli`: the ``hop`` command;
- :mod:`helpers.build.runner`: building reports (parameters, workers, manifest, key figures);
- :mod:`helpers.build.engine`: the in-process Papermill engine;
- :mod:`helpers.build.fingerprint`: what a report's build depended on (incremental builds);
- :mod:`helpers.build.parametre`: parameter checks against notebooks and data;
- :mod:`helpers.build.export`: HTML and PDF export (nbconvert, WeasyPrint);
- :mod:`helpers.build.interactive`: the ``--interaktiv`` HTML with live charts;
- :mod:`helpers.build.appendix`: the combined appendix ``vedlegg.pdf``;
- :mod:`helpers.build.nokkeltall_xlsx`: the key-figure workbook;
- :mod:`helpers.build.lockfile`: installed versions against ``requirements.lock``;
- :mod:`helpers.build.utforsk`: the function index for ``notebooks/utforsk.ipynb``.

The top layer: it may import every layer below, and nothing imports it.
"""
