"""The reports layer: one package per report, each with the same parts.

``helpers.reports.<rapport>`` is the entry point its notebook calls (it re-exports the
parts); inside it, ``analysis`` computes the figures from data and model, ``text`` writes
the generated sentences, ``charts`` builds the charts, and ``keys`` the key figures for
``nokkeltall.csv``. A report imports the layers below it (model, data, presentation) and no
other report, except where one report shows another's analysis as it is (alternativer
compares the plan through finans and handlingsregler).
"""
