"""The presentation layer: how figures look, for every report and every other layer.

- :mod:`helpers.presentation.formatting`: Norwegian number format (1 234,5 and 4,2 %);
- :mod:`helpers.presentation.charts`: the chart theme, palette and static SVG rendering;
- :mod:`helpers.presentation.report`: tables, notices and key facts in a notebook;
- :mod:`helpers.presentation.merknad`: a notice's council part and maintainer part;
- :mod:`helpers.presentation.nokkeltall`: the key-figure frame and CSV writer;
- :mod:`helpers.presentation.provenance`: what a figure rests on (plan, regnskap,
  statistikk, beregnet, anslag, eksempel), how sums combine it, and the mark and legend a
  table shows for an estimate.

It is the bottom layer: it knows nothing of data files, municipalities or reports and
imports no other layer of ``helpers``.
"""
